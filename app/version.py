"""The running saydo's version, and, in the installed bundle, how it was built (the file scripts/package writes)."""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

BUILD_INFO_NAME = "saydo-build.json"


def version() -> str:
    try:
        return metadata.version("saydo")
    except metadata.PackageNotFoundError:  # a bare checkout on sys.path, never installed
        return "0+unknown"


def build_info() -> dict[str, Any] | None:
    """The bundle's build record (commit, package versions); None when running from a source tree."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    try:
        return json.loads((Path(base) / BUILD_INFO_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe() -> str:
    """One line for `saydo --version` and the About box: the version, and the commit for a built bundle."""
    info = build_info()
    if not info:
        return f"saydo {version()}"
    commit = str(info.get("commit", ""))[:12] + ("+changes" if info.get("dirty") else "")
    return f"saydo {info.get('version', version())} (commit {commit}, built {str(info.get('built', ''))[:10]})"
