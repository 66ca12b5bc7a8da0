"""Folder sink: whole files only (temp file + rename), idempotent by record id, and a full disk loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from records import Store
from records.outbox import Outbox
from records.sinks import Delivery, SinkError, SinkRejected, make_sink
from records.sinks.folder import FolderConfig, FolderSink
from tests.servers.fixtures import T0, VISIT, file_confirmed, outbox  # noqa: F401

RECORD_ID = "01JCZ7Q3B2M4N5P6Q7R8S9T0VW"


def delivery(revision: int = 2, action: str = "upsert", intent: str = "visit_note",
             transcript: str = "见了Acme的张经理", **fields: object) -> Delivery:
    return Delivery(
        record_id=RECORD_ID,
        revision=revision,
        action=action,  # type: ignore[arg-type]
        intent=intent,
        fields={**VISIT["fields"], **fields},
        transcript=transcript,
        lang="zh",
        status="confirmed",
        created_at="2025-03-10T09:00:00.000000+00:00",
        updated_at="2025-03-10T09:05:00.000000+00:00",
    )


def test_writes_markdown_with_front_matter_and_json(tmp_path: Path) -> None:
    sink = FolderSink("vault", tmp_path)
    sink.deliver(delivery(id="field named id"))
    [md] = tmp_path.glob("*.md")
    [js] = tmp_path.glob("*.json")
    assert md.name.endswith(f"-visit_note-{RECORD_ID}.md") and md.stem == js.stem
    text = md.read_text(encoding="utf-8")
    assert text.startswith("---\n") and text.rstrip().endswith("见了Acme的张经理")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["id"] == RECORD_ID and front["revision"] == 2 and front["client"] == "Acme"
    assert front["contacts"] == ["张经理", "Li Wei"] and front["field_id"] == "field named id"
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["id"] == RECORD_ID and data["fields"]["deal_value"] == 35000
    assert not list(tmp_path.glob(".saydo-*"))  # no temp files left behind


def test_redelivery_rewrites_the_same_files_and_older_revisions_never_win(tmp_path: Path) -> None:
    sink = FolderSink("vault", tmp_path)
    sink.deliver(delivery(revision=3, summary="newest"))
    before = sorted(p.read_bytes() for p in tmp_path.iterdir())
    sink.deliver(delivery(revision=3, summary="newest"))
    assert sorted(p.read_bytes() for p in tmp_path.iterdir()) == before
    sink.deliver(delivery(revision=2, summary="stale"))
    assert json.loads(next(tmp_path.glob("*.json")).read_text())["fields"]["summary"] == "newest"


def test_a_new_intent_renames_and_delete_removes(tmp_path: Path) -> None:
    sink = FolderSink("vault", tmp_path)
    sink.deliver(delivery(revision=2))
    sink.deliver(delivery(revision=3, intent="note"))
    assert sorted(p.name.split("-", 3)[3] for p in tmp_path.iterdir()) == [
        f"note-{RECORD_ID}.json", f"note-{RECORD_ID}.md"
    ]
    sink.deliver(delivery(revision=4, action="delete"))
    assert list(tmp_path.iterdir()) == []
    sink.deliver(delivery(revision=4, action="delete"))  # deleting again is fine


def test_calendar_records_also_get_an_ics_file(tmp_path: Path) -> None:
    import icalendar

    sink = FolderSink("vault", tmp_path)
    meeting = {"title": "周会", "starts_at": "2026-11-26T15:00", "duration_min": 60, "attendees": ["王总"],
               "location": "三楼会议室"}
    sink.deliver(Delivery(record_id=RECORD_ID, revision=2, action="upsert", intent="meeting", fields=meeting,
                          transcript="周四下午三点开周会", lang="zh", status="confirmed",
                          created_at="2026-11-23T02:00:00.000000+00:00", updated_at="2026-11-23T02:00:00.000000+00:00"))
    [ics] = tmp_path.glob("*.ics")
    [event] = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(event["UID"]).startswith(RECORD_ID) and str(event["SUMMARY"]) == "周会"
    # Re-filed as a note, the record has no date any more: the calendar file goes.
    sink.deliver(delivery(revision=3, intent="note"))
    assert not list(tmp_path.glob("*.ics"))


def test_a_file_where_the_folder_should_be_is_rejected(tmp_path: Path) -> None:
    blocker = tmp_path / "vault"
    blocker.write_text("not a folder")
    with pytest.raises(SinkRejected, match="is not a folder"):
        make_sink(FolderConfig(name="v", path=blocker), 1.0)


def test_unwritable_folder_is_a_retryable_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SinkError, match="could not write"):
        FolderSink("vault", blocker / "sub").deliver(delivery())


def test_file_size_limit_leaves_no_partial_file(tmp_path: Path) -> None:
    """RLIMIT_FSIZE in a child process: the kernel refuses the write (EFBIG) as a full disk would (ENOSPC)."""
    script = """
import resource, signal, sys
from records.sinks import SinkError
from tests.records.test_sink_folder import delivery
from records.sinks.folder import FolderSink
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    FolderSink("vault", sys.argv[1]).deliver(delivery(transcript="很长" * 5000))
except SinkError as error:
    print("SinkError:", error)
    sys.exit(3)
"""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert result.returncode == 3, result.stderr
    assert "could not write" in result.stdout and "too large" in result.stdout.lower()
    assert list(tmp_path.iterdir()) == []


def test_full_disk_through_the_outbox_loses_nothing(store: Store, outbox: Outbox, tiny_disk: Path) -> None:
    sink = FolderSink("vault", tiny_disk)
    small = file_confirmed(store, VISIT, transcript="短")
    big = file_confirmed(store, VISIT, transcript="很长的录音" * 40_000)  # ~600 KB: cannot fit

    report = outbox.deliver_due([sink], T0)

    assert report.delivered == 1 and report.retrying == 1
    [failed] = outbox.items(big)
    assert failed.state == "pending" and "No space left" in (failed.last_error or "")
    names = sorted(p.name for p in tiny_disk.iterdir())
    # md, json and (a follow-up date) ics of the small one; nothing of the big one, not even a partial file
    assert names == sorted(p.name for p in tiny_disk.glob(f"*{small}.*")) and len(names) == 3
    assert os.statvfs(tiny_disk).f_bfree > 0

