"""Spoken questions answered from a seeded store: each question shape returns exactly the expected records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from intents import Query, recognise_query
from records import Store
from records.query import record_day, run_query
from tests.records.conftest import Clock

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _visit(client: str, on: str, summary: str, follow_up: str | None = None, contacts: list[str] | None = None,
           deal: float | None = None) -> dict[str, Any]:
    return {"intent": "visit_note", "fields": {"client": client, "contacts": contacts or [], "visited_on": on,
                                               "summary": summary, "next_steps": [], "follow_up_on": follow_up,
                                               "deal_value": deal, "currency": "CNY" if deal else None}}


def _task(title: str, due: str | None, assignee: str | None = None) -> dict[str, Any]:
    return {"intent": "task", "fields": {"title": title, "assignee": assignee, "due": due, "priority": "normal"}}


def _expense(amount: float, currency: str, on: str, category: str = "meals") -> dict[str, Any]:
    return {"intent": "expense", "fields": {"amount": amount, "currency": currency, "category": category,
                                            "merchant": None, "spent_on": on}}


# (name, record, transcript, created at (UTC), status)
SEED: list[tuple[str, dict[str, Any], str, datetime, str]] = [
    ("v1", _visit("华信科技", "2026-11-10", "陈总对报价有顾虑", contacts=["陈总"]), "拜访了华信科技，陈总对报价有顾虑",
     datetime(2026, 11, 10, 8, tzinfo=UTC), "confirmed"),
    ("v2", _visit("华信科技", "2026-11-20", "同意先试用一个月", follow_up="2026-11-22"), "又去了华信科技，同意先试用",
     datetime(2026, 11, 20, 8, tzinfo=UTC), "confirmed"),
    ("v3", _visit("Acme Corp", "2026-11-18", "They said the pricing is too high", follow_up="2026-11-23"),
     "Met with Acme, they said the pricing is too high", datetime(2026, 11, 18, 8, tzinfo=UTC), "confirmed"),
    ("v4", _visit("Globex", "2026-10-15", "Renewal talks"), "Visited Globex about the renewal",
     datetime(2026, 10, 15, 8, tzinfo=UTC), "confirmed"),
    ("t1", _task("整理报表", "2026-11-25"), "周三前把报表整理好", datetime(2026, 11, 22, 8, tzinfo=UTC), "confirmed"),
    ("t2", _task("Send the contract to Acme", "2026-11-20"), "Send the contract to Acme by Friday",
     datetime(2026, 11, 17, 8, tzinfo=UTC), "confirmed"),
    ("t3", _task("清理邮箱", None), "有空把邮箱清理一下", datetime(2026, 11, 23, 1, tzinfo=UTC), "draft"),
    ("t4", _task("准备投标材料", "2026-12-01", assignee="小王"), "让小王下周二前准备投标材料",
     datetime(2026, 11, 23, 1, 30, tzinfo=UTC), "confirmed"),
    ("t5", _task("旧任务", "2026-11-19"), "旧任务", datetime(2026, 11, 16, 8, tzinfo=UTC), "discarded"),
    ("m1", {"intent": "meeting", "fields": {"title": "周会", "starts_at": "2026-11-23T15:00", "duration_min": 60,
                                            "attendees": [], "location": None}}, "今天下午三点周会",
     datetime(2026, 11, 22, 9, tzinfo=UTC), "confirmed"),
    ("m2", {"intent": "meeting", "fields": {"title": "Pricing call with Acme", "starts_at": "2026-11-24T10:00",
                                            "duration_min": 30, "attendees": ["Jane"], "location": None}},
     "Call with Acme tomorrow at ten about pricing", datetime(2026, 11, 23, 1, 40, tzinfo=UTC), "confirmed"),
    ("r1", {"intent": "reminder", "fields": {"text": "给刘总打电话", "remind_at": "2026-11-23T09:00"}},
     "提醒我今天九点给刘总打电话", datetime(2026, 11, 22, 10, tzinfo=UTC), "confirmed"),
    ("r2", {"intent": "reminder", "fields": {"text": "交周报", "remind_at": "2026-11-24T09:00"}}, "明天提醒我交周报",
     datetime(2026, 11, 22, 11, tzinfo=UTC), "confirmed"),
    ("e1", _expense(128, "CNY", "2026-11-05"), "午饭花了一百二十八", datetime(2026, 11, 5, 5, tzinfo=UTC), "confirmed"),
    ("e2", _expense(3500, "CNY", "2026-11-20", "lodging"), "酒店三千五", datetime(2026, 11, 20, 5, tzinfo=UTC),
     "confirmed"),
    ("e3", _expense(45.5, "USD", "2026-11-21", "transport"), "Uber was 45.50",
     datetime(2026, 11, 21, 5, tzinfo=UTC), "confirmed"),
    ("e4", _expense(200, "CNY", "2026-10-30"), "上个月的午饭两百", datetime(2026, 10, 30, 5, tzinfo=UTC), "confirmed"),
    ("e5", _expense(999, "CNY", "2026-11-22"), "记错的一笔", datetime(2026, 11, 22, 5, tzinfo=UTC), "discarded"),
    # 2026-11-21 20:00 UTC is 2026-11-22 04:00 in Shanghai: the note belongs to the 22nd.
    ("n1", {"intent": "note", "fields": {"text": "合同续签要走法务流程"}}, "记一下，合同续签要走法务流程",
     datetime(2026, 11, 21, 20, tzinfo=UTC), "confirmed"),
]


def seed(store: Store, clock: Clock) -> dict[str, str]:
    """File SEED into the store; returns name -> record id."""
    ids: dict[str, str] = {}
    for name, record, transcript, at, status in SEED:
        clock.set(at)
        ids[name] = store.add(record, transcript=transcript, lang="zh", source="cli",
                              status="discarded" if status == "discarded" else status)
    return ids


@pytest.fixture
def seeded(store: Store, clock: Clock) -> dict[str, str]:
    return seed(store, clock)


def ask(store: Store, text: str) -> tuple[Query, list[str], dict[str, float]]:
    query = recognise_query(text, NOW)
    assert query is not None, text
    answer = run_query(store, query, tz=SHANGHAI)
    assert answer.count == len(answer.records)
    return query, [r.id for r in answer.records], answer.totals


def names(ids: dict[str, str], found: list[str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[i] for i in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("我这周有哪些待办", {"t1", "t3"}),  # t3 has no due date: it counts on the day it was made
    ("上周拜访了哪些客户", {"v2", "v3"}),
    ("明天有什么会", {"m2"}),
    ("今天有哪些提醒", {"r1"}),
    ("有哪些任务是小王负责的", {"t4"}),
    ("有没有关于合同续签的笔记", {"n1"}),
    ("华信科技对报价怎么说", {"v1"}),
    ("what did Acme say about pricing", {"v3"}),
    ("Which clients did I visit this week?", set()),
    ("Do I have any meetings tomorrow?", {"m2"}),
    ("List my notes from yesterday", {"n1"}),
])
def test_question_shapes_find_exactly_their_records(store: Store, seeded: dict[str, str], text: str,
                                                    expected: set[str]) -> None:
    _, found, _ = ask(store, text)
    assert set(names(seeded, found)) == expected


def test_last_visit_is_the_latest_one(store: Store, seeded: dict[str, str]) -> None:
    query, found, _ = ask(store, "上次拜访华信科技是什么时候")
    assert query.kind == "last"
    assert names(seeded, found) == ["v2"]


def test_expenses_this_month_are_totalled_per_currency(store: Store, seeded: dict[str, str]) -> None:
    _, found, totals = ask(store, "list my expenses this month")
    assert set(names(seeded, found)) == {"e1", "e2", "e3"}  # e5 was discarded, e4 is October's
    assert totals == {"CNY": 3628.0, "USD": 45.5}


def test_last_month_total(store: Store, seeded: dict[str, str]) -> None:
    query, found, totals = ask(store, "上个月一共花了多少钱")
    assert query.kind == "total"
    assert names(seeded, found) == ["e4"]
    assert totals == {"CNY": 200.0}


def test_count_with_nothing_found_is_zero(store: Store, seeded: dict[str, str]) -> None:
    query = recognise_query("下周有几个会", NOW)
    assert query is not None and query.kind == "count"
    answer = run_query(store, query, tz=SHANGHAI)
    assert answer.count == 0 and answer.records == [] and answer.totals == {}


def test_agenda_lists_soonest_first_and_logs_newest_first(store: Store, seeded: dict[str, str]) -> None:
    tasks = run_query(store, Query(intent="task"), tz=SHANGHAI)
    assert names(seeded, [r.id for r in tasks.records]) == ["t2", "t3", "t1", "t4"]
    visits = run_query(store, Query(intent="visit_note"), tz=SHANGHAI)
    assert names(seeded, [r.id for r in visits.records]) == ["v2", "v3", "v1", "v4"]


def test_a_query_changes_nothing(store: Store, seeded: dict[str, str]) -> None:
    before = store.db.conn.total_changes
    revisions = {i: len(store.revisions(i)) for i in seeded.values()}
    for text in ("我这周有哪些待办", "上次拜访华信科技是什么时候", "list my expenses this month",
                 "what did Acme say about pricing"):
        ask(store, text)
    assert store.db.conn.total_changes == before
    assert {i: len(store.revisions(i)) for i in seeded.values()} == revisions


def test_the_date_a_record_is_filed_under(store: Store, seeded: dict[str, str]) -> None:
    assert record_day(store.get(seeded["m1"]), SHANGHAI) == "2026-11-23"
    assert record_day(store.get(seeded["n1"]), SHANGHAI) == "2026-11-22"  # created 04:00 local
    assert record_day(store.get(seeded["n1"]), UTC) == "2026-11-21"
