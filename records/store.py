"""The local record store: one SQLite file, opened by the app, the CLI and the inbox watcher alike.

The store validates what it is given, runs every change in one write transaction, and turns SQLite's errors into
`StoreError`s a person can act on. It never calls a model and never imports the parser: a record is a dict here.
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from . import dao, ids
from .entities import RETENTIONS, SOURCES, STAGES, STATUSES, AudioRef, LedgerEntry, Provenance, Revision, StoredRecord
from .errors import AmbiguousRecordId, RecordNotFound, StoreError, StoreLocked
from .schema import LATEST_VERSION, migrate
from .search import fields_text, parse_query

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_S = 5.0
DEFAULT_LIMIT = 50

Clock = Callable[[], datetime]
TimeBound = datetime | date | str


def _utc_now() -> datetime:
    return datetime.now(UTC)


def stored_time(moment: datetime) -> str:
    """A time as the store keeps it, for SQL that compares against stored times."""
    # One fixed format for every stored time, so that string comparison in SQL is time comparison.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _is_locked(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        # SQLITE_BUSY / SQLITE_LOCKED, extended codes included.
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    message = str(error).lower()
    return "locked" in message or "busy" in message


class Store:
    """Records on disk. Open with `Store.open(path)`; use as a context manager or call `close()`.

    One `Store` may be shared between threads (calls are serialised); several processes may open the same file (WAL
    lets readers run alongside one writer; a writer waits up to the busy timeout, then gets `StoreLocked`).
    """

    def __init__(self, db: Database, path: Path, *, busy_timeout_s: float, clock: Clock) -> None:
        self._db = db
        self._path = path
        self._busy_timeout_s = busy_timeout_s
        self._clock = clock
        self._lock = threading.RLock()

    # --- opening and closing --------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        clock: Clock | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open (creating if needed) the store at `path` and bring its schema up to date.

        `clock` returns the current aware datetime; tests pin it, everyone else leaves it alone. `read_only`: for
        commands that only read; it works in a folder that cannot be written, and every write raises StoreError.
        """
        path = Path(path)
        if read_only:
            store = cls._open_read_only(path, busy_timeout_s=busy_timeout_s, clock=clock)
            if store is not None:
                return store
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"could not create {path.parent}: {error.strerror or error}") from error
        # `timeout` is SQLite's busy timeout: how long a statement waits for another connection's lock.
        # check_same_thread=False because the tray app files records from a worker thread; our RLock serialises use.
        conn = sqlite3.connect(str(path), timeout=busy_timeout_s, check_same_thread=False)
        try:
            db = Database(conn, execute_plugins=False)
            # Per-connection setting, off by default in SQLite: without it the FOREIGN KEY clauses are decoration.
            db.execute("PRAGMA foreign_keys = ON")
            # Readers (a `saydo records list` while the app files a record) never wait for the writer.
            db.enable_wal()
            migrate(db)
        except sqlite3.OperationalError as error:
            conn.close()
            if _is_locked(error):
                raise StoreLocked(
                    f"{path} is locked by another program (still busy after {busy_timeout_s:g}s), so it could not be "
                    "opened; close other saydo windows or commands and try again"
                ) from error
            raise StoreError(f"could not open {path}: {error}") from error
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(f"could not open {path}: {error} (is it a saydo database?)") from error
        except BaseException:
            conn.close()
            raise
        log.debug("opened record store %s", path)
        return cls(db, path, busy_timeout_s=busy_timeout_s, clock=clock or _utc_now)

    @classmethod
    def _open_read_only(cls, path: Path, *, busy_timeout_s: float, clock: Clock | None) -> Store | None:
        """The store opened for reading only, or None when its schema is older and must be migrated first."""
        if not path.is_file():
            raise StoreError(f"could not open {path}: no such file")
        uri = path.resolve().as_uri()
        conn: sqlite3.Connection | None = None
        try:
            try:
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout_s, check_same_thread=False)
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            except sqlite3.OperationalError:
                # A WAL store in a folder that cannot be written: SQLite cannot make its shared-memory file there,
                # and nothing can write the store through that folder either, so reading it as immutable is safe.
                if conn is not None:
                    conn.close()
                conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=busy_timeout_s,
                                       check_same_thread=False)
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            db = Database(conn, execute_plugins=False)
            if version > LATEST_VERSION:
                migrate(db)  # refuses a store newer than this saydo, with the message it gives everywhere
        except BaseException as error:
            if conn is not None:
                conn.close()
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(f"could not open {path}: {error}") from error
            raise
        if version < LATEST_VERSION:
            conn.close()
            return None
        log.debug("opened record store %s read-only", path)
        return cls(db, path, busy_timeout_s=busy_timeout_s, clock=clock or _utc_now)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def db(self) -> Database:
        """The underlying sqlite-utils Database, for ad-hoc reads (`saydo records export`, debugging). Write through
        the Store's methods so revisions and the search index stay right."""
        return self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------------------------------

    def _locked_error(self, error: sqlite3.Error, *, writing: bool) -> StoreLocked:
        consequence = "nothing was written" if writing else "nothing could be read"
        log.warning("record store %s locked past %gs: %s", self._path, self._busy_timeout_s, error)
        return StoreLocked(
            f"{self._path} is locked by another program (still busy after {self._busy_timeout_s:g}s); "
            f"{consequence}. Close other saydo windows or commands, or try again in a moment"
        )

    @contextmanager
    def transaction(self, action: str) -> Iterator[Database]:
        """One write transaction: everything inside is committed together or not at all. `action` finishes the
        message of the `StoreError` a failure raises ("could not <action>"). For modules that keep their own
        tables in the store (the outbox, the client book); records change through the methods below."""
        with self._lock:
            try:
                # IMMEDIATE takes the write lock up front, where the busy timeout applies; a deferred transaction
                # that reads first and upgrades later can fail at once with SQLITE_BUSY instead of waiting.
                self._db.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if _is_locked(error):
                    raise self._locked_error(error, writing=True) from error
                raise StoreError(f"could not {action}: {error}") from error
            try:
                yield self._db
                self._db.conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._db.rollback()
                if isinstance(error, sqlite3.OperationalError) and _is_locked(error):
                    raise self._locked_error(error, writing=True) from error
                raise StoreError(f"could not {action}: {error}; nothing was written") from error
            except BaseException:
                self._db.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Database]:
        """A read transaction, so a record and its audio, provenance and ledger come from one snapshot."""
        with self._lock:
            try:
                self._db.conn.execute("BEGIN")
                yield self._db
            except sqlite3.Error as error:
                if isinstance(error, sqlite3.OperationalError) and _is_locked(error):
                    raise self._locked_error(error, writing=False) from error
                raise StoreError(f"could not read {self._path}: {error}") from error
            finally:
                self._db.rollback()

    def now(self) -> datetime:
        """The store's clock (pinned in tests), for policies that compare against stored times."""
        return self._now()

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise StoreError("the store's clock must return an aware datetime")
        return now

    # --- writing --------------------------------------------------------------------------------------------------

    def add(
        self,
        record: Mapping[str, Any] | None,
        *,
        transcript: str,
        lang: str | None,
        source: str,
        status: str = "draft",
        audio: AudioRef | None = None,
        provenance: Provenance | None = None,
        ledger: Sequence[LedgerEntry] = (),
        error: str | None = None,
        stage: str = "done",
    ) -> str:
        """File a record (or, with `record=None`, a draft whose transcript could not be parsed; say why in `error`).

        Record, first revision, audio, provenance and ledger are written in one transaction. Returns the new id.
        `stage` below "done" files audio that the pipeline has not finished with yet (see `advance`).
        """
        intent, fields = _split_record(record, allow_none=True)
        _check_choice("status", status, STATUSES)
        _check_choice("stage", stage, STAGES)
        _check_choice("source", source, SOURCES)
        if not isinstance(transcript, str):
            raise StoreError(f"transcript must be text, got {type(transcript).__name__}")
        if status == "confirmed" and intent is None:
            raise StoreError("a draft with no parsed record cannot be filed as confirmed")
        if audio is not None and audio.retention is not None:
            _check_choice("audio retention", audio.retention, RETENTIONS)
        # Serialise before touching the database: a payload that is not JSON fails here with a clear message.
        fields_json = _dumps(fields, "the record's fields") if fields is not None else None
        timings_json = _dumps(dict(provenance.timings), "provenance timings") if provenance is not None else None

        now = self._now()
        stamp = stored_time(now)
        record_id = ids.new_id(now)
        with self.transaction("file the record") as db:
            dao.insert_record(
                db,
                {
                    "id": record_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "intent": intent,
                    "fields": fields_json,
                    "fields_text": fields_text(fields),
                    "lang": lang,
                    "transcript": transcript,
                    "status": status,
                    "source": source,
                    "error": error,
                    "revision": 1,
                    "stage": stage,
                },
            )
            dao.insert_revision(
                db,
                {
                    "record_id": record_id,
                    "revision": 1,
                    "created_at": stamp,
                    "intent": intent,
                    "fields": fields_json,
                    "status": status,
                    "reason": "created",
                    "error": error,
                    "transcript": transcript,
                },
            )
            if audio is not None:
                dao.insert_audio(db, record_id, audio)
            if provenance is not None and timings_json is not None:
                dao.upsert_provenance(db, record_id, provenance, timings_json)
            dao.insert_ledger(db, record_id, ledger, stamp)
        log.info("filed %s record %s from %s", intent or "unparsed", record_id, source)
        return record_id

    def confirm(self, record_id: str, *, skip_names: Collection[str] = ()) -> int:
        """Mark a record confirmed (also undoes a discard). Returns its revision; confirming twice changes nothing.
        Its names teach the client book, except `skip_names` (those the person chose to keep out of it)."""
        return self._set_status(record_id, "confirmed", skip_names)

    def discard(self, record_id: str) -> int:
        """Mark a record discarded. It stays in the store and its history; discarding twice changes nothing."""
        return self._set_status(record_id, "discarded")

    def back_to_draft(self, record_id: str) -> int:
        """Undo a confirm or a discard: the record is a draft again, in a new revision (reason "draft"). Its sinks
        learn of it at the next delivery, which withdraws what they had. Names already taught to the client book stay
        there. Returns the revision; a draft stays as it is."""
        return self._set_status(record_id, "draft")

    def _set_status(self, ref: str, status: str, skip_names: Collection[str] = ()) -> int:
        with self.transaction(f"mark the record {status}") as db:
            row = self._resolve(db, ref)
            if row["status"] == status:
                return int(row["revision"])
            if status == "confirmed" and row["intent"] is None:
                raise StoreError(
                    f"record {row['id']} has no parsed record yet ({row['error'] or 'no reason recorded'}); "
                    "edit it before confirming"
                )
            stamp = stored_time(self._now())
            revision = self._new_revision(db, row, status, {"status": status}, stamp)
            if status == "confirmed":
                # Filed records teach the client book, in this transaction: once per confirmation, never half.
                from .clients import learn  # here, not at the top: the clients module builds on this one

                learn(db, row["intent"], row["fields"], stamp, skip_names)
        log.info("record %s %s (revision %d)", row["id"], status, revision)
        return revision

    def revise(
        self,
        record_id: str,
        record: Mapping[str, Any],
        reason: str,
        *,
        provenance: Provenance | None = None,
        ledger: Sequence[LedgerEntry] = (),
        transcript: str | None = None,
        lang: str | None = None,
        heard: str | None = None,
    ) -> int:
        """Replace a record's intent and fields with a new revision; earlier revisions stay. Returns the new number.

        The status is kept (editing a confirmed record leaves it confirmed). A parse error recorded on a draft is
        cleared, since the record now exists; the revision that carried it keeps it. `provenance` (replacing the
        old), `ledger` and a new `transcript` are for a replay that re-ran the models; the old transcript stays in
        the earlier revision. The record's pipeline stage becomes "done".
        """
        intent, fields = _split_record(record, allow_none=False)
        if not isinstance(reason, str) or not reason.strip():
            raise StoreError("a revision needs a reason (for example 'edited on the card')")
        if transcript is not None and not isinstance(transcript, str):
            raise StoreError(f"transcript must be text, got {type(transcript).__name__}")
        fields_json = _dumps(fields, "the record's fields")
        timings_json = _dumps(dict(provenance.timings), "provenance timings") if provenance is not None else None
        with self.transaction("revise the record") as db:
            row = self._resolve(db, record_id)
            stamp = stored_time(self._now())
            changes: dict[str, Any] = {
                "intent": intent,
                "fields": fields_json,
                "fields_text": fields_text(fields),
                "error": None,
                "stage": "done",
            }
            if transcript is not None:
                changes.update(transcript=transcript, lang=lang or row["lang"], heard=heard)
            revision = self._new_revision(db, row, reason.strip(), changes, stamp)
            if provenance is not None and timings_json is not None:
                dao.upsert_provenance(db, row["id"], provenance, timings_json)
            dao.insert_ledger(db, row["id"], ledger, stamp)
        log.info("record %s revised to revision %d: %s", row["id"], revision, reason.strip())
        return revision

    def mark_done(self, record_id: str, done: bool = True) -> int:
        """Mark a record done (`done=False`: open again) with a new revision, reason "done" or "reopened"; the
        record's status is kept. Returns its revision; marking it the way it already is changes nothing."""
        with self.transaction("mark the record done" if done else "reopen the record") as db:
            row = self._resolve(db, record_id)
            if (row["done_at"] is not None) == done:
                return int(row["revision"])
            if row["intent"] is None:
                raise StoreError(
                    f"record {row['id']} has no parsed record yet ({row['error'] or 'no reason recorded'}); "
                    "edit it before marking it done"
                )
            stamp = stored_time(self._now())
            reason = "done" if done else "reopened"
            revision = self._new_revision(db, row, reason, {"done_at": stamp if done else None}, stamp)
        log.info("record %s %s (revision %d)", row["id"], reason, revision)
        return revision

    def advance(
        self, record_id: str, stage: str, *, transcript: str | None = None, lang: str | None = None,
        error: str | None = None, provenance: Provenance | None = None, heard: str | None = None,
    ) -> int:
        """Move a draft along the pipeline without a parsed record: its transcript is known, or (with `error` and
        stage "done") parsing gave up. A new revision keeps the state; returns its number."""
        _check_choice("stage", stage, STAGES)
        if transcript is not None and not isinstance(transcript, str):
            raise StoreError(f"transcript must be text, got {type(transcript).__name__}")
        timings_json = _dumps(dict(provenance.timings), "provenance timings") if provenance is not None else None
        with self.transaction("record the transcript") as db:
            row = self._resolve(db, record_id)
            text = row["transcript"] if transcript is None else transcript
            revision = self._new_revision(
                db, row, "transcribed" if error is None else "not understood",
                {"transcript": text, "lang": lang or row["lang"], "error": error, "stage": stage,
                 "heard": heard if transcript is not None else row["heard"]}, stored_time(self._now()))
            if provenance is not None and timings_json is not None:
                dao.upsert_provenance(db, row["id"], provenance, timings_json)
        return revision

    @staticmethod
    def _new_revision(db: Database, row: dict[str, Any], reason: str, changes: dict[str, Any], stamp: str) -> int:
        """Apply `changes` to the record as its next revision; the revision row is the record as it now is.
        Returns the revision number. The caller holds the write transaction."""
        revision = int(row["revision"]) + 1
        dao.update_record(db, row["id"], {**changes, "revision": revision, "updated_at": stamp})
        after = {**row, **changes}
        dao.insert_revision(
            db,
            {
                "record_id": row["id"],
                "revision": revision,
                "created_at": stamp,
                "intent": after["intent"],
                "fields": after["fields"],
                "status": after["status"],
                "reason": reason,
                "error": after["error"],
                "transcript": after["transcript"],
            },
        )
        return revision

    def unfinished(self) -> builtins.list[StoredRecord]:
        """Records the pipeline did not finish (a crash, a killed process), oldest first: to be completed."""
        with self.reading() as db:
            rows = list(db.table("records").rows_where("stage != 'done'", order_by="created_at, id"))
            return dao.hydrate(db, rows)

    def mark_audio_deleted(self, record_id: str) -> None:
        """Note that the record's audio file was removed (retention "delete after filing"): path cleared, hash kept."""
        with self.transaction("update the audio reference") as db:
            row = self._resolve(db, record_id)
            if not list(db.table("audio").rows_where("record_id = ?", [row["id"]], select="record_id")):
                raise StoreError(f"record {row['id']} has no audio")
            db.table("audio").update(row["id"], {"path": None, "retention": "deleted"})

    def rebuild_search_index(self) -> None:
        """Rebuild the FTS index from the records table.

        The index is keyed on records' implicit rowid, which SQLite may renumber in a VACUUM run from outside saydo;
        this puts search right again.
        """
        with self.transaction("rebuild the search index") as db:
            db.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")

    # --- reading --------------------------------------------------------------------------------------------------

    def get(self, record_id: str) -> StoredRecord:
        """The record with this id, or with this unique id prefix (at least 6 characters)."""
        with self.reading() as db:
            row = self._resolve(db, record_id)
            return dao.hydrate(db, [row])[0]

    def revisions(self, record_id: str) -> builtins.list[Revision]:
        """The record's history, oldest first. The last entry matches the record as it is now."""
        with self.reading() as db:
            row = self._resolve(db, record_id)
            return dao.revision_rows(db, row["id"])

    def drafts(self, limit: int | None = None) -> builtins.list[StoredRecord]:
        """Records still waiting for a person, newest first; all of them unless `limit` is given."""
        return self._list(status="draft", intent=None, since=None, until=None, limit=limit)

    def known_names(self, limit: int = 40) -> builtins.list[str]:
        """The client book's most relevant names, then clients, contacts, attendees and assignees of confirmed
        records, the most often filed first: the words speech recognition should favour, since the user will say
        them again."""
        from .clients import ClientBook, unique_names  # here, not at the top: the clients module builds on this one

        book = ClientBook(self).names_for_hotwords(limit)
        sql = """
            SELECT name, COUNT(*) AS uses, MAX(created_at) AS latest FROM (
                SELECT json_extract(fields, '$.client') AS name, created_at FROM records WHERE status = 'confirmed'
                UNION ALL
                SELECT json_extract(fields, '$.assignee'), created_at FROM records WHERE status = 'confirmed'
                UNION ALL
                SELECT j.value, created_at FROM records, json_each(records.fields, '$.contacts') AS j
                    WHERE status = 'confirmed'
                UNION ALL
                SELECT j.value, created_at FROM records, json_each(records.fields, '$.attendees') AS j
                    WHERE status = 'confirmed'
            ) WHERE name IS NOT NULL AND trim(name) != ''
            GROUP BY name ORDER BY uses DESC, latest DESC LIMIT ?
        """
        with self.reading() as db:
            filed = [row[0] for row in db.execute(sql, [int(limit)]).fetchall()]
        return unique_names([*book, *filed])[:limit]

    def ids_for_audio(self, sha256: str) -> builtins.list[str]:
        """Ids of records filed from audio with this hash, so the inbox does not file the same file twice."""
        with self.reading() as db:
            return dao.ids_for_audio(db, sha256)

    def search(
        self, text: str, limit: int | None = DEFAULT_LIMIT, *, status: str | None = None
    ) -> builtins.list[StoredRecord]:
        """Records whose transcript or field text contains every whitespace-separated term of `text`.

        Matching is substring and case-insensitive (for ASCII letters), in any script. Best matches first.
        """
        query = parse_query(text)
        if query.empty:
            return []
        if status is not None:
            _check_choice("status", status, STATUSES)
        _check_limit(limit)
        clauses: list[str] = []
        params: dict[str, Any] = {}
        sql = "SELECT records.* FROM records"
        order = "records.created_at DESC, records.id DESC"
        if query.match is not None:
            sql += " JOIN records_fts ON records_fts.rowid = records.rowid"
            clauses.append("records_fts MATCH :match")
            params["match"] = query.match
            order = "records_fts.rank, " + order
        for n, pattern in enumerate(query.like_patterns):
            clauses.append(
                f"(records.transcript LIKE :like{n} ESCAPE '\\' OR records.fields_text LIKE :like{n} ESCAPE '\\')"
            )
            params[f"like{n}"] = pattern
        if status is not None:
            clauses.append("records.status = :status")
            params["status"] = status
        sql += " WHERE " + " AND ".join(clauses) + " ORDER BY " + order
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.reading() as db:
            rows = list(db.query(sql, params))
            return dao.hydrate(db, rows)

    @property
    def schema_version(self) -> int:
        with self.reading() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    def _resolve(self, db: Database, ref: str) -> dict[str, Any]:
        """The records row for an id or a unique id prefix."""
        if not isinstance(ref, str):
            raise RecordNotFound(f"not a record id: {ref!r}")
        normalized = ids.normalize(ref)
        if normalized is None:
            raise RecordNotFound(f"no record {ref!r}: record ids are 26 letters and digits, like 01J9ZK3V8Q…")
        if len(normalized) == ids.ID_LENGTH:
            row = dao.record_row(db, normalized)
            if row is None:
                raise RecordNotFound(f"no record {ref!r}")
            return row
        if len(normalized) < ids.MIN_PREFIX_LENGTH:
            raise RecordNotFound(
                f"no record {ref!r}: give the full id or at least {ids.MIN_PREFIX_LENGTH} characters of it"
            )
        matches = dao.ids_with_prefix(db, normalized, limit=5)
        if not matches:
            raise RecordNotFound(f"no record {ref!r}")
        if len(matches) > 1:
            raise AmbiguousRecordId(ref, matches)
        row = dao.record_row(db, matches[0])
        assert row is not None  # same read/write transaction as the prefix lookup
        return row

    # Annotations in this class say `builtins.list` because the `list` method shadows the builtin in class scope.
    def list(
        self,
        status: str | None = None,
        intent: str | None = None,
        since: TimeBound | None = None,
        until: TimeBound | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> builtins.list[StoredRecord]:
        """Records newest first, filtered by status, intent and creation time.

        `since` is inclusive and `until` exclusive. Each is an aware datetime, a naive datetime or a date (read in
        the machine's local timezone, as the user means them: a date is local midnight), or an ISO string of either.
        """
        return self._list(status=status, intent=intent, since=since, until=until, limit=limit)

    def _list(
        self,
        *,
        status: str | None,
        intent: str | None,
        since: TimeBound | None,
        until: TimeBound | None,
        limit: int | None,
    ) -> builtins.list[StoredRecord]:
        _check_limit(limit)
        clauses: builtins.list[str] = []
        params: dict[str, Any] = {}
        if status is not None:
            _check_choice("status", status, STATUSES)
            clauses.append("status = :status")
            params["status"] = status
        if intent is not None:
            clauses.append("intent = :intent")
            params["intent"] = intent
        if since is not None:
            clauses.append("created_at >= :since")
            params["since"] = _bound(since, "since")
        if until is not None:
            clauses.append("created_at < :until")
            params["until"] = _bound(until, "until")
        with self.reading() as db:
            rows = list(
                db.table("records").rows_where(
                    " AND ".join(clauses) or None,
                    params,
                    order_by="created_at DESC, id DESC",
                    limit=limit,
                )
            )
            return dao.hydrate(db, rows)


# --- validation helpers -------------------------------------------------------------------------------------------


def _split_record(record: Mapping[str, Any] | None, *, allow_none: bool) -> tuple[str | None, dict[str, Any] | None]:
    if record is None:
        if allow_none:
            return None, None
        raise StoreError("a revision needs a record, {'intent': ..., 'fields': {...}}")
    if not isinstance(record, Mapping):
        raise StoreError(f"a record is a dict {{'intent': ..., 'fields': {{...}}}}, got {type(record).__name__}")
    if "query" in record:
        raise StoreError("a query is answered from the store, never filed")
    extra = set(record) - {"intent", "fields"}
    if extra:
        raise StoreError(f"a record has only 'intent' and 'fields'; unexpected {sorted(extra)}")
    intent = record.get("intent")
    fields = record.get("fields")
    if not isinstance(intent, str) or not intent:
        raise StoreError(f"a record needs an intent name, got {intent!r}")
    if not isinstance(fields, Mapping):
        raise StoreError(f"a record's fields must be a dict, got {type(fields).__name__}")
    return intent, dict(fields)


def _dumps(value: Any, what: str) -> str:
    try:
        return dao.dumps(value)
    except (TypeError, ValueError) as error:
        raise StoreError(f"{what} cannot be stored as JSON: {error}") from error


def _check_choice(what: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise StoreError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")


def _check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise StoreError(f"limit must be a positive integer or None, got {limit!r}")


def _bound(value: TimeBound, name: str) -> str:
    """A time bound in the stored format. Naive times and plain dates are local time, as the user said them."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as error:
            raise StoreError(f"{name} must be an ISO date or date-time, got {value!r}") from error
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        raise StoreError(f"{name} must be a datetime, date or ISO string, got {type(value).__name__}")
    # astimezone() on a naive datetime assumes the machine's local timezone, which is what a spoken "this week" means.
    return stored_time(moment.astimezone())
