"""Folder sink: one Markdown file (YAML front matter, then the transcript) and one JSON file per record, for a
folder that Syncthing, OneDrive, Dropbox or an Obsidian vault carries elsewhere.

Files are named `<YYYY-MM-DD>-<intent>-<id>.md|.json` and always written whole: to a temp file in the same folder,
flushed to disk, then renamed over the old one, so a sync tool never picks up half a file. Delivering the same
revision twice rewrites the same bytes; an older revision never overwrites a newer one. A record's photos and files
go to `attachments/<id>/<name>`, written before the Markdown that links them, so a link never points at nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Annotated, Any, Literal
from urllib.parse import quote

import yaml

from ..entities import Attachment
from ..ical import record_to_ics
from .base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, SinkError, SinkRejected, require
from .registry import register_sink

log = logging.getLogger(__name__)

_TEMP_PREFIX = ".saydo-"
# Keys the front matter always has; a record field of the same name is written as `field_<name>` instead.
_META = ("id", "intent", "status", "revision", "lang", "created", "updated")
ATTACHMENTS_DIR = "attachments"


class FolderConfig(SinkConfig):
    kind: Literal["folder"] = "folder"
    path: Annotated[Path | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Folder"), "path", required=True)] = None


class FolderSink:
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = Path(path).expanduser()
        # Record id -> its file names here. Listed once, then kept up to date by this sink: finding a record's old
        # files by listing the folder on every delivery makes a large vault quadratic.
        self._names: dict[str, set[str]] | None = None

    def deliver(self, delivery: Delivery) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            existing = self._files_of(delivery.record_id)
            newest = self._stored_revision(existing)
            if newest is not None and newest > delivery.revision:
                log.info("%s: %s already holds revision %d, newer than %d; leaving it", self.name,
                            delivery.record_id, newest, delivery.revision)
                return
            if delivery.action == "delete":
                for path in existing:
                    path.unlink(missing_ok=True)
                shutil.rmtree(self.path / ATTACHMENTS_DIR / delivery.record_id, ignore_errors=True)
                _remove_if_empty(self.path / ATTACHMENTS_DIR)
                self._known().pop(delivery.record_id, None)
                return
            copied = self._write_attachments(delivery)
            stem = _stem(delivery)
            self._write(self.path / f"{stem}.json", json.dumps(delivery.to_json(), ensure_ascii=False, indent=2))
            self._write(self.path / f"{stem}.md", markdown(delivery, copied))
            written = {f"{stem}.json", f"{stem}.md"}
            # Meetings, dated tasks, reminders and follow-ups also as a calendar file (double-click to import).
            ics = record_to_ics(delivery.record_id, delivery.intent, delivery.fields, revision=delivery.revision,
                                transcript=delivery.transcript, lang=delivery.lang,
                                created_at=delivery.created_at, updated_at=delivery.updated_at)
            if ics is not None:
                self._write_bytes(self.path / f"{stem}.ics", ics)
                written.add(f"{stem}.ics")
            # The intent (and so the name) may have changed with this revision, or the date gone: drop what is stale.
            for path in existing:
                if path.name not in written:
                    path.unlink(missing_ok=True)
            self._known()[delivery.record_id] = written
        except OSError as error:
            raise SinkError(f"could not write to {self.path}: {error.strerror or error}") from error

    def close(self) -> None:
        """Nothing is held open between deliveries."""

    def _write_attachments(self, delivery: Delivery) -> set[str]:
        """Copy the record's attachments into its folder (whole files only), drop those it no longer holds; returns
        the names copied. One whose stored file is gone (the user's data folder moved) is listed but not linked."""
        folder = self.path / ATTACHMENTS_DIR / delivery.record_id
        copied: set[str] = set()
        for attachment in delivery.attachments:
            source = Path(attachment.path) if attachment.path else None
            if source is None or not source.is_file():
                log.warning("%s: the file of attachment %s of %s is gone; not copied", self.name,
                               attachment.name, delivery.record_id)
                continue
            target = folder / _file_name(attachment)
            if not _same_file(target, attachment):
                folder.mkdir(parents=True, exist_ok=True)
                with source.open("rb") as src:
                    self._write_whole(target, lambda handle: shutil.copyfileobj(src, handle))
            copied.add(target.name)
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name not in copied and entry.is_file():
                    entry.unlink(missing_ok=True)
            _remove_if_empty(folder)
            _remove_if_empty(folder.parent)
        return copied

    def _files_of(self, record_id: str) -> list[Path]:
        return sorted(self.path / name for name in self._known().get(record_id, ()) if (self.path / name).exists())

    def _known(self) -> dict[str, set[str]]:
        if self._names is None:
            self._names = {}
            for entry in os.scandir(self.path):
                stem, dot, suffix = entry.name.rpartition(".")
                if dot and suffix in ("md", "json", "ics") and not entry.name.startswith(_TEMP_PREFIX):
                    self._names.setdefault(stem.rsplit("-", 1)[-1], set()).add(entry.name)
        return self._names

    @staticmethod
    def _stored_revision(files: list[Path]) -> int | None:
        for path in files:
            if path.suffix == ".json":
                try:
                    return int(json.loads(path.read_text(encoding="utf-8"))["revision"])
                except (OSError, ValueError, KeyError, TypeError):
                    # Someone edited or broke the copy in the folder; the delivery replaces it.
                    return None
        return None

    def _write(self, target: Path, text: str) -> None:
        self._write_bytes(target, text.encode("utf-8"))

    def _write_bytes(self, target: Path, data: bytes) -> None:
        self._write_whole(target, lambda handle: handle.write(data))

    @staticmethod
    def _write_whole(target: Path, fill: Callable[[IO[bytes]], object]) -> None:
        # Opened outside `with`: the except below must still know its name to remove it.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            dir=target.parent, prefix=_TEMP_PREFIX, suffix=".tmp", delete=False)
        try:
            with handle:
                fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, target)
        except BaseException:
            # A full disk must not leave half a file behind for the sync tool to spread.
            Path(handle.name).unlink(missing_ok=True)
            raise


def markdown(delivery: Delivery, copied: set[str] | frozenset[str] = frozenset()) -> str:
    """YAML front matter (metadata, then the fields as top-level properties, as Obsidian reads them), then the
    transcript, then the attachments: linked when their file was `copied` beside it (images shown inline)."""
    front: dict[str, Any] = {
        "id": delivery.record_id,
        "intent": delivery.intent,
        "status": delivery.status,
        "revision": delivery.revision,
        "lang": delivery.lang,
        "created": delivery.created_at,
        "updated": delivery.updated_at,
    }
    for key, value in (delivery.fields or {}).items():
        front[f"field_{key}" if key in _META else key] = value
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False)
    text = f"---\n{header}---\n\n{delivery.transcript}\n"
    if delivery.attachments:
        text += "\n## Attachments\n\n" + "".join(f"- {_link(delivery.record_id, a, copied)}\n"
                                                 for a in delivery.attachments)
    return text


def _link(record_id: str, attachment: Attachment, copied: set[str] | frozenset[str]) -> str:
    label = re.sub(r"([\\\[\]])", r"\\\1", attachment.name)
    name = _file_name(attachment)
    if name not in copied:
        return f"{label} (file not available)"
    target = quote(f"{ATTACHMENTS_DIR}/{record_id}/{name}")
    return f"{'!' if attachment.mime.startswith('image/') else ''}[{label}]({target})"


def _file_name(attachment: Attachment) -> str:
    # The store keeps names clean; a stray path part must still never leave the record's folder.
    return Path(attachment.name).name or attachment.sha256


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty, or not there: either way nothing of ours to tidy
        folder.rmdir()


def _same_file(target: Path, attachment: Attachment) -> bool:
    """Whether `target` already holds the attachment's bytes (a redelivery): the size first, as it is cheap."""
    try:
        if target.stat().st_size != attachment.size:
            return False
        with target.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == attachment.sha256
    except OSError:
        return False


def _stem(delivery: Delivery) -> str:
    # The local date, as the user thinks of the day they spoke.
    day = datetime.fromisoformat(delivery.created_at).astimezone().date().isoformat()
    intent = re.sub(r"[^\w-]+", "_", delivery.intent or "record")
    return f"{day}-{intent}-{delivery.record_id}"


def _factory(settings: FolderConfig, timeout_s: float) -> FolderSink:
    path = Path(require(settings, "path", "the folder to write records into")).expanduser()
    if path.exists() and not path.is_dir():
        raise SinkRejected(f"sink {settings.name!r}: {path} exists and is not a folder")
    return FolderSink(settings.name, path)


register_sink(FolderConfig, _factory)
