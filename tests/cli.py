"""Running the real `saydo` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAYDO = str(Path(sys.executable).parent / "saydo")
PINNED = ["--now", "2026-11-23T10:00", "--tz", "Asia/Shanghai"]


def saydo(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SAYDO, "--home", str(home), *args], input=stdin if stdin is not None else "",
                          capture_output=True, text=True, timeout=600)


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]
