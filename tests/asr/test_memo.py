"""asr/memo.py: work asked again for the same samples is reused, and for any other samples done afresh."""

from __future__ import annotations

import numpy as np

from asr.memo import LastAudioMemo, fingerprint


def test_the_same_samples_are_computed_once() -> None:
    calls: list[int] = []
    memo = LastAudioMemo(lambda samples: calls.append(samples.size) or samples.sum())
    audio = np.linspace(-1, 1, 16000, dtype=np.float32)
    first = memo(audio)
    assert memo(audio.copy()) == first  # equal content, another array
    assert calls == [16000]


def test_other_samples_are_computed_again_and_only_the_last_is_kept() -> None:
    calls: list[int] = []
    memo = LastAudioMemo(lambda samples: calls.append(samples.size) or float(samples[-1]))
    a = np.zeros(8000, dtype=np.float32)
    b = a.copy()
    b[-1] = 0.5  # one sample differs
    assert (memo(a), memo(b), memo(a)) == (0.0, 0.5, 0.0)
    assert calls == [8000, 8000, 8000]


def test_fingerprint_tells_content_and_type_apart() -> None:
    a = np.arange(100, dtype=np.float32)
    assert fingerprint(a) == fingerprint(a.copy())
    assert fingerprint(a) != fingerprint(a[:-1])
    assert fingerprint(a) != fingerprint(a.astype(np.int32))
    assert fingerprint(a[::2]) == fingerprint(np.ascontiguousarray(a[::2]))


def test_a_memo_of_two_keeps_the_two_latest() -> None:
    calls: list[float] = []
    memo = LastAudioMemo(lambda samples: calls.append(float(samples[0])) or float(samples[0]), size=2)
    a, b, c = (np.full(10, v, dtype=np.float32) for v in (1.0, 2.0, 3.0))
    assert [memo(a), memo(b), memo(a), memo(c), memo(a), memo(b)] == [1.0, 2.0, 1.0, 3.0, 1.0, 2.0]
    assert calls == [1.0, 2.0, 3.0, 2.0]  # b was the older of the two when c came
