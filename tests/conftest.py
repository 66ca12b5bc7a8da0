"""Session-wide fixtures: real models loaded once, a private saydo home per session, the real clips."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# DESIGN.md's reference time for the dictation clips: a Monday morning.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


# Tests that load the real models (through these fixtures) are marked `models`: `scripts/test -m "not models"` is the
# quick lane for everyday work; the whole suite is what CI runs.
_MODEL_FIXTURES = frozenset({"pipeline", "transcriber", "parser"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.models)


def real_clips() -> list[tuple[str, str, str]]:
    rows = (DATA / "refs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(row.split("\t")) for row in rows]  # type: ignore[misc]


def dictations() -> list[dict]:
    lines = (DATA / "dictation" / "refs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def saydo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("saydo-home")


@pytest.fixture(scope="session")
def config(saydo_home: Path):
    from app.settings import load_settings

    return load_settings(saydo_home)


@pytest.fixture(scope="session")
def pipeline(config):
    from app.pipeline import Pipeline

    settings, paths = config
    return Pipeline(settings, paths)


@pytest.fixture(scope="session")
def transcriber(pipeline):
    return pipeline.transcriber


@pytest.fixture(scope="session")
def parser(pipeline):
    return pipeline.parser


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 256 KiB tmpfs: a real full file system. Needs the right to mount (root in the test container)."""
    mount = Path("/tmp") / f"saydo-full-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a size-limited tmpfs here ({result.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()
