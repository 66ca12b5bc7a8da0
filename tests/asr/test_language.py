"""The `asr.language` setting: a pinned language is never detected, and a take that switches between Mandarin and
English keeps both, in a file and while streaming. Real clips joined with a pause stand in for a bilingual take;
only robust properties are asserted (which scripts survive), never Whisper's exact words."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from asr import SAMPLE_RATE, DecodedAudio, TranscribeOptions, load_audio, to_simplified
from asr.capture import FileSource
from asr.language import Guess, carry, guess, join
from asr.spool import SpoolWriter
from asr.stream import StreamingTranscriber
from tests.conftest import DATA

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_JFK_WORDS = ("fellow", "americans", "country", "ask")


def _joined(*names: str) -> np.ndarray:
    pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
    parts = [part for name in names for part in (load_audio(DATA / name).samples, pause)]
    return np.concatenate(parts[:-1])


def _both_languages(text: str) -> None:
    assert len(_CJK.findall(text)) >= 6, text  # the Chinese clip says 13 characters
    assert sum(word in text.lower() for word in _JFK_WORDS) >= 3, text


class _CountingDetections:
    """Counts Whisper's language detections on a transcriber's window decoder."""

    def __init__(self, transcriber, monkeypatch) -> None:
        self.count = 0
        real = transcriber._window.language_probabilities

        def counted(samples: np.ndarray) -> dict[str, float]:
            self.count += 1
            return real(samples)

        monkeypatch.setattr(transcriber._window, "language_probabilities", counted)


def test_zh_and_en_compete_by_their_share_of_the_two() -> None:
    probabilities = {"zh": 0.3, "en": 0.05, "ja": 0.6}
    assert guess(probabilities, "zh+en") == Guess("zh", pytest.approx(0.3 / 0.35))
    assert guess(probabilities, "auto").lang == "zh"  # Japanese, but Whisper is not sure of it
    assert guess({"de": 0.97, "en": 0.02}, "auto") == Guess("de", 0.97)
    assert guess({"de": 0.97, "en": 0.02}, "zh+en").lang == "en"
    assert guess({}, "zh-TW") == Guess("zh", 1.0) and guess({}, "en") == Guess("en", 1.0)


def test_an_unsure_stretch_keeps_the_language_before_it() -> None:
    assert carry(Guess("en", 0.7), "zh") == "zh"
    assert carry(Guess("en", 0.97), "zh") == "en"
    assert carry(Guess("en", 0.7), None) == "en"


def test_chinese_runs_on_and_other_pieces_are_spaced() -> None:
    assert join([("甚至出现", "zh"), ("交易停滞", "zh"), ("Ask not.", "en"), ("再说", "zh")]) == \
        "甚至出现交易停滞 Ask not. 再说"


def test_an_old_config_saying_zh_cn_still_loads(tmp_path: Path) -> None:
    from app.settings import load_settings

    (tmp_path / "config.toml").write_text('[asr]\nlanguage = "zh-CN"\n')
    assert load_settings(tmp_path)[0].asr.language == "zh"
    (tmp_path / "config.toml").write_text('[asr]\nlanguage = "zh+en"\n')
    assert load_settings(tmp_path)[0].asr.language == "zh+en"


@pytest.mark.parametrize("language", ["auto", "zh+en"])
@pytest.mark.parametrize("order", [("BAC009S0764W0121.wav", "jfk.flac"), ("jfk.flac", "BAC009S0764W0121.wav")])
def test_a_take_that_switches_language_keeps_both(transcriber, language: str, order: tuple[str, str]) -> None:
    text = transcriber.transcribe(DecodedAudio(samples=_joined(*order)), TranscribeOptions(language=language)).text
    _both_languages(text)
    chinese = "".join(_CJK.findall(text))
    assert chinese == to_simplified(chinese)


def test_a_long_take_keeps_every_passage_in_order(transcriber) -> None:
    """Longer than one window (the padded path): Mandarin, English, Mandarin, English come back in that order."""
    samples = _joined("BAC009S0764W0121.wav", "jfk.flac", "TEST_MEETING_T0000000001_S00000.wav", "jfk.flac")
    assert samples.size > 30 * SAMPLE_RATE
    text = transcriber.transcribe(DecodedAudio(samples=samples), TranscribeOptions(language="zh+en")).text
    scripts = [("zh" if _CJK.match(m.group()) else "en") for m in re.finditer(r"[\u4e00-\u9fff]+|[A-Za-z]{2,}", text)]
    runs = [s for i, s in enumerate(scripts) if i == 0 or s != scripts[i - 1]]
    assert runs == ["zh", "en", "zh", "en"], text


def test_auto_keeps_a_language_whisper_is_sure_of(transcriber) -> None:
    """multilingual.mp3: English, then German. "auto" keeps the German; "zh+en" may only choose between two."""
    text = transcriber.transcribe(load_audio(DATA / "multilingual.mp3"), TranscribeOptions(language="auto")).text
    assert "Permission" in text and len(re.findall(r"\b(?:zu|die|der|und)\b", text)) >= 5, text


@pytest.mark.parametrize(("language", "clip"), [("en", "jfk.flac"), ("zh", "BAC009S0764W0121.wav")])
def test_a_pinned_language_is_never_detected(transcriber, monkeypatch, language: str, clip: str) -> None:
    detections = _CountingDetections(transcriber, monkeypatch)
    text = transcriber.transcribe(DecodedAudio(samples=_joined(clip, clip)), TranscribeOptions(language=language)).text
    assert detections.count == 0
    if language == "en":
        assert text and not _CJK.search(text), text
    else:
        assert text and not _LATIN_WORD.search(text), text


def _stream(transcriber, path: Path, options: TranscribeOptions, *, realtime: bool) -> str:
    stream = StreamingTranscriber(transcriber, options)
    source = FileSource(path, realtime=realtime, tail_s=0.8)
    source.start(stream.feed)
    assert source.finished.wait(120)
    source.stop()
    final = stream.finish()
    stream.wait_idle()
    return final.text


@pytest.mark.parametrize(("language", "realtime"), [("auto", True), ("zh+en", False)])
def test_a_streamed_take_that_switches_language_keeps_both(transcriber, tmp_path, language: str,
                                                           realtime: bool) -> None:
    """English then Mandarin after a one-second pause: the last piece is decoded in its own language even though
    the English before it was committed (or is still pending) in another."""
    writer = SpoolWriter(tmp_path / "take.wav")
    writer.write(_joined("jfk.flac", "BAC009S0764W0121.wav"))
    writer.close()
    _both_languages(_stream(transcriber, writer.path, TranscribeOptions(language=language), realtime=realtime))


def test_a_streamed_take_in_a_pinned_language_is_never_detected(transcriber, monkeypatch) -> None:
    detections = _CountingDetections(transcriber, monkeypatch)
    text = _stream(transcriber, DATA / "jfk.flac", TranscribeOptions(language="en"), realtime=False)
    assert detections.count == 0
    assert "country" in text.lower() and not _CJK.search(text), text
