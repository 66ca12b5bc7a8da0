"""The records window's Clients tab on a real store: the list, search and filter, a client's overview, opening a
record from it, adding a client the book lacks, and export through `records.client_report`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.ui.record_dialog import RecordDialog
from app.ui.records_window import RecordsWindow
from records import ClientBook
from records.client_report import export_overview

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


def _visit(client: str, deal: float | None, follow_up: str | None, visited: str, contacts: list[str]) -> dict:
    return {"intent": "visit_note",
            "fields": {"client": client, "contacts": contacts, "visited_on": visited, "summary": f"拜访{client}",
                       "next_steps": [], "follow_up_on": follow_up, "deal_value": deal,
                       "currency": "CNY" if deal else None}}


def _fill(filing, tmp_path: Path) -> dict[str, str]:
    store = filing.store
    ClientBook(store).add_person("孙经理", company="远航科技", title="采购经理")
    ClientBook(store).add_client("Acme Corp", aliases=["Acme"])
    ids = {
        "first": store.add(_visit("远航科技", 300000.0, NEXT_WEEK, "2026-11-02", ["孙经理"]), transcript="拜访远航科技",
                           lang="zh", source="hotkey"),
        "second": store.add(_visit("远航科技", 200000.0, YESTERDAY, "2026-11-20", ["孙经理", "王工"]),
                            transcript="又去了远航科技", lang="zh", source="hotkey"),
        "task": store.add({"intent": "task", "fields": {"title": "给远航科技发报价单", "assignee": None,
                                                         "due": NEXT_WEEK, "priority": "high"}},
                          transcript="给远航科技发报价单", lang="zh", source="hotkey"),
        "acme": store.add(_visit("Acme Corp", 5000.0, None, "2026-11-10", []), transcript="visited Acme",
                          lang="en", source="hotkey"),
        "unknown": store.add(_visit("星辰贸易", None, None, "2026-11-21", []), transcript="拜访星辰贸易", lang="zh",
                             source="hotkey"),
    }
    for key, record_id in ids.items():
        filing.confirm(record_id, skip_names=["星辰贸易"] if key == "unknown" else ())
    photo = tmp_path / "白板.png"
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(photo))
    filing.attach(ids["second"], [photo])
    return ids


@pytest.fixture
def window(qtbot, filing) -> RecordsWindow:
    opened = RecordsWindow(filing)
    qtbot.addWidget(opened)
    return opened


def _listed(window: RecordsWindow) -> list[str]:
    return [client.name for client in window.clients.shown]


def test_the_tab_lists_the_book_and_the_clients_it_lacks(window, filing, tmp_path) -> None:
    _fill(filing, tmp_path)
    assert window.clients.clients == []  # nothing read until the tab is shown
    assert window.show_clients()
    assert _listed(window) == ["Acme Corp", "远航科技", "星辰贸易"]
    assert "星辰贸易" in window.clients.list.item(2).text() and window.clients.list.item(2).text() != "星辰贸易"
    assert window.clients.overview is not None and window.clients.overview.name == "Acme Corp"


def test_a_client_at_a_glance(window, filing, tmp_path) -> None:
    ids = _fill(filing, tmp_path)
    assert window.show_clients("远航科技")
    view = window.clients
    assert view.title.text() == "远航科技"
    assert view.table.rowCount() == 3  # two visits and the task, oldest first
    assert [entry.record.id for entry in view.overview.records] == [ids["first"], ids["second"], ids["task"]]
    assert view.table.item(0, 0).text() == "2026-11-02"
    assert view.deals.text() == "500,000 CNY (2 visits)"
    assert view.contacts.text() == "孙经理, 采购经理 · 王工"  # 王工 learned from the visit when it was filed
    assert view.last_visit.text().startswith("2026-11-20")
    assert view.overdue.text().startswith(f"⚠ {YESTERDAY} overdue") and "b00020" in view.overdue.styleSheet()
    assert [line[:10] for line in view.coming.text().splitlines()] == [NEXT_WEEK, NEXT_WEEK]  # the visit, the task
    assert view.attachments.list.count() == 1 and view.attachments.list.item(0).text() == "白板.png"
    assert not view.add_button.isVisible()


def test_search_and_filter(window, filing, tmp_path) -> None:
    _fill(filing, tmp_path)
    window.show_clients()
    view = window.clients
    view.search.setText("acme")  # an alias, any case
    assert _listed(window) == ["Acme Corp"]
    view.search.setText("远航")
    assert _listed(window) == ["远航科技"] and view.overview.name == "远航科技"
    view.search.setText("nobody")
    assert _listed(window) == [] and view.overview is None and view.table.rowCount() == 0
    view.search.clear()
    view.filter.setCurrentIndex(view.filter.findData("not_in_book"))
    assert _listed(window) == ["星辰贸易"]
    view.filter.setCurrentIndex(view.filter.findData("in_book"))
    assert _listed(window) == ["Acme Corp", "远航科技"]


def test_a_client_the_book_lacks_can_be_added(qtbot, window, filing, tmp_path) -> None:
    _fill(filing, tmp_path)
    window.show()
    window.show_clients("星辰贸易")
    view = window.clients
    assert not view.overview.in_book and view.add_button.isVisible()
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert ClientBook(filing.store).get("星辰贸易").name == "星辰贸易"
    assert view.overview.in_book and not view.add_button.isVisible()
    assert [client.in_book for client in view.clients] == [True, True, True]


def test_enter_opens_the_chosen_record(qtbot, window, filing, tmp_path) -> None:
    ids = _fill(filing, tmp_path)
    window.show()
    window.show_clients("远航科技")
    view = window.clients
    view.table.selectRow(1)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialogs = window.findChildren(RecordDialog)
    assert [dialog.draft.record_id for dialog in dialogs] == [ids["second"]]
    dialogs[0].reject()


@pytest.mark.parametrize(("suffix", "fmt"), [(".md", "markdown"), (".csv", "csv")])
def test_export_writes_the_report_of_the_client_shown(window, filing, tmp_path, suffix: str, fmt: str) -> None:
    _fill(filing, tmp_path)
    window.show_clients("远航科技")
    path = tmp_path / f"out{suffix}"
    window.clients.export_to(path)
    assert path.read_bytes() == export_overview(window.clients.overview, fmt)
    assert "远航科技" in path.read_text(encoding="utf-8-sig")
    assert str(path) in window.clients.message.text()


def test_export_to_an_unknown_format_says_so(window, filing, tmp_path) -> None:
    _fill(filing, tmp_path)
    window.show_clients("远航科技")
    window.clients.export_to(tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    assert "Not exported" in window.clients.message.text()


def test_the_export_dialog_starts_in_documents(monkeypatch, window, filing, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    _fill(filing, tmp_path)
    window.show_clients("Acme")
    asked: list[str] = []

    def answer(parent, caption, suggested, filters):  # the file dialog: a person's choice, not testable offscreen
        asked.append(suggested)
        return str(tmp_path / "acme.csv"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window.clients.export_dialog()
    assert Path(asked[0]).name == "saydo-Acme Corp.md"
    assert (tmp_path / "acme.csv").read_text(encoding="utf-8-sig").startswith("when,intent,role")


def test_an_empty_store_says_how_the_list_fills(window) -> None:
    window.show_clients()
    assert window.clients.list.count() == 0
    assert "No clients yet" in window.clients.title.text()
