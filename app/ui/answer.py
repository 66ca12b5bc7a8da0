"""The answer to a spoken question ("我这周有哪些待办", "list my expenses this month"): the matching records as a list,
expense totals per currency. Opening a row shows the record in the records window. Nothing here changes data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from records.export import title_of
from records.query import Answer, record_day

from .labels import intent_label, status_label
from .text import plain_label


@dataclass(frozen=True)
class Answered:
    """A take that was a question: what was asked and what the store answered."""

    question: str
    answer: Answer
    tz: tzinfo | None = None


class AnswerWindow(QWidget):
    open_requested = Signal(str)  # record id

    def __init__(self, answered: Answered) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("answer_window")
        self.setWindowTitle(self.tr("saydo — answer"))
        self.resize(640, 320)
        answer = answered.answer
        self.question = plain_label(f"“{answered.question}”")
        self.question.setWordWrap(True)
        found = self.tr("nothing found") if not answer.records else self.tr("{count} found").format(count=answer.count)
        totals = ", ".join(f"{amount:,.2f} {currency}" for currency, amount in answer.totals.items())
        self.summary = QLabel(found + (self.tr(" · total {totals}").format(totals=totals) if totals else ""))
        self.summary.setObjectName("summary")
        self.table = QTableWidget(len(answer.records), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Intent"), self.tr("Summary"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setVisible(False)
        self._ids = [record.id for record in answer.records]
        for row, record in enumerate(answer.records):
            cells = [record_day(record, answered.tz), intent_label(record.intent or ""), title_of(record),
                     status_label(record.status)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_requested.emit(self._ids[row]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
            self.open_requested.emit(self._ids[self.table.currentRow()])
            return
        super().keyPressEvent(event)
