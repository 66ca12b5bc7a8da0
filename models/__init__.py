"""Models: the catalog, locating the weights bundled in PyPI packages, and making them ready on disk."""

from .bundled import ModelError, Progress, ensure_bundled, verify_bundled
from .catalog import DEFAULT_ASR, DEFAULT_LLM, ModelSpec, UnknownModel, catalog, get_model

__all__ = [
    "DEFAULT_ASR",
    "DEFAULT_LLM",
    "ModelError",
    "ModelSpec",
    "Progress",
    "UnknownModel",
    "catalog",
    "ensure_bundled",
    "get_model",
    "verify_bundled",
]
