"""The daily digest leads to the clients view: each follow-up's client is a button that asks for its overview, and the
records window then shows that client in its Clients tab."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.ui.records_window import RecordsWindow
from app.ui.reminders import ReminderPopup, ReminderScheduler

from .conftest import SAMPLE_RECORDS


def test_the_digest_offers_each_followed_up_client_and_the_tab_shows_it(qtbot, filing) -> None:
    store = filing.store
    visit = store.add({"intent": "visit_note", "fields": SAMPLE_RECORDS["visit_note"]}, transcript="拜访远航科技",
                      lang="zh", source="hotkey")
    filing.confirm(visit)
    task = store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="task", lang="en",
                     source="hotkey")
    filing.confirm(task)
    filing.settings.ui.digest_time = "08:30"
    follow_up_day = SAMPLE_RECORDS["visit_note"]["follow_up_on"]
    now = datetime.fromisoformat(f"{follow_up_day}T09:00").replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    scheduler = ReminderScheduler(filing, lambda: now)
    shown: list[ReminderPopup] = []
    asked: list[str] = []
    scheduler.shown.connect(shown.append)
    scheduler.client_requested.connect(asked.append)
    scheduler.start()
    scheduler.stop()
    [digest] = shown
    qtbot.addWidget(digest)
    buttons = [button for button in digest.findChildren(QPushButton) if button.objectName() == "client"]
    assert [button.text() for button in buttons] == ["远航科技"]  # the task names no client
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert asked == ["远航科技"]

    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    assert window.show_clients(asked[0])
    assert window.tabs.currentWidget() is window.clients and window.clients.overview.name == "远航科技"
    assert not window.show_clients("nobody at all")
