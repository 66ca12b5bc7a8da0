"""Errors raised by the store. Callers catch `StoreError`; the subclasses say what went wrong."""

from __future__ import annotations

from collections.abc import Sequence


class StoreError(Exception):
    """Anything the store refuses or cannot do. The message is meant for the person at the keyboard."""


class RecordNotFound(StoreError):
    """No record has this id (or id prefix)."""


class AmbiguousRecordId(RecordNotFound):
    """An id prefix matches more than one record.

    A subclass of `RecordNotFound` so that callers who only care "did I get exactly one record" need one except clause.
    """

    def __init__(self, prefix: str, candidates: Sequence[str]) -> None:
        self.prefix = prefix
        self.candidates = list(candidates)
        shown = ", ".join(self.candidates)
        super().__init__(f"id prefix {prefix!r} matches more than one record ({shown}); give more characters")


class StoreLocked(StoreError):
    """The database stayed locked by another connection for longer than the busy timeout."""
