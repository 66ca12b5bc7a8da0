"""Deterministic normalizers for the intent parser: numbers, money, dates, times, durations, self-corrections.

Everything here is pure: the reference time `now` (timezone-aware) is an argument and the clock is never read.
Conventions are those of DESIGN.md "Time and number conventions"; outputs are naive local 'YYYY-MM-DD' and
'YYYY-MM-DDTHH:MM' strings.
"""

from ._text import to_simplified
from .corrections import apply_corrections
from .dates import Ambiguity, ambiguities, is_ambiguous, resolve_date
from .datetimes import Found, find_datetimes, resolve_datetime
from .durations import resolve_duration
from .money import Money, default_currency, find_money, find_total, parse_money
from .numbers import parse_number
from .times import resolve_time

__all__ = [
    "Ambiguity",
    "Found",
    "Money",
    "apply_corrections",
    "default_currency",
    "find_datetimes",
    "find_money",
    "find_total",
    "ambiguities",
    "is_ambiguous",
    "parse_money",
    "parse_number",
    "resolve_date",
    "resolve_datetime",
    "resolve_duration",
    "resolve_time",
    "to_simplified",
]
