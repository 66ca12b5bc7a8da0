"""What the parser tells the person about a record it read ("client not recognised"): English text, as the CLI
prints it and JSON carries it, and a code with its values, so that the app can say it in the interface language."""

from __future__ import annotations

from datetime import date
from typing import Any


class Notice(str):
    """A warning that is its English text (wherever a `str` goes), plus `code` and `values` to translate it by."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, text: str, **values: Any) -> Notice:
        notice = super().__new__(cls, text)
        notice.code = code
        notice.values = values
        return notice


def text_cut(length: int, limit: int) -> Notice:
    return Notice("text_cut", f"the text is {length:,} characters long; fields were read from the first {limit:,} only",
                  length=length, limit=limit)


def client_unknown() -> Notice:
    return Notice("client_unknown", "client not recognised")


def filed_as(intent: str, fallback: str) -> Notice:
    return Notice("filed_as", f"could not fill a {intent} (missing time or amount); filed as {fallback}",
                  intent=intent, fallback=fallback)


def date_open(phrase: str, chosen: date, other: date) -> Notice:
    return Notice("date_open", f'"{phrase}" read as {chosen:%a %Y-%m-%d}; if you meant {other:%a %Y-%m-%d}, '
                  "change the date", phrase=phrase, chosen=chosen, other=other)
