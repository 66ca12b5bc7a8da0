"""An inbox file that cannot be read is skipped with one warning and left where it is; the other files go on."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from app.inbox import Inbox
from tests.app.test_inbox import CLIP, drop, inbox  # noqa: F401  (the real-pipeline inbox fixture)
from tests.conftest import DATA

# Write-only for everyone, root included: the kernel checks /proc/sys modes even for root, who reads any plain file.
_WRITE_ONLY = Path("/proc/sys/vm/drop_caches")


def unreadable(folder: Path, name: str) -> Path:
    path = folder / name
    if os.geteuid() != 0:
        shutil.copyfile(CLIP, path)
        path.chmod(0o000)
        return path
    if not _WRITE_ONLY.exists():
        pytest.skip("running as root, who reads every file, and no write-only /proc file to stand in")
    path.symlink_to(_WRITE_ONLY)
    return path


def test_an_unreadable_file_is_skipped_once_and_the_rest_are_filed(inbox: Inbox,  # noqa: F811
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    bad = unreadable(inbox.folder, "a-locked.flac")
    with pytest.raises(PermissionError):
        bad.read_bytes()
    good = drop(inbox, "b-phone.flac")
    later = bad.stat().st_mtime + 10  # after the unreadable one, so it is looked at first
    os.utime(good, (later, later))
    assert inbox.ready_files(now=later + 60) == [bad, good]

    with caplog.at_level(logging.WARNING, logger="app.inbox"):
        [item] = inbox.poll()
        assert item.file == good and item.record_id
        good_id = item.record_id
        assert inbox.poll() == []  # a --watch looks again: still there, not warned about again
    warnings = [r.getMessage() for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(warnings) == 1 and "a-locked.flac" in warnings[0]
    assert os.path.lexists(bad) and not (inbox.folder / "failed").exists()

    bad.unlink()  # the sync tool finishes with it: the same name, readable now
    shutil.copyfile(DATA / "dictation" / "en-note-email.flac", bad)
    os.utime(bad, (later, later))
    [item] = inbox.poll()
    assert item.file == bad and item.record_id and item.record_id != good_id
    assert item.moved_to == inbox.folder / "processed" / "a-locked.flac"
