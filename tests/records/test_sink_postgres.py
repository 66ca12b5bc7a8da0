"""Team database sink against a real PostgreSQL server (initdb + pg_ctl on 127.0.0.1, started by the fixture)."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from records import Store
from records.outbox import Attempt, Outbox
from records.sinks import Delivery, SinkError, make_sink
from records.sinks.postgres import PostgresConfig, PostgresSink
from tests.servers import PostgresServer
from tests.servers.fixtures import (  # noqa: F401
    T0,
    VISIT,
    file_confirmed,
    outbox,
    postgres_dsn,
    postgres_server,
)

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

RECORD_ID = "01JCZ7Q3B2M4N5P6Q7R8S9T0VW"


def delivery(revision: int, action: str = "upsert", summary: str = "pricing") -> Delivery:
    fields = {**VISIT["fields"], "summary": summary}
    return Delivery(RECORD_ID, revision, action, "visit_note", fields, "见了张经理", "zh",  # type: ignore[arg-type]
                    "confirmed", "2025-03-10T09:00:00+00:00", "2025-03-10T09:05:00+00:00")


def rows(dsn: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT id, revision, fields->>'summary', fields->'contacts' FROM saydo_records ORDER BY id"
        ).fetchall()


def sink_for(dsn: str, timeout_s: float = 2.0) -> PostgresSink:
    sink = make_sink(PostgresConfig(name="team", dsn=dsn), timeout_s)
    assert isinstance(sink, PostgresSink)
    return sink


def test_upsert_is_idempotent_and_guarded_by_revision(postgres_dsn: str) -> None:
    sink = sink_for(postgres_dsn)
    try:
        sink.deliver(delivery(3, summary="newest"))
        sink.deliver(delivery(3, summary="newest"))  # redelivery
        sink.deliver(delivery(2, summary="stale"))  # late older revision
        assert rows(postgres_dsn) == [(RECORD_ID, 3, "newest", ["张经理", "Li Wei"])]
        sink.deliver(delivery(2, action="delete"))  # older than what is there: keeps the row
        assert len(rows(postgres_dsn)) == 1
        sink.deliver(delivery(4, action="delete"))
        sink.deliver(delivery(4, action="delete"))
        assert rows(postgres_dsn) == []
    finally:
        sink.close()


def test_server_stopped_and_restarted_mid_delivery(
    store: Store, outbox: Outbox, postgres_server: PostgresServer, postgres_dsn: str
) -> None:
    ids = [file_confirmed(store, VISIT, transcript=f"第{n}次拜访") for n in range(4)]
    sink = sink_for(postgres_dsn, timeout_s=1.0)
    try:
        assert outbox.deliver_due([sink], T0).delivered == 4
        for record_id in ids[:2]:
            store.revise(record_id, {**VISIT, "fields": {**VISIT["fields"], "summary": "after"}}, "edited")
        ids += [file_confirmed(store, VISIT, transcript=f"新的{n}") for n in range(8)]

        delivered: list[str] = []

        def stop_after_three(attempt: Attempt) -> None:
            if attempt.state == "delivered":
                delivered.append(attempt.item.record_id)
                if len(delivered) == 3:
                    postgres_server.stop()  # pg_ctl stop -m fast, between two deliveries of the same pass

        try:
            during = outbox.deliver_due([sink], T0, on_attempt=stop_after_three)
        finally:
            postgres_server.start()
        assert during.delivered == 3 and during.sinks["team"].paused
        assert "unavailable" in (during.sinks["team"].last_error or "")
        now = T0
        while outbox.items(state="pending"):
            now += timedelta(hours=1)
            outbox.deliver_due([sink], now)
    finally:
        sink.close()
    stored = {row[0]: row for row in rows(postgres_dsn)}
    assert sorted(stored) == sorted(ids)  # nothing lost, nothing twice (id is the primary key)
    assert all(stored[i][1] == 3 and stored[i][2] == "after" for i in ids[:2])
    assert {i.state for i in outbox.items()} == {"delivered"}


def test_table_locked_by_another_session_times_out_and_retries(
    store: Store, outbox: Outbox, postgres_dsn: str
) -> None:
    record_id = file_confirmed(store, VISIT)
    sink = sink_for(postgres_dsn, timeout_s=1.0)
    try:
        sink.deliver(delivery(1))  # creates the table
        with psycopg.connect(postgres_dsn) as other:
            other.execute("LOCK TABLE saydo_records IN ACCESS EXCLUSIVE MODE")
            report = outbox.deliver_due([sink], T0)
            assert report.retrying == 1
            assert "unavailable" in (outbox.items(record_id)[0].last_error or "")
        outbox.deliver_due([sink], T0 + timedelta(hours=1))
    finally:
        sink.close()
    assert record_id in {row[0] for row in rows(postgres_dsn)}


def test_unreachable_server_is_a_retryable_error(postgres_server: PostgresServer) -> None:
    dsn = f"postgresql://saydo@127.0.0.1:{postgres_server.port + 1}/postgres"
    sink = sink_for(dsn, timeout_s=1.0)
    with pytest.raises(SinkError, match="unavailable"):
        sink.deliver(delivery(1))


def test_a_dsn_without_sslmode_requires_a_verified_certificate(postgres_server: PostgresServer, postgres_dsn: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq's default, `prefer`, would fall back to plain text; the sink asks for verify-full instead, so records
    never travel in the clear to a server that has no TLS (this test cluster has none)."""
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    plain = postgres_dsn.removesuffix("?sslmode=disable")
    required = conninfo_to_dict(sink_for(plain).dsn)
    assert (required["sslmode"], required["sslrootcert"]) == ("verify-full", "system")
    with pytest.raises(SinkError, match="SSL.*saydo requires TLS with a verified certificate"):
        sink_for(plain).deliver(delivery(1))
    own_ca = conninfo_to_dict(sink_for(plain + "?sslrootcert=/etc/team-ca.pem").dsn)
    assert own_ca["sslmode"] == "verify-full" and own_ca["sslrootcert"] == "/etc/team-ca.pem"
    sink = sink_for(postgres_dsn)  # says sslmode=disable itself: kept
    assert conninfo_to_dict(sink.dsn)["sslmode"] == "disable"
    sink.deliver(delivery(1))
    sink.close()
    assert len(rows(postgres_dsn)) == 1
