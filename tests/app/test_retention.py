"""Audio retention on a real store and real files: the recording goes when the policy says, the record stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.filing import Filing
from app.retention import apply_retention
from app.settings import Settings
from records import AudioRef, Store

TASK = {"intent": "task", "fields": {"title": "send the quote", "assignee": None, "due": None, "priority": "normal"}}
T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store.open(tmp_path / "saydo.db", clock=clock)


def add_with_audio(store: Store, tmp_path: Path, name: str = "a", data: bytes = b"RIFF audio") -> tuple[str, Path]:
    audio = tmp_path / f"{name}.wav"
    audio.write_bytes(data)
    record_id = store.add(TASK, transcript="send the quote", lang="en", source="cli",
                          audio=AudioRef(path=str(audio), sha256=name * 8, duration_s=1.0))
    return record_id, audio


def test_delete_after_filing_removes_the_file_on_confirm_and_keeps_the_record(store: Store, tmp_path: Path) -> None:
    filing = Filing(store, Settings(audio_retention="delete_after_filing"))
    record_id, audio = add_with_audio(store, tmp_path)
    filing.discard(record_id)
    assert audio.exists()  # a discarded draft may still be replayed
    filing.confirm(record_id)
    assert not audio.exists()
    row = store.get(record_id)
    assert (row.audio.path, row.audio.retention, row.audio.sha256) == (None, "deleted", "a" * 8)
    assert row.transcript == "send the quote" and row.record == TASK


def test_keep_keeps(store: Store, tmp_path: Path, clock: Clock) -> None:
    filing = Filing(store, Settings())
    record_id, audio = add_with_audio(store, tmp_path)
    filing.confirm(record_id)
    assert apply_retention(store, Settings(), clock.now + timedelta(days=3650)) == []
    assert audio.exists()


def test_after_n_days(store: Store, tmp_path: Path, clock: Clock) -> None:
    settings = Settings(audio_retention_days=30)
    filing = Filing(store, settings)
    old, old_audio = add_with_audio(store, tmp_path, "o")
    filing.confirm(old)
    clock.now = T0 + timedelta(days=20)
    new, new_audio = add_with_audio(store, tmp_path, "n")
    filing.confirm(new)
    draft, draft_audio = add_with_audio(store, tmp_path, "d")

    assert apply_retention(store, settings, T0 + timedelta(days=31)) == [old]
    assert not old_audio.exists() and new_audio.exists() and draft_audio.exists()
    assert apply_retention(store, settings, T0 + timedelta(days=31)) == []  # nothing twice
    assert apply_retention(store, settings, T0 + timedelta(days=51)) == [new]
    assert draft_audio.exists()  # drafts wait for a person, whatever their age


def test_shared_recording_stays_while_another_record_keeps_it(store: Store, tmp_path: Path) -> None:
    filing = Filing(store, Settings(audio_retention="delete_after_filing"))
    first, audio = add_with_audio(store, tmp_path, "s")
    second = store.add(TASK, transcript="send the quote", lang="en", source="cli",
                       audio=AudioRef(path=str(audio), sha256="s" * 8, duration_s=1.0))
    filing.confirm(first)
    assert audio.exists()
    filing.confirm(second)
    assert not audio.exists()
