"""A 30-minute recording (mostly room tone, real speech spliced in): decoding does not hold more than the samples
themselves, transcription finds the speech, and peak memory stays bounded. Measured in a subprocess, so the peak
RSS is this job's alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from asr import SAMPLE_RATE, load_audio
from asr.spool import SpoolWriter
from tests.conftest import DATA

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]
MINUTES = 30

_MEASURE = """
import json, sys
from pathlib import Path
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the pytest process this one was forked from.
def rss_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
from app.settings import load_settings
from app.pipeline import Pipeline
from asr import load_audio
settings, paths = load_settings(Path(sys.argv[2]))
pipeline = Pipeline(settings, paths)
base = rss_mb()
audio = load_audio(Path(sys.argv[1]))
decoded = rss_mb()
transcript = pipeline.transcriber.transcribe(audio, pipeline.transcribe_options())
print(json.dumps({"base": base, "decoded": decoded, "peak": rss_mb(), "text": transcript.text,
                  "seconds": audio.duration_s}, ensure_ascii=False))
"""


def _thirty_minutes(path: Path) -> Path:
    """Real speech at the start, in the middle and at the end, faint room noise between them (one language: a take
    is transcribed in the language detected at its start)."""
    rng = np.random.default_rng(5)
    writer = SpoolWriter(path)
    plan = {0: "jfk.flac", MINUTES // 2: "dictation/en-task-david.flac", MINUTES - 1: "dictation/en-note-email.flac"}
    for minute in range(MINUTES):
        used = 0
        if minute in plan:
            speech = load_audio(DATA / plan[minute]).samples
            writer.write(speech)
            used = speech.size
        room = (0.0005 * rng.standard_normal(60 * SAMPLE_RATE - used)).astype(np.float32)
        writer.write(room)
    writer.close()
    return path


def test_thirty_minute_file_memory_is_bounded(saydo_home: Path, tmp_path: Path) -> None:
    path = _thirty_minutes(tmp_path / "thirty-minutes.wav")
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(saydo_home)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    samples_mb = MINUTES * 60 * SAMPLE_RATE * 4 / 2**20  # 110 MB of float32
    assert result["seconds"] == MINUTES * 60
    # Decoding holds the samples and little more (faster-whisper's own decoder peaks at 2-3 times that).
    assert result["decoded"] - result["base"] <= 1.3 * samples_mb, result
    assert result["peak"] < 1500, result
    text = result["text"]
    assert "Americans" in text and "David" in text and "email" in text, text
