"""Where confirmed records go, edited in the settings dialog: one row per sink (on/off, name, kind), then the
fields each kind declares (records/sinks: a `SettingField` per field), placed by widget: where it delivers (a
folder, a URL, a DSN), then its secrets, then any other text. A column's header lists the labels of the fields in
it; a cell's tooltip names the field it holds for its row's kind.

Secret fields are never shown as plain text unless "Show secrets" is ticked: they read ••••••••, a secret URL (a
DingTalk or Feishu robot's, which is its access token) shows only its host, and they are edited in password fields.
A DSN's password is moved out of it into the secret column, and put back when saved.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
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
from records.sinks import SettingField, SinkConfig, setting_fields, sink_kind, sink_kinds

KINDS: tuple[str, ...] = tuple(sink_kinds())
CONFIGS: dict[str, type[SinkConfig]] = {kind: sink_kind(kind).config for kind in KINDS}
# Which column group a field goes to, by its widget, in this order.
_GROUPS = {"path": "target", "url": "target", "dsn": "target", "password": "secret", "text": "text"}


def layout(configs: dict[str, type[SinkConfig]]) -> tuple[list[str], dict[str, dict[int, str]]]:
    """The generated columns' groups, and for each kind which column holds which of its fields: a kind's n-th field
    of a group goes to that group's n-th column, so a group has as many columns as the kind with the most of it."""
    declared = {kind: [(_GROUPS[meta.widget], name) for name, meta in setting_fields(config).items()]
                for kind, config in configs.items()}
    groups = [group for group in dict.fromkeys(_GROUPS.values())
              for _ in range(max(sum(g == group for g, _ in fields) for fields in declared.values()))]
    columns: dict[str, dict[int, str]] = {}
    for kind, fields in declared.items():
        free = {group: [FIRST + i for i, g in enumerate(groups) if g == group] for group in groups}
        columns[kind] = {free[group].pop(0): name for group, name in fields}
    return groups, columns


COLUMNS = (QT_TRANSLATE_NOOP("SinksEditor", "On"), QT_TRANSLATE_NOOP("SinksEditor", "Name"),
           QT_TRANSLATE_NOOP("SinksEditor", "Kind"))
ON, NAME, KIND = range(len(COLUMNS))
FIRST = len(COLUMNS)  # the first generated column
GROUPS, FIELD_COLUMNS = layout(CONFIGS)
# The first column of each group: a DSN's password goes to SECRET.
TARGET, SECRET, USER = (FIRST + GROUPS.index(group) for group in ("target", "secret", "text"))
MASK = "••••••••"
NEEDS = {  # what the user is told when a required field is empty, by its widget
    "path": QT_TRANSLATE_NOOP("SinksEditor", "sink '{name}' needs a folder"),
    "dsn": QT_TRANSLATE_NOOP("SinksEditor", "sink '{name}' needs a DSN"),
    "url": QT_TRANSLATE_NOOP("SinksEditor", "sink '{name}' needs a URL"),
}
_URI_PASSWORD = re.compile(r"^(?P<head>[a-z][a-z0-9+.-]*://[^:@/?#]*):(?P<password>[^@/?#]*)@", re.IGNORECASE)
_URI_USERINFO = re.compile(r"^(?P<head>[a-z][a-z0-9+.-]*://[^@/?#]*)@", re.IGNORECASE)
_KV_PASSWORD = re.compile(r"(?:^|\s+)password\s*=\s*(?P<password>'(?:\\.|[^'\\])*'|[^\s']\S*)")


def field_label(label: str) -> str:
    """A field's label (marked in records/sinks) in the interface language."""
    return QCoreApplication.translate("SinkConfig", label)


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
            field = self.sinks_editor.field(index.row(), index.column())
            shown = masked_url(option.text) if field and field.widget == "url" else MASK  # type: ignore[attr-defined]
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
        self.table = QTableWidget(0, FIRST + len(GROUPS))
        self.table.setObjectName("sinks_table")
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS] + self._headers())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # no header cut off
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        self.delegate = SecretDelegate(self)
        for column in range(FIRST, self.table.columnCount()):
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

    @staticmethod
    def _headers() -> list[str]:
        """Each generated column's header: the labels of the fields it holds, once each."""
        labels: list[dict[str, None]] = [{} for _ in GROUPS]
        for kind, columns in FIELD_COLUMNS.items():
            for column, name in columns.items():
                labels[column - FIRST][field_label(setting_fields(CONFIGS[kind])[name].label)] = None
        return [" / ".join(names) for names in labels]

    def add_row(self, sink: SinkSettings | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind = QComboBox()  # first: the cells' delegate reads the row's kind as soon as there is something to size
        kind.addItems(KINDS)
        kind.setCurrentText(sink.kind if sink else "folder")
        self.table.setCellWidget(row, KIND, kind)
        on = QTableWidgetItem()
        on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        on.setCheckState(Qt.CheckState.Checked if sink is None or sink.enabled else Qt.CheckState.Unchecked)
        self.table.setItem(row, ON, on)
        self.table.setItem(row, NAME, QTableWidgetItem(sink.name if sink else f"sink-{row + 1}"))
        for column in range(FIRST, self.table.columnCount()):
            self.table.setItem(row, column, QTableWidgetItem())
        if sink is not None:
            for column, name in FIELD_COLUMNS[sink.kind].items():
                value = getattr(sink, name)
                self.table.item(row, column).setText("" if value is None else str(value))
            self.move_dsn_password(row)
        kind.currentTextChanged.connect(self._describe)  # a robot's URL is masked, a webhook's not
        self._describe()
        return row

    def _describe(self) -> None:
        """Each cell's tooltip names the field it holds for its row's kind."""
        for row in range(self.table.rowCount()):
            for column in range(FIRST, self.table.columnCount()):
                field = self.field(row, column)
                self.table.item(row, column).setToolTip(field_label(field.label) if field else "")
        self.table.viewport().update()

    def _kind(self, row: int) -> str:
        box = self.table.cellWidget(row, KIND)
        assert isinstance(box, QComboBox)
        return box.currentText()

    def field(self, row: int, column: int) -> SettingField | None:
        """The field a cell holds for its row's kind; None for a column that kind does not use."""
        kind = self._kind(row)
        name = FIELD_COLUMNS[kind].get(column)
        return setting_fields(CONFIGS[kind])[name] if name else None

    def is_secret(self, row: int, column: int) -> bool:
        """A secret field, or what is typed in a secret column that the row's kind does not use (a DSN's password)."""
        field = self.field(row, column)
        return field.secret if field else GROUPS[column - FIRST] == "secret"

    def reveal(self, on: bool) -> None:
        self.revealed = on
        self.table.viewport().update()

    def move_dsn_password(self, row: int) -> None:
        """A DSN typed with its password in it: the password goes to the secret column, out of sight."""
        for column in FIELD_COLUMNS[self._kind(row)]:
            if (field := self.field(row, column)) and field.widget == "dsn":
                dsn, password = split_dsn(self._text(row, column))
                if password is not None:
                    self.table.item(row, column).setText(dsn)
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
            kind, name = self._kind(row), self._text(row, NAME)
            if not name:
                raise ValueError(self.tr("sink {number} needs a name").format(number=row + 1))
            if any(entry["name"] == name for entry in entries):
                raise ValueError(self.tr("two sinks are called '{name}'").format(name=name))
            enabled = self.table.item(row, ON).checkState() == Qt.CheckState.Checked
            entry: dict[str, Any] = {"name": name, "kind": kind, "enabled": enabled}
            for column, key in FIELD_COLUMNS[kind].items():
                field = setting_fields(CONFIGS[kind])[key]
                value = self._text(row, column)
                if field.required and not value:
                    needs = NEEDS.get(field.widget, QT_TRANSLATE_NOOP("SinksEditor", "sink '{name}' needs {field}"))
                    raise ValueError(self.tr(needs).format(name=name, field=field_label(field.label)))
                if field.widget == "dsn":
                    value = join_dsn(value, self._text(row, SECRET) or None)
                entry[key] = value or None
            entries.append(entry)
        return validate_settings({"sinks": entries}).sinks
