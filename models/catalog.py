"""The model catalog: what saydo knows about each model, read from the packaged `catalog.toml`."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, Field


class FilePart(BaseModel):
    """One chunk of a model file, shipped inside an installed distribution."""

    package: str
    path: str


class ModelFile(BaseModel):
    name: str
    size_bytes: int
    sha256: str
    parts: list[FilePart]


class ModelSpec(BaseModel):
    id: str
    kind: Literal["asr", "llm"]
    family: str
    format: Literal["ctranslate2", "gguf"]
    description: str
    languages: list[str]
    license: str
    source: Literal["pypi", "hub"]
    tier: str
    ram_mb: int
    files: list[ModelFile] = Field(default_factory=list)

    @property
    def size_bytes(self) -> int:
        return sum(f.size_bytes for f in self.files)


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
