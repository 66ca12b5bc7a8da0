"""Recommendations for simulated machines: the choice and the reasons a user is shown."""

from __future__ import annotations

from models import DEFAULT_ASR, DEFAULT_LLM
from models.hardware import Gpu, Hardware
from models.recommend import recommend

RTX_4090 = Hardware(cores=16, ram_mb=64_000, avx2=True, avx512=True, cuda_devices=1,
                    gpus=[Gpu(name="NVIDIA GeForce RTX 4090", vram_mb=24_564)], llama_gpu_offload=True,
                    free_disk_mb=500_000)
LAPTOP_8_CORE = Hardware(cores=8, ram_mb=15_800, avx2=True, avx512=False, free_disk_mb=200_000)
LAPTOP_4_CORE_8GB = Hardware(cores=4, ram_mb=7_800, avx2=True, avx512=False, free_disk_mb=50_000)


def test_4090_gets_turbo_in_float16_and_7b_fully_offloaded() -> None:
    rec = recommend(RTX_4090)
    assert rec.tier == "gpu-large"
    assert (rec.asr.model_id, rec.asr.device, rec.asr.compute_type) == ("whisper-large-v3-turbo-ct2", "cuda",
                                                                       "float16")
    assert (rec.llm.model_id, rec.llm.device, rec.llm.gpu_layers) == ("qwen2.5-7b-instruct-q4km", "cuda", -1)
    assert any("offloaded" in r for r in rec.llm.reasons)
    assert "RTX" not in rec.notes[0] and "16 cores" in rec.notes[0]


def test_gpu_without_a_cuda_llama_build_keeps_the_llm_on_the_cpu() -> None:
    rec = recommend(RTX_4090.model_copy(update={"llama_gpu_offload": False}))
    assert rec.asr.device == "cuda"
    assert (rec.llm.model_id, rec.llm.device, rec.llm.gpu_layers) == ("qwen2.5-1.5b-instruct-q4km", "cpu", 0)
    assert any("no GPU support" in r for r in rec.llm.reasons)


def test_8_core_laptop_gets_small_int8_and_1_5b() -> None:
    rec = recommend(LAPTOP_8_CORE)
    assert rec.tier == "cpu-laptop"
    assert (rec.asr.model_id, rec.asr.device, rec.asr.compute_type) == ("whisper-small-ct2", "cpu", "int8")
    assert (rec.llm.model_id, rec.llm.gpu_layers) == ("qwen2.5-1.5b-instruct-q4km", 0)
    assert any("int8" in r for r in rec.asr.reasons)


def test_4_core_8gb_laptop_keeps_the_bundled_models() -> None:
    rec = recommend(LAPTOP_4_CORE_8GB)
    assert rec.tier == "cpu-small"
    assert (rec.asr.model_id, rec.llm.model_id) == (DEFAULT_ASR, DEFAULT_LLM)
    assert any("no download" in r for r in rec.asr.reasons)


def test_air_gapped_box_only_gets_what_it_has() -> None:
    rec = recommend(RTX_4090, offline=True)
    assert (rec.asr.model_id, rec.llm.model_id) == (DEFAULT_ASR, DEFAULT_LLM)
    assert any("downloads are off" in r and "whisper-large-v3-turbo-ct2" in r for r in rec.asr.reasons)

    installed = recommend(RTX_4090, offline=True, installed=frozenset({"whisper-large-v3-turbo-ct2"}))
    assert installed.asr.model_id == "whisper-large-v3-turbo-ct2"
    assert installed.llm.model_id == DEFAULT_LLM


def test_too_little_disk_falls_back_to_what_needs_no_download() -> None:
    rec = recommend(LAPTOP_8_CORE.model_copy(update={"free_disk_mb": 300}))
    assert rec.asr.model_id == DEFAULT_ASR
    assert any("MB of disk" in r for r in rec.asr.reasons)


def test_gpu_of_unknown_memory_is_treated_as_mid_range() -> None:
    rec = recommend(RTX_4090.model_copy(update={"gpus": []}))
    assert rec.tier == "gpu-mid"
    assert rec.llm.model_id == "qwen2.5-3b-instruct-q4km"
    assert any("nvidia-smi" in n for n in rec.notes)


def test_small_gpu_runs_small_whisper_and_leaves_the_llm_on_the_cpu() -> None:
    small_gpu = RTX_4090.model_copy(update={"gpus": [Gpu(name="GTX 1650", vram_mb=4_096)], "cores": 4,
                                            "ram_mb": 8_000})
    rec = recommend(small_gpu)
    assert rec.tier == "cpu-small"
    assert (rec.asr.model_id, rec.asr.device) == ("whisper-small-ct2", "cuda")
    assert rec.llm.model_id == DEFAULT_LLM


def test_no_avx2_keeps_a_big_cpu_on_the_smallest_models() -> None:
    rec = recommend(LAPTOP_8_CORE.model_copy(update={"avx2": False, "cores": 32, "ram_mb": 128_000}))
    assert (rec.asr.model_id, rec.llm.model_id) == (DEFAULT_ASR, DEFAULT_LLM)
    assert any("AVX2" in n for n in rec.notes)
