"""Weights that ship inside PyPI packages, assembled once into the model cache.

Registry packages cap their file size, so the default models arrive as byte chunks spread over several
distributions. Each chunk is found through the installing distribution's metadata (its RECORD), never by a
hard-coded site-packages path, and the assembled file is verified by sha256 and renamed into place atomically, so
an interrupted assembly never leaves a file that looks complete.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .catalog import FilePart, ModelFile, ModelSpec

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes total) while a model is being assembled or verified."""

_CHUNK = 8 * 1024 * 1024


class ModelError(RuntimeError):
    """A model cannot be made ready: a package is missing, a checksum does not match, the disk is full."""


def locate_part(part: FilePart) -> Path:
    try:
        dist = metadata.distribution(part.package)
    except metadata.PackageNotFoundError as exc:
        raise ModelError(
            f"the model package {part.package!r} is not installed; reinstall saydo (uv sync) to restore it"
        ) from exc
    for entry in dist.files or ():
        if entry.as_posix() == part.path:
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                return path
            break
    raise ModelError(f"{part.path} is missing from the installed package {part.package!r}; reinstall it")


def model_dir(spec: ModelSpec, cache_dir: Path) -> Path:
    return cache_dir / spec.id


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _is_ready(target: Path, file: ModelFile) -> bool:
    """A file verified once is trusted while its size and mtime are unchanged (hashing 500 MB on every start
    would cost seconds)."""
    stamp = _stamp(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    st = target.stat()
    return stamp.read_text().strip() == f"{file.sha256} {st.st_size} {st.st_mtime_ns}"


def _assemble(file: ModelFile, target: Path, progress: Progress | None, done: int, total: int) -> int:
    sources = [locate_part(p) for p in file.parts]
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for src in sources:
                with src.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != file.sha256:
            raise ModelError(
                f"{file.name}: checksum mismatch after assembly (got {digest.hexdigest()[:12]}…, "
                f"expected {file.sha256[:12]}…); the installed model packages are damaged, reinstall them"
            )
        os.replace(tmp, target)
    except OSError as exc:
        raise ModelError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    st = target.stat()
    _stamp(target).write_text(f"{file.sha256} {st.st_size} {st.st_mtime_ns}\n")
    return done


def ensure_bundled(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """Return the directory holding the model's files, assembling and verifying them first if needed."""
    directory = model_dir(spec, cache_dir)
    pending = [f for f in spec.files if not _is_ready(directory / f.name, f)]
    if not pending:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    total = sum(f.size_bytes for f in pending)
    log.info("assembling %s (%d MB) into %s", spec.id, total // 2**20, directory)
    done = 0
    for file in pending:
        done = _assemble(file, directory / file.name, progress, done, total)
    return directory


def verify_bundled(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> list[str]:
    """Hash every assembled file again; return the names of files that are missing or damaged."""
    directory = model_dir(spec, cache_dir)
    bad: list[str] = []
    total, done = spec.size_bytes, 0
    for file in spec.files:
        target = directory / file.name
        if not target.is_file() or _sha256(target) != file.sha256:
            bad.append(file.name)
            _stamp(target).unlink(missing_ok=True)
        done += file.size_bytes
        if progress:
            progress(done, total)
    return bad
