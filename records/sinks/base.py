"""The sink interface: what one delivery carries, how a sink says "try again" or "never", and what a sink's settings
declare (`SinkConfig`, `SettingField`) so that the settings editor can be built from them.

A sink must be idempotent: the outbox delivers at least once (a crash between "the sink accepted it" and "marked
delivered" means the same delivery again), so delivering the same `Delivery` twice must leave the same result as once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

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


Widget = Literal["path", "url", "dsn", "text", "password", "choice"]


@dataclass(frozen=True)
class SettingField:
    """How the settings editor shows one field of a sink's config (the `Annotated` metadata of that field).

    `label` is English and marked for translation (`QT_TRANSLATE_NOOP`); the app shows it in the interface language.
    `widget`: a folder (`path`), an address (`url`), a PostgreSQL connection string whose password the editor keeps
    out of sight (`dsn`), plain `text`, a `password`, or one of the field's `Literal` values (`choice`). `secret`
    fields are masked unless the user asks to see them; `required` ones the editor will not save empty.
    """

    label: str
    widget: Widget
    secret: bool = False
    required: bool = False


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name pyside6-lupdate looks for)
    """Marks a label for the app's translations (scripts/translations reads this package) without importing Qt."""
    return text


class SinkConfig(BaseModel):
    """One `[[sinks]]` entry: what every sink has. Each kind subclasses it with `kind: Literal["<kind>"]` and its own
    fields, each annotated with a `SettingField`; fields stay optional, as a disabled entry may be incomplete (the
    sink's factory refuses what it cannot work without, through `require`)."""

    model_config = ConfigDict(extra="ignore")

    name: str
    kind: str
    enabled: bool = True


def setting_fields(config: type[SinkConfig]) -> dict[str, SettingField]:
    """The fields of a kind's config that the user sets, in declaration order, with how to show them."""
    return {name: meta for name, info in config.model_fields.items()
            for meta in info.metadata if isinstance(meta, SettingField)}


def require(settings: SinkConfig, attribute: str, what: str) -> Any:
    """A setting a sink cannot work without, or SinkRejected naming the key to set."""
    value = getattr(settings, attribute, None)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SinkRejected(f"sink {settings.name!r} ({settings.kind}) needs `{attribute}` ({what}) in its settings")
    return value
