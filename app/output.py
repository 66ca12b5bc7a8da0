"""The CLI's output layer: results on stdout, progress and errors on stderr (rich)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from models import ModelSpec

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def error(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", highlight=False)


def info(message: str) -> None:
    err.print(f"[dim]{message}[/]", highlight=False)


def json_line(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "[dim]—[/]"
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def record_table(record: dict[str, Any], *, title: str | None = None, transcript: str | None = None) -> Table:
    table = Table(title=title, show_header=False, title_justify="left", expand=False)
    table.add_column("field", style="bold cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("intent", f"[bold]{record['intent']}[/]")
    for key, value in record["fields"].items():
        table.add_row(key, _value(value))
    if transcript is not None:
        table.add_row("transcript", f"[italic]{transcript}[/]")
    return table


class Spinner:
    """A status line on stderr that shows while slow work runs and gets out of the way for results and prompts."""

    def __init__(self) -> None:
        self._status = err.status("")

    def __call__(self, message: str) -> None:
        self._status.update(message)
        self._status.start()

    def stop(self) -> None:
        self._status.stop()


@contextmanager
def model_progress() -> Iterator[Any]:
    """A progress bar factory for assembling model files; shown only while work is being done."""
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
                        TimeRemainingColumn(), console=err, transient=True)
    with progress:
        def factory(spec: ModelSpec):
            task = progress.add_task(f"preparing {spec.id}", total=None)

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return update

        yield factory
