"""The CLI's error boundary: what a person can fix is one line on stderr and exit 1 (2 for usage), never a traceback;
and a command that only reads works on a folder it cannot write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli.base import _expected
from asr import AudioError
from records import StoreError
from tests.cli import PINNED, lines, saydo
from tests.conftest import SAMPLES
from tests.readonly import read_only

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def one_clear_line(result, code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith(("error:", "Error:"))]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_a_wrong_status_is_one_line(home_with_a_note) -> None:
    home, _ = home_with_a_note
    line = one_clear_line(saydo(home, "records", "list", "--status", "bogus"))
    assert "draft, confirmed, discarded" in line and "bogus" in line


@pytest.mark.parametrize("command", [["records", "list"], ["records", "search", "Li"]])
def test_a_limit_below_one_is_a_usage_error(home_with_a_note, command: list[str]) -> None:
    home, _ = home_with_a_note
    line = one_clear_line(saydo(home, *command, "--limit", "0"), code=2)
    assert "--limit" in line


def test_verbose_shows_where_an_expected_error_happened(home_with_a_note) -> None:
    home, _ = home_with_a_note
    quiet = saydo(home, "records", "list", "--status", "bogus")
    assert "--verbose" in quiet.stderr
    loud = saydo(home, "--verbose", "records", "list", "--status", "bogus")
    assert loud.returncode == 1 and "Traceback" in loud.stderr and "records/store.py" in loud.stderr


def test_reading_commands_work_in_a_folder_that_cannot_be_written(home_with_a_note) -> None:
    home, record_id = home_with_a_note
    with read_only(home):
        listed = saydo(home, "records", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [row["id"] for row in lines(listed.stdout)] == [record_id]
        found = saydo(home, "records", "search", "Li Wei", "--json")
        assert [row["id"] for row in lines(found.stdout)] == [record_id]
        shown = saydo(home, "records", "show", record_id, "--json")
        assert lines(shown.stdout)[0]["fields"] == {"text": "call Li Wei"}
        # A command that writes says why it cannot, in one line.
        line = one_clear_line(saydo(home, "records", "confirm", record_id))
        assert "saydo.db" in line


def test_a_reference_time_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    line = one_clear_line(saydo(tmp_path, "parse", "call Bob tomorrow", "--now", "9999-12-31T23:59"), code=2)
    assert "9999-12-31T23:59" in line and "out of range" in line


def test_settings_that_are_not_utf8_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_bytes('timezone = "Asia/Shanghai"\n# caf\xe9\n'.encode("latin-1"))
    line = one_clear_line(saydo(tmp_path, "records", "list"))
    assert "UTF-8" in line and "config.toml" in line


def test_the_boundary_tells_expected_errors_from_bugs() -> None:
    assert _expected(StoreError("locked")) and _expected(AudioError("corrupt"))
    assert _expected(PermissionError(13, "Permission denied", "/x"))
    assert not _expected(BrokenPipeError(32, "Broken pipe"))  # click ends quietly on a closed pipe
    assert not _expected(KeyError("x")) and not _expected(OverflowError("date value out of range"))


def test_transcribe_does_not_create_the_store(tmp_path: Path) -> None:
    result = saydo(tmp_path, "transcribe", str(SAMPLES / "en-task.flac"), "--json")
    assert result.returncode == 0, result.stderr
    assert "david" in lines(result.stdout)[0]["transcript"].lower()
    assert not (tmp_path / "data" / "saydo.db").exists()


def test_run_in_a_home_that_cannot_be_written_prints_what_was_heard(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    clip = tmp_path / "en-task.flac"
    shutil.copyfile(SAMPLES / "en-task.flac", clip)
    with read_only(home):
        result = saydo(home, "run", str(clip), "--yes", "--json", *PINNED)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = lines(result.stdout)
    assert "david" in line["transcript"].lower() and "nothing was filed" in line["error"]
    assert line["record"]["intent"] == "task"
