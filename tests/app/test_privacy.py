"""Private by default: the whole pipeline, model preparation included, opens no network connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES

# An audit hook sees every socket connect and name lookup the interpreter makes, from any library.
_GUARD = """
import sys
def _no_network(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        sys.stderr.write(f"NETWORK ATTEMPT: {event} {args!r}\\n")
        raise RuntimeError("network use is not allowed")
sys.addaudithook(_no_network)
from app.cli import main
sys.argv = ["saydo"] + sys.argv[1:]
main()
"""


def test_run_makes_no_network_call(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _GUARD, "--home", str(tmp_path), "run", str(SAMPLES / "en-task.flac"), "--yes",
         "--json", "--now", "2026-11-23T10:00", "--tz", "Asia/Shanghai"],
        capture_output=True, text=True, timeout=600,
    )
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["record"]["intent"] == "task"


def test_native_telemetry_is_off_before_onnxruntime_loads() -> None:
    """Audit hooks cannot see native code: onnxruntime's own telemetry client is switched off by an environment
    variable that must be set before the library loads, which importing saydo's speech package does."""
    probe = ("import os, sys\n"
             "import asr\n"
             "assert 'onnxruntime' not in sys.modules, 'onnxruntime loaded before saydo could switch it off'\n"
             "import onnxruntime\n"
             "print(os.environ.get('ORT_DISABLE_TELEMETRY'))\n")
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
