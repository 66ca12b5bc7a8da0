"""`saydo records …`: list, search, show, edit, replay, export, confirm and discard stored records, and attach files
to them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from records.export import cell, title_of

from . import output
from .base import (
    JsonOpt,
    cli,
    config,
    fail,
    get_record,
    open_filing,
    open_pipeline,
    open_store,
    write_out,
)

records_cli = typer.Typer(help="List, search, show, edit, replay, export stored records; attach files to them.",
                          no_args_is_help=True)
cli.add_typer(records_cli, name="records")


@records_cli.command("list")
def records_list(
    status: Annotated[str | None, typer.Option(help="draft, confirmed or discarded")] = None,
    intent: Annotated[str | None, typer.Option(help="visit_note, task, reminder, meeting, expense, note")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stored records, newest first."""
    store = open_store(read_only=True)
    _print_rows(store.list(status=status, intent=intent, limit=limit), as_json)


def _print_rows(rows: list[Any], as_json: bool) -> None:
    from rich.table import Table

    if as_json:
        for row in rows:
            output.json_line(_record_json(row))
        return
    table = Table("id", "created", "status", "intent", "summary")
    for row in rows:
        status = row.status if row.stage == "done" else f"{row.status} ({row.stage})"
        summary = title_of(row)[:60] if row.intent else (row.error or row.transcript)[:60]
        table.add_row(row.id, row.created_at[:16].replace("T", " "), status, output.safe(row.intent or "—"),
                      output.safe(summary))
    output.out.print(table)


def _record_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "created_at": row.created_at, "status": row.status, "intent": row.intent,
            "fields": row.fields, "transcript": row.transcript, "heard": row.heard, "lang": row.lang,
            "source": row.source, "error": row.error, "stage": row.stage, "revision": row.revision}


@records_cli.command("show")
def records_show(record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show one record with its provenance."""
    store = open_store(read_only=True)
    row = get_record(store, record_id)
    if as_json:
        data = _record_json(row)
        data["provenance"] = row.provenance.__dict__ if row.provenance else None
        data["audio"] = row.audio.__dict__ if row.audio else None
        data["ledger"] = [entry.__dict__ for entry in row.ledger]
        data["attachments"] = [attachment.__dict__ for attachment in row.attachments]
        output.json_line(data)
        return
    if row.intent:
        output.out.print(output.record_table({"intent": row.intent, "fields": row.fields},
                                             title=f"{row.id} ({row.status})", transcript=row.transcript))
    else:
        output.out.print(f"{row.id} ({row.status}): {output.safe(row.transcript)}\n[red]{output.safe(row.error)}[/]")
    if row.heard:
        output.out.print("heard:", output.safe(row.heard), "(names corrected from the client book)")
    if row.audio:
        output.out.print(f"audio: {output.safe(row.audio.path or '(not kept)')} sha256 {row.audio.sha256[:16]}…")
    for attachment in row.attachments:
        output.out.print(f"attachment: {output.attachment_line(attachment)}", highlight=False)
    if row.provenance:
        prov = row.provenance
        timings = ", ".join(f"{k} {v:.2f}s" for k, v in prov.timings.items())
        models = f"models: {prov.asr_model}, {prov.llm_model}; prompt {prov.prompt_hash}; {timings}"
        output.out.print(output.safe(models))


@records_cli.command("attach")
def records_attach(
    record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
    files: Annotated[list[Path], typer.Argument(help="Photos or other files to attach.")],
    as_json: JsonOpt = False,
) -> None:
    """Attach photos or files to a record (a new revision). Each is kept once, privately, beside the audio."""
    from records import StoreError

    from ..attachments import MB, AttachError, attach_files

    settings, paths = config()
    filing = open_filing()
    row = get_record(filing.store, record_id)
    try:
        attached = attach_files(filing.store, row.id, files, paths.attachments_dir, settings.attachment_max_mb * MB)
    except AttachError as exc:
        for problem in exc.problems:
            output.error(problem)
        raise fail(f"nothing was attached to {row.id}") from exc
    except StoreError as exc:
        raise fail(str(exc)) from exc
    if attached.added:
        filing.changed(row.id)
    if as_json:
        output.json_line({"id": row.id, "revision": attached.revision,
                          "attached": [a.to_json() for a in attached.added],
                          "already": [a.to_json() for a in attached.already]})
        return
    for attachment in attached.added:
        output.out.print(f"[green]attached[/] {output.attachment_line(attachment)}", highlight=False)
    for attachment in attached.already:
        output.info(f"{attachment.name} was attached already (the same file)")
    if attached.added:
        output.info(f"{row.id} is at revision {attached.revision}")


@records_cli.command("detach")
def records_detach(
    record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
    name: Annotated[str, typer.Argument(metavar="NAME_OR_SHA", help="The attachment's name or its sha256's start.")],
) -> None:
    """Take an attachment off a record (a new revision; the history keeps it). Its file goes when no record has it."""
    from records import StoreError

    from ..attachments import detach_file

    filing = open_filing()
    row = get_record(filing.store, record_id)
    try:
        detached = detach_file(filing.store, row.id, name)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    filing.changed(row.id)
    output.out.print(f"[yellow]detached[/] {output.safe(detached.attachment.name)} from {row.id} "
                     f"(revision {detached.revision})", highlight=False)


@records_cli.command("confirm")
def records_confirm(record_id: str) -> None:
    """File a draft."""
    filing = open_filing()
    row = get_record(filing.store, record_id)
    if row.intent is None:
        raise fail(f"{row.id} has no record to file ({row.error})")
    filing.confirm(row.id)
    output.out.print(f"[green]filed[/] {row.id}")


@records_cli.command("discard")
def records_discard(record_id: str) -> None:
    """Discard a record (it stays in the store as a discarded draft)."""
    filing = open_filing()
    row = get_record(filing.store, record_id)
    filing.discard(row.id)
    output.out.print(f"[yellow]discarded[/] {row.id}")


@records_cli.command("search")
def records_search(
    text: Annotated[str, typer.Argument(help="Words to find in transcripts and fields (any script).")],
    status: Annotated[str | None, typer.Option(help="draft, confirmed or discarded")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, best first.")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over transcripts and field values."""
    from records import StoreError

    store = open_store(read_only=True)
    try:
        rows = store.search(text, limit=limit, status=status)
    except StoreError as exc:
        raise fail(str(exc), 2) from exc
    _print_rows(rows, as_json)


@records_cli.command("history")
def records_history(record_id: str, as_json: JsonOpt = False) -> None:
    """Every revision of a record, oldest first (edits, replays and status changes never overwrite)."""
    from rich.table import Table

    store = open_store(read_only=True)
    row = get_record(store, record_id)
    revisions = store.revisions(row.id)
    if as_json:
        for rev in revisions:
            output.json_line(rev.__dict__)
        return
    table = Table("rev", "when", "reason", "status", "intent", "fields / error")
    for rev in revisions:
        detail = ", ".join(f"{k}={cell(v)}" for k, v in (rev.fields or {}).items() if v not in (None, [], ""))
        table.add_row(str(rev.revision), rev.created_at[:19].replace("T", " "), output.safe(rev.reason), rev.status,
                      output.safe(rev.intent or "—"), output.safe(detail or rev.error or ""))
    output.out.print(table)


@records_cli.command("export")
def records_export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json, md or ics")] = "json",
    out_file: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    status: Annotated[str | None, typer.Option(help="draft, confirmed or discarded")] = None,
    intent: Annotated[str | None, typer.Option(help="Only this intent.")] = None,
    since: Annotated[str | None, typer.Option(help="Created on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Created before (ISO date).")] = None,
) -> None:
    """Export records as CSV (spreadsheets), JSON, Markdown or iCalendar (meetings, dated tasks, reminders)."""
    from records import StoreError
    from records.export import FORMATS, ExportError, export_records

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", 2)
    store = open_store(read_only=True)
    try:
        rows = store.list(status=status, intent=intent, since=since, until=until, limit=None)
        data = export_records(rows, fmt)
    except (StoreError, ExportError) as exc:
        raise fail(str(exc), 2) from exc
    if write_out(data, out_file):
        output.info(f"wrote {len(rows)} records to {out_file}")


@records_cli.command("edit")
def records_edit(
    record_id: str,
    assignments: Annotated[list[str] | None, typer.Option("--set", help="FIELD=VALUE; repeat for more.")] = None,
    intent: Annotated[str | None, typer.Option(help="Switch the record to this intent.")] = None,
) -> None:
    """Change a record's fields (a new revision; the old one stays). Without --set, opens it in $EDITOR."""
    from app.editing import EditError, apply_edits, parse_assignment, validated
    from records import StoreError

    filing = open_filing()
    row = get_record(filing.store, record_id)
    try:
        if assignments or intent:
            record = apply_edits(row.record, [parse_assignment(a) for a in assignments or []], intent)
        else:
            record = _edit_in_editor(row)
            if record is None:
                output.info("no change")
                return
            record = validated(record)
    except EditError as exc:
        raise fail(f"{exc}; {row.id} is unchanged") from exc
    if record == row.record:
        output.info("no change")
        return
    try:
        revision = filing.edit(row.id, record)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    output.out.print(output.record_table(record, title=f"{row.id} (revision {revision})"))


def _edit_in_editor(row: Any) -> dict[str, Any] | None:
    from app.editing import EditError

    start = json.dumps(row.record or {"intent": None, "fields": {}}, ensure_ascii=False, indent=2)
    edited = click.edit(start + "\n", extension=".json")  # typer has click's prompts but not its editor
    if edited is None or edited.strip() == start.strip():
        return None
    try:
        return json.loads(edited)
    except ValueError as exc:
        raise EditError(f"not JSON: {exc}") from exc


@records_cli.command("replay")
def records_replay(record_id: str, as_json: JsonOpt = False) -> None:
    """Re-run speech recognition and parsing on a record's stored audio with today's models (a new revision)."""
    from asr import AudioError
    from records import StoreError

    from ..pipeline import NotFiled

    settings, paths = config()
    filing = open_filing()
    row = get_record(filing.store, record_id)
    with open_pipeline(settings, paths) as (pipeline, spinner):
        try:
            outcome = pipeline.replay(row.id)
        except (AudioError, StoreError, NotFiled) as exc:
            raise fail(str(exc)) from exc
        spinner.stop()
    filing.changed(row.id)
    new = filing.store.get(row.id)
    if as_json:
        output.json_line({"id": new.id, "revision": new.revision, "transcript": new.transcript,
                          "record": new.record, "error": outcome.error, "previous_transcript": row.transcript})
        return
    if new.record:
        output.out.print(output.record_table(new.record, title=f"{new.id} (revision {new.revision})",
                                             transcript=new.transcript))
    if outcome.error:
        output.warn(f"not understood: {outcome.error} (the previous record is kept)")


@records_cli.command("done")
def records_done(
    record_id: str,
    undo: Annotated[bool, typer.Option("--undo", help="Open the record again.")] = False,
) -> None:
    """Mark a task or reminder done (a new revision); it stops firing and leaves the digest."""
    from records import StoreError

    filing = open_filing()
    row = get_record(filing.store, record_id)
    try:
        filing.store.mark_done(row.id, done=not undo)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    filing.changed(row.id)
    output.out.print(f"[yellow]reopened[/] {row.id}" if undo else f"[green]done[/] {row.id}")
