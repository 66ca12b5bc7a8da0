"""The speech section of `saydo bench names`: its scoring on hand-made transcripts and corrections (no Whisper), and
its data: the book files into a real store and agrees with the manifest, the clips are what the manifest names."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from asr import Change, Correction
from bench.names_speech import (
    BOOK,
    Clip,
    SpokenName,
    book_forms,
    file_book,
    load_clips,
    names_in,
    names_in_record,
    normalized,
    score_clip,
    summarize,
    unsaid_book_names,
)
from records import ClientBook, Store

# A made-up book: a client with an alias, a long client whose alias sits inside its name, a person.
FORMS = book_forms([("北辰软件", ("北辰",)), ("中国农业银行", ("农业银行",)), ("Laura Brooks", ())])


def _clip(said: str, *names: tuple[str, str, bool]) -> Clip:
    return Clip("t", "zh", Path("t.flac"), said, tuple(SpokenName(*n) for n in names))


def _change(heard: str, start: int, written: str, name: str, kind: str = "client") -> Change:
    return Change(start, start + len(heard), heard, written, 0.9, name, kind)


def _corrected(heard: str, *changes: Change) -> Correction:
    text = heard
    for c in sorted(changes, key=lambda c: -c.start):
        text = text[:c.start] + c.replacement + text[c.end:]
    return Correction(text, heard, list(changes))


def test_names_match_across_script_case_spaces_and_punctuation() -> None:
    assert normalized("北辰軟件") == normalized("北辰软件")
    assert normalized("laura  brooks.") == normalized("Laura Brooks")
    assert normalized("O'Neil-Smith") == "oneilsmith"
    assert names_in((SpokenName("Laura Brooks", "person", True),), "met LAURA brooks, twice") == [True]


def test_a_name_said_twice_must_be_heard_twice() -> None:
    names = (SpokenName("北辰", "client", True), SpokenName("北辰", "client", True))
    assert names_in(names, "北辰的人说北晨下周来") == [True, False]
    assert names_in(names, "北辰的人说北辰下周来") == [True, True]


def test_book_names_not_said_count_each_name_once_whatever_form_it_takes() -> None:
    # the long name is not counted again as its alias inside it
    assert unsaid_book_names("去了中国农业银行", "去了中国农业银行", FORMS) == []
    # said in full, heard as the alias or half heard: not a name that was not said
    assert unsaid_book_names("北辰那边", "北辰软件那边", FORMS) == []
    assert unsaid_book_names("北辰软见那边", "北辰软件那边", FORMS) == []
    # a name written where another was said is
    assert unsaid_book_names("北辰软件那边", "北城软件那边", FORMS) == ["北辰软件"]
    assert unsaid_book_names("call Laura Brooks", "call Laura Brooke", FORMS) == ["Laura Brooks"]


def test_a_right_correction_is_scored_right_after_and_not_false() -> None:
    clip = _clip("明天去北辰软件找Laura Brooks", ("北辰软件", "client", True), ("Laura Brooks", "person", True))
    heard = "明天去北晨软件找Laura Brooks"
    correction = _corrected(heard, _change("北晨软件", 3, "北辰软件", "北辰软件"))
    result = score_clip(clip, heard, correction, FORMS)
    assert [(m["before"], m["after"]) for m in result["mentions"]] == [(False, True), (True, True)]
    assert result["false_changes"] == [] and result["out_of_book_changed"] == 0
    assert not result["ordinary_changed"] and result["unsaid_after"] == []


def test_a_book_name_written_over_an_out_of_book_name_is_a_false_correction() -> None:
    clip = _clip("北城软件的人来了", ("北城软件", "client", False))
    heard = "北城软件的人来了"
    correction = _corrected(heard, _change("北城软件", 0, "北辰软件", "北辰软件"))
    result = score_clip(clip, heard, correction, FORMS)
    assert result["mentions"][0]["before"] and not result["mentions"][0]["after"]
    assert result["out_of_book_changed"] == 1 and not result["ordinary_changed"]
    assert result["unsaid_before"] == [] and result["unsaid_after"] == ["北辰软件"]


def test_a_false_change_beyond_the_out_of_book_names_counts_against_ordinary_words() -> None:
    clip = _clip("背陈述一下")
    heard = "背陈述一下"
    result = score_clip(clip, heard, _corrected(heard, _change("背陈", 0, "北辰", "北辰软件")), FORMS)
    assert result["out_of_book_changed"] == 0 and result["ordinary_changed"]


def test_summary_rates_per_mention_and_per_chance() -> None:
    right = score_clip(_clip("北辰软件", ("北辰软件", "client", True)), "北晨软件",
                       _corrected("北晨软件", _change("北晨软件", 0, "北辰软件", "北辰软件")), FORMS)
    false = score_clip(_clip("北城软件", ("北城软件", "client", False)), "北城软件",
                       _corrected("北城软件", _change("北城软件", 0, "北辰软件", "北辰软件")), FORMS)
    summary = summarize([right, false])
    assert (summary["clients_n"], summary["clients_right_before"], summary["clients_right_after"]) == (1, 0.0, 1.0)
    assert summary["contacts_n"] == 0 and summary["contacts_right_after"] is None
    assert summary["out_of_book_changed"] == 1.0
    assert summary["false_corrections"] == pytest.approx(1 / 3)  # one out-of-book name and two utterances
    assert (summary["false_changes"], summary["changes"]) == (1, 2)


def test_a_name_in_the_record_is_found_in_any_field_and_told_apart_in_a_name_field() -> None:
    names = (SpokenName("北辰软件", "client", True), SpokenName("Laura Brooks", "person", True),
             SpokenName("北城软件", "client", False))
    visit = {"client": "北辰软件", "contacts": ["laura brooks"], "summary": "谈了续约", "deal_value": 30000}
    assert names_in_record(names, visit) == [(True, True), (True, True), (False, False)]
    task = {"title": "把北辰軟件的报价发给Laura", "assignee": None, "due": None}
    assert names_in_record(names, task) == [(True, False), (False, False), (False, False)]
    # Two list entries are two names: their ends do not run together into a third.
    assert names_in_record((SpokenName("AB", "person", True),), {"attendees": ["A", "B"]}) == [(False, False)]
    assert names_in_record(names, None) == [(False, False)] * 3  # understood as a question: nothing filed


def test_the_record_measure_is_summarised_only_where_it_was_taken() -> None:
    clip = _clip("北辰软件的Laura Brooks", ("北辰软件", "client", True), ("Laura Brooks", "person", True))
    heard = "北辰软件的Laura Brooks"
    understood = score_clip(clip, heard, _corrected(heard), FORMS, {"client": "北辰软件", "summary": "Laura Brooks"},
                            understood=True)
    summary = summarize([understood])
    assert (summary["clients_in_record"], summary["clients_in_name_field"]) == (1.0, 1.0)
    assert (summary["contacts_in_record"], summary["contacts_in_name_field"]) == (1.0, 0.0)
    assert "clients_in_record" not in summarize([score_clip(clip, heard, _corrected(heard), FORMS)])


def test_the_bench_book_files_into_a_store_and_agrees_with_the_manifest(tmp_path: Path) -> None:
    with Store.open(tmp_path / "saydo.db") as store:
        filed = file_book(store)
        entries = ClientBook(store).entries()
    lines = BOOK.read_text(encoding="utf-8").splitlines()
    assert filed == len(entries) == sum('"type": "book"' in line for line in lines)
    forms = book_forms([(e.name, e.aliases) for e in entries])
    clips = load_clips()
    names = [n for clip in clips for n in clip.names]
    assert all((normalized(n.said) in forms) == n.in_book for n in names)
    assert all(normalized(n.said) in normalized(clip.said) for clip in clips for n in clip.names)
    # the mix the issue asks for: most mentions in the book, a good share out of it
    assert 0.5 <= sum(n.in_book for n in names) / len(names) <= 0.7


def test_every_clip_is_16_khz_mono_speech() -> None:
    for clip in load_clips():
        with av.open(str(clip.audio)) as container:
            stream = container.streams.audio[0]
            assert (stream.rate, stream.channels) == (16000, 1), clip.id
            assert 1.0 < float(stream.duration * stream.time_base) < 15.0, clip.id
