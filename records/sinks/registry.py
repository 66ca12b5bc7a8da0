"""The sink kinds, in one place: `SINK_MODULES` names the module of each kind, which declares its config (a
`SinkConfig` subclass) and registers it with its factory (`register_sink`) when imported.

Modules are imported when a kind is first needed, so that a folder-only user never loads psycopg or caldav. A new
sink is its module plus one line here (docs/sinks.md, "Writing a sink").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, get_args

from .base import Sink, SinkConfig, SinkRejected

SINK_MODULES: dict[str, str] = {
    "folder": "records.sinks.folder",
    "webhook": "records.sinks.webhook",
    "dingtalk": "records.sinks.robots",
    "feishu": "records.sinks.robots",
    "postgres": "records.sinks.postgres",
    "caldav": "records.sinks.caldav",
}

SinkFactory = Callable[[Any, float], Sink]


@dataclass(frozen=True)
class SinkKind:
    config: type[SinkConfig]
    factory: SinkFactory


_KINDS: dict[str, SinkKind] = {}


def register_sink(config: type[SinkConfig], factory: SinkFactory) -> None:
    """Make `make_sink` build sinks of `config`'s kind (its `kind: Literal`) with `factory(settings, timeout_s)`."""
    for kind in get_args(config.model_fields["kind"].annotation):
        _KINDS[kind] = SinkKind(config, factory)


def sink_kind(kind: str) -> SinkKind:
    """What makes a sink of `kind`, importing its module if need be. ModuleNotFoundError if a library it needs is not
    installed; KeyError for a kind nothing registers."""
    if kind not in _KINDS and kind in SINK_MODULES:
        importlib.import_module(SINK_MODULES[kind])
    return _KINDS[kind]


def sink_kinds() -> list[str]:
    """Every kind a `[[sinks]]` entry may name, in the order of `SINK_MODULES`."""
    return list(SINK_MODULES)


def make_sink(settings: SinkConfig, timeout_s: float) -> Sink:
    """A sink for one `[[sinks]]` entry. Raises SinkRejected with a message for the user if it cannot be built."""
    name = settings.name or settings.kind
    try:
        kind = sink_kind(settings.kind)
    except ModuleNotFoundError as error:
        raise SinkRejected(f"sink {name!r}: the {settings.kind} sink is not available in this build "
                           f"({error})") from error
    except KeyError:
        known = ", ".join(sorted(sink_kinds()))
        raise SinkRejected(f"sink {name!r}: unknown kind {settings.kind!r}; choose one of {known}") from None
    return kind.factory(settings, timeout_s)


def make_sinks(settings: Iterable[SinkConfig], timeout_s: float) -> list[Sink]:
    """Sinks for every enabled entry, in order. Names must be unique: the outbox keys delivery state by name."""
    sinks: list[Sink] = []
    seen: set[str] = set()
    for entry in settings:
        if not entry.enabled:
            continue
        if entry.name in seen:
            raise SinkRejected(f"two sinks are named {entry.name!r}; give each sink its own name")
        seen.add(entry.name)
        sinks.append(make_sink(entry, timeout_s))
    return sinks
