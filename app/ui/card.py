"""The confirmation card: the parsed record as a form beside what was heard; Enter (or Ctrl+Enter, from anywhere)
files it, Esc discards it.

The record is already in the store as a draft when the card opens (nothing is lost if the app dies meanwhile).
Confirming writes the edits as a new revision, marks the record confirmed (through `app.filing`, so retention and
delivery follow) and emits `filed`; discarding keeps the row as a discarded draft. Opened from the records window
(`editing=True`), the same card saves a revision instead.

Filing teaches the client book the record's names; the card first lists those the book does not know yet, each with a
box: an unticked name is filed with the record but kept out of the book.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.filing import Filing
from intents.schema import FIELDS_BY_INTENT
from records import ClientBook, Named, StoreError

from .form import INTENT_LABELS, FormError, RecordForm, form_specs

log = logging.getLogger(__name__)


@dataclass
class Draft:
    """What the card shows: a stored record's id, what was heard, and what the parser made of it."""

    record_id: str
    transcript: str
    intent: str | None
    fields: dict[str, Any] | None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    status: str = "draft"
    # Names written the client book's way: (as heard, as written), for the card to show and undo.
    corrections: list[tuple[str, str]] = field(default_factory=list)


def _undo_names(value: Any, corrections: list[tuple[str, str]]) -> Any:
    """`value` (a field's text or list of texts) with each corrected name put back as it was heard."""
    if isinstance(value, list):
        return [_undo_names(item, corrections) for item in value]
    if isinstance(value, str):
        for heard, written in corrections:
            value = value.replace(written, heard)
    return value


def _carry_over(old: dict[str, Any], intent: str, transcript: str) -> dict[str, Any]:
    """Fields for a new intent: same-named values stay; the first empty required text gets the transcript."""
    specs = form_specs(intent)
    fields = {s.name: old[s.name] for s in specs if old.get(s.name) not in (None, "", [])}
    required_text = [s.name for s in specs if s.kind == "text" and not s.optional and s.name not in fields]
    if required_text:
        fields[required_text[0]] = transcript
    return fields


class ConfirmationCard(QDialog):
    filed = Signal(str)  # record id, after it is confirmed (or saved, when editing)
    discarded = Signal(str)

    def __init__(self, filing: Filing, draft: Draft, *, editing: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filing = filing
        self.draft = draft
        self.editing = editing
        self.setObjectName("confirmation_card")
        self.setWindowTitle("saydo — edit record" if editing else "saydo — confirm")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, not editing)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.intent_box = QComboBox()
        self.intent_box.setObjectName("intent")
        for name in FIELDS_BY_INTENT:
            self.intent_box.addItem(INTENT_LABELS[name], name)
        intent = draft.intent or "note"
        fields = draft.fields if draft.intent else {"text": draft.transcript}
        self.intent_box.setCurrentIndex(self.intent_box.findData(intent))
        self.intent_box.currentIndexChanged.connect(self._switch_intent)

        self.form = RecordForm(intent, fields)
        self.form_holder = QVBoxLayout()
        self.form_holder.addWidget(self.form)

        self.transcript_view = QPlainTextEdit(draft.transcript)
        self.transcript_view.setObjectName("transcript")
        self.transcript_view.setReadOnly(True)
        self.transcript_view.setTabChangesFocus(True)
        self.transcript_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        notes = [*draft.warnings, *([draft.error] if draft.error else [])]
        self._show_message("\n".join(notes), error=bool(draft.error))

        self.corrections_label = QLabel(
            "Corrected from your client book: " + ", ".join(f"{h} → {w}" for h, w in draft.corrections))
        self.corrections_label.setObjectName("corrections")
        self.corrections_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undo_corrections")
        self.undo_button.setAutoDefault(False)  # Enter files the record; it never undoes
        self.undo_button.clicked.connect(self.undo_corrections)
        corrections_row = QHBoxLayout()
        corrections_row.addWidget(self.corrections_label, 1)
        corrections_row.addWidget(self.undo_button)
        for widget in (self.corrections_label, self.undo_button):
            widget.setVisible(bool(draft.corrections))

        self.book = ClientBook(filing.store)
        self.offered: list[Named] = []  # the names shown as new to the book
        self.declined: set[str] = set()  # those unticked, casefolded; kept across edits that redraw the boxes
        self.new_names = QWidget()
        self.new_names.setObjectName("new_names")
        self.new_names_row = QHBoxLayout(self.new_names)
        self.new_names_row.setContentsMargins(0, 0, 0, 0)
        self.new_names_row.addWidget(QLabel("New in your client book:"))
        self.new_names_row.addStretch()
        self.new_names.setVisible(False)

        buttons = QDialogButtonBox()
        self.confirm_button = QPushButton("Save" if editing else "Confirm  ⏎")
        self.discard_button = QPushButton("Cancel" if editing else "Discard  Esc")
        self.discard_button.setAutoDefault(False)  # Enter files, even from here; Esc (or Space here) discards
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self.accept)
        self.discard_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        header = QHBoxLayout()
        header.addWidget(QLabel("Intent"))
        header.addWidget(self.intent_box, 1)
        left.addLayout(header)
        left.addLayout(self.form_holder)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(QLabel("Heard"))
        right.addWidget(self.transcript_view, 1)
        right.addLayout(corrections_row)
        right.addWidget(self.message)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.new_names)
        layout.addWidget(buttons)
        # Only once the button sits in this dialog does this make it the dialog's default; earlier, the dialog picks
        # the first auto-default button in the focus chain when shown (a list's "+").
        self.confirm_button.setDefault(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)
        self.resize(760, 420)
        self.form.edited.connect(self._offer_new_names)
        self._offer_new_names()
        self._focus_first()

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #8a6d00;")
        self.message.setVisible(bool(text))

    def _focus_first(self) -> None:
        first = next(iter(self.form.editors.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _replace_form(self, new_form: RecordForm) -> None:
        self.form_holder.replaceWidget(self.form, new_form)
        self.form.deleteLater()
        self.form = new_form
        new_form.edited.connect(self._offer_new_names)
        self._offer_new_names()

    def _offer_new_names(self) -> None:
        """List the names the client book does not know yet, each ticked unless the person unticked it before."""
        if self.editing:  # saving a revision teaches the book nothing
            return
        try:
            offered = self.book.unknown_names(self.form.intent, self.form.values())
        except FormError:
            return  # an amount being typed: no name changed
        except StoreError as exc:
            log.warning("could not look names up in the client book: %s", exc)
            offered = []
        if offered == self.offered:
            return
        self.offered = offered
        for box in self.new_names.findChildren(QCheckBox):
            box.setParent(None)  # gone from the card now (deleted with its last reference), not at the next loop
        for index, named in enumerate(offered, start=1):
            box = QCheckBox(f"{named.name} ({named.role})")
            box.setObjectName("new_name")
            box.setToolTip("Unticked: filed with the record, but not added to your client book")
            box.setChecked(named.name.casefold() not in self.declined)
            box.toggled.connect(lambda on, key=named.name.casefold(): self._tick(key, on))
            self.new_names_row.insertWidget(index, box)
        self.new_names.setVisible(bool(offered))

    def _tick(self, key: str, on: bool) -> None:
        if on:
            self.declined.discard(key)
        else:
            self.declined.add(key)

    def _switch_intent(self) -> None:
        intent = self.intent_box.currentData()
        try:
            old = self.form.values()
        except FormError:
            old = {}
        self._replace_form(RecordForm(intent, _carry_over(old, intent, self.draft.transcript)))
        self.setTabOrder(self.intent_box, next(iter(self.form.editors.values())))

    def undo_corrections(self) -> None:
        """Put the names back as they were heard, in every field, and say so; the person can still edit them."""
        try:
            values = self.form.values()
        except FormError:
            values = dict(self.draft.fields or {})
        fields = {key: _undo_names(value, self.draft.corrections) for key, value in values.items()}
        self._replace_form(RecordForm(self.intent_box.currentData(), fields))
        self.corrections_label.setText("Names kept as heard.")
        self.undo_button.setVisible(False)
        self._focus_first()

    def accept(self) -> None:
        """Enter: validate, write a revision if anything changed, confirm; on any error stay open and say why."""
        try:
            record = self.form.record()
        except FormError as exc:
            self._show_message(f"Not filed: {exc}", error=True)
            return
        try:
            if record != {"intent": self.draft.intent, "fields": self.draft.fields}:
                self.filing.edit(self.draft.record_id, record,
                                 "edited in the records window" if self.editing else "edited on the card")
            if not self.editing:
                self._offer_new_names()  # in step with the record as filed
                declined = [named.name for named in self.offered if named.name.casefold() in self.declined]
                self.filing.confirm(self.draft.record_id, skip_names=declined)
        except (StoreError, OSError) as exc:
            self._show_message(f"Not filed: {exc}", error=True)
            return
        log.info("record %s %s", self.draft.record_id, "saved" if self.editing else "confirmed")
        self.filed.emit(self.draft.record_id)
        super().accept()

    def reject(self) -> None:
        """Esc: a new draft is kept as discarded (never deleted); when editing, nothing changes."""
        if not self.editing:
            try:
                self.filing.discard(self.draft.record_id)
            except (StoreError, OSError) as exc:
                self._show_message(f"Could not discard: {exc}", error=True)
                return
            self.discarded.emit(self.draft.record_id)
        super().reject()
