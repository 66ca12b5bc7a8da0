"""How the interface names the record schema's intents, fields and choices, in the interface language.

The schema's names are data (`visit_note`, `remind_at`, `transport`); a person reads these labels instead. They are
written out here, not derived, so that pyside6-lupdate finds each one (QT_TRANSLATE_NOOP marks it for extraction);
tests/ui/test_translations.py checks the tables cover every intent, field and choice of the schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

INTENTS = {
    "visit_note": QT_TRANSLATE_NOOP("Intent", "Visit note"),
    "task": QT_TRANSLATE_NOOP("Intent", "Task"),
    "reminder": QT_TRANSLATE_NOOP("Intent", "Reminder"),
    "meeting": QT_TRANSLATE_NOOP("Intent", "Meeting"),
    "expense": QT_TRANSLATE_NOOP("Intent", "Expense"),
    "note": QT_TRANSLATE_NOOP("Intent", "Note"),
}
FIELDS = {
    "client": QT_TRANSLATE_NOOP("Field", "Client"),
    "contacts": QT_TRANSLATE_NOOP("Field", "Contacts"),
    "visited_on": QT_TRANSLATE_NOOP("Field", "Visited on"),
    "summary": QT_TRANSLATE_NOOP("Field", "Summary"),
    "next_steps": QT_TRANSLATE_NOOP("Field", "Next steps"),
    "follow_up_on": QT_TRANSLATE_NOOP("Field", "Follow up on"),
    "deal_value": QT_TRANSLATE_NOOP("Field", "Deal value"),
    "currency": QT_TRANSLATE_NOOP("Field", "Currency"),
    "title": QT_TRANSLATE_NOOP("Field", "Title"),
    "assignee": QT_TRANSLATE_NOOP("Field", "Assignee"),
    "due": QT_TRANSLATE_NOOP("Field", "Due"),
    "priority": QT_TRANSLATE_NOOP("Field", "Priority"),
    "text": QT_TRANSLATE_NOOP("Field", "Text"),
    "remind_at": QT_TRANSLATE_NOOP("Field", "Remind at"),
    "starts_at": QT_TRANSLATE_NOOP("Field", "Starts at"),
    "duration_min": QT_TRANSLATE_NOOP("Field", "Duration min"),
    "attendees": QT_TRANSLATE_NOOP("Field", "Attendees"),
    "location": QT_TRANSLATE_NOOP("Field", "Location"),
    "amount": QT_TRANSLATE_NOOP("Field", "Amount"),
    "category": QT_TRANSLATE_NOOP("Field", "Category"),
    "merchant": QT_TRANSLATE_NOOP("Field", "Merchant"),
    "spent_on": QT_TRANSLATE_NOOP("Field", "Spent on"),
}
CHOICES = {  # the values of the schema's Literal fields: a task's priority, an expense's category
    "low": QT_TRANSLATE_NOOP("Choice", "low"),
    "normal": QT_TRANSLATE_NOOP("Choice", "normal"),
    "high": QT_TRANSLATE_NOOP("Choice", "high"),
    "meals": QT_TRANSLATE_NOOP("Choice", "meals"),
    "travel": QT_TRANSLATE_NOOP("Choice", "travel"),
    "lodging": QT_TRANSLATE_NOOP("Choice", "lodging"),
    "transport": QT_TRANSLATE_NOOP("Choice", "transport"),
    "office": QT_TRANSLATE_NOOP("Choice", "office"),
    "entertainment": QT_TRANSLATE_NOOP("Choice", "entertainment"),
    "other": QT_TRANSLATE_NOOP("Choice", "other"),
}
ROLES = {  # what a name is in its record, as the client book offers it
    "client": QT_TRANSLATE_NOOP("Role", "client"),
    "contact": QT_TRANSLATE_NOOP("Role", "contact"),
    "attendee": QT_TRANSLATE_NOOP("Role", "attendee"),
    "assignee": QT_TRANSLATE_NOOP("Role", "assignee"),
}
DATE_WORDS = {  # what a record's own date is, in the records window's date column (records.summary.DATES)
    "follow-up": QT_TRANSLATE_NOOP("Date", "follow-up"),
    "visited": QT_TRANSLATE_NOOP("Date", "visited"),
    "due": QT_TRANSLATE_NOOP("Date", "due"),
    "remind": QT_TRANSLATE_NOOP("Date", "remind"),
    "starts": QT_TRANSLATE_NOOP("Date", "starts"),
    "spent": QT_TRANSLATE_NOOP("Date", "spent"),
}
STATUSES = {  # a stored record's status
    "draft": QT_TRANSLATE_NOOP("Status", "draft"),
    "confirmed": QT_TRANSLATE_NOOP("Status", "confirmed"),
    "discarded": QT_TRANSLATE_NOOP("Status", "discarded"),
}
REASONS = {  # why a revision was made, where the store says it in one word (others show as stored)
    "created": QT_TRANSLATE_NOOP("Reason", "created"),
    "understood": QT_TRANSLATE_NOOP("Reason", "understood"),
    "edited": QT_TRANSLATE_NOOP("Reason", "edited"),
    "draft": QT_TRANSLATE_NOOP("Reason", "back to draft"),
    "confirmed": QT_TRANSLATE_NOOP("Reason", "confirmed"),
    "discarded": QT_TRANSLATE_NOOP("Reason", "discarded"),
    "done": QT_TRANSLATE_NOOP("Reason", "done"),
    "reopened": QT_TRANSLATE_NOOP("Reason", "reopened"),
}


def _label(context: str, table: dict[str, str], name: str) -> str:
    # A name missing from its table (a record from a newer version) shows as it is stored.
    return QCoreApplication.translate(context, table[name]) if name in table else name


def intent_label(intent: str) -> str:
    return _label("Intent", INTENTS, intent)


def field_label(field: str) -> str:
    return _label("Field", FIELDS, field)


def choice_label(choice: str) -> str:
    return _label("Choice", CHOICES, choice)


def status_label(status: str) -> str:
    return _label("Status", STATUSES, status)


def role_label(role: str) -> str:
    return _label("Role", ROLES, role)


def date_label(word: str) -> str:
    return _label("Date", DATE_WORDS, word)


# Reasons that name files (`records.attachments`: "attached 白板.jpg, 名片.png"): the word translated, the names kept.
FILE_REASONS = {
    "attached": QT_TRANSLATE_NOOP("Reason", "attached {names}"),
    "detached": QT_TRANSLATE_NOOP("Reason", "detached {names}"),
}


def reason_label(reason: str) -> str:
    word, _, names = reason.partition(" ")
    if word in FILE_REASONS and names:
        return QCoreApplication.translate("Reason", FILE_REASONS[word]).format(names=names)
    return _label("Reason", REASONS, reason)


NOTICES = {  # what the parser says about a record it read (intents.notices), by code
    "text_cut": QT_TRANSLATE_NOOP("Notice", "The text is {length} characters long; only the first {limit} were read"),
    "client_unknown": QT_TRANSLATE_NOOP("Notice", "Client not recognised"),
    "filed_as": QT_TRANSLATE_NOOP("Notice", "Could not fill a {intent} (missing time or amount); filed as {fallback}"),
    "date_open": QT_TRANSLATE_NOOP("Notice", "\"{phrase}\" read as {chosen}; if you meant {other}, change the date"),
}
WEEKDAYS = (QT_TRANSLATE_NOOP("Weekday", "Mon"), QT_TRANSLATE_NOOP("Weekday", "Tue"),
            QT_TRANSLATE_NOOP("Weekday", "Wed"), QT_TRANSLATE_NOOP("Weekday", "Thu"),
            QT_TRANSLATE_NOOP("Weekday", "Fri"), QT_TRANSLATE_NOOP("Weekday", "Sat"),
            QT_TRANSLATE_NOOP("Weekday", "Sun"))


def _day(day: date) -> str:
    return f"{QCoreApplication.translate('Weekday', WEEKDAYS[day.weekday()])} {day.isoformat()}"


def notice_label(notice: str) -> str:
    """A parser warning in the interface language; one the app does not know (or read back from the store as plain
    text) as it was written."""
    code = getattr(notice, "code", None)
    if code not in NOTICES:
        return notice
    values: dict[str, Any] = dict(notice.values)  # type: ignore[attr-defined]
    if code == "text_cut":
        values.update(length=f"{values['length']:,}", limit=f"{values['limit']:,}")
    elif code == "filed_as":
        values.update(intent=intent_label(values["intent"]), fallback=intent_label(values["fallback"]))
    elif code == "date_open":
        values.update(chosen=_day(values["chosen"]), other=_day(values["other"]))
    return QCoreApplication.translate("Notice", NOTICES[code]).format(**values)
