"""What someone said, typed or filed is shown as written: Qt's rich text in a record (a tag, an image) is not
rendered in the reminder popup, the toast or the card's messages."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.ui.reminders import DueItem, ReminderPopup
from app.ui.toast import Toast

MARKUP = '<b>Acme</b> <img src="/etc/hostname"> <a href="https://example.com">x</a>'


def _shown_as_written(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.PlainText and "<b>Acme</b>" in label.text()


def test_a_reminder_with_markup_is_shown_as_written(qtbot) -> None:
    item = DueItem("r1", "reminder", datetime(2026, 11, 24, 9, 0), MARKUP)
    popup = ReminderPopup("reminder", MARKUP, [item], [MARKUP])
    qtbot.addWidget(popup)
    shown = [label for label in popup.findChildren(QLabel) if "Acme" in label.text()]
    assert len(shown) == 3 and all(_shown_as_written(label) for label in shown)
    assert popup.heading.font().bold()


def test_the_toast_shows_a_filed_title_as_written(qtbot, store) -> None:
    record_id = store.add({"intent": "note", "fields": {"text": MARKUP}}, transcript=MARKUP, lang="en",
                          source="hotkey", status="confirmed")
    toast = Toast()
    qtbot.addWidget(toast)
    toast.show_filed(store.get(record_id))
    assert _shown_as_written(toast.message)
