"""Decoding audio files of any common format into 16 kHz mono float32, with errors a person can act on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# Formats PyAV/FFmpeg decode that people actually dictate into: recorders, phones, browsers.
SUPPORTED_SUFFIXES = frozenset(
    {".wav", ".flac", ".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".oga", ".opus", ".webm", ".wma", ".amr", ".3gp"}
)


# A file is reported cut short when its header promised this much more than could be decoded (encoder padding and
# rounding differ by milliseconds; a copy or download cut short by seconds).
_SHORTFALL_S = 0.5
_SHORTFALL_SHARE = 0.05


class AudioError(ValueError):
    """The audio cannot be used: missing, empty, corrupt, not audio, or without speech."""


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE
    # Something the person should know about what was decoded (a file cut short), said on the card and the CLI.
    warning: str | None = None

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def _frames(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> Iterator[av.AudioFrame]:
    """Decoded frames; a damaged frame in the middle (phone recordings cut short) is skipped, not fatal."""
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            continue


def _decode(path: Path) -> tuple[np.ndarray, float | None]:
    """16 kHz mono float32 (through 16-bit, as faster-whisper decodes), written into one array sized from the
    container's duration; and the seconds the stream's header promises, when it says.

    A 30-minute take is 115 MB of samples; collecting chunks and joining them (as faster-whisper's decoder does)
    would hold two or three times that at the peak.
    """
    with av.open(str(path), metadata_errors="ignore") as container:
        stream = next(s for s in container.streams if s.type == "audio")
        promised = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else None
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        estimate = int((container.duration or 0) / av.time_base * SAMPLE_RATE) + SAMPLE_RATE
        samples = np.empty(max(estimate, SAMPLE_RATE * 10), dtype=np.float32)
        filled = 0

        def put(frames: list[av.AudioFrame]) -> None:
            nonlocal samples, filled
            for frame in frames:
                block = frame.to_ndarray().reshape(-1) / np.float32(32768.0)
                if filled + block.size > samples.size:
                    samples.resize(max(samples.size * 3 // 2, filled + block.size), refcheck=False)
                samples[filled:filled + block.size] = block
                filled += block.size

        for frame in _frames(container, stream):
            put(resampler.resample(frame))
        put(resampler.resample(None))
    samples.resize(filled, refcheck=False)
    return samples, promised


def _cut_short(path: Path, decoded_s: float, promised_s: float | None) -> str | None:
    """Why the samples are fewer than the header promised (FLAC and MP3 headers say how long the take is), if so."""
    if promised_s is None or promised_s - decoded_s <= max(_SHORTFALL_S, _SHORTFALL_SHARE * promised_s):
        return None
    return (f"{path.name} ends early: only {decoded_s:.1f} s of its {promised_s:.1f} s could be decoded (a copy or "
            "download cut short?); the rest is missing")


def load_audio(path: Path) -> DecodedAudio:
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: the file is empty (0 bytes)")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        known = " ".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
        raise AudioError(f"{path}: unsupported format {path.suffix or '(no extension)'!r}; saydo reads {known}")
    try:
        samples, promised_s = _decode(path)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as exc:
        # StopIteration: the container opened but holds no audio stream.
        raise AudioError(
            f"{path}: cannot decode audio ({exc.__class__.__name__}: {exc}); is the file corrupt?"
        ) from exc
    if samples.size == 0:
        raise AudioError(f"{path}: the file holds no audio samples")
    warning = _cut_short(path, samples.size / SAMPLE_RATE, promised_s)
    if warning:
        log.info("%s", warning)
    return DecodedAudio(samples=samples, warning=warning)
