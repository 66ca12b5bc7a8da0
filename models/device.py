"""Where models run: CUDA when it is present and works, the CPU otherwise, with a clear message and never a crash.

A machine can report a CUDA device and still fail to use it (no cuDNN, a driver older than the CUDA runtime); those
failures surface as RuntimeError or OSError when the model is loaded, so the load itself is the test.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
Device = Literal["cpu", "cuda"]

# Compute types CTranslate2 only runs on a GPU; on a CPU fallback they become int8.
_GPU_ONLY = {"float16", "int8_float16", "bfloat16", "int8_bfloat16"}


@dataclass(frozen=True)
class DeviceChoice:
    device: Device
    compute_type: str
    reason: str


def cuda_device_count() -> int:
    """CUDA devices CTranslate2 can see; 0 when its CUDA runtime cannot even start."""
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except (RuntimeError, OSError) as exc:
        log.info("no usable CUDA runtime: %s", exc)
        return 0


def llama_gpu_offload() -> bool:
    """Whether this llama.cpp build can put layers on a GPU."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def _cpu_type(compute_type: str) -> str:
    return "int8" if compute_type in _GPU_ONLY or compute_type == "auto" else compute_type


def choose_device(requested: str, compute_type: str = "auto", *, cuda_devices: int | None = None) -> DeviceChoice:
    """`requested` is auto, cpu or cuda; compute_type "auto" means float16 on CUDA and int8 on the CPU."""
    if requested == "cpu":
        return DeviceChoice("cpu", _cpu_type(compute_type), "the CPU was asked for")
    count = cuda_device_count() if cuda_devices is None else cuda_devices
    if requested == "cuda" or count > 0:
        why = "CUDA was asked for" if requested == "cuda" else f"{count} CUDA device(s) found"
        return DeviceChoice("cuda", "float16" if compute_type == "auto" else compute_type, why)
    return DeviceChoice("cpu", _cpu_type(compute_type), "no CUDA device found")


def load_with_fallback(loader: Callable[[str, str], T], choice: DeviceChoice) -> tuple[T, DeviceChoice]:
    """Run `loader(device, compute_type)`; if CUDA fails to initialise, warn and load on the CPU instead.

    Returns the loaded object and the choice that was actually used."""
    if choice.device == "cpu":
        return loader(choice.device, choice.compute_type), choice
    try:
        return loader(choice.device, choice.compute_type), choice
    except (RuntimeError, OSError, ValueError) as exc:
        fallback = DeviceChoice("cpu", _cpu_type(choice.compute_type), f"CUDA failed: {exc}")
        log.warning("CUDA could not be used (%s); running on the CPU with %s instead. Check the NVIDIA driver and "
                    "the CUDA 12 / cuDNN 9 libraries, or set asr.device = \"cpu\" to skip the attempt.",
                    exc, fallback.compute_type)
        return loader(fallback.device, fallback.compute_type), fallback


def llama_gpu_layers(requested: int, *, offload: bool | None = None) -> int:
    """Layers to put on the GPU: what was asked for (-1 = all) when llama.cpp can offload, else 0."""
    if requested == 0:
        return 0
    supported = llama_gpu_offload() if offload is None else offload
    if not supported:
        log.warning("llm.gpu_layers = %d, but this llama-cpp-python build has no GPU support; running on the CPU",
                    requested)
        return 0
    return requested
