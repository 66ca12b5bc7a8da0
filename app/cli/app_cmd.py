"""`saydo app` starts the tray app; `saydo toggle|start|stop|cancel` drive the running one (for Wayland, where a
desktop shortcut runs the command instead of a global hotkey)."""

from __future__ import annotations

import os
import sys

import typer

from .. import output
from .base import cli, config, fail


def has_display() -> bool:
    """Whether a window can be shown: always on Windows and macOS, with an X or Wayland display on Linux."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") == "offscreen")


def start_app() -> None:
    settings, paths = config()
    from ..ui.application import run_app  # Qt only for the command that needs it

    raise typer.Exit(run_app(settings, paths))


@cli.command("app")
def app_command() -> None:
    """Start the tray app (hotkey, recording overlay, confirmation card)."""
    if not has_display():
        raise fail("no display to show the app on (DISPLAY / WAYLAND_DISPLAY are not set); "
                   "use `saydo run FILE` for recordings")
    start_app()


def _send(command: str) -> None:
    _, paths = config()
    from ..ui.single_instance import CommandRejected, NotRunning, send_command

    try:
        answer = send_command(paths.runtime_dir, command)
    except NotRunning as exc:
        raise fail(str(exc)) from exc
    except CommandRejected as exc:
        raise fail(f"saydo refused `{command}`: {exc}") from exc
    output.info(answer)


@cli.command()
def toggle() -> None:
    """Start recording in the running app, or stop and show the card."""
    _send("toggle")


@cli.command()
def start() -> None:
    """Start recording in the running app (bind to a key press for hold-to-talk)."""
    _send("start")


@cli.command()
def stop() -> None:
    """Stop recording in the running app and show the card."""
    _send("stop")


@cli.command()
def cancel() -> None:
    """Throw away the recording in progress."""
    _send("cancel")
