"""The recording overlay: a small always-on-top strip with a level meter, the elapsed time and the live transcript.

Esc on the overlay cancels the take (nothing is filed and the spool file is removed by the recorder).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget


class RecordingOverlay(QWidget):
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("recording_overlay")
        self.setWindowTitle("saydo — recording")
        self.setStyleSheet("#recording_overlay { background: #1f2430; border-radius: 10px; }"
                           "QLabel { color: #e8e8e8; } QLabel#partial { color: #ffffff; font-size: 15px; }"
                           "QProgressBar { background: #394050; border: none; border-radius: 3px; }"
                           "QProgressBar::chunk { background: #4cc38a; border-radius: 3px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.dot = QLabel("●")
        self.dot.setStyleSheet("color: #ff5c5c; font-size: 16px;")
        self.state = QLabel("Recording")
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("elapsed")
        self.level = QProgressBar()
        self.level.setObjectName("level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setFixedHeight(6)
        self.partial = QLabel("")
        self.partial.setObjectName("partial")
        self.partial.setWordWrap(True)
        hint = QLabel("Esc cancels")
        hint.setStyleSheet("color: #9aa3b5; font-size: 11px;")
        top = QHBoxLayout()
        top.addWidget(self.dot)
        top.addWidget(self.state)
        top.addStretch()
        top.addWidget(self.elapsed)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.level)
        layout.addWidget(self.partial)
        layout.addLayout(bottom)
        self.setFixedWidth(460)
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._tick)

    def begin(self) -> None:
        self._started = time.monotonic()
        self.state.setText("Recording")
        self.partial.setText("")
        self.level.setValue(0)
        self.elapsed.setText("0:00")
        self._timer.start()
        self._place()
        self.show()
        self.raise_()
        self.activateWindow()

    def working(self, text: str) -> None:
        """After release: the take is being finished and parsed."""
        self._timer.stop()
        self.state.setText(text)
        self.level.setValue(0)

    def end(self) -> None:
        self._timer.stop()
        self.hide()

    def set_level(self, level: float) -> None:
        """0..1, as the Recorder's meter gives it."""
        self.level.setValue(round(level * 100))

    def set_transcript(self, committed: str, partial: str) -> None:
        text = committed + (f"<span style='color:#9aa3b5'>{partial}</span>" if partial else "")
        self.partial.setText(text)

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        self.elapsed.setText(f"{seconds // 60}:{seconds % 60:02d}")

    def _place(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.adjustSize()
            self.move(area.center().x() - self.width() // 2, area.bottom() - self.height() - 80)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)
