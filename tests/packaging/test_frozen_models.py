"""In the installed app the default models are shipped assembled (scripts/package): used in place, never copied."""

from __future__ import annotations

import sys
from pathlib import Path

from models import DEFAULT_ASR, DEFAULT_LLM, ensure_model, get_model, is_installed
from models.bundled import SHIPPED_DIR, shipped_dir


def _bundle(tmp_path: Path, model_id: str) -> Path:
    folder = tmp_path / "bundle" / SHIPPED_DIR / model_id
    folder.mkdir(parents=True)
    for file in get_model(model_id).files:
        (folder / file.name).write_bytes(b"weights")  # checked at build time; here only their place matters
    return folder


def test_the_shipped_models_are_used_in_place(tmp_path: Path, monkeypatch) -> None:
    shipped = _bundle(tmp_path, DEFAULT_ASR)
    cache = tmp_path / "cache"
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)  # PyInstaller's bootloader sets it
    spec = get_model(DEFAULT_ASR)
    assert shipped_dir(spec) == shipped and is_installed(spec, cache)
    assert ensure_model(spec, cache) == shipped
    assert not cache.exists()  # no second copy in the user's cache


def test_a_model_the_bundle_lacks_is_found_the_usual_way(tmp_path: Path, monkeypatch) -> None:
    _bundle(tmp_path, DEFAULT_ASR)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert shipped_dir(get_model(DEFAULT_LLM)) is None
    monkeypatch.delattr(sys, "_MEIPASS")
    assert shipped_dir(get_model(DEFAULT_ASR)) is None  # a source tree: the packages' chunks, as before
