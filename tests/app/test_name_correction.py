"""The client book corrects what Whisper mishears, through the real pipeline and store: the record and the stored
transcript carry the book's spelling, the heard text is kept beside it, and a name not in the book stays as heard.
The transcript is given (Whisper's own text differs between CPUs), written as heard from what the clip says; the audio
is the real clip, so each change is judged by it as in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pipeline import Pipeline
from app.settings import load_settings
from asr import Transcript, load_audio
from records import ClientBook
from tests.conftest import DATA, NOW

CLIP = DATA / "dictation" / "zh-visit-yuanhang.flac"
SAID = ("帮我记录一下今天拜访远航科技的情况，见了采购部的孙经理，他们对我们的云存储方案很感兴趣，"
        "预算大概三十万，下周二之前把报价单发给他。")


@pytest.fixture
def home_pipeline(tmp_path: Path, parser, transcriber) -> Pipeline:
    settings, paths = load_settings(tmp_path)
    return Pipeline(settings, paths, parser=parser, transcriber=transcriber)


def _file(pipeline: Pipeline, text: str):
    audio = load_audio(CLIP)
    return pipeline.process_recording(CLIP, audio, NOW, transcript=Transcript(text, "zh", audio.duration_s, 0.0))


def test_a_misheard_client_is_filed_as_the_book_spells_it(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("远航科技", contacts=["孙经理"])
    heard = SAID.replace("远航科技", "员航科技")
    outcome = _file(home_pipeline, heard)
    stored = home_pipeline.store.get(outcome.record_id)
    assert stored.intent == "visit_note"
    assert stored.fields["client"] == "远航科技"
    assert "远航科技" in stored.transcript and "员航科技" not in stored.transcript
    assert stored.heard == heard
    assert [(c.heard, c.replacement) for c in outcome.correction.changes] == [("员航科技", "远航科技")]


def test_a_near_miss_is_corrected_when_the_audio_bears_it_out(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("远航科技")
    heard = SAID.replace("远航科技", "远黄科技")
    assert home_pipeline.correct(heard).text == heard  # on text alone, one syllable this far off is another name
    outcome = _file(home_pipeline, heard)
    assert [(c.heard, c.replacement) for c in outcome.correction.changes] == [("远黄科技", "远航科技")]
    assert home_pipeline.store.get(outcome.record_id).fields["client"] == "远航科技"


def test_a_name_not_in_the_book_stays_as_heard(home_pipeline: Pipeline) -> None:
    # The book holds a sound-alike of the client the clip names; the audio says the client as heard.
    ClientBook(home_pipeline.store).add_client("远方科技")
    stored = home_pipeline.store.get(_file(home_pipeline, SAID).record_id)
    assert stored.transcript == SAID and stored.heard is None
    assert stored.fields["client"] == "远航科技"


def test_understand_reads_the_corrected_text(home_pipeline: Pipeline) -> None:
    ClientBook(home_pipeline.store).add_client("Globex")
    result = home_pipeline.understand("Visited Glow Bex today, met Hank, they want a quote by Friday", NOW)
    assert result.record.fields["client"] == "Globex"
