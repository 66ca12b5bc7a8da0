"""`saydo ask` and `saydo today` as a user runs them, on a seeded store."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from records import Store
from tests.cli import PINNED, lines, saydo
from tests.records.conftest import Clock
from tests.records.test_query import NOW, seed

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("ask")
    with Store.open(home / "data" / "saydo.db", clock=Clock(NOW)) as store:
        ids = seed(store, Clock(NOW))
    return home, ids


def test_ask_answers_from_the_store_and_changes_nothing(home) -> None:
    path, ids = home
    before = (path / "data" / "saydo.db").read_bytes()
    result = saydo(path, "ask", "明天有什么会", "--json", *PINNED)
    assert result.returncode == 0, result.stderr
    [answer] = lines(result.stdout)
    assert answer["query"]["intent"] == "meeting"
    assert [r["id"] for r in answer["records"]] == [ids["m2"]]
    assert saydo(path, "ask", "明天有什么会", *PINNED).returncode == 0  # the table form
    assert (path / "data" / "saydo.db").read_bytes() == before


def test_ask_refuses_what_should_be_filed(home) -> None:
    path, _ = home
    result = saydo(path, "ask", "提醒我明天问一下王总报价", *PINNED)
    assert result.returncode == 1 and "sounds like something to file" in result.stderr
    assert saydo(path, "ask", "   ", *PINNED).returncode == 1


def test_today_lists_the_digest(home) -> None:
    path, _ = home
    result = saydo(path, "today", "--date", "2026-11-23", "--json")
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout)[0]["items"]
    bad = saydo(path, "today", "--date", "nope")
    assert bad.returncode == 2 and "is not a date" in bad.stderr


def test_today_points_at_each_followed_up_clients_overview(home) -> None:
    path, _ = home
    result = saydo(path, "today", "--date", "2026-11-23")
    assert result.returncode == 0, result.stderr
    clients = {item["fields"]["client"] for item in lines(saydo(path, "today", "--date", "2026-11-23",
                                                                   "--json").stdout)[0]["items"]
               if item["intent"] == "visit_note"}
    assert clients
    for client in clients:
        assert f"saydo clients show {shlex.quote(client)}" in result.stderr  # 'Acme Corp' quoted for the shell
