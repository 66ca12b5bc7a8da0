"""A form per intent, generated from the record schema (`intents.schema.FIELDS_BY_INTENT`).

Each pydantic field becomes an editor chosen from its type: text, an editable list, a date / date-time picker
(with a "set" box when the field may be empty), a choice for a Literal, a number, and an amount with its currency on
one row. `RecordForm.record()` validates through the schema itself, so the form can never file what the parser's
contract forbids.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from intents.schema import FIELDS_BY_INTENT, TextFormat, text_format, validate_record

from .labels import choice_label, field_label

# The codes offered first; any other ISO 4217 code a record carries is added to the list.
CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD", "TWD", "GBP", "KRW", "SGD", "AUD", "CAD", "CHF")
DATE_FORMAT = "yyyy-MM-dd"
TIME_FORMAT = "HH:mm"


class FormError(ValueError):
    """What the person typed does not make a valid record; the message names the field."""


@dataclass(frozen=True)
class FieldSpec:
    """How one schema field is edited."""

    name: str
    kind: str  # text, list, date, datetime, date_or_datetime, choice, number, integer, currency
    optional: bool
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return field_label(self.name)


def _non_none(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(typing.get_args(annotation))
    return annotation, False


def field_spec(name: str, info: FieldInfo) -> FieldSpec:
    inner, optional = _non_none(info.annotation)
    # A bare `Date` field leaves its metadata on the FieldInfo; `Date | None` keeps it in the annotation.
    found = text_format(inner) or next((m for m in info.metadata if isinstance(m, TextFormat)), None)
    if found is not None:
        return FieldSpec(name, found.name, optional)
    base = typing.get_origin(inner) or inner
    if typing.get_origin(inner) is typing.Annotated:
        base = typing.get_args(inner)[0]
    if base is typing.Literal:
        return FieldSpec(name, "choice", optional, tuple(typing.get_args(inner)))
    if base is list:
        return FieldSpec(name, "list", optional)
    if base is float:
        return FieldSpec(name, "number", optional)
    if base is int:
        return FieldSpec(name, "integer", optional)
    return FieldSpec(name, "text", optional)


def form_specs(intent: str) -> list[FieldSpec]:
    if intent not in FIELDS_BY_INTENT:
        raise FormError(f"unknown intent {intent!r}; choose one of {', '.join(FIELDS_BY_INTENT)}")
    return [field_spec(name, info) for name, info in FIELDS_BY_INTENT[intent].model_fields.items()]


def _problem_place(loc: tuple[int | str, ...]) -> str:
    """Where a schema error is: the field's label, or the record as a whole."""
    return field_label(str(loc[0])) if loc else QCoreApplication.translate("RecordForm", "record")


# --- editors: each has value() -> JSON value and set_value(JSON value) ---------------------------------------------


class TextEditor(QLineEdit):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.empty_text = self.tr("(empty)") if spec.optional else ""
        self.setPlaceholderText(self.empty_text)

    def value(self) -> str | None:
        text = self.text().strip()
        return text or (None if self.spec.optional else "")

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))
        self.setCursorPosition(0)  # a long text shows its beginning


class NumberEditor(QLineEdit):
    """A number typed as text, so that "empty" is possible for nullable fields and 3500.0 shows as 3500."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setValidator(QIntValidator(0, 10**9) if spec.kind == "integer" else QDoubleValidator(0, 1e13, 2))
        self.setPlaceholderText(self.tr("(none)") if spec.optional else "0")

    def value(self) -> float | int | None:
        text = self.text().strip().replace(",", "")
        if not text:
            if self.spec.optional:
                return None
            raise FormError(self.tr("{field}: a number is needed").format(field=self.spec.label))
        try:
            return int(text) if self.spec.kind == "integer" else float(text)
        except ValueError as exc:
            problem = self.tr("{field}: “{text}” is not a number").format(field=self.spec.label, text=text)
            raise FormError(problem) from exc

    def set_value(self, value: Any) -> None:
        if value is None:
            self.setText("")
        elif isinstance(value, float) and value.is_integer():
            self.setText(str(int(value)))
        else:
            self.setText(str(value))


class ChoiceEditor(QComboBox):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        if spec.optional:
            self.addItem("—", None)
        for choice in spec.choices:
            self.addItem(choice_label(choice), choice)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


class CurrencyEditor(QComboBox):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        if spec.optional:
            self.addItem("—", None)
        for code in CURRENCIES:
            self.addItem(code, code)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        if value is not None and self.findData(value) < 0:
            self.addItem(str(value), value)
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


class ListEditor(QWidget):
    """An editable list: double-click (or F2) edits an entry, + adds one, − removes the selected one."""

    changed = Signal()  # an entry was added, removed or edited

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.items = QListWidget()
        self.items.setMaximumHeight(90)
        model = self.items.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.changed)
        self.add_button = QPushButton("+")
        self.remove_button = QPushButton("−")
        for button, tip in ((self.add_button, self.tr("Add an entry")),
                            (self.remove_button, self.tr("Remove the selected entry"))):
            button.setFixedWidth(28)
            button.setToolTip(tip)
            # In a dialog a button is auto-default: focused (or first in the focus chain), it would take Enter from
            # the card's Confirm and add an empty entry.
            button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_entry(""))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items)
        layout.addLayout(buttons)

    def add_entry(self, text: str, *, edit: bool = True) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.items.addItem(item)
        if edit:
            self.items.setCurrentItem(item)
            self.items.editItem(item)
        return item

    def finish_editing(self) -> None:
        """Keep the entry being typed: a shortcut can file the card while its editor is still open."""
        editor = self.items.indexWidget(self.items.currentIndex())  # an open editor, if any
        if editor is not None:
            self.items.commitData(editor)
            self.items.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def remove_selected(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)

    def value(self) -> list[str]:
        texts = (self.items.item(i).text().strip() for i in range(self.items.count()))
        return [t for t in texts if t]

    def set_value(self, value: Any) -> None:
        self.items.clear()
        for entry in value or []:
            self.add_entry(str(entry), edit=False)


class DateTimeEditor(QWidget):
    """A date, a date-time, or either (a task's due date may carry a clock time); optional ones have a "set" box."""

    changed = Signal()  # the date, the time or a box changed

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled_box: QCheckBox | None = None
        if spec.optional:
            self.enabled_box = QCheckBox(self.tr("set"))
            self.enabled_box.toggled.connect(self._sync)
            layout.addWidget(self.enabled_box)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        layout.addWidget(self.date)
        self.time_box: QCheckBox | None = None
        self.time: QTimeEdit | None = None
        if spec.kind in ("datetime", "date_or_datetime"):
            if spec.kind == "date_or_datetime":
                self.time_box = QCheckBox(self.tr("at"))
                self.time_box.toggled.connect(self._sync)
                layout.addWidget(self.time_box)
            self.time = QTimeEdit(QTime(9, 0))
            self.time.setDisplayFormat(TIME_FORMAT)
            self.time.timeChanged.connect(self.changed)
            layout.addWidget(self.time)
        layout.addStretch()
        self.date.dateChanged.connect(self.changed)
        for box in (self.enabled_box, self.time_box):
            if box is not None:
                box.toggled.connect(self.changed)
        self._sync()

    def _sync(self) -> None:
        on = self.enabled_box is None or self.enabled_box.isChecked()
        self.date.setEnabled(on)
        if self.time_box is not None:
            self.time_box.setEnabled(on)
        if self.time is not None:
            self.time.setEnabled(on and (self.time_box is None or self.time_box.isChecked()))

    def value(self) -> str | None:
        if self.enabled_box is not None and not self.enabled_box.isChecked():
            return None
        day = self.date.date().toString(DATE_FORMAT)
        if self.time is not None and (self.time_box is None or self.time_box.isChecked()):
            return f"{day}T{self.time.time().toString(TIME_FORMAT)}"
        return day

    def set_value(self, value: Any) -> None:
        if self.enabled_box is not None:
            self.enabled_box.setChecked(value is not None)
        if value:
            text = str(value)
            moment = QDateTime.fromString(text[:16], f"{DATE_FORMAT}'T'{TIME_FORMAT}")
            day = QDate.fromString(text[:10], DATE_FORMAT)
            if day.isValid():
                self.date.setDate(day)
            if self.time is not None and moment.isValid():
                self.time.setTime(moment.time())
            if self.time_box is not None:
                self.time_box.setChecked(moment.isValid())
        self._sync()


_EDITORS: dict[str, Callable[[FieldSpec], QWidget]] = {
    "text": TextEditor,
    "number": NumberEditor,
    "integer": NumberEditor,
    "choice": ChoiceEditor,
    "currency": CurrencyEditor,
    "list": ListEditor,
    "date": DateTimeEditor,
    "datetime": DateTimeEditor,
    "date_or_datetime": DateTimeEditor,
}


class RecordForm(QWidget):
    """The editors for one intent's fields, in schema order; Tab walks through them."""

    edited = Signal()  # a text or list field changed: where a record's names are

    def __init__(self, intent: str, fields: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.intent = intent
        self.specs = form_specs(intent)
        self.editors: dict[str, Any] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        pending_amount: tuple[FieldSpec, QWidget] | None = None
        for spec in self.specs:
            editor = _EDITORS[spec.kind](spec)
            editor.setObjectName(f"field_{spec.name}")
            self.editors[spec.name] = editor
            if spec.kind == "number":
                pending_amount = (spec, editor)
                continue
            if spec.kind == "currency" and pending_amount is not None:
                # An amount and its currency read as one thing ("3500 CNY"): one row.
                amount_spec, amount_editor = pending_amount
                row = QHBoxLayout()
                row.addWidget(amount_editor, 1)
                row.addWidget(editor)
                layout.addRow(amount_spec.label, row)
                pending_amount = None
                continue
            if pending_amount is not None:
                layout.addRow(pending_amount[0].label, pending_amount[1])
                pending_amount = None
            layout.addRow(spec.label, editor)
        if pending_amount is not None:
            layout.addRow(pending_amount[0].label, pending_amount[1])
        defaults = {name: info.get_default(call_default_factory=True)
                    for name, info in FIELDS_BY_INTENT[intent].model_fields.items() if not info.is_required()}
        self.set_fields({**defaults, **(fields or {})})
        for editor in self.editors.values():
            if isinstance(editor, TextEditor):
                editor.textChanged.connect(self.edited)
            elif isinstance(editor, ListEditor):
                editor.changed.connect(self.edited)

    def mark_pending(self, names: Collection[str]) -> None:
        """Mark the fields still waiting for the language model (an italic label with "…", "…" in an empty text
        field); every other field is shown as usual."""
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        for name, editor in self.editors.items():
            pending = name in names
            label = layout.labelForField(editor)  # None for an amount, which shares its row with the currency
            if isinstance(label, QLabel):
                label.setText(f"{editor.spec.label} …" if pending else editor.spec.label)
                font = label.font()
                font.setItalic(pending)
                label.setFont(font)
            font = editor.font()
            font.setItalic(pending)
            editor.setFont(font)
            editor.setToolTip(self.tr("Waiting for the language model…") if pending else "")
            if isinstance(editor, TextEditor):
                editor.setPlaceholderText("…" if pending else editor.empty_text)

    def set_fields(self, fields: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            if name in fields:
                editor.set_value(fields[name])

    def values(self) -> dict[str, Any]:
        """The raw values as typed (FormError for a number that is not one); not yet validated."""
        return {name: editor.value() for name, editor in self.editors.items()}

    def record(self) -> dict[str, Any]:
        """The record as `{"intent", "fields"}`, validated against the schema; FormError says what is wrong."""
        for editor in self.editors.values():
            if isinstance(editor, ListEditor):
                editor.finish_editing()
        values = self.values()
        for spec in self.specs:
            if spec.kind == "text" and not spec.optional and not values[spec.name]:
                raise FormError(self.tr("{field} is empty").format(field=spec.label))
        try:
            return validate_record({"intent": self.intent, "fields": values}).model_dump(mode="json")
        except ValidationError as exc:
            problems = "; ".join(f"{_problem_place(e['loc'])}: {e['msg']}" for e in exc.errors())
            raise FormError(problems) from exc
