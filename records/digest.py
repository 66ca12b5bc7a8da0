"""The daily digest (`saydo today`, and the app at the user's digest time): what is due on a given day.

For day D it lists, among records that are neither discarded nor marked done:
- meetings starting on D;
- reminders set for D;
- tasks due on or before D (earlier ones are overdue: a task stays until it is marked done or discarded);
- client follow-ups: visit notes whose follow_up_on is on or before D.
Overdue items come first, oldest first; then the day's items in clock order (date-only items before timed ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .entities import StoredRecord
from .export import title_of
from .store import Store

KINDS = ("meeting", "reminder", "task", "follow_up")
_DUE_FIELD = {"meeting": "starts_at", "reminder": "remind_at", "task": "due", "visit_note": "follow_up_on"}
# Meetings and reminders belong to their day: yesterday's meeting is over, not overdue.
_ONLY_ON_THE_DAY = ("meeting", "reminder")


@dataclass(frozen=True)
class DigestItem:
    kind: str  # meeting / reminder / task / follow_up
    due: str  # 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM', local
    overdue: bool
    title: str
    record: StoredRecord

    @property
    def client(self) -> str | None:
        """The client a follow-up is about (its visit's client), to point at its overview; None for the others."""
        value = (self.record.fields or {}).get("client") if self.record.intent == "visit_note" else None
        name = " ".join(value.split()) if isinstance(value, str) else ""
        return name or None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "due": self.due, "overdue": self.overdue, "title": self.title,
                "id": self.record.id, "intent": self.record.intent, "status": self.record.status,
                "fields": self.record.fields}


@dataclass(frozen=True)
class Digest:
    day: str
    items: list[DigestItem]

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "items": [item.to_dict() for item in self.items]}


def digest_items(records: list[StoredRecord], day: date) -> list[DigestItem]:
    """The digest of `day` from these records (pure: the store is read by `digest`)."""
    today = day.isoformat()
    items: list[DigestItem] = []
    for record in records:
        if record.status == "discarded" or record.done_at is not None or record.intent not in _DUE_FIELD:
            continue
        due = (record.fields or {}).get(_DUE_FIELD[record.intent])
        if not isinstance(due, str) or len(due) < 10:
            continue
        on = due[:10]
        if on > today or (on < today and record.intent in _ONLY_ON_THE_DAY):
            continue
        kind = "follow_up" if record.intent == "visit_note" else record.intent
        items.append(DigestItem(kind=kind, due=due, overdue=on < today, title=title_of(record), record=record))
    # Overdue first (oldest first), then today's by time; ties keep the order records were made in.
    items.sort(key=lambda item: (not item.overdue, item.due, item.record.created_at))
    return items


def digest(store: Store, day: date) -> Digest:
    """The digest of `day`, read from the store (read-only)."""
    return Digest(day=day.isoformat(), items=digest_items(store.list(limit=None), day))
