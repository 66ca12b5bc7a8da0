"""Attaching files for real: copied private under their sha256 beside the audio, stored once, removed when no record
holds them; and every bad input (missing, unreadable, a folder, too large, a full disk) refused with nothing
half-written: no copy, no row, no revision."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.attachments import AttachError, attach_files, detach_file, mime_type
from records import Store
from tests.app.test_inbox_unreadable import unreadable

MB = 2**20
LIMIT = 50 * MB
JPEG = bytes.fromhex("ffd8ffe000104a464946") + b"photo of the shelf" * 100


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data" / "saydo.db") as opened:
        yield opened


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "attachments"


@pytest.fixture
def record_id(store: Store) -> str:
    return store.add({"intent": "note", "fields": {"text": "货架"}}, transcript="货架", lang="zh", source="cli")


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_file_is_stored_privately_under_its_hash(store: Store, record_id: str, folder: Path,
                                                   tmp_path: Path) -> None:
    photo = write(tmp_path / "phone" / "shelf.jpg", JPEG)
    attached = attach_files(store, record_id, [photo], folder, LIMIT)
    [added] = attached.added
    sha = hashlib.sha256(JPEG).hexdigest()
    assert (added.sha256, added.name, added.size, added.mime) == (sha, "shelf.jpg", len(JPEG), "image/jpeg")
    kept = folder / f"{sha}.jpg"  # its hash, and its extension for the system to know what opens it
    assert stored_files(folder) == [kept] and added.path == str(kept)
    assert kept.read_bytes() == JPEG
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert photo.read_bytes() == JPEG  # the user's file is left where it was


def test_the_same_photo_twice_is_stored_once_and_listed_once(store: Store, record_id: str, folder: Path,
                                                             tmp_path: Path) -> None:
    photo = write(tmp_path / "a" / "shelf.jpg", JPEG)
    renamed = write(tmp_path / "b" / "IMG_0001.jpg", JPEG)
    first = attach_files(store, record_id, [photo, renamed, photo], folder, LIMIT)
    assert [a.name for a in first.added] == ["shelf.jpg"]
    again = attach_files(store, record_id, [renamed], folder, LIMIT)
    assert again.added == () and [a.name for a in again.already] == ["shelf.jpg"]
    assert [a.name for a in store.get(record_id).attachments] == ["shelf.jpg"]
    other = store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="zh", source="cli")
    attach_files(store, other, [renamed], folder, LIMIT)
    assert len(stored_files(folder)) == 1  # two records, one copy

    detach_file(store, record_id, "shelf.jpg")
    assert len(stored_files(folder)) == 1  # the other record still holds it
    detach_file(store, other, "IMG_0001.jpg")
    assert stored_files(folder) == []
    assert [r.reason for r in store.revisions(record_id)] == ["created", "attached shelf.jpg", "detached shelf.jpg"]


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    video = tmp_path / "visit.mp4"
    with video.open("wb") as handle:  # 200 MB that take no room: a sparse file
        handle.truncate(200 * MB)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "photos").mkdir()
    return {
        "missing": (tmp_path / "gone.jpg", "gone.jpg: no such file"),
        "unreadable": (unreadable(tmp_path, "locked.jpg"), "locked.jpg: cannot be read (Permission denied)"),
        "folder": (tmp_path / "photos", "photos: is a folder; attach the files in it"),
        "video": (video, "visit.mp4: 200.0 MB, larger than the 50 MB an attachment may be (setting "
                         "attachment_max_mb)"),
        "fifo": (fifo, "pipe: is not a plain file"),
    }


@pytest.mark.parametrize("case", ["missing", "unreadable", "folder", "video", "fifo"])
def test_bad_input_is_refused_and_nothing_is_attached(store: Store, record_id: str, folder: Path, tmp_path: Path,
                                                      case: str) -> None:
    bad, message = bad_inputs(tmp_path)[case]
    good = write(tmp_path / "good.jpg", JPEG)
    with pytest.raises(AttachError) as caught:
        attach_files(store, record_id, [good, bad], folder, LIMIT)
    assert message in str(caught.value) and str(caught.value).endswith("nothing was attached")
    assert stored_files(folder) == []  # not even the good one
    assert store.get(record_id).revision == 1 and store.get(record_id).attachments == ()


def test_every_bad_file_is_named_at_once(store: Store, record_id: str, folder: Path, tmp_path: Path) -> None:
    cases = bad_inputs(tmp_path)
    with pytest.raises(AttachError) as caught:
        attach_files(store, record_id, [path for path, _ in cases.values()], folder, LIMIT)
    assert len(caught.value.problems) == len(cases)


def test_a_full_disk_while_copying_leaves_nothing_behind(store: Store, record_id: str, tiny_disk: Path,
                                                         tmp_path: Path) -> None:
    small = write(tmp_path / "card.jpg", JPEG)
    big = write(tmp_path / "whiteboard.png", b"\x89PNG\r\n\x1a\n" + os.urandom(300 * 1024))  # > the 256 KiB disk
    with pytest.raises(AttachError, match="whiteboard.png: could not be stored .No space left on device."):
        attach_files(store, record_id, [small, big], tiny_disk, LIMIT)
    assert stored_files(tiny_disk) == []  # neither half the big one nor the small one copied before it
    assert store.get(record_id).revision == 1 and store.get(record_id).attachments == ()
    # With room again, the same call works.
    attached = attach_files(store, record_id, [small], tiny_disk, LIMIT)
    assert [a.name for a in attached.added] == ["card.jpg"] and len(stored_files(tiny_disk)) == 1


def test_a_store_that_refuses_leaves_no_copy(store: Store, folder: Path, tmp_path: Path) -> None:
    photo = write(tmp_path / "shelf.jpg", JPEG)
    with pytest.raises(Exception, match="no record"):
        attach_files(store, "01JCZ7Q3B2M4N5P6Q7R8S9T0VW", [photo], folder, LIMIT)
    assert stored_files(folder) == []


@pytest.mark.parametrize(("name", "content", "mime"), [
    ("IMG_4032.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"),
    ("IMG_4032.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"),  # the bytes win over the name
    ("scan", b"%PDF-1.4\n", "application/pdf"),
    ("notes.txt", b"plain words", "text/plain"),
    ("shelf.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
    ("data.unknownext", b"\x00\x01", "application/octet-stream"),
    ("photo.heif", b"unrecognised bytes", "image/heif"),
])
def test_mime_type_from_the_bytes_then_the_name(tmp_path: Path, name: str, content: bytes, mime: str) -> None:
    assert mime_type(name, write(tmp_path / "stored", content)) == mime
