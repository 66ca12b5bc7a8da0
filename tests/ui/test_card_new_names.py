"""The card lists the names the client book does not know yet; an unticked one is filed but kept out of the book.
Real widgets, a real store and its client book."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from app.ui.card import ConfirmationCard, Draft
from records import ClientBook, Named, NotInBook

from .conftest import SAMPLE_RECORDS

VISIT = {**SAMPLE_RECORDS["visit_note"], "client": "远航科技", "contacts": ["孙经理", "李明"]}


@pytest.fixture
def book(filing) -> ClientBook:
    return ClientBook(filing.store)


def _card(qtbot, filing, intent: str, fields: dict, **kw) -> ConfirmationCard:
    record_id = filing.store.add({"intent": intent, "fields": fields}, transcript="x", lang="zh", source="hotkey")
    card = ConfirmationCard(filing, Draft(record_id, "x", intent, fields), **kw)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    card.activateWindow()
    return card


def _boxes(card: ConfirmationCard) -> dict[str, QCheckBox]:
    """The offered names' boxes, by their text."""
    return {box.text(): box for box in card.new_names.findChildren(QCheckBox)}


def test_names_new_to_the_book_are_offered_ticked_and_known_ones_are_not(qtbot, filing, book) -> None:
    book.add_client("远航科技", contacts=["孙经理"])
    card = _card(qtbot, filing, "visit_note", VISIT)
    assert card.new_names.isVisible() and card.offered == [Named("李明", "contact")]
    boxes = _boxes(card)
    assert list(boxes) == ["李明 (contact)"] and boxes["李明 (contact)"].isChecked()

    known = _card(qtbot, filing, "visit_note", {**VISIT, "contacts": ["孙经理"]})
    assert not known.new_names.isVisible() and not _boxes(known)
    meeting = _card(qtbot, filing, "meeting", {**SAMPLE_RECORDS["meeting"], "attendees": ["孙经理", "Carol"]})
    assert list(_boxes(meeting)) == ["Carol (attendee)"]
    note = _card(qtbot, filing, "note", SAMPLE_RECORDS["note"])
    assert not note.new_names.isVisible()


def test_an_unticked_name_is_filed_but_kept_out_of_the_book_and_the_ticked_ones_are_learned(
    qtbot, filing, book
) -> None:
    card = _card(qtbot, filing, "visit_note", VISIT)
    boxes = _boxes(card)
    assert list(boxes) == ["远航科技 (client)", "孙经理 (contact)", "李明 (contact)"]
    boxes["李明 (contact)"].setChecked(False)
    with qtbot.waitSignal(card.filed) as filed:
        qtbot.keyClick(card.form.editors["client"], Qt.Key.Key_Return)
    assert filing.store.get(filed.args[0]).fields["contacts"] == ["孙经理", "李明"]  # the record keeps the name
    client = book.get("远航科技")
    assert [person.name for person in client.people] == ["孙经理"]  # type: ignore[union-attr]
    with pytest.raises(NotInBook):
        book.get("李明")


def test_the_line_follows_an_edit_of_the_client_field_and_keeps_what_was_unticked(qtbot, filing, book) -> None:
    book.add_client("远航科技")
    card = _card(qtbot, filing, "visit_note", VISIT)
    assert list(_boxes(card)) == ["孙经理 (contact)", "李明 (contact)"]
    _boxes(card)["李明 (contact)"].setChecked(False)

    client = card.form.editors["client"]
    client.clear()
    qtbot.keyClicks(client, "Stellar")  # typed key by key
    boxes = _boxes(card)
    assert list(boxes) == ["Stellar (client)", "孙经理 (contact)", "李明 (contact)"]
    assert boxes["Stellar (client)"].isChecked() and not boxes["李明 (contact)"].isChecked()

    client.setText("远航科技")
    assert list(_boxes(card)) == ["孙经理 (contact)", "李明 (contact)"]
    card.form.editors["contacts"].add_entry("王总", edit=False)
    assert "王总 (contact)" in _boxes(card)


def test_a_record_opened_for_editing_offers_nothing(qtbot, filing) -> None:
    card = _card(qtbot, filing, "visit_note", VISIT, editing=True)
    assert not card.new_names.isVisible() and card.offered == []
