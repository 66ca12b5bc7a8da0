"""What the PyInstaller spec (packaging/saydo.spec) puts into the bundle besides the code it finds by import.

The default models are byte chunks inside registry packages, found at run time through each package's metadata
(models/bundled.py), so the bundle carries the chunks at their site-packages paths together with the packages'
dist-info. saydo's own dist-info is written fresh: the development one is an editable install that names the
checkout, and the bundle must not point back at the build machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from models import DEFAULT_ASR, DEFAULT_LLM, get_model
from models.bundled import locate_part

APP_DISTRIBUTION = "saydo"


@dataclass(frozen=True)
class DataFile:
    source: Path
    dest_dir: str  # folder inside the bundle, relative to its root (PyInstaller's `datas` form)


def default_model_ids() -> tuple[str, str]:
    return DEFAULT_ASR, DEFAULT_LLM


def model_packages(model_ids: tuple[str, ...] = default_model_ids()) -> list[str]:
    """The distributions whose chunks make up the models, in the catalog's order, each once."""
    names: list[str] = []
    for model_id in model_ids:
        for file in get_model(model_id).files:
            names += [p.package for p in file.parts if p.package not in names]
    return names


def model_chunks(model_ids: tuple[str, ...] = default_model_ids()) -> list[DataFile]:
    """Every chunk of the models, placed where its package's RECORD says it lives."""
    return [DataFile(locate_part(part), str(Path(part.path).parent))
            for model_id in model_ids for file in get_model(model_id).files for part in file.parts]


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
