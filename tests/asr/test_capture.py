"""Real capture through sounddevice from a PulseAudio null sink (tests/virtual_mic.py): only the physical
microphone is simulated; PortAudio, the Recorder, the spool WAV and Whisper are real."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from asr import TranscribeOptions, load_audio
from asr.capture import CaptureError, MicrophoneSource, Recorder, list_input_devices
from asr.spool import is_complete
from asr.stream import StreamingTranscriber
from bench.pipeline import error_rate
from tests.conftest import DATA, real_clips
from tests.virtual_mic import VirtualMic, virtual_mic  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def test_virtual_mic_is_listed_and_default(virtual_mic: VirtualMic) -> None:
    devices = list_input_devices()
    names = [d.name for d in devices]
    assert virtual_mic.device in names
    assert sum(d.is_default for d in devices) == 1
    assert all(d.channels > 0 for d in devices)


def test_unknown_device_is_a_clear_error(virtual_mic: VirtualMic) -> None:
    with pytest.raises(CaptureError, match="saydo devices"):
        MicrophoneSource("no such microphone").start(lambda _frames: None)


def _capture(mic: VirtualMic, clip: Path, spool: Path, on_frames=None):
    levels: list[float] = []
    recorder = Recorder(MicrophoneSource(mic.device), spool, on_level=levels.append, on_frames=on_frames)
    recorder.arm()
    try:
        recorder.start()
        mic.play(clip).wait(timeout=60)
        time.sleep(0.5)  # the sink's latency: the last syllables are still on their way
        recording = recorder.stop()
    finally:
        recorder.close()
    return recording, levels


def test_records_a_played_clip_to_the_spool(virtual_mic: VirtualMic, tmp_path: Path) -> None:
    clip = DATA / "BAC009S0764W0121.wav"
    recording, levels = _capture(virtual_mic, clip, tmp_path)
    assert is_complete(recording.path)
    assert load_audio(recording.path).duration_s == pytest.approx(recording.duration_s, abs=0.01)
    assert recording.duration_s >= load_audio(clip).duration_s
    assert max(levels) > 0.3


def test_captured_speech_is_transcribed_while_streaming(virtual_mic: VirtualMic, transcriber, tmp_path: Path) -> None:
    name, lang, ref = next(c for c in real_clips() if c[0] == "jfk.flac")
    stream = StreamingTranscriber(transcriber, TranscribeOptions())
    recording, _ = _capture(virtual_mic, DATA / name, tmp_path, on_frames=stream.feed)
    streamed = stream.finish()
    from_spool = transcriber.transcribe(load_audio(recording.path))
    assert error_rate(lang, ref, streamed.text) <= 0.15, streamed.text
    assert error_rate(lang, ref, from_spool.text) <= 0.15, from_spool.text
