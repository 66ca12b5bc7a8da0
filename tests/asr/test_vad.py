"""Silero VAD (bundled with faster-whisper) on real speech: regions, and end of speech for toggle mode."""

from __future__ import annotations

import numpy as np
import pytest

from asr import SAMPLE_RATE, load_audio
from asr.vad import EndOfSpeech, LiveRegions, Region, has_speech, speech_regions
from tests.conftest import DATA


def _feed(detector: EndOfSpeech, samples: np.ndarray) -> float | None:
    """Feed 100 ms blocks; the time (s) at which the detector fired, or None."""
    for at in range(0, samples.size, 1600):
        if detector.feed(samples[at:at + 1600]):
            return (at + 1600) / SAMPLE_RATE
    return None


def test_speech_regions_find_the_pauses_in_real_speech() -> None:
    samples = load_audio(DATA / "jfk.flac").samples
    regions = speech_regions(samples, min_silence_s=0.6)
    assert len(regions) >= 3  # "And so my fellow Americans," / "ask not…" / "ask what…"
    assert regions[0].start < 0.6 * SAMPLE_RATE and regions[-1].end > 10 * SAMPLE_RATE


@pytest.mark.parametrize("name", [
    "jfk.flac", "TEST_MEETING_T0000000001_S00000.wav", "dictation/zh-visit-yuanhang.flac",
])
def test_live_regions_find_what_the_whole_file_vad_finds(name: str) -> None:
    """Scored window by window as 100 ms blocks arrive, the regions are those of Silero over the whole file."""
    samples = load_audio(DATA / name).samples
    live = LiveRegions(min_silence_s=0.1)
    for at in range(0, samples.size, 1600):
        live.feed(samples[at:at + 1600])
    whole = speech_regions(samples, min_silence_s=0.1)
    assert len(whole) >= 3 and live.regions(0) == whole


def test_live_regions_count_from_where_the_buffer_starts() -> None:
    """A streaming buffer drops committed audio: regions come relative to its start, the forgotten windows gone."""
    samples = load_audio(DATA / "jfk.flac").samples
    live = LiveRegions(min_silence_s=0.1)
    live.feed(samples)
    whole = live.regions(0)
    cut = (whole[1].end + whole[2].start) // 2
    live.forget(cut)
    assert live.regions(cut) == [Region(r.start - cut, r.end - cut) for r in whole[2:]]
    assert live.regions(0) == whole[2:]  # the forgotten windows hold no speech any more


def test_silence_and_noise_have_no_speech() -> None:
    rng = np.random.default_rng(3)
    assert not has_speech(np.zeros(SAMPLE_RATE * 3, dtype=np.float32))
    hum = 0.02 * np.sin(2 * np.pi * 50 * np.arange(SAMPLE_RATE * 3) / SAMPLE_RATE)
    assert not has_speech((hum + 0.01 * rng.standard_normal(hum.size)).astype(np.float32))
    assert has_speech(load_audio(DATA / "IT0011W0001.wav").samples)


def test_end_of_speech_fires_after_the_speaker_stops() -> None:
    speech = load_audio(DATA / "jfk.flac").samples
    take = np.concatenate([speech, np.zeros(3 * SAMPLE_RATE, dtype=np.float32)])
    fired: list[bool] = []
    detector = EndOfSpeech(silence_s=1.5, on_end=lambda: fired.append(True))
    at = _feed(detector, take)
    # jfk's speech ends at about 10.5 s; its inner pauses (about 1 s) must not end the take.
    assert at is not None and 11.5 <= at <= 13.0
    assert fired == [True] and detector.ended


def test_end_of_speech_waits_for_speech_first() -> None:
    detector = EndOfSpeech(silence_s=1.0)
    assert _feed(detector, np.zeros(5 * SAMPLE_RATE, dtype=np.float32)) is None
    assert not detector.wait(0)
