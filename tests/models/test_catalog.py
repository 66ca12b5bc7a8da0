"""The packaged catalog: the models the issue asks for, well-formed pins, and a clear refusal of a bad entry."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from models import catalog, get_model
from models.catalog import ModelSpec

REQUIRED = {"whisper-small-ct2", "whisper-medium-ct2", "whisper-large-v3-ct2", "whisper-large-v3-turbo-ct2",
            "qwen2.5-0.5b-instruct-q4km", "qwen2.5-1.5b-instruct-q4km", "qwen2.5-3b-instruct-q4km",
            "qwen2.5-7b-instruct-q4km"}


def test_catalog_lists_the_hub_models() -> None:
    assert {m.id for m in catalog()} >= REQUIRED
    assert all(get_model(i).source == "hub" for i in REQUIRED)


def test_pins_are_well_formed() -> None:
    for spec in catalog():
        names = [f.name for f in spec.files]
        assert len(names) == len(set(names)), spec.id
        for file in spec.files:
            assert file.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", file.sha256), (spec.id, file.name)
        if spec.source == "hub":
            assert spec.revision == "main" or re.fullmatch(r"[0-9a-f]{40}", spec.revision or ""), spec.id


def test_fully_pinned_entries() -> None:
    """Every hub entry pins its commit and every file's sha256 and size, but the one small git-stored file that has
    no published sha256 (docs/models.md)."""
    unpinned = {m.id for m in catalog() if m.source == "hub" and not m.fully_pinned}
    assert unpinned == {"whisper-large-v3-turbo-ct2"}
    turbo = get_model("whisper-large-v3-turbo-ct2")
    assert [f.name for f in turbo.files if not f.sha256] == ["preprocessor_config.json"]


def test_a_branch_without_every_hash_is_refused() -> None:
    """Following a branch, a file without a pinned sha256 could only be checked against what the hub declares."""
    entry = {"id": "x", "kind": "llm", "family": "f", "format": "gguf", "description": "d", "languages": ["en"],
             "license": "MIT", "source": "hub", "tier": "cpu-small", "ram_mb": 1, "repo": "org/x-GGUF",
             "revision": "main", "files": [{"name": "x.gguf"}]}
    with pytest.raises(ValidationError, match="from a branch \\(main\\) needs a sha256 for every file"):
        ModelSpec.model_validate(entry)
    ModelSpec.model_validate({**entry, "files": [{"name": "x.gguf", "sha256": "0" * 64}]})
    ModelSpec.model_validate({**entry, "revision": "0123456789abcdef0123456789abcdef01234567"})


def test_a_hub_entry_without_a_repo_is_refused() -> None:
    with pytest.raises(ValidationError, match="needs a repo and a revision"):
        ModelSpec(id="x", kind="llm", family="f", format="gguf", description="d", languages=["en"], license="MIT",
                  source="hub", tier="cpu-small", ram_mb=1)
