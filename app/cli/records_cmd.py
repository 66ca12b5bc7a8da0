"""`saydo records …`: list, show, confirm and discard stored records."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from .. import output
from .base import cli, fail, get_record, open_store

records_cli = typer.Typer(help="List, show, confirm and discard stored records.", no_args_is_help=True)
cli.add_typer(records_cli, name="records")


@records_cli.command("list")
def records_list(
    status: Annotated[Optional[str], typer.Option(help="draft, confirmed or discarded")] = None,
    intent: Annotated[Optional[str], typer.Option(help="visit_note, task, reminder, meeting, expense, note")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stored records, newest first."""
    from rich.table import Table

    store = open_store()
    rows = store.list(status=status, intent=intent, limit=limit)
    if as_json:
        for row in rows:
            output.json_line(_record_json(row))
        return
    table = Table("id", "created", "status", "intent", "summary")
    for row in rows:
        table.add_row(row.id, row.created_at[:16].replace("T", " "), row.status, row.intent or "—",
                      (row.transcript or "")[:60])
    output.out.print(table)


def _record_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "created_at": row.created_at, "status": row.status, "intent": row.intent,
            "fields": row.fields, "transcript": row.transcript, "lang": row.lang, "source": row.source,
            "error": row.error}


@records_cli.command("show")
def records_show(record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show one record with its provenance."""
    store = open_store()
    row = get_record(store, record_id)
    if as_json:
        data = _record_json(row)
        data["provenance"] = row.provenance.__dict__ if row.provenance else None
        data["audio"] = row.audio.__dict__ if row.audio else None
        data["ledger"] = [entry.__dict__ for entry in row.ledger]
        output.json_line(data)
        return
    if row.intent:
        output.out.print(output.record_table({"intent": row.intent, "fields": row.fields},
                                             title=f"{row.id} ({row.status})", transcript=row.transcript))
    else:
        output.out.print(f"{row.id} ({row.status}): {row.transcript}\n[red]{row.error}[/]")
    if row.audio:
        output.out.print(f"audio: {row.audio.path or '(not kept)'} sha256 {row.audio.sha256[:16]}…")
    if row.provenance:
        prov = row.provenance
        timings = ", ".join(f"{k} {v:.2f}s" for k, v in prov.timings.items())
        output.out.print(f"models: {prov.asr_model}, {prov.llm_model}; prompt {prov.prompt_hash}; {timings}")


@records_cli.command("confirm")
def records_confirm(record_id: str) -> None:
    """File a draft."""
    store = open_store()
    row = get_record(store, record_id)
    if row.intent is None:
        raise fail(f"{row.id} has no record to file ({row.error})")
    store.confirm(row.id)
    output.out.print(f"[green]filed[/] {row.id}")


@records_cli.command("discard")
def records_discard(record_id: str) -> None:
    """Discard a record (it stays in the store as a discarded draft)."""
    store = open_store()
    row = get_record(store, record_id)
    store.discard(row.id)
    output.out.print(f"[yellow]discarded[/] {row.id}")
