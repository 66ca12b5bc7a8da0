"""Shared bench plumbing: percentiles, peak memory, and writing a result as a table plus JSON."""

from __future__ import annotations

import json
import platform
import resource
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psutil
from rich.console import Console
from rich.table import Table


@dataclass(frozen=True)
class BenchOptions:
    limit: int | None = None  # only the first N items
    gold: Path | None = None  # another gold set (parse)
    as_json: bool = False  # one JSON object on stdout, the table on stderr


RESULTS_DIR = Path(__file__).resolve().parent / "results"
# DESIGN.md's reference moment for the dictations (a Monday morning in Shanghai): what "明天" and "Friday" mean.
DESIGN_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
console = Console(width=None if Console().is_terminal else 140)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": psutil.cpu_count(logical=True),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    t = Table(title=title, title_justify="left")
    for column in columns:
        first = column == columns[0]
        t.add_column(column, justify="left" if first else "right", no_wrap=first)
    for row in rows:
        t.add_row(*("—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    return t


def write_json(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    data = {"bench": name, "at": stamp, "machine": machine(), **data}
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS_DIR / f"{name}-latest.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return path
