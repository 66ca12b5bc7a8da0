"""`saydo app` starts the tray app; `saydo toggle|start|stop|cancel` drive the running one (for Wayland, where a
desktop shortcut runs the command instead of a global hotkey)."""

from __future__ import annotations

from ..ipc import deliver
from . import output
from .base import cli, config, fail
from .launch import has_display, start_app


@cli.command("app")
def app_command() -> None:
    """Start the tray app (hotkey, recording overlay, confirmation card)."""
    if not has_display():
        raise fail("no display to show the app on (DISPLAY / WAYLAND_DISPLAY are not set); "
                   "use `saydo run FILE` for recordings")
    start_app(*config())


def _send(command: str) -> None:
    """The full CLI's way (`saydo --verbose toggle`); a plain `saydo toggle` takes the same channel (app/entry.py)."""
    _, paths = config()
    delivered, line = deliver(paths.runtime_dir, command)
    if not delivered:
        raise fail(line)
    output.info(line)


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
