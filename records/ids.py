"""Record ids: ULIDs (https://github.com/ulid/spec).

26 Crockford base32 characters: 48 bits of milliseconds since the epoch, then 80 random bits. They sort by creation
time as plain strings, so the primary key index is also a time index, and they are safe to generate in several
processes at once (the tray app and a `saydo` CLI call) without coordination.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_LENGTH = 26
MIN_PREFIX_LENGTH = 6

_RANDOM_BITS = 80
# Crockford base32 reads I and L as 1 and O as 0, so an id read aloud or copied from a printout still resolves.
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


class _Generator:
    """Monotonic within one process: two ids made in the same millisecond still sort in creation order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._last_random = 0

    def new(self, now: datetime) -> str:
        ms = int(now.timestamp() * 1000)
        with self._lock:
            if ms == self._last_ms and self._last_random + 1 < (1 << _RANDOM_BITS):
                random_part = self._last_random + 1
            else:
                random_part = secrets.randbits(_RANDOM_BITS)
            self._last_ms, self._last_random = ms, random_part
        return _encode(ms, 10) + _encode(random_part, 16)


_generator = _Generator()


def new_id(now: datetime) -> str:
    """A new record id whose time part is `now` (an aware datetime)."""
    return _generator.new(now)


def normalize(ref: str) -> str | None:
    """An id or id prefix as stored (upper case, confusable letters mapped), or None if it cannot be one."""
    cleaned = ref.strip().upper().translate(_CONFUSABLE)
    if not cleaned or len(cleaned) > ID_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned
