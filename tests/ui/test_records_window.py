"""The records window on a real store: full-text search, filters, open and edit (a new revision), export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate

from app.ui.records_window import RecordsWindow

from .conftest import SAMPLE_RECORDS


def _fill(store) -> dict[str, str]:
    ids = {}
    for intent, fields in SAMPLE_RECORDS.items():
        ids[intent] = store.add({"intent": intent, "fields": fields}, transcript=f"said: {intent}", lang="zh",
                                source="hotkey")
    store.confirm(ids["task"])
    return ids


def _shown_ids(window: RecordsWindow) -> set[str]:
    return {row.id for row in window.rows}


def test_search_and_filters(qtbot, filing) -> None:
    ids = _fill(filing.store)
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    assert window.table.rowCount() == 6
    window.search.setText("远航")
    assert _shown_ids(window) == {ids["visit_note"]}
    window.search.setText("contract")
    assert _shown_ids(window) == {ids["task"]}
    window.search.setText("")
    window.intent.setCurrentIndex(window.intent.findData("expense"))
    assert _shown_ids(window) == {ids["expense"]}
    window.intent.setCurrentIndex(0)
    window.status.setCurrentIndex(window.status.findData("confirmed"))
    assert _shown_ids(window) == {ids["task"]}
    window.status.setCurrentIndex(0)
    tomorrow = date.today() + timedelta(days=1)
    window.since.date.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    window.since.enabled_box.setChecked(True)
    assert window.table.rowCount() == 0
    window.since.enabled_box.setChecked(False)
    window.until.enabled_box.setChecked(True)  # up to and including today
    assert window.table.rowCount() == 6


def test_opening_and_editing_makes_a_revision(qtbot, filing) -> None:
    ids = _fill(filing.store)
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    window.table.selectRow([r.id for r in window.rows].index(ids["task"]))
    window.open_selected()
    card = window.findChild(type(window.open_record(ids["task"])))
    assert card is not None and card.editing
    card.form.editors["priority"].setCurrentIndex(card.form.editors["priority"].findData("low"))
    with qtbot.waitSignal(window.record_saved):
        card.confirm_button.click()
    row = filing.store.get(ids["task"])
    assert row.fields["priority"] == "low" and row.status == "confirmed"
    assert filing.store.revisions(ids["task"])[-1].reason == "edited in the records window"


def test_export_writes_the_shown_rows(qtbot, filing, tmp_path: Path) -> None:
    _fill(filing.store)
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    window.intent.setCurrentIndex(window.intent.findData("visit_note"))
    window.export_to(tmp_path / "visits.csv")
    text = (tmp_path / "visits.csv").read_text(encoding="utf-8-sig")
    assert "远航科技" in text and "Review the contract" not in text


def test_export_to_an_unknown_format_says_so(qtbot, filing, tmp_path: Path) -> None:
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    window.export_to(tmp_path / "records.docx")
    assert ".csv" in window.count.text() and not list(tmp_path.glob("records.docx*"))


def test_rerun_only_asks_for_drafts(qtbot, filing) -> None:
    ids = _fill(filing.store)
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    asked: list[str] = []
    window.rerun_requested.connect(asked.append)
    for intent in ("task", "note"):  # confirmed, then a draft
        window.table.selectRow([r.id for r in window.rows].index(ids[intent]))
        window.rerun_selected()
    assert asked == [ids["note"]]
    window.can_rerun = lambda: False
    window.rerun_selected()
    assert asked == [ids["note"]] and "loading" in window.count.text()


def test_done_and_reopen_are_revisions_shown_in_the_list(qtbot, filing) -> None:
    ids = _fill(filing.store)
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    task = ids["task"]  # confirmed
    window.table.selectRow([r.id for r in window.rows].index(task))
    window.toggle_done_selected()
    assert filing.store.get(task).done_at is not None
    row = [r.id for r in window.rows].index(task)
    assert window.table.item(row, 1).text() == "confirmed · done"
    window.table.selectRow(row)
    window.toggle_done_selected()
    assert filing.store.get(task).done_at is None
    assert [r.reason for r in filing.store.revisions(task)][-2:] == ["done", "reopened"]
    draft = filing.store.add(None, transcript="嗯", lang="zh", source="hotkey", error="only filler words")
    window.refresh()  # a draft nobody could parse has nothing to be done: refused with the reason, nothing written
    before = filing.store.revisions(draft)
    window.table.selectRow([r.id for r in window.rows].index(draft))
    window.toggle_done_selected()
    assert window.count.text().startswith("Not changed") and filing.store.revisions(draft) == before
