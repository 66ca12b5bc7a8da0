"""Remember what was computed for the last audio, so that work asked again for the same samples is not redone.

A streaming pause decodes the same uncommitted audio several times in a row (a language detection, a quick decode,
then its polish); each would otherwise run the VAD and Whisper's encoder again over identical samples.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")


def fingerprint(samples: np.ndarray) -> bytes:
    """Identifies the content of an audio array (a couple of milliseconds for 30 s of audio)."""
    data = np.ascontiguousarray(samples)
    return hashlib.blake2b(data.tobytes(), digest_size=16, person=str(data.dtype).encode()[:16]).digest()


class LastAudioMemo(Generic[T]):
    """`compute(samples)`, reused while it is asked for the same samples again; holds the last `size` results only,
    so memory stays flat however long the take. Not thread-safe: callers serialise (the Transcriber's lock)."""

    def __init__(self, compute: Callable[[np.ndarray], T], size: int = 1) -> None:
        self._compute = compute
        self._size = size
        self._last: OrderedDict[bytes, T] = OrderedDict()

    def __call__(self, samples: np.ndarray) -> T:
        key = fingerprint(samples)
        if key in self._last:
            self._last.move_to_end(key)
            return self._last[key]
        value = self._compute(samples)
        self._last[key] = value
        while len(self._last) > self._size:
            self._last.popitem(last=False)
        return value
