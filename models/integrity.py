"""Where a model's files live and how a file is known to be intact: sha256, and a stamp that remembers a check."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .catalog import ModelSpec

CHUNK = 8 * 1024 * 1024


def model_dir(spec: ModelSpec, cache_dir: Path) -> Path:
    return cache_dir / spec.id


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def is_verified(target: Path, sha256: str) -> bool:
    """A file verified once is trusted while its size and mtime are unchanged (hashing gigabytes on every start
    would cost seconds)."""
    stamp = _stamp(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    st = target.stat()
    return stamp.read_text().strip() == f"{sha256} {st.st_size} {st.st_mtime_ns}"


def mark_verified(target: Path, sha256: str) -> None:
    st = target.stat()
    _stamp(target).write_text(f"{sha256} {st.st_size} {st.st_mtime_ns}\n")


def clear_verified(target: Path) -> None:
    _stamp(target).unlink(missing_ok=True)
