"""A command sent while the app is starting (imports, not listening yet) waits for it instead of failing: the real
client of app/ipc.py on a thread, the app's real QLocalServer listening later on this thread, and the marker file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import ipc
from app.ipc import STARTING_FILE, NotRunning, is_starting, mark_starting, send_command
from app.ui.single_instance import InstanceServer

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(1) as executor:
        yield executor


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_a_toggle_sent_while_the_app_starts_reaches_it_once_it_listens(qtbot, tmp_path: Path, pool) -> None:
    runtime = tmp_path / "home" / "data" / "run"
    mark_starting(runtime)  # this process plays the app that is still importing
    assert is_starting(runtime) and (runtime / STARTING_FILE).read_text() == str(os.getpid())
    sent = pool.submit(send_command, runtime, "toggle")
    qtbot.wait(400)
    assert not sent.done()  # nothing listens yet: the client waits rather than saying "not running"
    seen: list[str] = []
    server = InstanceServer(runtime, lambda command: seen.append(command) or "recording")
    assert server.listen()
    try:
        assert not (runtime / STARTING_FILE).exists()  # listening ends the starting state
        qtbot.waitUntil(sent.done, timeout=10_000)  # this thread's event loop answers meanwhile
        assert sent.result() == "recording" and seen == ["toggle"]
    finally:
        server.close()


def test_a_marker_left_by_a_dead_start_is_not_waited_for(qtbot, tmp_path: Path, pool, monkeypatch) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    (runtime / STARTING_FILE).write_text(str(_dead_pid()))
    monkeypatch.setattr(ipc, "STARTING_WAIT_S", 600.0)  # a wait would outlast the test's own bound below
    assert not is_starting(runtime)
    sent = pool.submit(send_command, runtime, "toggle")
    qtbot.waitUntil(sent.done, timeout=10_000)
    with pytest.raises(NotRunning, match="not running for this profile"):
        sent.result()


def test_an_old_marker_is_not_waited_for_even_if_its_pid_lives(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    mark_starting(runtime)
    os.utime(runtime / STARTING_FILE, (0, 0))  # pids are reused: a marker from long ago is from a crash
    assert not is_starting(runtime)


def test_a_start_that_never_listens_is_given_up_after_the_wait(tmp_path: Path, monkeypatch) -> None:
    runtime = tmp_path / "run"
    mark_starting(runtime)
    monkeypatch.setattr(ipc, "STARTING_WAIT_S", 0.3)
    with pytest.raises(NotRunning, match="still starting"):
        send_command(runtime, "start")
    ipc.clear_starting(runtime)
    assert not (runtime / STARTING_FILE).exists()


def test_only_the_process_that_wrote_the_marker_removes_it(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    other = str(os.getppid())  # another live start of the same profile replaced it
    (runtime / STARTING_FILE).write_text(other)
    ipc.clear_starting(runtime)
    assert (runtime / STARTING_FILE).read_text() == other and is_starting(runtime)
