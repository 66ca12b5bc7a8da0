"""The confirmation card: the parsed record as a form beside what was heard; Enter (or Ctrl+Enter, from anywhere)
files it, Esc discards it.

The record is already in the store as a draft when the card opens (nothing is lost if the app dies meanwhile).
Confirming writes the edits as a new revision, marks the record confirmed (through `app.filing`, so retention and
delivery follow) and emits `filed`; discarding keeps the row as a discarded draft. Opened from the records window
(`editing=True`), the same card saves a revision instead.

Filing teaches the client book the record's names; the card first lists those the book does not know yet, each with a
box: an unticked name is filed with the record but kept out of the book.

The card never waits for the language model: a take whose names need it opens on a preview (`Draft.pending`, what
the rules and normalizers found, not stored yet), the waiting fields marked "…". `complete` brings the model's record
(now stored): it fills each field the person has not changed, and carries out an Enter or Esc pressed meanwhile.

A reminder whose time (or a task whose due date) is already behind the take's `now` gets a warning line.

Files dropped onto the card (or picked with its button) are attached to the record at once: the store already holds
it as a draft, so they stay with it whatever happens to the filing. On a preview they wait for the model's record.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.attachments import AttachError
from app.filing import Filing
from intents.schema import FIELDS_BY_INTENT
from records import ClientBook, Named, StoreError

from .attachments_view import AttachmentsView, dropped_files
from .form import DateTimeEditor, FormError, RecordForm, form_specs
from .labels import intent_label, notice_label, role_label
from .reminders import already_passed
from .text import plain_label

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
    now: datetime | None = None  # when the take was spoken; None for a record opened from the records window
    # A preview's fields still waiting for the language model; its record_id is "" until `complete`.
    pending: tuple[str, ...] = ()


_CHANGED = object()  # a field whose text is not a value yet (a number being typed): counts as changed


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
        self.setWindowTitle(self.tr("saydo — edit record") if editing else self.tr("saydo — confirm"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, not editing)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.intent_box = QComboBox()
        self.intent_box.setObjectName("intent")
        for name in FIELDS_BY_INTENT:
            self.intent_box.addItem(intent_label(name), name)
        intent = draft.intent or "note"
        fields = draft.fields if draft.intent else {"text": draft.transcript}
        self.intent_box.setCurrentIndex(self.intent_box.findData(intent))
        self.intent_box.currentIndexChanged.connect(self._switch_intent)

        self.form = RecordForm(intent, fields)
        self.form.mark_pending(draft.pending)
        self.form_holder = QVBoxLayout()
        self.form_holder.addWidget(self.form)
        self.waiting = bool(draft.pending)  # opened on a preview; the model has not answered yet
        self._decision: str | None = None  # "confirm" or "discard", pressed while waiting
        self._shown_intent = intent
        self._shown = self._values()  # to tell, when the model answers, what the person has changed
        self.pending_note = QLabel(self.tr("The language model is still reading the names (fields marked …). "
                                           "You can edit meanwhile; Enter files once it answers."))
        self.pending_note.setObjectName("pending_note")
        self.pending_note.setWordWrap(True)
        self.pending_note.setStyleSheet("color: #6b7280; font-style: italic;")
        self.pending_note.setVisible(self.waiting)
        self.time_warning = QLabel()
        self.time_warning.setObjectName("time_warning")
        self.time_warning.setWordWrap(True)
        self.time_warning.setStyleSheet("color: #b45309; font-weight: bold;")

        self.transcript_view = QPlainTextEdit(draft.transcript)
        self.transcript_view.setObjectName("transcript")
        self.transcript_view.setReadOnly(True)
        self.transcript_view.setTabChangesFocus(True)
        self.transcript_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.transcript_view.viewport().installEventFilter(self)  # files dropped on it are attachments too
        self.message = plain_label()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        notes = [*map(notice_label, draft.warnings), *([draft.error] if draft.error else [])]
        self._show_message("\n".join(notes), error=bool(draft.error))

        self.corrections_label = plain_label(self.tr("Corrected from your client book: {names}").format(
            names=", ".join(f"{h} → {w}" for h, w in draft.corrections)))
        self.corrections_label.setObjectName("corrections")
        self.corrections_label.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
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
        self.new_names_row.addWidget(QLabel(self.tr("New in your client book:")))
        self.new_names_row.addStretch()
        self.new_names.setVisible(False)

        self.setAcceptDrops(True)
        self.waiting_files: list[Path] = []  # dropped on a preview: attached once the model's record is stored
        self.attachments = AttachmentsView()
        self.attach_button = QPushButton(self.tr("Attach files…"))
        self.attach_button.setObjectName("attach")
        self.attach_button.setAutoDefault(False)  # Enter files the record; it never opens the file picker
        self.attach_button.clicked.connect(self.pick_files)
        self.attachments_box = QGroupBox(self.tr("Attachments (drop photos or files here)"))
        self.attachments_box.setObjectName("attachments_box")
        attachments_row = QHBoxLayout(self.attachments_box)
        attachments_row.addWidget(self.attachments, 1)
        attachments_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        self.attachments_box.setVisible(editing)  # a new take's card shows it once something is dropped

        buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(self.tr("Save") if editing else self.tr("Confirm  ⏎"))
        self.discard_button = QPushButton(self.tr("Cancel") if editing else self.tr("Discard  Esc"))
        self.discard_button.setAutoDefault(False)  # Enter files, even from here; Esc (or Space here) discards
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self.accept)
        self.discard_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Intent")))
        header.addWidget(self.intent_box, 1)
        left.addLayout(header)
        left.addLayout(self.form_holder)
        left.addWidget(self.time_warning)
        left.addWidget(self.pending_note)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Heard")))
        right.addWidget(self.transcript_view, 1)
        right.addLayout(corrections_row)
        right.addWidget(self.message)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.attachments_box)
        layout.addWidget(self.new_names)
        layout.addWidget(buttons)
        # Only once the button sits in this dialog does this make it the dialog's default; earlier, the dialog picks
        # the first auto-default button in the focus chain when shown (a list's "+").
        self.confirm_button.setDefault(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)
        self.resize(760, 420)
        self._watch_form()
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
        self._watch_form()
        self._offer_new_names()

    def _watch_form(self) -> None:
        self.form.edited.connect(self._offer_new_names)
        self.form.edited.connect(self._unmark_edited)
        for widget in self.form.findChildren(QWidget):  # a text field would take a dropped file as its path's text
            widget.installEventFilter(self)
        for editor in self.form.editors.values():
            if isinstance(editor, DateTimeEditor):
                editor.changed.connect(self._check_time)
        self._check_time()

    def _values(self) -> dict[str, Any]:
        """Each field's value as typed, or _CHANGED where it is not one yet."""
        values: dict[str, Any] = {}
        for name, editor in self.form.editors.items():
            try:
                values[name] = editor.value()
            except FormError:
                values[name] = _CHANGED
        return values

    def _edited(self) -> dict[str, Any]:
        """The fields the person changed since the card opened."""
        if self.form.intent != self._shown_intent:
            return self._values()
        return {name: value for name, value in self._values().items() if self._shown.get(name) != value}

    def _unmark_edited(self) -> None:
        """A waiting field the person typed into is theirs now: no longer marked."""
        if self.waiting:
            edited = self._edited()
            self.form.mark_pending([name for name in self.draft.pending if name not in edited])

    def _check_time(self) -> None:
        """Warn, without stopping anyone, when the time the record is about is already behind the take."""
        warning = None
        if self.draft.now is not None:
            values = self._values()
            if all(value is not _CHANGED for value in values.values()):
                warning = already_passed(self.form.intent, values, self.draft.now)
        self.time_warning.setText(warning or "")
        self.time_warning.setVisible(bool(warning))

    def complete(self, draft: Draft) -> None:
        """The model has answered for a card opened on a preview: `draft` is the record as stored. Fields the person
        has not changed take the model's values (never one they typed); an Enter or Esc pressed meanwhile is carried
        out now."""
        edited = self._edited()
        self.draft = replace(draft, now=draft.now or self.draft.now)
        self.waiting = False
        if draft.intent is not None and draft.fields is not None:
            if self.form.intent == self._shown_intent and draft.intent != self.form.intent:
                # The person kept the intent the preview had, and the model decided otherwise: the model's record,
                # with what the person typed wherever the new form has the same field.
                names = {spec.name for spec in form_specs(draft.intent)}
                kept = {name: value for name, value in edited.items() if name in names and value is not _CHANGED}
                self.intent_box.blockSignals(True)
                self.intent_box.setCurrentIndex(self.intent_box.findData(draft.intent))
                self.intent_box.blockSignals(False)
                self._replace_form(RecordForm(draft.intent, {**draft.fields, **kept}))
            elif self.form.intent == draft.intent:
                current = self._values()
                for name, editor in self.form.editors.items():
                    if name not in edited and name in draft.fields and current[name] != draft.fields[name]:
                        editor.set_value(draft.fields[name])
        self._shown_intent, self._shown = self.form.intent, self._values()
        self.form.mark_pending(())
        self.pending_note.hide()
        notes = [*map(notice_label, draft.warnings), *([draft.error] if draft.error else [])]
        self._show_message("\n".join(notes), error=bool(draft.error))
        for widget in (self.corrections_label, self.undo_button):
            widget.setVisible(bool(draft.corrections))
        self._offer_new_names()
        self._check_time()
        waiting, self.waiting_files = self.waiting_files, []
        if waiting and draft.record_id:
            self.attach_files(waiting)
        decision, self._decision = self._decision, None
        if decision == "confirm":
            self.accept()
        elif decision == "discard":
            self.reject()

    def abandon(self, reason: str) -> None:
        """The take failed after the preview opened: nothing was stored, so nothing can be filed from here."""
        self.waiting = False
        if self._decision is not None:  # the person already left the card
            self.close()
            return
        self.form.mark_pending(())
        self.pending_note.hide()
        self.confirm_button.setEnabled(False)
        self._show_message(self.tr("Not filed: {reason}").format(reason=reason), error=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Files dragged over a field of the form are the card's to attach, as anywhere else on it."""
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent, QDropEvent)) and dropped_files(event.mimeData()):
            if event.type() == QEvent.Type.Drop:
                self.dropEvent(event)
            else:
                event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.attach_files(files)

    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"), str(Path.home()))
        if names:
            self.attach_files([Path(name) for name in names])

    def attach_files(self, files: Sequence[Path]) -> None:
        """Attach the files to the record now (a revision of its own), or once the model's record is stored; on a
        refusal none is attached and the card says why."""
        self.attachments_box.show()
        if not self.draft.record_id:
            self.waiting_files.extend(files)
            self._show_message(self.tr("{count} file(s) will be attached once the record is stored.").format(
                count=len(self.waiting_files)), error=False)
            return
        try:
            attached = self.filing.attach(self.draft.record_id, files)
        except AttachError as exc:
            self._show_message(self.tr("Not attached: {reason}").format(reason="\n".join(exc.problems)), error=True)
            return
        except (StoreError, OSError) as exc:
            self._show_message(self.tr("Not attached: {reason}").format(reason=exc), error=True)
            return
        if attached.already:
            self._show_message(self.tr("Attached already: {names}").format(
                names=", ".join(a.name for a in attached.already)), error=False)
        else:
            self._show_message("", error=False)
        self.show_attachments()

    def show_attachments(self) -> None:
        try:
            held = self.filing.store.get(self.draft.record_id).attachments
        except StoreError as exc:
            self._show_message(self.tr("Cannot read the attachments: {reason}").format(reason=exc), error=True)
            return
        self.attachments.show_attachments(held)
        self.attachments_box.setVisible(self.editing or bool(held))

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
            box = QCheckBox(f"{named.name} ({role_label(named.role)})")
            box.setObjectName("new_name")
            box.setToolTip(self.tr("Unticked: filed with the record, but not added to your client book"))
            box.setChecked(named.name.casefold() not in self.declined)
            box.toggled.connect(partial(self._tick, named.name.casefold()))
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
        self.corrections_label.setText(self.tr("Names kept as heard."))
        self.undo_button.setVisible(False)
        self._focus_first()

    def _stay(self, message: str) -> None:
        """Not filed: say why, on the card (shown again if it was put away while the model answered)."""
        self._show_message(message, error=True)
        if self.isHidden():
            self.show()
            self.raise_()

    def accept(self) -> None:
        """Enter: validate, write a revision if anything changed, confirm; on any error stay open and say why.
        While the model is still answering, the card goes away and files once it has (`complete`)."""
        if not self.confirm_button.isEnabled():
            return
        if self.waiting:
            self._decision = "confirm"
            self.hide()
            return
        try:
            record = self.form.record()
        except FormError as exc:
            self._stay(self.tr("Not filed: {reason}").format(reason=exc))
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
            self._stay(self.tr("Not filed: {reason}").format(reason=exc))
            return
        log.info("record %s %s", self.draft.record_id, "saved" if self.editing else "confirmed")
        self.filed.emit(self.draft.record_id)
        super().accept()

    def reject(self) -> None:
        """Esc: a new draft is kept as discarded (never deleted); when editing, nothing changes. While the model is
        still answering, the card goes away and the record is discarded once it is stored (`complete`)."""
        if self.waiting:
            self._decision = "discard"
            self.hide()
            return
        if not self.editing and self.draft.record_id:  # none when the take failed after the preview
            try:
                self.filing.discard(self.draft.record_id)
            except (StoreError, OSError) as exc:
                self._stay(self.tr("Could not discard: {reason}").format(reason=exc))
                return
            self.discarded.emit(self.draft.record_id)
        super().reject()
