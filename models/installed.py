"""What is on this machine: whether a model is ready, checking it again, adopting hand-installed files, removing it.

Nothing here touches the network: a hub model is either already in the models folder or an error says how to get
it (`saydo models pull ID`, or copying the files in by hand on an air-gapped machine).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .bundled import ModelError, Progress, ensure_bundled, locate_part, shipped_dir, verify_bundled
from .catalog import ModelSpec
from .integrity import clear_verified, is_verified, mark_verified, model_dir, sha256_file
from .manifest import FileRecord, Manifest, expected_sha256, read_manifest, write_manifest


@dataclass
class VerifyReport:
    model_id: str
    bad: list[str] = field(default_factory=list)  # missing or not matching their sha256
    recorded: list[str] = field(default_factory=list)  # accepted with no published hash to compare against

    @property
    def ok(self) -> bool:
        return not self.bad


def is_installed(spec: ModelSpec, cache_dir: Path) -> bool:
    """Bundled: its packages are installed (assembly happens on first use). Hub: every file verified on disk."""
    if spec.source == "pypi":
        if shipped_dir(spec) is not None:
            return True
        try:
            for file in spec.files:
                for part in file.parts:
                    locate_part(part)
        except ModelError:
            return False
        return True
    directory = model_dir(spec, cache_dir)
    manifest = read_manifest(directory)
    return all(is_verified(directory / f.name, expected_sha256(f, manifest) or "") for f in spec.files)


def ensure_model(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """The folder holding the model's files, ready to load; assembles bundled models, never downloads."""
    if spec.source == "pypi":
        return ensure_bundled(spec, cache_dir, progress)
    if not is_installed(spec, cache_dir):
        raise ModelError(f"{spec.id} is not installed; run `saydo models pull {spec.id}`, or copy its files into "
                         f"{model_dir(spec, cache_dir)} and run `saydo models verify {spec.id}` (docs/models.md)")
    return model_dir(spec, cache_dir)


def verify(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> VerifyReport:
    """Hash every file again. Hand-installed files are adopted here: checked against the catalog's pin, or, where
    the catalog has none, recorded in the manifest so later checks catch any change."""
    report = VerifyReport(spec.id)
    if spec.source == "pypi":
        ensure_bundled(spec, cache_dir, progress)
        report.bad = verify_bundled(spec, cache_dir, progress)
        return report
    directory = model_dir(spec, cache_dir)
    manifest = read_manifest(directory) or Manifest(id=spec.id, repo=spec.repo, revision=spec.revision)
    sizes = {f.name: (directory / f.name).stat().st_size if (directory / f.name).is_file() else 0
             for f in spec.files}
    total, done = sum(sizes.values()), 0
    for file in spec.files:
        target = directory / file.name
        if not target.is_file():
            report.bad.append(file.name)
            continue
        got = sha256_file(target)
        done += sizes[file.name]
        if progress:
            progress(done, total)
        want = expected_sha256(file, manifest)
        if want is not None and got != want:
            report.bad.append(file.name)
            clear_verified(target)
            continue
        if want is None:
            report.recorded.append(file.name)
        previous = manifest.files.get(file.name)
        manifest.files[file.name] = FileRecord(
            sha256=got, size_bytes=sizes[file.name],
            checked_against="catalog" if file.sha256 else previous.checked_against if previous else "recorded")
        mark_verified(target, got)
    if manifest.files:
        write_manifest(directory, manifest)
    return report


def remove(spec: ModelSpec, cache_dir: Path) -> int:
    """Delete the model's folder in the cache (assembled or downloaded files, partial downloads); return the bytes
    freed. A bundled model's packages are left alone: it is assembled again on next use."""
    directory = model_dir(spec, cache_dir)
    if not directory.is_dir():
        return 0
    freed = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    shutil.rmtree(directory)
    return freed
