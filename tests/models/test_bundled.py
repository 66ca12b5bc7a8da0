"""Bundled weights: found through package metadata, assembled once, verified by sha256, repaired when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import (
    DEFAULT_ASR,
    DEFAULT_LLM,
    ModelError,
    UnknownModel,
    catalog,
    ensure_bundled,
    get_model,
    verify_bundled,
)
from models.catalog import FilePart


def _small(model_id: str = DEFAULT_ASR):
    """The real ASR spec restricted to its small files, so tests assemble megabytes, not hundreds of them."""
    spec = get_model(model_id)
    return spec.model_copy(update={"files": [f for f in spec.files if f.size_bytes < 5_000_000]})


def test_catalog_has_the_embedded_defaults() -> None:
    ids = {m.id for m in catalog()}
    assert {DEFAULT_ASR, DEFAULT_LLM} <= ids
    assert get_model(DEFAULT_LLM).size_bytes == 491_400_064
    assert all(m.source == "pypi" for m in catalog() if m.id in (DEFAULT_ASR, DEFAULT_LLM))


def test_unknown_model_names_the_known_ones() -> None:
    with pytest.raises(UnknownModel, match=DEFAULT_ASR):
        get_model("gpt-17")


def test_assembles_verifies_and_reuses(tmp_path: Path) -> None:
    spec = _small()
    progress: list[tuple[int, int]] = []
    directory = ensure_bundled(spec, tmp_path, lambda done, total: progress.append((done, total)))
    assert sorted(p.name for p in directory.iterdir() if not p.name.endswith(".verified")) == sorted(
        f.name for f in spec.files)
    assert progress[-1][0] == progress[-1][1] == spec.size_bytes
    assert verify_bundled(spec, tmp_path) == []
    progress.clear()
    ensure_bundled(spec, tmp_path, lambda done, total: progress.append((done, total)))
    assert progress == []  # already verified: nothing copied again


def test_damaged_file_is_detected_and_reassembled(tmp_path: Path) -> None:
    spec = _small()
    directory = ensure_bundled(spec, tmp_path)
    victim = directory / "config.json"
    victim.write_text("{}")
    assert verify_bundled(spec, tmp_path) == ["config.json"]
    ensure_bundled(spec, tmp_path)
    assert verify_bundled(spec, tmp_path) == []


def test_checksum_mismatch_leaves_no_file(tmp_path: Path) -> None:
    spec = _small()
    bad = spec.model_copy(update={"files": [spec.files[0].model_copy(update={"sha256": "0" * 64})]})
    with pytest.raises(ModelError, match="checksum mismatch"):
        ensure_bundled(bad, tmp_path)
    assert [p.name for p in (tmp_path / spec.id).iterdir()] == []


def test_missing_package_is_a_clear_error(tmp_path: Path) -> None:
    spec = _small()
    gone = spec.files[0].model_copy(update={"parts": [FilePart(package="no-such-saydo-package", path="x/y.bin")]})
    with pytest.raises(ModelError, match="not installed"):
        ensure_bundled(spec.model_copy(update={"files": [gone]}), tmp_path)


_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from models import ModelError, ensure_bundled, get_model, DEFAULT_ASR
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG, like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
spec = get_model(DEFAULT_ASR)
spec = spec.model_copy(update={"files": [f for f in spec.files if f.name == "tokenizer.json"]})
try:
    ensure_bundled(spec, Path(sys.argv[1]))
except ModelError as exc:
    print("MODEL ERROR:", exc)
"""


def test_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", _FULL_DISK, str(tmp_path)], capture_output=True, text=True,
                            timeout=60)
    assert "MODEL ERROR: cannot write" in result.stdout, result.stderr
    assert [p.name for p in (tmp_path / DEFAULT_ASR).iterdir()] == []
