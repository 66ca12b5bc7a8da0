"""The outbox: confirmed records on their way to the sinks, with at-least-once delivery.

One row per (record, sink) in the store's own SQLite file says which revision is due there, whether it is pending,
delivered or dead (given up on), how many attempts it took and why the last one failed. A newer revision replaces an
undelivered older one, so a sink only ever gets the latest and never an older revision after a newer one.

Delivery happens outside any database transaction (a slow receiver must not lock the store), and a delivery counts as
done only once it is marked so. A crash in between means the same delivery again, which is why every sink is
idempotent (`records.sinks.base`) except the chat robots, which post it again. So the mark is the very next step
after the receiver's answer, and a store that another program keeps busy is waited for rather than given up on.
Failures are retried with exponential backoff and jitter (the `outbox` settings: `backoff_s` doubling per attempt up
to `backoff_max_s`); after `max_attempts`, or at once for a delivery the receiver refuses outright (`SinkRejected`),
the row is dead until `retry`.

    outbox = Outbox(store, settings.outbox)
    store.confirm(record_id)  # or revise, or discard
    outbox.queue_changes(record_id, [s.name for s in settings.sinks if s.enabled])
    report = outbox.deliver_due(make_sinks(settings.sinks, settings.outbox.timeout_s))
"""

from __future__ import annotations

import builtins
import json
import logging
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one deliverer per store is then the caller's to ensure
    fcntl = None  # type: ignore[assignment]

from . import dao
from .entities import Attachment
from .errors import RecordNotFound, StoreError, StoreLocked
from .sinks.base import ACTIONS, Delivery, Sink, SinkError, SinkRejected
from .store import Store, stored_time

log = logging.getLogger(__name__)

STATES = ("pending", "delivered", "dead")
_BATCH = 200
# After this many failures in a row a sink is left alone until the next pass: a dead receiver with a thousand
# records queued must not cost a thousand timeouts, and the records keep their attempts for when it is back.
DEFAULT_PAUSE_AFTER = 3
# Tries at marking an accepted delivery while another program holds the store, each waiting out its busy timeout:
# giving up means sending it again, a second message in a chat.
MARK_TRIES = 4


@dataclass(frozen=True)
class OutboxItem:
    """Where one record stands with one sink."""

    record_id: str
    sink: str
    revision: int
    action: str
    state: str
    attempts: int
    next_attempt_at: str
    last_error: str | None
    enqueued_at: str
    delivered_at: str | None


@dataclass
class SinkTally:
    delivered: int = 0
    retrying: int = 0  # failed this pass, scheduled again
    dead: int = 0  # failed for the last time this pass
    paused: bool = False  # stopped early after repeated failures; the rest waits for the next pass
    last_error: str | None = None


@dataclass
class DeliveryReport:
    sinks: dict[str, SinkTally] = field(default_factory=dict)
    # Another process (or thread) was delivering from this store, so this pass sent nothing.
    busy: bool = False

    @property
    def delivered(self) -> int:
        return sum(t.delivered for t in self.sinks.values())

    @property
    def retrying(self) -> int:
        return sum(t.retrying for t in self.sinks.values())

    @property
    def dead(self) -> int:
        return sum(t.dead for t in self.sinks.values())


@dataclass(frozen=True)
class Attempt:
    """What became of one delivery attempt, for progress display: state is delivered, pending (retry) or dead."""

    item: OutboxItem
    state: str
    error: str | None


# A newer revision takes over the row whatever its state: it is a new delivery with fresh attempts.
_REQUEUE = (
    "revision = excluded.revision, action = excluded.action, state = 'pending', attempts = 0,"
    " next_attempt_at = excluded.next_attempt_at, enqueued_at = excluded.enqueued_at, last_error = NULL,"
    " delivered_at = NULL"
)


def enqueue_rows(db: Database, record_id: str, revision: int, action: str, sinks: Iterable[str], stamp: str) -> int:
    """Queue `revision` of a record for each sink, inside the caller's write transaction (so that the status change
    and its delivery commit together). Returns how many rows changed.

    An upsert replaces an older row for the sink in any state. A delete only goes where something may have arrived
    (a row exists); deleting what a sink never had is harmless, sending a record it should not have is not.
    """
    if action not in ACTIONS:
        raise StoreError(f"an outbox action is one of {', '.join(ACTIONS)}; got {action!r}")
    changed = 0
    for sink in sinks:
        if action == "upsert":
            cursor = db.execute(
                "INSERT INTO outbox (record_id, sink, revision, action, state, attempts, next_attempt_at, enqueued_at)"
                " VALUES (?, ?, ?, 'upsert', 'pending', 0, ?, ?)"
                " ON CONFLICT (record_id, sink) DO UPDATE SET " + _REQUEUE + " WHERE excluded.revision > revision",
                [record_id, sink, revision, stamp, stamp],
            )
        else:
            cursor = db.execute(
                "UPDATE outbox SET revision = ?, action = 'delete', state = 'pending', attempts = 0,"
                " next_attempt_at = ?, enqueued_at = ?, last_error = NULL, delivered_at = NULL"
                " WHERE record_id = ? AND sink = ? AND revision < ?",
                [revision, stamp, stamp, record_id, sink, revision],
            )
        changed += cursor.rowcount
    return changed


class Outbox:
    """Delivery state and the delivery loop for one store. `policy` is `app.settings.OutboxSettings` (or anything
    with max_attempts, backoff_s and backoff_max_s)."""

    def __init__(
        self,
        store: Store,
        policy: Any,
        *,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
        pause_after: int = DEFAULT_PAUSE_AFTER,
    ) -> None:
        self._store = store
        self._policy = policy
        self._clock = clock or (lambda: datetime.now(UTC))
        self._rng = rng or random.Random()
        self._pause_after = pause_after

    # --- queueing -------------------------------------------------------------------------------------------------

    def enqueue(self, record_id: str, action: str, sink_names: Iterable[str], now: datetime | None = None) -> int:
        """Queue the record's current revision for these sinks: "upsert" after confirm or an edit of a confirmed
        record, "delete" after discarding one. Returns how many sinks got something new to deliver."""
        return self._enqueue(record_id, action, sink_names, now)

    def queue_changes(self, record_id: str, sink_names: Iterable[str], now: datetime | None = None) -> int:
        """After any change to a record (confirm, edit, discard, undo): queue what it means for the sinks, an upsert
        for a confirmed record, a delete for one discarded after delivery, nothing for a draft."""
        return self._enqueue(record_id, None, sink_names, now)

    def _enqueue(self, record_id: str, action: str | None, sink_names: Iterable[str], now: datetime | None) -> int:
        names = list(sink_names)
        stamp = stored_time(now or self._clock())
        with self._store.transaction("queue the record for delivery") as db:
            row = db.execute("SELECT revision, status FROM records WHERE id = ?", [record_id]).fetchone()
            if row is None:
                raise RecordNotFound(f"no record {record_id!r}")
            revision, status = int(row[0]), row[1]
            if action is None:
                if status == "draft":
                    return 0
                action = "upsert" if status == "confirmed" else "delete"
            if action == "upsert" and status != "confirmed":
                raise StoreError(f"record {record_id} is {status}: only confirmed records are delivered")
            if action == "delete" and status == "confirmed":
                raise StoreError(f"record {record_id} is confirmed: discard it before deleting it downstream")
            return enqueue_rows(db, record_id, revision, action, names, stamp)

    def reconcile(self, sink_names: Iterable[str], now: datetime | None = None) -> int:
        """Queue whatever the records say is owed and the outbox does not have: confirmed records never queued for a
        sink (a sink added later gets every confirmed record) or queued at an older revision, and deletes for
        records discarded after delivery. Covers a crash between a status change and its `enqueue`.
        Returns how many rows changed."""
        stamp = stored_time(now or self._clock())
        changed = 0
        with self._store.transaction("queue records for delivery") as db:
            for sink in sink_names:
                changed += db.execute(
                    "INSERT INTO outbox (record_id, sink, revision, action, state, attempts, next_attempt_at,"
                    " enqueued_at)"
                    " SELECT r.id, :sink, r.revision, 'upsert', 'pending', 0, :now, :now FROM records AS r"
                    " LEFT JOIN outbox AS o ON o.record_id = r.id AND o.sink = :sink"
                    " WHERE r.status = 'confirmed' AND (o.record_id IS NULL OR o.revision < r.revision)"
                    " ON CONFLICT (record_id, sink) DO UPDATE SET " + _REQUEUE,
                    {"sink": sink, "now": stamp},
                ).rowcount
                changed += db.execute(
                    "UPDATE outbox SET revision = r.revision, action = 'delete', state = 'pending', attempts = 0,"
                    " next_attempt_at = :now, enqueued_at = :now, last_error = NULL, delivered_at = NULL"
                    " FROM records AS r WHERE r.id = outbox.record_id AND outbox.sink = :sink"
                    " AND r.status != 'confirmed' AND outbox.action = 'upsert' AND outbox.revision < r.revision",
                    {"sink": sink, "now": stamp},
                ).rowcount
        if changed:
            log.info("outbox: %d deliveries queued by catching up with the records", changed)
        return changed

    def retry(self, record_id: str, sink: str | None = None, now: datetime | None = None) -> int:
        """Give dead deliveries of a record (id or unique prefix) a fresh set of attempts, due now. Returns how many."""
        full_id = self._store.get(record_id).id
        stamp = stored_time(now or self._clock())
        sql = (
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL"
            " WHERE record_id = ? AND state = 'dead'"
        )
        params: list[Any] = [stamp, full_id]
        if sink is not None:
            sql += " AND sink = ?"
            params.append(sink)
        with self._store.transaction("retry the delivery") as db:
            count = db.execute(sql, params).rowcount
        log.info("outbox: %d dead deliveries of %s queued again", count, full_id)
        return count

    # --- reading --------------------------------------------------------------------------------------------------

    def items(
        self,
        record_id: str | None = None,
        *,
        state: str | None = None,
        sink: str | None = None,
        limit: int | None = None,
    ) -> builtins.list[OutboxItem]:
        """Delivery state per record and sink, most recently queued first."""
        clauses: list[str] = []
        params: list[Any] = []
        if record_id is not None:
            clauses.append("record_id = ?")
            params.append(self._store.get(record_id).id)
        if state is not None:
            if state not in STATES:
                raise StoreError(f"an outbox state is one of {', '.join(STATES)}; got {state!r}")
            clauses.append("state = ?")
            params.append(state)
        if sink is not None:
            clauses.append("sink = ?")
            params.append(sink)
        sql = "SELECT * FROM outbox"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY enqueued_at DESC, record_id DESC, sink"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._store.reading() as db:
            return [_item(row) for row in db.query(sql, params)]

    def due_count(self, sink_names: Iterable[str], now: datetime | None = None) -> int:
        names = list(sink_names)
        if not names:
            return 0
        stamp = stored_time(now or self._clock())
        marks = ", ".join("?" * len(names))
        with self._store.reading() as db:
            return int(
                db.execute(
                    f"SELECT count(*) FROM outbox WHERE sink IN ({marks}) AND state = 'pending'"
                    " AND next_attempt_at <= ?",
                    [*names, stamp],
                ).fetchone()[0]
            )

    # --- delivering -----------------------------------------------------------------------------------------------

    def deliver_due(
        self,
        sinks: Sequence[Sink],
        now: datetime | None = None,
        *,
        catch_up: bool = True,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> DeliveryReport:
        """Deliver everything due at `now` to these sinks, one sink after another. Rows for sinks not given wait.

        With `catch_up`, first `reconcile` with the records. A failed delivery is rescheduled past `now`, so one pass
        tries each due delivery at most once. Raises StoreLocked if the bookkeeping cannot be written (after
        `MARK_TRIES` busy timeouts for an accepted delivery); a delivery the sink accepted but that could not be marked
        is delivered again later, which the sinks absorb (a robot posts it twice). While
        another deliverer works on the same store, returns at once with `busy` set.
        """
        report = DeliveryReport({sink.name: SinkTally() for sink in sinks})
        with self._deliverer() as alone:
            if not alone:
                log.info("outbox: another saydo is delivering from %s; leaving it to that one", self._store.path)
                report.busy = True
                return report
            self._deliver(sinks, now or self._clock(), catch_up, on_attempt, report)
        return report

    @contextmanager
    def _deliverer(self) -> Iterator[bool]:
        """Whether this is the only deliverer for the store right now. Two deliverers (the app and `saydo sync`)
        would send the same rows twice and could let a stale read overtake a newer revision; an OS file lock next
        to the database keeps it to one, and goes away with the process if it dies."""
        if fcntl is None:
            yield True
            return
        lock_path = self._store.path.with_name(self._store.path.name + ".outbox.lock")
        with open(lock_path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _deliver(
        self,
        sinks: Sequence[Sink],
        now: datetime,
        catch_up: bool,
        on_attempt: Callable[[Attempt], None] | None,
        report: DeliveryReport,
    ) -> None:
        stamp = stored_time(now)
        if catch_up:
            self.reconcile([sink.name for sink in sinks], now)
        for sink in sinks:
            tally = report.sinks[sink.name]
            failures_in_row = 0
            while not tally.paused:
                batch = self._due(sink.name, stamp, _BATCH)
                if not batch:
                    break
                for item, delivery in batch:
                    error = _attempt(sink, delivery)
                    if error is None:
                        self._mark_delivered(item, stamp)
                        tally.delivered += 1
                        failures_in_row = 0
                        outcome = Attempt(item, "delivered", None)
                    else:
                        state = self._mark_failed(item, error, now)
                        if state == "dead":
                            tally.dead += 1
                        else:
                            tally.retrying += 1
                        tally.last_error = str(error)
                        failures_in_row += 1
                        outcome = Attempt(item, state, str(error))
                    if on_attempt is not None:
                        on_attempt(outcome)
                    if failures_in_row >= self._pause_after:
                        tally.paused = True
                        log.info("sink %s failed %d times in a row (%s); the rest waits for the next pass",
                                    sink.name, failures_in_row, error)
                        break

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failure: backoff_s doubling per attempt, capped, with ±20% jitter
        so that many records failing together do not all come back at the same instant."""
        base = float(self._policy.backoff_s) * 2 ** max(0, attempts - 1)
        return min(float(self._policy.backoff_max_s), base * self._rng.uniform(0.8, 1.2))

    def _due(self, sink: str, stamp: str, limit: int) -> builtins.list[tuple[OutboxItem, Delivery]]:
        with self._store.reading() as db:
            rows = list(
                db.query(
                    "SELECT o.*, v.intent AS v_intent, v.fields AS v_fields, v.status AS v_status,"
                    " v.created_at AS v_created_at, COALESCE(v.transcript, r.transcript) AS v_transcript,"
                    " r.lang AS r_lang, r.created_at AS r_created_at"
                    " FROM outbox AS o JOIN records AS r ON r.id = o.record_id"
                    " JOIN revisions AS v ON v.record_id = o.record_id AND v.revision = o.revision"
                    " WHERE o.sink = ? AND o.state = 'pending' AND o.next_attempt_at <= ?"
                    " ORDER BY o.next_attempt_at, o.record_id LIMIT ?",
                    [sink, stamp, limit],
                )
            )
            attachments = dao.attachment_rows(db, list({row["record_id"] for row in rows}), current=False)
        return [(_item(row), _delivery(row, dao.attached_at(attachments[row["record_id"]], int(row["revision"]))))
                for row in rows]

    def _mark_delivered(self, item: OutboxItem, stamp: str) -> None:
        for tries_left in reversed(range(MARK_TRIES)):
            try:
                with self._store.transaction("mark the record delivered") as db:
                    db.execute(
                        "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?,"
                        " last_error = NULL" + _SAME_DELIVERY,
                        [stamp, *_key(item)],
                    )
                return
            except StoreLocked:
                if not tries_left:
                    raise
                log.info("outbox: %s accepted %s r%d while the store is busy; marking it delivered again",
                            item.sink, item.record_id, item.revision)

    def _mark_failed(self, item: OutboxItem, error: SinkError, now: datetime) -> str:
        attempts = item.attempts + 1
        final = isinstance(error, SinkRejected) or attempts >= int(self._policy.max_attempts)
        state = "dead" if final else "pending"
        next_at = now if final else now + timedelta(seconds=self.backoff(attempts))
        with self._store.transaction("record the failed delivery") as db:
            db.execute(
                "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?" + _SAME_DELIVERY,
                [state, attempts, stored_time(next_at), str(error)[:1000], *_key(item)],
            )
        log.log(logging.WARNING if final else logging.INFO,
                "delivery of %s r%d to %s failed (attempt %d%s): %s", item.record_id, item.revision, item.sink,
                attempts, ", giving up" if final else "", error)
        return state


# Only touch the row if it is still the delivery that was attempted: an enqueue of a newer revision while the
# attempt ran replaced it, and that one is still owed.
_SAME_DELIVERY = " WHERE record_id = ? AND sink = ? AND revision = ? AND action = ? AND state = 'pending'"


def _key(item: OutboxItem) -> list[Any]:
    return [item.record_id, item.sink, item.revision, item.action]


def _attempt(sink: Sink, delivery: Delivery) -> SinkError | None:
    try:
        sink.deliver(delivery)
    except SinkError as error:
        return error
    except Exception as error:  # noqa: BLE001 - a bug in one sink must not stop delivery to the others
        log.exception("sink %s crashed delivering %s", sink.name, delivery.idempotency_key)
        return SinkError(f"sink {sink.name!r} failed unexpectedly: {type(error).__name__}: {error}")
    return None


def _item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem(
        record_id=row["record_id"],
        sink=row["sink"],
        revision=int(row["revision"]),
        action=row["action"],
        state=row["state"],
        attempts=int(row["attempts"]),
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        enqueued_at=row["enqueued_at"],
        delivered_at=row["delivered_at"],
    )


def _delivery(row: dict[str, Any], attachments: tuple[Attachment, ...]) -> Delivery:
    return Delivery(
        record_id=row["record_id"],
        revision=int(row["revision"]),
        action=row["action"],
        intent=row["v_intent"],
        fields=json.loads(row["v_fields"]) if row["v_fields"] is not None else None,
        transcript=row["v_transcript"],
        lang=row["r_lang"],
        status=row["v_status"],
        created_at=row["r_created_at"],
        updated_at=row["v_created_at"],
        attachments=attachments,
    )
