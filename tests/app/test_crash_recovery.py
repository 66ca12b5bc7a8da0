"""Crash safety: a real `saydo run` subprocess is SIGKILLed at each pipeline stage; the draft and its audio survive
and `saydo recover` finishes them."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli import PINNED, SAYDO, lines, saydo
from tests.conftest import DATA

pytestmark = pytest.mark.models  # runs the CLI on audio, which loads the models

CLIP = DATA / "dictation" / "zh-reminder-liu.flac"


def run_until(home: Path, marker: str) -> None:
    """Start `saydo -v run CLIP` and SIGKILL it as soon as its log shows `marker`."""
    proc = subprocess.Popen([SAYDO, "--home", str(home), "-v", "run", str(CLIP), "--yes", "--json", *PINNED],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if marker in line:
                os.killpg(proc.pid, signal.SIGKILL)
                break
        else:
            pytest.fail(f"the log never showed {marker!r}")
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("marker", "stage"), [("received ", "received"), ("transcribed draft", "transcribed")])
def test_killed_pipeline_leaves_a_draft_that_recover_finishes(tmp_path: Path, marker: str, stage: str) -> None:
    run_until(tmp_path, marker)

    listed = lines(saydo(tmp_path, "records", "list", "--json").stdout)
    assert [(r["status"], r["stage"]) for r in listed] == [("draft", stage)]
    shown = lines(saydo(tmp_path, "records", "show", listed[0]["id"], "--json").stdout)[0]
    assert Path(shown["audio"]["path"]).read_bytes() == CLIP.read_bytes()
    if stage == "transcribed":
        assert "刘总" in shown["transcript"]

    recovered = saydo(tmp_path, "recover", "--json")
    assert recovered.returncode == 0, recovered.stderr
    out = lines(recovered.stdout)
    assert [o["id"] for o in out] == [listed[0]["id"]]
    assert out[0]["record"]["intent"] == "reminder"

    after = lines(saydo(tmp_path, "records", "list", "--json").stdout)
    assert [(r["status"], r["stage"], r["intent"]) for r in after] == [("draft", "done", "reminder")]
    history = lines(saydo(tmp_path, "records", "history", listed[0]["id"], "--json").stdout)
    assert [h["reason"] for h in history][0] == "created"
    assert history[-1]["transcript"] == after[0]["transcript"]
    # Recovering again finds nothing left to do.
    assert lines(saydo(tmp_path, "recover", "--json").stdout) == []


def test_audio_copied_just_before_a_crash_is_adopted(tmp_path: Path) -> None:
    """The audio copy lands before the draft row; a crash between the two leaves a file no record names."""
    sha = hashlib.sha256(CLIP.read_bytes()).hexdigest()
    audio_dir = tmp_path / "data" / "audio"
    audio_dir.mkdir(parents=True)
    (audio_dir / f"{sha}.flac").write_bytes(CLIP.read_bytes())
    (audio_dir / f"{sha}.flac.tmp").write_bytes(CLIP.read_bytes()[:1000])  # a copy cut short
    from records import Store

    Store.open(tmp_path / "data" / "saydo.db").close()

    out = lines(saydo(tmp_path, "recover", "--json").stdout)
    assert len(out) == 1 and out[0]["record"]["intent"] == "reminder"
    assert sorted(p.name for p in audio_dir.iterdir()) == [f"{sha}.flac"]
