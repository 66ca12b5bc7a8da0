"""The records window: every record, searchable (full text) and filtered by intent, status and date.

Each row shows the record's own date, who it concerns, its amount and a one-line summary (`records.summary`).
Enter or a double click opens it (`RecordDialog`: the card in editing mode, a save is a new revision, with its
recording and history); a draft the parser could not use can be re-run through the models; the rows shown can be
exported (CSV, JSON, Markdown, iCalendar), by default into the Documents folder. The Clients tab shows everything
about one client (`clients_view`); it reads the store when it is first shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.atomic_files import atomic_write
from app.filing import Filing
from intents.schema import INTENTS
from records import STATUSES, StoredRecord, StoreError
from records.export import FORMATS, ExportError, export_records
from records.summary import amount, record_date, summary, who

from .clients_view import ClientsView
from .form import DATE_FORMAT
from .labels import date_label, intent_label, status_label
from .record_dialog import RecordDialog, Speaker

log = logging.getLogger(__name__)

COLUMNS = (QT_TRANSLATE_NOOP("RecordsWindow", "Created"), QT_TRANSLATE_NOOP("RecordsWindow", "Status"),
           QT_TRANSLATE_NOOP("RecordsWindow", "Intent"), QT_TRANSLATE_NOOP("RecordsWindow", "Date"),
           QT_TRANSLATE_NOOP("RecordsWindow", "Client / assignee"), QT_TRANSLATE_NOOP("RecordsWindow", "Amount"),
           QT_TRANSLATE_NOOP("RecordsWindow", "Summary"))
CREATED, STATUS, INTENT, DATE, WHO, AMOUNT, SUMMARY = range(len(COLUMNS))
LIMIT = 500
EXPORT_NAME = "saydo-records.csv"


def documents_dir() -> Path:
    """Where exports go unless the person picks another folder: Documents, or home where there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def export_file(rows: list[StoredRecord], path: Path) -> None:
    """Write the rows in the format the file name asks for (.csv, .json, .md, .ics); ExportError otherwise."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        refusal = QCoreApplication.translate("RecordsWindow", "cannot export to {name}: name the file {formats}")
        raise ExportError(refusal.format(name=path.name, formats=", ".join(f".{known}" for known in FORMATS)))
    atomic_write(path, export_records(rows, fmt))


class DateFilter(QWidget):
    """A date bound that can be switched off."""

    def __init__(self, label: str, default: date) -> None:
        super().__init__()
        self.enabled_box = QCheckBox(label)
        self.date = QDateEdit(QDate(default.year, default.month, default.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setEnabled(False)
        self.enabled_box.toggled.connect(self.date.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.date)

    def value(self) -> date | None:
        return self.date.date().toPython() if self.enabled_box.isChecked() else None


class RecordsWindow(QWidget):
    """`rerun_requested(id)` asks the app to re-run a draft through the models (on the model worker)."""

    rerun_requested = Signal(str)
    record_saved = Signal(str)

    def __init__(self, filing: Filing, *, can_rerun: Callable[[], bool] = lambda: True,
                 speaker: Speaker | None = None) -> None:
        super().__init__()
        self.filing = filing
        self.store = filing.store
        self.can_rerun = can_rerun
        self.speaker = speaker  # None: the default output device
        self.rows: list[StoredRecord] = []
        self.setObjectName("records_window")
        self.setWindowTitle(self.tr("saydo — records"))

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search transcripts and fields…"))
        self.search.setClearButtonEnabled(True)
        self.intent = QComboBox()
        self.intent.setObjectName("intent_filter")
        self.intent.addItem(self.tr("All intents"), None)
        for name in INTENTS:
            self.intent.addItem(intent_label(name), name)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem(self.tr("Any status"), None)
        for status in STATUSES:
            self.status.addItem(status_label(status).capitalize(), status)
        today = date.today()
        self.since = DateFilter(self.tr("From"), today - timedelta(days=7))
        self.until = DateFilter(self.tr("To"), today)
        for signal in (self.search.textChanged, self.intent.currentIndexChanged, self.status.currentIndexChanged,
                       self.since.enabled_box.toggled, self.since.date.dateChanged,
                       self.until.enabled_box.toggled, self.until.date.dateChanged):
            signal.connect(self.refresh)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("records_table")
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self.open_selected)
        self.table.installEventFilter(self)  # Enter opens the selected record
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #6b7280; font-size: 14px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.open_button = QPushButton(self.tr("Open  ⏎"))
        self.rerun_button = QPushButton(self.tr("Re-run draft"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.done_button = QPushButton(self.tr("Done / reopen"))
        self.done_button.setToolTip(self.tr("Mark the selected reminder, task or follow-up done (or open again)"))
        self.done_button.clicked.connect(self.toggle_done_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.rerun_button.clicked.connect(self.rerun_selected)
        self.export_button.clicked.connect(self.export_dialog)
        self.count = QLabel()
        self.status_line = QLabel()
        self.status_line.setObjectName("status_line")
        self.status_line.setStyleSheet("color: #667;")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.intent)
        filters.addWidget(self.status)
        filters.addWidget(self.since)
        filters.addWidget(self.until)
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch()
        actions.addWidget(self.status_line)
        for button in (self.open_button, self.done_button, self.rerun_button, self.export_button):
            actions.addWidget(button)
        records_page = QWidget()
        page = QVBoxLayout(records_page)
        page.addLayout(filters)
        page.addWidget(self.stack, 1)
        page.addLayout(actions)
        self.clients = ClientsView(filing, export_dir=documents_dir)
        self.clients.open_requested.connect(self.open_record)
        self._clients_read = False  # the Clients tab reads the store when first shown, not with the window
        self.tabs = QTabWidget()
        self.tabs.setObjectName("records_tabs")
        self.tabs.addTab(records_page, self.tr("Records"))
        self.tabs.addTab(self.clients, self.tr("Clients"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1100, 520)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def query(self) -> list[StoredRecord]:
        """The records the filters select, newest first (best matches first when searching)."""
        intent, status = self.intent.currentData(), self.status.currentData()
        since, until = self.since.value(), self.until.value()
        until_exclusive = until + timedelta(days=1) if until else None
        text = self.search.text().strip()
        if not text:
            return self.store.list(status=status, intent=intent, since=since, until=until_exclusive, limit=LIMIT)
        rows = self.store.search(text, limit=LIMIT, status=status)
        since_s = since.isoformat() if since else None
        until_s = until_exclusive.isoformat() if until_exclusive else None
        return [r for r in rows if (intent is None or r.intent == intent)
                and (since_s is None or _local_day(r) >= since_s) and (until_s is None or _local_day(r) < until_s)]

    def refresh(self) -> None:
        try:
            self.rows = self.query()
        except StoreError as exc:
            self.count.setText(self.tr("Cannot read the records: {reason}").format(reason=exc))
            return
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            status = status_label(row.status) + (self.tr(" · done") if row.done_at else "")
            cells = (_local_day(row, with_time=True), status,
                     intent_label(row.intent) if row.intent else self.tr("unparsed"),
                     _record_date(row), who(row), amount(row), summary(row))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if j == AMOUNT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if j == SUMMARY:
                    item.setToolTip(row.transcript)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.count.setText((self.tr("{count} record") if len(self.rows) == 1 else self.tr("{count} records")).format(
            count=len(self.rows)))
        filtered = bool(self.search.text().strip()) or any(
            box.currentData() is not None for box in (self.intent, self.status)) or any(
            bound.value() is not None for bound in (self.since, self.until))
        self.empty.setText(self.tr("No records match the search and filters.") if filtered else
                           self.tr("No records yet: press the hotkey and say what to file."))
        self.stack.setCurrentWidget(self.table if self.rows else self.empty)

    def set_status(self, text: str) -> None:
        """The models' state (loading, ready), so progress is visible without a tray."""
        self.status_line.setText(self.tr("Models: {status}").format(status=text))

    def selected(self) -> StoredRecord | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def open_record(self, record_id: str) -> RecordDialog:
        card = RecordDialog(self.filing, self.store.get(record_id), speaker=self.speaker, parent=self)
        card.setWindowFlag(Qt.WindowType.Window, True)
        card.filed.connect(self._saved)
        card.show()
        return card

    def _saved(self, record_id: str) -> None:
        self.refresh()
        if self._clients_read:
            self.clients.refresh()
        self.record_saved.emit(record_id)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.clients and not self._clients_read:
            self._clients_read = True
            self.clients.refresh()

    def show_clients(self, name: str | None = None) -> bool:
        """Bring the Clients tab forward, on the client called `name` when given; False when no client is called so."""
        self.tabs.setCurrentWidget(self.clients)
        if not self._clients_read:
            self._tab_shown(self.tabs.currentIndex())
        return self.clients.select(name) if name else True

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_record(row.id)

    def toggle_done_selected(self) -> None:
        """Done (or open again) as a revision; the sinks and the reminder schedule follow from the store."""
        row = self.selected()
        if row is None:
            return
        try:
            self.store.mark_done(row.id, done=row.done_at is None)
            self.filing.changed(row.id)
        except StoreError as exc:
            self.count.setText(self.tr("Not changed: {reason}").format(reason=exc))
            return
        self._saved(row.id)

    def rerun_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.status != "draft":
            self.count.setText(self.tr("Only drafts are re-run; open a filed record to edit it."))
            return
        if not self.can_rerun():
            self.count.setText(self.tr("The models are still loading; try again in a moment."))
            return
        self.rerun_requested.emit(row.id)

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export records"), str(documents_dir() / EXPORT_NAME),
                                              "CSV (*.csv);;JSON (*.json);;Markdown (*.md);;iCalendar (*.ics)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        try:
            export_file(self.rows, path)
        except (ExportError, OSError) as exc:
            self.count.setText(self.tr("Not exported: {reason}").format(reason=exc))
            return
        done = self.tr("Exported {count} record to {path}") if len(self.rows) == 1 else self.tr(
            "Exported {count} records to {path}")
        self.count.setText(done.format(count=len(self.rows), path=path))


def _record_date(row: StoredRecord) -> str:
    """`records.summary.record_date` ("due 2026-11-25") with its word in the interface language."""
    word, _, when = record_date(row).partition(" ")
    return f"{date_label(word)} {when}" if when else word


def _local_day(row: StoredRecord, *, with_time: bool = False) -> str:
    local = datetime.fromisoformat(row.created_at).astimezone()
    return local.strftime("%Y-%m-%d %H:%M") if with_time else local.strftime("%Y-%m-%d")
