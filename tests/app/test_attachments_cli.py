"""`saydo records attach | detach` through the real command, and the attachments in `records show`, `history`,
`export` and the folder sink of `saydo sync`: exit codes, messages, nothing half-written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from records import Store
from tests.cli import lines, saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

JPEG = bytes.fromhex("ffd8ffe000104a464946") + b"the whiteboard after the visit" * 50
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"business card" * 40


def home_with_a_visit(home: Path) -> str:
    with Store.open(home / "data" / "saydo.db") as store:
        record_id = store.add({"intent": "visit_note", "fields": {"client": "远航科技", "contacts": ["张经理"],
                                                                  "visited_on": "2026-11-20", "summary": "看了白板"}},
                              transcript="拜访远航科技", lang="zh", source="cli")
        store.confirm(record_id)
    return record_id


def phone_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "白板.jpg").write_bytes(JPEG)
    (folder / "IMG_4032.HEIC").write_bytes(HEIC)
    return {path.name: path for path in folder.iterdir()}


def test_attach_show_history_detach(tmp_path: Path) -> None:
    home = tmp_path / "home"
    record_id = home_with_a_visit(home)
    files = phone_files(tmp_path)

    result = saydo(home, "records", "attach", record_id[:8], str(files["白板.jpg"]), str(files["IMG_4032.HEIC"]))
    assert result.returncode == 0, result.stderr
    assert "attached 白板.jpg (image/jpeg" in result.stdout and "attached IMG_4032.HEIC (image/heic" in result.stdout
    # Named by its hash, with its extension so that the system knows what opens it.
    stored = home / "data" / "attachments" / f"{hashlib.sha256(JPEG).hexdigest()}.jpg"
    assert stored.read_bytes() == JPEG and stored.stat().st_mode & 0o777 == 0o600

    again = saydo(home, "records", "attach", record_id, str(files["白板.jpg"]), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["attached"] == [] and json.loads(again.stdout)["already"][0]["name"] == "白板.jpg"

    shown = saydo(home, "records", "show", record_id)
    assert "attachment: 白板.jpg (image/jpeg" in shown.stdout and "attachment: IMG_4032.HEIC" in shown.stdout
    data = json.loads(saydo(home, "records", "show", record_id, "--json").stdout)
    assert [(a["name"], a["size"], a["mime"]) for a in data["attachments"]] == [
        ("白板.jpg", len(JPEG), "image/jpeg"), ("IMG_4032.HEIC", len(HEIC), "image/heic")]
    assert data["revision"] == 3  # created, confirmed, attached: the second attach of the same photo changed nothing

    detached = saydo(home, "records", "detach", record_id, hashlib.sha256(HEIC).hexdigest()[:10])
    assert detached.returncode == 0 and "detached IMG_4032.HEIC" in detached.stdout and "revision 4" in detached.stdout
    history = lines(saydo(home, "records", "history", record_id, "--json").stdout)
    assert [rev["reason"] for rev in history] == ["created", "confirmed", "attached 白板.jpg, IMG_4032.HEIC",
                                                  "detached IMG_4032.HEIC"]
    assert sorted(p.name for p in (home / "data" / "attachments").iterdir()) == [stored.name]

    missing = saydo(home, "records", "detach", record_id, "IMG_4032.HEIC")
    assert missing.returncode == 1 and "has no attachment 'IMG_4032.HEIC'; it has 白板.jpg" in missing.stderr


def test_exports_count_them(tmp_path: Path) -> None:
    home = tmp_path / "home"
    record_id = home_with_a_visit(home)
    files = phone_files(tmp_path)
    assert saydo(home, "records", "attach", record_id, *map(str, files.values())).returncode == 0
    raw = saydo(home, "records", "export", "--format", "csv").stdout
    [row] = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert row["attachments"] == "2"
    [exported] = json.loads(saydo(home, "records", "export", "--format", "json").stdout)
    assert sorted(a["name"] for a in exported["attachments"]) == ["IMG_4032.HEIC", "白板.jpg"]


def test_bad_files_exit_1_and_attach_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    record_id = home_with_a_visit(home)
    good = phone_files(tmp_path)["白板.jpg"]
    video = tmp_path / "visit.mov"
    with video.open("wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: 200 MB that take no room
    folder = tmp_path / "photos"
    folder.mkdir()

    result = saydo(home, "records", "attach", record_id, str(good), str(video), str(folder), str(tmp_path / "no.jpg"))
    assert result.returncode == 1
    assert ("visit.mov: 200.0 MB, larger than the 50 MB an attachment may be (setting attachment_max_mb)"
            in result.stderr)
    assert "photos: is a folder" in result.stderr and "no.jpg: no such file" in result.stderr
    assert f"nothing was attached to {record_id}" in result.stderr
    assert not (home / "data" / "attachments").exists() or not os.listdir(home / "data" / "attachments")
    assert json.loads(saydo(home, "records", "show", record_id, "--json").stdout)["attachments"] == []

    # The limit is a setting.
    (home / "config.toml").write_text("attachment_max_mb = 1\n", encoding="utf-8")
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.7" + b"\0" * (2 * 2**20))
    limited = saydo(home, "records", "attach", record_id, str(big))
    assert limited.returncode == 1 and "larger than the 1 MB an attachment may be" in limited.stderr

    unknown = saydo(home, "records", "attach", "01JCZ7Q3B2M4N5P6Q7R8S9T0VW", str(good))
    assert unknown.returncode == 1 and "no record" in unknown.stderr
    usage = saydo(home, "records", "attach", record_id)
    assert usage.returncode == 2


def test_sync_writes_them_into_the_folder_sink(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault = tmp_path / "vault"
    home.mkdir()
    (home / "config.toml").write_text(f'[[sinks]]\nname = "vault"\nkind = "folder"\npath = "{vault}"\n',
                                      encoding="utf-8")
    record_id = home_with_a_visit(home)
    files = phone_files(tmp_path)
    assert saydo(home, "records", "attach", record_id, str(files["白板.jpg"])).returncode == 0
    synced = saydo(home, "sync")
    assert synced.returncode == 0, synced.stderr
    assert (vault / "attachments" / record_id / "白板.jpg").read_bytes() == JPEG
    [md] = vault.glob("*.md")
    assert f"![白板.jpg](attachments/{record_id}/%E7%99%BD%E6%9D%BF.jpg)" in md.read_text(encoding="utf-8")
