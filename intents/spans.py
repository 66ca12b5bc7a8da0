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

from pydantic import BaseModel, ConfigDict, Field

from .schema import Category

_NAME = Field(default=None, max_length=40)
_NAMES = Field(default_factory=list, max_length=4)
Name = Annotated[str, Field(max_length=40)]


class _Spans(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VisitSpans(_Spans):
    intent: Literal["visit_note"]
    client: str | None = _NAME
    contacts: list[Name] = _NAMES


class TaskSpans(_Spans):
    intent: Literal["task"]
    assignee: str | None = _NAME


class ReminderSpans(_Spans):
    intent: Literal["reminder"]


class MeetingSpans(_Spans):
    intent: Literal["meeting"]
    attendees: list[Name] = _NAMES
    location: str | None = _NAME


class ExpenseSpans(_Spans):
    intent: Literal["expense"]
    category: Category
    merchant: str | None = _NAME


class NoteSpans(_Spans):
    intent: Literal["note"]


SPANS_BY_INTENT: dict[str, type[_Spans]] = {
    "visit_note": VisitSpans,
    "task": TaskSpans,
    "reminder": ReminderSpans,
    "meeting": MeetingSpans,
    "expense": ExpenseSpans,
    "note": NoteSpans,
}


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
