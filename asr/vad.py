"""Voice activity with the Silero model bundled in faster-whisper: speech regions, and end of speech for toggle mode."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .decode import SAMPLE_RATE
from .transcribe import SILENCE_DBFS, level_dbfs

_WINDOW = 512  # samples per Silero decision at 16 kHz


@dataclass(frozen=True)
class Region:
    """Speech from `start` to `end`, in samples."""

    start: int
    end: int


def speech_regions(samples: np.ndarray, *, min_silence_s: float = 0.5, pad_s: float = 0.0,
                   threshold: float = 0.5) -> list[Region]:
    """Where the speech is; pauses shorter than `min_silence_s` do not split a region."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size < _WINDOW:
        return []
    options = VadOptions(threshold=threshold, min_silence_duration_ms=int(min_silence_s * 1000),
                         speech_pad_ms=int(pad_s * 1000), min_speech_duration_ms=150)
    return [Region(r["start"], r["end"]) for r in get_speech_timestamps(samples, options, SAMPLE_RATE)]


def has_speech(samples: np.ndarray) -> bool:
    """Energy gate first (silence costs nothing), then the VAD."""
    return level_dbfs(samples) >= SILENCE_DBFS and bool(speech_regions(samples))


class SpeechProbabilities:
    """Silero run incrementally: each call scores the new 512-sample windows, carrying the model's state over, so
    a live stream is judged with the same context as a whole file (a fresh state on a short window misses soft
    onsets)."""

    _CONTEXT = 64

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(self._CONTEXT, dtype=np.float32)
        self._rest = np.zeros(0, dtype=np.float32)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        audio = np.concatenate([self._rest, samples.astype(np.float32, copy=False)])
        usable = audio.size - audio.size % _WINDOW
        self._rest = audio[usable:]
        if usable == 0:
            return np.zeros(0, dtype=np.float32)
        windows = audio[:usable].reshape(-1, _WINDOW)
        contexts = np.concatenate([self._context[None, :], windows[:-1, -self._CONTEXT:]])
        self._context = windows[-1, -self._CONTEXT:].copy()
        out, self._h, self._c = self._session.run(
            None, {"input": np.concatenate([contexts, windows], axis=1), "h": self._h, "c": self._c})
        return np.asarray(out, dtype=np.float32).reshape(-1)


class LiveRegions:
    """Speech regions of a growing take, each 512-sample window scored by Silero once as it arrives.

    A streaming decoder asks where the speech is every fifth of a second; running Silero over the whole buffer each
    time cost 4.5 ms per second of audio (90 ms a look at 20 s buffered, on the same thread as the decodes). Regions
    follow faster-whisper's rule (speech from a window at `threshold`, ended by `min_silence_s` below `threshold` -
    0.15), without its padding; `forget` drops the windows before a sample, so memory stays bounded.
    """

    def __init__(self, *, min_silence_s: float = 0.1, min_speech_s: float = 0.15, threshold: float = 0.5) -> None:
        self._probabilities = SpeechProbabilities()
        self._scores = np.zeros(0, dtype=np.float32)
        self._first = 0  # index of the first window kept
        self._length = 0  # samples fed
        self._min_silence = int(min_silence_s * SAMPLE_RATE)
        self._min_speech = int(min_speech_s * SAMPLE_RATE)
        self._threshold = threshold

    def feed(self, samples: np.ndarray) -> None:
        self._scores = np.concatenate([self._scores, self._probabilities(samples)])
        self._length += samples.size

    def forget(self, before: int) -> None:
        """Drop the scores of the windows that end before sample `before`."""
        drop = max(0, min(before // _WINDOW - self._first, self._scores.size))
        self._scores = self._scores[drop:]
        self._first += drop

    def regions(self, start: int) -> list[Region]:
        """The speech from sample `start` to the end of what was fed, relative to `start`."""
        low = max(self._threshold - 0.15, 0.01)
        regions: list[Region] = []
        begin: int | None = None
        quiet_since = 0
        first = max(0, start // _WINDOW - self._first)
        for index, score in enumerate(self._scores[first:], start=self._first + first):
            at = index * _WINDOW
            if begin is None:
                if score >= self._threshold:
                    begin, quiet_since = at, 0
                continue
            if score >= self._threshold:
                quiet_since = 0
            elif score < low:
                quiet_since = quiet_since or at
                if at - quiet_since >= self._min_silence:
                    if quiet_since - begin > self._min_speech:
                        regions.append(Region(max(begin - start, 0), quiet_since - start))
                    begin, quiet_since = None, 0
        if begin is not None and self._length - begin > self._min_speech:
            regions.append(Region(max(begin - start, 0), self._length - start))
        return regions


class EndOfSpeech:
    """Fed the live frames; fires `on_end` once speech has been heard and then `silence_s` passed without any.

    For toggle mode: the user starts a take, speaks, and need not press the key again. Thread-safe; the cost per
    block is constant however long the take.
    """

    def __init__(self, silence_s: float = 1.5, on_end: Callable[[], None] | None = None, *,
                 threshold: float = 0.5) -> None:
        self.silence_s = silence_s
        self._on_end = on_end
        self._threshold = threshold
        self._probabilities: SpeechProbabilities | None = None
        self._heard = False
        self._quiet = 0  # samples since the last window that sounded like speech
        self._fired = threading.Event()
        self._lock = threading.Lock()

    @property
    def ended(self) -> bool:
        return self._fired.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._fired.wait(timeout)

    def feed(self, samples: np.ndarray) -> bool:
        """Returns True once the speaker has finished."""
        with self._lock:
            if self._fired.is_set():
                return True
            if self._probabilities is None:
                self._probabilities = SpeechProbabilities()
            loud = level_dbfs(samples) >= SILENCE_DBFS
            for probability in self._probabilities(samples):
                if loud and probability >= self._threshold:
                    self._heard = True
                    self._quiet = 0
                else:
                    self._quiet += _WINDOW
            if not (self._heard and self._quiet >= self.silence_s * SAMPLE_RATE):
                return False
            self._fired.set()
        if self._on_end:
            self._on_end()
        return True
