"""Decoding audio files of any common format into 16 kHz mono float32, with errors a person can act on."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from faster_whisper.audio import decode_audio

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# Formats PyAV/FFmpeg decode that people actually dictate into: recorders, phones, browsers.
SUPPORTED_SUFFIXES = frozenset(
    {".wav", ".flac", ".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".oga", ".opus", ".webm", ".wma", ".amr", ".3gp"}
)


class AudioError(ValueError):
    """The audio cannot be used: missing, empty, corrupt, not audio, or without speech."""


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


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
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as exc:
        # IndexError/StopIteration: the container opened but holds no audio stream.
        raise AudioError(f"{path}: cannot decode audio ({exc.__class__.__name__}: {exc}); is the file corrupt?") from exc
    if samples.size == 0:
        raise AudioError(f"{path}: the file holds no audio samples")
    return DecodedAudio(samples=samples)
