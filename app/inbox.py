"""The inbox folder: recordings that appear there (phone recordings synced by the user's own tools) become drafts.

A file is read only once it has settled (unchanged for `settle_s`, and not named like a sync tool's partial file),
so a half-written recording is never read early. Each file then moves aside: to `processed/` once it is in the
store, to `failed/` (with a `.error.txt` saying why) when it is not audio. When the store cannot take it (locked,
full disk), or the file cannot be read (its permissions, a sync tool holding it), the file stays where it is and is
tried again at the next look: nothing is lost, and the other files go on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asr import SUPPORTED_SUFFIXES, AudioError, NoSpeechError

from .clock import reference_now
from .pipeline import NotFiled, Pipeline, file_sha256

log = logging.getLogger(__name__)

PROCESSED = "processed"
FAILED = "failed"
# Partial-download names of browsers and sync tools (Syncthing, Dropbox, OneDrive, rsync) and hidden files.
_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".!sync")


@dataclass(frozen=True)
class InboxItem:
    file: Path
    moved_to: Path | None
    record_id: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["file"] = str(self.file)
        data["moved_to"] = str(self.moved_to) if self.moved_to else None
        return data


class Inbox:
    def __init__(self, folder: Path, pipeline: Pipeline, *, settle_s: float = 3.0) -> None:
        self.folder = folder
        self.pipeline = pipeline
        self.settle_s = settle_s
        # Files already warned about as unreadable: a watch looks every few seconds and should say so once.
        self._unreadable: set[Path] = set()

    def ready_files(self, now: float | None = None) -> list[Path]:
        """Audio files that have settled, oldest first."""
        now = time.time() if now is None else now
        ready: list[tuple[float, str, Path]] = []
        for path in self.folder.iterdir():
            name = path.name
            if not path.is_file() or name.startswith((".", "~")) or name.lower().endswith(_PARTIAL_SUFFIXES):
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue  # gone since the folder was listed (a sync tool moved it)
            if now - mtime < self.settle_s:
                continue  # still being written, or just finished: look again next time
            ready.append((mtime, path.name, path))
        return [path for *_, path in sorted(ready)]

    def poll(self) -> list[InboxItem]:
        return [item for path in self.ready_files() if (item := self._take(path)) is not None]

    def _take(self, path: Path) -> InboxItem | None:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            if path not in self._unreadable:
                self._unreadable.add(path)
                log.warning("inbox: cannot read %s (%s); it stays where it is and is tried again at each look",
                            path.name, exc.strerror or exc)
            return None
        self._unreadable.discard(path)
        already = self.pipeline.store.ids_for_audio(sha)
        if already:
            return InboxItem(path, self._move(path, PROCESSED), already[0], None)
        # Relative dates in a phone recording ("明天") mean the day it was recorded, not the day it synced.
        recorded = reference_now(datetime.fromtimestamp(path.stat().st_mtime).isoformat(),
                                 self.pipeline.settings.timezone)
        try:
            outcome = self.pipeline.process_file(path, recorded, source="inbox")
        except NoSpeechError as exc:
            return InboxItem(path, self._move(path, PROCESSED), None, str(exc))
        except AudioError as exc:
            moved = self._move(path, FAILED)
            moved.with_name(moved.name + ".error.txt").write_text(str(exc) + "\n", encoding="utf-8")
            return InboxItem(path, moved, None, str(exc))
        except NotFiled as exc:
            log.warning("inbox: %s stays for the next look: %s", path.name, exc)
            return None
        return InboxItem(path, self._move(path, PROCESSED), outcome.record_id, outcome.error)

    def _move(self, path: Path, where: str) -> Path:
        target_dir = self.folder / where
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}-{n}{path.suffix}"
            n += 1
        path.replace(target)
        return target
