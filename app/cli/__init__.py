"""`saydo`: the command-line interface (DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 bad input, 2 usage.

One module per command group; importing them registers their commands on `cli`. Commands from outside the app
(`saydo bench`) are plug-ins: an entry point in the group `saydo.commands` names a function that registers them.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from . import (  # noqa: F401  (registration)
    app_cmd,
    ask_cmd,
    clients_cmd,
    devices_cmd,
    maintain_cmd,
    models_cmd,
    records_cmd,
    run_cmd,
    sync_cmd,
)
from .base import cli

log = logging.getLogger(__name__)


def _load_plugins() -> None:
    for entry in entry_points(group="saydo.commands"):
        try:
            entry.load()(cli)
        except Exception as exc:  # a broken plug-in must not take the rest of the CLI with it
            log.warning("the %s commands are not available: %s", entry.name, exc)


_load_plugins()


def main() -> None:
    cli()


__all__ = ["cli", "main"]
