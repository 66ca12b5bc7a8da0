"""The Qt-free client of app/ipc.py against the app's real QLocalServer (InstanceServer), and the real `saydo`
console script's fast path against it. The client runs on a thread (or in a subprocess) while this thread's event
loop serves it, as the app's does."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from app.ipc import SOCKET_FILE, CommandRejected, NotRunning, deliver, send_command, server_name
from app.ui.single_instance import InstanceServer
from tests.cli import SAYDO

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]


def _handler(seen: list[str]) -> Callable[[str], str]:
    def handle(command: str) -> str:
        seen.append(command)
        if command == "stop":
            raise ValueError("not recording")
        return "recording"

    return handle


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(1) as executor:
        yield executor


def _served(qtbot, future: Future) -> object:
    qtbot.waitUntil(future.done, timeout=10_000)  # this thread's event loop answers meanwhile
    return future.result()


def test_the_client_reaches_the_qt_server_and_hears_its_answers(qtbot, tmp_path: Path, pool, monkeypatch) -> None:
    runtime = tmp_path / "home" / "data" / "run"
    seen: list[str] = []
    server = InstanceServer(runtime, _handler(seen))
    assert server.listen()
    try:
        socket_file = runtime.resolve() / SOCKET_FILE
        assert server.server.fullServerName() == server_name(runtime) == str(socket_file)
        assert socket_file.is_socket()  # in the profile's own folder, not in Qt's temp folder
        # A shortcut's environment need not share the app's TMPDIR: the full path does not depend on it.
        monkeypatch.setenv("TMPDIR", str(tmp_path))
        assert _served(qtbot, pool.submit(send_command, runtime, "toggle")) == "recording"
        with pytest.raises(CommandRejected, match="^not recording$"):
            _served(qtbot, pool.submit(send_command, runtime, "stop"))
        assert _served(qtbot, pool.submit(deliver, runtime, "stop")) == (False, "saydo refused `stop`: not recording")
        assert seen == ["toggle", "stop", "stop"]
    finally:
        server.close()
    assert not socket_file.exists()
    with pytest.raises(NotRunning, match="not running"):
        send_command(runtime, "toggle")
    with pytest.raises(ValueError, match="unknown command"):
        send_command(runtime, "explode")


def test_a_socket_left_by_a_crash_is_not_running_and_is_taken_over(qtbot, tmp_path: Path, pool) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(server_name(runtime))  # bound and closed without unlinking: what a killed app leaves
    crashed.close()
    assert Path(server_name(runtime)).exists()
    delivered, why = deliver(runtime, "toggle")
    assert not delivered and "not running" in why
    server = InstanceServer(runtime, _handler([]))
    assert server.listen()
    try:
        assert _served(qtbot, pool.submit(send_command, runtime, "start")) == "recording"
    finally:
        server.close()


def test_a_runtime_folder_too_deep_for_a_socket_path_still_connects(qtbot, tmp_path: Path, pool) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 5)
    runtime, other_runtime = deep / "run", deep / "other" / "run"
    name = server_name(runtime)
    assert not name.startswith(str(tmp_path)) and len(name) < 100
    server = InstanceServer(runtime, _handler([]))
    assert server.listen()
    other = InstanceServer(other_runtime, _handler([]))
    try:
        assert _served(qtbot, pool.submit(send_command, runtime, "toggle")) == "recording"
        assert other.listen()  # another deep profile: another name
    finally:
        server.close()
        other.close()


def _saydo(qtbot, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen([SAYDO, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)  # the event loop serves it meanwhile
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_the_console_script_drives_the_app_like_the_full_cli(qtbot, tmp_path: Path) -> None:
    home = tmp_path / "home"
    seen: list[str] = []
    server = InstanceServer(home / "data" / "run", _handler(seen))
    assert server.listen()
    try:
        for args in (["--home", str(home)], [f"--home={home}"], ["--verbose", "--home", str(home)]):
            started = _saydo(qtbot, *args, "toggle")
            assert started.returncode == 0 and started.stderr.strip().endswith("recording"), started.stderr
            refused = _saydo(qtbot, *args, "stop")
            assert refused.returncode == 1 and "saydo refused `stop`: not recording" in refused.stderr
        assert seen == ["toggle", "stop"] * 3
    finally:
        server.close()
    fast = _saydo(qtbot, "--home", str(home), "cancel")
    full = _saydo(qtbot, "--verbose", "--home", str(home), "cancel")
    assert fast.returncode == full.returncode == 1
    assert fast.stderr == "error: saydo is not running for this profile; start it with `saydo` (or `saydo app`)\n"
    assert fast.stderr.strip() in full.stderr


def test_a_toggle_before_the_models_are_ready_starts_the_take_and_says_so(qtbot, home, pool) -> None:
    """The channel is served from the start, while the models load (here: never, start() is not called): the take
    records at once, the overlay shows what is loading instead of a timer, and after release that it waits for them."""
    from app.ui.application import SaydoApp
    from asr.capture import FileSource
    from tests.conftest import DATA

    settings, paths = home
    app = SaydoApp(settings, paths, source_factory=lambda: FileSource(DATA / "dictation" / "en-task-david.flac"),
                   keep_source_armed=False, use_tray=False)
    assert app.server.listen()
    try:
        assert not app.is_ready
        with qtbot.waitSignal(app.recording_started):
            assert _served(qtbot, pool.submit(send_command, paths.runtime_dir, "toggle")) == "recording"
        assert app.is_recording and app.overlay.isVisible()
        assert app.overlay.loading.text() == app.status and not app.overlay.loading.isHidden()
        taken: list[object] = []
        app._finish_requested.connect(taken.append)  # the worker thread is not running: the take waits for it
        assert _served(qtbot, pool.submit(send_command, paths.runtime_dir, "toggle")) == "ok"
        assert not app.is_recording and len(taken) == 1
        assert app.overlay.isVisible() and app.overlay.state.text() == "Waiting for the models…"
    finally:
        app.shutdown()
