"""The schema-driven form and the confirmation card, on real widgets and a real store (no models needed)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
)

from app.filing import Filing
from app.ui.card import ConfirmationCard, Draft
from app.ui.form import CurrencyEditor, DateTimeEditor, FormError, ListEditor, RecordForm, form_specs
from intents.registry import REGISTRY
from intents.schema import INTENTS
from records import Store

from .conftest import SAMPLE_RECORDS


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_gets_a_form_that_round_trips(qtbot, intent: str) -> None:
    form = RecordForm(intent, SAMPLE_RECORDS[intent])
    qtbot.addWidget(form)
    assert set(form.editors) == {s.name for s in form_specs(intent)}
    assert form.record() == {"intent": intent, "fields": SAMPLE_RECORDS[intent]}


def test_editor_kinds_follow_the_schema(qtbot) -> None:
    kinds = {s.name: s.kind for i in INTENTS for s in form_specs(i)}
    assert kinds["visited_on"] == "date" and kinds["remind_at"] == "datetime" and kinds["due"] == "date_or_datetime"
    assert kinds["contacts"] == "list" and kinds["priority"] == "choice" and kinds["duration_min"] == "integer"
    assert kinds["amount"] == "number" and kinds["currency"] == "currency"
    form = RecordForm("expense", SAMPLE_RECORDS["expense"])
    qtbot.addWidget(form)
    assert isinstance(form.editors["spent_on"].date, QDateEdit) and form.editors["spent_on"].date.calendarPopup()
    assert isinstance(form.editors["currency"], CurrencyEditor)
    # The amount and its currency share one row of the form.
    layout = form.layout()
    rows = [layout.itemAt(r, QFormLayout.ItemRole.FieldRole) for r in range(layout.rowCount())]
    pairs = [[row.layout().itemAt(i).widget() for i in range(row.layout().count())] for row in rows if row.layout()]
    assert pairs == [[form.editors["amount"], form.editors["currency"]]]


def test_lists_dates_times_and_amounts_are_editable(qtbot) -> None:
    form = RecordForm("visit_note", SAMPLE_RECORDS["visit_note"])
    qtbot.addWidget(form)
    contacts: ListEditor = form.editors["contacts"]
    qtbot.mouseClick(contacts.add_button, Qt.MouseButton.LeftButton)
    contacts.items.item(1).setText("王总")
    contacts.items.setCurrentRow(0)
    qtbot.mouseClick(contacts.remove_button, Qt.MouseButton.LeftButton)
    follow: DateTimeEditor = form.editors["follow_up_on"]
    follow.enabled_box.setChecked(False)
    form.editors["deal_value"].setText("1200000")
    form.editors["currency"].setCurrentIndex(form.editors["currency"].findData("USD"))
    fields = form.record()["fields"]
    assert fields["contacts"] == ["王总"] and fields["follow_up_on"] is None
    assert fields["deal_value"] == 1200000.0 and fields["currency"] == "USD"

    task = RecordForm("task", SAMPLE_RECORDS["task"])
    qtbot.addWidget(task)
    due: DateTimeEditor = task.editors["due"]
    assert isinstance(due.time, QTimeEdit) and not due.time.isEnabled()  # a plain date until a time is set
    due.time_box.setChecked(True)
    due.time.setTime(due.time.time().fromString("15:30", "HH:mm"))
    assert task.record()["fields"]["due"] == "2026-11-25T15:30"


def test_bad_input_is_a_clear_error(qtbot) -> None:
    form = RecordForm("expense", SAMPLE_RECORDS["expense"])
    qtbot.addWidget(form)
    form.editors["amount"].setText("")
    with pytest.raises(FormError, match="Amount"):
        form.record()
    note = RecordForm("note", {"text": ""})
    qtbot.addWidget(note)
    with pytest.raises(FormError, match="Text is empty"):
        note.record()
    with pytest.raises(FormError, match="unknown intent"):
        form_specs("poem")


def _card(qtbot, filing, intent: str | None, fields: dict | None, transcript: str, **kw) -> ConfirmationCard:
    record = {"intent": intent, "fields": fields} if intent else None
    record_id = filing.store.add(record, transcript=transcript, lang="en", source="hotkey",
                                 error=None if intent else "nothing to parse")
    card = ConfirmationCard(filing, Draft(record_id, transcript, intent, fields, error=None if intent else "x"), **kw)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    card.activateWindow()
    return card


def test_enter_confirms_with_edits_as_a_revision(qtbot, filing) -> None:
    card = _card(qtbot, filing, "task", SAMPLE_RECORDS["task"], "Create a task for David")
    title: QLineEdit = card.form.editors["title"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    title.setText("Review the contract")
    with qtbot.waitSignal(card.filed) as filed:
        qtbot.keyClick(title, Qt.Key.Key_Return)
    row = filing.store.get(filed.args[0])
    assert row.status == "confirmed" and row.fields["title"] == "Review the contract"
    assert [r.reason for r in filing.store.revisions(row.id)][-2:] == ["edited on the card", "confirmed"]
    assert not card.isVisible()


@pytest.mark.parametrize("intent", list(REGISTRY))
def test_enter_files_every_intents_card_from_wherever_the_focus_is(qtbot, home, tmp_path, intent: str) -> None:
    """Each Tab stop in turn, on a fresh card over a fresh store (so the new-name boxes are there every time)."""
    fields = SAMPLE_RECORDS[intent]
    with ExitStack() as stores:
        for stop in range(60):
            filing = Filing(stores.enter_context(Store.open(tmp_path / f"{stop}.db")), home[0])
            card = _card(qtbot, filing, intent, fields, "x")
            record_id = card.draft.record_id
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
            first = QApplication.focusWidget()
            for _ in range(stop):
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if stop and focused is first:
                card.reject()  # while its store is open
                break  # every stop was tried
            added_rows: list[object] = []
            for editor in card.form.editors.values():
                if isinstance(editor, ListEditor):
                    editor.items.model().rowsInserted.connect(lambda *args, rows=added_rows: rows.append(args))
            where = f"{type(focused).__name__} {focused.objectName() or getattr(focused, 'text', str)()!r}"
            with qtbot.waitSignal(card.filed, timeout=2000):
                qtbot.keyClick(focused, Qt.Key.Key_Return)
            row = filing.store.get(record_id)
            assert (row.status, row.fields, added_rows) == ("confirmed", fields, []), where
        else:
            pytest.fail("Tab never came back to the first field")
    assert stop > len(fields)  # the walk reached past the fields (the buttons, the intent box)


def test_ctrl_enter_files_from_inside_a_list_entry_with_what_was_typed(qtbot, filing) -> None:
    card = _card(qtbot, filing, "meeting", SAMPLE_RECORDS["meeting"], "Sales sync with Ann and Bo")
    attendees: ListEditor = card.form.editors["attendees"]

    def new_entry() -> QLineEdit:
        qtbot.mouseClick(attendees.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QApplication.focusWidget().parent() is attendees.items.viewport())
        return QApplication.focusWidget()  # the new entry's editor, open

    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    entry = new_entry()
    qtbot.keyClicks(entry, "Cy")
    qtbot.keyClick(entry, Qt.Key.Key_Return)  # Enter inside an entry finishes the entry; the card stays
    qtbot.waitUntil(lambda: attendees.value() == ["Ann", "Bo", "Cy"])
    assert card.isVisible() and filing.store.get(card.draft.record_id).status == "draft"
    entry = new_entry()
    qtbot.keyClicks(entry, "Di")
    with qtbot.waitSignal(card.filed):
        qtbot.keyClick(entry, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert filing.store.get(card.draft.record_id).fields["attendees"] == ["Ann", "Bo", "Cy", "Di"]


def test_esc_keeps_a_discarded_draft(qtbot, filing) -> None:
    card = _card(qtbot, filing, "note", SAMPLE_RECORDS["note"], "The new office opens in March")
    with qtbot.waitSignal(card.discarded) as discarded:
        qtbot.keyClick(QApplication.focusWidget() or card, Qt.Key.Key_Escape)
    row = filing.store.get(discarded.args[0])
    assert row.status == "discarded" and row.fields == SAMPLE_RECORDS["note"]


def test_tab_walks_through_the_fields(qtbot, filing) -> None:
    card = _card(qtbot, filing, "reminder", SAMPLE_RECORDS["reminder"], "Remind me to send the invoice")
    text = card.form.editors["text"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is text)
    qtbot.keyClick(text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.form.editors["remind_at"].date


def test_switching_intent_keeps_the_transcript_and_rebuilds_the_form(qtbot, filing) -> None:
    transcript = "Create a task for David to review the contract draft by Wednesday"
    card = _card(qtbot, filing, "task", SAMPLE_RECORDS["task"], transcript)
    box: QComboBox = card.intent_box
    box.setCurrentIndex(box.findData("meeting"))
    assert card.form.intent == "meeting" and set(card.form.editors) >= {"starts_at", "attendees"}
    assert card.form.editors["title"].text() == "Review the contract draft"  # same-named field carried over
    box.setCurrentIndex(box.findData("note"))
    assert card.form.editors["text"].text() == transcript
    assert card.transcript_view.toPlainText() == transcript
    with qtbot.waitSignal(card.filed) as filed:
        card.confirm_button.click()
    row = filing.store.get(filed.args[0])
    assert row.intent == "note" and row.fields == {"text": transcript} and row.status == "confirmed"
    assert [box.itemData(i) for i in range(box.count())] == list(INTENTS)


def test_an_invalid_card_stays_open_and_says_why(qtbot, filing) -> None:
    card = _card(qtbot, filing, "expense", SAMPLE_RECORDS["expense"], "打车一百二十八")
    card.form.editors["amount"].setText("")
    card.confirm_button.click()
    assert card.isVisible() and "Amount" in card.message.text()
    assert filing.store.get(card.draft.record_id).status == "draft"


def test_an_unparsed_draft_opens_as_a_note(qtbot, filing) -> None:
    card = _card(qtbot, filing, None, None, "嗯 那个 说一下")
    assert card.form.intent == "note" and card.form.editors["text"].text() == "嗯 那个 说一下"
    with qtbot.waitSignal(card.filed):
        card.confirm_button.click()
    assert filing.store.get(card.draft.record_id).intent == "note"


def test_the_card_shows_corrected_names_and_undoes_them(qtbot, filing) -> None:
    fields = {**SAMPLE_RECORDS["visit_note"], "client": "远航科技", "summary": "见了远航科技的孙经理，聊了云存储"}
    record_id = filing.store.add({"intent": "visit_note", "fields": fields}, transcript="见了员航科技的孙经理",
                                 lang="zh", source="hotkey")
    draft = Draft(record_id, "见了员航科技的孙经理，聊了云存处", "visit_note", fields,
                  corrections=[("员航科技", "远航科技"), ("云存处", "云存储")])
    card = ConfirmationCard(filing, draft)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    label = card.findChild(QLabel, "corrections")
    assert label.isVisible() and "员航科技 → 远航科技" in label.text() and "云存处 → 云存储" in label.text()
    qtbot.mouseClick(card.findChild(QPushButton, "undo_corrections"), Qt.MouseButton.LeftButton)
    values = card.form.values()
    assert values["client"] == "员航科技" and "云存处" in values["summary"]
    card.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.form.editors["client"])
    with qtbot.waitSignal(card.filed):
        qtbot.keyClick(card.form.editors["client"], Qt.Key.Key_Return)
    assert filing.store.get(record_id).fields["client"] == "员航科技"


def test_a_card_without_corrections_shows_no_correction_row(qtbot, filing) -> None:
    card = _card(qtbot, filing, "task", SAMPLE_RECORDS["task"], "Create a task for David")
    assert not card.findChild(QLabel, "corrections").isVisible()
    assert not card.findChild(QPushButton, "undo_corrections").isVisible()
