"""Lengths of time ('一个半小时', 'an hour and a half') and offsets from now ('半小时后', 'in two hours').

The same words are a length or a point in time depending on what surrounds them (后 / in / from now), so both are
scanned here and told apart by a flag; a time range ('两点到四点') is also a length (DESIGN: 120 minutes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import fold, leftmost_longest
from .numbers import EN_WORDS, cn_value, en_value
from .times import scan_ranges

_N = rf"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+|(?:{EN_WORDS})(?:[\s-](?:{EN_WORDS})){{0,3}}|an?|half\s+an?)"
_DURATION_PATTERNS = [
    re.compile(
        r"(?<![\d.零〇一二两三四五六七八九十百])(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+|半)\s?(?:个)?(?P<half>半)?\s?(?:小时|钟头|个钟|钟(?!点))"
        r"(?:\s?(?:零)?(?P<m>\d+|[一二两三四五六七八九十]+)\s?分(?:钟)?)?"
    ),
    re.compile(
        r"(?<![\d.零〇一二两三四五六七八九十百])(?P<mn>\d+|[零〇一二两三四五六七八九十百]+)\s?(?:分钟|分鐘)|(?P<quarters>[一三]刻)钟"
    ),
    re.compile(
        rf"\b(?P<n>{_N})(?P<half>\s+and\s+a\s+half)?\s?(?:hours?|hrs?|h)\b"
        rf"(?:\s+(?P<half2>and\s+a\s+half)"
        rf"|\s+(?:and\s+)?(?P<m>\d+|(?:{EN_WORDS})(?:[\s-](?:{EN_WORDS}))?)\s?(?:minutes?|mins?)\b)?",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?P<mn>\d+|(?:{EN_WORDS})(?:[\s-](?:{EN_WORDS})){{0,3}})\s?(?:minutes?|mins?)\b", re.IGNORECASE),
    re.compile(r"\b(?P<halfhour>half\s+an?\s+hour)\b|\b(?P<hourhalf>an?\s+hour\s+and\s+a\s+half)\b", re.IGNORECASE),
]
_OFFSET_AFTER = re.compile(r"\s?(?:以后|之后|过后|后|later\b|from\s+now\b|ago\b|前|以前|之前)", re.IGNORECASE)
_OFFSET_BEFORE = re.compile(r"\bin\s+$|\bwithin\s+$|(?<!超)过\s?$", re.IGNORECASE)


@dataclass(frozen=True)
class DurationTok:
    start: int
    end: int
    minutes: int
    offset: bool  # '半小时后' / 'in two hours': a point in time counted from now, not a length


def _count(token: str) -> float | None:
    token = token.strip().lower()
    if token in ("a", "an"):
        return 1.0
    if token.startswith("half"):
        return 0.5
    if token == "半":
        return 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if re.fullmatch(r"[零〇一二两三四五六七八九十百]+", token):
        return cn_value(token)
    return en_value(token)


def _duration_minutes(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("halfhour"):
        return 30
    if groups.get("hourhalf"):
        return 90
    if groups.get("quarters"):
        return 15 if groups["quarters"][0] == "一" else 45
    if groups.get("mn"):
        token = groups["mn"]
        value = _count(token)
        return round(value) if value is not None else None
    hours = _count(groups["n"])
    if hours is None:
        return None
    if groups.get("half") or groups.get("half2"):
        hours += 0.5
    minutes = 0.0
    if groups.get("m"):
        extra = _count(groups["m"])
        if extra is None:
            return None
        minutes = extra
    return round(hours * 60 + minutes)


def scan_durations(text: str) -> list[DurationTok]:
    """Lengths of time ('一个半小时', 'an hour and a half') and offsets from now ('半小时后', 'in two hours')."""
    folded = fold(text)
    candidates: list[DurationTok] = []
    for pattern in _DURATION_PATTERNS:
        for m in pattern.finditer(folded):
            if m.start() > 0 and folded[m.start() - 1] == "点" and "钟" in m.group(0) and "小时" not in m.group(0):
                continue  # 三点十分钟 would be odd; 三点钟 is a clock time
            minutes = _duration_minutes(m)
            if minutes is None or minutes <= 0:
                continue
            after = _OFFSET_AFTER.match(folded, m.end())
            before = _OFFSET_BEFORE.search(folded[max(0, m.start() - 7) : m.start()])
            end = m.end() + (after.end() - after.start() if after else 0)
            is_offset = bool(after or before)
            if after and after.group(0).strip().lower() in ("前", "以前", "之前", "ago"):
                minutes = -minutes
            start = m.start() - (len(before.group(0)) if before else 0)
            candidates.append(DurationTok(start, end, minutes, is_offset))
    return leftmost_longest(candidates)


def resolve_duration(span: str) -> int | None:
    """Minutes of the first length of time or time range in the span; offsets from now are not lengths."""
    if not span or not span.strip():
        return None
    lengths = [(d.start, d.minutes) for d in scan_durations(span) if not d.offset]
    ranges = [(r.start, r.minutes) for r in scan_ranges(span)]
    both = sorted(lengths + ranges)
    return both[0][1] if both else None
