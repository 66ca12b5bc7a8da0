"""Nothing half-written: a failure inside a write leaves no trace, and a locked database says so clearly."""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from records import AudioRef, LedgerEntry, Provenance, Store, StoreError, StoreLocked

TASK: dict[str, Any] = {
    "intent": "task",
    "fields": {"title": "发合同给华为", "assignee": None, "due": "2025-03-19", "priority": "high"},
}
TABLES = ("records", "revisions", "audio", "provenance", "ledger")


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    finally:
        conn.close()


def full_add(store: Store, ledger: list[LedgerEntry] | None = None, **overrides: object) -> str:
    options: dict[str, Any] = {
        "transcript": "下周三前把合同发给华为",
        "lang": "zh",
        "source": "hotkey",
        "audio": AudioRef("/tmp/a.wav", "ab" * 32, 3.0),
        "provenance": Provenance("asr", "llm", "p", "g", {"asr": 0.2}),
        "ledger": ledger if ledger is not None else [LedgerEntry("parse", "llm", 100, 20, 0.3, "g")],
        **overrides,
    }
    record = options.pop("record", TASK)
    return store.add(record, **options)


@contextmanager
def exclusive_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock, as a long `sqlite3` shell session or a stuck process would."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.parametrize(
    "overrides",
    [
        {"record": {"intent": "task", "fields": {"title": "x", "tags": {"a", "b"}}}},  # a set is not JSON
        {"record": {"intent": "expense", "fields": {"amount": math.nan}}},  # NaN is not JSON either
        {"provenance": Provenance("asr", "llm", "p", "g", {"asr": object()})},  # type: ignore[dict-item]
    ],
)
def test_payload_that_is_not_json_writes_nothing(store: Store, db_path: Path, overrides: dict[str, Any]) -> None:
    with pytest.raises(StoreError, match="JSON"):
        full_add(store, **overrides)
    assert row_counts(db_path) == dict.fromkeys(TABLES, 0)


def test_failure_halfway_through_add_leaves_nothing(store: Store, db_path: Path) -> None:
    # The ledger is written last: by then records, revisions, audio and provenance rows exist in the transaction.
    bad_ledger = [
        LedgerEntry("asr", "whisper", 0, 10, 0.2),
        LedgerEntry("parse", None, 100, 20, 0.3),  # type: ignore[arg-type]  # NOT NULL model_id
    ]
    with pytest.raises(StoreError, match="nothing was written"):
        full_add(store, ledger=bad_ledger)
    assert row_counts(db_path) == dict.fromkeys(TABLES, 0)
    assert store.search("合同发给华为") == []
    # The store is usable afterwards.
    record_id = full_add(store)
    assert row_counts(db_path) == {"records": 1, "revisions": 1, "audio": 1, "provenance": 1, "ledger": 1}
    assert [r.id for r in store.search("合同发给华为")] == [record_id]


def test_failure_halfway_through_revise_keeps_the_old_record(store: Store, db_path: Path) -> None:
    record_id = full_add(store)
    edited = {"intent": "task", "fields": {**TASK["fields"], "title": "发报价给华为"}}
    with pytest.raises(StoreError):
        store.revise(
            record_id, edited, "edit", ledger=[LedgerEntry("parse", None, 1, 1, 0.1)]  # type: ignore[arg-type]
        )
    got = store.get(record_id)
    assert (got.record, got.revision) == (TASK, 1)
    assert len(store.revisions(record_id)) == 1
    assert store.search("发报价给") == []


def test_locked_database_raises_store_locked_and_writes_nothing(store: Store, db_path: Path) -> None:
    record_id = full_add(store)
    before = row_counts(db_path)
    with exclusive_lock(db_path):
        started = time.monotonic()
        with pytest.raises(StoreLocked) as caught:
            full_add(store)
        waited = time.monotonic() - started
        message = str(caught.value)
        assert "locked" in message and "nothing was written" in message and str(db_path) in message
        assert 0.15 <= waited < 5  # it waited for the busy timeout (0.2 s here), then gave up
        with pytest.raises(StoreLocked):
            store.confirm(record_id)
        with pytest.raises(StoreLocked):
            store.revise(record_id, TASK, "edit")
        # WAL: reading still works while another connection holds the write lock.
        assert store.get(record_id).status == "draft"
    assert row_counts(db_path) == before
    assert store.get(record_id).revision == 1
    # Once the lock is gone, writing works again.
    assert store.confirm(record_id) == 2


def test_store_locked_is_a_store_error(store: Store, db_path: Path) -> None:
    with exclusive_lock(db_path), pytest.raises(StoreError):
        full_add(store)


def test_opening_a_locked_new_database(tmp_path: Path) -> None:
    path = tmp_path / "saydo.db"
    sqlite3.connect(path).close()
    with exclusive_lock(path), pytest.raises(StoreLocked, match="could not be opened"):
        Store.open(path, busy_timeout_s=0.1)
    with Store.open(path) as store:
        assert store.list() == []


def test_a_public_transaction_commits_together_or_not_at_all(store: Store, db_path: Path) -> None:
    # What the outbox and the client book use for their own tables: a failing statement undoes the earlier ones.
    record_id = full_add(store)
    # The transaction as a whole must fail, so both statements stand inside the raises block.
    with (pytest.raises(StoreError, match="could not tidy up: .*nothing was written"),  # noqa: PT012
          store.transaction("tidy up") as db):
        db.execute("DELETE FROM ledger")
        db.execute("INSERT INTO ledger (record_id) VALUES (NULL)")
    assert row_counts(db_path)["ledger"] == 1
    with store.transaction("tidy up") as db:
        db.execute("DELETE FROM ledger")
    with store.reading() as db:
        assert db.execute("SELECT count(*) FROM ledger").fetchone()[0] == 0
    assert store.get(record_id).revision == 1
