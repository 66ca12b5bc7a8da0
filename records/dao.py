"""Rows in, rows out: the SQL side of the store. Every function takes the sqlite-utils `Database` and assumes the
caller (the `Store`) holds the right transaction; none of them commits."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from .entities import Attachment, AudioRef, LedgerEntry, Provenance, Revision, StoredRecord

# SQLite allows 32766 bound parameters since 3.32; stay far below for older builds.
_CHUNK = 500


def dumps(value: Any) -> str:
    # ensure_ascii=False keeps Chinese readable in the file and in `sqlite3 saydo.db`; allow_nan=False because
    # NaN is not JSON and other readers (sinks, exports) would choke on it.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# --- writes -----------------------------------------------------------------------------------------------------------


def insert_record(db: Database, row: dict[str, Any]) -> None:
    db.table("records").insert(row)


def update_record(db: Database, record_id: str, changes: dict[str, Any]) -> None:
    db.table("records").update(record_id, changes)


def insert_revision(db: Database, row: dict[str, Any]) -> None:
    db.table("revisions").insert(row)


def insert_audio(db: Database, record_id: str, audio: AudioRef) -> None:
    db.table("audio").insert(
        {
            "record_id": record_id,
            "path": audio.path,
            "sha256": audio.sha256,
            "duration_s": audio.duration_s,
            "retention": audio.retention or ("kept" if audio.path else "not_kept"),
        }
    )


def upsert_provenance(db: Database, record_id: str, provenance: Provenance, timings_json: str) -> None:
    db.table("provenance").upsert(
        {
            "record_id": record_id,
            "asr_model": provenance.asr_model,
            "llm_model": provenance.llm_model,
            "prompt_hash": provenance.prompt_hash,
            "grammar_hash": provenance.grammar_hash,
            "timings": timings_json,
        },
        pk="record_id",
    )


def insert_ledger(db: Database, record_id: str, entries: Iterable[LedgerEntry], created_at: str) -> None:
    for entry in entries:
        db.table("ledger").insert(
            {
                "record_id": record_id,
                "stage": entry.stage,
                "model_id": entry.model_id,
                "prompt_tokens": entry.prompt_tokens,
                "output_tokens": entry.output_tokens,
                "latency_s": entry.latency_s,
                "grammar_hash": entry.grammar_hash,
                "created_at": created_at,
            }
        )


def insert_attachment(db: Database, record_id: str, attachment: Attachment) -> None:
    db.table("attachments").insert(
        {
            "record_id": record_id,
            "sha256": attachment.sha256,
            "name": attachment.name,
            "size": attachment.size,
            "mime": attachment.mime,
            "path": attachment.path,
            "added_revision": attachment.revision,
            "added_at": attachment.added_at,
        }
    )


def remove_attachment(db: Database, record_id: str, sha256: str, revision: int, stamp: str) -> None:
    db.execute(
        "UPDATE attachments SET removed_revision = ?, removed_at = ?"
        " WHERE record_id = ? AND sha256 = ? AND removed_revision IS NULL",
        [revision, stamp, record_id, sha256],
    )


# --- reads ------------------------------------------------------------------------------------------------------------


def record_row(db: Database, record_id: str) -> dict[str, Any] | None:
    rows = list(db.table("records").rows_where("id = ?", [record_id], limit=1))
    return rows[0] if rows else None


def ids_with_prefix(db: Database, prefix: str, limit: int) -> list[str]:
    # GLOB is case-sensitive and so can use the primary key index; `prefix` is already checked to be base32 only,
    # so it holds no GLOB metacharacters.
    return [row["id"] for row in db.table("records").rows_where("id GLOB ?", [prefix + "*"], select="id", limit=limit)]


def revision_rows(db: Database, record_id: str) -> list[Revision]:
    return [
        Revision(
            record_id=row["record_id"],
            revision=row["revision"],
            created_at=row["created_at"],
            intent=row["intent"],
            fields=_loads(row["fields"]),
            status=row["status"],
            reason=row["reason"],
            error=row["error"],
            transcript=row["transcript"],
        )
        for row in db.table("revisions").rows_where("record_id = ?", [record_id], order_by="revision")
    ]


def ids_for_audio(db: Database, sha256: str) -> list[str]:
    return [
        row["record_id"]
        for row in db.table("audio").rows_where("sha256 = ?", [sha256], select="record_id", order_by="record_id")
    ]


def attachment(row: dict[str, Any]) -> Attachment:
    return Attachment(sha256=row["sha256"], name=row["name"], size=row["size"], mime=row["mime"], path=row["path"],
                      revision=row["added_revision"], added_at=row["added_at"])


def attachment_rows(
    db: Database, record_ids: Sequence[str], *, current: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """Attachment rows per record id, in the order they were attached: those attached now, or (`current=False`)
    every one ever attached, for a past revision's view."""
    found: dict[str, list[dict[str, Any]]] = {record_id: [] for record_id in record_ids}
    for chunk in _chunks(record_ids):
        where = "record_id IN ({})".format(", ".join("?" * len(chunk)))
        if current:
            where += " AND removed_revision IS NULL"
        for row in db.table("attachments").rows_where(where, chunk, order_by="id"):
            found[row["record_id"]].append(row)
    return found


def attached_at(rows: Iterable[dict[str, Any]], revision: int) -> tuple[Attachment, ...]:
    """Which of a record's attachment rows it held at `revision`."""
    return tuple(
        attachment(row) for row in rows
        if row["added_revision"] <= revision and (row["removed_revision"] is None or row["removed_revision"] > revision)
    )


def hydrate(db: Database, rows: Sequence[dict[str, Any]]) -> list[StoredRecord]:
    """Turn `records` rows into `StoredRecord`s with their audio, provenance, ledger and attachments, in a few
    batched queries."""
    ids = [row["id"] for row in rows]
    attachments = attachment_rows(db, ids)
    audio: dict[str, AudioRef] = {}
    provenance: dict[str, Provenance] = {}
    ledger: dict[str, list[LedgerEntry]] = {record_id: [] for record_id in ids}
    for chunk in _chunks(ids):
        where = "record_id IN ({})".format(", ".join("?" * len(chunk)))
        for row in db.table("audio").rows_where(where, chunk):
            audio[row["record_id"]] = AudioRef(
                path=row["path"], sha256=row["sha256"], duration_s=row["duration_s"], retention=row["retention"]
            )
        for row in db.table("provenance").rows_where(where, chunk):
            provenance[row["record_id"]] = Provenance(
                asr_model=row["asr_model"],
                llm_model=row["llm_model"],
                prompt_hash=row["prompt_hash"],
                grammar_hash=row["grammar_hash"],
                timings=json.loads(row["timings"]),
            )
        for row in db.table("ledger").rows_where(where, chunk, order_by="id"):
            ledger[row["record_id"]].append(
                LedgerEntry(
                    stage=row["stage"],
                    model_id=row["model_id"],
                    prompt_tokens=row["prompt_tokens"],
                    output_tokens=row["output_tokens"],
                    latency_s=row["latency_s"],
                    grammar_hash=row["grammar_hash"],
                    created_at=row["created_at"],
                )
            )
    return [
        StoredRecord(
            id=row["id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            intent=row["intent"],
            fields=_loads(row["fields"]),
            lang=row["lang"],
            transcript=row["transcript"],
            status=row["status"],
            source=row["source"],
            error=row["error"],
            revision=row["revision"],
            stage=row["stage"],
            audio=audio.get(row["id"]),
            provenance=provenance.get(row["id"]),
            ledger=ledger[row["id"]],
            done_at=row["done_at"],
            heard=row["heard"],
            attachments=tuple(attachment(found) for found in attachments[row["id"]]),
        )
        for row in rows
    ]


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])
