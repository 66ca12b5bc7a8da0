"""`saydo bench WHAT`: a plug-in of the CLI (entry point group `saydo.commands`), so that the app never imports the
benchmarks, which import the app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.base import config, fail

from . import BenchOptions, run_bench


def bench(
    what: Annotated[str, typer.Argument(help="pipeline (default), parse, stream, store, models, app or names")]
    = "pipeline",
    limit: Annotated[int | None, typer.Option(help="Only the first N items.")] = None,
    gold: Annotated[Path | None, typer.Option(
        help="Another gold JSONL to score (parse), or a clip manifest with book.jsonl beside it (names).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout; the table goes to stderr.")]
    = False,
) -> None:
    """Measure speed and accuracy; prints a table and writes JSON under bench/results/."""
    settings, paths = config()
    try:
        run_bench(what, settings, paths, BenchOptions(limit=limit, gold=gold, as_json=as_json))
    except ValueError as exc:
        raise fail(str(exc), 2) from exc


def register(cli: typer.Typer) -> None:
    cli.command()(bench)
