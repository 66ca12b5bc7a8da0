"""`saydo records edit ID` without --set: the record opens in a real $EDITOR (a script that rewrites the file)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import SAYDO, lines

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

EDITOR_SCRIPT = """
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as fh:
    text = fh.read()
open(sys.argv[2], "w", encoding="utf-8").write(text)  # what the editor was shown, for the test to read
if sys.argv[3] == "rewrite":
    record = json.loads(text)
    record["fields"]["text"] = "call Li Wei about the 30 万 quote"
    text = json.dumps(record, ensure_ascii=False)
elif sys.argv[3] == "break":
    text = "{not json"
with open(path, "w", encoding="utf-8") as fh:
    fh.write(text)
"""


def edit(home: Path, record_id: str, tmp_path: Path, action: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    shown = tmp_path / "shown.json"
    # click runs `$EDITOR "file"`; a wrapper adds the script's own arguments after the file name.
    wrapper = tmp_path / "editor.sh"
    args = " ".join(shlex.quote(str(a)) for a in (sys.executable, script))
    wrapper.write_text(f'#!/bin/sh\nexec {args} "$1" {shlex.quote(str(shown))} {action}\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "EDITOR": str(wrapper), "VISUAL": str(wrapper)}
    return subprocess.run([SAYDO, "--home", str(home), "records", "edit", record_id], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=120)


def show(home: Path, record_id: str) -> dict:
    result = subprocess.run([SAYDO, "--home", str(home), "records", "show", record_id, "--json"],
                            capture_output=True, text=True, timeout=120)
    return lines(result.stdout)[0]


def test_the_editor_changes_a_field_as_a_new_revision(home_with_a_note, tmp_path: Path) -> None:
    home, record_id = home_with_a_note
    result = edit(home, record_id, tmp_path, "rewrite")
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "shown.json").read_text(encoding="utf-8")) == {
        "intent": "note", "fields": {"text": "call Li Wei"}}
    shown = show(home, record_id)
    assert shown["fields"]["text"] == "call Li Wei about the 30 万 quote"
    assert shown["revision"] == 2


def test_leaving_the_editor_without_a_change_changes_nothing(home_with_a_note, tmp_path: Path) -> None:
    home, record_id = home_with_a_note
    result = edit(home, record_id, tmp_path, "keep")
    assert result.returncode == 0, result.stderr
    assert "no change" in result.stderr
    assert show(home, record_id)["revision"] == 1


def test_broken_json_from_the_editor_is_refused(home_with_a_note, tmp_path: Path) -> None:
    home, record_id = home_with_a_note
    result = edit(home, record_id, tmp_path, "break")
    assert result.returncode == 1
    assert "not JSON" in result.stderr and "unchanged" in result.stderr and "Traceback" not in result.stderr
    assert show(home, record_id)["fields"]["text"] == "call Li Wei"
