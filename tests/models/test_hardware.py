"""Hardware detection on this real machine (2 cores, no GPU)."""

from __future__ import annotations

from pathlib import Path

from models.hardware import detect


def test_detects_this_machine(tmp_path: Path) -> None:
    hw = detect(tmp_path / "not-yet-created" / "models")  # free disk is read from the nearest existing folder
    assert hw.cores >= 1 and hw.ram_mb > 512
    assert hw.cuda_devices == 0 and hw.gpus == [] and hw.vram_mb == 0
    assert hw.llama_gpu_offload is False  # the CPU build of llama-cpp-python
    assert hw.free_disk_mb > 0
    assert isinstance(hw.avx2, bool) and isinstance(hw.avx512, bool)
