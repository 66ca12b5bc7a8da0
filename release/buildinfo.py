"""The build record inside the bundle: saydo's version, the commit, and every bundled distribution's version."""

from __future__ import annotations

import json
import platform
import re
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from app.version import version


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout.strip()


def commit_epoch(root: Path) -> int:
    """The commit's time: SOURCE_DATE_EPOCH when the caller did not set one, so one commit builds alike."""
    return int(_git(root, "log", "-1", "--format=%ct"))


def collect(root: Path, epoch: int) -> dict[str, Any]:
    # Only tracked files count as changes: other people's untracked work in a shared tree is not in the bundle.
    dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=no"))
    # Names as PEP 503 writes them (PySide6_Essentials → pyside6-essentials), so a record reads like uv.lock.
    packages = {re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version
                for d in metadata.distributions() if d.metadata["Name"]}
    return {
        "version": version(),
        "commit": _git(root, "rev-parse", "HEAD"),
        "dirty": dirty,
        "built": datetime.fromtimestamp(epoch, UTC).isoformat(),
        "python": platform.python_version(),
        "platform": f"{platform.system()}-{platform.machine()}".lower(),
        "packages": dict(sorted(packages.items())),
    }


def render(info: dict[str, Any]) -> str:
    return json.dumps(info, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
