"""The record contract between parser, store, sinks and tests (DESIGN.md, "Record schema").

These pydantic models are the single source of truth: the record JSON schema, the LLM's extraction grammar and the
validation of every record a person edits are all derived from them.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def _date(value: str) -> str:
    if not _DATE.match(value):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    return value


def _datetime(value: str) -> str:
    if not _DATETIME.match(value):
        raise ValueError(f"expected a date-time YYYY-MM-DDTHH:MM without seconds, got {value!r}")
    return value


def _date_or_datetime(value: str) -> str:
    if not (_DATE.match(value) or _DATETIME.match(value)):
        raise ValueError(f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {value!r}")
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"expected an ISO 4217 currency code such as CNY or USD, got {value!r}")
    return value


@dataclass(frozen=True)
class TextFormat:
    """What a string field holds, carried in its type so that an editor can be chosen from it (`app.ui.form`).
    Pydantic ignores it: validation and the JSON schema come from the validator beside it."""

    name: Literal["date", "datetime", "date_or_datetime", "currency"]


def text_format(annotation: Any) -> TextFormat | None:
    """The `TextFormat` of a type such as `Date` or `Currency | None`, or None for a plain one."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, TextFormat):
            return meta
    for arg in typing.get_args(annotation):
        if (found := text_format(arg)) is not None:
            return found
    return None


Date = Annotated[str, AfterValidator(_date), TextFormat("date")]
DateTime = Annotated[str, AfterValidator(_datetime), TextFormat("datetime")]
DateOrDateTime = Annotated[str, AfterValidator(_date_or_datetime), TextFormat("date_or_datetime")]
Currency = Annotated[str, AfterValidator(_currency), TextFormat("currency")]

INTENTS = ("visit_note", "task", "reminder", "meeting", "expense", "note")
Intent = Literal["visit_note", "task", "reminder", "meeting", "expense", "note"]
Priority = Literal["low", "normal", "high"]
Category = Literal["meals", "travel", "lodging", "transport", "office", "entertainment", "other"]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VisitNote(_Fields):
    client: str
    contacts: list[str] = Field(default_factory=list)
    visited_on: Date
    summary: str
    next_steps: list[str] = Field(default_factory=list)
    follow_up_on: Date | None = None
    deal_value: float | None = None
    currency: Currency | None = None


class Task(_Fields):
    title: str
    assignee: str | None = None
    due: DateOrDateTime | None = None
    priority: Priority = "normal"


class Reminder(_Fields):
    text: str
    remind_at: DateTime


class Meeting(_Fields):
    title: str
    starts_at: DateTime
    duration_min: int | None = None
    attendees: list[str] = Field(default_factory=list)
    location: str | None = None


class Expense(_Fields):
    amount: float
    currency: Currency
    category: Category
    merchant: str | None = None
    spent_on: Date


class Note(_Fields):
    text: str


FIELDS_BY_INTENT: dict[str, type[_Fields]] = {
    "visit_note": VisitNote,
    "task": Task,
    "reminder": Reminder,
    "meeting": Meeting,
    "expense": Expense,
    "note": Note,
}


class Record(BaseModel):
    """`{"intent": ..., "fields": {...}}` with fields validated against the intent's model."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent
    fields: dict[str, Any]

    def model_post_init(self, __context: Any) -> None:
        model = FIELDS_BY_INTENT[self.intent]
        self.fields = model.model_validate(self.fields).model_dump(mode="json")


QueryKind = Literal["list", "last", "count", "total"]


class Query(BaseModel):
    """A question to answer from the store; never filed.

    `from`/`to` are an inclusive range of local dates applied to each record's own date: visited_on, due,
    remind_at, starts_at or spent_on, and the local creation date for records without one (notes, undated tasks).
    `who` is a client or person; `text` words to find in the transcript or fields. `kind` says what answer is
    wanted: every match (list), the latest one (last: "上次见郑总是哪天"), how many (count) or an amount
    (total; expense answers always carry totals per currency).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    intent: Intent | None = None
    from_: Date | None = Field(default=None, alias="from")
    to: Date | None = None
    who: str | None = None
    text: str = ""
    kind: QueryKind = "list"

    @model_validator(mode="after")
    def _range_in_order(self) -> Query:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError(f"a query's range starts after it ends ({self.from_} > {self.to})")
        return self

    def filters(self) -> dict[str, Any]:
        """The DESIGN.md shape, `{"intent", "from", "to", "who", "text", "kind"}`."""
        return self.model_dump(by_alias=True)


def validate_record(data: dict[str, Any]) -> Record:
    return Record.model_validate(data)


def record_json_schema() -> dict[str, Any]:
    """The JSON schema of a record: one object per intent, for documentation and external validators."""
    variants = [
        {
            "type": "object",
            "properties": {"intent": {"const": name}, "fields": model.model_json_schema()},
            "required": ["intent", "fields"],
            "additionalProperties": False,
        }
        for name, model in FIELDS_BY_INTENT.items()
    ]
    return {"title": "saydo record", "anyOf": variants}

