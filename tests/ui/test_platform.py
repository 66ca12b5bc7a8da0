"""Single instance over a real QLocalServer, the `saydo toggle` client, hotkey degradation, autostart entries."""

from __future__ import annotations

import logging
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui import autostart
from app.ui.hotkey import GlobalHotkey
from app.ui.single_instance import InstanceServer, NotRunning, send_command

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]


def _send_from_another_process(qtbot, runtime_dir: Path, command: str) -> str:
    """`send_command` in a second process, as `saydo toggle` runs, while this one's event loop serves it."""
    code = ("import sys; from pathlib import Path; from app.ui.single_instance import send_command\n"
            "try:\n    print(send_command(Path(sys.argv[1]), sys.argv[2]))\n"
            "except Exception as exc:\n    print(type(exc).__name__, exc)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(runtime_dir), command], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    return proc.stdout.read().strip()


def test_commands_reach_the_running_instance(qtbot, tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(command: str) -> str:
        seen.append(command)
        if command == "stop":
            raise ValueError("not recording")
        return "recording"

    server = InstanceServer(tmp_path / "run", handler)
    assert server.listen()
    second = InstanceServer(tmp_path / "run", handler)
    assert not second.listen()  # the same profile: hand over to the first
    other = InstanceServer(tmp_path / "other-profile" / "run", handler)
    assert other.listen()
    assert _send_from_another_process(qtbot, tmp_path / "run", "toggle") == "recording"
    assert _send_from_another_process(qtbot, tmp_path / "run", "stop") == "CommandRejected not recording"
    assert seen == ["toggle", "stop"]
    for s in (server, other):
        s.close()


def test_saydo_toggle_without_a_running_app_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotRunning, match="not running"):
        send_command(tmp_path / "run", "toggle", timeout_ms=300)
    done = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "--home", str(tmp_path),
                           "toggle"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not running" in done.stderr
    with pytest.raises(ValueError, match="unknown command"):
        send_command(tmp_path / "run", "explode")


@pytest.mark.parametrize("env", [{"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, {}])
def test_hotkey_degrades_with_a_clear_message(qtbot, monkeypatch, caplog, env: dict) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    hotkey = GlobalHotkey("<ctrl>+<alt>+<space>")
    with caplog.at_level(logging.WARNING):
        assert hotkey.start() is False
    assert "saydo toggle" in caplog.text and ("Wayland" in caplog.text if env else "no X display" in caplog.text)
    assert not hotkey.running


def test_autostart_entry_matches_the_packaged_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    autostart.set_autostart(True, ["saydo", "app"])
    entry = tmp_path / "autostart" / "saydo.desktop"
    packaged = (ROOT / "packaging" / "linux" / "saydo.desktop").read_text(encoding="utf-8")
    assert entry.read_text(encoding="utf-8") == packaged
    autostart.set_autostart(False)
    assert not entry.exists()
    autostart.set_autostart(False)  # already off: nothing to do, no error


def test_the_installed_bundle_starts_its_own_program_at_login(tmp_path: Path, monkeypatch) -> None:
    # PyInstaller's bootloader sets these; a source tree cannot be frozen for real inside a test.
    program = tmp_path / "saydo"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    assert autostart.launch_command() == [str(program), "app"]
    if sys.platform != "win32":
        assert f"TryExec={program}\nExec={program} app\n" in autostart.desktop_entry()


def test_the_macos_login_item_is_a_launch_agent_running_the_app(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")  # the branch is plain files: it runs the same here
    autostart.set_autostart(True, ["/Applications/saydo.app/Contents/MacOS/saydo", "app"])
    agent = tmp_path / "Library" / "LaunchAgents" / "io.saydo.app.plist"
    assert plistlib.loads(agent.read_bytes()) == {
        "Label": "io.saydo.app", "ProgramArguments": ["/Applications/saydo.app/Contents/MacOS/saydo", "app"],
        "RunAtLoad": True}
    autostart.set_autostart(False)
    assert not agent.exists()


def test_without_a_display_saydo_prints_help_and_saydo_app_says_why(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    cli = [sys.executable, "-c", "from app.cli import main; main()", "--home", str(tmp_path)]
    bare = subprocess.run(cli, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert bare.returncode == 0 and "records" in bare.stdout and "No display" in bare.stderr
    app = subprocess.run([*cli, "app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert app.returncode == 1 and "no display" in app.stderr
