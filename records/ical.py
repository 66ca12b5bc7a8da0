"""Records as iCalendar (RFC 5545), for calendar apps: `saydo records export --format ics`, the folder sink's `.ics`
files and the CalDAV sink all write what this module builds.

- meeting -> VEVENT at starts_at, with its duration, location and attendees;
- task with a due date -> VTODO with DUE (a date, or a date-time when a clock time was said) and a priority;
- reminder -> VEVENT at remind_at with a VALARM that fires at that moment (calendar apps alarm events, not todos);
- visit note with follow_up_on -> VTODO "follow up with CLIENT", due that day;
- anything else (expenses, notes, undated tasks, visits without a follow-up) has no calendar meaning: None.

The UID is the record id, so a calendar sees every revision of a record as the same item (SEQUENCE = revision).
Record times are local wall-clock times (DESIGN.md); without a time zone they are written as RFC 5545 floating
times, which every calendar shows at that clock time; with one they carry a TZID and its VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Todo, vCalAddress, vText

from .entities import StoredRecord

PRODID = "-//saydo//saydo records//EN"
_PRIORITY = {"high": 1, "normal": 5, "low": 9}  # RFC 5545 3.8.1.9: 1 highest, 9 lowest
# Attendees are spoken names without addresses; RFC 5545 needs a URI, and this is the one calendar apps use for that.
_NO_ADDRESS = "invalid:nomail"


def _moment(value: str, tz: ZoneInfo | None) -> date | datetime:
    """A record's 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' as a date or a (floating or zoned) datetime."""
    if len(value) == 10:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=tz) if tz else moment


def _utc(stamp: str | None) -> datetime:
    if not stamp:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _describe(component: Event | Todo, *parts: str | None) -> None:
    text = "\n\n".join(part for part in parts if part)
    if text:
        component.add("description", text)


def _follow_up_title(fields: Mapping[str, Any], lang: str | None) -> str:
    client = fields.get("client") or ""
    return f"跟进{client}" if lang == "zh" else f"Follow up with {client}"


def calendar_component(record_id: str, intent: str | None, fields: Mapping[str, Any] | None, *,
                       revision: int = 1, transcript: str = "", lang: str | None = None,
                       created_at: str | None = None, updated_at: str | None = None,
                       tz: str | None = None) -> Event | Todo | None:
    """The VEVENT or VTODO for one record, or None when it has no calendar meaning."""
    if not intent or not fields:
        return None
    zone = ZoneInfo(tz) if tz else None
    component: Event | Todo
    if intent == "meeting" and fields.get("starts_at"):
        component = Event()
        component.add("summary", fields.get("title") or "")
        component.add("dtstart", _moment(fields["starts_at"], zone))
        if fields.get("duration_min"):
            component.add("duration", timedelta(minutes=int(fields["duration_min"])))
        if fields.get("location"):
            component.add("location", fields["location"])
        for name in fields.get("attendees") or []:
            attendee = vCalAddress(_NO_ADDRESS)
            attendee.params["cn"] = vText(name)
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            component.add("attendee", attendee, encode=0)
        _describe(component, transcript)
    elif intent == "task" and fields.get("due"):
        component = Todo()
        component.add("summary", fields.get("title") or "")
        component.add("due", _moment(fields["due"], zone))
        component.add("priority", _PRIORITY.get(fields.get("priority") or "normal", 5))
        component.add("status", "NEEDS-ACTION")
        assignee = f"Assignee: {fields['assignee']}" if fields.get("assignee") else None
        _describe(component, assignee, transcript)
    elif intent == "reminder" and fields.get("remind_at"):
        component = Event()
        component.add("summary", fields.get("text") or "")
        component.add("dtstart", _moment(fields["remind_at"], zone))
        _describe(component, transcript)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", fields.get("text") or "reminder")
        alarm.add("trigger", timedelta(0))
        component.add_component(alarm)
    elif intent == "visit_note" and fields.get("follow_up_on"):
        component = Todo()
        component.add("summary", _follow_up_title(fields, lang))
        component.add("due", _moment(fields["follow_up_on"], zone))
        component.add("status", "NEEDS-ACTION")
        steps = "\n".join(f"- {step}" for step in fields.get("next_steps") or [])
        _describe(component, fields.get("summary"), steps, transcript)
    else:
        return None
    component.add("uid", record_id)
    component.add("sequence", max(0, revision - 1))
    component.add("dtstamp", _utc(updated_at))
    if created_at:
        component.add("created", _utc(created_at))
    if updated_at:
        component.add("last-modified", _utc(updated_at))
    component.add("categories", [intent])
    return component


def _calendar(components: Iterable[Event | Todo]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar


def record_to_ics(record_id: str, intent: str | None, fields: Mapping[str, Any] | None, *, revision: int = 1,
                  transcript: str = "", lang: str | None = None, created_at: str | None = None,
                  updated_at: str | None = None, tz: str | None = None) -> bytes | None:
    """One record as a complete VCALENDAR (a `.ics` file or a CalDAV resource), or None without calendar meaning."""
    component = calendar_component(record_id, intent, fields, revision=revision, transcript=transcript, lang=lang,
                                   created_at=created_at, updated_at=updated_at, tz=tz)
    return None if component is None else _calendar([component]).to_ical()


def records_to_ics(records: Iterable[StoredRecord], *, tz: str | None = None) -> bytes:
    """Every record with calendar meaning in one VCALENDAR (the export); discarded records are left out."""
    components = (
        calendar_component(r.id, r.intent, r.fields, revision=r.revision, transcript=r.transcript, lang=r.lang,
                           created_at=r.created_at, updated_at=r.updated_at, tz=tz)
        for r in records if r.status != "discarded"
    )
    return _calendar(c for c in components if c is not None).to_ical()
