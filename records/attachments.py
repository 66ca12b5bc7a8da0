"""Photos and files attached to records, the store's side: which record holds which file (by content hash), under
which name, from which revision until which. The bytes are the caller's to keep (`app.attachments` copies them
into the user's data folder); here a file is its hash, name, size, MIME type and where it lies.

    attached = attach(store, record_id, [NewFile(sha256, "白板.jpg", 123_456, "image/jpeg", "/…/<sha256>")])
    detached = detach(store, record_id, "白板.jpg")  # or the start of its sha256

Each call that changes what a record holds is one new revision (reason "attached …" or "detached …"), so the
record's history shows it and the sinks are sent the record again. A record holds the same bytes once: attaching
them again changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlite_utils import Database

from . import dao
from .entities import Attachment
from .errors import StoreError
from .store import Store, stored_time

MAX_NAME_CHARS = 120
# The shortest start of a sha256 that `detach` accepts, as git accepts a short commit id.
MIN_SHA_PREFIX = 6
_SHA256 = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"[0-9a-fA-F]+")
# Characters a file name cannot hold on Windows or macOS, where a synced folder may end up.
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


class AttachmentNotFound(StoreError):
    """The record holds no attachment by that name or hash."""


@dataclass(frozen=True)
class NewFile:
    """A file whose bytes are already stored at `path`, to be attached to a record."""

    sha256: str
    name: str
    size: int
    mime: str
    path: str | None


@dataclass(frozen=True)
class Attached:
    record_id: str
    revision: int  # the record's revision after the call (the same as before when nothing was new)
    added: tuple[Attachment, ...]
    # Files the record held already (the same bytes), each as the record holds it: possibly under another name.
    already: tuple[Attachment, ...]


@dataclass(frozen=True)
class Detached:
    record_id: str
    revision: int
    attachment: Attachment
    # Another record holds the same bytes, so the stored file must stay.
    still_held: bool


def attach(store: Store, record_id: str, files: Sequence[NewFile]) -> Attached:
    """Attach `files` to the record (id or unique prefix) in one transaction and one revision. Files with the same
    bytes as one the record holds, or as one earlier in `files`, are not attached again; a name the record holds
    for other bytes gets a number ("photo (2).jpg")."""
    files = [_checked(file) for file in files]
    if not files:
        raise StoreError("no files to attach")
    with store.transaction("attach the files") as db:
        row = store._resolve(db, record_id)
        held = {found.sha256: found for found in _current(db, row["id"])}
        names = {found.name.casefold() for found in held.values()}
        new: list[NewFile] = []
        already: list[Attachment] = []
        for file in files:
            if file.sha256 in held:
                already.append(held[file.sha256])
            elif all(file.sha256 != other.sha256 for other in new):
                name = _free_name(file.name, names)
                names.add(name.casefold())
                new.append(NewFile(file.sha256, name, file.size, file.mime, file.path))
        if not new:
            return Attached(row["id"], int(row["revision"]), (), tuple(already))
        stamp = stored_time(store.now())
        reason = "attached " + ", ".join(file.name for file in new)
        revision = store._new_revision(db, row, reason, {}, stamp)
        added = tuple(Attachment(file.sha256, file.name, file.size, file.mime, file.path, revision, stamp)
                      for file in new)
        for attachment in added:
            dao.insert_attachment(db, row["id"], attachment)
    return Attached(row["id"], revision, added, tuple(already))


def detach(store: Store, record_id: str, ref: str) -> Detached:
    """Take the attachment named `ref` (or whose sha256 starts with `ref`, at least 6 characters) off the record, in
    a new revision. Earlier revisions still list it. Raises AttachmentNotFound, naming what the record holds."""
    if not isinstance(ref, str) or not ref.strip():
        raise AttachmentNotFound("say which attachment to detach: its name or the start of its sha256")
    with store.transaction("detach the file") as db:
        row = store._resolve(db, record_id)
        attachment = _find(row["id"], _current(db, row["id"]), ref.strip())
        stamp = stored_time(store.now())
        revision = store._new_revision(db, row, f"detached {attachment.name}", {}, stamp)
        dao.remove_attachment(db, row["id"], attachment.sha256, revision, stamp)
        still_held = db.execute("SELECT 1 FROM attachments WHERE sha256 = ? AND removed_revision IS NULL LIMIT 1",
                                [attachment.sha256]).fetchone() is not None
    return Detached(row["id"], revision, attachment, still_held)


def is_held(store: Store, sha256: str) -> bool:
    """Whether any record holds these bytes now."""
    with store.reading() as db:
        return db.execute("SELECT 1 FROM attachments WHERE sha256 = ? AND removed_revision IS NULL LIMIT 1",
                          [sha256]).fetchone() is not None


def clean_file_name(name: str) -> str:
    """A file's name as an attachment is called: its last path part, without control characters or characters
    other systems refuse in names, not hidden (no leading dot), at most MAX_NAME_CHARS with its extension kept."""
    base = re.split(r"[/\\]", name)[-1]
    base = "".join(char for char in base if unicodedata.category(char) not in ("Cc", "Cf"))
    base = _NOT_IN_NAMES.sub("_", " ".join(base.split())).lstrip(". ")
    if not base:
        return "attachment"
    if len(base) > MAX_NAME_CHARS:
        suffix = PurePath(base).suffix[:16]
        base = base[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
    return base


def _checked(file: NewFile) -> NewFile:
    if not isinstance(file.sha256, str) or not _SHA256.fullmatch(file.sha256):
        raise StoreError(f"an attachment's sha256 is 64 lowercase hex digits, got {file.sha256!r}")
    if isinstance(file.size, bool) or not isinstance(file.size, int) or file.size < 0:
        raise StoreError(f"an attachment's size is a whole number of bytes, got {file.size!r}")
    if not isinstance(file.mime, str) or "/" not in file.mime:
        raise StoreError(f"an attachment's MIME type looks like image/jpeg, got {file.mime!r}")
    if not isinstance(file.name, str):
        raise StoreError(f"an attachment's name is text, got {type(file.name).__name__}")
    return NewFile(file.sha256, clean_file_name(file.name), file.size, file.mime, file.path)


def _current(db: Database, record_id: str) -> list[Attachment]:
    return [dao.attachment(row) for row in dao.attachment_rows(db, [record_id])[record_id]]


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or "stem (2).ext", "stem (3).ext"… when the record holds other bytes under it."""
    if name.casefold() not in taken:
        return name
    path = PurePath(name)
    stem, suffix = (path.stem, path.suffix) if path.stem else (name, "")
    number = 2
    while f"{stem} ({number}){suffix}".casefold() in taken:
        number += 1
    return f"{stem} ({number}){suffix}"


def _find(record_id: str, held: Sequence[Attachment], ref: str) -> Attachment:
    named = [a for a in held if a.name.casefold() == ref.casefold()]
    if named:
        return named[0]
    if len(ref) >= MIN_SHA_PREFIX and _HEX.fullmatch(ref):
        matches = [a for a in held if a.sha256.startswith(ref.lower())]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AttachmentNotFound(f"{ref!r} starts the sha256 of {len(matches)} attachments of {record_id} "
                                     f"({', '.join(a.name for a in matches)}); give more of it, or the name")
    listed = ", ".join(a.name for a in held)
    has = f"it has {listed}" if held else "it has none"
    raise AttachmentNotFound(f"record {record_id} has no attachment {ref!r}; {has}")
