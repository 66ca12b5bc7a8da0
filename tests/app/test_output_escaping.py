"""Stored and received text reaches the terminal as written: rich markup in a record or in a sink's error reply
neither crashes a command nor styles its output, and terminal escape sequences never get through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import tomli_w

from app.cli.output import safe
from app.settings import resolve_paths
from records import Store
from tests.cli import lines, saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

# A closing tag with nothing open (rich raises on it), a style that would swallow text, and an OSC that sets the
# terminal's window title, then a C1 CSI (U+009B) that would clear the screen.
HOSTILE = "[/] [bold red]x \x1b]0;pwned\x07 \u009b2J"
REPLY = "[/][bold red]boom \x1b]0;pwned\x07\x1b[31m \u009b2J".encode()
RAW_CONTROLS = ("\x1b", "\x07", "\u009b")


class _FailingReceiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(500)
        self.send_header("Content-Length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingReceiver)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def home(tmp_path: Path, receiver: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Wide enough that no table cell wraps, so the text can be looked for whole.
    monkeypatch.setenv("COLUMNS", "400")
    home = tmp_path / "home"
    home.mkdir()
    config = {"sinks": [{"name": "team[/]", "kind": "webhook", "url": receiver}],
              "outbox": {"max_attempts": 1, "backoff_s": 0.01, "timeout_s": 5.0}}
    (home / "config.toml").write_text(tomli_w.dumps(config), encoding="utf-8")
    return home


def file_hostile(home: Path) -> tuple[str, str]:
    """A confirmed task whose title and transcript are hostile, and a draft whose error is."""
    with Store.open(resolve_paths(home).db_path) as store:
        task = store.add({"intent": "task", "fields": {"title": HOSTILE, "assignee": None, "due": None,
                                                        "priority": "high"}},
                         transcript=f"pwned {HOSTILE}", lang="en", source="cli")
        store.confirm(task)
        draft = store.add(None, transcript=f"pwned {HOSTILE}", lang="en", source="cli", error=f"pwned {HOSTILE}")
    return task, draft


def assert_shown_as_written(result, text: str = "[bold red]x") -> None:
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown and "MarkupError" not in shown, result.stderr
    assert not [c for c in RAW_CONTROLS if c in shown], repr(shown)
    assert text in result.stdout, result.stdout


def test_safe_keeps_text_and_drops_control_characters() -> None:
    assert safe("[/] [bold red]x") == "\\[/] \\[bold red]x"
    assert safe("a\tb\nc\x1b[31md\re\x08f\u009bg\x7fh") == "a\tb\nc[31mdefgh"
    assert safe("客户 [Acme] ok") == "客户 [Acme] ok"


@pytest.mark.parametrize("command", [["list"], ["search", "pwned"], ["show"], ["history"]])
def test_records_commands_show_hostile_fields_literally(home: Path, command: list[str]) -> None:
    task, _ = file_hostile(home)
    args = ["records", *command, task] if command[0] in ("show", "history") else ["records", *command]
    result = saydo(home, *args)
    assert result.returncode == 0, result.stderr
    assert_shown_as_written(result)


def test_show_of_a_draft_shows_its_error_literally(home: Path) -> None:
    _, draft = file_hostile(home)
    result = saydo(home, "records", "show", draft)
    assert result.returncode == 0, result.stderr
    assert_shown_as_written(result)
    assert result.stdout.count("[bold red]x") == 2  # the transcript and the error


def test_edit_prints_the_new_revision_literally(home: Path) -> None:
    task, _ = file_hostile(home)
    result = saydo(home, "records", "edit", task, "--set", "priority=low", "--set", "assignee=[b]Li[/b]")
    assert result.returncode == 0, result.stderr
    assert_shown_as_written(result)
    assert "[b]Li[/b]" in result.stdout
    [shown] = lines(saydo(home, "records", "show", task, "--json").stdout)
    assert shown["revision"] == 3 and shown["fields"]["priority"] == "low"


def test_sync_and_outbox_show_a_hostile_error_reply_literally(home: Path) -> None:
    file_hostile(home)
    synced = saydo(home, "sync")
    # 1: the only delivery gave up (max_attempts = 1), as documented for `saydo sync`.
    assert synced.returncode == 1 and "gave up" in synced.stderr
    assert_shown_as_written(synced, "[/][bold red]boom")
    assert "team[/]" in synced.stdout and "HTTP 500" in synced.stdout

    for args in (["outbox"], ["outbox", "--failed"]):
        listed = saydo(home, *args)
        assert listed.returncode == 0, listed.stderr
        assert_shown_as_written(listed, "[/][bold red]boom")

    as_json = saydo(home, "outbox", "--json")
    assert as_json.returncode == 0 and not [c for c in RAW_CONTROLS if c in as_json.stdout]
    [item] = lines(as_json.stdout)
    assert "boom" in item["last_error"]


def test_log_lines_drop_control_characters(home: Path) -> None:
    file_hostile(home)
    synced = saydo(home, "--verbose", "sync")
    assert "records.outbox" in synced.stderr and "boom" in synced.stderr
    assert not [c for c in RAW_CONTROLS if c in synced.stderr], repr(synced.stderr)
