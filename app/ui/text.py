"""Labels that show what someone said, typed or filed: as plain text. A QLabel guesses whether its text is Qt's rich
text, so a record field such as "<b>…</b>" or "<img src=…>" would be rendered instead of shown as written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
