"""The sink interface: what one delivery carries, how a sink says "try again" or "never", and the sink registry.

A sink must be idempotent: the outbox delivers at least once (a crash between "the sink accepted it" and "marked
delivered" means the same delivery again), so delivering the same `Delivery` twice must leave the same result as once.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..entities import Attachment

log = logging.getLogger(__name__)

Action = Literal["upsert", "delete"]
ACTIONS: tuple[Action, ...] = ("upsert", "delete")


@dataclass(frozen=True)
class Delivery:
    """One revision of one record on its way to one sink.

    `upsert` is sent on confirm and on every edit of a confirmed record; `delete` when a delivered record is
    discarded. The content is that of revision `revision`, so the same idempotency key always carries the same body.
    """

    record_id: str
    revision: int
    action: Action
    intent: str | None
    fields: dict[str, Any] | None
    transcript: str
    lang: str | None
    status: str
    created_at: str
    updated_at: str
    # The photos and files the record held at this revision; sinks send their names and hashes, never the bytes,
    # except the folder sink, which copies them beside the record.
    attachments: tuple[Attachment, ...] = ()

    @property
    def idempotency_key(self) -> str:
        return f"{self.record_id}:{self.revision}:{self.action}"

    def to_json(self) -> dict[str, Any]:
        """The JSON form every sink that writes JSON uses (webhook body, folder `.json`)."""
        return {
            "id": self.record_id,
            "revision": self.revision,
            "action": self.action,
            "intent": self.intent,
            "fields": self.fields,
            "transcript": self.transcript,
            "lang": self.lang,
            "status": self.status,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "attachments": [attachment.to_json() for attachment in self.attachments],
        }


class SinkError(Exception):
    """A delivery failed in a way that may pass (network, server error, timeout, full disk): retry with backoff."""


class SinkRejected(SinkError):
    """A delivery can never succeed as configured (4xx, bad settings): dead-letter it at once."""


class Sink(Protocol):
    name: str

    def deliver(self, delivery: Delivery) -> None:
        """Return when the receiver has accepted `delivery`; raise SinkError (retry) or SinkRejected (give up)."""

    def close(self) -> None: ...


class SinkConfig(Protocol):
    """What a sink reads from `app.settings.SinkSettings` (typed here so `records` does not import `app`)."""

    name: str
    kind: str
    enabled: bool
    path: Any
    url: str | None
    secret: str | None
    dsn: str | None
    username: str | None
    password: str | None


SinkFactory = Callable[[Any, float], Sink]

_FACTORIES: dict[str, SinkFactory] = {}
# Built-in kinds register themselves when their module is imported; import lazily so that a folder-only user never
# loads psycopg or caldav.
_MODULES = {
    "folder": "records.sinks.folder",
    "webhook": "records.sinks.webhook",
    "dingtalk": "records.sinks.robots",
    "feishu": "records.sinks.robots",
    "postgres": "records.sinks.postgres",
    "caldav": "records.sinks.caldav",
}


def register_sink(kind: str, factory: SinkFactory) -> None:
    """Make `make_sink` build sinks of `kind` with `factory(settings, timeout_s)`."""
    _FACTORIES[kind] = factory


def make_sink(settings: Any, timeout_s: float) -> Sink:
    """A sink for one `SinkSettings` entry. Raises SinkRejected with a message for the user if it cannot be built."""
    kind = getattr(settings, "kind", None)
    name = getattr(settings, "name", None) or kind
    if kind not in _FACTORIES and kind in _MODULES:
        try:
            importlib.import_module(_MODULES[kind])
        except ModuleNotFoundError as error:
            raise SinkRejected(f"sink {name!r}: the {kind} sink is not available in this build ({error})") from error
    factory = _FACTORIES.get(kind)  # type: ignore[arg-type]
    if factory is None:
        known = ", ".join(sorted(set(_FACTORIES) | set(_MODULES)))
        raise SinkRejected(f"sink {name!r}: unknown kind {kind!r}; choose one of {known}")
    return factory(settings, timeout_s)


def make_sinks(settings: Iterable[Any], timeout_s: float) -> list[Sink]:
    """Sinks for every enabled entry, in order. Names must be unique: the outbox keys delivery state by name."""
    sinks: list[Sink] = []
    seen: set[str] = set()
    for entry in settings:
        if not getattr(entry, "enabled", True):
            continue
        if entry.name in seen:
            raise SinkRejected(f"two sinks are named {entry.name!r}; give each sink its own name")
        seen.add(entry.name)
        sinks.append(make_sink(entry, timeout_s))
    return sinks


def require(settings: Any, attribute: str, what: str) -> Any:
    """A setting a sink cannot work without, or SinkRejected naming the key to set."""
    value = getattr(settings, attribute, None)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SinkRejected(f"sink {settings.name!r} ({settings.kind}) needs `{attribute}` ({what}) in its settings")
    return value
