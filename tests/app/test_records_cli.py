"""`saydo records search | history | export | edit | replay` on a store filed by the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli import lines, saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def ids_by_intent(out: list[dict]) -> dict[str, str]:
    return {o["record"]["intent"]: o["id"] for o in out}


def test_search_finds_by_transcript_and_field_text(filed) -> None:
    home, out = filed
    ids = ids_by_intent(out)
    found = lines(saydo(home, "records", "search", "孙经理", "--json").stdout)
    assert [r["id"] for r in found] == [ids["visit_note"]]
    found = lines(saydo(home, "records", "search", "david", "--json").stdout)
    assert [r["id"] for r in found] == [ids["task"]]
    assert saydo(home, "records", "search", "nothing-like-this", "--json").stdout.strip() == ""


def test_export_json_csv_md(filed, tmp_path: Path) -> None:
    home, out = filed
    exported = json.loads(saydo(home, "records", "export", "--format", "json").stdout)
    assert {r["id"] for r in exported} == {o["id"] for o in out}
    assert all(r["record"] == o["record"] for r in exported for o in out if o["id"] == r["id"])

    target = tmp_path / "out" / "records.csv"
    result = saydo(home, "records", "export", "-f", "csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_intent = {row["intent"]: row for row in rows}
    assert by_intent["visit_note"]["contacts"] == "孙经理"
    assert by_intent["task"]["assignee"] == "David"
    assert by_intent["visit_note"]["deal_value"] == "300000"

    md = saydo(home, "records", "export", "--format", "md", "--intent", "task").stdout
    assert md.startswith("# saydo records (1)") and "| assignee | David |" in md


def test_export_refuses_an_unknown_format(filed) -> None:
    home, _ = filed
    result = saydo(home, "records", "export", "--format", "xlsx")
    assert result.returncode == 2 and "csv, json, md" in result.stderr


def test_edit_makes_a_revision_and_keeps_the_old_one(home_copy) -> None:
    home, out = home_copy
    task = ids_by_intent(out)["task"]
    result = saydo(home, "records", "edit", task, "--set", "priority=normal", "--set", "due=2026-11-27")
    assert result.returncode == 0, result.stderr
    shown = lines(saydo(home, "records", "show", task, "--json").stdout)[0]
    assert shown["fields"]["due"] == "2026-11-27" and shown["fields"]["priority"] == "normal"
    history = lines(saydo(home, "records", "history", task, "--json").stdout)
    assert [h["reason"] for h in history][-1] == "edited"
    assert history[-2]["fields"]["priority"] == "high"  # what the parser said is still there


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "due=next tuesday"], "due"),
        (["--set", "colour=blue"], "no field 'colour'"),
        (["--set", "priority"], "FIELD=VALUE"),
        (["--intent", "meeting"], "starts_at"),
    ],
)
def test_invalid_edit_is_refused_and_changes_nothing(home_copy, args: list[str], message: str) -> None:
    home, out = home_copy
    task = ids_by_intent(out)["task"]
    before = saydo(home, "records", "history", task, "--json").stdout
    result = saydo(home, "records", "edit", task, *args)
    assert result.returncode == 1
    assert message in result.stderr and "unchanged" in result.stderr
    assert saydo(home, "records", "history", task, "--json").stdout == before


def test_edit_switches_intent(home_copy) -> None:
    home, out = home_copy
    task = ids_by_intent(out)["task"]
    result = saydo(home, "records", "edit", task, "--intent", "note", "--set", "text=call David about the quote")
    assert result.returncode == 0, result.stderr
    shown = lines(saydo(home, "records", "show", task, "--json").stdout)[0]
    assert (shown["intent"], shown["fields"]) == ("note", {"text": "call David about the quote"})


def test_replay_reruns_the_models_as_a_new_revision(home_copy) -> None:
    home, out = home_copy
    visit = ids_by_intent(out)["visit_note"]
    result = saydo(home, "records", "replay", visit, "--json")
    assert result.returncode == 0, result.stderr
    replayed = lines(result.stdout)[0]
    assert replayed["record"]["intent"] == "visit_note"
    assert replayed["previous_transcript"] and replayed["transcript"]
    history = lines(saydo(home, "records", "history", visit, "--json").stdout)
    assert history[-1]["reason"].startswith("replayed with whisper-base-bundled")
    assert history[-1]["status"] == "confirmed"  # a replay never un-files a record
    assert len(history) == 5  # created, transcribed, understood, confirmed, replayed
