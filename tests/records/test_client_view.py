"""The clients view's data: every record naming a client in time order, deals per currency, the last visit, the open
follow-ups with the overdue ones first on any day of the week, contacts, attachments; and a name not in the book."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from records import ClientBook, Store
from records.attachments import NewFile, attach
from records.client_report import export_overview
from records.client_view import client_overview
from tests.records.conftest import Clock

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def visit(client: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"intent": "visit_note", "fields": {"client": client, "contacts": [], "visited_on": on, "summary": "",
                                               "next_steps": [], "follow_up_on": None, "deal_value": None,
                                               "currency": None, **fields}}


def task(title: str, due: str | None, **fields: Any) -> dict[str, Any]:
    return {"intent": "task", "fields": {"title": title, "assignee": None, "due": due, "priority": "normal", **fields}}


class Filing:
    """Files records as of a given local time, confirmed unless told otherwise."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def __call__(self, record: dict[str, Any], at: str, *, transcript: str = "", status: str = "confirmed",
                 keep_out: tuple[str, ...] = ()) -> str:
        self.clock.set(datetime.fromisoformat(at).replace(tzinfo=SHANGHAI).astimezone(UTC))
        record_id = self.store.add(record, transcript=transcript, lang="zh", source="cli")
        if status == "confirmed":
            # Confirming teaches the book; `keep_out` are the names the person kept out of it.
            self.store.confirm(record_id, skip_names=keep_out)
        elif status == "discarded":
            self.store.discard(record_id)
        return record_id


@pytest.fixture
def book(store: Store, clock: Clock) -> dict[str, str]:
    """远航科技 with its people, 华为 sharing one name with it, and a year of records about them."""
    clients = ClientBook(store)
    clients.add_client("远航科技", aliases=["远航"])
    clients.add_person("张经理", "远航科技", "经理")
    clients.add_person("李工", "远航科技")
    clients.add_person("王总", "远航科技")
    clients.add_person("王总", "华为")  # two 王总: naming one is not naming 远航科技
    file = Filing(store, clock)
    return {
        "first_visit": file(visit("远航科技", "2026-11-02", contacts=["张经理", "赵总"], deal_value=100000,
                                  currency="CNY", follow_up_on="2026-11-10", summary="看了白板"), "2026-11-02T17:00",
                            keep_out=("赵总",)),
        "second_visit": file(visit("远航", "2026-11-16", deal_value=20000, currency="USD", follow_up_on="2026-11-30"),
                             "2026-11-16T18:00"),
        "contract_task": file(task("发合同给远航科技", "2026-11-20"), "2026-11-17T09:00"),
        "call_task": file(task("给李工打电话", "2026-12-01"), "2026-11-18T09:00"),
        "dinner": file({"intent": "expense", "fields": {"amount": 680, "currency": "CNY", "category": "entertainment",
                                                        "merchant": "海底捞", "spent_on": "2026-11-16"}},
                       "2026-11-16T21:00", transcript="请远航科技的人吃饭花了六百八"),
        "wang_meeting": file({"intent": "meeting", "fields": {"title": "周会", "starts_at": "2026-11-25T15:00",
                                                              "duration_min": 60, "attendees": ["王总"],
                                                              "location": None}}, "2026-11-19T09:00"),
        "other_visit": file(visit("华为", "2026-11-18", summary="他们也在和远航科技谈", contacts=["张经理"],
                                  deal_value=5000, currency="CNY", follow_up_on="2026-11-19"), "2026-11-18T17:00"),
        "reminder": file({"intent": "reminder", "fields": {"text": "给远航回电话", "remind_at": "2026-11-21T09:00"}},
                         "2026-11-20T08:00"),
        "done_task": file(task("远航科技的报价单", "2026-11-05"), "2026-11-03T09:00"),
        "discarded": file(visit("远航科技", "2026-11-19", deal_value=999999, currency="CNY"), "2026-11-19T20:00",
                          status="discarded"),
        "draft": file(task("远航科技 续约", "2026-11-24"), "2026-11-22T09:00", status="draft"),
    }


@pytest.fixture
def done(store: Store, book: dict[str, str]) -> dict[str, str]:
    store.mark_done(book["done_task"])
    return book


def test_every_record_naming_the_client_in_time_order(store: Store, done: dict[str, str]) -> None:
    overview = client_overview(store, "远航", MONDAY)
    assert (overview.name, overview.in_book, overview.aliases, overview.day) == ("远航科技", True, ("远航",),
                                                                                 "2026-11-23")
    names = {record_id: name for name, record_id in done.items()}
    assert [(names[e.record.id], e.when, e.role) for e in overview.records] == [
        ("first_visit", "2026-11-02", "client"),
        ("done_task", "2026-11-03T09:00", "mention"),
        ("second_visit", "2026-11-16", "client"),  # by the alias
        ("dinner", "2026-11-16", "mention"),  # only its transcript names the client
        ("contract_task", "2026-11-17T09:00", "mention"),
        ("other_visit", "2026-11-18", "mention"),  # 华为's visit: its 张经理 and follow-up are not 远航科技's
        ("call_task", "2026-11-18T09:00", "contact"),  # 李工 is 远航科技's; a day before its hours, as in the digest
        ("reminder", "2026-11-20T08:00", "mention"),
    ]  # not: the meeting with 王总 (two companies have one), the discarded visit, the draft
    assert overview.records[0].title == "远航科技 · 张经理, 赵总 · 看了白板"


def test_deals_last_visit_contacts(store: Store, done: dict[str, str]) -> None:
    overview = client_overview(store, "远航科技", MONDAY)
    assert [(d.currency, d.total, d.visits) for d in overview.deals] == [("CNY", 100000, 1), ("USD", 20000, 1)]
    assert overview.last_visit is not None and overview.last_visit.record.id == done["second_visit"]
    assert [(c.name, c.title, c.in_book) for c in overview.contacts] == [
        ("张经理", "经理", True), ("李工", None, True), ("王总", None, True), ("赵总", None, False)]


def test_drafts_count_when_asked(store: Store, done: dict[str, str]) -> None:
    overview = client_overview(store, "远航科技", MONDAY, statuses=("confirmed", "draft"))
    assert done["draft"] in [e.record.id for e in overview.records]
    assert done["discarded"] not in [e.record.id for e in overview.records]


def test_follow_ups_overdue_first_then_coming(store: Store, done: dict[str, str]) -> None:
    overview = client_overview(store, "远航科技", MONDAY)
    names = {record_id: name for name, record_id in done.items()}
    assert [(names[i.record.id], i.due, i.overdue) for i in overview.follow_ups] == [
        ("first_visit", "2026-11-10", True),
        ("contract_task", "2026-11-20", True),
        ("second_visit", "2026-11-30", False),
        ("call_task", "2026-12-01", False),
    ]  # not: the reminder (its day has passed: over, not overdue), the done task, 华为's follow-up
    assert overview.next_follow_up is overview.follow_ups[0]


# Every day of one week and the next Monday, morning and late evening, so no weekday decides the order.
NOWS = [MONDAY + timedelta(days=days, hours=hours) for days in range(8) for hours in (0, 13)]


@pytest.mark.parametrize("now", NOWS, ids=[f"{n:%a-%H}" for n in NOWS])
def test_overdue_ordering_does_not_depend_on_the_day(store: Store, done: dict[str, str], now: datetime) -> None:
    overview = client_overview(store, "远航科技", now)
    today = now.date().isoformat()
    dues = {"first_visit": "2026-11-10", "contract_task": "2026-11-20", "second_visit": "2026-11-30",
            "call_task": "2026-12-01", "reminder": "2026-11-21T09:00"}
    expected = sorted(
        ((due[:10] >= today, due, name) for name, due in dues.items() if name != "reminder" or due[:10] >= today),
    )
    names = {record_id: name for name, record_id in done.items()}
    assert [(names[i.record.id], i.overdue) for i in overview.follow_ups] == [
        (name, not coming) for coming, _, name in expected]
    assert overview.day == today


def test_a_follow_up_still_to_come_is_not_overdue(store: Store, done: dict[str, str]) -> None:
    before = client_overview(store, "远航科技", datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI))
    names = {record_id: name for name, record_id in done.items()}
    assert [(names[i.record.id], i.overdue) for i in before.follow_ups] == [
        ("first_visit", True), ("contract_task", False), ("reminder", False), ("second_visit", False),
        ("call_task", False)]


def test_attachments_of_the_clients_records(store: Store, done: dict[str, str]) -> None:
    content = b"whiteboard"
    sha = hashlib.sha256(content).hexdigest()
    attach(store, done["first_visit"], [NewFile(sha, "白板.jpg", len(content), "image/jpeg", None)])
    overview = client_overview(store, "远航科技", MONDAY)
    assert [(a.record_id, a.attachment.name) for a in overview.attachments] == [(done["first_visit"], "白板.jpg")]
    assert overview.to_dict()["attachments"] == [{"record_id": done["first_visit"], "sha256": sha, "name": "白板.jpg",
                                                  "size": 10, "mime": "image/jpeg"}]


def test_a_client_not_in_the_book(store: Store, clock: Clock) -> None:
    file = Filing(store, clock)
    visit_id = file(visit("星辰科技", "2026-11-20", contacts=["孙经理"], deal_value=3000, currency="EUR"),
                    "2026-11-20T16:00", keep_out=("星辰科技", "孙经理"))
    note_id = file({"intent": "note", "fields": {"text": "星辰科技下周要报价"}}, "2026-11-21T10:00")
    overview = client_overview(store, "星辰科技", MONDAY)
    assert not overview.in_book and overview.name == "星辰科技"
    assert [e.record.id for e in overview.records] == [visit_id, note_id]
    assert [(c.name, c.in_book) for c in overview.contacts] == [("孙经理", False)]
    assert [(d.currency, d.total) for d in overview.deals] == [("EUR", 3000)]
    assert client_overview(store, "nobody", MONDAY).records == ()


def test_a_latin_name_is_a_word_not_a_substring(store: Store, clock: Clock) -> None:
    file = Filing(store, clock)
    acme = file({"intent": "note", "fields": {"text": "ACME wants a new quote"}}, "2026-11-20T10:00")
    file({"intent": "note", "fields": {"text": "Acmes Ltd is another company"}}, "2026-11-20T11:00")
    file({"intent": "note", "fields": {"text": "the 50% deal_ off"}}, "2026-11-20T12:00")
    assert [e.record.id for e in client_overview(store, "Acme", MONDAY).records] == [acme]
    assert client_overview(store, "50%", MONDAY).records != ()  # LIKE's wildcards are taken literally
    assert client_overview(store, "0_d", MONDAY).records == ()


def test_the_overview_as_markdown_and_csv(store: Store, done: dict[str, str]) -> None:
    overview = client_overview(store, "远航科技", MONDAY)
    md = export_overview(overview, "markdown").decode("utf-8")
    assert md.startswith("# 远航科技\n\nin the client book (also 远航) · as of 2026-11-23")
    assert "| CNY | 100000 | 1 |" in md and "| USD | 20000 | 1 |" in md
    assert "**Next follow-up:** 2026-11-10 **overdue** · follow_up" in md
    assert "- 赵总 (not in the book)" in md
    raw = export_overview(overview, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["id"] for row in rows] == [e.record.id for e in overview.records]
    first = rows[0]
    assert (first["role"], first["deal_value"], first["currency"], first["due"], first["overdue"]) == (
        "client", "100000", "CNY", "2026-11-10", "yes")
    other = next(row for row in rows if row["id"] == done["other_visit"])
    assert other["deal_value"] == "" and other["due"] == ""  # 华为's deal and follow-up are not this client's
