"""Changing a record by hand (`saydo records edit`, the card, the records window): apply the edits, then validate
against the record schema, so an edit that breaks the schema is refused before anything is stored."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from intents.schema import FIELDS_BY_INTENT, validate_record


class EditError(ValueError):
    """The edit is not a valid record; nothing was changed."""


_LIST_SEPARATORS = re.compile(r"\s*[;；,，、]\s*")


def list_fields(intent: str) -> set[str]:
    model = FIELDS_BY_INTENT[intent]
    return {name for name, info in model.model_fields.items() if typing.get_origin(info.annotation) is list}


def parse_assignment(text: str) -> tuple[str, str]:
    """`key=value` from the command line."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise EditError(f"expected FIELD=VALUE, got {text!r}")
    return key.strip(), value


def _value(raw: str, field: FieldInfo, is_list: bool) -> Any:
    """A typed value: the text as it is when the field takes it (a title "2026" stays text), else the text read
    as JSON (numbers, null, ["a", "b"]); for a list field, plain text is split on ; or , so
    `next_steps=send quote; book demo` does what it says."""
    text = raw.strip()
    if text == "" or text.lower() in ("null", "none"):
        return [] if is_list else None
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = text
    if is_list:
        return [part for part in _LIST_SEPARATORS.split(parsed) if part] if isinstance(parsed, str) else parsed
    adapter = TypeAdapter(field.annotation)
    for candidate in (text, parsed):
        try:
            adapter.validate_python(candidate)
            return candidate
        except ValidationError:
            continue
    return parsed  # invalid either way; validation below says why


def apply_edits(record: Mapping[str, Any] | None, assignments: Sequence[tuple[str, str]],
                intent: str | None = None) -> dict[str, Any]:
    """The record with `assignments` applied (and the intent switched), validated. Raises EditError."""
    old_intent = record["intent"] if record else None
    new_intent = intent or old_intent
    if new_intent is None:
        raise EditError("this draft has no record yet; choose an intent with --intent")
    if new_intent not in FIELDS_BY_INTENT:
        raise EditError(f"unknown intent {new_intent!r}; choose one of {', '.join(FIELDS_BY_INTENT)}")
    known = FIELDS_BY_INTENT[new_intent].model_fields
    fields = dict(record["fields"]) if record else {}
    if new_intent != old_intent:
        # Keep what the new intent also has (a title, a date); drop what it cannot hold.
        fields = {key: value for key, value in fields.items() if key in known}
    lists = list_fields(new_intent)
    for key, raw in assignments:
        if key not in known:
            raise EditError(f"{new_intent} has no field {key!r}; its fields are {', '.join(known)}")
        fields[key] = _value(raw, known[key], key in lists)
    return validated({"intent": new_intent, "fields": fields})


def validated(record: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return validate_record(dict(record)).model_dump()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
                             for e in exc.errors())
        raise EditError(f"not a valid {record.get('intent')} record: {problems}") from exc
