"""The reference time for relative dates: the real clock, or one pinned by --now/--tz for tests and benchmarks."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Relative dates in a take ("in three years", "next decade") are counted from the reference time; keeping it far from
# datetime's limits (years 1 and 9999) keeps that arithmetic in range, and no dictation is dated outside these.
_YEARS = range(1900, 3000)


class ClockError(ValueError):
    pass


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ClockError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from exc


def local(moment: datetime, tz: str | None) -> datetime:
    """`moment` on the clock of the `timezone` setting (the machine's zone when it is not set)."""
    zone = _zone(tz)
    return moment.astimezone(zone) if zone else moment.astimezone()


def reference_now(now: str | None = None, tz: str | None = None) -> datetime:
    """An aware datetime. A naive --now is read in --tz (or the machine's zone); an aware one is moved into --tz."""
    zone = _zone(tz)
    if now is None:
        current = datetime.now(zone) if zone else datetime.now().astimezone()
        return current.replace(second=0, microsecond=0)
    try:
        parsed = datetime.fromisoformat(now)
    except ValueError as exc:
        raise ClockError(f"--now {now!r} is not an ISO date-time such as 2026-11-23T10:00") from exc
    if parsed.year not in _YEARS:
        raise ClockError(f"--now {now!r} is out of range: give a year from {_YEARS[0]} to {_YEARS[-1]}")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone) if zone else parsed.astimezone()
    return parsed.astimezone(zone) if zone else parsed
