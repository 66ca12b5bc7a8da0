"""The `saydo` console script (app/entry.py): channel commands without the CLI's imports, everything else as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from app.cli import cli
from app.entry import app_start, fast_command
from tests.cli import SAYDO

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("typer", "click", "rich", "pydantic", "PySide6", "models", "records", "asr", "intents", "app.cli")

_PROBE = f"""
import sys
sys.argv = ["saydo", *sys.argv[1:]]
from app import entry
try:
    code = entry.main()
except SystemExit as exit:  # the full CLI exits through click
    code = exit.code
print("exit", code, "loaded", *sorted(m for m in {HEAVY!r} if m in sys.modules))
"""


def _probe(*args: str) -> tuple[list[str], str]:
    """The last stdout line of `saydo ARGS` run through app.entry in a fresh interpreter, split; and stderr."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    return done.stdout.splitlines()[-1].split(), done.stderr


@pytest.mark.parametrize("command", ["toggle", "start", "stop", "cancel"])
def test_a_channel_command_loads_none_of_the_cli(tmp_path: Path, command: str) -> None:
    summary, err = _probe("--home", str(tmp_path), command)
    assert summary == ["exit", "1", "loaded"], err  # no app runs for this profile, and nothing heavy was loaded
    assert "not running" in err
    assert not (tmp_path / "data").exists()  # asking leaves nothing behind


def test_anything_else_is_the_full_cli(tmp_path: Path) -> None:
    summary, _ = _probe("--home", str(tmp_path), "toggle", "--help")
    assert summary[:2] == ["exit", "0"] and {"typer", "app.cli"} <= set(summary[3:])


@pytest.mark.parametrize(("args", "expected"), [
    (["toggle"], (None, "toggle")),
    (["--home", "/p", "stop"], (Path("/p"), "stop")),
    (["--home=/p", "cancel"], (Path("/p"), "cancel")),
    (["--verbose", "toggle"], None),
    (["toggle", "--help"], None),
    (["--home", "/p"], None),
    (["show"], None),  # not a command of the console script
    (["records", "list"], None),
    ([], None),
])
def test_which_arguments_take_the_fast_path(args: list[str], expected: object) -> None:
    assert fast_command(args) == expected


def test_help_lists_every_command_and_the_plugins() -> None:
    done = subprocess.run([SAYDO, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = sorted(typer.main.get_command(cli).commands)
    assert {"toggle", "start", "stop", "cancel", "app", "records", "bench"} <= set(names)
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(names)


@pytest.mark.parametrize(("args", "expected"), [
    ([], (None,)),
    (["app"], (None,)),
    (["--home", "/p"], (Path("/p"),)),
    (["-v", "--home=/p", "app"], (Path("/p"),)),
    (["--home", "/p", "--verbose"], (Path("/p"),)),
    (["app", "--help"], None),
    (["--help"], None),
    (["records", "list"], None),
    (["--home"], None),  # click's usage error, not a start
])
def test_which_arguments_start_the_app(args: list[str], expected: object) -> None:
    assert app_start(args) == expected


_START_PROBE = """
import os, sys
sys.argv = ["saydo", *sys.argv[1:]]
from app import entry
try:
    entry.main()
except SystemExit:
    pass
marker = os.path.join(sys.argv[2], "data", "run", "starting")
print("marker", open(marker).read() == str(os.getpid()))
"""


def test_a_start_marks_the_profile_as_starting_until_it_ends(tmp_path: Path) -> None:
    """Written before the CLI is imported; here the start fails (no display), and the marker goes with the process."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-c", _START_PROBE, "--home", str(tmp_path), "app"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["marker", "True"], done.stderr
    assert "no display" in done.stderr
    assert (tmp_path / "data" / "run").is_dir() and not (tmp_path / "data" / "run" / "starting").exists()
