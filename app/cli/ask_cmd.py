"""`saydo ask TEXT` (answer a question from the store) and `saydo today` (the day's digest). Both only read."""

from __future__ import annotations

import shlex
from datetime import date, datetime
from typing import Annotated, Any

import typer

from . import output
from .base import JsonOpt, NowOpt, TzOpt, cli, config, fail, open_store, reference_time

DateOpt = Annotated[str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")]


def _row(record: Any, day: str) -> list[str]:
    from records.export import title_of

    summary = title_of(record)
    if record.intent == "expense":
        summary = f"{record.fields['amount']:,.2f} {record.fields['currency']} {summary}"
    return [day, output.safe(record.intent or "—"), output.safe(summary[:60]), record.status, record.id]


def _totals(totals: dict[str, float]) -> str:
    return ", ".join(f"{amount:,.2f} {currency}" for currency, amount in totals.items())


@cli.command("ask")
def ask(
    text: Annotated[str, typer.Argument(
        help='A question, e.g. "我这周有哪些待办" or "what did Acme say about pricing".')],
    now: NowOpt = None,
    tz: TzOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from your records (never changes them)."""
    from intents import ParseError, Parser

    settings, _ = config()
    moment = reference_time(now, tz, settings)
    try:
        asked = Parser.question(text, moment)
    except ParseError as exc:
        raise fail(str(exc)) from exc
    if asked is None:
        raise fail("that sounds like something to file, not a question; ask with 哪些 / 什么时候 / 多少 / what / "
                   "which / list …, or file it with `saydo parse`")
    show_answer(open_store(), asked.query, moment, as_json=as_json)


def show_answer(
    store: Any, query: Any, moment: datetime, *, as_json: bool, about: dict[str, Any] | None = None
) -> None:
    """Print the records a question asks for; `about`: what the JSON line says first (the file it came from)."""
    from rich.table import Table

    from records.query import record_day, run_query

    answer = run_query(store, query, tz=moment.tzinfo)
    if as_json:
        output.json_line({**(about or {}), "query": query.filters(), **answer.to_dict()})
        return
    table = Table("date", "intent", "summary", "status", "id",
                  title=f"{answer.count} found" if answer.kind != "last" else None, title_justify="left")
    for record in answer.records:
        table.add_row(*_row(record, record_day(record, moment.tzinfo)))
    if answer.records:
        output.out.print(table)
    else:
        output.out.print("nothing found")
    if answer.totals:
        output.out.print(f"total: {output.safe(_totals(answer.totals))}")


@cli.command("today")
def today(day: DateOpt = None, tz: TzOpt = None, as_json: JsonOpt = False) -> None:
    """Today's digest: meetings, reminders, due tasks and client follow-ups, oldest overdue first."""
    from rich.table import Table

    from records.digest import digest

    settings, _ = config()
    if day is None:
        when = reference_time(None, tz, settings).date()
    else:
        try:
            when = date.fromisoformat(day)
        except ValueError as exc:
            raise fail(f"--date {day!r} is not a date such as 2026-11-23", 2) from exc
    result = digest(open_store(), when)
    if as_json:
        output.json_line(result.to_dict())
        return
    if not result.items:
        output.out.print(f"nothing due on {result.day}")
        return
    table = Table("due", "what", "summary", "id", title=f"{result.day}: {len(result.items)} due",
                  title_justify="left")
    for item in result.items:
        due = item.due.replace("T", " ")
        title = output.safe(item.title[:60])
        table.add_row(f"[red]{due} overdue[/]" if item.overdue else due, item.kind, title, item.record.id)
    output.out.print(table)
    for client in dict.fromkeys(item.client for item in result.items if item.client):
        output.info(f"{client}: saydo clients show {shlex.quote(client)}")
