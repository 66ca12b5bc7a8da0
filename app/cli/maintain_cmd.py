"""`saydo recover` and `saydo inbox`: finishing what a crash left, and filing recordings dropped into a folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from . import output
from .base import JsonOpt, cli, config, fail, open_pipeline


@cli.command()
def recover(as_json: JsonOpt = False) -> None:
    """Finish drafts that a crash or a killed process left unprocessed (their audio was kept)."""
    settings, paths = config()
    if not paths.db_path.exists():
        output.info("nothing to recover")
        return
    with open_pipeline(settings, paths) as (pipeline, spinner):
        results = pipeline.recover()
        spinner.stop()
    failed = False
    for record_id, result in results:
        if isinstance(result, Exception):
            failed = True
            if as_json:
                output.json_line({"id": record_id, "error": str(result)})
            else:
                output.error(f"{record_id}: {result}")
            continue
        record = result.parse.record.model_dump() if result.parse else None
        if as_json:
            output.json_line({"id": record_id, "transcript": result.transcript.text, "record": record,
                              "error": result.error})
        else:
            output.out.print(f"[green]recovered[/] {record_id} as a draft: {output.safe(result.transcript.text[:60])}")
    if not results and not as_json:
        output.info("nothing to recover")
    if failed:
        raise typer.Exit(1)


@cli.command()
def inbox(
    folder: Annotated[Path | None, typer.Argument(help="The inbox folder (default: the inbox_dir setting).")]
    = None,
    watch: Annotated[bool, typer.Option(help="Keep watching; Ctrl+C stops.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between looks, with --watch.")] = 5.0,
    as_json: JsonOpt = False,
) -> None:
    """File every recording in the inbox folder as a draft; processed files move to inbox/processed/."""
    from ..inbox import Inbox

    settings, paths = config()
    folder = folder or settings.inbox_dir
    if folder is None:
        raise fail("no inbox folder: give one, or set inbox_dir in the settings", 2)
    if not folder.is_dir():
        raise fail(f"the inbox folder {folder} does not exist")
    with open_pipeline(settings, paths) as (pipeline, spinner):
        box = Inbox(folder, pipeline)
        while True:
            for item in box.poll():
                spinner.stop()
                if as_json:
                    output.json_line(item.to_dict())
                elif item.error:
                    output.error(f"{item.file.name}: {item.error} (moved to {item.moved_to})")
                else:
                    output.out.print(f"[green]draft[/] {item.record_id} from {output.safe(item.file.name)}")
            if not watch:
                break
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                break
