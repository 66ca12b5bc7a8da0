"""A record in one line, for lists (the records window, the CLI's tables): its date, who it concerns, its amount,
and a summary that tells records of the same kind apart at a glance (an expense's merchant and amount, a visit's
client, contacts and what was said, a task's title, assignee and due date)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .entities import Revision, StoredRecord
from .export import cell

# The date a person looks for first in each intent, and what to call it; a visit's follow-up before its day.
DATES: dict[str, tuple[tuple[str, str], ...]] = {
    "visit_note": (("follow_up_on", "follow-up"), ("visited_on", "visited")),
    "task": (("due", "due"),),
    "reminder": (("remind_at", "remind"),),
    "meeting": (("starts_at", "starts"),),
    "expense": (("spent_on", "spent"),),
}
SUMMARY_CHARS = 48  # of free text (a visit's summary, a note) in a summary line
SEP = " · "


def _clip(text: str, limit: int = SUMMARY_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _when(value: Any) -> str:
    """'2026-11-24T09:00' as '2026-11-24 09:00'; a date as it is."""
    return str(value).replace("T", " ") if value else ""


def _join(*parts: Any) -> str:
    return SEP.join(str(part) for part in parts if part)


def record_date(record: StoredRecord) -> str:
    """The record's own date with what it is ("due 2026-11-25", "remind 2026-11-24 09:00"), or ""."""
    fields = record.fields or {}
    for key, label in DATES.get(record.intent or "", ()):
        if fields.get(key):
            return f"{label} {_when(fields[key])}"
    return ""


def who(record: StoredRecord) -> str:
    """The client, the assignee or the attendees, whichever the intent has."""
    fields = record.fields or {}
    if record.intent == "meeting":
        return ", ".join(fields.get("attendees") or [])
    return str(fields.get({"visit_note": "client", "task": "assignee"}.get(record.intent or "", "")) or "")


def amount(record: StoredRecord) -> str:
    """An expense's amount or a visit's deal value, with its currency ("128.00 CNY"), or ""."""
    fields = record.fields or {}
    value = fields.get({"expense": "amount", "visit_note": "deal_value"}.get(record.intent or "", ""))
    if not isinstance(value, (int, float)):
        return ""
    return f"{value:,.2f} {fields.get('currency') or ''}".strip()


def summary(record: StoredRecord) -> str:
    """One line that says which record this is; a draft nobody could parse shows what was heard, or why not."""
    fields = record.fields or {}
    if record.intent == "visit_note":
        return _join(fields.get("client"), ", ".join(fields.get("contacts") or []), _clip(fields.get("summary") or ""))
    if record.intent == "task":
        return _join(fields.get("title"), fields.get("assignee"), _when(fields.get("due")))
    if record.intent == "reminder":
        return _join(fields.get("text"), _when(fields.get("remind_at")))
    if record.intent == "meeting":
        return _join(fields.get("title"), _when(fields.get("starts_at")), fields.get("location"))
    if record.intent == "expense":
        return _join(fields.get("merchant"), amount(record), fields.get("category"))
    if record.intent == "note":
        return _clip(fields.get("text") or "")
    if record.transcript:
        return _clip(record.transcript)
    return f"({record.error})" if record.error else "(not transcribed yet)"


@dataclass(frozen=True)
class Change:
    """One thing a revision changed: `what` is "status", "intent" or a field's name; the values as shown, "—" for
    none, the stored names for a status or an intent (an interface translates those)."""

    what: str
    old: str
    new: str


def revision_diff(before: Revision | None, after: Revision) -> list[Change]:
    """What a revision changed against the one before; nothing for the first."""
    if before is None:
        return []
    changes = []
    if before.status != after.status:
        changes.append(Change("status", before.status, after.status))
    if before.intent != after.intent:
        return [*changes, Change("intent", before.intent or "—", after.intent or "—")]
    old, new = before.fields or {}, after.fields or {}
    for key in dict.fromkeys([*old, *new]):
        if old.get(key) != new.get(key):
            changes.append(Change(key, _clip(cell(old.get(key)), 24) or "—", _clip(cell(new.get(key)), 24) or "—"))
    return changes


def revision_changes(before: Revision | None, after: Revision) -> str:
    """What a revision changed against the one before ("priority: high → low", "status: draft → confirmed")."""
    return "; ".join(f"{c.what}: {c.old} → {c.new}" for c in revision_diff(before, after))
