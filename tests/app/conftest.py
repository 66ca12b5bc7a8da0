"""Saydo homes for the CLI tests: the two bundled samples filed by the real CLI, shared (read-only: copy it with
`home_copy` before changing anything), and a home with one note filed straight into a real store (no model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from records import Store
from tests.cli import PINNED, lines, saydo
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def filed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    home = tmp_path_factory.mktemp("home")
    result = saydo(home, "run", str(SAMPLES / "zh-visit-note.flac"), str(SAMPLES / "en-task.flac"), "--yes",
                   "--json", *PINNED)
    assert result.returncode == 0, result.stderr
    return home, lines(result.stdout)


@pytest.fixture
def home_copy(filed, tmp_path: Path) -> tuple[Path, list[dict]]:
    home, out = filed
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    # Audio paths in the copy's store still point into the original home, which is never changed.
    return copy, out


@pytest.fixture
def home_with_a_note(tmp_path: Path) -> tuple[Path, str]:
    """A home and the id of its one record, a note."""
    home = tmp_path / "home"
    with Store.open(home / "data" / "saydo.db") as store:
        record_id = store.add({"intent": "note", "fields": {"text": "call Li Wei"}}, transcript="call Li Wei",
                              lang="en", source="cli")
    return home, record_id
