"""One running app per profile: the server end of the channel `saydo toggle|start|stop|cancel|show` uses.

The name comes from the profile's runtime folder through app/ipc.py, whose Qt-free client `saydo toggle` speaks to
this server; so two profiles (`--home`) run side by side while a second start of the same one hands over to the first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..ipc import COMMANDS, CommandRejected, NotRunning, clear_starting, send_command, server_name
from ..private import private_dir

log = logging.getLogger(__name__)

# The client is re-exported for the app's own hand-over to a running instance.
__all__ = ["CommandRejected", "InstanceServer", "NotRunning", "send_command"]


class InstanceServer(QObject):
    """Listens for commands; `handler(command)` returns an answer line or raises ValueError for a refusal."""

    def __init__(self, runtime_dir: Path, handler: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runtime_dir = runtime_dir
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
        private_dir(self.runtime_dir)  # the socket's folder
        if not self.server.listen(self.name):
            raise RuntimeError(f"cannot listen on {self.name}: {self.server.errorString()}")
        clear_starting(self.runtime_dir)  # commands sent meanwhile stop waiting and connect
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
