"""The card that never waits for the language model, and the warning for a time already past. Real widgets and a
real store; the model's answer is delivered through the card's own `complete` (tests/ui/test_app_preview.py drives
the same with the real models)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QFormLayout

from app.ui.card import ConfirmationCard, Draft

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZONE)
HEARD = "Log a visit with Initech, met Peter and Samir, they need a quote."
PREVIEW = {"client": "", "contacts": [], "visited_on": "2026-11-23", "summary": "they need a quote",
           "next_steps": [], "follow_up_on": None, "deal_value": None, "currency": None}
ANSWER = {**PREVIEW, "client": "Initech", "contacts": ["Peter", "Samir"]}


def _preview_card(qtbot, filing) -> ConfirmationCard:
    card = ConfirmationCard(filing, Draft("", HEARD, "visit_note", dict(PREVIEW), now=NOW,
                                          pending=("client", "contacts")))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    return card


def _answer(filing, fields: dict = ANSWER) -> Draft:
    """The model's record, stored as the worker stores it."""
    record_id = filing.store.add({"intent": "visit_note", "fields": fields}, transcript=HEARD, lang="en",
                                 source="hotkey")
    return Draft(record_id, HEARD, "visit_note", dict(fields), now=NOW)


def _label(card: ConfirmationCard, name: str) -> str:
    layout = card.form.layout()
    assert isinstance(layout, QFormLayout)
    return layout.labelForField(card.form.editors[name]).text()


def test_the_card_opens_on_the_preview_with_the_waiting_fields_marked(qtbot, filing) -> None:
    card = _preview_card(qtbot, filing)
    assert card.waiting and card.pending_note.isVisible()
    assert _label(card, "client") == "Client …" and card.form.editors["client"].font().italic()
    assert card.form.editors["client"].placeholderText() == "…"
    assert _label(card, "summary") == "Summary" and not card.form.editors["summary"].font().italic()
    assert card.form.editors["visited_on"].value() == "2026-11-23"  # what the normalizers found is there


def test_the_answer_fills_what_the_person_left_and_never_what_they_typed(qtbot, filing) -> None:
    card = _preview_card(qtbot, filing)
    client = card.form.editors["client"]
    qtbot.keyClicks(client, "Initech Corporation")
    assert _label(card, "client") == "Client" and _label(card, "contacts") == "Contacts …"  # typed: theirs now
    answer = _answer(filing)
    card.complete(answer)
    assert client.text() == "Initech Corporation"  # typed by the person: kept
    assert card.form.editors["contacts"].value() == ["Peter", "Samir"]  # left waiting: the model's
    assert not card.waiting and not card.pending_note.isVisible() and _label(card, "contacts") == "Contacts"
    with qtbot.waitSignal(card.filed):
        card.accept()
    row = filing.store.get(answer.record_id)
    assert row.status == "confirmed" and row.fields["client"] == "Initech Corporation"
    assert row.fields["contacts"] == ["Peter", "Samir"]


def test_enter_while_the_model_answers_files_once_it_has(qtbot, filing) -> None:
    card = _preview_card(qtbot, filing)
    card.accept()
    assert card.isHidden() and card.waiting  # out of the way, not filed: nothing is stored yet
    answer = _answer(filing)
    with qtbot.waitSignal(card.filed):
        card.complete(answer)
    row = filing.store.get(answer.record_id)
    assert row.status == "confirmed" and row.fields["client"] == "Initech"


def test_esc_while_the_model_answers_discards_once_it_is_stored(qtbot, filing) -> None:
    card = _preview_card(qtbot, filing)
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert card.isHidden()
    answer = _answer(filing)
    with qtbot.waitSignal(card.discarded):
        card.complete(answer)
    assert filing.store.get(answer.record_id).status == "discarded"


def test_a_take_that_fails_after_the_preview_cannot_be_filed_from_the_card(qtbot, filing) -> None:
    card = _preview_card(qtbot, filing)
    card.abandon("the store is locked")
    assert not card.confirm_button.isEnabled() and "the store is locked" in card.message.text()
    card.accept()
    assert card.isVisible() and filing.store.list(limit=None) == []
    card.reject()  # closes; nothing was stored to discard
    assert not card.isVisible()


REMINDER = {"text": "call Liu", "remind_at": "2026-11-24T09:00"}


@pytest.mark.parametrize(("now", "warned"), [
    (datetime(2026, 11, 23, 10, 0), False),
    (datetime(2026, 11, 24, 8, 59), False),
    (datetime(2026, 11, 24, 9, 0), False),  # due this very minute: not past
    (datetime(2026, 11, 24, 9, 1), True),
    (datetime(2026, 12, 1, 7, 30), True),
])
def test_a_reminder_time_already_past_is_warned_on_the_card(qtbot, filing, now: datetime, warned: bool) -> None:
    record_id = filing.store.add({"intent": "reminder", "fields": REMINDER}, transcript="x", lang="zh",
                                 source="hotkey")
    card = ConfirmationCard(filing, Draft(record_id, "x", "reminder", REMINDER, now=now.replace(tzinfo=ZONE)))
    qtbot.addWidget(card)
    card.show()
    assert card.time_warning.isVisible() == warned
    if warned:
        assert "2026-11-24 09:00" in card.time_warning.text() and "already passed" in card.time_warning.text()
        card.form.editors["remind_at"].date.setDate(QDate(2026, 12, 2))  # moved ahead: the warning goes
        assert not card.time_warning.isVisible()
        with qtbot.waitSignal(card.filed):  # a warning, never a stop
            card.form.editors["remind_at"].date.setDate(QDate(2026, 11, 20))
            assert card.time_warning.isVisible()
            card.accept()


@pytest.mark.parametrize(("due", "now", "warned"), [
    ("2026-11-25", datetime(2026, 11, 25, 23, 59), False),  # due today: not overdue yet
    ("2026-11-25", datetime(2026, 11, 26, 0, 0), True),
    ("2026-11-25T15:00", datetime(2026, 11, 25, 14, 0), False),
    ("2026-11-25T15:00", datetime(2026, 11, 25, 15, 30), True),
])
def test_a_task_already_due_is_warned_on_the_card(qtbot, filing, due: str, now: datetime, warned: bool) -> None:
    fields = {"title": "send the quote", "assignee": None, "due": due, "priority": "normal"}
    card = ConfirmationCard(filing, Draft("", "x", "task", fields, now=now.replace(tzinfo=ZONE)))
    qtbot.addWidget(card)
    card.show()
    assert card.time_warning.isVisible() == warned
    if warned:
        assert "task's due date" in card.time_warning.text()


def test_no_warning_for_a_record_opened_from_the_records_window(qtbot, filing) -> None:
    old = {"text": "call Liu", "remind_at": "2020-01-01T09:00"}
    card = ConfirmationCard(filing, Draft("", "x", "reminder", old), editing=True)  # no take, no `now`
    qtbot.addWidget(card)
    card.show()
    assert not card.time_warning.isVisible()
    card.form.editors["remind_at"].time.setTime(QTime(10, 0))
    assert not card.time_warning.isVisible()
