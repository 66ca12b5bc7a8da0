"""Starting the tray app from the CLI: whether a window can be shown here, and the start itself (Qt is imported
only then). Its own module so that both the bare `saydo` and `saydo app` reach it without importing each other."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import typer

from ..settings import Paths, Settings


def has_display() -> bool:
    """Whether a window can be shown: always on Windows and macOS, with an X or Wayland display on Linux."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") == "offscreen")


def start_app(settings: Settings, paths: Paths) -> NoReturn:
    from ..ui.application import run_app  # Qt only for the command that needs it

    raise typer.Exit(run_app(settings, paths))
