"""A tree made comparable: fixed times and permissions, and a sorted list of its files with their hashes.

Two builds of one commit give the same list of names (the promise scripts/package checks); the content hashes
show which files differ byte for byte, if any do.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    path: str  # relative, with "/" separators
    kind: str  # "d", "f" or "l"
    mode: int
    size: int
    digest: str  # sha256 of a file's bytes, a link's target, "-" for a folder


def normalise(tree: Path, epoch: int) -> None:
    """Every entry gets the time `epoch`; files 0644 (0755 when executable), folders 0755."""
    for path in sorted(tree.rglob("*"), reverse=True) + [tree]:
        if not path.is_symlink():
            executable = path.is_dir() or path.stat().st_mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def listing(tree: Path) -> list[Entry]:
    entries = []
    for path in tree.rglob("*"):
        st = path.lstat()
        rel = path.relative_to(tree).as_posix()
        if path.is_symlink():
            entries.append(Entry(rel, "l", 0o777, 0, hashlib.sha256(os.readlink(path).encode()).hexdigest()))
        elif path.is_dir():
            entries.append(Entry(rel, "d", stat.S_IMODE(st.st_mode), 0, "-"))
        else:
            entries.append(Entry(rel, "f", stat.S_IMODE(st.st_mode), st.st_size, _sha256(path)))
    return sorted(entries, key=lambda e: e.path)


def render(entries: list[Entry]) -> str:
    return "".join(f"{e.kind} {e.mode:04o} {e.size:>12} {e.digest} {e.path}\n" for e in entries)


def names_digest(entries: list[Entry]) -> str:
    """The hash of the sorted names alone: equal for two builds of one commit."""
    return hashlib.sha256("".join(f"{e.path}\n" for e in entries).encode()).hexdigest()


def content_digest(entries: list[Entry]) -> str:
    return hashlib.sha256(render(entries).encode()).hexdigest()
