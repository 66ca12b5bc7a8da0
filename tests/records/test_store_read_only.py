"""`Store.open(read_only=True)`: reading a store in a folder that cannot be written, and nothing written by reading."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from records import SCHEMA_VERSION, Store, StoreError
from records import schema as schema_module
from tests.readonly import read_only

NOTE = {"intent": "note", "fields": {"text": "call Li Wei"}}


def _filed(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add(NOTE, transcript="call Li Wei", lang="en", source="cli")


def test_a_store_in_a_read_only_folder_can_be_read_but_not_written(db_path: Path) -> None:
    record_id = _filed(db_path)
    with read_only(db_path.parent):
        with pytest.raises(StoreError):
            Store.open(db_path)  # what `records list` did before: it needs to write to open
        with Store.open(db_path, read_only=True) as store:
            assert [row.id for row in store.list()] == [record_id]
            assert [row.id for row in store.search("Li Wei")] == [record_id]
            with pytest.raises(StoreError, match="readonly"):
                store.confirm(record_id)


def test_reading_does_not_create_a_store(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        Store.open(db_path, read_only=True)
    assert not db_path.parent.exists()


def test_an_older_store_is_migrated_once_then_read(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db = Database(sqlite3.connect(db_path))
    schema_module.migrate(db, target=1)
    db.close()
    with Store.open(db_path, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.list() == []


def test_a_newer_store_is_refused(db_path: Path) -> None:
    _filed(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this saydo"):
        Store.open(db_path, read_only=True)
