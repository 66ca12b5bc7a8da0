"""The outbox: at-least-once delivery that loses nothing and, with idempotent sinks, duplicates nothing.

Receivers are real: a webhook server on 127.0.0.1 that fails on demand, a folder on disk. Time is passed in as `now`
so that backoff is tested by moving the clock, never by sleeping.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from records import RecordNotFound, Store, StoreError, StoreLocked, schema
from records.outbox import Outbox
from records.sinks import Delivery, SinkConfig, SinkError, SinkRejected, make_sink, make_sinks
from records.sinks.folder import FolderConfig, FolderSink
from records.sinks.postgres import PostgresConfig
from records.sinks.robots import DingTalkConfig
from records.sinks.webhook import WebhookConfig, WebhookSink
from tests.servers import FlakyWebhookServer
from tests.servers.fixtures import T0, TASK, VISIT, file_confirmed, outbox, policy, webhook  # noqa: F401

HOUR = timedelta(hours=1)
OUTBOX_MIGRATION = next(m.version for m in schema.MIGRATIONS if m.apply.__name__ == "_outbox")


def hook_sink(server: FlakyWebhookServer, name: str = "hook", timeout_s: float = 2.0) -> WebhookSink:
    return WebhookSink(name, server.url, server.secret, timeout_s)


def drain(box: Outbox, sinks: list[Any], start: Any = T0, passes: int = 50) -> Any:
    """Run delivery passes an hour apart (past any backoff) until nothing is pending; returns the last `now`."""
    now = start
    for _ in range(passes):
        box.deliver_due(sinks, now)
        if not box.items(state="pending"):
            return now
        now += HOUR
    raise AssertionError(f"still pending after {passes} passes: {box.items(state='pending')}")


def test_confirmed_record_is_delivered_once_and_marked(
    store: Store, outbox: Outbox, webhook: FlakyWebhookServer
) -> None:
    record_id = file_confirmed(store)
    assert outbox.enqueue(record_id, "upsert", ["hook"], T0) == 1
    assert outbox.enqueue(record_id, "upsert", ["hook"], T0) == 0  # queueing the same revision twice is a no-op

    report = outbox.deliver_due([hook_sink(webhook)], T0)

    assert report.delivered == 1 and report.retrying == report.dead == 0
    [item] = outbox.items(record_id)
    assert (item.state, item.attempts, item.revision, item.action) == ("delivered", 1, 2, "upsert")
    assert webhook.bad_signatures == 0
    [body] = webhook.applied.values()
    assert body["id"] == record_id and body["fields"] == TASK["fields"] and body["status"] == "confirmed"
    assert outbox.deliver_due([hook_sink(webhook)], T0 + HOUR).delivered == 0
    assert webhook.requests == 1


def test_newer_revision_supersedes_an_undelivered_one(
    store: Store, outbox: Outbox, webhook: FlakyWebhookServer
) -> None:
    record_id = file_confirmed(store)
    outbox.enqueue(record_id, "upsert", ["hook"], T0)
    store.revise(record_id, VISIT, "edited on the card")
    outbox.enqueue(record_id, "upsert", ["hook"], T0)

    outbox.deliver_due([hook_sink(webhook)], T0)

    assert list(webhook.apply_counts) == [f"{record_id}:3:upsert"]
    assert webhook.records()[record_id]["intent"] == "visit_note"


def test_an_older_revision_never_replaces_a_queued_newer_one(store: Store, outbox: Outbox) -> None:
    from records.outbox import enqueue_rows

    record_id = file_confirmed(store)
    store.revise(record_id, VISIT, "edited")
    outbox.enqueue(record_id, "upsert", ["hook"], T0)
    with store.transaction("test") as db:
        assert enqueue_rows(db, record_id, 2, "upsert", ["hook"], "2026-01-01") == 0
    assert outbox.items(record_id)[0].revision == 3


def test_failures_back_off_then_dead_letter_then_retry(store: Store, webhook: FlakyWebhookServer) -> None:
    box = Outbox(store, policy(max_attempts=3, backoff_s=60, backoff_max_s=90))
    record_id = file_confirmed(store)
    sinks = [hook_sink(webhook)]
    webhook.mode = "error"

    assert box.deliver_due(sinks, T0).retrying == 1
    first = box.items(record_id)[0]
    assert first.state == "pending" and first.attempts == 1 and "HTTP 500" in (first.last_error or "")
    # Backoff: 60 s ±20% after the first failure; nothing is tried before then.
    assert box.deliver_due(sinks, T0 + timedelta(seconds=40)).retrying == 0
    assert webhook.requests == 1
    assert box.deliver_due(sinks, T0 + timedelta(seconds=75)).retrying == 1
    second = box.items(record_id)[0]
    # Doubled to 120 s, but capped at backoff_max_s.
    delay = (datetime.fromisoformat(second.next_attempt_at) - (T0 + timedelta(seconds=75))).total_seconds()
    assert 72 <= delay <= 90
    assert box.deliver_due(sinks, T0 + HOUR).dead == 1
    dead = box.items(state="dead")
    assert [(d.record_id, d.attempts) for d in dead] == [(record_id, 3)]
    assert box.deliver_due(sinks, T0 + 10 * HOUR).delivered == 0  # dead stays dead

    webhook.mode = "ok"
    assert box.retry(record_id[:8], now=T0 + 10 * HOUR) == 1  # the test clock, not the wall clock
    assert box.deliver_due(sinks, T0 + 10 * HOUR).delivered == 1
    assert webhook.duplicates == 0 and len(webhook.applied) == 1


def test_a_refused_delivery_is_dead_at_once(store: Store, outbox: Outbox, webhook: FlakyWebhookServer) -> None:
    record_id = file_confirmed(store)
    webhook.mode = "reject"
    report = outbox.deliver_due([hook_sink(webhook)], T0)
    assert report.dead == 1
    [item] = outbox.items(record_id)
    assert item.state == "dead" and item.attempts == 1 and "HTTP 400" in (item.last_error or "")


def test_a_wrong_secret_is_refused_and_kept(store: Store, outbox: Outbox, webhook: FlakyWebhookServer) -> None:
    record_id = file_confirmed(store)
    wrong = WebhookSink("hook", webhook.url, "not-the-secret", 2.0)
    assert outbox.deliver_due([wrong], T0).dead == 1
    assert webhook.bad_signatures == 1 and not webhook.applied
    assert "401" in (outbox.items(record_id)[0].last_error or "")


@pytest.mark.parametrize("mode", ["error", "drop", "hang"])
def test_receiver_that_fails_then_recovers_gets_everything_once(
    store: Store, outbox: Outbox, webhook: FlakyWebhookServer, mode: str
) -> None:
    ids = [file_confirmed(store, transcript=f"第{n}条") for n in range(5)]
    sinks = [hook_sink(webhook, timeout_s=0.5)]
    webhook.mode = mode

    report = outbox.deliver_due(sinks, T0)
    # Three failures in a row pause the sink for this pass; the other records wait with no attempt spent.
    assert report.sinks["hook"].paused and report.retrying == 3 and report.delivered == 0
    assert sorted(i.attempts for i in outbox.items()) == [0, 0, 1, 1, 1]

    webhook.mode = "ok"
    webhook.release()
    drain(outbox, sinks, T0 + HOUR)
    assert sorted(webhook.records()) == sorted(ids)
    assert webhook.duplicates == 0
    assert all(i.state == "delivered" for i in outbox.items())


def test_lost_acknowledgements_are_redelivered_and_absorbed(store: Store, webhook: FlakyWebhookServer) -> None:
    """The receiver applies the record, then the answer is lost (as in a crash before "marked delivered")."""
    box = Outbox(store, policy(max_attempts=20))
    ids = [file_confirmed(store, transcript=f"第{n}条") for n in range(30)]
    webhook.fail_rate, webhook.ack_loss_rate = 0.2, 0.2
    drain(box, [hook_sink(webhook)])
    assert webhook.redeliveries > 0  # the seed makes some answers get lost
    assert sorted(webhook.records()) == sorted(ids)  # nothing lost
    assert webhook.duplicates == 0  # nothing applied twice


def test_discarding_a_delivered_record_deletes_it_downstream(store: Store, outbox: Outbox, tmp_path: Path) -> None:
    folder = FolderSink("vault", tmp_path / "vault")
    record_id = file_confirmed(store)
    outbox.deliver_due([folder], T0)
    assert {p.suffix for p in folder.path.glob(f"*{record_id}*")} == {".md", ".json", ".ics"}  # ics: a follow-up date

    store.discard(record_id)
    assert outbox.enqueue(record_id, "delete", ["vault"], T0) == 1
    outbox.deliver_due([folder], T0)
    assert list(folder.path.iterdir()) == []
    assert outbox.items(record_id)[0].action == "delete"

    store.confirm(record_id)  # undo the discard: the record goes back
    outbox.deliver_due([folder], T0)
    assert {p.suffix for p in folder.path.glob(f"*{record_id}*")} == {".md", ".json", ".ics"}  # ics: a follow-up date


def test_discarding_a_draft_that_never_left_queues_nothing(store: Store, outbox: Outbox) -> None:
    record_id = store.add(TASK, transcript="x", lang="zh", source="cli")
    store.discard(record_id)
    assert outbox.enqueue(record_id, "delete", ["hook"], T0) == 0
    assert outbox.reconcile(["hook"], T0) == 0
    assert outbox.items() == []


def test_catch_up_queues_what_a_crash_left_unqueued(store: Store, outbox: Outbox, webhook: FlakyWebhookServer) -> None:
    """A status change committed but the process died before `enqueue`: the next pass still delivers it."""
    delivered = file_confirmed(store)
    outbox.deliver_due([hook_sink(webhook)], T0)
    store.revise(delivered, VISIT, "edited")  # no enqueue
    fresh = file_confirmed(store)  # no enqueue
    draft = store.add(TASK, transcript="still a draft", lang="zh", source="cli")

    outbox.deliver_due([hook_sink(webhook)], T0 + HOUR)

    assert sorted(webhook.records()) == sorted([delivered, fresh])
    assert webhook.records()[delivered]["revision"] == 3
    assert draft not in webhook.records()
    assert webhook.duplicates == 0


def test_dead_sink_does_not_hold_up_the_others(store: Store, outbox: Outbox, tmp_path: Path) -> None:
    with FlakyWebhookServer() as gone:
        url = gone.url  # a port that nothing listens on once the server is stopped
    dead = WebhookSink("dead", url, None, 0.5)
    folder = FolderSink("vault", tmp_path / "vault")
    ids = [file_confirmed(store, transcript=f"第{n}条") for n in range(6)]

    report = outbox.deliver_due([dead, folder], T0)

    assert report.sinks["vault"].delivered == 6
    assert report.sinks["dead"].paused and report.sinks["dead"].retrying == 3
    assert "could not reach" in (report.sinks["dead"].last_error or "")
    waiting = outbox.items(sink="dead")
    assert sorted(i.record_id for i in waiting) == sorted(ids)  # nothing lost: all still owed
    assert {i.state for i in waiting} == {"pending"}


@pytest.fixture
def lock_holder(db_path: Path) -> Any:
    class Holder:
        conn: sqlite3.Connection | None = None

        def take(self) -> None:
            self.conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
            self.conn.execute("BEGIN IMMEDIATE")

        def release(self) -> None:
            if self.conn is not None:
                self.conn.execute("ROLLBACK")
                self.conn.close()
                self.conn = None

    holder = Holder()
    yield holder
    holder.release()


def test_locked_database_refuses_bookkeeping_and_loses_nothing(
    store: Store, outbox: Outbox, webhook: FlakyWebhookServer, lock_holder: Any
) -> None:
    record_id = file_confirmed(store)
    lock_holder.take()
    with pytest.raises(StoreLocked):
        outbox.enqueue(record_id, "upsert", ["hook"], T0)
    with pytest.raises(StoreLocked):
        outbox.deliver_due([hook_sink(webhook)], T0)
    assert webhook.requests == 0
    lock_holder.release()

    outbox.deliver_due([hook_sink(webhook)], T0)
    assert list(webhook.records()) == [record_id] and webhook.duplicates == 0


def test_database_locked_between_accept_and_mark(
    store: Store, outbox: Outbox, lock_holder: Any
) -> None:
    """Another writer takes the lock while the receiver is accepting: the delivery cannot be marked, so it is sent
    again later and the receiver's idempotency key absorbs it."""
    ids = [file_confirmed(store, transcript=f"第{n}条") for n in range(3)]
    taken: list[str] = []

    def lock_once(payload: dict[str, Any]) -> None:
        if not taken:
            taken.append(payload["id"])
            lock_holder.take()

    with FlakyWebhookServer(on_apply=lock_once) as server:
        sinks = [hook_sink(server)]
        with pytest.raises(StoreLocked):
            outbox.deliver_due(sinks, T0)
        assert [i.state for i in outbox.items(taken[0])] == ["pending"]
        lock_holder.release()
        drain(outbox, sinks, T0)
        assert server.redeliveries == 1
        assert sorted(server.records()) == sorted(ids) and server.duplicates == 0


def test_one_deliverer_per_store(store: Store, outbox: Outbox, webhook: FlakyWebhookServer) -> None:
    """The app and `saydo sync` (another process) must not deliver the same rows at once."""
    import fcntl

    record_id = file_confirmed(store)
    with open(store.path.with_name(store.path.name + ".outbox.lock"), "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        report = outbox.deliver_due([hook_sink(webhook)], T0)
        assert report.busy and report.delivered == 0 and webhook.requests == 0
    assert outbox.deliver_due([hook_sink(webhook)], T0).delivered == 1
    assert list(webhook.records()) == [record_id]


def test_a_crashing_sink_is_retried_like_a_failing_one(store: Store, outbox: Outbox) -> None:
    class Broken:
        name = "broken"

        def deliver(self, delivery: Delivery) -> None:
            raise KeyError("bug")

        def close(self) -> None: ...

    record_id = file_confirmed(store)
    assert outbox.deliver_due([Broken()], T0).retrying == 1
    assert "KeyError" in (outbox.items(record_id)[0].last_error or "")


def test_queue_changes_follows_the_record_status(store: Store, outbox: Outbox) -> None:
    record_id = store.add(TASK, transcript="x", lang="zh", source="cli")
    assert outbox.queue_changes(record_id, ["a", "b"], T0) == 0  # a draft goes nowhere
    store.confirm(record_id)
    assert outbox.queue_changes(record_id, ["a", "b"], T0) == 2
    assert {(i.action, i.revision) for i in outbox.items(record_id)} == {("upsert", 2)}
    store.revise(record_id, VISIT, "edited")
    store.discard(record_id)
    assert outbox.queue_changes(record_id, ["a", "b", "never-had-it"], T0) == 2
    assert {(i.sink, i.action, i.revision) for i in outbox.items(record_id)} == {("a", "delete", 4), ("b", "delete", 4)}


def test_bad_input_is_refused_clearly(store: Store, outbox: Outbox) -> None:
    record_id = file_confirmed(store)
    draft = store.add(TASK, transcript="x", lang="zh", source="cli")
    with pytest.raises(StoreError, match="upsert, delete"):
        outbox.enqueue(record_id, "send", ["hook"])
    with pytest.raises(StoreError, match="is draft: only confirmed records are delivered"):
        outbox.enqueue(draft, "upsert", ["hook"])
    with pytest.raises(StoreError, match="discard it before"):
        outbox.enqueue(record_id, "delete", ["hook"])
    with pytest.raises(RecordNotFound):
        outbox.enqueue("01J9ZK3V8Q0000000000000000", "upsert", ["hook"])
    with pytest.raises(RecordNotFound):
        outbox.retry("nope")
    with pytest.raises(StoreError, match="pending, delivered, dead"):
        outbox.items(state="lost")
    assert outbox.items() == []  # nothing half-queued


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (FolderConfig(name="v"), "needs `path`"),
        (WebhookConfig(name="h"), "needs `url`"),
        (WebhookConfig(name="h", url="ftp://x"), "not an http"),
        (DingTalkConfig(name="d", url=""), "needs `url`"),
        (PostgresConfig(name="p"), "needs `dsn`"),
        (PostgresConfig(name="p", dsn="host=a port"), "not a valid connection string"),
    ],
)
def test_sink_settings_missing_what_they_need_are_rejected(settings: SinkConfig, message: str) -> None:
    with pytest.raises(SinkRejected, match=message):
        make_sink(settings, 1.0)


def test_unknown_kind_and_duplicate_names_are_rejected(tmp_path: Path) -> None:
    class Odd:
        name, kind, enabled = "x", "fax", True

    with pytest.raises(SinkRejected, match="unknown kind 'fax'"):
        make_sink(Odd(), 1.0)
    twice = [FolderConfig(name="a", path=tmp_path), FolderConfig(name="a", path=tmp_path)]
    with pytest.raises(SinkRejected, match="two sinks are named 'a'"):
        make_sinks(twice, 1.0)
    off = WebhookConfig(name="b", enabled=False)  # disabled: not built, so its missing url is fine
    assert [s.name for s in make_sinks([twice[0], off], 1.0)] == ["a"]


def test_a_database_from_before_the_outbox_gets_it_and_owes_its_confirmed_records(tmp_path: Path) -> None:
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    db = Database(path)
    schema.migrate(db, target=OUTBOX_MIGRATION - 1)
    confirmed = "01JCZ7Q3B2M4N5P6Q7R8S9T0VW"
    stamp = "2025-03-10T09:00:00.000000+00:00"
    fields = '{"text": "旧的"}'
    db["records"].insert({"id": confirmed, "created_at": stamp, "updated_at": stamp, "intent": "note",
                          "fields": fields, "transcript": "旧的", "status": "confirmed", "source": "cli",
                          "revision": 1})
    db["revisions"].insert({"record_id": confirmed, "revision": 1, "created_at": stamp, "intent": "note",
                            "fields": fields, "status": "confirmed", "reason": "created"})
    db.close()
    with Store.open(path) as store:
        assert "outbox" in store.db.table_names()
        box = Outbox(store, policy())
        assert box.reconcile(["vault"], T0) == 1
        assert [i.record_id for i in box.items()] == [confirmed]
        vault = FolderSink("vault", tmp_path / "vault")
        assert box.deliver_due([vault], T0).delivered == 1
    # The old revision kept no transcript of its own: the record's is sent.
    [sent] = vault.path.glob("*.json")
    assert json.loads(sent.read_text(encoding="utf-8"))["transcript"] == "旧的"


def test_sink_error_hierarchy() -> None:
    assert issubclass(SinkRejected, SinkError)
    delivery = Delivery("01J9ZK3V8Q0000000000000000", 4, "delete", None, None, "", None, "discarded", "a", "b")
    assert delivery.idempotency_key == "01J9ZK3V8Q0000000000000000:4:delete"
