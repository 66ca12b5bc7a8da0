"""A saydo home with the two bundled samples filed by the real CLI, shared by the CLI tests (read-only: copy it
with `home_copy` before changing anything)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
