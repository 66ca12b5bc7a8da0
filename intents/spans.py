"""What the LLM is asked for: the intent and the short spans only it can find (names, places, a category).

Dates, times, amounts and currencies are not asked for: the small model gets them wrong and code reads them from
the transcript exactly. Keeping the answer to a few short spans is also what keeps a call near one second on a
CPU (generation is the slow part). Every string has a length cap so a confused model cannot loop.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from .registry import REGISTRY

Name = Annotated[str, Field(max_length=40)]


class _Spans(BaseModel):
    model_config = ConfigDict(extra="forbid")


_CAPS: dict[Any, Any] = {
    str | None: (Annotated[str | None, Field(max_length=40)], None),
    list[str]: (Annotated[list[Name], Field(max_length=4)], []),
}


def _span_model(name: str, spans: dict[str, tuple[Any, Any]]) -> type[_Spans]:
    """The model's answer for one intent: the intent itself, then each span, length-capped so it cannot loop."""
    fields: dict[str, Any] = {"intent": (Literal[name], ...)}  # type: ignore[valid-type]
    for key, (kind, default) in spans.items():
        fields[key] = _CAPS.get(kind, (kind, default))
    title = "".join(part.title() for part in name.split("_")) + "Spans"
    return create_model(title, __base__=_Spans, **fields)


SPANS_BY_INTENT: dict[str, type[_Spans]] = {name: _span_model(name, spec.spans) for name, spec in REGISTRY.items()}


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """Every key required, in declaration order: the grammar then forces one fixed, short shape."""
    for definition in [schema, *schema.get("$defs", {}).values()]:
        if "properties" in definition:
            definition["required"] = list(definition["properties"])
            for prop in definition["properties"].values():
                prop.pop("default", None)
                prop.pop("title", None)
    return schema


@cache
def spans_schema(intents: tuple[str, ...]) -> str:
    """JSON schema for one intent's spans, or for a choice among the candidate intents."""
    # The intent stays in the answer even when it is decided: without it as an anchor the small model tends
    # to repeat list items until the cap (measured: slower and worse contacts).
    variants = [_strict(SPANS_BY_INTENT[intent].model_json_schema()) for intent in intents]
    schema = variants[0] if len(variants) == 1 else {"anyOf": variants}
    return json.dumps(schema, ensure_ascii=False, sort_keys=True)


def schema_hash(schema: str) -> str:
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:16]


def parse_spans(raw: str) -> _Spans:
    data = json.loads(raw)
    return SPANS_BY_INTENT[data["intent"]].model_validate(data)
