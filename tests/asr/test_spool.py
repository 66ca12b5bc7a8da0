"""The spool WAV and the Recorder, fed by a real clip through FileSource (the stand-in for a physical microphone):
pre-roll, a complete WAV after stop, cancel, and a recording process killed mid-take."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from asr import SAMPLE_RATE, load_audio
from asr.capture import FileSource, Recorder, recover_spools
from asr.spool import SpoolWriter, is_complete
from tests.conftest import DATA

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]


def test_spool_wav_is_complete_after_close(tmp_path: Path) -> None:
    samples = load_audio(DATA / "BAC009S0764W0121.wav").samples
    writer = SpoolWriter(tmp_path / "take.wav")
    for at in range(0, samples.size, 1600):
        writer.write(samples[at:at + 1600])
    writer.close()
    assert is_complete(writer.path)
    with wave.open(str(writer.path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getnframes()) == (SAMPLE_RATE, 1, samples.size)
    assert np.abs(load_audio(writer.path).samples - samples).max() < 1e-3


def test_recorder_keeps_pre_roll_and_writes_the_take(tmp_path: Path) -> None:
    clip = DATA / "jfk.flac"
    levels: list[float] = []
    frames: list[np.ndarray] = []
    source = FileSource(clip, realtime=True, speed=4.0)
    recorder = Recorder(source, tmp_path, pre_roll_s=0.5, on_level=levels.append, on_frames=frames.append)
    recorder.arm()
    time.sleep(1.0)  # 4 s of the clip go by before the key goes down
    path = recorder.start()
    source.finished.wait(10)
    recording = recorder.stop()
    recorder.close()
    assert recording.path == path and is_complete(path)
    # The take holds the 0.5 s before start() and everything after it, and nothing was lost on the way.
    whole = load_audio(clip).samples
    on_disk = load_audio(path).samples
    assert on_disk.size == recording.samples.size == sum(f.size for f in frames)
    start = whole.size - on_disk.size
    assert 0 < start < whole.size - 5 * SAMPLE_RATE
    assert np.abs(on_disk - whole[start:]).max() < 1e-3
    assert recording.duration_s == pytest.approx(on_disk.size / SAMPLE_RATE)
    assert frames[0].size >= 0.5 * SAMPLE_RATE - 1600  # the pre-roll comes first, in one block
    assert levels and max(levels) > 0.5 and min(levels) >= 0.0


def test_cancel_deletes_the_take(tmp_path: Path) -> None:
    recorder = Recorder(FileSource(DATA / "jfk.flac", speed=4.0), tmp_path)
    path = recorder.start()
    time.sleep(0.3)
    recorder.cancel()
    recorder.close()
    assert not path.exists()


def test_stop_without_start_is_an_error(tmp_path: Path) -> None:
    recorder = Recorder(FileSource(DATA / "jfk.flac"), tmp_path)
    with pytest.raises(RuntimeError, match="without start"):
        recorder.stop()


_RECORD_FOREVER = """
import sys, time
from pathlib import Path
from asr.capture import FileSource, Recorder
recorder = Recorder(FileSource(Path(sys.argv[1]), realtime=True), Path(sys.argv[2]))
print(recorder.start(), flush=True)
time.sleep(600)
"""


def test_killed_recording_is_recovered(tmp_path: Path) -> None:
    """A real recording process SIGKILLed mid-take: the spool WAV is on disk and becomes readable."""
    spool = tmp_path / "spool"
    proc = subprocess.Popen([sys.executable, "-c", _RECORD_FOREVER, str(DATA / "jfk.flac"), str(spool)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    path = Path(proc.stdout.readline().strip())
    time.sleep(3.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert path.exists() and not is_complete(path)

    recovered = recover_spools(spool)
    assert recovered == [path] and is_complete(path)
    samples = load_audio(path).samples
    assert 1.5 < samples.size / SAMPLE_RATE < 5.0  # about the 3 s recorded before the kill
    whole = load_audio(DATA / "jfk.flac").samples
    assert np.abs(samples - whole[:samples.size]).max() < 1e-3
    assert recover_spools(spool) == [path]  # idempotent


def test_recover_removes_spools_without_audio(tmp_path: Path) -> None:
    (tmp_path / "take-empty.wav").write_bytes(b"RIFF")
    assert recover_spools(tmp_path) == []
    assert not (tmp_path / "take-empty.wav").exists()
    assert recover_spools(tmp_path / "missing") == []


def test_full_disk_mid_take_hands_back_the_take_from_memory(tiny_disk: Path) -> None:
    """The spool folder is a real 256 KiB file system; jfk (11 s, about 350 KB as WAV) does not fit. stop() says so,
    and the whole take comes back from memory to be transcribed: nothing said is lost."""
    from asr import SpoolFailed

    clip = load_audio(DATA / "jfk.flac").samples
    source = FileSource(DATA / "jfk.flac", realtime=True, speed=8.0)  # paced: the take starts with the clip
    recorder = Recorder(source, tiny_disk, pre_roll_s=0.0)
    recorder.start()
    assert source.finished.wait(60)
    with pytest.raises(SpoolFailed, match="could not be saved") as failure:
        recorder.stop()
    recorder.close()
    taken = failure.value.recording.samples
    # The clip's first few milliseconds may go by while the take starts; all the rest is here.
    assert taken.size >= 0.95 * clip.size
    assert np.abs(taken - clip[-taken.size:]).max() < 1e-6
