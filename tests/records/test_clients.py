"""The client book in the store: migration, adds and imports (atomic), learning from confirmed records, and the names
fed to speech recognition."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from records import (
    SCHEMA_VERSION,
    AmbiguousName,
    BookError,
    BookRow,
    Client,
    ClientBook,
    Contact,
    Named,
    NotInBook,
    Person,
    RowProblem,
    Store,
    StoreError,
    StoreLocked,
    schema,
)
from tests.records.conftest import Clock
from tests.records.test_store_transactions import exclusive_lock

VISIT: dict[str, Any] = {
    "intent": "visit_note",
    "fields": {"client": "远航科技", "contacts": ["张经理", "李工"], "visited_on": "2025-03-10", "summary": "报价"},
}


@pytest.fixture
def book(store: Store) -> ClientBook:
    return ClientBook(store)


def confirm(store: Store, record: dict[str, Any]) -> str:
    record_id = store.add(record, transcript="x", lang="zh", source="cli")
    store.confirm(record_id)
    return record_id


def book_counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM clients").fetchone()[0],
                conn.execute("SELECT count(*) FROM people").fetchone()[0])
    finally:
        conn.close()


def names(book: ClientBook) -> dict[str, int]:
    contents = book.list()
    uses = {c.name: c.uses for c in contents.clients}
    uses.update({p.name: p.uses for c in contents.clients for p in c.people})
    uses.update({p.name: p.uses for p in contents.people})
    return uses


# --- migration ----------------------------------------------------------------------------------------------------


def test_a_version_5_store_gains_an_empty_book_and_keeps_its_records(db_path: Path) -> None:
    # A database as the release before the book left it, with one confirmed visit note.
    db_path.parent.mkdir(parents=True)
    db = Database(sqlite3.connect(db_path))
    assert schema.migrate(db, target=5) == 5
    record_id = "01JNQ0000000000000000000AA"
    stamp = "2025-03-01T09:00:00.000000+00:00"
    db.table("records").insert({
        "id": record_id, "created_at": stamp, "updated_at": stamp, "intent": "visit_note",
        "fields": json.dumps(VISIT["fields"], ensure_ascii=False), "lang": "zh", "transcript": "拜访远航科技",
        "status": "confirmed", "source": "hotkey", "revision": 1, "fields_text": "远航科技 张经理",
    })
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert {"clients", "people"} <= set(store.db.table_names())
        kept = store.get(record_id)
        assert (kept.record, kept.status, kept.revision) == (VISIT, "confirmed", 1)
        assert [r.id for r in store.search("远航科技")] == [record_id]
        assert ClientBook(store).list().clients == ()
        # Names already filed still reach speech recognition while the book is empty.
        assert set(store.known_names()) == {"远航科技", "张经理", "李工"}
        # And the book works on the migrated store.
        ClientBook(store).add_client("远航科技")
        assert [c.name for c in ClientBook(store).list().clients] == ["远航科技"]


def test_book_names_are_unique_in_the_database_itself(store: Store, book: ClientBook) -> None:
    book.add_client("Acme")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO clients (name, aliases, created_at, updated_at, uses) VALUES ('ACME', '[]', "
                         "'t', 't', 0)")


# --- adding -------------------------------------------------------------------------------------------------------


def test_add_client_with_aliases_and_contacts_then_merge_into_it(book: ClientBook) -> None:
    added = book.add_client("远航科技", aliases=["远航", "远航科技"], contacts=["张经理"])
    assert (added.clients_added, added.people_added, added.clients_updated) == (1, 1, 0)
    merged = book.add_client("  远航科技 ", aliases=["远航", "YH Tech"], contacts=["张经理", "李工"])
    assert (merged.clients_added, merged.clients_updated, merged.people_added, merged.people_updated) == (0, 1, 1, 0)
    client = book.get("远航科技")
    assert isinstance(client, Client)
    assert client.aliases == ("远航", "YH Tech")  # its own name is not an alias, and nothing twice
    assert {p.name for p in client.people} == {"张经理", "李工"}
    assert {p.company for p in client.people} == {"远航科技"}
    assert not book.add_client("远航科技", aliases=["远航"]).changed


def test_add_person_creates_their_company_and_updates_the_title(book: ClientBook) -> None:
    first = book.add_person("Bob Smith", company="Acme", title="CTO", aliases=["Bobby"])
    assert (first.clients_added, first.people_added) == (1, 1)
    again = book.add_person("bob smith", company="acme", title="CEO")
    assert (again.people_added, again.people_updated) == (0, 1)
    person = book.get("Bobby")  # found by alias
    assert isinstance(person, Person)
    assert (person.name, person.title, person.company, person.aliases) == ("Bob Smith", "CEO", "Acme", ("Bobby",))


def test_a_person_met_without_a_company_joins_the_company_named_later(book: ClientBook) -> None:
    book.add_person("王总")
    changes = book.add_client("华信科技", contacts=["王总"])
    assert (changes.people_added, changes.people_updated) == (0, 1)
    assert book.list().people == ()
    assert book.get("王总").company == "华信科技"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "client is empty"), ("   ", "client is empty"), ("A;B", "contains ';'"), ("甲；乙", "contains ';'"),
     ("x" * 101, "longer than 100"), ("bad\x00name", "control characters"), (42, "must be text")],
)
def test_a_name_that_cannot_be_one_is_refused_and_nothing_is_written(
    book: ClientBook, db_path: Path, name: Any, message: str
) -> None:
    with pytest.raises(BookError, match=message):
        book.add_client(name, contacts=["张经理"])
    assert book_counts(db_path) == (0, 0)


def test_the_same_contact_twice_in_one_row_is_refused(book: ClientBook) -> None:
    with pytest.raises(BookError, match="twice"):
        book.add_client("Acme", contacts=["Bob", "BOB"])


# --- importing ----------------------------------------------------------------------------------------------------


def test_import_lands_good_rows_reports_bad_ones_and_counts_each_entry_once(book: ClientBook) -> None:
    rows = [
        BookRow(2, "远航科技", ("远航",), (Contact("张经理", "经理"), Contact("李工"))),
        BookRow(3, "", (), (Contact("王五"),)),
        BookRow(4, "远航科技", ("YH",), (Contact("张经理"), Contact("王总", "总监"))),  # the same client again
        BookRow(5, "Acme", (), (Contact("Bob;Alice"),)),
        BookRow(6, None, (), (Contact("Carol", "PM", ("Caz",)),)),  # a person with no company (vCard)
        BookRow(7, None, (), ()),
    ]
    report = book.import_rows(rows)
    assert (report.clients_added, report.clients_updated, report.people_added, report.people_updated) == (1, 0, 4, 0)
    assert report.problems == [
        RowProblem(3, "client is empty"),
        RowProblem(5, "contact 'Bob;Alice' contains ';', which separates names in client files"),
        RowProblem(7, "no client and no contacts"),
    ]
    client = book.get("远航科技")
    assert isinstance(client, Client)
    assert client.aliases == ("远航", "YH")
    assert {p.name: p.title for p in client.people} == {"张经理": "经理", "李工": None, "王总": "总监"}
    assert [(p.name, p.aliases) for p in book.list().people] == [("Carol", ("Caz",))]
    # Importing the same rows again changes nothing.
    assert not book.import_rows(rows).changed


def test_a_locked_store_imports_nothing_and_says_so(store: Store, book: ClientBook, db_path: Path) -> None:
    rows = [BookRow(n, f"客户{n}", (), (Contact(f"联系人{n}"),)) for n in range(2, 50)]
    with exclusive_lock(db_path), pytest.raises(StoreLocked, match="nothing was written"):
        book.import_rows(rows)
    assert book_counts(db_path) == (0, 0)
    assert book.import_rows(rows).clients_added == 48


def test_a_full_disk_mid_import_leaves_nothing_half_written(store: Store, book: ClientBook, db_path: Path) -> None:
    book.add_client("已有客户", contacts=["老王"])
    # A real SQLITE_FULL: the database may grow by two pages, and these rows need many more.
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    rows = [BookRow(n, f"客户{n:04d}" + "长" * 60, (), (Contact(f"联系人{n}", "经理"),)) for n in range(2, 400)]
    with pytest.raises(StoreError, match="full.*nothing was written"):
        book.import_rows(rows)
    assert book_counts(db_path) == (1, 1)
    assert [c.name for c in book.list().clients] == ["已有客户"]
    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert book.import_rows(rows).clients_added == 398


# --- learning from confirmed records -----------------------------------------------------------------------------


def test_confirming_a_visit_adds_its_client_and_contacts_then_counts_their_uses(
    store: Store, book: ClientBook, clock: Clock
) -> None:
    first = confirm(store, VISIT)
    assert names(book) == {"远航科技": 1, "张经理": 1, "李工": 1}
    client = book.get("远航科技")
    assert isinstance(client, Client) and {p.name for p in client.people} == {"张经理", "李工"}
    store.confirm(first)  # confirming twice is one confirmation
    assert names(book)["远航科技"] == 1

    clock.set(datetime(2025, 3, 12, 15, 0, tzinfo=UTC))
    confirm(store, {"intent": "visit_note", "fields": {"client": "远航科技", "contacts": ["张经理", "张经理"]}})
    assert names(book) == {"远航科技": 2, "张经理": 2, "李工": 1}
    assert book.get("张经理").last_used_at == "2025-03-12T15:00:01.000000+00:00"  # type: ignore[union-attr]
    assert book.get("李工").last_used_at.startswith("2025-03-10")  # type: ignore[union-attr]


def test_meeting_attendees_and_task_assignees_are_learned(store: Store, book: ClientBook) -> None:
    book.add_client("Acme", contacts=["Bob"])
    confirm(store, {"intent": "meeting", "fields": {"title": "周会", "starts_at": "2025-03-11T10:00",
                                                    "attendees": ["Bob", "Acme", "Carol"]}})
    confirm(store, {"intent": "task", "fields": {"title": "发报价", "assignee": "Carol"}})
    confirm(store, {"intent": "task", "fields": {"title": "自己做", "assignee": None}})
    confirm(store, {"intent": "note", "fields": {"text": "Dave 说明天再谈"}})
    assert names(book) == {"Acme": 1, "Bob": 1, "Carol": 2}
    carol = book.get("Carol")
    assert isinstance(carol, Person) and carol.company is None


def test_a_name_said_by_its_alias_counts_for_the_entry(store: Store, book: ClientBook) -> None:
    book.add_client("远航科技有限公司", aliases=["远航科技"])
    confirm(store, VISIT)
    assert [c.name for c in book.list().clients] == ["远航科技有限公司"]
    assert names(book)["远航科技有限公司"] == 1


def test_drafts_and_discarded_records_teach_nothing(store: Store, book: ClientBook) -> None:
    record_id = store.add(VISIT, transcript="x", lang="zh", source="cli")
    store.discard(record_id)
    assert names(book) == {}
    store.confirm(record_id)  # confirming a discarded record files it after all
    assert names(book) == {"远航科技": 1, "张经理": 1, "李工": 1}


def test_names_that_cannot_be_names_are_passed_over_and_the_record_is_still_filed(
    store: Store, book: ClientBook
) -> None:
    odd = {"intent": "visit_note", "fields": {"client": "x" * 300, "contacts": ["", "A;B", 7, "王总"]}}
    record_id = confirm(store, odd)
    assert store.get(record_id).status == "confirmed"
    assert names(book) == {"王总": 1}


def test_a_failed_confirmation_teaches_nothing(store: Store, book: ClientBook, db_path: Path) -> None:
    record_id = store.add(VISIT, transcript="x", lang="zh", source="cli")
    with exclusive_lock(db_path), pytest.raises(StoreLocked):
        store.confirm(record_id)
    assert book_counts(db_path) == (0, 0)
    assert store.get(record_id).status == "draft"


def test_learn_from_record_directly(book: ClientBook) -> None:
    book.learn_from_record(VISIT)
    book.learn_from_record(VISIT)
    assert names(book) == {"远航科技": 2, "张经理": 2, "李工": 2}
    with pytest.raises(BookError):
        book.learn_from_record({"intent": "task"})


def test_unknown_names_are_exactly_the_entries_confirming_adds(store: Store, book: ClientBook, db_path: Path) -> None:
    book.add_client("远航科技有限公司", aliases=["远航科技"], contacts=["张经理"])
    book.add_client("华为", contacts=["王总"])
    book.add_person("李工")  # met with no company yet
    records = [
        # by the client's alias; a known contact, one adopted from no company, one known only at another company
        ({"intent": "visit_note", "fields": {**VISIT["fields"], "contacts": ["张经理", "李工", "王总", "赵六"]}},
         [Named("王总", "contact"), Named("赵六", "contact")]),
        ({"intent": "meeting", "fields": {"title": "周会", "starts_at": "2025-03-11T10:00",
                                          "attendees": ["华为", "王总", "Carol"]}},
         [Named("Carol", "attendee")]),
        ({"intent": "task", "fields": {"title": "发报价", "assignee": "赵六"}}, []),
        # a new client knows no one: a name met at other companies is a new contact of it
        ({"intent": "visit_note", "fields": {"client": "新公司", "contacts": ["王总"]}},
         [Named("新公司", "client"), Named("王总", "contact")]),
        ({"intent": "note", "fields": {"text": "王总说明天再谈"}}, []),
    ]
    for record, expected in records:
        unknown = book.unknown_names(record["intent"], record["fields"])
        assert unknown == expected
        clients, people = book_counts(db_path)
        confirm(store, record)
        added_clients = sum(named.role == "client" for named in unknown)
        assert book_counts(db_path) == (clients + added_clients, people + len(unknown) - added_clients)
        assert book.unknown_names(record["intent"], record["fields"]) == []


def test_skipped_names_stay_out_of_the_book_and_the_others_are_learned(store: Store, book: ClientBook) -> None:
    record_id = store.add(VISIT, transcript="x", lang="zh", source="cli")
    store.confirm(record_id, skip_names=["李工"])
    assert names(book) == {"远航科技": 1, "张经理": 1}
    meeting = {"intent": "meeting", "fields": {"title": "周会", "starts_at": "2025-03-11T10:00",
                                               "attendees": ["Carol", "Dave"]}}
    store.confirm(store.add(meeting, transcript="x", lang="en", source="cli"), skip_names=["carol"])
    assert "Carol" not in names(book) and names(book)["Dave"] == 1
    # Without its client, a visit's contacts are learned with no company.
    visit = {"intent": "visit_note", "fields": {"client": "新公司", "contacts": ["赵六"]}}
    store.confirm(store.add(visit, transcript="x", lang="zh", source="cli"), skip_names=["新公司"])
    assert "新公司" not in names(book) and book.get("赵六").company is None  # type: ignore[union-attr]


# --- reading, removing --------------------------------------------------------------------------------------------


def test_get_and_remove_say_when_a_name_is_missing_or_ambiguous(book: ClientBook, db_path: Path) -> None:
    book.add_client("华为", contacts=["张经理"])
    book.add_client("中兴", contacts=["张经理"])
    with pytest.raises(AmbiguousName, match="华为.*中兴|中兴.*华为"):
        book.get("张经理")
    assert book.get("张经理", company="中兴").company == "中兴"  # type: ignore[union-attr]
    with pytest.raises(NotInBook, match="'王总' is not in the client book"):
        book.get("王总")
    with pytest.raises(AmbiguousName):
        book.remove("张经理")
    assert book.remove("张经理", company="华为").kind == "person"
    removed = book.remove("中兴")
    assert (removed.kind, removed.name, removed.people) == ("client", "中兴", 1)
    assert book_counts(db_path) == (1, 0)
    with pytest.raises(NotInBook):
        book.remove("中兴")


def test_export_rows_hold_every_client_with_its_people(book: ClientBook) -> None:
    book.add_client("远航科技", aliases=["远航"])
    book.add_person("张经理", company="远航科技", title="经理", aliases=["老张"])
    book.add_person("Carol")
    assert book.export_rows() == [
        BookRow(0, "远航科技", ("远航",), (Contact("张经理", "经理", ("老张",)),)),
        BookRow(0, None, (), (Contact("Carol"),)),
    ]


def test_entries_give_every_name_with_its_kind_company_and_aliases(book: ClientBook) -> None:
    book.add_client("远航科技", aliases=["远航"])
    book.add_person("张经理", company="远航科技", title="经理", aliases=["老张"])
    entries = {entry.name: entry for entry in book.entries()}
    assert set(entries) == {"远航科技", "张经理"}
    assert (entries["远航科技"].kind, entries["远航科技"].aliases) == ("client", ("远航",))
    assert (entries["张经理"].kind, entries["张经理"].company, entries["张经理"].title, entries["张经理"].aliases) == (
        "person", "远航科技", "经理", ("老张",))


# --- hotwords -----------------------------------------------------------------------------------------------------


def test_hotwords_put_recent_and_frequent_names_first(store: Store, book: ClientBook, clock: Clock) -> None:
    start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    clock.set(start)
    book.add_client("导入未用")  # imported, never said
    for _ in range(3):  # often, but three months ago
        confirm(store, {"intent": "task", "fields": {"title": "t", "assignee": "老客户"}})
    clock.set(start + timedelta(days=88))
    for _ in range(2):
        confirm(store, {"intent": "task", "fields": {"title": "t", "assignee": "常用"}})
    clock.set(start + timedelta(days=89))
    confirm(store, {"intent": "task", "fields": {"title": "t", "assignee": "昨天一次"}})
    book.add_client("新导入")
    book.add_client("Fresh Import")
    clock.set(start + timedelta(days=90))
    # Chinese names never said are left to the corrector (see names_for_hotwords); Latin ones are hinted.
    assert book.names_for_hotwords() == ["常用", "昨天一次", "老客户", "Fresh Import"]
    assert [entry.name for entry in book.entries()] == [
        "常用", "昨天一次", "老客户", "Fresh Import", "新导入", "导入未用"
    ]


def test_hotwords_are_bounded_in_number(book: ClientBook) -> None:
    for name in ["Northwind Traders", "远航科技", "A much longer company name than fits", "Acme"]:
        book.learn_from_record({"intent": "task", "fields": {"assignee": name}})
    ranked = book.names_for_hotwords()
    assert len(ranked) == 4
    assert book.names_for_hotwords(limit=2) == ranked[:2]


def test_an_imported_chinese_name_is_hinted_once_used_and_clients_come_before_people(book: ClientBook) -> None:
    book.import_rows([
        BookRow(1, "青松食品", (), (Contact("赵一鸣"), Contact("Hazel Ortega"))),
        BookRow(2, "Brightwater Foods", (), (Contact("Ivo Lindqvist"),)),
    ])
    assert book.names_for_hotwords() == ["Brightwater Foods", "Hazel Ortega", "Ivo Lindqvist"]
    book.learn_from_record({"intent": "visit_note", "fields": {"client": "青松食品", "contacts": []}})
    assert book.names_for_hotwords() == ["青松食品", "Brightwater Foods", "Hazel Ortega", "Ivo Lindqvist"]
    assert "赵一鸣" in {entry.name for entry in book.entries()}  # still corrected towards, only not hinted


def test_known_names_take_the_book_first_then_filed_names(store: Store, book: ClientBook) -> None:
    book.add_client("Imported Client")
    confirm(store, VISIT)
    known = store.known_names()
    assert set(known[:3]) == {"远航科技", "张经理", "李工"}
    assert known[3] == "Imported Client"  # in the book but never said: after the used names, before nothing else
    assert len(known) == 4  # names both in the book and in filed records are listed once
    assert store.known_names(limit=2) == known[:2]
    # A name only filed records know (a record from before the book) still comes after the book's names.
    store.db.execute("UPDATE records SET fields = json_set(fields, '$.client', '旧客户')")
    store.db.conn.commit()
    assert store.known_names()[-1] == "旧客户"
