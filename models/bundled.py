"""Weights that ship inside PyPI packages, assembled once into the model cache.

Registry packages cap their file size, so the default models arrive as byte chunks spread over several
distributions. Each chunk is found through the installing distribution's metadata (its RECORD), never by a
hard-coded site-packages path, and the assembled file is verified by sha256 and renamed into place atomically, so
an interrupted assembly never leaves a file that looks complete.

The installed app (scripts/package) carries the default models already assembled and checked at build time, in
its own read-only folder: they are used in place, with no second copy in the user's cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .catalog import FilePart, ModelFile, ModelSpec
from .integrity import CHUNK, clear_verified, is_verified, mark_verified, model_dir, sha256_file

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes total) while a model is being assembled or verified."""


class ModelError(RuntimeError):
    """A model cannot be made ready: a package is missing, a checksum does not match, the disk is full."""


SHIPPED_DIR = "weights"  # inside a PyInstaller bundle's folder (sys._MEIPASS): weights/<model id>/<file>


def shipped_dir(spec: ModelSpec) -> Path | None:
    """The folder of a model assembled into the installed app, or None (a source tree, or not shipped)."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    directory = Path(base) / SHIPPED_DIR / spec.id
    return directory if all((directory / f.name).is_file() for f in spec.files) else None


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


def _assemble(file: ModelFile, target: Path, progress: Progress | None, done: int, total: int) -> int:
    sources = [locate_part(p) for p in file.parts]
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for src in sources:
                with src.open("rb") as fh:
                    while chunk := fh.read(CHUNK):
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
    mark_verified(target, file.sha256)
    return done


def ensure_bundled(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """Return the directory holding the model's files, assembling and verifying them first if needed."""
    if (shipped := shipped_dir(spec)) is not None:
        return shipped
    directory = model_dir(spec, cache_dir)
    pending = [f for f in spec.files if not is_verified(directory / f.name, f.sha256 or "")]
    if not pending:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    total = sum(f.size_bytes or 0 for f in pending)
    log.info("assembling %s (%d MB) into %s", spec.id, total // 2**20, directory)
    done = 0
    for file in pending:
        done = _assemble(file, directory / file.name, progress, done, total)
    return directory


def verify_bundled(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> list[str]:
    """Hash every assembled file again; return the names of files that are missing or damaged."""
    directory = shipped_dir(spec) or model_dir(spec, cache_dir)
    bad: list[str] = []
    total, done = spec.size_bytes, 0
    for file in spec.files:
        target = directory / file.name
        if not target.is_file() or sha256_file(target) != file.sha256:
            bad.append(file.name)
            clear_verified(target)
        done += file.size_bytes or 0
        if progress:
            progress(done, total)
    return bad
