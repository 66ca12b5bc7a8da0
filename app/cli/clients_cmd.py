"""`saydo clients …`: the client book (import, list, show, add, add-person, remove, export), the names saydo spells
right and favours when it listens."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import output
from ..output import safe
from ..private import secure_home
from .base import JsonOpt, cli, config, fail, write_out

clients_cli = typer.Typer(help="The client book: clients and people whose names saydo should spell right.",
                          no_args_is_help=True)
cli.add_typer(clients_cli, name="clients")

AliasOpt = Annotated[Optional[list[str]], typer.Option("--alias", help="Another spelling of the name; repeat.")]
CompanyOpt = Annotated[Optional[str], typer.Option("--company", help="The client the person works for.")]


@contextmanager
def _book() -> Iterator[Any]:
    """The client book in the user's store, created if this is the first thing saydo stores."""
    from records import ClientBook, Store, StoreError

    _, paths = config()
    secure_home(paths)
    try:
        store = Store.open(paths.db_path)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    try:
        yield ClientBook(store)
    except StoreError as exc:  # BookError, NotInBook and StoreLocked among them: each says what went wrong
        raise fail(str(exc)) from exc
    finally:
        store.close()


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
) -> None:
    """One client with its people, or one person."""
    from records import Client

    with _book() as book:
        entry = book.get(name, company)
    if as_json:
        output.json_line(_client_json(entry) if isinstance(entry, Client) else _person_json(entry))
        return
    if isinstance(entry, Client):
        output.out.print(f"[bold]{safe(entry.name)}[/] (client){_aliases_text(entry.aliases)}; {_uses_text(entry)}")
        for person in entry.people:
            output.out.print(f"  • {_person_line(person)}")
        return
    at = f" at {safe(entry.company)}" if entry.company else ""
    output.out.print(f"[bold]{safe(entry.name)}[/]{_title_text(entry.title)}{at}{_aliases_text(entry.aliases)}; "
                     f"{_uses_text(entry)}")


@clients_cli.command("add")
def clients_add(
    name: Annotated[str, typer.Argument(help="The client's name, as it should be written.")],
    alias: AliasOpt = None,
    contact: Annotated[Optional[list[str]], typer.Option("--contact", help="A person at the client; repeat.")] = None,
) -> None:
    """Add a client (or add aliases and contacts to one already in the book)."""
    with _book() as book:
        changes = book.add_client(name, alias or [], contact or [])
    output.out.print(_changes_text(changes))


@clients_cli.command("add-person")
def clients_add_person(
    name: Annotated[str, typer.Argument(help="The person's name, as it should be written.")],
    company: CompanyOpt = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Their title, e.g. 销售经理.")] = None,
    alias: AliasOpt = None,
) -> None:
    """Add a person (or update the one of that name at that company); a new company is added as a client."""
    with _book() as book:
        changes = book.add_person(name, company, title, alias or [])
    output.out.print(_changes_text(changes))


@clients_cli.command("remove")
def clients_remove(
    name: Annotated[str, typer.Argument(help="A client's or a person's name.")],
    company: Annotated[Optional[str], typer.Option("--company", help="Remove the person at this client.")] = None,
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
    out_file: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
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
