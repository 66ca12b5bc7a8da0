"""Where confirmed records go, edited in the settings dialog: one row per sink (on/off, name, kind, target, secret,
user). The row's "target" is the folder for a folder sink, the DSN for PostgreSQL, the URL for the others."""

from __future__ import annotations

from typing import get_args

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.settings import SinkSettings

KINDS: tuple[str, ...] = get_args(SinkSettings.model_fields["kind"].annotation)
COLUMNS = ("On", "Name", "Kind", "Folder, URL or DSN", "Secret / password", "User (CalDAV)")
ON, NAME, KIND, TARGET, SECRET, USER = range(len(COLUMNS))


def _target_key(kind: str) -> str:
    return {"folder": "path", "postgres": "dsn"}.get(kind, "url")


class SinksEditor(QWidget):
    def __init__(self, sinks: list[SinkSettings], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        for sink in sinks:
            self.add_row(sink)
        add = QPushButton("Add sink")
        add.clicked.connect(lambda: self.add_row(None))
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, sink: SinkSettings | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        on = QTableWidgetItem()
        on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        on.setCheckState(Qt.CheckState.Checked if sink is None or sink.enabled else Qt.CheckState.Unchecked)
        self.table.setItem(row, ON, on)
        kind = QComboBox()
        kind.addItems(KINDS)
        kind.setCurrentText(sink.kind if sink else "folder")
        self.table.setCellWidget(row, KIND, kind)
        target = getattr(sink, _target_key(sink.kind)) if sink else None
        secret = (sink.password if sink.kind == "caldav" else sink.secret) if sink else None
        texts = {NAME: sink.name if sink else f"sink-{row + 1}", TARGET: str(target or ""), SECRET: secret or "",
                 USER: (sink.username if sink else None) or ""}
        for column, text in texts.items():
            self.table.setItem(row, column, QTableWidgetItem(text))
        return row

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def sinks(self) -> list[SinkSettings]:
        """The sinks as shown; ValueError naming the row for a sink that could not work."""
        result: list[SinkSettings] = []
        for row in range(self.table.rowCount()):
            kind_box = self.table.cellWidget(row, KIND)
            assert isinstance(kind_box, QComboBox)
            kind, name, target = kind_box.currentText(), self._text(row, NAME), self._text(row, TARGET)
            if not name:
                raise ValueError(f"sink {row + 1} needs a name")
            if any(s.name == name for s in result):
                raise ValueError(f"two sinks are called {name!r}")
            if not target:
                what = {"path": "folder", "dsn": "DSN", "url": "URL"}[_target_key(kind)]
                raise ValueError(f"sink {name!r} needs a {what}")
            enabled = self.table.item(row, ON).checkState() == Qt.CheckState.Checked
            values = {"name": name, "kind": kind, "enabled": enabled, _target_key(kind): target,
                      "username": self._text(row, USER) or None,
                      "password" if kind == "caldav" else "secret": self._text(row, SECRET) or None}
            result.append(SinkSettings.model_validate(values))
        return result
