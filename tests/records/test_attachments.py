"""Attachments in the store: one row per file a record holds, a revision per attach or detach, the same bytes once,
names unique per record, an older schema migrated with its data, exports counting them. (Files on disk:
tests/app/test_attachments.py; sinks: test_sink_attachments.py.)"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from records import SCHEMA_VERSION, Store, StoreError, schema
from records.attachments import AttachmentNotFound, NewFile, attach, clean_file_name, detach, is_held
from records.export import export_records


def new_file(content: bytes, name: str, mime: str = "image/jpeg") -> NewFile:
    sha = hashlib.sha256(content).hexdigest()
    return NewFile(sha, name, len(content), mime, f"/data/attachments/{sha}")


PHOTO = new_file(b"whiteboard", "白板.jpg")
CARD = new_file(b"business card", "card.png", "image/png")
SCAN = new_file(b"signed contract", "contract.pdf", "application/pdf")


def note(store: Store) -> str:
    return store.add({"intent": "note", "fields": {"text": "拜访远航"}}, transcript="拜访远航", lang="zh", source="cli")


def test_attach_is_one_revision_and_the_record_lists_its_files(store: Store) -> None:
    record_id = note(store)
    attached = attach(store, record_id, [PHOTO, CARD])
    assert attached.revision == 2 and attached.already == ()
    assert [a.name for a in attached.added] == ["白板.jpg", "card.png"]
    record = store.get(record_id)
    assert record.revision == 2
    assert [(a.name, a.sha256, a.size, a.mime, a.revision) for a in record.attachments] == [
        ("白板.jpg", PHOTO.sha256, 10, "image/jpeg", 2), ("card.png", CARD.sha256, 13, "image/png", 2)]
    assert [(r.revision, r.reason) for r in store.revisions(record_id)] == [(1, "created"),
                                                                           (2, "attached 白板.jpg, card.png")]
    assert record.to_dict()["attachments"][0]["name"] == "白板.jpg"
    assert record.fields == {"text": "拜访远航"}  # attaching changes nothing else


def test_the_same_bytes_are_held_once(store: Store) -> None:
    record_id = note(store)
    first = attach(store, record_id, [PHOTO, new_file(b"whiteboard", "copy of 白板.jpg")])
    assert [a.name for a in first.added] == ["白板.jpg"]  # twice in one call: once
    again = attach(store, record_id, [new_file(b"whiteboard", "IMG_0001.jpg")])
    assert again.added == () and [a.name for a in again.already] == ["白板.jpg"]
    assert again.revision == 2  # nothing new: no revision
    assert len(store.get(record_id).attachments) == 1


def test_a_name_held_for_other_bytes_gets_a_number(store: Store) -> None:
    record_id = note(store)
    attach(store, record_id, [new_file(b"one", "IMG_0001.JPG")])
    attached = attach(store, record_id, [new_file(b"two", "img_0001.jpg"), new_file(b"three", "IMG_0001.JPG")])
    assert [a.name for a in attached.added] == ["img_0001 (2).jpg", "IMG_0001 (3).JPG"]


def test_names_are_cleaned_for_any_file_system() -> None:
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("C:\\Users\\me\\白板.jpg") == "白板.jpg"
    assert clean_file_name(".hidden") == "hidden"
    assert clean_file_name('a<b>:"c|?*.jpg') == "a_b___c___.jpg"
    assert clean_file_name("bell\x07\u202e.txt") == "bell.txt"
    assert clean_file_name("   ") == "attachment"
    long = clean_file_name("x" * 300 + ".jpeg")
    assert len(long) == 120 and long.endswith(".jpeg")


def test_detach_by_name_or_hash_prefix_keeps_the_history(store: Store) -> None:
    record_id = note(store)
    attach(store, record_id, [PHOTO, CARD, SCAN])
    detached = detach(store, record_id, "白板.JPG".lower())
    assert detached.attachment.sha256 == PHOTO.sha256 and detached.revision == 3 and not detached.still_held
    detached = detach(store, record_id, CARD.sha256[:8])
    assert detached.attachment.name == "card.png" and detached.revision == 4
    assert [a.name for a in store.get(record_id).attachments] == ["contract.pdf"]
    assert [r.reason for r in store.revisions(record_id)][-2:] == ["detached 白板.jpg", "detached card.png"]
    with pytest.raises(AttachmentNotFound, match="has no attachment 'card.png'; it has contract.pdf"):
        detach(store, record_id, "card.png")
    # Attached again after a detach: a new row, the old one stays in the history.
    assert attach(store, record_id, [PHOTO]).revision == 5
    with store.reading() as db:
        assert db.execute("SELECT count(*) FROM attachments WHERE sha256 = ?", [PHOTO.sha256]).fetchone()[0] == 2


def test_detach_refuses_what_it_cannot_tell_apart(store: Store) -> None:
    record_id = note(store)
    with pytest.raises(AttachmentNotFound, match="it has none"):
        detach(store, record_id, "白板.jpg")
    twins = _same_hash_start(6)
    attach(store, record_id, twins)
    with pytest.raises(AttachmentNotFound, match="starts the sha256 of 2 attachments"):
        detach(store, record_id, twins[0].sha256[:6])
    with pytest.raises(AttachmentNotFound, match="has no attachment"):  # too short to be a hash prefix
        detach(store, record_id, twins[0].sha256[:5])
    with pytest.raises(AttachmentNotFound, match="say which attachment"):
        detach(store, record_id, "  ")
    assert detach(store, record_id, twins[0].sha256).attachment.name == "first.bin"
    assert len(store.get(record_id).attachments) == 1


def _same_hash_start(length: int) -> list[NewFile]:
    """Two files whose sha256 start alike (a birthday search: a few thousand hashes for 6 hex digits)."""
    seen: dict[str, bytes] = {}
    n = 0
    while True:
        content = str(n).encode()
        start = hashlib.sha256(content).hexdigest()[:length]
        if start in seen:
            return [new_file(seen[start], "first.bin"), new_file(content, "second.bin")]
        seen[start] = content
        n += 1


def test_another_record_holding_the_bytes_keeps_them(store: Store) -> None:
    first, second = note(store), note(store)
    attach(store, first, [PHOTO])
    attach(store, second, [new_file(b"whiteboard", "same.jpg")])
    assert detach(store, first, "白板.jpg").still_held
    assert is_held(store, PHOTO.sha256)
    assert not detach(store, second, "same.jpg").still_held
    assert not is_held(store, PHOTO.sha256)


def test_bad_input_writes_nothing(store: Store) -> None:
    record_id = note(store)
    bad = [
        (NewFile("not-a-hash", "a.jpg", 1, "image/jpeg", None), "64 lowercase hex"),
        (NewFile(PHOTO.sha256, "a.jpg", -1, "image/jpeg", None), "whole number of bytes"),
        (NewFile(PHOTO.sha256, "a.jpg", 1, "jpeg", None), "MIME type"),
    ]
    for file, message in bad:
        with pytest.raises(StoreError, match=message):
            attach(store, record_id, [CARD, file])
    with pytest.raises(StoreError, match="no files"):
        attach(store, record_id, [])
    with pytest.raises(StoreError, match="no record"):
        attach(store, "01JCZ7Q3B2M4N5P6Q7R8S9T0VW", [PHOTO])
    assert store.get(record_id).revision == 1 and store.get(record_id).attachments == ()


def test_a_version_7_database_is_migrated_with_its_records(db_path: Path) -> None:
    # A store as the release before attachments left it, made by the real migrations up to version 7.
    db_path.parent.mkdir(parents=True)
    db = Database(sqlite3.connect(db_path))
    assert schema.migrate(db, target=7) == 7
    assert "attachments" not in db.table_names()
    fields = {"client": "远航科技", "contacts": ["张经理"], "visited_on": "2026-11-20", "summary": "看了白板"}
    stamp = "2026-11-20T09:00:00.000000+00:00"
    row = {"id": "01JNQ0000000000000000000AA", "created_at": stamp, "updated_at": stamp, "intent": "visit_note",
           "fields": json.dumps(fields, ensure_ascii=False), "lang": "zh", "transcript": "拜访远航科技",
           "status": "confirmed", "source": "hotkey", "revision": 1}
    db.table("records").insert(row)
    db.table("revisions").insert({"record_id": row["id"], "revision": 1, "created_at": stamp, "intent": "visit_note",
                                  "fields": row["fields"], "status": "confirmed", "reason": "created"})
    db.close()

    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 8
        old = store.get(row["id"])
        assert old.fields == fields and old.attachments == ()
        attach(store, old.id, [PHOTO])
        assert [a.name for a in store.get(old.id).attachments] == ["白板.jpg"]
        assert [r.reason for r in store.revisions(old.id)] == ["created", "attached 白板.jpg"]


def test_exports_count_and_list_attachments(store: Store) -> None:
    with_files, without = note(store), note(store)
    attach(store, with_files, [PHOTO, CARD])
    records = [store.get(with_files), store.get(without)]
    rows = list(csv.DictReader(io.StringIO(export_records(records, "csv").decode("utf-8-sig"))))
    assert [row["attachments"] for row in rows] == ["2", "0"]
    exported = json.loads(export_records(records, "json"))
    assert [a["name"] for a in exported[0]["attachments"]] == ["白板.jpg", "card.png"]
    assert exported[1]["attachments"] == []
    md = export_records(records, "md").decode("utf-8")
    assert md.count("**Attachments (2):** 白板.jpg (image/jpeg, 10 bytes), card.png (image/png, 13 bytes)") == 1
