"""Speech a decode left out, found by the text's alignment and put back (asr/gaps.py, `Transcriber.segments`).

The pure parts are tested on made-up timings; the last tests ask the real Whisper model about a real clip with part of
its text taken away (a skipped stretch on purpose: which stretches Whisper skips by itself differs between CPUs) and
with a pause put into it."""

from __future__ import annotations

import numpy as np
import pytest

from asr import TranscribeOptions, load_audio
from asr.gaps import MIN_SKIPPED_S, holds_speech, put_back, skipped_stretches
from asr.script import to_simplified
from asr.transcribe import _speech_only
from asr.window import TimedToken
from tests.conftest import DATA


def tokens(*durations: float) -> list[TimedToken]:
    """One-character tokens lasting these many seconds, one after another."""
    timed, at = [], 0.0
    for i, d in enumerate(durations):
        timed.append(TimedToken(i, i + 1, at, at + d))
        at += d
    return timed


def test_a_token_held_for_seconds_marks_a_stretch_left_out() -> None:
    found = skipped_stretches(tokens(0.2, 0.25, 2.1, 0.2, 0.3))
    # The words may belong before the token ahead (the alignment is a token or so loose), before it, or after it.
    assert [(s.places, s.begins_s, s.ends_s) for s in found] == [((1, 2, 3), 0.45, pytest.approx(2.55))]
    assert skipped_stretches(tokens(1.5, 0.2))[0].places == (0, 1)


def test_ordinary_speech_marks_nothing() -> None:
    assert skipped_stretches(tokens(0.2, 0.9, 0.3, MIN_SKIPPED_S - 0.01, 0.2)) == []


def test_words_left_out_at_the_end_stretch_the_last_token() -> None:
    # Trailing silence stretches it too: whether the stretch holds speech is asked before it is decoded.
    (stretch,) = skipped_stretches(tokens(0.2, 0.3, 3.0))
    assert stretch.places == (1, 2, 3)
    # A long last word said slowly carries more sound of its own than a token in the middle does.
    assert stretch.last and stretch.min_voiced_s > skipped_stretches(tokens(3.0, 0.2))[0].min_voiced_s


def test_words_go_in_front_of_the_stretched_character_spaced_as_mixed_text() -> None:
    assert put_back("今天拜访说下季度追加", 4, "Brightwell Medical") == "今天拜访 Brightwell Medical 说下季度追加"
    assert put_back("明天和开会", 3, "Felix Marsh,") == "明天和 Felix Marsh 开会"
    assert put_back("call me about the deal", 8, "tomorrow") == "call me tomorrow about the deal"


def test_words_that_repeat_the_text_around_them_are_not_written_twice() -> None:
    # The stretch's decode often ends with the stretched character, or begins with the one before it.
    assert put_back("上午十点和开电话会", 5, "Kestrel 开") == "上午十点和 Kestrel 开电话会"
    assert put_back("上午十点和开电话会", 5, "和Kestrel") == "上午十点和 Kestrel 开电话会"
    assert put_back("上午十点和开电话会", 5, "，开电") == "上午十点和开电话会"  # nothing new


def test_a_stretch_of_silence_around_one_sound_is_not_speech() -> None:
    rng = np.random.default_rng(3)
    room = (rng.standard_normal(32000) * 0.002).astype(np.float32)  # 2 s of quiet room
    assert not holds_speech(room)
    speech = load_audio(DATA / "dictation" / "zh-expense-dinner.flac").samples
    assert holds_speech(_speech_only(speech)[16000:48000])


@pytest.fixture(scope="module")
def dinner(transcriber) -> tuple[np.ndarray, str]:
    speech = _speech_only(load_audio(DATA / "dictation" / "zh-expense-dinner.flac").samples)
    # In one script, as the put-back writes it (Whisper's own output mixes them).
    return speech, to_simplified(transcriber.segments(speech, "zh", TranscribeOptions(language="zh"))[0].text)


def test_words_taken_out_of_a_decode_are_heard_again(transcriber, dinner) -> None:
    speech, heard = dinner
    timed = transcriber._window.token_times(speech, heard, "zh")
    # Take out the characters said in the middle two seconds or so, as Whisper does with a name it cannot write.
    middle = [t for t in timed if 0.3 * speech.size / 16000 <= t.begins_s <= 0.3 * speech.size / 16000 + 2.0]
    start, end = middle[0].start, middle[-1].end
    assert end - start >= 5
    skipped = heard[:start] + heard[end:]
    mended = transcriber._put_back_skipped(speech, skipped, "zh", TranscribeOptions(language="zh"))
    assert mended.startswith(heard[:start]) and mended.endswith(heard[end:])
    assert len(mended) >= len(skipped) + 3  # most of it came back, in its place


@pytest.mark.parametrize("where", [0.5, 1.0])
def test_a_pause_or_trailing_quiet_is_not_filled_with_words(transcriber, dinner, where: float) -> None:
    speech, heard = dinner
    rng = np.random.default_rng(5)
    cut = int(speech.size * where)
    pause = (rng.standard_normal(int(1.8 * 16000)) * 0.002).astype(np.float32)
    paused = np.concatenate([speech[:cut], pause, speech[cut:]])
    assert transcriber._put_back_skipped(paused, heard, "zh", TranscribeOptions(language="zh")) == heard
