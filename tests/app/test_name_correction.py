"""The client book corrects what Whisper mishears, through the real pipeline and store: the record and the stored
transcript carry the book's spelling, the heard text is kept beside it, and a name not in the book stays as heard.
The transcript is given (Whisper's own text differs between CPUs); the audio is a real clip."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pipeline import Pipeline
from app.settings import load_settings
from asr import Transcript, load_audio
from records import ClientBook
from tests.conftest import DATA, NOW

CLIP = DATA / "dictation" / "zh-reminder-liu.flac"


@pytest.fixture
def home_pipeline(tmp_path: Path, parser) -> Pipeline:
    settings, paths = load_settings(tmp_path)
    return Pipeline(settings, paths, parser=parser)


def _file(pipeline: Pipeline, text: str):
    audio = load_audio(CLIP)
    return pipeline.process_recording(CLIP, audio, NOW, transcript=Transcript(text, "zh", audio.duration_s, 0.0))


def test_a_misheard_client_is_filed_as_the_book_spells_it(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("远航科技", contacts=["孙经理"])
    heard = "刚拜访了员航科技 见了孙经理 他们对云存储方案感兴趣 下周三再去一趟"
    outcome = _file(home_pipeline, heard)
    stored = home_pipeline.store.get(outcome.record_id)
    assert stored.intent == "visit_note"
    assert stored.fields["client"] == "远航科技"
    assert "远航科技" in stored.transcript and "员航科技" not in stored.transcript
    assert stored.heard == heard
    assert [(c.heard, c.replacement) for c in outcome.correction.changes] == [("员航科技", "远航科技")]


def test_a_name_not_in_the_book_stays_as_heard(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("远航科技")
    heard = "刚拜访了远方科技 见了孙经理 聊了聊明年的预算"
    stored = home_pipeline.store.get(_file(home_pipeline, heard).record_id)
    assert stored.transcript == heard and stored.heard is None
    assert "远航" not in stored.fields["client"]


def test_understand_reads_the_corrected_text(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("Globex")
    result = home_pipeline.understand("Visited Glow Bex today, met Hank, they want a quote by Friday", NOW)
    assert result.record.fields["client"] == "Globex"
