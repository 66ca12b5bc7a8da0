"""The note after filing: "Saved · Visit note · 远航科技  [Undo]" ("已保存 · 拜访记录 · 远航科技  [撤销]" in
Chinese) near the tray for a few seconds, with an Undo.

It never takes the keyboard (the person is back in whatever they were typing into) and never shows in the taskbar;
the Undo button works with the mouse alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from records import StoredRecord
from records.export import title_of

from .labels import intent_label
from .text import plain_label

SHOWN_MS = 5000
_MARGIN = 16


def filed_text(record: StoredRecord) -> str:
    """What the toast says about a filed record."""
    title = title_of(record)
    if len(title) > 40:
        title = title[:39] + "…"
    return " · ".join([QCoreApplication.translate("Toast", "Saved"), intent_label(record.intent or ""), title])


class Toast(QWidget):
    undo_requested = Signal(str)  # record id

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("#toast { background: #1f2430; border-radius: 8px; } QLabel { color: #e8e8e8; }"
                           "QPushButton { color: #8ab4ff; background: transparent; border: none; font-weight: bold; }")
        self.message = plain_label()
        self.message.setObjectName("toast_message")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("toast_undo")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.undo_button.clicked.connect(self._undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        self.record_id: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)

    def show_filed(self, record: StoredRecord) -> None:
        """Show it for SHOWN_MS (a second filing replaces the first, and its time starts again)."""
        self.record_id = record.id
        self.message.setText(filed_text(record))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.show()
        self._show_for(SHOWN_MS)

    def undone(self) -> None:
        """The Undo went through: say so briefly."""
        self.message.setText(self.tr("Back to draft (Records…)"))
        self.undo_button.hide()
        self._show_for(SHOWN_MS // 2)

    def _undo(self) -> None:
        if self.record_id is not None:
            record_id, self.record_id = self.record_id, None  # one Undo per filing
            self.undo_requested.emit(record_id)

    def _show_for(self, ms: int) -> None:
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # bottom right, where the tray usually is
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - _MARGIN, area.bottom() - self.height() - _MARGIN)
        self.show()
        self.raise_()
        self.timer.start(ms)
