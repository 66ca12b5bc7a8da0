"""Clock times, parts of the day and time ranges in speech.

A clock time is scanned as (hour, minute, part of day); the part of day may also come from a neighbouring word
(明天上午 / tonight / in the evening), so applying it is a separate step (`clock`). Hours follow DESIGN.md:
上午 X = X, 下午/晚上 X = X+12, 中午 = 12:00, and a bare hour 1-6 is afternoon, 7-11 morning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import fold, leftmost_longest
from .dates import scan_dates
from .numbers import small_int

# --- parts of the day ---------------------------------------------------------------------------------------------
# 'early': 凌晨 (hour as said, 12 = midnight); 'am'; 'noon': 中午 (一点 = 13:00); 'pm'; 'evening': 晚上 / tonight
# (X+12, and 十二点 or 一点 at night are past midnight, i.e. the next day).
_CN_PERIODS = {
    "凌晨": "early", "半夜": "early", "深夜": "evening", "清晨": "am", "早上": "am", "早晨": "am", "上午": "am",
    "中午": "noon", "正午": "noon", "下午": "pm", "午后": "pm", "傍晚": "pm", "晚上": "evening", "夜里": "evening",
    "夜间": "evening",
}  # fmt: skip
# 今晚 / 明早 are dates with a part of day and are scanned as dates (see dates.py), so they are not listed here.
CN_PERIOD = "|".join(sorted(_CN_PERIODS, key=len, reverse=True))
_EN_PERIODS = {"morning": "am", "afternoon": "pm", "evening": "evening", "night": "evening", "tonight": "evening"}

_CN_HOUR = r"(?:二十[一二三四]|二十|十[一二]|十|[零〇一二两三四五六七八九]|\d{1,2})"
_CN_MINUTE = (
    r"(?:半|[一1]刻|[三3]刻|整|钟(?:半)?|"
    r"(?:[二三四五]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[零〇][一二三四五六七八九])(?:分钟|分)?|"
    r"[一二三四五六七八九两]分(?:钟)?|[0-5]\d(?:分钟|分)?|\d分(?:钟)?)"
)
_EN_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_EN_MINUTE_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"oh[\s-](?:one|two|three|four|five|six|seven|eight|nine))"
)
_AMPM = r"(?:a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b)"

# 三点五万 / 1点5倍 are decimals; 第三点 / 三点意见 are list items; 快一点 / 一点儿 is 'a little'.
_DECIMAL_AFTER = re.compile(r"^[\d零〇一二两三四五六七八九十]+\s?(?:[万千百亿块元毛角%％倍个米度级公斤里成折])")
_NOT_TIME_AFTER = re.compile(
    r"^(?:意见|建议|要求|问题|需要|原因|好处|看法|内容|想法|注意|共识|事|理由|考虑|儿|点|也|都|吧|啊|嘛|呢)"
)
_COMPARATIVE_BEFORE = "快慢早晚多少大小高低好宜贵近远轻重长短强弱深浅松紧细粗有差点再稍"
_CONNECTIVE_BEFORE = re.compile(r"(?:在|到|至|从|于|约|大约|大概|~|-|早上|晚上|下午|上午|中午|凌晨|点前|等)\s?$")


@dataclass(frozen=True)
class TimeTok:
    start: int
    end: int
    hour: int
    minute: int
    period: str | None  # part of day said with the time, if any
    weak: bool = False  # 一点 with nothing around it is more often 'a little' than 1 o'clock


@dataclass(frozen=True)
class PeriodTok:
    start: int
    end: int
    period: str


@dataclass(frozen=True)
class RangeTok:
    start: int
    end: int
    first: TimeTok
    minutes: int  # length of the range


def clock(hour: int, minute: int, period: str | None) -> tuple[int, int, int]:
    """(hour, minute, days to add) on a 24-hour clock, after the part of day or DESIGN's bare-hour rule."""
    if hour >= 24:
        return (hour - 24, minute, 1) if hour == 24 and minute == 0 else (hour % 24, minute, 1)
    if hour > 12 or (hour == 0 and period is None):
        return hour, minute, 0
    if period == "early":
        return (0 if hour == 12 else hour), minute, 0
    if period == "am":
        return hour, minute, 0
    if period == "am!":  # an explicit 'am': 12 am is midnight
        return (0 if hour == 12 else hour), minute, 0
    if period == "noon":
        return (hour if hour >= 11 else hour + 12), minute, 0
    if period == "pm":
        return (hour if hour == 12 else hour + 12), minute, 0
    if period == "evening":
        if hour == 12:
            return 0, minute, 1
        if hour <= 4:
            return hour, minute, 1
        return hour + 12, minute, 0
    # No part of day said: 1-6 afternoon, 7-11 morning, 12 noon.
    if 1 <= hour <= 6:
        return hour + 12, minute, 0
    return hour, minute, 0


def _cn_minute(token: str | None) -> int | None:
    if not token:
        return 0
    token = token.strip()
    if token in ("整",) or token.startswith("钟"):
        return 30 if token.endswith("半") else 0
    if token == "半":
        return 30
    if token.endswith("刻"):
        return 15 if token[0] in "一1" else 45
    token = token.removesuffix("钟").removesuffix("分").lstrip("零〇")
    value = small_int(token) if token else 0
    return value if value is not None and 0 <= value < 60 else None


def _en_minute(token: str | None) -> int | None:
    if not token:
        return 0
    token = re.sub(r"^oh[\s-]", "", token.strip().lower())
    value = small_int(token.replace("-", " "))
    return value if value is not None and 0 <= value < 60 else None


_TIME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "cn",
        re.compile(rf"(?:(?P<period>{CN_PERIOD})\s?)?(?P<h>{_CN_HOUR})\s?(?P<mark>点|时)(?:\s?(?P<min>{_CN_MINUTE}))?"),
    ),
    (
        "cn_short",  # 早8点 / 晚8点: one-character parts of day, only before digits (晚一点 is 'a bit later')
        re.compile(rf"(?P<period>[早晚])(?P<h>\d{{1,2}})\s?(?:点|:)(?:\s?(?P<min>{_CN_MINUTE}))?"),
    ),
    (
        "colon",
        re.compile(
            rf"(?:(?P<period>{CN_PERIOD})\s?)?(?<![\d:])(?P<h>\d{{1,2}}):(?P<min>[0-5]\d)(?![\d:])"
            rf"(?:\s?(?P<ap>{_AMPM}))?",
            re.IGNORECASE,
        ),
    ),
    ("ampm", re.compile(rf"(?<![\d:.])\b(?P<h>\d{{1,2}})\s?(?P<ap>{_AMPM})", re.IGNORECASE)),
    (
        "en_words",
        re.compile(
            rf"\b(?P<h>{_EN_HOUR_WORD})(?:[\s-](?P<min>{_EN_MINUTE_WORD}))?"
            rf"\s?(?:(?P<ap>{_AMPM})|(?P<oclock>o'?\s?clock\b))",
            re.IGNORECASE,
        ),
    ),
    ("oclock", re.compile(r"\b(?P<h>\d{1,2})\s?o'?\s?clock\b", re.IGNORECASE)),
    (
        "past_to",
        re.compile(
            rf"\b(?:(?P<half>half)|(?:a\s+)?(?P<quarter>quarter)"
            rf"|(?P<min>{_EN_MINUTE_WORD}|five|\d{{1,2}})(?:\s+minutes?)?)"
            rf"\s+(?P<rel>past|after|to|before|till|til)\s+(?P<h>{_EN_HOUR_WORD}|\d{{1,2}})\b(?:\s?(?P<ap>{_AMPM}))?",
            re.IGNORECASE,
        ),
    ),
    ("noon", re.compile(r"\b(?:12\s+)?(?P<word>noon|midday|midnight)\b|(?P<cnword>中午|正午)", re.IGNORECASE)),
    (
        "at",  # an hour after 'at': 'at 3', 'at nine', 'at four thirty'; the 'at' itself is not part of the time
        re.compile(
            rf"(?:(?<=\bat\s)|(?<=\baround\s)|(?<=\babout\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\btill\s)"
            rf"|(?<=\bfrom\s)|(?<=@))"
            # 'at 4,' / 'at eight.' end a clause; only '4,000' / '4.5' / '4:' / '4%' are not a bare hour
            rf"(?P<h>{_EN_HOUR_WORD}|\d{{1,2}})(?![\d:%])(?![.,]\d)(?:[\s-](?P<min>{_EN_MINUTE_WORD}))?\b",
            re.IGNORECASE,
        ),
    ),
]
_NOT_TIME_AFTER_EN = re.compile(
    r"^\s*(?:%|percent|people|persons|person|guests|seats|attendees|users|dollars|bucks|euros|yen|pounds|k\b|grand|"
    r"thousand|million|of\b|items|units|pieces|times|days|weeks|months|years|hours|minutes|mins|rooms|tickets|"
    r"st\b|nd\b|rd\b|th\b)",
    re.IGNORECASE,
)
_EN_PERIOD_AFTER = re.compile(r"^\s+(?:in\s+the\s+(?P<p>morning|afternoon|evening)|at\s+(?P<n>night))\b", re.IGNORECASE)


def _ampm_period(token: str | None) -> str | None:
    if not token:
        return None
    return "pm" if token.lower().startswith("p") else "am!"


_RANGE_CONTEXT_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_DATE_GLUE_BEFORE = re.compile(r"(?:\s|,|\b(?:at|on|around|about)\b)*$", re.IGNORECASE)


def _after_date(text: str, start: int) -> bool:
    """A date ends right before `start`, with only glue between ('monday 8 to 9', 'on Tuesday at ten to ...')."""
    glue = _DATE_GLUE_BEFORE.search(text, max(0, start - 16), start)
    head = glue.start() if glue else start
    # Only a short window is scanned: this runs per candidate and must stay linear on long text.
    window = text[max(0, head - 40) : head]
    return any(d.end == len(window) for d in scan_dates(window))


def _range_not_idiom(m: re.Match[str], text: str) -> bool:
    """'N to H' is the clock idiom (ten to eleven = 10:50) only with no range context.

    A bare count N that is itself an hour (1-12, no 'minutes') reads as a range after 'from' or a day, and always
    when written in digits ('8 to 9'), since ASR writes the idiom in words. When unsure, the range wins: a wrong
    start is 10 minutes off, a wrong idiom loses the end of the meeting.
    """
    if m["rel"].lower() not in ("to", "till", "til") or re.search(r"minute", m.group(0), re.IGNORECASE):
        return False
    first = small_int(m["min"])
    if first is None or not 1 <= first <= 12:
        return False
    if m["min"].isdigit():
        return True
    return bool(_RANGE_CONTEXT_BEFORE.search(text, max(0, m.start() - 6), m.start())) or _after_date(text, m.start())


def _build(kind: str, m: re.Match[str], text: str) -> TimeTok | None:
    groups = m.groupdict()
    period: str | None = None
    end = m.end()
    if kind in ("cn", "cn_short", "colon"):
        if groups.get("period"):
            period = _CN_PERIODS.get(groups["period"], "am" if groups["period"] == "早" else "evening")
        hour = small_int(groups["h"])
        minute = _cn_minute(groups.get("min")) if kind != "colon" else int(groups["min"])
        if kind == "colon" and groups.get("ap"):
            period = _ampm_period(groups["ap"])
    elif kind == "noon":
        word = (groups["word"] or "noon").lower()  # DESIGN: 中午 = 12:00
        return TimeTok(
            m.start(), m.end(), 0 if word == "midnight" else 12, 0, "early" if word == "midnight" else "noon"
        )
    elif kind == "past_to":
        hour = small_int(groups["h"])
        minute = 30 if groups["half"] else 15 if groups["quarter"] else _en_minute(groups["min"])
        if hour is None or minute is None:
            return None
        if groups["min"] and _range_not_idiom(m, text):
            return None  # 'from one to two', 'monday 8 to 9': a range, read by scan_ranges
        if groups["rel"].lower() in ("to", "before", "till", "til"):
            hour, minute = (hour - 1) % 12 or 12, 60 - minute
        period = _ampm_period(groups.get("ap"))
    else:
        hour = small_int(groups["h"])
        minute = _en_minute(groups.get("min"))
        period = _ampm_period(groups.get("ap"))
    if hour is None or minute is None or hour > 24 or (period in ("pm", "am!") and not 1 <= hour <= 12):
        return None
    weak = False
    if kind == "cn":
        after = text[m.end() :]
        if m["mark"] == "时" and not (groups.get("min") or groups.get("period") or groups["h"].isdigit()):
            return None  # 一时 / 同时 are words
        if not groups.get("min") and _DECIMAL_AFTER.match(after):
            return None
        if m.start() > 0 and text[m.start() - 1] in "第几":
            return None
        if not groups.get("min") and _NOT_TIME_AFTER.match(after):
            return None
        if groups["h"] == "一" and not groups.get("min") and not groups.get("period"):
            if m.start() > 0 and text[m.start() - 1] in _COMPARATIVE_BEFORE:
                return None  # 快一点 / 便宜一点: 'a little'
            weak = not _CONNECTIVE_BEFORE.search(text[max(0, m.start() - 3) : m.start()])
    if kind in ("at", "en_words", "oclock", "ampm", "past_to") and _NOT_TIME_AFTER_EN.match(text[m.end() :]):
        return None
    if kind in ("at", "en_words", "oclock", "ampm", "colon", "past_to") and period is None:
        said_after = _EN_PERIOD_AFTER.match(text[m.end() :])
        if said_after:
            period = _EN_PERIODS[(said_after["p"] or said_after["n"]).lower()]
            end = m.end() + said_after.end()
    return TimeTok(m.start(), end, hour, minute, period, weak)


def _scan_times_raw(folded: str) -> list[TimeTok]:
    candidates: list[TimeTok] = []
    for kind, pattern in _TIME_PATTERNS:
        for m in pattern.finditer(folded):
            tok = _build(kind, m, folded)
            if tok is not None:
                candidates.append(tok)
    return leftmost_longest(candidates)


def scan_times(text: str) -> list[TimeTok]:
    """Clock times in the text, leftmost-longest, without overlaps."""
    return _scan_times_raw(fold(text))


_PERIOD_RE = re.compile(
    rf"{CN_PERIOD}|\b(?:in\s+the\s+)?(?P<en>morning|afternoon|evening)\b|\bat\s+night\b", re.IGNORECASE
)


def scan_periods(text: str) -> list[PeriodTok]:
    """Parts of the day said apart from a clock time ('明天上午', 'tomorrow morning')."""
    out = []
    for m in _PERIOD_RE.finditer(fold(text)):
        word = m.group(0).lower()
        period = _CN_PERIODS.get(m.group(0)) or _EN_PERIODS.get((m["en"] or "night").lower())
        if period:
            out.append(PeriodTok(m.start(), m.end(), period if "night" not in word else "evening"))
    return out


# --- ranges -------------------------------------------------------------------------------------------------------

_RANGE_JOIN = re.compile(r"\s?(?:到|至|-|–|—|~|\b(?:to|until|till|through|and)\b)\s?", re.IGNORECASE)
_RANGE_END_BARE = re.compile(
    rf"(?P<h>{_CN_HOUR}|{_EN_HOUR_WORD})(?::(?P<min>[0-5]\d)|[\s-](?P<wmin>{_EN_MINUTE_WORD})\b)?"
    rf"(?:\s?(?P<ap>{_AMPM}))?"
    rf"(?![\d点:])",
    re.IGNORECASE,
)
# 'monday 8 to 9', 'tuesday one to two thirty': a range of bare hours, accepted only right after a day
# (the 'from 8 to 9' case starts with an 'at'-style time and is paired below).
_BARE_RANGE = re.compile(
    rf"(?<![\d:.\w])(?P<h1>\d{{1,2}}|{_EN_HOUR_WORD})(?::(?P<m1>[0-5]\d)|[\s-](?P<w1>{_EN_MINUTE_WORD}))?\s?"
    rf"(?:-|–|\bto\b|\btill\b|\buntil\b)\s?",
    re.IGNORECASE,
)
_DIGIT_RANGE = re.compile(
    rf"(?<![\d:])(?P<h1>\d{{1,2}})(?::(?P<m1>[0-5]\d))?\s?(?P<ap1>{_AMPM})?\s?(?:-|–|to|~|until)\s?"
    rf"(?P<h2>\d{{1,2}})(?::(?P<m2>[0-5]\d))?\s?(?P<ap2>{_AMPM})",
    re.IGNORECASE,
)
_BETWEEN_RANGE = re.compile(
    rf"\bbetween\s+(?P<h1>\d{{1,2}}|{_EN_HOUR_WORD})(?::(?P<m1>[0-5]\d))?\s?(?P<ap1>{_AMPM})?\s+and\s+"
    rf"(?P<h2>\d{{1,2}}|{_EN_HOUR_WORD})(?::(?P<m2>[0-5]\d))?\s?(?P<ap2>{_AMPM})?",
    re.IGNORECASE,
)


def _minutes_of(tok: TimeTok, period: str | None) -> int:
    hour, minute, shift = clock(tok.hour, tok.minute, period)
    return shift * 1440 + hour * 60 + minute


def _pair(first: TimeTok, second: TimeTok) -> tuple[TimeTok, int]:
    """The start (with the part of day it shares with the end) and the length of a range in minutes."""
    if first.period is None and second.period is not None:
        shared = _minutes_of(first, second.period)
        if shared < _minutes_of(second, second.period):
            first = TimeTok(first.start, first.end, first.hour, first.minute, second.period, False)
    if second.period is None and first.period is not None:
        shared_end = _minutes_of(second, first.period)
        if shared_end > _minutes_of(first, first.period):
            second = TimeTok(second.start, second.end, second.hour, second.minute, first.period, False)
    start, end = _minutes_of(first, first.period), _minutes_of(second, second.period)
    while end <= start:
        end += 720 if end + 720 > start else 1440
    return first, end - start


def _bare_end(folded: str, pos: int) -> TimeTok | None:
    m = _RANGE_END_BARE.match(folded, pos)
    if not m:
        return None
    hour = small_int(m["h"])
    minute = int(m["min"]) if m["min"] else _en_minute(m["wmin"])
    if hour is None or hour > 24 or minute is None:
        return None
    if _NOT_TIME_AFTER_EN.match(folded[m.end() :]):
        return None  # '8 to 9 people'
    return TimeTok(pos, m.end(), hour, minute, _ampm_period(m["ap"]))


def scan_ranges(text: str) -> list[RangeTok]:
    """'两点到四点', '2-4pm', 'from 2 to 4 pm', 'between 2 and 4': start and length."""
    folded = fold(text)
    out: list[RangeTok] = []
    for pattern in (_DIGIT_RANGE, _BETWEEN_RANGE):
        for m in pattern.finditer(folded):
            h1, h2 = small_int(m["h1"]), small_int(m["h2"])
            if h1 is None or h2 is None or h1 > 24 or h2 > 24:
                continue
            start_tok, length = _pair(
                TimeTok(m.start(), m.start(), h1, int(m["m1"] or 0), _ampm_period(m["ap1"])),
                TimeTok(m.end(), m.end(), h2, int(m["m2"] or 0), _ampm_period(m["ap2"])),
            )
            out.append(RangeTok(m.start(), m.end(), start_tok, length))
    for m in _BARE_RANGE.finditer(folded):
        if any(r.start < m.end() and m.start() < r.end for r in out) or not _after_date(folded, m.start()):
            continue
        h1 = small_int(m["h1"])
        m1 = int(m["m1"]) if m["m1"] else _en_minute(m["w1"])
        second = _bare_end(folded, m.end())
        if h1 is None or m1 is None or not 1 <= h1 <= 24 or second is None:
            continue
        start_tok, length = _pair(TimeTok(m.start(), m.start(), h1, m1, None), second)
        out.append(RangeTok(m.start(), second.end, start_tok, length))
    times = _scan_times_raw(folded)
    for i, first in enumerate(times):
        if any(r.start <= first.start < r.end for r in out):
            continue
        join = _RANGE_JOIN.match(folded, first.end)
        if not join:
            continue
        pos = first.end + join.end() - join.start()
        second: TimeTok | None = next((t for t in times[i + 1 :] if t.start == pos), None) or _bare_end(folded, pos)
        if second is None:
            continue
        if join.group(0).strip().lower() == "and" and not second.period:
            continue  # '3 pm and 5' is a list more often than a range
        start_tok, length = _pair(first, second)
        out.append(RangeTok(first.start, second.end, start_tok, length))
    out.sort(key=lambda r: r.start)
    return out


def resolve_time(span: str) -> tuple[int, int] | None:
    """The first clock time in the span as (hour, minute), with DESIGN's parts of day and bare-hour rule."""
    if not span or not span.strip():
        return None
    folded = fold(span)
    times = _scan_times_raw(folded)
    periods = scan_periods(folded)
    if times:
        tok = times[0]
        period = tok.period or period_near(folded, tok, periods)
        hour, minute, _ = clock(tok.hour, tok.minute, period)
        return hour, minute
    lenient = lenient_time(folded)
    if lenient is None:
        return None
    hour, minute, _ = clock(lenient.hour, lenient.minute, lenient.period or period_near(folded, lenient, periods))
    return hour, minute


def period_near(folded: str, tok: TimeTok, periods: list[PeriodTok]) -> str | None:
    """A part of day said just before the time (今晚 / tomorrow morning at 9) or just after (8 in the evening)."""
    for date_tok in scan_dates(folded):
        if date_tok.period and date_tok.end <= tok.start and not folded[date_tok.end : tok.start].strip(" ,，at"):
            return date_tok.period
    for p in periods:
        gap = folded[p.end : tok.start] if p.end <= tok.start else folded[tok.end : p.start]
        if len(gap) <= 4 and not gap.strip(" ,，at的"):
            return p.period
    return None


_LENIENT = re.compile(
    rf"^\s*(?:at\s+)?(?P<h>{_EN_HOUR_WORD}|{_CN_HOUR}|\d{{1,2}})(?:[\s-](?P<min>{_EN_MINUTE_WORD})|:(?P<dmin>[0-5]\d))?"
    r"(?:\s+(?:in\s+the\s+(?P<p>morning|afternoon|evening)|at\s+(?P<n>night)))?\s*$",
    re.IGNORECASE,
)


def lenient_time(folded: str) -> TimeTok | None:
    """A span the caller already knows is a time may be a bare hour: 'nine', '3', 'four thirty'."""
    m = _LENIENT.match(folded)
    if not m:
        return None
    hour = small_int(m["h"])
    minute = int(m["dmin"]) if m["dmin"] else _en_minute(m["min"])
    if hour is None or minute is None or hour > 24:
        return None
    said = m["p"] or m["n"]
    return TimeTok(m.start("h"), m.end(), hour, minute, _EN_PERIODS[said.lower()] if said else None)
