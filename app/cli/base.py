"""The `saydo` app object, global options and the helpers every command module shares."""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from ..atomic_files import atomic_write
from ..clock import ClockError, reference_now
from ..private import secure_home
from ..settings import Paths, Settings, SettingsError, load_settings
from . import output
from .launch import has_display, start_app

log = logging.getLogger(__name__)

# Errors of these packages carry a message meant for the person at the keyboard (records.StoreError, asr.AudioError,
# intents.ParseError, models.ModelError, app's SettingsError…); anything else escaping a command is a bug.
_OWN_PACKAGES = frozenset({"app", "asr", "intents", "models", "records"})


def _expected(exc: Exception) -> bool:
    """An error the person can act on (bad input, a missing or unwritable file), as opposed to a bug in saydo."""
    if isinstance(exc, OSError):
        return exc.errno != errno.EPIPE  # click ends quietly when the reader of stdout goes away (`| head`)
    if isinstance(exc, UnicodeDecodeError):
        return True  # a text file the user gave (settings, CSV, stdin) that is not UTF-8
    return any(cls.__module__.partition(".")[0] in _OWN_PACKAGES for cls in type(exc).__mro__)


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot read text that is not UTF-8 ({exc})"
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])  # str() of a KeyError is the repr of its key
    return str(exc) or type(exc).__name__


class _Boundary(TyperGroup):
    """Every command runs inside this: an expected error becomes one line on stderr and exit 1, a bug a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not _expected(exc):
                raise
            log.debug("%s failed", ctx.command_path, exc_info=True)  # --verbose logs where it happened
            output.error(_describe(exc))
            if not state.verbose:
                output.info("(run again with --verbose to see where it happened)")
            raise typer.Exit(1) from exc


cli = typer.Typer(cls=_Boundary, add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="saydo: say it, confirm it, filed. Offline speech to structured records.")

NowOpt = Annotated[str | None, typer.Option("--now", help="Reference time, ISO (e.g. 2026-11-23T10:00).")]
TzOpt = Annotated[str | None, typer.Option("--tz", help="IANA time zone, e.g. Asia/Shanghai.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]


class _State:
    home: Path | None = None
    verbose: bool = False


state = _State()


def fail(message: str, code: int = 1) -> typer.Exit:
    output.error(message)
    return typer.Exit(code)


def config() -> tuple[Settings, Paths]:
    try:
        return load_settings(state.home)
    except SettingsError as exc:
        raise fail(str(exc)) from exc


def reference_time(now: str | None, tz: str | None, settings: Settings) -> datetime:
    try:
        return reference_now(now, tz or settings.timezone)
    except ClockError as exc:
        raise fail(str(exc), 2) from exc


@contextmanager
def open_pipeline(settings: Settings, paths: Paths) -> Iterator[Any]:
    from ..pipeline import Pipeline  # heavy imports only for commands that run models

    with output.model_progress() as progress:
        spinner = output.Spinner()
        pipeline = Pipeline(settings, paths, status=spinner, model_progress=progress)
        try:
            yield pipeline, spinner
        finally:
            spinner.stop()
            # Free the models now rather than during interpreter shutdown, when native thread pools may already be
            # torn down (seen as an abort after a failed `saydo record`).
            pipeline.close()


def open_store(*, read_only: bool = False) -> Any:
    """The record store; `read_only` for commands that only read, which then work on a folder that cannot be
    written (a backup, a locked-down home)."""
    from records import Store

    _, paths = config()
    if not paths.db_path.exists():
        raise fail(f"no records yet ({paths.db_path} does not exist)")
    secure_home(paths)
    return Store.open(paths.db_path, read_only=read_only)


def open_filing() -> Any:
    """The store wrapped with what follows a decision about a record (retention, delivery to sinks)."""
    from ..filing import Filing

    settings, _ = config()
    return Filing(open_store(), settings)


def get_record(store: Any, record_id: str) -> Any:
    from records import StoreError

    try:
        return store.get(record_id)
    except StoreError as exc:
        raise fail(str(exc)) from exc


def _print_version(value: bool) -> None:
    if value:
        from ..version import describe

        output.out.print(describe(), markup=False, highlight=False)
        raise typer.Exit()


@cli.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    home: Annotated[Path | None, typer.Option("--home", help="Keep config and data here (or SAYDO_HOME).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens, on stderr.")] = False,
    _version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                           help="Print the version (and the build, for an installed app).")] = False,
) -> None:
    state.home = home
    state.verbose = verbose
    output.log_to_stderr(logging.DEBUG if verbose else logging.WARNING)
    if ctx.invoked_subcommand is None:
        if has_display():
            start_app(*config())
        output.out.print(ctx.get_help())
        output.info("No display to show the tray app on; use `saydo run FILE` on recordings.")


def write_out(data: bytes, out_file: Path | None) -> bool:
    """`data` to stdout, or to `out_file` whole or not at all; True when a file was written."""
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    try:
        atomic_write(out_file, data)
    except OSError as exc:
        raise fail(f"cannot write {out_file}: {exc.strerror or exc}") from exc
    return True
