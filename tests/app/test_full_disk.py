"""A full disk (a file-size limit, RLIMIT_FSIZE) while filing: a clear error, the words are printed, nothing is
half-written, and the next run with space files it normally."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import pytest

from records import Store
from tests.cli import PINNED, SAYDO, lines, saydo
from tests.conftest import DATA

pytestmark = pytest.mark.models  # runs the CLI on audio, which loads the models

CLIP = DATA / "dictation" / "zh-reminder-liu.flac"


def test_full_disk_files_nothing_but_keeps_the_words(tmp_path: Path) -> None:
    Store.open(tmp_path / "data" / "saydo.db").close()
    limit = CLIP.stat().st_size // 2  # the audio copy cannot be written

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([SAYDO, "--home", str(tmp_path), "run", str(CLIP), "--yes", "--json", *PINNED],
                            capture_output=True, text=True, timeout=600, preexec_fn=small_disk)
    assert result.returncode == 1
    [out] = lines(result.stdout)
    assert "nothing was filed" in out["error"] and ("too large" in out["error"] or "space" in out["error"])
    assert "刘总" in out["transcript"] and out["record"]["intent"] == "reminder"
    assert lines(saydo(tmp_path, "records", "list", "--json").stdout) == []
    assert not [p for p in (tmp_path / "data" / "audio").rglob("*") if p.is_file()]

    again = saydo(tmp_path, "run", str(CLIP), "--yes", "--json", *PINNED)
    assert again.returncode == 0, again.stderr
    assert [r["intent"] for r in lines(saydo(tmp_path, "records", "list", "--json").stdout)] == ["reminder"]
