"""The clients-view part of `saydo bench store`, small: every generated record is found under its client, and the
result carries the numbers the report prints."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.store import _client_book, _client_rows, _clients, _insert
from records import ClientBook, Store
from records.client_view import client_overview

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def test_each_generated_record_is_in_its_clients_overview(tmp_path: Path) -> None:
    book = _client_book(40)
    rows = list(_client_rows(400, book, datetime(2026, 1, 5, 1, 0, tzinfo=UTC), seed=3))
    about = Counter(next(row.client for row in book if row.client and row.client in record["fields"] + record[
        "transcript"]) for record, _ in rows)
    with Store.open(tmp_path / "clients.db") as store:
        ClientBook(store).import_rows(book)
        _insert(store, iter(rows))
        now = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
        found = {row.client: len(client_overview(store, row.client or "", now).records) for row in book}
    assert found == {row.client: about[row.client] for row in book}
    assert sum(found.values()) == 400


def test_the_bench_reports_p50_and_p95(tmp_path: Path) -> None:
    result = _clients(tmp_path, 500)
    assert (result["records"], result["clients"], result["overviews"]) == (500, 500, 250)
    assert 0 < result["p50_ms"] <= result["p95_ms"] and result["records_per_client"] > 0
    assert result["within_target"] == (result["p95_ms"] <= result["target_ms"])
    tab = result["tab"]  # the records window's Clients tab, shown afresh and a client chosen in it
    assert tab["clients_listed"] == 500 and tab["opened"] == 20
    assert 0 < tab["open_p50_ms"] <= tab["open_p95_ms"] and 0 < tab["choose_p50_ms"] <= tab["choose_p95_ms"]
