"""Records as iCalendar: what each intent becomes, read back through the icalendar library."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from records import Store
from records.ical import record_to_ics, records_to_ics
from tests.records.conftest import Clock
from tests.records.test_query import seed

RID = "01JQ7Z8X9Y0ABCDEFGHJKMNPQR"
STAMPS = {"created_at": "2026-11-23T02:00:00.000000+00:00", "updated_at": "2026-11-23T03:00:00.000000+00:00"}


def only(ics: bytes | None) -> icalendar.cal.Component:
    assert ics is not None
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["version"]) == "2.0" and "saydo" in str(calendar["prodid"])
    [component] = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    return component


def test_a_meeting_is_an_event_with_duration_place_and_attendees() -> None:
    fields = {"title": "季度复盘", "starts_at": "2026-11-24T14:00", "duration_min": 120, "attendees": ["王总", "Bob"],
              "location": "3号会议室"}
    event = only(record_to_ics(RID, "meeting", fields, revision=3, transcript="明天下午两点到四点季度复盘", **STAMPS))
    assert event.name == "VEVENT"
    assert str(event["uid"]) == RID and event["sequence"] == 2
    assert event.decoded("dtstart") == datetime(2026, 11, 24, 14, 0)  # floating local time
    assert event.decoded("duration") == timedelta(hours=2)
    assert str(event["location"]) == "3号会议室"
    assert [str(a.params["CN"]) for a in event["attendee"]] == ["王总", "Bob"]
    assert str(event["description"]) == "明天下午两点到四点季度复盘"
    assert event.decoded("dtstamp") == datetime.fromisoformat(STAMPS["updated_at"])


def test_a_dated_task_is_a_todo_due_that_day_or_moment() -> None:
    todo = only(record_to_ics(RID, "task", {"title": "发合同", "assignee": "小王", "due": "2026-11-27",
                                            "priority": "high"}, **STAMPS))
    assert todo.name == "VTODO" and todo.decoded("due") == date(2026, 11, 27)
    assert todo["priority"] == 1 and "小王" in str(todo["description"])
    timed = only(record_to_ics(RID, "task", {"title": "交报告", "assignee": None, "due": "2026-11-27T17:00",
                                             "priority": "low"}, **STAMPS))
    assert timed.decoded("due") == datetime(2026, 11, 27, 17, 0) and timed["priority"] == 9


def test_a_reminder_is_an_event_whose_alarm_fires_at_remind_at() -> None:
    event = only(record_to_ics(RID, "reminder", {"text": "给刘总打电话", "remind_at": "2026-11-24T10:00"}, **STAMPS))
    assert event.name == "VEVENT" and event.decoded("dtstart") == datetime(2026, 11, 24, 10, 0)
    [alarm] = event.subcomponents
    assert alarm.name == "VALARM" and str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)
    assert str(alarm["description"]) == "给刘总打电话"


@pytest.mark.parametrize(("lang", "summary"), [("zh", "跟进华信科技"), ("en", "Follow up with 华信科技")])
def test_a_visit_follow_up_is_a_todo(lang: str, summary: str) -> None:
    fields = {"client": "华信科技", "contacts": ["陈总"], "visited_on": "2026-11-23", "summary": "对报价满意",
              "next_steps": ["发合同", "约演示"], "follow_up_on": "2026-12-02", "deal_value": None, "currency": None}
    todo = only(record_to_ics(RID, "visit_note", fields, lang=lang, **STAMPS))
    assert todo.name == "VTODO" and str(todo["summary"]) == summary
    assert todo.decoded("due") == date(2026, 12, 2)
    assert "- 发合同" in str(todo["description"]) and "对报价满意" in str(todo["description"])


@pytest.mark.parametrize(("intent", "fields"), [
    ("expense", {"amount": 128.0, "currency": "CNY", "category": "meals", "merchant": None, "spent_on": "2026-11-23"}),
    ("note", {"text": "Wi-Fi 密码是 sunshine42"}),
    ("task", {"title": "清理邮箱", "assignee": None, "due": None, "priority": "low"}),
    ("visit_note", {"client": "美团", "contacts": [], "visited_on": "2026-11-23", "summary": "试用", "next_steps": [],
                    "follow_up_on": None, "deal_value": None, "currency": None}),
    (None, None),
])
def test_records_without_calendar_meaning_have_no_ics(intent: str | None, fields: dict[str, Any] | None) -> None:
    assert record_to_ics(RID, intent, fields, **STAMPS) is None


def test_a_time_zone_gives_tzid_and_vtimezone() -> None:
    ics = record_to_ics(RID, "meeting", {"title": "周会", "starts_at": "2026-11-24T10:00", "duration_min": None,
                                         "attendees": [], "location": None}, tz="Asia/Shanghai", **STAMPS)
    assert ics is not None
    calendar = icalendar.Calendar.from_ical(ics)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "duration" not in event and "dtend" not in event


def test_the_same_revision_gives_the_same_bytes() -> None:
    fields = {"text": "交周报", "remind_at": "2026-11-24T09:00"}
    assert record_to_ics(RID, "reminder", fields, **STAMPS) == record_to_ics(RID, "reminder", fields, **STAMPS)


def test_an_export_holds_every_calendar_record_once(store: Store, clock: Clock) -> None:
    ids = seed(store, clock)
    calendar = icalendar.Calendar.from_ical(records_to_ics(store.list(limit=None)))
    uids = sorted(str(c["uid"]) for c in calendar.walk() if c.name in ("VEVENT", "VTODO"))
    # meetings, reminders, dated tasks (not the discarded t5) and the visits with a follow-up date
    expected = ["m1", "m2", "r1", "r2", "t1", "t2", "t4", "v2", "v3"]
    assert uids == sorted(ids[name] for name in expected)
