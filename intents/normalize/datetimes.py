"""Dates and times together: one point in time per spoken expression, found in free text.

'后天早上八点' is scanned as a date, then a clock time; neighbours separated only by filler ('at', 'on', '的', a comma)
are merged into one expression. All arithmetic is on `now`'s local wall time; results are naive strings without
seconds, as DESIGN.md's record schema asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ._text import fold
from .dates import DateTok, scan_dates
from .durations import DurationTok, scan_durations
from .times import (
    PeriodTok,
    RangeTok,
    TimeTok,
    clock,
    lenient_time,
    period_near,
    scan_periods,
    scan_ranges,
    scan_times,
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    kind: str  # 'date' | 'datetime' | 'time' | 'offset'
    value: str  # 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' or 'HH:MM'
    bare_weekday: bool = False  # see DateTok.bare_weekday

    def as_past(self, today: str) -> str:
        """The value read as something already done: a bare weekday ahead of today is last week's."""
        if self.bare_weekday and self.value[:10] > today:
            return (date.fromisoformat(self.value[:10]) - timedelta(days=7)).isoformat() + self.value[10:]
        return self.value


Token = DateTok | TimeTok | RangeTok | PeriodTok | DurationTok

# Words that may sit between a date and its time without making them two expressions.
# 'on Tuesday from nine to ten' is one expression: 'from' introduces the range of that day.
_GLUE = re.compile(r"^(?:\s|[,，、的在于@]|\b(?:at|on|around|about|by|the|of|from)\b)*$", re.IGNORECASE)
_MAX_GLUE = 8
# A reminder for '明天下午' should not ring at the default 09:00 of a reminder with no part of day.
_PERIOD_DEFAULT_HOUR = {"early": 6, "am": 9, "noon": 12, "pm": 14, "evening": 19}
_PERIOD_HOURS = {"early": range(0, 6), "am": range(5, 12), "noon": range(11, 14), "pm": range(12, 19),
                 "evening": range(17, 24)}  # fmt: skip


def _wall(now: datetime) -> datetime:
    """now's local wall-clock time, naive: the user's calendar is what counts, not UTC."""
    return now.replace(tzinfo=None)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def tokens(folded: str) -> list[Token]:
    ranges = scan_ranges(folded)
    times = [t for t in scan_times(folded) if not any(r.start <= t.start < r.end for r in ranges)]
    dates = scan_dates(folded)
    offsets = [d for d in scan_durations(folded) if d.offset]
    clock_like: list[Token] = [*ranges, *times]
    # A clock time wins over a date reading of the same characters, and both over a bare part of day.
    dates = [
        d for d in dates if not any(_overlaps(d, t) and (t.end - t.start) >= (d.end - d.start) for t in clock_like)
    ]
    clock_like = [t for t in clock_like if not any(_overlaps(t, d) for d in dates)]
    offsets = [o for o in offsets if not any(_overlaps(o, t) for t in [*clock_like, *dates])]
    taken: list[Token] = [*dates, *clock_like, *offsets]
    periods = [p for p in scan_periods(folded) if not any(_overlaps(p, t) for t in taken)]
    return sorted([*taken, *periods], key=lambda t: t.start)


def _overlaps(a: Token, b: Token) -> bool:
    return a.start < b.end and b.start < a.end


def _slot(tok: Token) -> str:
    if isinstance(tok, DateTok):
        return "date"
    if isinstance(tok, (TimeTok, RangeTok)):
        return "time"
    if isinstance(tok, PeriodTok):
        return "period"
    return "offset"


def clusters(folded: str, tokens: list[Token]) -> list[list[Token]]:
    clusters: list[list[Token]] = []
    for tok in tokens:
        if clusters:
            last = clusters[-1]
            gap = folded[last[-1].end : tok.start]
            slots = {_slot(t) for t in last}
            joinable = (
                _slot(tok) != "offset"
                and "offset" not in slots
                and _slot(tok) not in slots
                and len(gap) <= _MAX_GLUE
                and _GLUE.match(gap) is not None
                # a part of day after the clock time belongs to the next expression ('三点 明天上午')
                and not (_slot(tok) == "period" and "time" in slots)
            )
            if joinable:
                last.append(tok)
                continue
        clusters.append([tok])
    return clusters


def _resolve_cluster(
    cluster: list[Token], folded: str, now: datetime, default_time: tuple[int, int] | None
) -> tuple[str, str] | None:
    """(kind, value) for one merged expression, or None when it does not name a point in time."""
    wall = _wall(now)
    date_tok = next((t for t in cluster if isinstance(t, DateTok)), None)
    time_tok = next((t for t in cluster if isinstance(t, (TimeTok, RangeTok))), None)
    period_tok = next((t for t in cluster if isinstance(t, PeriodTok)), None)
    offset_tok = next((t for t in cluster if isinstance(t, DurationTok)), None)
    if offset_tok is not None:
        return "offset", _fmt((wall + timedelta(minutes=offset_tok.minutes)).replace(second=0, microsecond=0))
    day: date | None = date_tok.resolve(wall.date()) if date_tok else None
    if date_tok is not None and day is None:
        return None
    if time_tok is not None:
        start = time_tok.first if isinstance(time_tok, RangeTok) else time_tok
        if start.weak and date_tok is None and period_tok is None:
            return None
        period = start.period or (period_tok.period if period_tok else None) or (date_tok.period if date_tok else None)
        hour, minute, shift = clock(start.hour, start.minute, period)
        if day is None:
            moment = datetime.combine(wall.date(), datetime.min.time()).replace(hour=hour, minute=minute)
            moment += timedelta(days=shift)
            if moment <= wall:
                moment += timedelta(days=1)  # a time with no date is today if still ahead, else tomorrow
        else:
            moment = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
            moment += timedelta(days=shift)
        return "datetime", _fmt(moment)
    if day is None:
        return None
    if default_time is None:
        return "date", day.isoformat()
    hour, minute = default_time
    period = (period_tok.period if period_tok else None) or (date_tok.period if date_tok else None)
    if period and hour not in _PERIOD_HOURS[period]:
        hour, minute = _PERIOD_DEFAULT_HOUR[period], 0
    return "datetime", _fmt(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def find_datetimes(text: str, now: datetime, *, default_time: tuple[int, int] | None = None) -> list[Found]:
    """Every date/time expression in the text, in order; a date with its time comes back as one Found.

    A date alone is kind 'date' ('YYYY-MM-DD'), or kind 'datetime' at default_time when one is given (reminders,
    meetings); a clock time alone is today if still ahead of now, else tomorrow; '半小时后' / 'in two hours' are kind
    'offset' with the resulting date-time; a range gives its start.
    """
    if not text:
        return []
    folded = fold(text)
    found: list[Found] = []
    for cluster in clusters(folded, tokens(folded)):
        resolved = _resolve_cluster(cluster, folded, now, default_time)
        if resolved is None:
            continue
        start, end = cluster[0].start, cluster[-1].end
        bare = any(isinstance(t, DateTok) and t.bare_weekday for t in cluster)
        found.append(Found(start, end, text[start:end], resolved[0], resolved[1], bare_weekday=bare))
    return found


def resolve_datetime(span: str, now: datetime, *, default_time: tuple[int, int] | None = None) -> str | None:
    """The first point in time in the span as 'YYYY-MM-DDTHH:MM'; a date without a time needs default_time."""
    if not span or not span.strip():
        return None
    found = find_datetimes(span, now, default_time=default_time)
    for item in found:
        if item.kind in ("datetime", "offset"):
            return item.value
    if found:
        return None
    # The caller says this span is a time, so a bare hour ('nine', '3') is one here.
    folded = fold(span)
    tok = lenient_time(folded)
    if tok is None:
        return None
    period = tok.period or period_near(folded, tok, scan_periods(folded))
    cluster: list[Token] = [TimeTok(tok.start, tok.end, tok.hour, tok.minute, period)]
    resolved = _resolve_cluster(cluster, folded, now, default_time)
    return resolved[1] if resolved else None
