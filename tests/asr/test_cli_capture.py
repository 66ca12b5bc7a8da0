"""`saydo devices` and `saydo record` in real subprocesses, capturing from the virtual microphone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import SAYDO
from tests.conftest import DATA
from tests.virtual_mic import VirtualMic, virtual_mic  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def test_devices_lists_the_default_input(virtual_mic: VirtualMic, tmp_path: Path) -> None:
    done = subprocess.run([SAYDO, "--home", str(tmp_path), "devices", "--json"], env=virtual_mic.env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    assert any(d["name"] == virtual_mic.device for d in found)
    assert sum(d["default"] for d in found) == 1


def test_record_prints_what_was_said(virtual_mic: VirtualMic, saydo_home: Path, transcriber, tmp_path: Path) -> None:
    """`transcriber` only makes sure the model is installed in the session's home before the subprocess runs."""
    kept = tmp_path / "take.wav"
    proc = subprocess.Popen([SAYDO, "--home", str(saydo_home), "record", "--seconds", "14", "--device",
                             virtual_mic.device, "--out", str(kept), "--json"], env=virtual_mic.env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    # Play only once the take has started (the model loads first, slower on a busy machine).
    for line in proc.stderr:
        if line.startswith("recording"):
            break
    else:
        raise AssertionError(f"`saydo record` never started recording: {proc.communicate()}")
    virtual_mic.play(DATA / "jfk.flac").wait(timeout=60)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert "Americans" in result["transcript"] and "country" in result["transcript"]
    assert kept.exists() and result["audio"] == str(kept)
    assert not list((saydo_home / "data" / "spool").glob("*.wav"))  # the spool is left clean


def test_record_from_a_missing_device_fails_clearly(saydo_home: Path, transcriber) -> None:
    done = subprocess.run([SAYDO, "--home", str(saydo_home), "record", "--seconds", "1", "--device",
                           "no such microphone"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "saydo devices" in done.stderr
