"""`saydo clients …`: the client book (import, list, show, add, add-person, remove, export), the names saydo spells
right and favours when it listens; `show` puts everything filed about a client at a glance."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..private import secure_home
from . import output
from .base import JsonOpt, NowOpt, TzOpt, cli, config, fail, reference_time, write_out
from .output import safe

clients_cli = typer.Typer(help="The client book: clients and people whose names saydo should spell right.",
                          no_args_is_help=True)
cli.add_typer(clients_cli, name="clients")

AliasOpt = Annotated[list[str] | None, typer.Option("--alias", help="Another spelling of the name; repeat.")]
CompanyOpt = Annotated[str | None, typer.Option("--company", help="The client the person works for.")]
FormatOpt = Annotated[str | None, typer.Option("--format", "-f", help="markdown or csv: the overview as a file.")]


@contextmanager
def _store() -> Iterator[Any]:
    """The user's store, created if the client book is the first thing saydo stores."""
    from records import Store, StoreError

    _, paths = config()
    secure_home(paths)
    try:
        store = Store.open(paths.db_path)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    try:
        yield store
    except StoreError as exc:  # BookError, NotInBook and StoreLocked among them: each says what went wrong
        raise fail(str(exc)) from exc
    finally:
        store.close()


@contextmanager
def _book() -> Iterator[Any]:
    """The client book in the user's store."""
    from records import ClientBook

    with _store() as store:
        yield ClientBook(store)


@clients_cli.command("import")
def clients_import(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx (header client,contacts[,aliases,title]) or .vcf.")],
    as_json: JsonOpt = False,
) -> None:
    """Add the clients and people in a file to the book; rows that cannot be read are reported and skipped."""
    from records.client_files import ClientFileError, read_client_file

    try:
        read = read_client_file(file)
    except ClientFileError as exc:
        raise fail(str(exc)) from exc
    with _book() as book:
        changes = book.import_rows(read.rows)
    problems = sorted([*read.problems, *changes.problems], key=lambda problem: problem.line)
    if as_json:
        output.json_line({**_changes_json(changes), "problems": [dataclasses.asdict(p) for p in problems]})
    else:
        output.out.print(f"{safe(file.name)}: {_changes_text(changes)}")
    for problem in problems:
        output.warn(f"line {problem.line}: {problem.reason} (skipped)")
    if problems and len(problems) == len(read.rows) + len(read.problems):
        raise fail(f"nothing imported from {file.name}: no row could be read")


@clients_cli.command("list")
def clients_list(as_json: JsonOpt = False) -> None:
    """Every client with its people, then the people with no company."""
    from rich.table import Table

    with _book() as book:
        contents = book.list()
    if as_json:
        for client in contents.clients:
            output.json_line(_client_json(client))
        for person in contents.people:
            output.json_line(_person_json(person))
        return
    if not contents.clients and not contents.people:
        output.info("the client book is empty; add to it with `saydo clients import FILE` or `saydo clients add`")
        return
    table = Table("client", "aliases", "people", "uses", "last used")
    for client in contents.clients:
        table.add_row(safe(client.name), safe(", ".join(client.aliases)),
                      "\n".join(_person_line(p) for p in client.people),
                      str(client.uses), _day(client.last_used_at))
    for person in contents.people:
        table.add_row("—", "", _person_line(person), str(person.uses), _day(person.last_used_at))
    output.out.print(table)


@clients_cli.command("show")
def clients_show(
    name: Annotated[str, typer.Argument(help="A client's or a person's name (or alias).")],
    company: CompanyOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
    out_file: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Count drafts too, not only confirmed records.")] = False,
    now: NowOpt = None,
    tz: TzOpt = None,
) -> None:
    """A client at a glance: its people, every record naming it in time order, deals per currency, the last visit,
    the follow-ups (overdue first) and attachments; a name not in the book works too. Or one person."""
    from records import Client, ClientBook, NotInBook
    from records.client_report import FORMATS, ReportError, export_overview
    from records.client_view import client_overview

    if fmt is not None and (as_json or fmt not in FORMATS):
        raise fail(f"--format is one of {', '.join(FORMATS)}, and not with --json", 2)
    settings, _ = config()
    moment = reference_time(now, tz, settings)
    with _store() as store:
        try:
            entry: Any = ClientBook(store).get(name, company)
        except NotInBook:
            if company is not None:
                raise
            entry = None
        if entry is not None and not isinstance(entry, Client):
            if fmt is not None:
                raise fail(f"{entry.name} is a person; --format writes a client's overview", 2)
            _print_person(entry, as_json)
            return
        overview = client_overview(store, name, moment, statuses=("confirmed", "draft") if drafts else ("confirmed",))
        if entry is None and not overview.records:
            raise NotInBook(f"{name!r} is not in the client book, and no {'' if drafts else 'confirmed '}record "
                            "names it")
    if fmt is not None:
        try:
            data = export_overview(overview, fmt)
        except ReportError as exc:
            raise fail(str(exc), 2) from exc
        if write_out(data, out_file):
            output.info(f"wrote {overview.name}'s overview ({_count(len(overview.records), 'record', 'records')}) "
                        f"to {out_file}")
        return
    if as_json:
        output.json_line({**(_client_json(entry) if entry is not None else {"kind": "client"}), **overview.to_dict()})
        return
    _print_overview(entry, overview)


def _print_person(person: Any, as_json: bool) -> None:
    if as_json:
        output.json_line(_person_json(person))
        return
    at = f" at {safe(person.company)}" if person.company else ""
    output.out.print(f"[bold]{safe(person.name)}[/]{_title_text(person.title)}{at}{_aliases_text(person.aliases)}; "
                     f"{_uses_text(person)}")


def _print_overview(client: Any, overview: Any) -> None:
    from rich.table import Table

    if client is not None:
        output.out.print(f"[bold]{safe(client.name)}[/] (client){_aliases_text(client.aliases)}; {_uses_text(client)}")
    else:
        output.out.print(f"[bold]{safe(overview.name)}[/] is not in the client book")
        output.info(f"add it with: saydo clients add {overview.name!r}")
    if overview.contacts:
        output.out.print("contacts: " + " · ".join(
            f"{safe(c.name)}{_title_text(c.title)}{'' if c.in_book else ' (not in the book)'}"
            for c in overview.contacts))
    if overview.deals:
        output.out.print("deals: " + " · ".join(
            f"{_amount(deal.total)} {deal.currency or '(no currency)'} ({_count(deal.visits, 'visit', 'visits')})"
            for deal in overview.deals))
    last = overview.last_visit
    output.out.print(f"last visit: {_when(last.when)} · {safe(last.title)}" if last else "last visit: —")
    following = overview.next_follow_up
    output.out.print(f"next follow-up: {_follow_up(following)}" if following else "next follow-up: —")
    for item in overview.follow_ups[1:]:
        output.out.print(f"  then: {_follow_up(item)}")
    if overview.records:
        table = Table("when", "intent", "how", "title", "status", "files", "id",
                      title=f"{_count(len(overview.records), 'record', 'records')}, oldest first")
        for entry in overview.records:
            record = entry.record
            table.add_row(_when(entry.when), safe(record.intent), entry.role, safe(entry.title[:60]), record.status,
                          str(len(record.attachments) or ""), record.id)
        output.out.print(table)
    for held in overview.attachments:
        output.out.print(f"attachment: {output.attachment_line(held.attachment)} on {held.record_id}",
                         highlight=False)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def _when(value: str) -> str:
    return value.replace("T", " ")


def _follow_up(item: Any) -> str:
    overdue = " [red]overdue[/]" if item.overdue else ""
    return f"{_when(item.due)}{overdue} · {item.kind} · {safe(item.title)}"


@clients_cli.command("add")
def clients_add(
    name: Annotated[str, typer.Argument(help="The client's name, as it should be written.")],
    alias: AliasOpt = None,
    contact: Annotated[list[str] | None, typer.Option("--contact", help="A person at the client; repeat.")] = None,
) -> None:
    """Add a client (or add aliases and contacts to one already in the book)."""
    with _book() as book:
        changes = book.add_client(name, alias or [], contact or [])
    output.out.print(_changes_text(changes))


@clients_cli.command("add-person")
def clients_add_person(
    name: Annotated[str, typer.Argument(help="The person's name, as it should be written.")],
    company: CompanyOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Their title, e.g. 销售经理.")] = None,
    alias: AliasOpt = None,
) -> None:
    """Add a person (or update the one of that name at that company); a new company is added as a client."""
    with _book() as book:
        changes = book.add_person(name, company, title, alias or [])
    output.out.print(_changes_text(changes))


@clients_cli.command("remove")
def clients_remove(
    name: Annotated[str, typer.Argument(help="A client's or a person's name.")],
    company: Annotated[str | None, typer.Option("--company", help="Remove the person at this client.")] = None,
) -> None:
    """Remove a client (with its people) or a person from the book. Filed records are not changed."""
    with _book() as book:
        removed = book.remove(name, company)
    if removed.kind == "client":
        output.out.print(f"removed client {safe(removed.name)} and its {_count(removed.people, 'person', 'people')}")
    else:
        at = f" at {safe(removed.company)}" if removed.company else ""
        output.out.print(f"removed {safe(removed.name)}{at}")


@clients_cli.command("export")
def clients_export(
    out_file: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """The book as a CSV client file (client,contacts,aliases,title), as `saydo clients import` reads it."""
    from records.client_files import write_client_csv

    with _book() as book:
        rows = book.export_rows()
    data = write_client_csv(rows)
    left_out = sum(len(row.contacts) for row in rows if row.client is None)
    if left_out:
        output.warn(f"{_count(left_out, 'person', 'people')} with no company left out (a CSV row needs a client)")
    if any(contact.aliases for row in rows for contact in row.contacts):
        output.warn("people's aliases are not in the CSV (its aliases column is the client's)")
    if write_out(data, out_file):
        output.info(f"wrote {_count(sum(row.client is not None for row in rows), 'client', 'clients')} to {out_file}")


# --- text and JSON ----------------------------------------------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _changes_text(changes: Any) -> str:
    if not changes.changed:
        return "nothing new for the client book"
    return (f"clients: {changes.clients_added} added, {changes.clients_updated} updated; "
            f"people: {changes.people_added} added, {changes.people_updated} updated")


def _changes_json(changes: Any) -> dict[str, int]:
    keys = ("clients_added", "clients_updated", "people_added", "people_updated")
    return {key: getattr(changes, key) for key in keys}


def _client_json(client: Any) -> dict[str, Any]:
    return {"kind": "client", **dataclasses.asdict(client)}


def _person_json(person: Any) -> dict[str, Any]:
    return {"kind": "person", **dataclasses.asdict(person)}


def _person_line(person: Any) -> str:
    return f"{safe(person.name)}{_title_text(person.title)}{_aliases_text(person.aliases)}"


# Names are the user's text: made safe, so that "[Acme]" prints as written rather than as rich markup.
def _title_text(title: str | None) -> str:
    return f", {safe(title)}" if title else ""


def _aliases_text(aliases: tuple[str, ...]) -> str:
    return f" (also {safe(', '.join(aliases))})" if aliases else ""


def _uses_text(entry: Any) -> str:
    if not entry.uses:
        return "not in a filed record yet"
    return f"in {_count(entry.uses, 'filed record', 'filed records')}, last on {_day(entry.last_used_at)}"


def _day(stamp: str | None) -> str:
    return stamp[:10] if stamp else "—"
