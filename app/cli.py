"""`saydo`: the command-line interface (DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 bad input, 2 usage."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from . import output
from .clock import ClockError, reference_now
from .settings import Paths, Settings, SettingsError, load_settings

cli = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="saydo: say it, confirm it, filed. Offline speech to structured records.")
records_cli = typer.Typer(help="List, show, confirm and discard stored records.", no_args_is_help=True)
models_cli = typer.Typer(help="The speech and language models saydo uses.", no_args_is_help=True)
cli.add_typer(records_cli, name="records")
cli.add_typer(models_cli, name="models")

NowOpt = Annotated[Optional[str], typer.Option("--now", help="Reference time, ISO (e.g. 2026-11-23T10:00).")]
TzOpt = Annotated[Optional[str], typer.Option("--tz", help="IANA time zone, e.g. Asia/Shanghai.")]


class _State:
    home: Path | None = None
    verbose: bool = False


state = _State()


def fail(message: str, code: int = 1) -> typer.Exit:
    output.error(message)
    return typer.Exit(code)


def _config() -> tuple[Settings, Paths]:
    try:
        return load_settings(state.home)
    except SettingsError as exc:
        raise fail(str(exc)) from exc


def _now(now: str | None, tz: str | None, settings: Settings):
    try:
        return reference_now(now, tz or settings.timezone)
    except ClockError as exc:
        raise fail(str(exc), 2) from exc


@contextmanager
def _pipeline(settings: Settings, paths: Paths) -> Iterator[Any]:
    from .pipeline import Pipeline  # heavy imports only for commands that run models

    with output.model_progress() as progress:
        spinner = output.Spinner()
        try:
            yield Pipeline(settings, paths, status=spinner, model_progress=progress), spinner
        finally:
            spinner.stop()


@cli.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    home: Annotated[Optional[Path], typer.Option("--home", help="Keep config and data here (or SAYDO_HOME).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens, on stderr.")] = False,
) -> None:
    state.home = home
    state.verbose = verbose
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if ctx.invoked_subcommand is None:
        output.out.print(ctx.get_help())
        output.info("The tray app is not part of this build yet; use `saydo run FILE` on recordings.")


@cli.command()
def run(
    files: Annotated[list[Path], typer.Argument(help="Audio files (wav, flac, mp3, m4a, ogg, opus, webm…).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="File every record without asking.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per file on stdout.")] = False,
    now: NowOpt = None,
    tz: TzOpt = None,
) -> None:
    """Transcribe, understand and file each audio file."""
    from asr import AudioError
    from models import ModelError

    from .pipeline import NotFiled

    settings, paths = _config()
    reference = _now(now, tz, settings)
    failed = False
    with _pipeline(settings, paths) as (pipeline, spinner):
        for path in files:
            try:
                outcome = pipeline.process_file(path, reference, source="file")
            except (AudioError, ModelError) as exc:
                spinner.stop()
                failed = True
                _file_error(path, exc, as_json)
                continue
            except NotFiled as exc:
                # Say what was heard and understood, so the words survive even when the store does not.
                spinner.stop()
                failed = True
                if as_json:
                    output.json_line({"file": str(path), "error": str(exc), "transcript": exc.transcript.text,
                                      "record": exc.record})
                else:
                    output.out.print(f"[bold]{path.name}[/]: {exc.transcript.text}")
                    if exc.record:
                        output.json_line(exc.record)
                    output.error(str(exc))
                continue
            spinner.stop()
            store = pipeline.store
            record = outcome.parse.record.model_dump() if outcome.parse else None
            if record is None:
                failed = True
                if as_json:
                    output.json_line({"file": str(path), "transcript": outcome.transcript.text,
                                      "error": outcome.error, "draft": outcome.record_id})
                else:
                    output.out.print(f"[bold]{path.name}[/]: {outcome.transcript.text}")
                    output.error(f"{outcome.error}; kept as draft {outcome.record_id}")
                continue
            if yes:
                store.confirm(outcome.record_id)
            if as_json:
                output.json_line({"file": str(path), "transcript": outcome.transcript.text, "record": record,
                                  "id": outcome.record_id, "status": "confirmed" if yes else "draft"})
                continue
            output.out.print(output.record_table(record, title=f"{path.name} → {outcome.record_id}",
                                                 transcript=outcome.transcript.text))
            for warning in outcome.parse.warnings:
                output.warn(warning)
            if yes:
                output.out.print(f"[green]filed[/] {outcome.record_id}")
            else:
                _ask_confirmation(store, outcome.record_id)
    if failed:
        raise typer.Exit(1)


def _file_error(path: Path, exc: Exception, as_json: bool) -> None:
    if as_json:
        output.json_line({"file": str(path), "error": str(exc)})
    else:
        output.error(str(exc))


def _ask_confirmation(store: Any, record_id: str) -> None:
    output.out.print("File this record? [y]es / [n]o (kept as a discarded draft) ", end="")
    answer = sys.stdin.readline()
    if not answer:
        output.out.print()
        output.info(f"no answer; left as draft {record_id} (saydo records confirm {record_id})")
    elif answer.strip().lower() in ("y", "yes", "是", "好"):
        store.confirm(record_id)
        output.out.print(f"[green]filed[/] {record_id}")
    else:
        store.discard(record_id)
        output.out.print(f"[yellow]discarded[/] {record_id} (kept as a discarded draft)")


@cli.command()
def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per file.")] = False,
) -> None:
    """Print the transcript of each audio file."""
    from asr import AudioError

    settings, paths = _config()
    failed = False
    with _pipeline(settings, paths) as (pipeline, _):
        for path in files:
            try:
                transcript = pipeline.transcribe(pipeline.decode(path))
            except AudioError as exc:
                failed = True
                _file_error(path, exc, as_json)
                continue
            if as_json:
                output.json_line({"file": str(path), "lang": transcript.lang, "transcript": transcript.text,
                                  "duration_s": round(transcript.duration_s, 3)})
            else:
                output.out.print(f"[bold]{path.name}[/] [dim]({transcript.lang})[/]: {transcript.text}")
    if failed:
        raise typer.Exit(1)


@cli.command()
def parse(
    text: Annotated[Optional[str], typer.Argument(help="Text to turn into a record.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","text"} lines on stdin, write results.')] = False,
    now: NowOpt = None,
    tz: TzOpt = None,
) -> None:
    """Turn text into a record (JSON on stdout). Nothing is stored."""
    from intents import ParseError

    settings, paths = _config()
    reference = _now(now, tz, settings)
    if jsonl == (text is not None):
        raise fail("give either TEXT or --jsonl (with lines on stdin)", 2)
    with _pipeline(settings, paths) as (pipeline, _):
        parser = pipeline.parser
    if text is not None:
        try:
            result = parser.parse(text, reference)
        except ParseError as exc:
            raise fail(str(exc)) from exc
        output.json_line(result.record.model_dump())
        return
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item_id, item_text = item["id"], item["text"]
        except (ValueError, KeyError, TypeError):
            output.json_line({"id": None, "error": f"line {number}: expected a JSON object with id and text"})
            continue
        try:
            result = parser.parse(str(item_text), reference)
        except ParseError as exc:
            output.json_line({"id": item_id, "error": str(exc)})
            continue
        output.json_line({"id": item_id, "record": result.record.model_dump()})


@records_cli.command("list")
def records_list(
    status: Annotated[Optional[str], typer.Option(help="draft, confirmed or discarded")] = None,
    intent: Annotated[Optional[str], typer.Option(help="visit_note, task, reminder, meeting, expense, note")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stored records, newest first."""
    from rich.table import Table

    store = _open_store()
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


def _open_store():
    from records import Store

    _, paths = _config()
    if not paths.db_path.exists():
        raise fail(f"no records yet ({paths.db_path} does not exist)")
    return Store.open(paths.db_path)


def _get(store: Any, record_id: str) -> Any:
    from records import StoreError

    try:
        return store.get(record_id)
    except StoreError as exc:
        raise fail(str(exc)) from exc


@records_cli.command("show")
def records_show(record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show one record with its provenance."""
    store = _open_store()
    row = _get(store, record_id)
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
    store = _open_store()
    row = _get(store, record_id)
    if row.intent is None:
        raise fail(f"{row.id} has no record to file ({row.error})")
    store.confirm(row.id)
    output.out.print(f"[green]filed[/] {row.id}")


@records_cli.command("discard")
def records_discard(record_id: str) -> None:
    """Discard a record (it stays in the store as a discarded draft)."""
    store = _open_store()
    row = _get(store, record_id)
    store.discard(row.id)
    output.out.print(f"[yellow]discarded[/] {row.id}")


@models_cli.command("list")
def models_list() -> None:
    """The models saydo knows, and whether each is ready on this machine."""
    from rich.table import Table

    from models import catalog

    settings, paths = _config()
    table = Table("id", "kind", "size", "licence", "source", "in use")
    in_use = {settings.asr.model, settings.llm.model}
    for spec in catalog():
        table.add_row(spec.id, spec.kind, f"{spec.size_bytes / 2**20:,.0f} MB", spec.license, spec.source,
                      "yes" if spec.id in in_use else "")
    output.out.print(table)


@models_cli.command("verify")
def models_verify() -> None:
    """Assemble the models in use if needed and check every file's sha256."""
    from models import ModelError, ensure_bundled, get_model, verify_bundled

    settings, paths = _config()
    bad = False
    with output.model_progress() as progress:
        for model_id in (settings.asr.model, settings.llm.model):
            spec = get_model(model_id)
            try:
                ensure_bundled(spec, paths.models_dir, progress(spec))
                damaged = verify_bundled(spec, paths.models_dir, progress(spec))
            except ModelError as exc:
                output.error(str(exc))
                bad = True
                continue
            if damaged:
                bad = True
                output.error(f"{spec.id}: damaged files {', '.join(damaged)}; run any command to reassemble")
            else:
                output.out.print(f"[green]ok[/] {spec.id} ({spec.size_bytes / 2**20:,.0f} MB, sha256 verified)")
    if bad:
        raise typer.Exit(1)


@cli.command()
def bench(
    what: Annotated[str, typer.Argument(help="pipeline (default) or parse")] = "pipeline",
    limit: Annotated[Optional[int], typer.Option(help="Only the first N items (parse).")] = None,
    gold: Annotated[Optional[Path], typer.Option(help="Another gold JSONL to score (parse).")] = None,
) -> None:
    """Measure speed and accuracy; prints a table and writes JSON under bench/results/."""
    from bench import run_bench

    settings, paths = _config()
    try:
        run_bench(what, settings, paths, limit=limit, gold=gold)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc


def main() -> None:
    cli()
