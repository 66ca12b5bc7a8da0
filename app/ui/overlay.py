"""The recording overlay: a small always-on-top strip with a level meter, the elapsed time and the live transcript.

It never takes the keyboard and never shows in the taskbar: the person goes on typing in their own window while
they speak. The transcript grows to three lines, then scrolls so the newest words stay in view. After release the
recording marks go and a spinner says the take is being understood. Before the models are ready it shows what is
loading instead of a timer (the take is transcribed once they are).

Cancel: the × button (the mouse needs no focus), Esc when the overlay has the keyboard, or `saydo cancel`. While
recording that throws the take away; while it is understood, it is still filed as a draft but no card opens.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextEdit, QVBoxLayout, QWidget

MAX_LINES = 3
_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_BOTTOM_GAP = 80


class TranscriptView(QTextEdit):
    """Read-only text that grows to MAX_LINES and then shows the last ones: whole lines, never a cut one."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("partial")
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(0)
        self.viewport().setAutoFillBackground(False)
        self._fit()

    def show_text(self, committed: str, partial: str) -> None:
        self.clear()
        cursor = self.textCursor()
        cursor.insertText(committed)
        if partial:
            dim = cursor.charFormat()
            dim.setForeground(Qt.GlobalColor.gray)
            cursor.insertText(partial, dim)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def _fit(self) -> None:
        """As tall as the last MAX_LINES lines, scrolled so the first of them starts at the top edge."""
        self.document().setTextWidth(self.viewport().width())
        lines = self._lines()[-MAX_LINES:]
        top, bottom = lines[0][0], lines[-1][1]
        self.setFixedHeight(math.ceil(bottom - top))
        self.verticalScrollBar().setValue(math.floor(top))

    def _lines(self) -> list[tuple[float, float]]:
        """Every laid-out line's top and bottom in the document, in order."""
        lines: list[tuple[float, float]] = []
        layout = self.document().documentLayout()
        block = self.document().begin()
        while block.isValid():
            origin = layout.blockBoundingRect(block).top()
            text_layout = block.layout()
            for index in range(text_layout.lineCount()):
                line = text_layout.lineAt(index)
                lines.append((origin + line.y(), origin + line.y() + line.height()))
            block = block.next()
        return lines or [(0.0, float(self.fontMetrics().lineSpacing()))]

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt's signature
        super().resizeEvent(event)
        self._fit()  # the width decides where lines wrap


class RecordingOverlay(QWidget):
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("recording_overlay")
        self.setWindowTitle(self.tr("saydo — recording"))
        self.setStyleSheet("#recording_overlay { background: #1f2430; border-radius: 10px; }"
                           "QLabel { color: #e8e8e8; } QLabel#loading { color: #9aa3b5; font-size: 12px; }"
                           "QTextEdit#partial { color: #ffffff; background: transparent; font-size: 15px; }"
                           "QPushButton#cancel { color: #c0c6d4; background: transparent; border: none;"
                           " font-size: 18px; padding: 0 4px; }"
                           "QProgressBar { background: #394050; border: none; border-radius: 3px; }"
                           "QProgressBar::chunk { background: #4cc38a; border-radius: 3px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.dot = QLabel("●")
        self.dot.setStyleSheet("color: #ff5c5c; font-size: 16px;")
        self.spinner = QLabel(_SPINNER[0])
        self.spinner.setStyleSheet("color: #8ab4ff; font-size: 16px;")
        self.state = QLabel(self.tr("Recording"))
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("elapsed")
        self.cancel_button = QPushButton("×")
        self.cancel_button.setObjectName("cancel")
        self._recording_tip = self.tr("Cancel this take: nothing is filed (Esc, or `saydo cancel`)")
        self._understanding_tip = self.tr("Cancel this take: no card opens; it is kept as a draft (Esc, or "
                                          "`saydo cancel`)")
        self.cancel_button.setToolTip(self._recording_tip)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.level = QProgressBar()
        self.level.setObjectName("level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedHeight(6)
        self.loading = QLabel()
        self.loading.setObjectName("loading")
        self.partial = TranscriptView()
        top = QHBoxLayout()
        top.addWidget(self.dot)
        top.addWidget(self.spinner)
        top.addWidget(self.state)
        top.addStretch()
        top.addWidget(self.elapsed)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.level)
        layout.addWidget(self.loading)
        layout.addWidget(self.partial)
        self.setFixedWidth(460)
        self._started = 0.0
        self._frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._tick)
        self._spin = QTimer(self)
        self._spin.setInterval(100)
        self._spin.timeout.connect(self._turn)

    @property
    def recording_marks_shown(self) -> bool:
        """The red dot and the timer's place: only while the microphone is on."""
        return not self.dot.isHidden()

    @property
    def cancellable(self) -> bool:
        """The × is there (recording, or being understood): Esc does what it does."""
        return self.isVisible() and not self.cancel_button.isHidden()

    def begin(self, loading: str | None = None) -> None:
        """A take starts; `loading` says what is still loading (no timer then: the models come first)."""
        self._started = time.monotonic()
        self._spin.stop()
        self.state.setText(self.tr("Recording"))
        self.partial.show_text("", "")
        self.level.setValue(0)
        self.elapsed.setText("0:00")
        self.cancel_button.setToolTip(self._recording_tip)
        for widget, shown in ((self.dot, True), (self.spinner, False), (self.cancel_button, True),
                              (self.level, True)):
            widget.setVisible(shown)
        self.set_loading(loading)
        self._timer.start()
        self._place()
        self.show()
        self.raise_()

    def set_loading(self, text: str | None) -> None:
        """What is loading (a line in place of the timer), or None once the models are ready."""
        self.loading.setText(text or "")
        self.loading.setVisible(bool(text))
        self.elapsed.setVisible(not text and self.recording_marks_shown)  # after release there is no timer
        self._place()

    def working(self, text: str) -> None:
        """After release: the take is being finished and parsed; the recording marks go, a spinner turns, and the ×
        (and Esc) still cancel: the take is kept as a draft, but no card opens."""
        self._timer.stop()
        self.state.setText(text)
        for widget in (self.dot, self.level, self.elapsed):
            widget.hide()
        self.cancel_button.setToolTip(self._understanding_tip)
        self.cancel_button.show()
        self.spinner.show()
        self._spin.start()
        self._place()

    def end(self) -> None:
        self._timer.stop()
        self._spin.stop()
        self.hide()

    def set_level(self, level: float) -> None:
        """0..1, as the Recorder's meter gives it."""
        self.level.setValue(round(level * 100))

    def set_transcript(self, committed: str, partial: str) -> None:
        grew = self.partial.height()
        self.partial.show_text(committed, partial)
        if self.partial.height() != grew:
            self._place()

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.elapsed.setText(f"{seconds // 60}:{seconds % 60:02d}")

    def _turn(self) -> None:
        self._frame = (self._frame + 1) % len(_SPINNER)
        self.spinner.setText(_SPINNER[self._frame])

    def _place(self) -> None:
        """Centred near the bottom of the screen; growing upwards, so the strip's bottom edge stays put."""
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.center().x() - self.width() // 2, area.bottom() - self.height() - _BOTTOM_GAP)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.cancellable:
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)
