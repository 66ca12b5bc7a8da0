"""Inputs at their limits, through the real decoder, parser, pipeline and store: a recording cut short is filed from
what was decoded and says so; control characters never reach a field; a very long text is parsed from its start, and
the whole of it is kept in the transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.pipeline import Pipeline
from app.settings import load_settings
from asr import Transcript, load_audio
from intents.parser import MAX_PARSE_CHARS
from tests.cli import PINNED, lines, saydo
from tests.conftest import DATA, NOW

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

CLIP = DATA / "dictation" / "en-reminder-invoice.flac"
# C0 controls that are not tab or newline, and DEL; the terminal's escape sequences start with ESC (\x1b).
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f"


@pytest.fixture
def home_pipeline(tmp_path: Path, parser, transcriber) -> Pipeline:
    settings, paths = load_settings(tmp_path / "home")
    return Pipeline(settings.model_copy(update={"timezone": "Asia/Shanghai"}), paths, parser=parser,
                    transcriber=transcriber)


@pytest.fixture
def cut_clip(tmp_path: Path) -> Path:
    """The clip's first third: the FLAC header still promises the whole take."""
    data = CLIP.read_bytes()
    cut = tmp_path / "cut-short.flac"
    cut.write_bytes(data[:len(data) // 3])
    return cut


def test_a_file_cut_short_is_decoded_as_far_as_it_goes_and_says_so(cut_clip: Path) -> None:
    whole = load_audio(CLIP)
    assert whole.warning is None
    cut = load_audio(cut_clip)
    assert 0 < cut.duration_s < whole.duration_s * 0.6
    assert cut.warning is not None and "ends early" in cut.warning
    assert f"{whole.duration_s:.1f} s" in cut.warning and f"{cut.duration_s:.1f} s" in cut.warning


def test_a_file_cut_short_is_filed_with_the_warning_on_its_card(home_pipeline: Pipeline, cut_clip: Path) -> None:
    outcome = home_pipeline.process_file(cut_clip, NOW)
    assert outcome.parse is not None and "ends early" in outcome.parse.warnings[0]
    stored = home_pipeline.store.get(outcome.record_id)
    assert stored.transcript and stored.audio.duration_s < load_audio(CLIP).duration_s * 0.6


def test_run_and_transcribe_say_a_file_was_cut_short(tmp_path: Path, cut_clip: Path) -> None:
    run = saydo(tmp_path / "home", "run", str(cut_clip), "--yes", "--json", *PINNED)
    assert run.returncode == 0, run.stderr
    [line] = lines(run.stdout)
    assert any("ends early" in warning for warning in line["warnings"]) and line["transcript"]
    heard = saydo(tmp_path / "home", "transcribe", str(cut_clip))
    assert heard.returncode == 0 and "ends early" in heard.stderr


def test_control_characters_never_reach_a_field(parser) -> None:
    text = f"Remind me tomorrow at 3 pm{CONTROLS} to send Li Wei{CONTROLS[:3]} the invoice\r\nplease"
    result = parser.parse(text, NOW)
    values = json.dumps(result.record.model_dump(), ensure_ascii=False)
    assert not any(c in values for c in CONTROLS) and "\\u00" not in values
    assert result.record.intent == "reminder"


def test_saydo_parse_strips_control_characters(tmp_path: Path) -> None:
    # An argument cannot hold NUL (a C string ends there); a JSON line on stdin can.
    said = "Remind me tomorrow at 3 pm to send Li\x1b[31m Wei the invoice\x07"
    typed = saydo(tmp_path, "parse", said, *PINNED)
    assert typed.returncode == 0, typed.stderr
    piped = saydo(tmp_path, "parse", "--jsonl", *PINNED,
                  stdin=json.dumps({"id": "1", "text": "Remind me tomorrow at 3 pm to pay the\x00 invoice"}) + "\n")
    assert piped.returncode == 0, piped.stderr
    for out in (typed.stdout, piped.stdout):
        assert "\\u001b" not in out and "\\u0007" not in out and "\\u0000" not in out
        assert '"reminder"' in out


def test_the_transcript_is_cleaned_before_it_is_stored(home_pipeline: Pipeline) -> None:
    audio = load_audio(CLIP)
    heard = f"Remind me tomorrow at 3 pm\x00 to send the invoice{CONTROLS}"
    outcome = home_pipeline.process_recording(CLIP, audio, NOW, transcript=Transcript(heard, "en", 1.0, 0.0))
    stored = home_pipeline.store.get(outcome.record_id)
    assert stored.transcript == "Remind me tomorrow at 3 pm to send the invoice"
    assert outcome.transcript.text == stored.transcript


def test_a_very_long_text_is_parsed_from_its_start_and_kept_whole(home_pipeline: Pipeline) -> None:
    said = "Note that the Northwind quote needs a second look before Friday. "
    long_text = said * (100_000 // len(said) + 1)
    result = home_pipeline.parse(long_text, NOW)
    assert result.warnings[0].startswith(f"the text is {len(long_text):,} characters long")
    values = [v for v in result.record.fields.values() if isinstance(v, str)]
    assert values and all(len(v) <= MAX_PARSE_CHARS for v in values)
    audio = load_audio(CLIP)
    outcome = home_pipeline.process_recording(CLIP, audio, NOW, transcript=Transcript(long_text, "en", 1.0, 0.0))
    assert home_pipeline.store.get(outcome.record_id).transcript == long_text
