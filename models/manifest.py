"""`manifest.json` next to a downloaded or hand-installed model: the sha256 each file was accepted with.

The catalog cannot pin every hash (see docs/models.md); the manifest keeps what was verified at download (against
the catalog or the hub's declaration) so `saydo models verify` can re-check the files later, offline.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .catalog import ModelFile

MANIFEST = "manifest.json"


class FileRecord(BaseModel):
    sha256: str
    size_bytes: int
    # catalog = matched the catalog's pin; hub = matched the hub's LFS sha256; recorded = nothing to check against
    # (a small git-stored file of an unpinned entry, or a hand-installed file the catalog pins no hash for).
    checked_against: Literal["catalog", "hub", "recorded"]


class Manifest(BaseModel):
    id: str
    repo: str | None = None
    revision: str | None = None
    commit: str | None = None  # what the hub resolved the revision to
    files: dict[str, FileRecord] = Field(default_factory=dict)


def read_manifest(directory: Path) -> Manifest | None:
    path = directory / MANIFEST
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValidationError, json.JSONDecodeError):
        return None  # an unreadable manifest is rebuilt by the next verify, never trusted


def write_manifest(directory: Path, manifest: Manifest) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{MANIFEST}.tmp"
    tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, directory / MANIFEST)


def expected_sha256(file: ModelFile, manifest: Manifest | None) -> str | None:
    """What `file` must hash to: the catalog's pin, else what it was accepted with, else unknown."""
    if file.sha256:
        return file.sha256
    record = manifest.files.get(file.name) if manifest else None
    return record.sha256 if record else None
