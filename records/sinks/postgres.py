"""Team database sink: records upserted into a PostgreSQL table `saydo_records`, created if missing.

Idempotent by record id with a revision guard: a redelivery writes the same row again, and an older revision never
overwrites a newer one (`ON CONFLICT ... WHERE excluded.revision >= saydo_records.revision`); a delete removes the
row only if it is not newer than the discard.

The connection is encrypted and the server's certificate checked against the system's trusted roots
(`sslmode=verify-full sslrootcert=system`) unless the DSN (or libpq's PGSSLMODE / PGSSLROOTCERT) says otherwise:
libpq's own default, `prefer`, falls back to plain text and accepts any certificate.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Annotated, Any, Literal

from .base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, SinkError, SinkRejected, require
from .registry import register_sink

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

# psycopg is imported where it is used: settings that merely name this sink must not load it at every start.
TABLE = "saydo_records"


class PostgresConfig(SinkConfig):
    kind: Literal["postgres"] = "postgres"
    # A libpq connection string (URI or key=value), its password included.
    dsn: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "DSN"), "dsn", required=True)] = None

_CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id text PRIMARY KEY,
    revision integer NOT NULL,
    intent text,
    fields jsonb,
    transcript text NOT NULL,
    lang text,
    status text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
)
"""

_UPSERT = f"""
INSERT INTO {TABLE} AS t (id, revision, intent, fields, transcript, lang, status, created_at, updated_at)
VALUES (%(id)s, %(revision)s, %(intent)s, %(fields)s, %(transcript)s, %(lang)s, %(status)s, %(created_at)s,
        %(updated_at)s)
ON CONFLICT (id) DO UPDATE SET
    revision = excluded.revision, intent = excluded.intent, fields = excluded.fields,
    transcript = excluded.transcript, lang = excluded.lang, status = excluded.status,
    created_at = excluded.created_at, updated_at = excluded.updated_at
WHERE excluded.revision >= t.revision
"""

_DELETE = f"DELETE FROM {TABLE} WHERE id = %(id)s AND revision <= %(revision)s"

# What a DSN gets when it names no TLS policy of its own.
TLS_DEFAULTS = {"sslmode": "verify-full", "sslrootcert": "system"}


def with_tls_defaults(dsn: str) -> str:
    """`dsn` with TLS required and the certificate verified, unless the DSN or the environment chose otherwise."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    given = conninfo_to_dict(dsn)
    if "sslmode" in given or os.environ.get("PGSSLMODE"):
        return dsn
    defaults = dict(TLS_DEFAULTS)
    if "sslrootcert" in given or os.environ.get("PGSSLROOTCERT"):
        del defaults["sslrootcert"]  # the user's own CA bundle, checked in full
    return make_conninfo(dsn, **defaults)


class PostgresSink:
    def __init__(self, name: str, dsn: str, timeout_s: float) -> None:
        self.name = name
        self.dsn = with_tls_defaults(dsn)
        self.timeout_s = timeout_s
        self._conn: psycopg.Connection[Any] | None = None

    def deliver(self, delivery: Delivery) -> None:
        import psycopg
        from psycopg.types.json import Jsonb

        params = {
            "id": delivery.record_id,
            "revision": delivery.revision,
            "intent": delivery.intent,
            "fields": Jsonb(delivery.fields) if delivery.fields is not None else None,
            "transcript": delivery.transcript,
            "lang": delivery.lang,
            "status": delivery.status,
            "created_at": delivery.created_at,
            "updated_at": delivery.updated_at,
        }
        try:
            conn = self._connect()
            with conn.transaction():
                conn.execute(_UPSERT if delivery.action == "upsert" else _DELETE, params)
        except (psycopg.DataError, psycopg.IntegrityError, psycopg.ProgrammingError) as error:
            # The server understood and refused: sending the same thing again cannot help.
            raise SinkRejected(f"sink {self.name!r}: PostgreSQL refused the record: {error}") from error
        except psycopg.Error as error:
            # Server gone, restarting, network down, statement timeout: reconnect on the next delivery.
            self._drop()
            reason = _first_line(error)
            if "SSL" in str(error) or "certificate" in str(error):
                reason += (" (saydo requires TLS with a verified certificate unless the dsn sets `sslmode`; see "
                           "docs/sinks.md)")
            raise SinkError(f"sink {self.name!r}: PostgreSQL unavailable: {reason}") from error

    def close(self) -> None:
        self._drop()

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg

        if self._conn is not None and not self._conn.closed:
            return self._conn
        conn = psycopg.connect(
            self.dsn,
            autocommit=True,
            connect_timeout=max(1, round(self.timeout_s)),
            # A hung server or a lock held by a colleague's session fails the delivery instead of stalling the app.
            options=f"-c statement_timeout={int(self.timeout_s * 1000)}",
        )
        try:
            conn.execute(_CREATE)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _drop(self) -> None:
        import psycopg

        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                log.debug("closing a broken PostgreSQL connection failed", exc_info=True)
            self._conn = None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _factory(settings: PostgresConfig, timeout_s: float) -> PostgresSink:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    dsn = require(settings, "dsn", "a PostgreSQL connection string, e.g. postgresql://user@host/db")
    try:
        conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as error:
        raise SinkRejected(f"sink {settings.name!r}: `dsn` is not a valid connection string: {error}") from error
    return PostgresSink(settings.name, dsn, timeout_s)


register_sink(PostgresConfig, _factory)
