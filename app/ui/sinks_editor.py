"""Where confirmed records go, edited in the settings dialog: one row per sink (on/off, name, kind, target, secret,
user). The row's "target" is the folder for a folder sink, the DSN for PostgreSQL, the URL for the others.

Secrets are never shown as plain text unless "Show secrets" is ticked: the secret / password column (a DSN's password
is moved there) reads ••••••••, and a DingTalk or Feishu robot's URL, which is its access token, shows only its host.
They are edited in password fields.
"""

from __future__ import annotations

import re
from typing import Any, get_args
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.settings import SinkSettings, validate_settings

KINDS: tuple[str, ...] = get_args(SinkSettings.model_fields["kind"].annotation)
COLUMNS = (QT_TRANSLATE_NOOP("SinksEditor", "On"), QT_TRANSLATE_NOOP("SinksEditor", "Name"),
           QT_TRANSLATE_NOOP("SinksEditor", "Kind"), QT_TRANSLATE_NOOP("SinksEditor", "Folder, URL or DSN"),
           QT_TRANSLATE_NOOP("SinksEditor", "Secret / password"), QT_TRANSLATE_NOOP("SinksEditor", "User (CalDAV)"))
ON, NAME, KIND, TARGET, SECRET, USER = range(len(COLUMNS))
MASK = "••••••••"
SECRET_URL_KINDS = ("dingtalk", "feishu")  # the robot's URL carries its token: whoever has it can post to the group
_URI_PASSWORD = re.compile(r"^(?P<head>[a-z][a-z0-9+.-]*://[^:@/?#]*):(?P<password>[^@/?#]*)@", re.IGNORECASE)
_URI_USERINFO = re.compile(r"^(?P<head>[a-z][a-z0-9+.-]*://[^@/?#]*)@", re.IGNORECASE)
_KV_PASSWORD = re.compile(r"(?:^|\s+)password\s*=\s*(?P<password>'(?:\\.|[^'\\])*'|[^\s']\S*)")


def _target_key(kind: str) -> str:
    return {"folder": "path", "postgres": "dsn"}.get(kind, "url")


def split_dsn(dsn: str) -> tuple[str, str | None]:
    """A PostgreSQL DSN (URI or key=value) without its password, and the password (None when it has none)."""
    if match := _URI_PASSWORD.match(dsn):
        return f"{match['head']}@{dsn[match.end():]}", unquote(match["password"])
    if match := _KV_PASSWORD.search(dsn):
        value = match["password"]
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        return " ".join(part for part in (dsn[:match.start()].strip(), dsn[match.end():].strip()) if part), value
    return dsn, None


def join_dsn(dsn: str, password: str | None) -> str:
    """`dsn` (as `split_dsn` left it) with `password` put back in the DSN's own syntax."""
    if not password:
        return dsn
    if "://" in dsn:
        encoded = quote(password, safe="")
        if match := _URI_USERINFO.match(dsn):
            return f"{match['head']}:{encoded}@{dsn[match.end():]}"
        scheme, rest = dsn.split("://", 1)
        return f"{scheme}://:{encoded}@{rest}"
    escaped = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"{dsn} password='{escaped}'".strip()


def masked_url(url: str) -> str:
    """A URL that is itself a credential, shown by its host only."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/{MASK}" if parts.scheme and parts.hostname else MASK


class SecretDelegate(QStyledItemDelegate):
    """Shows a secret cell masked and edits it in a password field, unless secrets are revealed."""

    def __init__(self, editor: SinksEditor) -> None:
        super().__init__(editor)
        self.sinks_editor = editor

    def _masked(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return not self.sinks_editor.revealed and self.sinks_editor.is_secret(index.row(), index.column())

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if self._masked(index) and option.text:  # type: ignore[attr-defined]
            shown = masked_url(option.text) if index.column() == TARGET else MASK  # type: ignore[attr-defined]
            option.text = shown  # type: ignore[attr-defined]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and self._masked(index):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        super().setModelData(editor, model, index)
        self.sinks_editor.move_dsn_password(index.row())


class SinksEditor(QWidget):
    def __init__(self, sinks: list[SinkSettings], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revealed = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("sinks_table")
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # no header cut off
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        self.delegate = SecretDelegate(self)
        for column in (TARGET, SECRET):
            self.table.setItemDelegateForColumn(column, self.delegate)
        for sink in sinks:
            self.add_row(sink)
        add = QPushButton(self.tr("Add sink"))
        add.clicked.connect(lambda: self.add_row(None))
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        self.show_secrets = QCheckBox(self.tr("Show secrets"))
        self.show_secrets.setObjectName("show_secrets")
        self.show_secrets.setToolTip(self.tr("Show passwords, signing secrets and robot URLs as plain text"))
        self.show_secrets.toggled.connect(self.reveal)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(self.show_secrets)
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
        kind.currentTextChanged.connect(self.table.viewport().update)  # a robot's URL is masked, a webhook's not
        self.table.setCellWidget(row, KIND, kind)
        target = getattr(sink, _target_key(sink.kind)) if sink else None
        secret = (sink.password if sink.kind == "caldav" else sink.secret) if sink else None
        if sink is not None and sink.kind == "postgres" and target:
            target, secret = split_dsn(str(target))
        texts = {NAME: sink.name if sink else f"sink-{row + 1}", TARGET: str(target or ""), SECRET: secret or "",
                 USER: (sink.username if sink else None) or ""}
        for column, text in texts.items():
            self.table.setItem(row, column, QTableWidgetItem(text))
        return row

    def _kind(self, row: int) -> str:
        box = self.table.cellWidget(row, KIND)
        assert isinstance(box, QComboBox)
        return box.currentText()

    def is_secret(self, row: int, column: int) -> bool:
        return column == SECRET or (column == TARGET and self._kind(row) in SECRET_URL_KINDS)

    def reveal(self, on: bool) -> None:
        self.revealed = on
        self.table.viewport().update()

    def move_dsn_password(self, row: int) -> None:
        """A DSN typed with its password in it: the password goes to the secret column, out of sight."""
        if self._kind(row) != "postgres":
            return
        dsn, password = split_dsn(self._text(row, TARGET))
        if password is not None:
            self.table.item(row, TARGET).setText(dsn)
            self.table.item(row, SECRET).setText(password)

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def sinks(self) -> list[SinkSettings]:
        """The sinks as shown; ValueError naming the row (never a secret) for a sink that could not work."""
        entries: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            kind, name, target = self._kind(row), self._text(row, NAME), self._text(row, TARGET)
            secret = self._text(row, SECRET) or None
            if not name:
                raise ValueError(self.tr("sink {number} needs a name").format(number=row + 1))
            if any(entry["name"] == name for entry in entries):
                raise ValueError(self.tr("two sinks are called '{name}'").format(name=name))
            if not target:
                needs = {"path": self.tr("sink '{name}' needs a folder"), "dsn": self.tr("sink '{name}' needs a DSN"),
                         "url": self.tr("sink '{name}' needs a URL")}[_target_key(kind)]
                raise ValueError(needs.format(name=name))
            if kind == "postgres":
                target, secret = join_dsn(target, secret), None
            enabled = self.table.item(row, ON).checkState() == Qt.CheckState.Checked
            entries.append({"name": name, "kind": kind, "enabled": enabled, _target_key(kind): target,
                            "username": self._text(row, USER) or None,
                            "password" if kind == "caldav" else "secret": secret})
        return validate_settings({"sinks": entries}).sinks
