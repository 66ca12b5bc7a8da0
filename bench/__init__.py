"""Benchmarks: `saydo bench pipeline` (stages, ASR accuracy, memory) and `saydo bench parse` (the parser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BENCHES = ("pipeline", "parse")


def run_bench(what: str, settings: Any, paths: Any, *, limit: int | None = None,
              gold: Path | None = None) -> dict[str, Any]:
    if what == "pipeline":
        from .pipeline import run
    elif what == "parse":
        from .parse import run
    else:
        raise ValueError(f"unknown bench {what!r}; choose one of {', '.join(BENCHES)}")
    return run(settings, paths, limit=limit, gold=gold)
