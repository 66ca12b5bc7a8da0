"""`saydo sync` and `saydo outbox`, run as a user would, against a real folder and a real webhook server."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from app.settings import resolve_paths
from records import Store
from tests.cli import lines, saydo
from tests.servers import FlakyWebhookServer
from tests.servers.fixtures import VISIT, file_confirmed

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def write_config(home: Path, sinks: list[dict[str, object]]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    config = {"sinks": sinks, "outbox": {"max_attempts": 1, "backoff_s": 0.01, "timeout_s": 2.0}}
    (home / "config.toml").write_text(tomli_w.dumps(config), encoding="utf-8")


def test_sync_delivers_and_outbox_reports_and_retries(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault = tmp_path / "vault"
    with FlakyWebhookServer(secret="k") as server:
        server.mode = "reject"
        write_config(home, [{"name": "vault", "kind": "folder", "path": str(vault)},
                            {"name": "team", "kind": "webhook", "url": server.url, "secret": "k"}])
        with Store.open(resolve_paths(home).db_path) as store:
            record_id = file_confirmed(store, VISIT)

        result = saydo(home, "sync", "--json")
        assert result.returncode == 1 and "gave up" in result.stderr
        [summary] = lines(result.stdout)
        by_sink = {s["sink"]: s for s in summary["sinks"]}
        assert by_sink["vault"]["delivered"] == 1 and by_sink["team"]["dead"] == 1
        assert {p.suffix for p in vault.glob(f"*{record_id}.*")} == {".md", ".json", ".ics"}

        failed = lines(saydo(home, "outbox", "--failed", "--json").stdout)
        assert [(f["sink"], f["state"]) for f in failed] == [("team", "dead")]
        assert "HTTP 400" in failed[0]["last_error"]
        table = saydo(home, "outbox").stdout
        assert "delivered" in table and "dead" in table

        server.mode = "ok"
        retried = saydo(home, "outbox", "retry", record_id[:10], "--sink", "team")
        assert retried.returncode == 0, retried.stderr
        again = saydo(home, "sync")
        assert again.returncode == 0, again.stderr
        assert list(server.records()) == [record_id]
        assert saydo(home, "outbox", "--failed").returncode == 0
        assert {i["state"] for i in lines(saydo(home, "outbox", "--json").stdout)} == {"delivered"}


def test_bad_sink_settings_and_ids_are_clear_errors(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home, [{"name": "team", "kind": "webhook"}])
    with Store.open(resolve_paths(home).db_path) as store:
        file_confirmed(store)
    result = saydo(home, "sync")
    assert result.returncode == 1 and "needs `url`" in result.stderr
    missing = saydo(home, "outbox", "retry", "01J9ZK3V8Q0000000000000000")
    assert missing.returncode == 1 and "no record" in missing.stderr
