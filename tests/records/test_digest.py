"""The daily digest on the seeded store of test_query: what is due, overdue first and oldest first."""

from __future__ import annotations

from datetime import date

from records import Store
from records.digest import digest, digest_items
from tests.records.conftest import Clock
from tests.records.test_query import seed


def test_monday_digest_lists_overdue_then_today_in_order(store: Store, clock: Clock) -> None:
    ids = seed(store, clock)
    by_id = {v: k for k, v in ids.items()}
    result = digest(store, date(2026, 11, 23))
    assert result.day == "2026-11-23"
    got = [(by_id[item.record.id], item.kind, item.due, item.overdue) for item in result.items]
    assert got == [
        ("t2", "task", "2026-11-20", True),  # overdue task, oldest first
        ("v2", "follow_up", "2026-11-22", True),  # client follow-up that slipped
        ("v3", "follow_up", "2026-11-23", False),  # today's follow-up (a date: before timed items)
        ("r1", "reminder", "2026-11-23T09:00", False),
        ("m1", "meeting", "2026-11-23T15:00", False),
    ]
    # t5 (discarded, overdue), t3 (undated), t1/t4/m2/r2 (later) and non-calendar records stay out.
    assert [item.title for item in result.items] == [
        "Send the contract to Acme", "华信科技", "Acme Corp", "给刘总打电话", "周会"
    ]


def test_tuesday_digest_drops_yesterdays_meeting_and_reminder(store: Store, clock: Clock) -> None:
    ids = seed(store, clock)
    by_id = {v: k for k, v in ids.items()}
    items = digest_items(store.list(limit=None), date(2026, 11, 24))
    assert [(by_id[i.record.id], i.overdue) for i in items] == [
        ("t2", True), ("v2", True), ("v3", True), ("r2", False), ("m2", False),
    ]


def test_an_empty_store_has_an_empty_digest(store: Store) -> None:
    result = digest(store, date(2026, 11, 23))
    assert result.items == [] and result.to_dict() == {"day": "2026-11-23", "items": []}


def test_digest_json_carries_what_the_app_shows(store: Store, clock: Clock) -> None:
    seed(store, clock)
    first = digest(store, date(2026, 11, 23)).to_dict()["items"][0]
    assert first["kind"] == "task" and first["overdue"] is True and first["intent"] == "task"
    assert first["fields"]["title"] == "Send the contract to Acme"
