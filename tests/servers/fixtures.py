"""Pytest fixtures around the servers, for the outbox and sink tests (import the ones a module uses)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from app.settings import OutboxSettings
from records import Store
from records.outbox import Outbox

from .postgres import PostgresServer, postgres_unavailable
from .webhook import FlakyWebhookServer

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TASK: dict[str, Any] = {
    "intent": "task",
    "fields": {"title": "发合同给华为", "assignee": None, "due": "2025-03-19", "priority": "high"},
}
VISIT: dict[str, Any] = {
    "intent": "visit_note",
    "fields": {
        "client": "Acme",
        "contacts": ["张经理", "Li Wei"],
        "visited_on": "2025-03-10",
        "summary": "pricing: wants 10% off",
        "next_steps": ["send quote"],
        "follow_up_on": "2025-03-17",
        "deal_value": 35000,
        "currency": "CNY",
    },
}


def policy(**changes: Any) -> OutboxSettings:
    """Outbox settings for tests: retries a minute apart (tests move `now` on instead of sleeping), short timeouts."""
    return OutboxSettings(**{"max_attempts": 4, "backoff_s": 60.0, "backoff_max_s": 600.0, "timeout_s": 2.0,
                             **changes})


def file_confirmed(store: Store, record: dict[str, Any] = TASK, transcript: str = "下周三前把合同发给华为") -> str:
    record_id = store.add(record, transcript=transcript, lang="zh", source="cli")
    store.confirm(record_id)
    return record_id


@pytest.fixture
def outbox(store: Store) -> Outbox:
    return Outbox(store, policy())


@pytest.fixture
def webhook() -> Iterator[FlakyWebhookServer]:
    with FlakyWebhookServer(secret="s3cret") as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    reason = postgres_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> str:
    if not postgres_server.running():
        postgres_server.start()
    return postgres_server.create_database()
