"""Answering a spoken question from the store: structured filters plus full-text search, read-only.

The question arrives as filters (`intents.Query` fits the `QueryFilters` protocol; records does not import the
parser). Which records count, in order:
- every record that is not discarded (drafts included: nothing said is hidden from its speaker);
- `intent`, when given;
- `from`/`to`, inclusive local dates, against the record's own date (`record_day`): a meeting's start, a task's
  due date, a reminder's time, a visit's date, an expense's payment date; records without one (notes, undated
  tasks) by the local date they were created;
- `who`, a case-insensitive substring of the record's names (client, contacts, attendees, assignee, merchant) or
  of its transcript;
- `text`, through the store's full-text search (transcript and field values).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, Protocol

from .entities import StoredRecord
from .store import Store

# The field holding each intent's own date; the app's calendar, the digest and questions all read it.
DATE_FIELDS = {"visit_note": "visited_on", "task": "due", "reminder": "remind_at", "meeting": "starts_at",
               "expense": "spent_on"}
NAME_FIELDS = ("client", "contacts", "attendees", "assignee", "merchant")
# Agenda-like records are listed soonest first, logs of what happened newest first.
_AHEAD = ("task", "meeting", "reminder")


class QueryFilters(Protocol):
    intent: str | None
    from_: str | None
    to: str | None
    who: str | None
    text: str
    kind: str


@dataclass(frozen=True)
class Answer:
    """What a question found: the matching records, how many, and for expenses the sum per currency."""

    kind: str
    records: list[StoredRecord]
    count: int
    totals: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "totals": self.totals,
                "records": [{"id": r.id, "intent": r.intent, "status": r.status, "fields": r.fields,
                             "transcript": r.transcript, "created_at": r.created_at} for r in self.records]}


def record_day(record: StoredRecord, tz: tzinfo | None = None) -> str:
    """The record's own local date (YYYY-MM-DD): its intent's date field, else the local day it was created."""
    value = (record.fields or {}).get(DATE_FIELDS.get(record.intent or "", ""))
    if isinstance(value, str) and len(value) >= 10:
        return value[:10]
    return datetime.fromisoformat(record.created_at).astimezone(tz).date().isoformat()


def _names(record: StoredRecord) -> list[str]:
    names: list[str] = []
    for key in NAME_FIELDS:
        value = (record.fields or {}).get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(str(v) for v in value)
    return names


def _mentions(record: StoredRecord, who: str) -> bool:
    needle = who.casefold()
    return any(needle in name.casefold() or name.casefold() in needle for name in _names(record) if name) or \
        needle in record.transcript.casefold()


def _sort_key(record: StoredRecord, tz: tzinfo | None) -> tuple[str, str]:
    moment = (record.fields or {}).get(DATE_FIELDS.get(record.intent or "", ""))
    return (moment if isinstance(moment, str) else record_day(record, tz), record.created_at)


def totals_by_currency(records: list[StoredRecord]) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for record in records:
        fields = record.fields or {}
        if record.intent == "expense" and isinstance(fields.get("amount"), (int, float)):
            sums[str(fields.get("currency") or "?")] += float(fields["amount"])
    return {currency: round(amount, 2) for currency, amount in sorted(sums.items())}


def run_query(store: Store, query: QueryFilters, *, tz: tzinfo | None = None) -> Answer:
    """The records a question asks for. Never writes: only `Store.list` and `Store.search` are called."""
    records = [r for r in store.list(intent=query.intent, limit=None) if r.status != "discarded" and r.intent]
    if query.text.strip():
        found = {r.id for r in store.search(query.text, limit=None)}
        records = [r for r in records if r.id in found]
    if query.from_ or query.to:
        start, end = query.from_ or date.min.isoformat(), query.to or date.max.isoformat()
        records = [r for r in records if start <= record_day(r, tz) <= end]
    if query.who:
        records = [r for r in records if _mentions(r, query.who)]
    ahead = query.intent in _AHEAD
    records.sort(key=lambda r: _sort_key(r, tz), reverse=not ahead)
    if query.kind == "last":
        records = sorted(records, key=lambda r: _sort_key(r, tz), reverse=True)[:1]
    return Answer(kind=query.kind, records=records, count=len(records), totals=totals_by_currency(records))
