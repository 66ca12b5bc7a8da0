"""Models: the catalog, the weights bundled in PyPI packages, downloads from a hub, and where they run."""

from .bundled import ModelError, Progress, ensure_bundled, verify_bundled
from .catalog import DEFAULT_ASR, DEFAULT_LLM, ModelSpec, UnknownModel, catalog, get_model
from .device import DeviceChoice, choose_device, llama_gpu_layers, load_with_fallback
from .hub import HubSource, pull
from .installed import VerifyReport, ensure_model, is_installed, remove, verify

__all__ = [
    "DEFAULT_ASR",
    "DEFAULT_LLM",
    "DeviceChoice",
    "HubSource",
    "ModelError",
    "ModelSpec",
    "Progress",
    "UnknownModel",
    "VerifyReport",
    "catalog",
    "choose_device",
    "ensure_bundled",
    "ensure_model",
    "get_model",
    "is_installed",
    "llama_gpu_layers",
    "load_with_fallback",
    "pull",
    "remove",
    "verify",
    "verify_bundled",
]
