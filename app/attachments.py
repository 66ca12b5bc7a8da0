"""Photos and files attached to records, the files' side (the store's is `records.attachments`), the same for the
CLI and the app.

Every file is checked before anything is copied (there, a plain readable file, within the size limit); each is then
copied into the data folder under its sha256, private (0600) like the audio, so the same photo is stored once however
often it is attached; then the store records them in one transaction. A failure anywhere, a full disk included,
leaves neither a copy nor a row behind. Detaching removes the stored file once no record holds it any more.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import stat
import uuid
from collections.abc import Sequence
from pathlib import Path

from records import Store
from records.attachments import Attached, Detached, NewFile, attach, detach

from .private import copy_private, private_dir

log = logging.getLogger(__name__)

MB = 2**20
# What the first bytes say beats the name: a phone's "IMG_0001.JPG" may be a HEIC, a renamed file anything.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (4, b"ftypheic", "image/heic"),
    (4, b"ftypheix", "image/heic"),
    (4, b"ftypmif1", "image/heif"),
    (4, b"ftypqt  ", "video/quicktime"),
    (4, b"ftypisom", "video/mp4"),
    (4, b"ftypmp42", "video/mp4"),
)
_HEAD_BYTES = 16


class AttachError(ValueError):
    """Files that cannot be attached, each with why; nothing was attached."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) + "; nothing was attached")


def attach_files(store: Store, record_id: str, files: Sequence[Path], folder: Path, max_bytes: int) -> Attached:
    """Attach `files` to the record, storing their bytes in `folder` (the data folder's attachments). Raises
    AttachError when any file cannot be attached (then none is), StoreError when the store cannot record them."""
    sources = check_files(files, max_bytes)
    created: list[Path] = []
    new: list[NewFile] = []
    try:
        for source in sources:
            stored, sha256, size, fresh = _store(source, folder, max_bytes)
            if fresh:
                created.append(stored)
            new.append(NewFile(sha256, source.name, size, mime_type(source.name, stored), str(stored)))
        attached = attach(store, record_id, new)
    except BaseException:
        for path in created:  # no row refers to them: the same as never copied
            path.unlink(missing_ok=True)
        raise
    log.info("attached %d files to %s (revision %d)", len(attached.added), attached.record_id, attached.revision)
    return attached


def detach_file(store: Store, record_id: str, ref: str) -> Detached:
    """Take an attachment (by name or sha256 prefix) off the record; its stored file goes when no record holds it."""
    detached = detach(store, record_id, ref)
    path = Path(detached.attachment.path) if detached.attachment.path else None
    # Only ever a file this module stored: named by its hash.
    if not detached.still_held and path is not None and path.stem == detached.attachment.sha256:
        path.unlink(missing_ok=True)
        log.info("deleted the stored file of %s, no record holds it now", detached.attachment.name)
    return detached


def check_files(files: Sequence[Path], max_bytes: int) -> list[Path]:
    """The files, or AttachError naming every one that cannot be attached (a link counts as what it points to)."""
    problems: list[str] = []
    found: list[Path] = []
    for file in files:
        problem = _problem(Path(file), max_bytes)
        if problem:
            problems.append(f"{file}: {problem}")
        else:
            found.append(Path(file))
    if problems:
        raise AttachError(problems)
    if not found:
        raise AttachError(["no files given"])
    return found


def _problem(path: Path, max_bytes: int) -> str | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; attach the files in it"
    if not stat.S_ISREG(info.st_mode):
        return "is not a plain file"
    if info.st_size > max_bytes:
        return (f"{info.st_size / MB:.1f} MB, larger than the {max_bytes / MB:g} MB an attachment may be "
                "(setting attachment_max_mb)")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return None


def _store(source: Path, folder: Path, max_bytes: int) -> tuple[Path, str, int, bool]:
    """Copy `source` into `folder` under its sha256; returns (where, sha256, size, whether this call created it).
    Copied first and hashed from the copy, so the hash is that of the bytes kept even if the source changes."""
    private_dir(folder)
    tmp = folder / f".{uuid.uuid4().hex}.tmp"
    try:
        copy_private(source, tmp)
        size = tmp.stat().st_size
        if size > max_bytes:  # it grew since it was checked (still being written by a phone sync)
            raise AttachError([f"{source}: grew past the {max_bytes / MB:g} MB limit while it was copied"])
        with tmp.open("rb") as handle:
            sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        stored = next((p for p in folder.glob(f"{sha256}*") if p.stem == sha256), None)
        if stored is not None:  # the same bytes attached before, perhaps under another name
            tmp.unlink()
            return stored, sha256, size, False
        target = folder / f"{sha256}{_suffix(source.name)}"
        tmp.replace(target)
        return target, sha256, size, True
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise AttachError([f"{source}: could not be stored ({error.strerror or error})"]) from error
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not leave half a photo behind
        raise


def _suffix(name: str) -> str:
    """The original name's extension, kept on the stored copy so that the system knows what opens it (Windows and
    macOS go by it); none when it is not a plain short one."""
    suffix = Path(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def mime_type(name: str, stored: Path) -> str:
    """The file's MIME type: from its first bytes when they are a kind we know, else from its name's extension."""
    with stored.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    for offset, magic, mime in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if guessed:
        return guessed
    return {".heic": "image/heic", ".heif": "image/heif"}.get(Path(name).suffix.lower(), "application/octet-stream")
