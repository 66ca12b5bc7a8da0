"""One running app per profile, and the channel `saydo toggle|start|stop|cancel|show` uses to reach it.

The server name is derived from the profile's runtime folder, so two profiles (`--home`) run side by side while a
second start of the same profile hands over to the first. The protocol is one command line in, one answer line out:
`ok`, or `error: why`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

COMMANDS = ("toggle", "start", "stop", "cancel", "show", "records", "settings", "quit")
TIMEOUT_MS = 2000


class NotRunning(RuntimeError):
    pass


class CommandRejected(RuntimeError):
    pass


def server_name(runtime_dir: Path) -> str:
    digest = hashlib.sha1(str(runtime_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return f"saydo-{digest}"


def send_command(runtime_dir: Path, command: str, *, timeout_ms: int = TIMEOUT_MS) -> str:
    """Send one command to the running app; returns its answer. NotRunning when no app serves this profile."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; choose one of {', '.join(COMMANDS)}")
    socket = QLocalSocket()
    socket.connectToServer(server_name(runtime_dir))
    if not socket.waitForConnected(timeout_ms):
        raise NotRunning("saydo is not running for this profile; start it with `saydo` (or `saydo app`)")
    socket.write(f"{command}\n".encode())
    socket.waitForBytesWritten(timeout_ms)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    text = answer.decode("utf-8", "replace").strip()
    if not text:
        raise NotRunning("the running saydo did not answer; it may be busy or hung")
    if text.startswith("error:"):
        raise CommandRejected(text.removeprefix("error:").strip())
    return text


class InstanceServer(QObject):
    """Listens for commands; `handler(command)` returns an answer line or raises ValueError for a refusal."""

    def __init__(self, runtime_dir: Path, handler: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(runtime_dir)
        self.handler = handler
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """True when this process is now the instance; False when another one already runs (it keeps serving)."""
        # Probe first: with UserAccessOption, Qt would silently replace a live server's socket file.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(500):
            probe.disconnectFromServer()
            return False
        # Nobody answers: any socket file left is from a crash, so the name is free to take.
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            raise RuntimeError(f"cannot listen on {self.name}: {self.server.errorString()}")
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)  # the command may have arrived with the connection, before readyRead was connected

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        command = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
        try:
            if command not in COMMANDS:
                raise ValueError(f"unknown command {command!r}")
            answer = self.handler(command)
        except ValueError as exc:
            answer = f"error: {exc}"
        socket.write(f"{answer}\n".encode())
        socket.flush()
