"""`saydo`: the command-line interface (DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 bad input, 2 usage.

One module per command group; importing them registers their commands on `cli`.
"""

from __future__ import annotations

from . import (  # noqa: F401  (registration)
    app_cmd,
    ask_cmd,
    bench_cmd,
    clients_cmd,
    devices_cmd,
    files,
    maintain_cmd,
    models_cmd,
    records_cmd,
    sync_cmd,
)
from .base import cli


def main() -> None:
    cli()


__all__ = ["cli", "main"]
