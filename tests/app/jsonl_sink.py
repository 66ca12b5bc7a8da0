"""A sink written the way docs/sinks.md ("Writing a sink") says, for the tests: its config, its factory, its
registration, all in this one module; the tests add the registry line (`SINK_MODULES["jsonl"]`).

It appends each delivery as one JSON line to `path`, tagged with `label` and `note` (two text fields, where the
built-in sinks have at most one, so the settings editor needs a column more); `token` it never writes anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from records.sinks.base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, require
from records.sinks.registry import register_sink


class JsonlConfig(SinkConfig):
    kind: Literal["jsonl"] = "jsonl"
    path: Annotated[Path | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "File"), "path", required=True)] = None
    label: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Label"), "text")] = None
    note: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Note"), "text")] = None
    token: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Token"), "password", secret=True)] = None


class JsonlSink:
    def __init__(self, name: str, path: Path, tags: dict[str, str | None]) -> None:
        self.name, self.path, self.tags = name, path, tags

    def deliver(self, delivery: Delivery) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({**self.tags, **delivery.to_json()}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Each delivery opens and closes the file."""


def _factory(settings: JsonlConfig, timeout_s: float) -> JsonlSink:
    path = Path(require(settings, "path", "the file to append to"))
    return JsonlSink(settings.name, path, {"label": settings.label, "note": settings.note})


register_sink(JsonlConfig, _factory)
