"""`saydo bench store` at a small size: every sink ends with everything delivered, nothing lost, nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.report
from app.settings import Settings
from bench.report import BenchOptions
from bench.store import run

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def test_bench_store_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the small run's JSON out of bench/results, where the real run's result lives.
    monkeypatch.setattr(bench.report, "RESULTS_DIR", tmp_path)
    result = run(Settings(), None, BenchOptions(limit=40))
    assert set(result) >= {"sinks", "search_p50_ms"}
    sinks = {s["sink"]: s for s in result["sinks"]}
    assert set(sinks) == {"folder", "webhook", "postgres"}
    for name, sink in sinks.items():
        if sink.get("skipped"):
            assert name == "postgres"
            continue
        assert (sink["sent"], sink["delivered"], sink["duplicates"], sink["lost"]) == (40, 40, 0, 0), sink
        assert sink["attempts"] >= 40 and sink["records_per_s"] > 0
    assert result["search_p50_ms"] > 0
    assert (tmp_path / "store-latest.json").is_file()
