"""saydo's files are the user's alone: settings hold webhook secrets and database passwords, the store and the
recordings hold what clients said. Files are created 0600 and folders 0700, and what an older saydo (or a copy)
left open to others is tightened when saydo opens its folders.

Windows has no such modes (os.chmod only sets the read-only flag there), so there this creates and copies but
changes no modes; the user's profile folder is private there already.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings.py writes the settings file through this module
    from .settings import Paths

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
_POSIX = os.name == "posix"
_BINARY = getattr(os, "O_BINARY", 0)  # without it Windows writes every \n byte as \r\n


def private_dir(path: Path) -> Path:
    """`path` as a folder, creating it and any missing parent 0700 (as the XDG base directory spec asks)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if _POSIX:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """`path` created empty and 0600 if it is missing (SQLite then gives its -wal and -shm files the same mode)."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass  # never opened for writing when it exists: it may be a read-only backup
    return path


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to `target`, which is 0600 from the moment it exists."""
    private_dir(target.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY
    with source.open("rb") as src, os.fdopen(os.open(target, flags, FILE_MODE), "wb") as dst:
        shutil.copyfileobj(src, dst)


def secure_home(paths: Paths) -> None:
    """Make the data folder and the store private before the store is opened: create what is missing, tighten what
    is open to others (the settings folder and file, and everything under the data folder)."""
    private_dir(paths.data_dir)
    private_file(paths.db_path)
    if not _POSIX:
        return
    opened = [p for p in (paths.config_file.parent, paths.config_file) if _tighten(p)]
    for folder, dirs, files in os.walk(paths.data_dir):
        base = Path(folder)
        opened += [base / name for name in (*dirs, *files) if _tighten(base / name)]
    if _tighten(paths.data_dir):
        opened.append(paths.data_dir)
    if opened:
        log.info("%d files and folders of saydo were open to other users; now only you can read them (%s)",
                 len(opened), ", ".join(str(p) for p in opened[:3]) + (", …" if len(opened) > 3 else ""))


def _tighten(path: Path) -> bool:
    """Take group and other permissions off `path`; True when it had any. Links are left alone: they point
    somewhere saydo does not own."""
    try:
        st = path.lstat()
        mode = stat.S_IMODE(st.st_mode)
        if stat.S_ISLNK(st.st_mode) or not mode & 0o077:
            return False
        os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        return False
    except OSError as exc:  # another user's file (a copied backup), a read-only mount: leave it
        log.info("cannot make %s private: %s", path, exc.strerror or exc)
        return False
    return True
