"""Full-text search helpers: what text of a record is indexed, and how a user's query becomes SQL.

The index is an FTS5 table with the `trigram` tokenizer. The default `unicode61` tokenizer treats a run of Chinese
characters as one token, so "张经理" would never match inside "华为的张经理"; trigrams match any substring of three or
more characters in any script. Terms shorter than three characters have no trigram, so they fall back to LIKE.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

TRIGRAM = 3


def fields_text(fields: Mapping[str, Any] | None) -> str:
    """The searchable text of a record's fields: every value, one per line, keys and JSON punctuation left out."""
    if not fields:
        return ""
    return "\n".join(_values(fields))


def _values(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _values(item)
    elif isinstance(value, bool):
        # "True" would match every "true" in a transcript and help nobody find anything.
        return
    elif isinstance(value, float) and value.is_integer():
        # 3500.0 -> "3500", so that searching for the amount as spoken finds it.
        yield str(int(value))
    else:
        yield str(value)


@dataclass(frozen=True)
class SearchQuery:
    """A query split into the part FTS5 can answer and the short terms that need LIKE. Terms are ANDed."""

    match: str | None = None
    like_patterns: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.match is None and not self.like_patterns


def parse_query(text: str) -> SearchQuery:
    """Split on whitespace; each term matches as a literal substring (FTS5 operators in user text are not honoured)."""
    phrases: list[str] = []
    likes: list[str] = []
    for term in text.split():
        if len(term) >= TRIGRAM:
            # A quoted FTS5 string is a phrase; with trigrams that means "contains this substring".
            phrases.append('"' + term.replace('"', '""') + '"')
        else:
            likes.append("%" + _escape_like(term) + "%")
    return SearchQuery(match=" AND ".join(phrases) or None, like_patterns=likes)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
