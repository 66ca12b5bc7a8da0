"""Marking a task or reminder done: a revision of the record, the `done_at` column, and the digest leaving it out."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from records import RecordNotFound, Store, StoreError, schema
from records.digest import digest

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

TASK = {"intent": "task", "fields": {"title": "Send the quote", "assignee": None, "due": "2025-03-10T15:00",
                                     "priority": "normal"}}


def _task(store: Store) -> str:
    return store.add(TASK, transcript="send the quote at three", lang="en", source="cli", status="confirmed")


def test_done_is_a_revision_that_sets_done_at_and_keeps_the_record(store: Store) -> None:
    record_id = _task(store)
    assert store.get(record_id).done_at is None
    assert store.mark_done(record_id) == 2
    done = store.get(record_id)
    assert done.done_at is not None and done.done_at.endswith("+00:00")
    assert (done.status, done.record, done.revision) == ("confirmed", TASK, 2)
    assert [r.reason for r in store.revisions(record_id)] == ["created", "done"]
    assert done.to_dict()["done_at"] == done.done_at


def test_marking_done_twice_changes_nothing_and_undo_reopens(store: Store) -> None:
    record_id = _task(store)
    first = store.mark_done(record_id)
    assert store.mark_done(record_id) == first
    assert store.mark_done(record_id, done=False) == first + 1
    assert store.get(record_id).done_at is None
    assert store.mark_done(record_id, done=False) == first + 1
    assert [r.reason for r in store.revisions(record_id)] == ["created", "done", "reopened"]


def test_an_unparsed_draft_cannot_be_done_and_nothing_is_written(store: Store) -> None:
    record_id = store.add(None, transcript="嗯", lang="zh", source="hotkey", error="only filler")
    with pytest.raises(StoreError, match="no parsed record yet .only filler.; edit it before marking it done"):
        store.mark_done(record_id)
    assert store.get(record_id).done_at is None and len(store.revisions(record_id)) == 1
    with pytest.raises(RecordNotFound, match="no record"):
        store.mark_done("01JNQ0000000000000000000ZZ")


def test_the_digest_leaves_out_what_is_done(store: Store) -> None:
    record_id = _task(store)
    assert [item.record.id for item in digest(store, date(2025, 3, 10)).items] == [record_id]
    store.mark_done(record_id)
    assert digest(store, date(2025, 3, 10)).items == []


def test_a_version_4_database_gains_done_at_with_its_records_open(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    # A file as saydo before version 5 left it (no done_at column), with a confirmed task. Built by the migrations up
    # to 4, so that later migrations find the file as it really was.
    db = Database(sqlite3.connect(db_path))
    assert schema.migrate(db, target=4) == 4
    record_id = "01JNQ0000000000000000000AA"
    stamp = "2025-03-01T09:00:00.000000+00:00"
    db.table("records").insert({
        "id": record_id, "created_at": stamp, "updated_at": stamp, "intent": TASK["intent"],
        "fields": json.dumps(TASK["fields"]), "lang": "en", "transcript": "send the quote at three",
        "status": "confirmed", "source": "cli", "revision": 1, "fields_text": "Send the quote",
    })
    db.conn.commit()
    db.close()
    with Store.open(db_path) as store:
        assert store.schema_version == schema.LATEST_VERSION >= 5
        assert store.get(record_id).done_at is None
        store.mark_done(record_id)
        assert store.get(record_id).done_at is not None


def test_cli_marks_done_and_undoes_and_refuses_clearly(tmp_path: Path) -> None:
    from app.settings import resolve_paths
    from tests.cli import saydo

    home = tmp_path / "home"
    with Store.open(resolve_paths(home).db_path) as store:
        record_id = _task(store)
        draft = store.add(None, transcript="嗯", lang="zh", source="cli", error="only filler")
    done = saydo(home, "records", "done", record_id)
    assert done.returncode == 0 and f"done {record_id}" in done.stdout
    with Store.open(resolve_paths(home).db_path) as store:
        assert store.get(record_id).done_at is not None
    undone = saydo(home, "records", "done", record_id, "--undo")
    assert undone.returncode == 0 and f"reopened {record_id}" in undone.stdout
    refused = saydo(home, "records", "done", draft)
    assert refused.returncode == 1 and "edit it before marking it done" in refused.stderr
    missing = saydo(home, "records", "done", "01JNQ0000000000000000000ZZ")
    assert missing.returncode == 1 and "no record" in missing.stderr
    with Store.open(resolve_paths(home).db_path) as store:
        assert store.get(record_id).done_at is None
        assert [r.reason for r in store.revisions(record_id)] == ["created", "done", "reopened"]
        assert len(store.revisions(draft)) == 1
