"""The inbox folder with the real models and a real store: settled files become drafts, half-written ones wait,
corrupt ones are set aside with the reason, duplicates are not filed twice, a locked store loses nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from app.inbox import Inbox
from app.pipeline import Pipeline
from app.settings import load_settings
from tests.cli import saydo
from tests.conftest import DATA, NOW

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

CLIP = DATA / "dictation" / "zh-reminder-liu.flac"


@pytest.fixture
def inbox(tmp_path: Path, pipeline) -> Inbox:
    settings, paths = load_settings(tmp_path / "home")
    folder = tmp_path / "inbox"
    folder.mkdir()
    own = Pipeline(settings.model_copy(update={"timezone": "Asia/Shanghai"}), paths,
                   transcriber=pipeline.transcriber, parser=pipeline.parser)
    return Inbox(folder, own, settle_s=2.0)


def drop(inbox: Inbox, name: str, source: Path = CLIP, *, age_s: float = 60.0) -> Path:
    target = inbox.folder / name
    shutil.copyfile(source, target)
    stamp = (NOW.timestamp() if age_s >= 60 else time.time() - age_s)
    os.utime(target, (stamp, stamp))
    return target


def test_a_settled_recording_becomes_a_draft_dated_from_when_it_was_recorded(inbox: Inbox) -> None:
    drop(inbox, "phone-0001.flac")
    [item] = inbox.poll()
    assert item.error is None and item.moved_to == inbox.folder / "processed" / "phone-0001.flac"
    row = inbox.pipeline.store.get(item.record_id)
    assert (row.status, row.source, row.intent) == ("draft", "inbox", "reminder")
    # The file's time (Monday 2026-11-23 10:00, Shanghai) is the reference: "明天" is the 24th.
    assert row.fields["remind_at"].startswith("2026-11-24")
    assert not list(inbox.folder.glob("*.flac"))


def test_half_written_and_partial_files_are_not_read_early(inbox: Inbox) -> None:
    fresh = drop(inbox, "still-copying.flac", age_s=0.0)
    drop(inbox, "download.flac.part")
    (inbox.folder / ".syncthing.x.flac.tmp").write_bytes(b"partial")
    assert inbox.poll() == []
    assert fresh.exists()
    old = NOW.timestamp()
    os.utime(fresh, (old, old))
    [item] = inbox.poll()
    assert item.file == fresh and item.record_id


def test_corrupt_file_is_set_aside_with_the_reason(inbox: Inbox, tmp_path: Path) -> None:
    corrupt = tmp_path / "broken.m4a"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x17" * 500)
    drop(inbox, "broken.m4a", corrupt)
    [item] = inbox.poll()
    assert item.record_id is None and "cannot decode" in item.error
    assert item.moved_to == inbox.folder / "failed" / "broken.m4a"
    assert "cannot decode" in (inbox.folder / "failed" / "broken.m4a.error.txt").read_text(encoding="utf-8")
    assert inbox.pipeline.store.list() == []


def test_the_same_recording_twice_is_filed_once(inbox: Inbox) -> None:
    drop(inbox, "a.flac")
    [first] = inbox.poll()
    drop(inbox, "a.flac")  # synced again under the same name
    [second] = inbox.poll()
    assert second.record_id == first.record_id
    assert second.moved_to == inbox.folder / "processed" / "a-1.flac"
    assert len(inbox.pipeline.store.list()) == 1


def test_a_locked_store_leaves_the_file_for_the_next_look(inbox: Inbox) -> None:
    store = inbox.pipeline.store
    locker = sqlite3.connect(store.path)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        drop(inbox, "a.flac")
        assert inbox.poll() == []
        assert (inbox.folder / "a.flac").exists()
    finally:
        locker.rollback()
        locker.close()
    [item] = inbox.poll()
    assert item.record_id and store.get(item.record_id).intent == "reminder"


def test_cli_needs_an_existing_folder(tmp_path: Path) -> None:
    result = saydo(tmp_path, "inbox")
    assert result.returncode == 2 and "inbox_dir" in result.stderr
    result = saydo(tmp_path, "inbox", str(tmp_path / "missing"))
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_a_recorded_question_is_kept_aside_not_filed(inbox: Inbox) -> None:
    drop(inbox, "phone-question.flac", DATA / "dictation" / "en-question-meetings.flac")
    [item] = inbox.poll()
    assert item.moved_to == inbox.folder / "processed" / "phone-question.flac"
    assert item.error is not None and "question" in item.error
    row = inbox.pipeline.store.get(item.record_id)
    assert (row.status, row.intent) == ("discarded", None)
    assert "meeting" in row.transcript.lower()
