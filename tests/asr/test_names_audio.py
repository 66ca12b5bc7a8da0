"""Name corrections judged by the audio: a sure match the audio refutes is dropped, a near miss is made only when the
audio bears it out, and Whisper's likelihood of a text is what judges (asr/names.py, `Transcriber.text_logprobs`).

The policy tests give the corrector a likelihood by hand (the audio's verdict is the input under test); the last
tests ask the real Whisper model about a real clip."""

from __future__ import annotations

import numpy as np
import pytest

from asr import BookName, correct_names, load_audio
from tests.conftest import DATA

BOOK = [BookName("远航科技"), BookName("Northwind Traders"), BookName("Marlow", kind="person")]
SAME = "上午去员航科技开会"  # the same syllables in the same tones: no audio can tell them apart
SURE = "上午去院航科技开会"  # the same syllables, one in another tone
CLOSE = "上午去远寒科技开会"  # a syllable off by a common confusion (ang/an): another name, or this one misheard
NEAR = "上午去远黄科技开会"  # one syllable off in more than its initial or final: a near miss


def verdict(*per_text: float | None):
    """A likelihood that answers the given log-probabilities (heard text first) and records what it was asked."""
    asked: list[list[str]] = []

    def likelihood(texts: list[str]) -> list[float] | None:
        asked.append(texts)
        return None if per_text == (None,) else list(per_text)

    likelihood.asked = asked  # type: ignore[attr-defined]
    return likelihood


def test_a_near_miss_is_not_made_on_text_alone() -> None:
    assert correct_names(NEAR, BOOK).text == NEAR
    assert correct_names(SAME, BOOK).text == "上午去远航科技开会"
    assert correct_names(CLOSE, BOOK).text == "上午去远航科技开会"
    assert correct_names(SURE, BOOK).text == "上午去远航科技开会"


STAFF = [BookName("远航科技"), BookName("澄江物流"), BookName("白若溪", kind="person", company="远航科技")]


@pytest.mark.parametrize(("heard", "change", "expected"), [
    # Said right after their own company, one syllable off (xin for xi) is a near miss the audio decides.
    ("远航科技的白若新说可以", -1.0, "远航科技的白若溪说可以"),
    ("远航科技，白若新说可以", -1.0, "远航科技，白若溪说可以"),
    ("远航科技的白若新说可以", -6.0, "远航科技的白若新说可以"),
    # Two syllables off (another tone too), or with another company: someone else.
    ("远航科技的拜若新说可以", -1.0, "远航科技的拜若新说可以"),
    ("澄江物流的白若新说可以", -1.0, "澄江物流的白若新说可以"),
    # A company that is itself a guess (one confusion off) is no ground for guessing its people.
    ("远寒科技的白若新说可以", -1.0, "远航科技的白若新说可以"),
])
def test_a_person_said_with_their_own_company_may_be_heard_further_off(heard: str, change: float,
                                                                        expected: str) -> None:
    assert correct_names(heard, STAFF, lambda texts: [-10.0, *([-10.0 + change] * (len(texts) - 1))]).text \
        == expected


def test_mo_and_nuo_share_their_final_so_a_long_name_heard_with_one_is_a_near_miss() -> None:
    # Pinyin writes muo as mo: one syllable off by its initial only, which the audio then judges.
    book = [BookName("东诺化工")]
    assert correct_names("明天去东末化工", book, verdict(-10.0, -11.0)).text == "明天去东诺化工"
    assert correct_names("明天去东末化工", book, verdict(-10.0, -20.0)).text == "明天去东末化工"


def test_without_the_audio_a_person_heard_further_off_stays_as_heard() -> None:
    assert correct_names("远航科技的白若新说可以", STAFF).text == "远航科技的白若新说可以"


def test_the_audio_is_asked_about_the_heard_text_and_each_change() -> None:
    likelihood = verdict(-10.0, -9.0)
    correct_names(NEAR, BOOK, likelihood)
    assert likelihood.asked == [[NEAR, "上午去远航科技开会"]]


@pytest.mark.parametrize(("heard", "change", "made"), [
    (NEAR, -1.0, True),  # the audio bears the near miss out
    (NEAR, -6.0, False),  # it doubts it: a near miss must come close
    (CLOSE, -3.0, True),  # a confusable syllable: the audio must bear it out as well
    (CLOSE, -6.0, False),
    (SURE, -4.0, True),  # a sure match stands unless the audio clearly says otherwise
    (SURE, -5.5, False),
    (SAME, -20.0, True),  # the audio is not asked: the book decides between characters of one sound
])
def test_a_change_is_made_as_far_as_the_audio_bears_it_out(heard: str, change: float, made: bool) -> None:
    result = correct_names(heard, BOOK, verdict(-10.0, -10.0 + change))
    assert (result.text == "上午去远航科技开会") is made
    assert bool(result.changes) is made


def test_characters_of_the_same_sound_are_not_put_to_the_audio() -> None:
    likelihood = verdict(-10.0)
    assert correct_names(SAME, BOOK, likelihood).text == "上午去远航科技开会"
    assert likelihood.asked == []


@pytest.mark.parametrize(("heard", "expected", "asked"), [
    # Another spelling of the same sound (a silent h, a doubled letter, ph for f): the book decides.
    ("call Rhona Philips today", "call Rhonah Phillips today", False),
    ("call Rhona Fillips today", "call Rhonah Phillips today", False),
    # A vowel apart is another sound: the audio is asked, and here it says no.
    ("call Rhonah Phallips today", "call Rhonah Phallips today", True),
])
def test_english_spellings_of_one_sound_are_not_put_to_the_audio(heard: str, expected: str, asked: bool) -> None:
    likelihood = verdict(-10.0, -40.0)
    assert correct_names(heard, [BookName("Rhonah Phillips", kind="person")], likelihood).text == expected
    assert bool(likelihood.asked) is asked


def test_without_a_verdict_sure_matches_stay_and_near_misses_go() -> None:
    assert correct_names(SURE, BOOK, verdict(None)).text == "上午去远航科技开会"
    assert correct_names(CLOSE, BOOK, verdict(None)).text == "上午去远航科技开会"
    assert correct_names(NEAR, BOOK, verdict(None)).text == NEAR


def test_the_verdict_is_per_character_or_word_changed() -> None:
    # Two characters changed may cost twice what one may: 院行 → 远航 at -8 is -4 a character.
    assert correct_names("上午去院行科技开会", BOOK, verdict(-10.0, -18.0)).text == "上午去远航科技开会"
    assert correct_names(SURE, BOOK, verdict(-10.0, -18.0)).text == SURE
    # English by words: one word changed at -8 is refuted, two at -8 are not.
    assert correct_names("met Marlo today", BOOK, verdict(-10.0, -10.0)).text == "met Marlow today"
    assert correct_names("met Marlo today", BOOK, verdict(-10.0, -18.0)).text == "met Marlo today"
    assert correct_names("call North Wind Traitors", BOOK, verdict(-10.0, -18.0)).text == "call Northwind Traders"


def test_each_change_is_judged_on_its_own() -> None:
    heard = "上午去院航科技开会 下午见Marlo"
    result = correct_names(heard, BOOK, verdict(-10.0, -11.0, -30.0))
    assert [(c.heard, c.replacement) for c in result.changes] == [("院航科技", "远航科技")]


# The real model: what was said is more likely than a text with one word changed, whatever the CPU.

def test_whisper_finds_what_was_said_more_likely_than_a_changed_word(transcriber) -> None:
    samples = load_audio(DATA / "jfk.flac").samples
    said = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
    changed = said.replace("Americans", "Canadians")
    logprobs = transcriber.text_logprobs(samples, [said, changed], "en")
    assert logprobs is not None and len(logprobs) == 2
    assert all(np.isfinite(logprobs)) and logprobs[0] > logprobs[1]


def test_speech_longer_than_one_window_gets_no_verdict(transcriber) -> None:
    samples = load_audio(DATA / "jfk.flac").samples
    long = np.concatenate([samples] * 4)  # about 44 s of speech
    assert transcriber.text_logprobs(long, ["ask not"], "en") is None
