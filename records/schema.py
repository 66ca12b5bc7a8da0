"""Versioned schema migrations, tracked in SQLite's `PRAGMA user_version`.

Each migration runs in its own write transaction together with the bump of user_version, so a crash mid-migration
leaves the database at the previous version and the next open simply runs it again. Never edit a migration that has
shipped: add a new one at the end.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from .errors import StoreError
from .search import fields_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]


def _v1_core_tables(db: Database) -> None:
    db.table("records").create(
        {
            "id": str,
            "created_at": str,
            "updated_at": str,
            "intent": str,
            "fields": str,  # JSON object, or NULL for a draft that could not be parsed
            "lang": str,
            "transcript": str,
            "status": str,
            "source": str,
            "error": str,  # why a draft could not be parsed
            "revision": int,  # the current revision number (see `revisions`)
        },
        pk="id",
        # A non-INTEGER primary key column accepts NULL in SQLite unless told otherwise.
        not_null=["id", "created_at", "updated_at", "transcript", "status", "source", "revision"],
    )
    # `list()` filters by status or intent and always sorts by time.
    db.table("records").create_index(["created_at"])
    db.table("records").create_index(["status", "created_at"])
    db.table("records").create_index(["intent", "created_at"])

    db.table("revisions").create(
        {
            "record_id": str,
            "revision": int,
            "created_at": str,
            "intent": str,
            "fields": str,
            "status": str,
            "reason": str,
            "error": str,
        },
        pk=("record_id", "revision"),
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "revision", "created_at", "status", "reason"],
    )
    # History is evidence ("nothing is lost"): enforce append-only in the database, not only in this package.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER revisions_append_only_{event.lower()} BEFORE {event} ON revisions "
            "BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END"
        )

    db.table("audio").create(
        {"record_id": str, "path": str, "sha256": str, "duration_s": float, "retention": str},
        pk="record_id",
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "sha256", "retention"],
    )
    # The inbox asks "was this file filed already?" by hash.
    db.table("audio").create_index(["sha256"])

    db.table("provenance").create(
        {
            "record_id": str,
            "asr_model": str,
            "llm_model": str,
            "prompt_hash": str,
            "grammar_hash": str,
            "timings": str,  # JSON object {stage: seconds}
        },
        pk="record_id",
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "timings"],
        defaults={"timings": "{}"},
    )

    db.table("ledger").create(
        {
            "id": int,
            "record_id": str,
            "stage": str,
            "model_id": str,
            "prompt_tokens": int,
            "output_tokens": int,
            "latency_s": float,
            "grammar_hash": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "stage", "model_id", "prompt_tokens", "output_tokens", "latency_s", "created_at"],
    )
    db.table("ledger").create_index(["record_id"])


def _v2_full_text_search(db: Database) -> None:
    # The index needs the fields as plain text (values only); JSON keys and punctuation would make every record match
    # "client" or '":'. The store keeps this column in step with `fields`; here we fill it for existing rows.
    db.table("records").add_column("fields_text", str, not_null_default="")
    for row in db.query("SELECT id, fields FROM records WHERE fields IS NOT NULL"):
        db.execute(
            "UPDATE records SET fields_text = ? WHERE id = ?",
            [fields_text(json.loads(row["fields"])), row["id"]],
        )
    # External-content FTS5 keyed on records.rowid, kept in sync by sqlite-utils' insert/update/delete triggers.
    db.table("records").enable_fts(["transcript", "fields_text"], create_triggers=True, tokenize="trigram")


def _pipeline_stage_and_transcript_history(db: Database) -> None:
    # A record is filed the moment its audio arrives, before any model runs, so a crash at any later stage leaves a
    # draft with its audio; `stage` says how far the pipeline got ("received", "transcribed", "done") so the next
    # start can finish it. Rows from before this migration were filed complete.
    db.table("records").add_column("stage", str, not_null_default="done")
    db.table("records").create_index(["stage"])
    # Each revision now keeps the transcript it was made from, so a replay with newer models (a new transcript)
    # never loses the old one. NULL on older revisions: their transcript is the record's.
    db.table("revisions").add_column("transcript", str)


def _outbox(db: Database) -> None:
    # One row per (record, sink): a newer revision replaces the row, so an undelivered older revision can never be
    # sent after a newer one. `records.outbox` owns what every column means.
    db.table("outbox").create(
        {
            "record_id": str,
            "sink": str,
            "revision": int,
            "action": str,  # upsert | delete
            "state": str,  # pending | delivered | dead
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "enqueued_at": str,
            "delivered_at": str,
        },
        pk=("record_id", "sink"),
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "sink", "revision", "action", "state", "attempts", "next_attempt_at", "enqueued_at"],
        defaults={"attempts": 0},
    )
    # The deliverer's one question: what is due now, per sink.
    db.table("outbox").create_index(["sink", "state", "next_attempt_at"])


def _done_at(db: Database) -> None:
    # When a task or reminder was marked done (UTC, as every stored time); NULL while it is open. The revision that
    # marked it ("done" / "reopened") is the history; this column is what the scheduler and the digest ask.
    db.table("records").add_column("done_at", str)


def _heard_transcript(db: Database) -> None:
    # NULL when nothing was corrected; else the words as Whisper wrote them, while `transcript` holds them with the
    # client book's spellings. Both kept, so a wrong correction can be seen and undone.
    db.table("records").add_column("heard", str)


def _client_book(db: Database) -> None:
    # The user's client book (DESIGN.md, "Stored around it"): the names speech recognition should favour and the
    # transcript is corrected against. `records.clients` owns what every column means.
    db.table("clients").create(
        {
            "id": int,
            "name": str,
            "aliases": str,  # JSON list of other spellings ("华为" for "华为技术有限公司")
            "created_at": str,
            "updated_at": str,  # when the name, aliases (or a person's title, company) last changed
            "last_used_at": str,  # when a confirmed record last named it; NULL until one does
            "uses": int,  # how many confirmed records named it
        },
        pk="id",
        not_null=["name", "aliases", "created_at", "updated_at", "uses"],
        defaults={"aliases": "[]", "uses": 0},
    )
    # "Acme" and "ACME" are one client; NOCASE folds ASCII only, which leaves Chinese names exact.
    db.execute("CREATE UNIQUE INDEX clients_name ON clients(name COLLATE NOCASE)")

    db.table("people").create(
        {
            "id": int,
            "name": str,
            "title": str,
            "client_id": int,  # their company, NULL when none is known (a meeting attendee, an assignee)
            "aliases": str,
            "created_at": str,
            "updated_at": str,
            "last_used_at": str,
            "uses": int,
        },
        pk="id",
        foreign_keys=[("client_id", "clients", "id")],
        not_null=["name", "aliases", "created_at", "updated_at", "uses"],
        defaults={"aliases": "[]", "uses": 0},
    )
    # Two 张经理 at two companies are two people; one name at one company (or at none) is one person.
    db.execute("CREATE UNIQUE INDEX people_name_company ON people(name COLLATE NOCASE, ifnull(client_id, 0))")
    db.table("people").create_index(["client_id"])


def _attachments(db: Database) -> None:
    # Photos and files attached to records; `records.attachments` owns what every column means. A row is never
    # deleted: detaching sets `removed_revision`, so the record's history still says what it held at each revision
    # (and a delivery of revision R carries the attachments of R).
    db.table("attachments").create(
        {
            "id": int,
            "record_id": str,
            "sha256": str,  # of the content, which is stored once under this name whoever attaches it
            "name": str,
            "size": int,
            "mime": str,
            "path": str,  # where the bytes are; NULL when they are gone
            "added_revision": int,
            "added_at": str,
            "removed_revision": int,  # NULL while attached
            "removed_at": str,
        },
        pk="id",
        foreign_keys=[("record_id", "records", "id")],
        not_null=["record_id", "sha256", "name", "size", "mime", "added_revision", "added_at"],
    )
    db.table("attachments").create_index(["record_id"])
    db.table("attachments").create_index(["sha256"])
    # A record holds a file once, and each under its own name (the name of the file in a synced folder, which may
    # be a case-insensitive file system).
    db.execute("CREATE UNIQUE INDEX attachments_current_sha ON attachments(record_id, sha256)"
               " WHERE removed_revision IS NULL")
    db.execute("CREATE UNIQUE INDEX attachments_current_name ON attachments(record_id, name COLLATE NOCASE)"
               " WHERE removed_revision IS NULL")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables: records, revisions, audio, provenance, ledger", _v1_core_tables),
    Migration(2, "full-text search over transcript and field text (FTS5, trigram)", _v2_full_text_search),
    Migration(3, "pipeline stage per record; transcript per revision", _pipeline_stage_and_transcript_history),
    Migration(4, "outbox: delivery state per record and sink", _outbox),
    Migration(5, "done_at: when a task or reminder was marked done", _done_at),
    Migration(6, "client book: clients and people with aliases and use counts", _client_book),
    Migration(7, "the transcript as heard, beside the one corrected from the client book", _heard_transcript),
    Migration(8, "attachments: photos and files attached to records, by content hash", _attachments),
)
LATEST_VERSION = MIGRATIONS[-1].version
assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1)), "migrations must be numbered 1, 2, 3…"


def user_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, *, target: int | None = None) -> int:
    """Bring the schema up to `target` (default: the latest). Safe to call on every open. Returns the version reached.

    The caller owns the connection and must not have a transaction open.
    """
    target = LATEST_VERSION if target is None else target
    current = user_version(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"this database has schema version {current}, newer than this saydo understands ({LATEST_VERSION}); "
            "upgrade saydo to open it"
        )
    for migration in MIGRATIONS:
        if migration.version <= current or migration.version > target:
            continue
        # IMMEDIATE: take the write lock before looking, so two processes opening a fresh database do not both migrate.
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(db) >= migration.version:
                db.conn.execute("ROLLBACK")
                continue
            migration.apply(db)
            # PRAGMA does not take parameters; the version is our own integer.
            db.execute(f"PRAGMA user_version = {int(migration.version)}")
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
        log.info("records schema migrated to version %d (%s)", migration.version, migration.name)
        current = migration.version
    return user_version(db)
