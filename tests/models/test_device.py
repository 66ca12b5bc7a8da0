"""Device choice and the CUDA -> CPU fallback, with a real failed CUDA initialisation.

This machine has no GPU, so CTranslate2's CUDA load really fails (driver/runtime missing); that is the failure a
user with a broken driver or no cuDNN sees. Only the device *count* is simulated where a test needs CTranslate2 to
believe a GPU exists (`cuda_devices=1`): a GPU is the one boundary that cannot exist here.
"""

from __future__ import annotations

import logging

import pytest

from models import DEFAULT_ASR, choose_device, ensure_model, get_model, llama_gpu_layers, load_with_fallback


def test_auto_is_cpu_int8_without_cuda_and_float16_with_it() -> None:
    assert (choose_device("auto").device, choose_device("auto").compute_type) == ("cpu", "int8")  # real count: 0
    gpu = choose_device("auto", cuda_devices=1)
    assert (gpu.device, gpu.compute_type) == ("cuda", "float16")
    assert choose_device("cpu", "float16").compute_type == "int8"  # a GPU-only type would be slow or refused
    assert choose_device("cuda", "int8_float16").compute_type == "int8_float16"


@pytest.fixture(scope="module")
def whisper_dir(config):
    _, paths = config
    return ensure_model(get_model(DEFAULT_ASR), paths.models_dir)


@pytest.mark.parametrize("choice", [choose_device("cuda"), choose_device("auto", cuda_devices=1)],
                         ids=["cuda-asked", "cuda-reported-but-broken"])
def test_failed_cuda_initialisation_falls_back_to_the_cpu(whisper_dir, choice, caplog) -> None:
    from faster_whisper import WhisperModel

    attempts: list[tuple[str, str]] = []

    def load(device: str, compute_type: str) -> WhisperModel:
        attempts.append((device, compute_type))
        return WhisperModel(str(whisper_dir), device=device, compute_type=compute_type, cpu_threads=1)

    with caplog.at_level(logging.WARNING, logger="models.device"):
        model, used = load_with_fallback(load, choice)
    assert attempts == [("cuda", "float16"), ("cpu", "int8")]
    assert (used.device, used.compute_type) == ("cpu", "int8")
    assert "CUDA failed" in used.reason
    assert "running on the CPU with int8" in caplog.text
    assert model.model.device == "cpu"


def test_a_loader_that_fails_on_the_cpu_too_still_raises() -> None:
    def broken(device: str, compute_type: str) -> None:
        raise RuntimeError(f"cannot load on {device}")

    with pytest.raises(RuntimeError, match="cannot load on cpu"):
        load_with_fallback(broken, choose_device("cuda"))


def test_llama_gpu_layers_follow_the_build(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="models.device"):
        assert llama_gpu_layers(-1) == 0  # this llama-cpp-python build has no GPU offload
    assert "no GPU support" in caplog.text
    assert llama_gpu_layers(-1, offload=True) == -1
    assert llama_gpu_layers(0, offload=True) == 0
