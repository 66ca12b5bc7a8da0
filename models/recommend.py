"""Which models suit a machine: a pure function of its `Hardware`, so any machine can be simulated.

Each kind has a list of candidates, best first, for the machine's tier; the first one that can actually be used
wins (installed already, or downloadable: not offline and enough free disk). The bundled defaults end every list,
so there is always an answer that works with no download at all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .catalog import DEFAULT_ASR, DEFAULT_LLM, Tier, get_model
from .hardware import Hardware

# A 16 GB machine reports a little less than 16 GB, a 12 GB card a little less than 12 GB.
_LAPTOP_RAM_MB = 12_000
_LAPTOP_CORES = 6
_GPU_LARGE_MB = 11_000
_GPU_MID_MB = 5_500
_GPU_UNKNOWN_MB = 6_000  # CTranslate2 sees a GPU but nvidia-smi is missing: assume a common mid-range card


class Choice(BaseModel):
    kind: Literal["asr", "llm"]
    model_id: str
    device: Literal["cpu", "cuda"]
    compute_type: str | None = None  # ASR (CTranslate2)
    gpu_layers: int | None = None  # LLM (llama.cpp); -1 = every layer
    reasons: list[str] = Field(default_factory=list)


class Recommendation(BaseModel):
    tier: Tier
    asr: Choice
    llm: Choice
    notes: list[str] = Field(default_factory=list)


def _cpu_tier(hw: Hardware) -> Tier:
    if hw.avx2 and hw.cores >= _LAPTOP_CORES and hw.ram_mb >= _LAPTOP_RAM_MB:
        return "cpu-laptop"
    return "cpu-small"


def _vram(hw: Hardware) -> int:
    return hw.vram_mb or (_GPU_UNKNOWN_MB if hw.cuda_devices else 0)


def tier_of(hw: Hardware) -> Tier:
    if hw.cuda_devices:
        if _vram(hw) >= _GPU_LARGE_MB:
            return "gpu-large"
        if _vram(hw) >= _GPU_MID_MB:
            return "gpu-mid"
    return _cpu_tier(hw)


def _describe(hw: Hardware) -> str:
    parts = [f"{hw.cores} cores", f"{hw.ram_mb / 1024:.0f} GB RAM"]
    if hw.cuda_devices:
        parts.append(f"{hw.cuda_devices} CUDA GPU(s), {hw.vram_mb / 1024:.0f} GB" if hw.vram_mb
                     else f"{hw.cuda_devices} CUDA GPU(s), memory unknown")
    else:
        parts.append("no CUDA GPU")
    if not hw.avx2:
        parts.append("no AVX2")
    return ", ".join(parts)


def _asr_candidates(hw: Hardware, tier: Tier) -> list[Choice]:
    gpu = "on a GPU, float16 keeps full accuracy at a fraction of the CPU's time"
    cpu = "int8 on the CPU: about half the memory of float32 for the same transcript"
    small = Choice(kind="asr", model_id="whisper-small-ct2", device="cpu", compute_type="int8",
                   reasons=["small is clearly more accurate than base on Chinese and still runs faster than real "
                            f"time on {hw.cores} cores", cpu])
    base = Choice(kind="asr", model_id=DEFAULT_ASR, device="cpu", compute_type="int8",
                  reasons=["the bundled base model: no download, fast enough on any machine", cpu])
    if tier in ("gpu-large", "gpu-mid"):
        turbo = Choice(kind="asr", model_id="whisper-large-v3-turbo-ct2", device="cuda", compute_type="float16",
                       reasons=["large-v3-turbo: near large-v3 accuracy with a 4-layer decoder, several times faster",
                                gpu])
        return [turbo, small.model_copy(update={"device": "cuda", "compute_type": "float16",
                                                "reasons": ["small fits any CUDA GPU", gpu]}), base]
    if hw.cuda_devices:  # a GPU too small for turbo still runs small far faster than the CPU
        return [small.model_copy(update={"device": "cuda", "compute_type": "float16",
                                         "reasons": ["small fits a small GPU's memory", gpu]}), base]
    if tier == "cpu-laptop":
        return [small, base]
    return [base]


def _llm_candidates(hw: Hardware, tier: Tier) -> list[Choice]:
    where = ("this llama-cpp-python build has no GPU support, so llama.cpp runs on the CPU"
             if hw.cuda_devices and not hw.llama_gpu_offload else "llama.cpp on the CPU")

    def cpu(model_id: str, why: str) -> Choice:
        return Choice(kind="llm", model_id=model_id, device="cpu", gpu_layers=0, reasons=[why, where])

    def gpu(model_id: str, why: str) -> Choice:
        return Choice(kind="llm", model_id=model_id, device="cuda", gpu_layers=-1,
                      reasons=[why, "every layer offloaded to the GPU (gpu_layers = -1)"])

    bundled = cpu(DEFAULT_LLM, "the bundled 0.5B model: no download, quick on any CPU")
    on_cpu = ([cpu("qwen2.5-1.5b-instruct-q4km", "1.5B: much better slot filling in Chinese than 0.5B, still a "
                   f"few seconds per parse on {hw.cores} cores"), bundled]
              if _cpu_tier(hw) == "cpu-laptop" else [bundled])
    if not hw.llama_gpu_offload or tier not in ("gpu-large", "gpu-mid"):
        return on_cpu
    seven = gpu("qwen2.5-7b-instruct-q4km", "7B: the best Chinese understanding of the catalog; ~5 GB of VRAM "
                "beside the speech model")
    three = gpu("qwen2.5-3b-instruct-q4km", "3B fits beside the speech model in mid-range VRAM (Qwen Research "
                "licence: non-commercial; qwen2.5-1.5b-instruct-q4km is Apache-2.0)")
    one5 = gpu("qwen2.5-1.5b-instruct-q4km", "1.5B fully on the GPU: fast and light")
    return ([seven, three, one5] if tier == "gpu-large" else [three, one5]) + on_cpu


def _usable(choice: Choice, hw: Hardware, installed: frozenset[str], offline: bool,
            skipped: list[str]) -> bool:
    spec = get_model(choice.model_id)
    if spec.source == "pypi" or choice.model_id in installed:
        return True
    if offline:
        skipped.append(f"{choice.model_id} would suit this machine but downloads are off; install it by hand "
                       "(docs/models.md)")
        return False
    if spec.size_bytes / 2**20 > hw.free_disk_mb:
        skipped.append(f"{choice.model_id} needs {spec.size_bytes / 2**20:,.0f} MB of disk, "
                       f"{hw.free_disk_mb:,} MB free")
        return False
    return True


def _pick(candidates: list[Choice], hw: Hardware, installed: frozenset[str], offline: bool) -> Choice:
    skipped: list[str] = []
    for choice in candidates:
        if _usable(choice, hw, installed, offline, skipped):
            return choice.model_copy(update={"reasons": [*skipped, *choice.reasons]})
    raise AssertionError("the bundled defaults are always usable")


def recommend(hw: Hardware, *, installed: frozenset[str] = frozenset(), offline: bool = False) -> Recommendation:
    """The models to use on `hw`; `installed` are hub models already on disk, `offline` forbids downloads."""
    tier = tier_of(hw)
    notes = [f"{_describe(hw)}: tier {tier}"]
    if hw.cuda_devices and not hw.gpus:
        notes.append("GPU memory could not be read (nvidia-smi not found); assumed "
                     f"{_GPU_UNKNOWN_MB // 1024} GB")
    if not hw.avx2:
        notes.append("without AVX2, CTranslate2 and llama.cpp use slow generic kernels: only the smallest models "
                     "keep up on the CPU")
    if hw.ram_mb < 4_000:
        notes.append(f"{hw.ram_mb:,} MB of RAM is below the 4 GB saydo needs with both models loaded")
    return Recommendation(tier=tier, asr=_pick(_asr_candidates(hw, tier), hw, installed, offline),
                          llm=_pick(_llm_candidates(hw, tier), hw, installed, offline), notes=notes)
