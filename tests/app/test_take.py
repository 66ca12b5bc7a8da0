"""The take coordinator on its own: every stage change of a live take, the speculations it hands out and takes back,
and the events that do not fit (logged and ignored). Pure Python: no Qt, no models."""

from __future__ import annotations

import itertools
import logging

import pytest

from app.take import Stage, TakeCoordinator
from tests.conftest import NOW


@pytest.fixture
def takes() -> TakeCoordinator:
    ticks = itertools.count(100)
    return TakeCoordinator(clock=lambda: float(next(ticks)))


def test_a_take_from_press_to_its_card_reuses_the_text_parsed_while_speaking(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None and take.stage is Stage.RECORDING and takes.recording is take
    first = takes.spoken(take.id, "提醒我明天")
    assert first is not None and first.key == ("提醒我明天", NOW) and not first.stale.is_set()
    assert takes.spoken(take.id, "提醒我明天") is None  # the same text is being parsed already
    second = takes.spoken(take.id, "提醒我明天上午十点给刘总打电话")
    assert second is not None and first.stale.is_set() and not second.stale.is_set()  # newer text: the old gives way
    assert takes.release() is take
    assert take.stage is Stage.UNDERSTANDING and take.released_at == 100.0 and takes.recording is None
    assert takes.understanding is take and takes.oldest is take
    takes.final_text(take.id, "提醒我明天上午十点给刘总打电话")
    assert not second.stale.is_set()  # the final text is the one parsed: its parse goes on and is reused
    assert takes.finished() is take
    assert take.stage is Stage.DONE and not take.cancelled and takes.oldest is None and takes.understanding is None


def test_release_before_any_speculation(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None
    assert takes.release() is take
    assert takes.spoken(take.id, "late words") is None  # text that was on its way at release is not parsed
    assert take.speculation is None
    takes.final_text(take.id, "the whole take")  # nothing to give way
    assert takes.previewed()  # the card opens early with what the rules found
    assert take.stage is Stage.CARD and takes.understanding is None  # no longer cancellable: the card has its Esc
    assert takes.cancel() is None
    assert takes.finished() is take and take.stage is Stage.DONE


def test_a_final_text_that_differs_stops_the_speculative_parse(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None
    spoken = takes.spoken(take.id, "call Li")
    assert spoken is not None
    takes.release()
    takes.final_text(take.id, "call Li Wei tomorrow")
    assert spoken.stale.is_set() and take.speculation is None


def test_cancel_while_recording_throws_the_take_away(takes: TakeCoordinator, caplog) -> None:
    take = takes.press(NOW)
    assert take is not None
    spoken = takes.spoken(take.id, "never mind")
    assert spoken is not None
    assert takes.cancel() is take
    assert take.released_at is None and take.stage is Stage.DONE and spoken.stale.is_set()
    assert takes.recording is None and takes.oldest is None  # nothing will come back from the worker
    with caplog.at_level(logging.INFO, logger="app.take"):
        assert takes.release() is None and takes.cancel() is None
    assert "release with no take recording: ignored" in caplog.text


def test_cancel_while_the_take_is_understood_keeps_it_but_opens_no_card(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None
    spoken = takes.spoken(take.id, "log a visit with Initech")
    takes.release()
    assert takes.cancel() is take
    assert take.stage is Stage.CANCELLED and take.cancelled and spoken is not None and spoken.stale.is_set()
    assert takes.understanding is None and takes.cancel() is None  # cancelled once
    assert not takes.previewed()  # the rules' card does not open either
    assert takes.finished() is take and take.cancelled  # the worker's record: the app shows nothing for it
    assert takes.oldest is None


def test_a_second_press_while_a_take_is_understood_starts_a_new_take(takes: TakeCoordinator, caplog) -> None:
    first = takes.press(NOW)
    assert first is not None
    takes.release()
    second = takes.press(NOW)
    assert second is not None and second.id != first.id
    with caplog.at_level(logging.WARNING, logger="app.take"):
        assert takes.press(NOW) is None  # one take records at a time
    assert f"press while take {second.id} is recording: ignored" in caplog.text
    assert takes.recording is second and takes.understanding is first
    assert takes.spoken(first.id, "old words") is None and takes.spoken(second.id, "new words") is not None
    assert takes.cancel() is second  # what the overlay shows: the take recording
    assert first.stage is Stage.UNDERSTANDING
    assert takes.finished() is first and not first.cancelled  # the first take's card opens as usual


def test_results_match_their_takes_in_release_order_through_an_error(takes: TakeCoordinator, caplog) -> None:
    first, second = takes.press(NOW), None
    takes.release()
    second = takes.press(NOW)
    takes.release()
    assert first is not None and second is not None and takes.understanding is second
    assert takes.cancel() is second  # the newest take the overlay shows
    assert takes.understanding is first
    assert takes.finished() is first and not first.cancelled  # the worker failed on the first: told as it is
    assert takes.finished() is second and second.cancelled
    with caplog.at_level(logging.INFO, logger="app.take"):
        assert takes.finished() is None  # a result for no take released here (handed to the worker directly)
        assert takes.previewed()  # shown as it comes
    assert "not released here" in caplog.text


def test_a_second_preview_of_the_same_take_is_ignored(takes: TakeCoordinator, caplog) -> None:
    take = takes.press(NOW)
    takes.release()
    assert takes.previewed()
    with caplog.at_level(logging.WARNING, logger="app.take"):
        assert not takes.previewed()
    assert take is not None and f"preview of take {take.id} at stage card: ignored" in caplog.text


def test_a_take_whose_microphone_failed_is_gone(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None and takes.abort() is take
    assert take.stage is Stage.DONE and takes.recording is None and takes.oldest is None
    assert takes.abort() is None


def test_the_card_opens_at_release_on_what_the_rules_found_while_the_user_spoke(takes: TakeCoordinator) -> None:
    """The model worker is still busy with the speculation of the final text: its preview opens the card, in
    whichever order the preview and the final text arrive."""
    take = takes.press(NOW)
    assert take is not None
    speculation = takes.spoken(take.id, "log a visit with Northwind")
    assert speculation is not None
    assert takes.speculation_previewed(speculation, "rules' record") is None  # still recording: no card yet
    takes.release()
    assert takes.final_text(take.id, "log a visit with Northwind") is take  # preview first, then the final text
    assert take.early == ("log a visit with Northwind", "rules' record")

    later = takes.press(NOW)
    assert later is not None
    late_speculation = takes.spoken(later.id, "remind me at nine")
    assert late_speculation is not None
    takes.release()
    assert takes.final_text(later.id, "remind me at nine") is None  # no preview yet; and an older take is open
    assert takes.previewed() and takes.finished() is take  # the older take's card, then its record
    assert takes.speculation_previewed(late_speculation, "rules' record") is later  # final text first, then preview


def test_no_early_card_for_other_text_or_a_stale_speculation(takes: TakeCoordinator) -> None:
    take = takes.press(NOW)
    assert take is not None
    old = takes.spoken(take.id, "call Li")
    new = takes.spoken(take.id, "call Li Wei")
    assert old is not None and new is not None and old.stale.is_set()
    assert takes.speculation_previewed(old, "rules' record") is None and take.early is None  # given up already
    takes.speculation_previewed(new, "rules' record")
    takes.release()
    assert takes.final_text(take.id, "call Li Wei tomorrow") is None  # the final text is other text
    assert new.stale.is_set()
