"""`saydo`: the command-line interface (DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 bad input, 2 usage.

One module per command group; importing them registers their commands on `cli`.
"""

from __future__ import annotations

from . import bench_cmd, files, models_cmd, records_cmd  # noqa: F401  (registration)
from .base import cli


def main() -> None:
    cli()


__all__ = ["cli", "main"]
