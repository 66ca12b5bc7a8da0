"""saydo's files are the user's alone: a fresh home after `saydo run` and after saving settings holds 0600 files in
0700 folders, a recording being captured is private from its first byte, and a home an older saydo left open to
others is tightened the next time saydo opens it, with one line in the log."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.settings import Settings, resolve_paths, save_settings
from asr.spool import SpoolWriter
from records import Store
from records.sinks.webhook import WebhookConfig
from tests.cli import PINNED, saydo
from tests.conftest import SAMPLES

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps profiles private"),
    pytest.mark.slow,  # starts a subprocess, a server or a device: the fast lane skips it
]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most desktops run with: without saydo's care everything it writes would be readable by all."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root.parent)): stat.S_IMODE(p.lstat().st_mode) for p in [root, *root.rglob("*")]}


def open_to_others(root: Path) -> dict[str, str]:
    return {name: oct(mode) for name, mode in modes(root).items() if mode & 0o077}


def test_a_fresh_home_after_run_is_private(tmp_path: Path) -> None:
    home = tmp_path / "profiles" / "home"  # does not exist yet: saydo makes it
    result = saydo(home, "run", str(SAMPLES / "en-task.flac"), "--yes", "--json", *PINNED)
    assert result.returncode == 0, result.stderr
    found = modes(home)
    assert "home/data/saydo.db" in found and any(name.startswith("home/data/audio/") for name in found)
    assert open_to_others(home) == {}
    for name, mode in found.items():
        assert mode == (0o700 if (home.parent / name).is_dir() else 0o600), name


def test_saved_settings_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings = Settings(sinks=[WebhookConfig(name="team", url="https://example.com/h", secret="k")])
    paths = resolve_paths(home)
    save_settings(settings, paths)
    save_settings(settings, paths)  # replacing the file keeps it private too
    assert modes(home) == {"home": 0o700, "home/config.toml": 0o600}


def test_the_store_and_its_journal_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = saydo(home, "clients", "add", "Acme")
    assert result.returncode == 0, result.stderr
    with Store.open(resolve_paths(home).db_path) as store:  # another process holding the store: WAL files exist
        store.list()
        result = saydo(home, "clients", "add", "Globex")
        assert result.returncode == 0, result.stderr
        names = set(modes(home))
        assert {"home/data/saydo.db-wal", "home/data/saydo.db-shm"} <= names
        assert open_to_others(home) == {}


def test_a_recording_being_captured_is_private(tmp_path: Path) -> None:
    spool = tmp_path / "data" / "spool"
    writer = SpoolWriter(spool / "take.wav")
    writer.write(np.zeros(1600, dtype=np.float32))
    writer.close()
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    assert stat.S_IMODE((spool / "take.wav").stat().st_mode) == 0o600


def test_an_open_home_is_tightened_once_with_one_log_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = resolve_paths(home)
    with Store.open(paths.db_path) as store:
        store.add({"intent": "note", "fields": {"text": "hello"}}, transcript="hello", lang="en", source="cli")
    (paths.audio_dir).mkdir()
    (paths.audio_dir / "take.flac").write_bytes(b"not really audio")
    paths.config_file.write_text("[ui]\nmode = 'hold'\n", encoding="utf-8")
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # as an older saydo left them
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not saydo's", encoding="utf-8")
    elsewhere.chmod(0o644)
    (paths.audio_dir / "link.flac").symlink_to(elsewhere)

    first = saydo(home, "--verbose", "records", "list")
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("now only you can read them") == 1, first.stderr
    assert open_to_others(home) == {"home/data/audio/link.flac": oct(0o777)}  # a link's own mode means nothing
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644  # what the link points to is not saydo's

    second = saydo(home, "--verbose", "records", "list")
    assert second.returncode == 0 and "now only you can read them" not in second.stderr
