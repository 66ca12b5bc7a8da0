"""Free-text checks: does a title, reminder text or summary keep its content words and shed the rest?

Gold items may carry `"free_text": {"field": F, "must": [...], "must_not": [...]}`: the record's field F (a list
is joined) must contain every `must` word and none of the `must_not` words (trigger phrases, dates, priority and
amount words), case-insensitively and whatever the script (Traditional words are read as Simplified, as the parser
reads them). A record without the field (a wrong intent) fails the item; an item whose intent has no free text
(`"field": null`) is not a free-text item.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intents.normalize import to_simplified


def _field_text(record: dict[str, Any] | None, field: str) -> str | None:
    if not record:
        return None
    value = (record.get("fields") or {}).get(field)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return _norm(value) if isinstance(value, str) else None


def _norm(text: str) -> str:
    return to_simplified(text).lower()


def check_item(item: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any] | None:
    """{"id", "ok", "missing", "left"} for an item with free-text expectations, else None."""
    spec = item.get("free_text")
    if not spec or not spec.get("field"):
        return None
    text = _field_text(record, spec["field"])
    if text is None:
        return {"id": item["id"], "ok": False, "missing": list(spec.get("must", [])), "left": []}
    missing = [w for w in spec.get("must", []) if _norm(w) not in text]
    left = [w for w in spec.get("must_not", []) if _norm(w) in text]
    return {"id": item["id"], "ok": not missing and not left, "missing": missing, "left": left}


def summarise(checks: Iterable[dict[str, Any] | None]) -> dict[str, Any]:
    done = [c for c in checks if c is not None]
    if not done:
        return {"free_text_n": 0}
    return {
        "free_text_n": len(done),
        "free_text_ok": sum(c["ok"] for c in done) / len(done),
        "free_text_kept": sum(not c["missing"] for c in done) / len(done),
        "free_text_clean": sum(not c["left"] for c in done) / len(done),
    }
