"""A throwaway PostgreSQL cluster on 127.0.0.1: initdb into a temp dir, pg_ctl start on a free port, stop at the end.

The binaries come from PATH or the Debian layout (/usr/lib/postgresql/<version>/bin, which `scripts/bootstrap
--test` installs). PostgreSQL refuses to run as root, so under root the cluster runs as the `postgres` user (or
`nobody`) through `runuser`, in a temp dir under /tmp that this user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Self

_SUPERUSER = "saydo"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return user
    return None


def postgres_unavailable() -> str | None:
    """Why a cluster cannot be started here, or None if it can."""
    missing = [name for name in ("initdb", "pg_ctl") if _binary(name) is None]
    if missing:
        return f"PostgreSQL is not installed ({', '.join(missing)} not found; `scripts/bootstrap --test` installs it)"
    if os.geteuid() == 0 and (_run_as() is None or shutil.which("runuser") is None):
        return "running as root with no unprivileged user (postgres/nobody) or no runuser to start PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self) -> None:
        reason = postgres_unavailable()
        if reason is not None:
            raise RuntimeError(reason)
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="saydo-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                _binary("initdb") or "initdb", "-D", str(self.data), "-U", _SUPERUSER, "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync",
            )
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def dsn(self, dbname: str = "postgres") -> str:
        # This cluster has no certificate; saydo's sink would otherwise require TLS (verify-full).
        return f"postgresql://{_SUPERUSER}@127.0.0.1:{self.port}/{dbname}?sslmode=disable"

    def start(self) -> Self:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(_binary("pg_ctl") or "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options, "start")
        return self

    def stop(self) -> None:
        self._run(_binary("pg_ctl") or "pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", "fast", "stop")

    def running(self) -> bool:
        pg_ctl = _binary("pg_ctl") or "pg_ctl"
        return self._command(pg_ctl, "-D", str(self.data), "status").returncode == 0

    def create_database(self) -> str:
        """A fresh, empty database; returns its DSN. Tests each take one so that they cannot see each other's rows."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def destroy(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.destroy()

    def _command(self, *argv: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.user, "--"] if self.user is not None else []
        return subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120, cwd=self.root)

    def _run(self, *argv: str) -> None:
        result = self._command(*argv)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{Path(argv[0]).name} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                + (f"\nserver log:\n{log}" if log else "")
            )
