"""Schema migrations: applied in order at open, idempotent, and an older database is brought up to date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from records import SCHEMA_VERSION, Store, StoreError, schema


def test_fresh_database_is_at_the_latest_version(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == schema.LATEST_VERSION
        tables = set(store.db.table_names())
        assert {"records", "revisions", "audio", "provenance", "ledger", "records_fts"} <= tables
        assert store.db.journal_mode == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopening_changes_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        record_id = store.add(
            {"intent": "note", "fields": {"text": "第一条"}}, transcript="第一条记录", lang="zh", source="cli"
        )
        schema_before = store.db.schema
    for _ in range(3):
        with Store.open(db_path) as store:
            assert store.schema_version == SCHEMA_VERSION
            assert store.db.schema == schema_before
            assert [r.id for r in store.list()] == [record_id]
            assert [r.id for r in store.search("第一条")] == [record_id]
            assert len(store.revisions(record_id)) == 1


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    db = Database(sqlite3.connect(tmp_path / "x.db"))
    assert schema.migrate(db) == SCHEMA_VERSION
    schema_before = db.schema
    assert schema.migrate(db) == SCHEMA_VERSION
    assert db.schema == schema_before
    db.close()


def test_version_1_database_is_migrated_with_its_data(db_path: Path) -> None:
    # A database as the first release left it: core tables, no search index, no fields_text column.
    db_path.parent.mkdir(parents=True)
    db = Database(sqlite3.connect(db_path))
    assert schema.migrate(db, target=1) == 1
    assert "records_fts" not in db.table_names()
    fields = {"client": "华为", "contacts": ["张经理"], "summary": "对报价满意"}
    db.table("records").insert(
        {
            "id": "01JNQ0000000000000000000AA",
            "created_at": "2025-03-01T09:00:00.000000+00:00",
            "updated_at": "2025-03-01T09:00:00.000000+00:00",
            "intent": "visit_note",
            "fields": json.dumps(fields, ensure_ascii=False),
            "lang": "zh",
            "transcript": "记录一下客户拜访",
            "status": "confirmed",
            "source": "hotkey",
            "error": None,
            "revision": 1,
        }
    )
    db.close()

    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        old = store.get("01JNQ0000000000000000000AA")
        assert old.fields == fields
        assert old.stage == "done"  # rows from before pipeline stages were filed complete
        assert store.unfinished() == []
        # Existing rows were indexed by the migration, field text included.
        assert [r.id for r in store.search("张经理")] == [old.id]
        assert [r.id for r in store.search("客户拜访")] == [old.id]
        # And the store works normally afterwards.
        new_id = store.add(
            {"intent": "note", "fields": {"text": "张经理的电话"}}, transcript="记一下", lang="zh", source="cli"
        )
        assert {r.id for r in store.search("张经理")} == {old.id, new_id}


def test_failed_migration_rolls_back_entirely(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(db: Database) -> None:
        db.table("half_done").create({"id": int}, pk="id")
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], schema.Migration(2, "broken", broken)))
    with pytest.raises(RuntimeError, match="power cut"):
        Store.open(db_path)
    db = Database(sqlite3.connect(db_path))
    assert schema.user_version(db) == 1
    assert "half_done" not in db.table_names()
    db.close()

    monkeypatch.undo()
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_newer_database_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this saydo"):
        Store.open(db_path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "saydo.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="could not open"):
        Store.open(path)
