"""Private by default: the whole pipeline, model preparation included, opens no network connection."""

from __future__ import annotations

import ipaddress
import itertools
import json
import os
import re
import subprocess
import sys
import tomllib
import wave
from pathlib import Path

import numpy as np
import pytest

from app import TELEMETRY_OFF
from tests.cli import PINNED, SAYDO, lines
from tests.conftest import DATA, SAMPLES

pytestmark = pytest.mark.models  # runs the CLI on audio, which loads the models

ROOT = Path(__file__).resolve().parents[2]
STRACE = Path("/usr/bin/strace")

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


# What each entry point imports first: the console script's module (from pyproject.toml) and the tray app.
_ENTRY_MODULES = [tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["saydo"].split(":")[0],
                  "app.ui.application"]
_PROBE = """
import os, sys
import {entry}
early = sorted(m for m in ("huggingface_hub", "hf_xet", "onnxruntime", "faster_whisper") if m in sys.modules)
assert not early, f"loaded before saydo could switch their telemetry off: {{early}}"
from huggingface_hub import constants
import faster_whisper, onnxruntime
print(constants.HF_HUB_DISABLE_TELEMETRY, os.environ["ORT_DISABLE_TELEMETRY"], os.environ["DO_NOT_TRACK"])
"""


@pytest.mark.parametrize("entry", _ENTRY_MODULES)
def test_every_entry_point_switches_telemetry_off_before_the_libraries_load(entry: str) -> None:
    """Audit hooks cannot see native code, and each library reads its switch once, when it loads: the switches are
    set by the `app` package, which every entry point imports first, whatever the user's environment says."""
    env = {**os.environ, **dict.fromkeys(TELEMETRY_OFF, "0"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _PROBE.format(entry=entry)], capture_output=True, text=True,
                            timeout=300, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1", "1"]


def long_recording(path: Path, seconds: float = 45.0) -> Path:
    """The dictation clips one after another, a second of silence after each, until `seconds` are filled."""
    from asr.decode import SAMPLE_RATE, load_audio

    gap = np.zeros(SAMPLE_RATE, dtype=np.float32)
    pieces: list[np.ndarray] = []
    for clip in itertools.cycle(sorted((DATA / "dictation").glob("*.flac"))):
        pieces += [load_audio(clip).samples, gap]
        if sum(len(p) for p in pieces) >= seconds * SAMPLE_RATE:
            break
    samples = (np.clip(np.concatenate(pieces), -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples.tobytes())
    return path


_ADDRESSED = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(.*?sa_family=(AF_INET6?)\b(.*)")
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_HOST = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


def network_use(log: str) -> dict[str, list[str]]:
    """From an `strace -f -e trace=network` log: connections and datagrams to other machines, DNS queries (port 53,
    to a local resolver too, which forwards them) and netlink sockets (how name lookups list interfaces)."""
    found: dict[str, list[str]] = {"internet": [], "dns": [], "netlink": []}
    for line in log.splitlines():
        if re.search(r"\bsocket\(AF_NETLINK\b", line):
            found["netlink"].append(line)
        addressed = _ADDRESSED.search(line)
        if addressed is None:
            continue
        port, host = _PORT.search(line), _HOST.search(line)
        if port is not None and port.group(1) == "53":
            found["dns"].append(line)
        address = ipaddress.ip_address((host.group(1) or host.group(2)) if host else "0.0.0.0")
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_loopback:
            found["internet"].append(line)
    return found


# Lines as strace 6 writes them (without the pid), taken from a probe that did each of these things.
_V6 = 'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "{}", &sin6_addr), sin6_scope_id=0}}, 28)'
_SAMPLE_LOG = "\n".join([
    'sendto(3, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("192.0.2.1")}, 16) = 1',
    'sendto(4, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(9), ' + _V6.format("2001:db8::1") + " = 1",
    'connect(5, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS',
    "connect(6, {sa_family=AF_INET6, sin6_port=htons(9), " + _V6.format("::ffff:192.0.2.1") + " = -1 EINPROGRESS",
    "connect(6, {sa_family=AF_INET6, sin6_port=htons(9), " + _V6.format("::1") + " = 0",
    'connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
    'connect(7, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
    'connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0',
    "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 9",
    'recvfrom(7, "Nc"..., 2048, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, '
    "[28 => 16]) = 33",
    'getsockname(3, {sa_family=AF_INET, sin_port=htons(56113), sin_addr=inet_addr("0.0.0.0")}, [16]) = 0',
])


def test_the_strace_reading_tells_this_machine_from_the_internet() -> None:
    found = network_use(_SAMPLE_LOG)
    hosts = {kind: [re.findall(r'"([0-9a-f.:]+)"', line)[-1] for line in lines] for kind, lines in found.items()
             if kind != "netlink"}
    assert hosts == {"internet": ["192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "10.255.255.53"],
                     "dns": ["10.255.255.53", "127.0.0.53"]}
    assert found["netlink"] == ["socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 9"]


def traced(log: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, list[str]]]:
    """`saydo ARGS` (the installed console script) under strace, in an environment without the telemetry switches,
    so that what saydo sets itself is what is measured."""
    env = {k: v for k, v in os.environ.items() if k not in TELEMETRY_OFF}
    result = subprocess.run([str(STRACE), "-f", "--seccomp-bpf", "-qq", "-e", "trace=network", "-e", "signal=none",
                             "-o", str(log), SAYDO, *args], capture_output=True, text=True, timeout=1200, env=env)
    return result, network_use(log.read_text(errors="replace"))


def _strace_unusable() -> str | None:
    if not STRACE.exists():
        return f"strace is not installed ({STRACE})"
    probe = subprocess.run([str(STRACE), "-f", "-qq", "-e", "trace=network", "-o", os.devnull, "true"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        return f"strace cannot trace here (is ptrace permitted?): {probe.stderr.strip()[:200]}"
    return None


def test_a_long_run_and_a_parse_open_no_internet_socket_at_the_system_call_level(tmp_path: Path) -> None:
    """Native code (onnxruntime, CTranslate2, llama.cpp, Qt) is invisible to audit hooks; strace sees every socket
    system call of saydo and its threads and children. A long take gives background clients time to call home."""
    reason = _strace_unusable()
    if reason is not None:
        pytest.skip(reason)
    home = tmp_path / "home"
    recording = long_recording(tmp_path / "long-take.wav")
    run, run_use = traced(tmp_path / "run.strace", "--home", str(home), "run", str(recording), "--yes", "--json",
                          *PINNED)
    assert run.returncode == 0, run.stderr
    assert lines(run.stdout)[0]["transcript"]
    parse, parse_use = traced(tmp_path / "parse.strace", "--home", str(home), "parse",
                              "明天下午三点和远航科技的张经理开会 then email Li Wei the quote", *PINNED)
    assert parse.returncode == 0, parse.stderr
    assert json.loads(parse.stdout)["intent"]
    assert run_use == {"internet": [], "dns": [], "netlink": []}
    assert parse_use == {"internet": [], "dns": [], "netlink": []}
