"""The audio retention policy (settings `audio_retention`, `audio_retention_days`): recordings are deleted after
filing or after N days when the user chose so; the record, its transcript and the audio's hash always stay."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from records import Store, StoredRecord

from .settings import Settings

log = logging.getLogger(__name__)


def audio_due_for_deletion(record: StoredRecord, settings: Settings, now: datetime) -> bool:
    if record.status != "confirmed" or record.audio is None or record.audio.retention != "kept":
        return False
    if settings.audio_retention == "delete_after_filing":
        return True
    if settings.audio_retention_days is None:
        return False
    filed = datetime.fromisoformat(record.updated_at)
    return now - filed >= timedelta(days=settings.audio_retention_days)


def delete_audio(store: Store, record: StoredRecord) -> None:
    """Forget one record's recording. The file goes only when no other kept record was filed from the same audio."""
    assert record.audio is not None and record.audio.path
    store.mark_audio_deleted(record.id)
    others = [store.get(other) for other in store.ids_for_audio(record.audio.sha256) if other != record.id]
    if any(o.audio and o.audio.retention == "kept" for o in others):
        return
    Path(record.audio.path).unlink(missing_ok=True)
    log.info("deleted the audio of %s (retention)", record.id)


def apply_retention(store: Store, settings: Settings, now: datetime) -> list[str]:
    """Delete every recording the policy says is due; returns the record ids whose audio went. Safe to re-run: a
    crash between the file and the row is finished the next time."""
    if settings.audio_retention != "delete_after_filing" and settings.audio_retention_days is None:
        return []
    done = []
    for record in store.list(status="confirmed", limit=None):
        if audio_due_for_deletion(record, settings, now):
            delete_audio(store, record)
            done.append(record.id)
    return done
