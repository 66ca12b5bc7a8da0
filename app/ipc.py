r"""The channel `saydo toggle|start|stop|cancel|show` uses to reach the running app, without Qt.

The app listens with Qt's QLocalServer (app/ui/single_instance.py) at `server_name(runtime_dir)`: a Unix domain
socket at that full path on Linux and macOS, a named pipe `\\.\pipe\<name>` on Windows. This client speaks to it
with the standard library alone, so a command costs an interpreter start and a round trip, not the import of Qt.
The protocol is one command line in, one answer line out: `ok` (or `recording`), or `error: why`.

An app that is starting (its imports take seconds) is not listening yet: it leaves a `starting` marker with its pid
in the runtime folder until it is, and the client waits for it then, so a shortcut pressed at that moment is not lost.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

from .private import FILE_MODE, private_dir

COMMANDS = ("toggle", "start", "stop", "cancel", "show", "records", "settings", "quit")
TIMEOUT_MS = 2000
SOCKET_FILE = "app.sock"
STARTING_FILE = "starting"
STARTING_WAIT_S = 10.0  # an app start under load; the wait ends sooner when the starting process dies
_STARTING_MAX_AGE_S = 60.0  # older markers are from a crash whose pid may have been reused
_POLL_S = 0.05
# sockaddr_un holds 108 bytes on Linux and 104 on macOS, the closing NUL included.
_SOCKET_PATH_MAX = 100
_ANSWER_MAX = 4096


class NotRunning(RuntimeError):
    pass


class CommandRejected(RuntimeError):
    pass


def server_name(runtime_dir: Path) -> str:
    """Where the app of the profile owning `runtime_dir` listens. A full socket path rather than a bare name, which
    Qt would put in its own temp folder (TMPDIR, which a desktop shortcut's environment may not share)."""
    folder = runtime_dir.resolve()
    digest = hashlib.sha1(str(folder).encode("utf-8")).hexdigest()[:12]
    if sys.platform == "win32":
        return f"saydo-{digest}"
    path = folder / SOCKET_FILE
    if len(os.fsencode(path)) <= _SOCKET_PATH_MAX:
        return str(path)
    return os.path.join(tempfile.gettempdir(), f"saydo-{digest}")  # a deep --home: too long for a socket path


def mark_starting(runtime_dir: Path) -> None:
    """Say that this process is starting the app for the profile, until `clear_starting` (or its exit)."""
    marker = private_dir(runtime_dir) / STARTING_FILE
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w") as out:
        out.write(str(os.getpid()))
    atexit.register(clear_starting, runtime_dir)  # a start that ends before listening (no display, an error)


def clear_starting(runtime_dir: Path) -> None:
    """Remove the marker if this process wrote it (another start of the same profile may have replaced it)."""
    marker = runtime_dir / STARTING_FILE
    if _marker_pid(marker) == os.getpid():
        marker.unlink(missing_ok=True)


def is_starting(runtime_dir: Path) -> bool:
    """Whether a live process is starting the app for the profile and is not listening yet."""
    marker = runtime_dir / STARTING_FILE
    pid = _marker_pid(marker)
    if pid is None:
        return False
    try:
        if time.time() - marker.stat().st_mtime > _STARTING_MAX_AGE_S:
            return False
    except OSError:
        return False
    return _alive(pid)


def _marker_pid(marker: Path) -> int | None:
    try:
        return int(marker.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill would end the process there; the marker's age bounds the wait instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process, alive
    return True


def send_command(runtime_dir: Path, command: str, *, timeout_ms: int = TIMEOUT_MS) -> str:
    """Send one command to the running app; returns its answer, waiting for it to listen while it is starting.
    NotRunning when no app serves this profile (or it does not answer), CommandRejected with the app's reason when
    it refuses."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; choose one of {', '.join(COMMANDS)}")
    name = server_name(runtime_dir)
    deadline = time.monotonic() + STARTING_WAIT_S
    while True:
        # Looked at before connecting: a marker gone after a failed connect means the app listens now (or died).
        starting = is_starting(runtime_dir)
        try:
            raw = _exchange(name, command, timeout_ms)
            break
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            if starting and time.monotonic() < deadline:
                time.sleep(_POLL_S)
                continue
            if starting:
                raise NotRunning(f"saydo is still starting after {STARTING_WAIT_S:g} s; try again") from exc
            raise NotRunning("saydo is not running for this profile; start it with `saydo` (or `saydo app`)") from exc
        except OSError as exc:  # a timeout too: a busy or hung app
            raise NotRunning(f"the running saydo did not answer ({exc}); it may be busy or hung") from exc
    # The answer may quote a device name or a notice: printable text only, for the terminal that shows it.
    text = "".join(ch for ch in raw.decode("utf-8", "replace").strip() if ch.isprintable())
    if not text:
        raise NotRunning("the running saydo did not answer; it may be busy or hung")
    if text.startswith("error:"):
        raise CommandRejected(text.removeprefix("error:").strip())
    return text


def deliver(runtime_dir: Path, command: str) -> tuple[bool, str]:
    """`command` sent to the app: (True, its answer), or (False, why it did not take it) for the person."""
    try:
        return True, send_command(runtime_dir, command)
    except NotRunning as exc:
        return False, str(exc)
    except CommandRejected as exc:
        return False, f"saydo refused `{command}`: {exc}"


def _exchange(name: str, command: str, timeout_ms: int) -> bytes:
    return _exchange_pipe(name, command) if sys.platform == "win32" else _exchange_socket(name, command, timeout_ms)


def _exchange_socket(path: str, command: str, timeout_ms: int) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout_ms / 1000)
        conn.connect(path)
        conn.sendall(f"{command}\n".encode())
        answer = b""
        while not answer.endswith(b"\n") and len(answer) < _ANSWER_MAX:
            chunk = conn.recv(_ANSWER_MAX)
            if not chunk:
                break
            answer += chunk
        return answer


def _exchange_pipe(name: str, command: str) -> bytes:
    """Windows: Qt's server is a byte-mode named pipe. No timeout here (a blocking pipe read has none); not run by
    the test suite, which runs on Linux."""
    with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
        pipe.write(f"{command}\n".encode())
        return pipe.readline(_ANSWER_MAX)
