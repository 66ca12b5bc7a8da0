"""The CLI's output layer: results on stdout, progress and errors on stderr (rich)."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from models import ModelSpec

# emoji=False: a stored ":warning:" is text the user wrote, not a picture.
out = Console(soft_wrap=True, emoji=False)
err = Console(stderr=True, soft_wrap=True, emoji=False)

# C0 and C1 control characters and DEL, but tab and newline: ESC and U+009B start terminal escape sequences (window
# titles, colours, cursor moves, clearing the screen), CR and backspace overwrite what was printed before.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Stored or received text (record fields, transcripts, names, a sink's answer) for a rich markup string: it
    prints as written, never as markup (a stray "[/]" would crash the print) or as a terminal escape sequence."""
    return escape(_CONTROL.sub("", str(text)))


# Messages are plain text that may quote stored or received text, so they are never read as markup.
def error(message: str) -> None:
    err.print(f"[bold red]error:[/] {safe(message)}", highlight=False)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {safe(message)}", highlight=False)


def info(message: str) -> None:
    err.print(f"[dim]{safe(message)}[/]", highlight=False)


# json.dumps escapes C0 but writes C1 as it is; U+009B alone is a CSI on some terminals.
_C1_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x80, 0xA0)}


def json_line(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False).translate(_C1_ESCAPES) + "\n")
    sys.stdout.flush()


class _LogFormatter(logging.Formatter):
    """Log lines quote received text too (a sink's answer in a failed delivery), so control characters go."""

    def format(self, record: logging.LogRecord) -> str:
        return _CONTROL.sub("", super().format(record))


def log_to_stderr(level: int) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_LogFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])


def attachment_line(attachment: Any) -> str:
    """An attachment for the terminal: name, type, size and the start of its sha256 (which `records detach` takes)."""
    size = attachment.size
    shown = f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"
    return f"{safe(attachment.name)} ({safe(attachment.mime)}, {shown}, sha256 {attachment.sha256[:12]})"


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "[dim]—[/]"
    if isinstance(value, list):
        return "\n".join(f"• {safe(v)}" for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return safe(value)


def record_table(record: dict[str, Any], *, title: str | None = None, transcript: str | None = None) -> Table:
    """A record as a two-column table; every argument is plain text (the title names files and records)."""
    table = Table(title=safe(title) if title is not None else None, show_header=False, title_justify="left",
                  expand=False)
    table.add_column("field", style="bold cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("intent", f"[bold]{safe(record['intent'])}[/]")
    for key, value in record["fields"].items():
        table.add_row(safe(key), _value(value))
    if transcript is not None:
        table.add_row("transcript", f"[italic]{safe(transcript)}[/]")
    return table


class Spinner:
    """A status line on stderr that shows while slow work runs and gets out of the way for results and prompts."""

    def __init__(self) -> None:
        self._status = err.status("")

    def __call__(self, message: str) -> None:
        self._status.update(safe(message))  # it names files, which may hold brackets
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
