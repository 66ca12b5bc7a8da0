"""A record in one line (records window, CLI tables): date, who, amount and a summary per intent, on records filed
in a real store; and what each revision changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from records import Store
from records.summary import amount, record_date, revision_changes, summary, who

VISIT = {"client": "远航科技", "contacts": ["孙经理", "李工"], "visited_on": "2026-11-23",
         "summary": "对云存储方案很感兴趣，预算大概三十万，希望下周二之前收到报价单和部署方案",
         "next_steps": ["发报价单"],
         "follow_up_on": "2026-12-01", "deal_value": 300000.0, "currency": "CNY"}
# intent: (fields, date, who, amount, summary)
CASES = {
    "visit_note": (VISIT, "follow-up 2026-12-01", "远航科技", "300,000.00 CNY",
                   "远航科技 · 孙经理, 李工 · 对云存储方案很感兴趣，预算大概三十万，"
                   "希望下周二之前收到报价单和部署方案"),
    "task": ({"title": "Review the contract draft", "assignee": "David", "due": "2026-11-25", "priority": "high"},
             "due 2026-11-25", "David", "", "Review the contract draft · David · 2026-11-25"),
    "reminder": ({"text": "Send the invoice", "remind_at": "2026-11-24T09:00"}, "remind 2026-11-24 09:00", "", "",
                 "Send the invoice · 2026-11-24 09:00"),
    "meeting": ({"title": "Sales sync", "starts_at": "2026-11-24T14:00", "duration_min": 60,
                 "attendees": ["Ann", "Bo"], "location": "Room 3"}, "starts 2026-11-24 14:00", "Ann, Bo", "",
                "Sales sync · 2026-11-24 14:00 · Room 3"),
    "expense": ({"amount": 1280.5, "currency": "USD", "category": "meals", "merchant": "Din Tai Fung",
                 "spent_on": "2026-11-23"}, "spent 2026-11-23", "", "1,280.50 USD",
                "Din Tai Fung · 1,280.50 USD · meals"),
    "note": ({"text": "The new office opens in March,\nnext to the station, with room for forty people and a lab"}, "",
             "", "", "The new office opens in March, next to the stat…"),
}


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "saydo.db") as opened:
        yield opened


@pytest.mark.parametrize("intent", CASES)
def test_each_intent_in_one_line(store: Store, intent: str) -> None:
    fields, date, person, money, line = CASES[intent]
    row = store.get(store.add({"intent": intent, "fields": fields}, transcript="…", lang="zh", source="cli"))
    assert (record_date(row), who(row), amount(row), summary(row)) == (date, person, money, line)


def test_the_visit_summary_is_clipped_and_a_visit_without_follow_up_shows_its_day(store: Store) -> None:
    fields = {**VISIT, "summary": "很长的话" * 30, "follow_up_on": None, "deal_value": None}
    row = store.get(store.add({"intent": "visit_note", "fields": fields}, transcript="…", lang="zh", source="cli"))
    assert record_date(row) == "visited 2026-11-23" and amount(row) == ""
    assert summary(row).endswith("…") and len(summary(row).split(" · ")[-1]) == 48


def test_an_expense_without_a_merchant_still_shows_its_amount(store: Store) -> None:
    fields = {"amount": 128.0, "currency": "CNY", "category": "transport", "spent_on": "2026-11-23"}
    row = store.get(store.add({"intent": "expense", "fields": fields}, transcript="…", lang="zh", source="cli"))
    assert summary(row) == "128.00 CNY · transport"


def test_drafts_show_what_was_heard_or_why_not(store: Store) -> None:
    heard = store.get(store.add(None, transcript="嗯 那个 明天", lang="zh", source="hotkey", error="no intent"))
    nothing = store.get(store.add(None, transcript="", lang=None, source="hotkey", error="only filler words"))
    pending = store.get(store.add(None, transcript="", lang=None, source="hotkey", stage="received"))
    assert [summary(r) for r in (heard, nothing, pending)] == [
        "嗯 那个 明天", "(only filler words)", "(not transcribed yet)"]
    assert (record_date(heard), who(heard), amount(heard)) == ("", "", "")


def test_revision_changes_name_fields_and_status(store: Store) -> None:
    task = CASES["task"][0]
    record_id = store.add({"intent": "task", "fields": task}, transcript="…", lang="en", source="cli")
    store.revise(record_id, {"intent": "task", "fields": {**task, "priority": "low", "assignee": None}}, reason="edit")
    store.confirm(record_id)
    store.revise(record_id, {"intent": "note", "fields": {"text": "x"}}, reason="edit")
    first, edited, confirmed, switched = store.revisions(record_id)
    assert revision_changes(None, first) == ""
    assert revision_changes(first, edited) == "assignee: David → —; priority: high → low"
    assert revision_changes(edited, confirmed) == "status: draft → confirmed"
    assert revision_changes(confirmed, switched) == "intent: task → note"
