"""Decoding: every common format, and a clear AudioError for everything that is not usable audio."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from asr import SAMPLE_RATE, AudioError, load_audio
from tests.conftest import DATA


@pytest.mark.parametrize("name", ["BAC009S0764W0121.wav", "jfk.flac", "hotwords.mp3"])
def test_decodes_real_clips_to_16k_mono(name: str) -> None:
    audio = load_audio(DATA / name)
    assert audio.sample_rate == SAMPLE_RATE
    assert audio.samples.ndim == 1 and audio.samples.dtype == np.float32
    assert audio.duration_s > 1


def _reencode(source: Path, target: Path, codec: str, rate: int, layout: str) -> Path:
    """Write a real clip in another container/codec/rate/channel layout, as phones and browsers do."""
    samples = load_audio(source).samples
    with av.open(str(target), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        frame_samples = np.repeat(samples[None, :], 2 if layout == "stereo" else 1, axis=0)
        frame = av.AudioFrame.from_ndarray(frame_samples.astype(np.float32), format="fltp", layout=layout)
        frame.sample_rate = SAMPLE_RATE
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return target


@pytest.mark.parametrize(("suffix", "codec", "rate", "layout"), [
    (".ogg", "libopus", 48000, "stereo"),
    (".webm", "libopus", 48000, "mono"),
    (".m4a", "aac", 44100, "stereo"),
])
def test_decodes_phone_and_browser_formats(tmp_path: Path, suffix: str, codec: str, rate: int, layout: str) -> None:
    target = _reencode(DATA / "jfk.flac", tmp_path / f"jfk{suffix}", codec, rate, layout)
    audio = load_audio(target)
    assert audio.duration_s == pytest.approx(11.0, abs=0.3)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such file"):
        load_audio(tmp_path / "nope.wav")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.touch()
    with pytest.raises(AudioError, match="empty"):
        load_audio(empty)


def test_corrupt_file(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.mp3"
    corrupt.write_bytes(b"\x00\x01garbage" * 500)
    with pytest.raises(AudioError, match="cannot decode"):
        load_audio(corrupt)


def test_truncated_wav_header(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.wav"
    truncated.write_bytes((DATA / "BAC009S0764W0121.wav").read_bytes()[:30])
    with pytest.raises(AudioError):
        load_audio(truncated)


def test_unsupported_format(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not audio")
    with pytest.raises(AudioError, match="unsupported format"):
        load_audio(text)


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="folder"):
        load_audio(tmp_path)


@pytest.mark.parametrize(("suffix", "codec", "rate", "layout"), [
    (".wav", "pcm_s16le", 44100, "stereo"),
    (".flac", "flac", 48000, "stereo"),
    (".mp3", "libmp3lame", 22050, "mono"),
])
def test_decodes_any_rate_and_stereo(tmp_path: Path, suffix: str, codec: str, rate: int, layout: str) -> None:
    target = _reencode(DATA / "BAC009S0764W0121.wav", tmp_path / f"clip{suffix}", codec, rate, layout)
    audio = load_audio(target)
    assert audio.duration_s == pytest.approx(4.2, abs=0.1)
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1


def test_file_with_no_audio_stream(tmp_path: Path) -> None:
    video_only = tmp_path / "screen.webm"
    with av.open(str(video_only), "w") as container:
        stream = container.add_stream("libvpx", rate=5)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for _ in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    with pytest.raises(AudioError, match="cannot decode"):
        load_audio(video_only)
