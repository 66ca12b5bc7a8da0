"""Attachments through the outbox: the folder sink copies them beside the record's Markdown and links them, the
webhook sends their names and hashes but never the bytes, each delivery carrying what its revision held."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import unquote

import pytest

from app.attachments import attach_files, detach_file
from records import Store
from records.outbox import Outbox
from records.sinks.folder import FolderSink
from records.sinks.webhook import WebhookSink
from tests.servers import FlakyWebhookServer
from tests.servers.fixtures import T0, VISIT, file_confirmed, outbox, webhook  # noqa: F401

PHOTO = bytes.fromhex("ffd8ffe0") + b"whiteboard photo " * 500
SCAN = b"%PDF-1.7 signed contract " * 300


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "from-phone"
    folder.mkdir()
    paths = {"白板 1.jpg": PHOTO, "contract.pdf": SCAN}
    for name, content in paths.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in paths}


def confirmed_with_files(store: Store, files: dict[str, Path]) -> str:
    record_id = file_confirmed(store, VISIT, transcript="拜访Acme, 拍了白板")
    attach_files(store, record_id, list(files.values()), store.path.parent / "attachments", 2**20)
    return record_id


def deliver(outbox: Outbox, record_id: str, sink: object) -> None:  # noqa: F811
    outbox.queue_changes(record_id, [sink.name], T0)  # type: ignore[attr-defined]
    report = outbox.deliver_due([sink], T0, catch_up=False)  # type: ignore[list-item]
    assert report.delivered == 1, report


def test_folder_sink_writes_the_files_beside_the_record_and_links_them(store: Store, outbox: Outbox,  # noqa: F811
                                                                      files: dict[str, Path],
                                                                      tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    sink = FolderSink("vault", vault)
    record_id = confirmed_with_files(store, files)
    deliver(outbox, record_id, sink)

    folder = vault / "attachments" / record_id
    assert sorted(p.name for p in folder.iterdir()) == ["contract.pdf", "白板 1.jpg"]
    assert (folder / "白板 1.jpg").read_bytes() == PHOTO and (folder / "contract.pdf").read_bytes() == SCAN
    [md] = vault.glob("*.md")
    text = md.read_text(encoding="utf-8")
    links = [line for line in text.split("## Attachments")[1].splitlines() if line.startswith("- ")]
    assert links[0].startswith("- ![白板 1.jpg](") and links[1].startswith("- [contract.pdf](")  # images inline
    for link in links:  # every link, read relative to the Markdown file, is the file
        target = unquote(link[link.index("](") + 2:-1])
        assert (md.parent / target).is_file()
    [js] = vault.glob("*.json")
    listed = json.loads(js.read_text(encoding="utf-8"))["attachments"]
    assert [(a["name"], a["size"]) for a in listed] == [("白板 1.jpg", len(PHOTO)), ("contract.pdf", len(SCAN))]
    assert not list(vault.rglob(".saydo-*"))

    # A redelivery of the same revision leaves the files as they are; a detach removes one from the folder too.
    before = (folder / "白板 1.jpg").stat().st_mtime_ns
    deliver(outbox, record_id, FolderSink("same vault again", vault))
    assert (folder / "白板 1.jpg").stat().st_mtime_ns == before
    detach_file(store, record_id, "contract.pdf")
    deliver(outbox, record_id, sink)
    assert [p.name for p in folder.iterdir()] == ["白板 1.jpg"]
    assert "contract.pdf" not in next(vault.glob("*.md")).read_text(encoding="utf-8")

    # Discarded after delivery: the record's files go with it.
    store.discard(record_id)
    deliver(outbox, record_id, sink)
    assert list(vault.iterdir()) == []


def test_a_stored_file_that_is_gone_is_listed_but_not_linked(store: Store, outbox: Outbox,  # noqa: F811
                                                            files: dict[str, Path], tmp_path: Path) -> None:
    record_id = confirmed_with_files(store, files)
    gone = next(a for a in store.get(record_id).attachments if a.name == "contract.pdf")
    Path(gone.path or "").unlink()
    vault = tmp_path / "vault"
    deliver(outbox, record_id, FolderSink("vault", vault))
    text = next(vault.glob("*.md")).read_text(encoding="utf-8")
    assert "- contract.pdf (file not available)" in text
    assert [p.name for p in (vault / "attachments" / record_id).iterdir()] == ["白板 1.jpg"]


def test_a_full_disk_leaves_no_half_copied_attachment(store: Store, outbox: Outbox, tiny_disk: Path,  # noqa: F811
                                                      tmp_path: Path) -> None:
    big = tmp_path / "video.mp4"
    big.write_bytes(os.urandom(400 * 1024))  # more than the 256 KiB disk holds
    record_id = file_confirmed(store, VISIT, transcript="拜访Acme")
    attach_files(store, record_id, [big], tmp_path / "attachments", 2**20)
    outbox.queue_changes(record_id, ["vault"], T0)
    report = outbox.deliver_due([FolderSink("vault", tiny_disk)], T0, catch_up=False)
    assert report.delivered == 0 and report.retrying == 1
    assert "No space left" in (outbox.items(record_id)[0].last_error or "")
    leftovers = [p for p in tiny_disk.rglob("*") if p.is_file()]
    assert leftovers == []  # no partial video, and no Markdown linking to a file that is not there


def test_webhook_sends_names_and_hashes_never_the_bytes(store: Store, outbox: Outbox,  # noqa: F811
                                                        webhook: FlakyWebhookServer,  # noqa: F811
                                                        files: dict[str, Path]) -> None:
    record_id = confirmed_with_files(store, files)
    sink = WebhookSink("hook", webhook.url, webhook.secret, 2.0)
    deliver(outbox, record_id, sink)
    body = webhook.records()[record_id]
    assert body["attachments"] == [
        {"sha256": hashlib.sha256(PHOTO).hexdigest(), "name": "白板 1.jpg", "size": len(PHOTO), "mime": "image/jpeg"},
        {"sha256": hashlib.sha256(SCAN).hexdigest(), "name": "contract.pdf", "size": len(SCAN),
         "mime": "application/pdf"},
    ]
    headers, raw = webhook.last_request or ({}, b"")
    assert len(raw) < 2000 < len(PHOTO)  # the photo did not travel
    assert b"whiteboard photo" not in raw and str(store.path.parent).encode() not in raw  # nor where it lies

    detach_file(store, record_id, "白板 1.jpg")
    deliver(outbox, record_id, sink)
    assert [a["name"] for a in webhook.records()[record_id]["attachments"]] == ["contract.pdf"]
    assert webhook.duplicates == 0 and webhook.bad_signatures == 0
