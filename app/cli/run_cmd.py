"""`saydo run`, `saydo transcribe` and `saydo parse`: audio files and text in, records out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..clock import ClockError, reference_now
from ..filing import Filing
from . import output
from .ask_cmd import show_answer
from .base import NowOpt, TzOpt, cli, config, fail, open_pipeline, reference_time


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
    from records import StoreError

    from ..pipeline import NotFiled

    settings, paths = config()
    reference = reference_time(now, tz, settings)
    failed = False
    with open_pipeline(settings, paths) as (pipeline, spinner):
        for path in files:
            try:
                outcome = pipeline.process_file(path, reference, source="file")
            except (AudioError, ModelError, StoreError) as exc:
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
                    output.out.print(f"[bold]{output.safe(path.name)}[/]: {output.safe(exc.transcript.text)}")
                    if exc.record:
                        output.json_line(exc.record)
                    output.error(str(exc))
                continue
            spinner.stop()
            if outcome.query is not None:
                if not as_json:
                    output.out.print(f"[bold]{output.safe(path.name)}[/]: {output.safe(outcome.transcript.text)}")
                    output.info(f"a question, so nothing was filed (kept as discarded draft {outcome.record_id})")
                show_answer(pipeline.store, outcome.query.query, reference, as_json=as_json,
                            about={"file": str(path), "transcript": outcome.transcript.text,
                                   "id": outcome.record_id, "status": "question"})
                continue
            filing = Filing(pipeline.store, settings)
            record = outcome.parse.record.model_dump() if outcome.parse else None
            if record is None:
                failed = True
                if as_json:
                    output.json_line({"file": str(path), "transcript": outcome.transcript.text,
                                      "error": outcome.error, "draft": outcome.record_id})
                else:
                    output.out.print(f"[bold]{output.safe(path.name)}[/]: {output.safe(outcome.transcript.text)}")
                    output.error(f"{outcome.error}; kept as draft {outcome.record_id}")
                continue
            if yes:
                filing.confirm(outcome.record_id)
            if as_json:
                output.json_line({"file": str(path), "transcript": outcome.transcript.text, "record": record,
                                  "id": outcome.record_id, "status": "confirmed" if yes else "draft",
                                  "warnings": outcome.parse.warnings})
                continue
            output.out.print(output.record_table(record, title=f"{path.name} → {outcome.record_id}",
                                                 transcript=outcome.transcript.text))
            for warning in outcome.parse.warnings:
                output.warn(warning)
            if yes:
                output.out.print(f"[green]filed[/] {outcome.record_id}")
            else:
                _ask_confirmation(filing, outcome.record_id)
    if failed:
        raise typer.Exit(1)


def _file_error(path: Path, exc: Exception, as_json: bool) -> None:
    if as_json:
        output.json_line({"file": str(path), "error": str(exc)})
    else:
        output.error(str(exc))


def _ask_confirmation(filing: Filing, record_id: str) -> None:
    output.out.print("File this record? [y]es / [n]o (kept as a discarded draft) ", end="")
    answer = sys.stdin.readline()
    if not answer:
        output.out.print()
        output.info(f"no answer; left as draft {record_id} (saydo records confirm {record_id})")
    elif answer.strip().lower() in ("y", "yes", "是", "好"):
        filing.confirm(record_id)
        output.out.print(f"[green]filed[/] {record_id}")
    else:
        filing.discard(record_id)
        output.out.print(f"[yellow]discarded[/] {record_id} (kept as a discarded draft)")


@cli.command()
def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per file.")] = False,
) -> None:
    """Print the transcript of each audio file."""
    from asr import AudioError

    settings, paths = config()
    failed = False
    with open_pipeline(settings, paths) as (pipeline, _):
        for path in files:
            try:
                audio = pipeline.decode(path)
                transcript = pipeline.transcribe(audio)
            except AudioError as exc:
                failed = True
                _file_error(path, exc, as_json)
                continue
            if audio.warning:
                output.warn(audio.warning)
            if as_json:
                output.json_line({"file": str(path), "lang": transcript.lang, "transcript": transcript.text,
                                  "duration_s": round(transcript.duration_s, 3)})
            else:
                output.out.print(f"[bold]{output.safe(path.name)}[/] [dim]({transcript.lang})[/]: "
                                 f"{output.safe(transcript.text)}")
    if failed:
        raise typer.Exit(1)


@cli.command()
def parse(
    text: Annotated[str | None, typer.Argument(help="Text to turn into a record.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","text"} lines on stdin, write results.')] = False,
    now: NowOpt = None,
    tz: TzOpt = None,
) -> None:
    """Turn text into a record (JSON on stdout). Nothing is stored."""
    from intents import ParseError

    settings, paths = config()
    reference = reference_time(now, tz, settings)
    if jsonl == (text is not None):
        raise fail("give either TEXT or --jsonl (with lines on stdin)", 2)
    with open_pipeline(settings, paths) as (pipeline, _):
        parser = pipeline.parser
    if text is not None:
        try:
            result = parser.parse(text, reference)
        except ParseError as exc:
            raise fail(str(exc)) from exc
        for warning in result.warnings:
            output.warn(warning)
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
            # Lines may carry the moment they were spoken: an inbox or replay parses long after the fact.
            line_now = reference_now(str(item.get("now") or now or "") or None,
                                     str(item.get("tz") or tz or settings.timezone))
        except ClockError as exc:
            output.json_line({"id": item_id, "error": f"line {number}: {exc}"})
            continue
        try:
            result = parser.parse(str(item_text), line_now)
        except ParseError as exc:
            output.json_line({"id": item_id, "error": str(exc)})
            continue
        output.json_line({"id": item_id, "record": result.record.model_dump()})
