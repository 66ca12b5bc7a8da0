"""Where a profile's folders are: under `--home` / SAYDO_HOME, or the platform's per-user folders.

Apart from the settings (pydantic alone takes a third of a second to import) because `saydo toggle`, run by a desktop
shortcut on every key press, needs the runtime folder and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "saydo"
HOME_ENV = "SAYDO_HOME"


def profile_dir(home: Path | None = None) -> Path | None:
    """The folder holding the whole profile (`--home`, else SAYDO_HOME), or None for the per-user folders."""
    home = home or (Path(os.environ[HOME_ENV]) if os.environ.get(HOME_ENV) else None)
    return home.expanduser() if home is not None else None


def data_dir(profile: Path | None) -> Path:
    """Records, recordings and the runtime folder of the profile `profile_dir` gave."""
    return profile / "data" if profile is not None else Path(platformdirs.user_data_dir(APP_NAME))


def runtime_dir(data: Path) -> Path:
    """The running app's single-instance socket lives here."""
    return data / "run"
