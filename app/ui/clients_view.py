"""The records window's Clients tab: every client, searchable, and for the one chosen everything about it
(`records.client_view`): its contacts, the deal values summed per currency, the last visit, the follow-ups still
open (overdue first, marked), every record naming it oldest first (Enter or a double click opens one, as in the
records list), and the photos and files attached to them. The overview exports as Markdown or CSV
(`records.client_report`), by default into the Documents folder.

A client that visits name but the book does not know is listed too, marked, with a button to add it to the book.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.atomic_files import atomic_write
from app.clock import local
from app.filing import Filing
from records import ClientBook, StoreError
from records.attachments import clean_file_name
from records.client_report import ReportError, export_overview
from records.client_view import ClientName, ClientOverview, client_names, client_overview
from records.digest import DigestItem

from .attachments_view import AttachmentsView
from .labels import date_label, intent_label, status_label
from .text import plain_label

log = logging.getLogger(__name__)

COLUMNS = (QT_TRANSLATE_NOOP("ClientsView", "When"), QT_TRANSLATE_NOOP("ClientsView", "Intent"),
           QT_TRANSLATE_NOOP("ClientsView", "How"), QT_TRANSLATE_NOOP("ClientsView", "Status"),
           QT_TRANSLATE_NOOP("ClientsView", "Files"), QT_TRANSLATE_NOOP("ClientsView", "Summary"))
WHEN, INTENT, ROLE, STATUS, FILES, TITLE = range(len(COLUMNS))
ROLES = {  # how a record names the client (`records.client_view.ROLES`)
    "client": QT_TRANSLATE_NOOP("ClientsView", "visit"),
    "contact": QT_TRANSLATE_NOOP("ClientsView", "a contact"),
    "mention": QT_TRANSLATE_NOOP("ClientsView", "mentioned"),
}
EXPORT_FORMATS = {".md": "markdown", ".csv": "csv"}
SHOWN = ("all", "in_book", "not_in_book")
_OVERDUE = QColor("#b00020")


class ClientsView(QWidget):
    """`open_requested(id)`: the person asked to open one of the client's records (the records window opens it)."""

    open_requested = Signal(str)

    def __init__(self, filing: Filing, *, export_dir: Callable[[], Path]) -> None:
        super().__init__()
        self.store = filing.store
        self.settings = filing.settings
        self.export_dir = export_dir
        self.clients: list[ClientName] = []
        self.shown: list[ClientName] = []  # after the search and filter, in list order
        self.overview: ClientOverview | None = None
        self.setObjectName("clients_view")

        self.search = QLineEdit()
        self.search.setObjectName("client_search")
        self.search.setPlaceholderText(self.tr("Search clients…"))
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setObjectName("client_filter")
        for key, label in zip(SHOWN, (self.tr("All clients"), self.tr("In the client book"),
                                      self.tr("Not in the client book")), strict=True):
            self.filter.addItem(label, key)
        self.search.textChanged.connect(self._show_list)
        self.filter.currentIndexChanged.connect(self._show_list)
        self.list = QListWidget()
        self.list.setObjectName("clients")
        self.list.currentRowChanged.connect(self._chosen)
        self.count = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.count)

        self.title = plain_label()
        self.title.setObjectName("client_name")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.add_button = QPushButton(self.tr("Add to the client book"))
        self.add_button.setObjectName("add_client")
        self.add_button.setToolTip(self.tr("Records name this client, but your client book does not have it yet"))
        self.add_button.clicked.connect(self.add_to_book)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("export_client")
        self.export_button.clicked.connect(self.export_dialog)
        self.contacts = plain_label()
        self.deals = plain_label()
        self.last_visit = plain_label()
        self.overdue = plain_label()  # the follow-ups past their day, marked, above the coming ones
        self.overdue.setObjectName("overdue")
        self.overdue.setStyleSheet("color: #b00020; font-weight: bold;")
        self.coming = plain_label()
        self.coming.setObjectName("coming")
        for label in (self.contacts, self.deals, self.last_visit, self.overdue, self.coming):
            label.setWordWrap(True)
        follow_ups = QVBoxLayout()
        follow_ups.setSpacing(0)
        follow_ups.addWidget(self.overdue)
        follow_ups.addWidget(self.coming)
        facts = QFormLayout()
        facts.addRow(self.tr("Contacts"), self.contacts)
        facts.addRow(self.tr("Deals"), self.deals)
        facts.addRow(self.tr("Last visit"), self.last_visit)
        facts.addRow(self.tr("Follow-ups"), follow_ups)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("client_records")
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Sized by Qt as rows change: resizeColumnsToContents() on a shown table undoes the stretch until a resize.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self.open_selected)
        self.table.installEventFilter(self)  # Enter opens the selected record
        self.attachments = AttachmentsView()
        self.message = plain_label()
        self.message.setObjectName("client_message")
        self.message.setStyleSheet("color: #667;")

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.add_button)
        header.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(header)
        right_layout.addLayout(facts)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.attachments)
        right_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_overview(None)

    # --- the list ---------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the clients again, keeping the one chosen (the tab is shown, a record was saved)."""
        chosen = self.overview.name if self.overview else None
        try:
            self.clients = client_names(self.store)
        except StoreError as exc:
            self.count.setText(self.tr("Cannot read the clients: {reason}").format(reason=exc))
            return
        self._show_list(chosen=chosen)

    def _show_list(self, *_: object, chosen: str | None = None) -> None:
        if chosen is None and self.overview is not None:
            chosen = self.overview.name
        text = self.search.text().strip().casefold()
        which = self.filter.currentData()
        self.shown = [client for client in self.clients
                      if (which == "all" or (which == "in_book") == client.in_book)
                      and (not text or any(text in name.casefold() for name in (client.name, *client.aliases)))]
        self.list.blockSignals(True)
        self.list.clear()
        not_in_book = self.tr("{name} (not in the book)")
        # One call for the whole list: 500 clients must not cost 500 calls into Qt.
        self.list.addItems([client.name if client.in_book else not_in_book.format(name=client.name)
                            for client in self.shown])
        for row, client in enumerate(self.shown):
            if client.aliases:
                self.list.item(row).setToolTip(", ".join(client.aliases))
            if not client.in_book:
                self.list.item(row).setForeground(QBrush(QColor("#6b7280")))
        self.count.setText((self.tr("{count} client") if len(self.shown) == 1 else self.tr("{count} clients")).format(
            count=len(self.shown)))
        names = [client.name for client in self.shown]
        row = names.index(chosen) if chosen in names else (0 if names else -1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._chosen(row)

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self.show_client(self.shown[row].name)
        else:
            self._show_overview(None)

    def select(self, name: str) -> bool:
        """Choose the client called `name` (or an alias), clearing the search and filter; False when not listed."""
        folded = name.casefold()
        for client in self.clients:
            if any(folded == known.casefold() for known in (client.name, *client.aliases)):
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self.filter.blockSignals(True)
                self.filter.setCurrentIndex(0)
                self.filter.blockSignals(False)
                self._show_list(chosen=client.name)
                return True
        return False

    # --- the client chosen ------------------------------------------------------------------------------------------

    def show_client(self, name: str) -> None:
        try:
            # "Overdue" by the day on the user's clock: the `timezone` setting, as takes read their dates.
            overview = client_overview(self.store, name, local(self.store.now(), self.settings.timezone))
        except StoreError as exc:
            self.message.setText(self.tr("Cannot read the records: {reason}").format(reason=exc))
            return
        self._show_overview(overview)

    def _show_overview(self, overview: ClientOverview | None) -> None:
        self.overview = overview
        for widget in (self.add_button, self.export_button):
            widget.setEnabled(overview is not None)
        self.add_button.setVisible(overview is not None and not overview.in_book)
        if overview is None:
            self.title.setText(self.tr("No client chosen") if self.clients else
                               self.tr("No clients yet: visit notes and the client book fill this list."))
            for label in (self.contacts, self.deals, self.last_visit, self.coming):
                label.setText("—")
            self.overdue.hide()
            self.table.setRowCount(0)
            self.attachments.show_attachments([])
            return
        aliases = f" ({', '.join(overview.aliases)})" if overview.aliases else ""
        self.title.setText(overview.name + aliases)
        self.contacts.setText(" · ".join(
            (f"{c.name}, {c.title}" if c.title else c.name) + ("" if c.in_book else self.tr(" (not in the book)"))
            for c in overview.contacts) or "—")
        self.deals.setText(" · ".join(
            self.tr("{total} {currency} ({count} visits)").format(
                total=_total(deal.total), currency=deal.currency or self.tr("(no currency)"), count=deal.visits)
            for deal in overview.deals) or "—")
        last = overview.last_visit
        self.last_visit.setText(f"{last.when.replace('T', ' ')} · {last.title}" if last else "—")
        overdue = [item for item in overview.follow_ups if item.overdue]
        coming = [item for item in overview.follow_ups if not item.overdue]
        self.overdue.setText("\n".join(_follow_up_line(item) for item in overdue))
        self.overdue.setVisible(bool(overdue))
        self.coming.setText("\n".join(_follow_up_line(item) for item in coming) or ("" if overdue else "—"))
        self.coming.setVisible(bool(coming) or not overdue)
        due = {item.record.id: item for item in overview.follow_ups}
        self.table.setRowCount(len(overview.records))
        for i, entry in enumerate(overview.records):
            record = entry.record
            cells = (entry.when.replace("T", " "), intent_label(record.intent or ""),
                     self.tr(ROLES[entry.role]) if entry.role in ROLES else entry.role,
                     status_label(record.status) + (self.tr(" · done") if record.done_at else ""),
                     str(len(record.attachments) or ""), entry.title)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                if j == TITLE:
                    item.setToolTip(record.transcript)
                if record.id in due and due[record.id].overdue:
                    item.setForeground(QBrush(_OVERDUE))
                self.table.setItem(i, j, item)
        if overview.records:
            self.table.selectRow(len(overview.records) - 1)  # the newest, at the bottom
        self.attachments.show_attachments([held.attachment for held in overview.attachments])
        self.message.setText("" if overview.in_book or not overview.records else
                             self.tr("Records name {name}, but your client book does not have it yet.").format(
                                 name=overview.name))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id() is not None:
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        if self.overview is None or not 0 <= row < len(self.overview.records):
            return None
        return self.overview.records[row].record.id

    def open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.open_requested.emit(record_id)

    def add_to_book(self) -> None:
        if self.overview is None or self.overview.in_book:
            return
        name = self.overview.name
        try:
            ClientBook(self.store).add_client(name)
        except StoreError as exc:
            self.message.setText(self.tr("Not added: {reason}").format(reason=exc))
            return
        log.info("added %s to the client book from the clients view", name)
        self.refresh()
        self.message.setText(self.tr("{name} is in your client book now.").format(name=name))

    # --- export -----------------------------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        if self.overview is None:
            return
        suggested = self.export_dir() / clean_file_name(f"saydo-{self.overview.name}.md")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the client"), str(suggested),
                                              "Markdown (*.md);;CSV (*.csv)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """Write the chosen client's overview in the format the file name asks for (.md or .csv)."""
        if self.overview is None:
            return
        try:
            fmt = EXPORT_FORMATS.get(path.suffix.lower())
            if fmt is None:
                raise ReportError(self.tr("cannot export to {name}: name the file .md or .csv").format(name=path.name))
            atomic_write(path, export_overview(self.overview, fmt))
        except (ReportError, OSError) as exc:
            self.message.setText(self.tr("Not exported: {reason}").format(reason=exc))
            return
        self.message.setText(self.tr("Exported {name} to {path}").format(name=self.overview.name, path=path))


def _follow_up_line(item: DigestItem) -> str:
    kind = date_label("follow-up") if item.kind == "follow_up" else intent_label(item.kind)
    when = item.due.replace("T", " ")
    if item.overdue:
        overdue = QCoreApplication.translate("ClientsView", "⚠ {when} overdue · {kind} · {title}")
        return overdue.format(when=when, kind=kind, title=item.title)
    return f"{when} · {kind} · {item.title}"


def _total(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
