"""Transcription with the real bundled Whisper base on real speech."""

from __future__ import annotations

import numpy as np
import pytest

from asr import DecodedAudio, NoSpeechError, load_audio, to_simplified, to_traditional
from bench.pipeline import error_rate
from tests.conftest import DATA, real_clips

# Measured with the bundled int8 Whisper base, beam 5, VAD on (see bench/results): the short clips come out
# nearly exact; the WenetSpeech meeting clip is fast, colloquial, far-field speech and is hard for a base-size model.
# Each bound sits about 0.1 above what was measured, to absorb thread-count nondeterminism but still catch a broken
# decoder, a wrong language or a wrong script.
MAX_ERROR = {
    "BAC009S0764W0121.wav": 0.2,
    "IT0011W0001.wav": 0.1,
    "TEST_NET_Y0000000000_-KTKHdZ2fb8_S00000.wav": 0.1,
    "TEST_MEETING_T0000000001_S00000.wav": 0.6,
    "jfk.flac": 0.1,
}


@pytest.mark.parametrize(("name", "lang", "reference"), real_clips(), ids=[c[0] for c in real_clips()])
def test_real_clips_within_measured_error(transcriber, name: str, lang: str, reference: str) -> None:
    transcript = transcriber.transcribe(load_audio(DATA / name))
    assert transcript.lang == lang
    assert error_rate(lang, reference, transcript.text) <= MAX_ERROR[name], transcript.text


@pytest.mark.parametrize("name", [c[0] for c in real_clips() if c[1] == "zh"])
def test_chinese_comes_out_simplified(transcriber, name: str) -> None:
    text = transcriber.transcribe(load_audio(DATA / name)).text
    assert text == to_simplified(text)


def test_traditional_when_asked(transcriber) -> None:
    from asr import TranscribeOptions

    text = transcriber.transcribe(load_audio(DATA / "BAC009S0764W0121.wav"), TranscribeOptions(language="zh-TW")).text
    assert text == to_traditional(text)
    assert "現" in text  # 出现 -> 出現


def test_silence_is_rejected_not_invented(transcriber) -> None:
    silence = DecodedAudio(samples=np.zeros(16000 * 5, dtype=np.float32))
    with pytest.raises(NoSpeechError, match="no speech"):
        transcriber.transcribe(silence)


def test_noise_is_rejected_not_invented(transcriber) -> None:
    rng = np.random.default_rng(7)
    hum = 0.02 * np.sin(2 * np.pi * 50 * np.arange(16000 * 6) / 16000) + 0.01 * rng.standard_normal(16000 * 6)
    with pytest.raises(NoSpeechError):
        transcriber.transcribe(DecodedAudio(samples=hum.astype(np.float32)))
