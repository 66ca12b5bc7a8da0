"""Benchmarks behind `saydo bench WHAT`: each module `bench/<what>.py` has `run(settings, paths, options) -> dict`.

The dict it returns is what `--json` prints on stdout (one object); the table goes to stdout, or to stderr under
`--json`, and the full result is written under `bench/results/`.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from .report import BenchOptions, console

BENCHES = ("pipeline", "parse", "stream", "store", "models", "app", "names")


def run_bench(what: str, settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    if what not in BENCHES:
        raise ValueError(f"unknown bench {what!r}; choose one of {', '.join(BENCHES)}")
    try:
        module = importlib.import_module(f"{__name__}.{what}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{what}":
            raise
        raise ValueError(f"bench {what!r} is not part of this build yet") from exc
    if options.as_json:
        console.file = sys.stderr
    result = module.run(settings, paths, options)
    if options.as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return result


__all__ = ["BENCHES", "BenchOptions", "run_bench"]
