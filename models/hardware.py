"""What this machine offers the models: cores, memory, vector instructions, CUDA GPUs and their memory, free disk.

Detection only reads local facts (psutil, py-cpuinfo, CTranslate2, llama.cpp, `nvidia-smi` when installed); it
never opens a connection.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import psutil
from pydantic import BaseModel, Field

from .device import cuda_device_count, llama_gpu_offload

log = logging.getLogger(__name__)


class Gpu(BaseModel):
    name: str
    vram_mb: int


class Hardware(BaseModel):
    cores: int  # physical cores where known: what CTranslate2 and llama.cpp threads scale with
    ram_mb: int
    avx2: bool
    avx512: bool
    cuda_devices: int = 0  # as CTranslate2 counts them
    gpus: list[Gpu] = Field(default_factory=list)  # with memory, from nvidia-smi; may be empty with cuda_devices > 0
    llama_gpu_offload: bool = False
    free_disk_mb: int = 0
    cpu_name: str = ""

    @property
    def vram_mb(self) -> int:
        """Memory of the largest GPU: a model is loaded on one device."""
        return max((g.vram_mb for g in self.gpus), default=0)


def _nvidia_gpus() -> list[Gpu]:
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("nvidia-smi failed: %s", exc)
        return []
    gpus = []
    for line in out.splitlines():
        name, _, memory = line.rpartition(",")
        if name and memory.strip().isdigit():
            gpus.append(Gpu(name=name.strip(), vram_mb=int(memory.strip())))
    return gpus


def detect(models_dir: Path) -> Hardware:
    import cpuinfo

    info = cpuinfo.get_cpu_info()
    flags = set(info.get("flags", []))
    probe = models_dir
    while not probe.exists():
        probe = probe.parent
    return Hardware(
        cores=psutil.cpu_count(logical=False) or psutil.cpu_count() or 1,
        ram_mb=psutil.virtual_memory().total // 2**20,
        avx2="avx2" in flags,
        avx512="avx512f" in flags,
        cuda_devices=cuda_device_count(),
        gpus=_nvidia_gpus(),
        llama_gpu_offload=llama_gpu_offload(),
        free_disk_mb=shutil.disk_usage(probe).free // 2**20,
        cpu_name=str(info.get("brand_raw", "")),
    )
