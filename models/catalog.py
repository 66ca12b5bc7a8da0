"""The model catalog: what saydo knows about each model, read from the packaged `catalog.toml`."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, Field, model_validator

_COMMIT = re.compile(r"[0-9a-f]{40}")

Tier = Literal["cpu-small", "cpu-laptop", "gpu-mid", "gpu-large"]
TIERS: tuple[Tier, ...] = ("cpu-small", "cpu-laptop", "gpu-mid", "gpu-large")


class FilePart(BaseModel):
    """One chunk of a model file, shipped inside an installed distribution."""

    package: str
    path: str


class ModelFile(BaseModel):
    name: str
    # None where no trustworthy published value was found; the hub's own declaration is used and recorded then.
    size_bytes: int | None = None
    sha256: str | None = None
    parts: list[FilePart] = Field(default_factory=list)


class ModelSpec(BaseModel):
    id: str
    kind: Literal["asr", "llm"]
    family: str
    format: Literal["ctranslate2", "gguf"]
    description: str
    languages: list[str]
    license: str
    source: Literal["pypi", "hub"]
    tier: Tier
    ram_mb: int
    vram_mb: int = 0
    # Hub models: the repository and the revision files are fetched at (a commit; a branch only with every sha256).
    repo: str | None = None
    revision: str | None = None
    files: list[ModelFile] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_a_source(self) -> ModelSpec:
        if self.source == "hub" and not (self.repo and self.revision):
            raise ValueError(f"{self.id}: a hub model needs a repo and a revision")
        branch = not _COMMIT.fullmatch(self.revision or "")
        if self.source == "hub" and branch and not all(f.sha256 for f in self.files):
            # A branch moves: its files could only be checked against what the hub itself declares.
            raise ValueError(f"{self.id}: a hub model fetched from a branch ({self.revision}) needs a sha256 for "
                             "every file; pin a commit or the hashes")
        if self.source == "pypi" and not all(f.parts and f.sha256 and f.size_bytes for f in self.files):
            raise ValueError(f"{self.id}: every bundled file needs its parts, sha256 and size")
        return self

    @property
    def size_bytes(self) -> int:
        """The known total; files whose size the catalog does not pin count as 0 until downloaded."""
        return sum(f.size_bytes or 0 for f in self.files)

    @property
    def fully_pinned(self) -> bool:
        """A pinned commit and a sha256 and size for every file."""
        return bool(self.source == "pypi" or (self.revision and _COMMIT.fullmatch(self.revision))) and all(
            f.sha256 and f.size_bytes for f in self.files)


class UnknownModel(KeyError):
    def __str__(self) -> str:
        known = ", ".join(m.id for m in catalog())
        return f"unknown model {self.args[0]!r}; known models: {known}"


@cache
def catalog() -> tuple[ModelSpec, ...]:
    text = resources.files(__package__).joinpath("catalog.toml").read_text(encoding="utf-8")
    return tuple(ModelSpec.model_validate(m) for m in tomllib.loads(text)["model"])


def get_model(model_id: str) -> ModelSpec:
    for spec in catalog():
        if spec.id == model_id:
            return spec
    raise UnknownModel(model_id)


DEFAULT_ASR = "whisper-base-bundled"
DEFAULT_LLM = "qwen2.5-coder-0.5b-instruct-q4km-bundled"
