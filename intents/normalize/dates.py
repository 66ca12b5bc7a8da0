"""Calendar dates in speech: relative days, weekdays, month-days, month ends and day offsets.

Scanning (where is a date and what does it mean) is separate from resolving (which day is it, given today), so the
money finder can ignore date numbers without knowing 'now', and corrections can swap one date span for another.
Every rule follows DESIGN.md "Time and number conventions"; weeks start on Monday.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from ._text import fold, leftmost_longest
from .numbers import EN_WORDS, ordinal_int, small_int

Resolver = Callable[[date], "date | None"]


@dataclass(frozen=True)
class DateTok:
    start: int
    end: int
    resolve: Resolver
    period: str | None = None  # 今晚 / tonight / this afternoon say which part of the day a following hour is in
    # The day the words could also mean ("next Tuesday": the coming one), for the card to offer.
    alternative: Resolver | None = None
    # A weekday with no week said (周三, 这周三, Friday): ahead it is the next such day, for a past event the last one.
    bare_weekday: bool = False


# --- shared pieces of pattern -------------------------------------------------------------------------------------

_CN_SMALL = r"(?:(?<!\d)\d{1,2}(?!\d)|[零〇一二两三四五六七八九十廿]{1,3})"  # a longer digit run is no day or count
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EN_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
# 'may' and 'march' are also a verb; only their capitalised forms are months.
_EN_MONTH = (
    r"(?:january|february|(?-i:March)|april|(?-i:May)|june|july|august|september|october|november|december|"
    r"jan|feb|(?-i:Mar)|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_UNIT_ORD = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_EN_ORD_WORD = (
    rf"(?:(?:twenty|thirty)[\s-](?:{_UNIT_ORD})|{_UNIT_ORD}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|"
    r"sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_EN_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?![\d:])|{_EN_ORD_WORD}\b)"
_EN_COUNT = rf"(?:\d+|an?|(?:{EN_WORDS})(?:[\s-](?:{EN_WORDS}))?)"

# 5号楼 (building 5), 3号线 (metro line 3), 6号会议室 are places, not days.
_NOT_A_DAY_AFTER = re.compile(
    r"^(?:楼|线|门|房|厅|馆|室|桌|口|床|车|院|栋|座|机|位|会议室|选手|球员|窗口|仓|柜台|包间|店)"
)
_NOT_A_DAY_AFTER_RI = re.compile(r"^(?:内|以内|之内)")


# --- resolvers ----------------------------------------------------------------------------------------------------


def _weekday(weekday: int, week_shift: int | None) -> Resolver:
    """week_shift None: a bare weekday (this week's if today or later, else next week's); else that many weeks on."""

    def resolve(today: date) -> date:
        monday = today - relativedelta(days=today.weekday())
        if week_shift is None:
            day = monday + relativedelta(days=weekday)
            return day if day >= today else day + relativedelta(weeks=1)
        return monday + relativedelta(weeks=week_shift, days=weekday)

    return resolve


# "in 99999999 days" is no date anyone means, and past datetime's year 9999 it cannot be computed at all.
_MAX_OFFSET_DAYS = 100 * 366


def _days(n: int) -> Resolver:
    return lambda today: today + relativedelta(days=n)


def _offset(n: float, unit: str) -> Resolver:
    def resolve(today: date) -> date | None:
        days = n * {"week": 7, "month": 30}.get(unit, 1)
        if abs(days) > _MAX_OFFSET_DAYS:
            return None
        if unit == "month" and n == int(n):
            return today + relativedelta(months=int(n))
        return today + relativedelta(days=round(days))

    return resolve


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A month-day with no year is the next such day, except that one at most this many days ago stays in the past:
# '12月2号去了趟工厂' said on 12-05 is a trip three days ago, not one next year. DESIGN fixes only 3号 (forward).
MONTH_DAY_LOOKBACK_DAYS = 31


def _month_day(month: int, day: int, year: int | None) -> Resolver:
    def resolve(today: date) -> date | None:
        if year is not None:
            return _safe_date(year, month, day)
        earliest = today - relativedelta(days=MONTH_DAY_LOOKBACK_DAYS)
        for y in range(today.year - 1, today.year + 5):
            candidate = _safe_date(y, month, day)
            if candidate is not None and candidate >= earliest:
                return candidate
        return None

    return resolve


def _day_of_month(day: int, month_shift: int | None) -> Resolver:
    """month_shift None: this month if not past, else the next month that has that day."""

    def resolve(today: date) -> date | None:
        first = today.replace(day=1)
        if month_shift is not None:
            target = first + relativedelta(months=month_shift)
            return _safe_date(target.year, target.month, day)
        for shift in range(0, 4):
            target = first + relativedelta(months=shift)
            candidate = _safe_date(target.year, target.month, day)
            if candidate is not None and candidate >= today:
                return candidate
        return None

    return resolve


def _month_end(month_shift: int = 0, month: int | None = None) -> Resolver:
    def resolve(today: date) -> date:
        if month is not None:
            year = today.year
            if date(year, month, calendar.monthrange(year, month)[1]) < today:
                year += 1
            return date(year, month, calendar.monthrange(year, month)[1])
        target = today.replace(day=1) + relativedelta(months=month_shift)
        return target.replace(day=calendar.monthrange(target.year, target.month)[1])

    return resolve


def _week_part(week_shift: int, weekday: int) -> Resolver:
    """A day of this or a later Monday-start week; this week's never lies before today."""

    def resolve(today: date) -> date:
        day = today + relativedelta(days=7 * week_shift + weekday - today.weekday())
        return max(day, today)

    return resolve


# The end of a week is its last working day; a weekend is its Saturday.
_WEEK_END, _WEEKEND = 4, 5


def _year_end(today: date) -> date:
    return date(today.year, 12, 31)


# --- patterns -----------------------------------------------------------------------------------------------------

_CN_RELATIVE = {
    "大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "昨儿": -1, "今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1,
    "明儿": 1, "后天": 2, "大后天": 3,
}  # fmt: skip
_CN_PERIOD_DAYS = {"今晚": (0, "evening"), "今夜": (0, "evening"), "今早": (0, "am"), "明早": (1, "am"),
                   "明晚": (1, "evening"), "昨晚": (-1, "evening")}  # fmt: skip
_EN_RELATIVE = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}


def _week_shift_cn(prefix: str | None) -> int | None:
    prefix = (prefix or "").replace("个", "")
    return {"": None, "这": None, "本": None, "每": None, "下": 1, "下下": 2, "上": -1, "上上": -2}.get(prefix)


def _cn_weekday(m: re.Match[str]) -> DateTok | None:
    shift = _week_shift_cn(m["rel"])
    return DateTok(
        m.start(),
        m.end(),
        _weekday(_CN_WEEKDAYS.get(m["wd"], int(m["wd"]) - 1 if m["wd"].isdigit() else 0), shift),
        bare_weekday=shift is None,
    )


def _cn_relative(m: re.Match[str]) -> DateTok | None:
    word = m.group(0)
    if word in _CN_PERIOD_DAYS:
        days, period = _CN_PERIOD_DAYS[word]
        return DateTok(m.start(), m.end(), _days(days), period)
    return DateTok(m.start(), m.end(), _days(_CN_RELATIVE[word]))


def _cn_full_date(m: re.Match[str]) -> DateTok | None:
    month, day = small_int(m["m"]), small_int(m["d"])
    year = _cn_year(m["y"]) if m["y"] else None
    if not month or not day or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return DateTok(m.start(), m.end(), _month_day(month, day, year))


def _cn_year(token: str) -> int | None:
    return int(token) if token.isdigit() else small_int(token)  # cn2an reads 二〇二七 digit by digit


def _iso_date(m: re.Match[str]) -> DateTok | None:
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if _safe_date(year, month, day) is None:
        return None
    return DateTok(m.start(), m.end(), _month_day(month, day, year))


def _cn_month_end(m: re.Match[str]) -> DateTok | None:
    if m["month"]:
        month = small_int(m["month"])
        if not month or not 1 <= month <= 12:
            return None
        return DateTok(m.start(), m.end(), _month_end(month=month))
    shift = 1 if (m["rel"] or "").startswith("下") else 0
    return DateTok(m.start(), m.end(), _month_end(shift))


def _cn_rel_month_day(m: re.Match[str]) -> DateTok | None:
    day = small_int(m["d"])
    if not day or not 1 <= day <= 31:
        return None
    shift = 1 if m["rel"].startswith("下") else (-1 if m["rel"].startswith("上") else 0)
    return DateTok(m.start(), m.end(), _day_of_month(day, shift))


def _cn_day(m: re.Match[str]) -> DateTok | None:
    text = m.string
    day = small_int(m["d"])
    if not day or not 1 <= day <= 31:
        return None
    after = text[m.end() :]
    if _NOT_A_DAY_AFTER.match(after) or (m.group(0).endswith("日") and _NOT_A_DAY_AFTER_RI.match(after)):
        return None
    if m.start() > 0 and (text[m.start() - 1] in "第周期拜月" or text[m.start() - 1].isdigit()):
        return None
    return DateTok(m.start(), m.end(), _day_of_month(day, None))


def _cn_offset(m: re.Match[str]) -> DateTok | None:
    n = 0.5 if m["n"] == "半" else small_int(m["n"])
    if n is None:
        return None
    if m["half"]:
        n += 0.5
    unit = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "月": "month"}[m["unit"]]
    sign = -1 if m["dir"] in ("前", "以前", "之前") else 1
    return DateTok(m.start(), m.end(), _offset(sign * n, unit))


def _en_relative(m: re.Match[str]) -> DateTok | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if "after tomorrow" in word:
        return DateTok(m.start(), m.end(), _days(2))
    if "before yesterday" in word:
        return DateTok(m.start(), m.end(), _days(-2))
    if word == "tonight":
        return DateTok(m.start(), m.end(), _days(0), "evening")
    if word == "last night":
        return DateTok(m.start(), m.end(), _days(-1), "evening")
    if word.startswith("this "):
        part = word.split()[1]
        return DateTok(m.start(), m.end(), _days(0), {"morning": "am", "afternoon": "pm", "evening": "evening"}[part])
    return DateTok(m.start(), m.end(), _days(_EN_RELATIVE[word]))


def _en_weekday(m: re.Match[str]) -> DateTok | None:
    weekday = _EN_WEEKDAYS.index(m["wd"].lower())
    pre = (m["pre"] or "").lower().split()
    post = (m["post"] or "").lower()
    alternative = None
    if post:
        shift: int | None = {"next": 1, "this": None, "last": -1}[post]
    elif pre and pre[0] == "next":
        shift, alternative = 1, _weekday(weekday, None)  # DESIGN reads it as 下周二, and the card asks
    elif pre and pre[0] in ("last", "previous"):
        shift = -1
    else:
        shift = None
    return DateTok(m.start(), m.end(), _weekday(weekday, shift), alternative=alternative, bare_weekday=shift is None)


def _en_week_then_weekday(m: re.Match[str]) -> DateTok | None:
    weekday = _EN_WEEKDAYS.index(m["wd"].lower())
    shift = {"next": 1, "this": None, "last": -1}[m["rel"].lower()]
    return DateTok(m.start(), m.end(), _weekday(weekday, shift), bare_weekday=shift is None)


def _en_month_day(m: re.Match[str]) -> DateTok | None:
    month = _MONTHS[m["mon"].lower().rstrip(".")[:3]]
    day = ordinal_int(m["d"])
    if day is None:
        day = small_int(m["d"])
    if not day or not 1 <= day <= 31:
        return None
    year = int(m["y"]) if m["y"] else None
    return DateTok(m.start(), m.end(), _month_day(month, day, year))


def _en_day_alone(m: re.Match[str]) -> DateTok | None:
    day = ordinal_int(m["d"] or m.groupdict().get("dw") or "")
    if not day or not 1 <= day <= 31:
        return None
    rel = ((m.groupdict().get("rel")) or "").lower()
    shift = {"next": 1, "this": 0, "the": 0, "last": -1}.get(rel) if rel else None
    return DateTok(m.start(), m.end(), _day_of_month(day, shift))


def _en_month_end(m: re.Match[str]) -> DateTok | None:
    words = m.group(0).lower()
    if "year" in words:
        return DateTok(m.start(), m.end(), _year_end)
    return DateTok(m.start(), m.end(), _month_end(1 if "next" in words else 0))


def _en_offset(m: re.Match[str]) -> DateTok | None:
    count = m["n"].lower()
    n: float | None = 1 if count in ("a", "an") else small_int(count)
    if n is None:
        return None
    unit = m["u"].lower().rstrip("s")
    sign = -1 if m.groupdict().get("ago") else 1
    return DateTok(m.start(), m.end(), _offset(sign * n, unit))


def _week_end_tok(m: re.Match[str]) -> DateTok | None:
    words = m.group(0).lower()
    shift = 1 if ("next" in words or "下" in words) else 0
    weekend = "weekend" in words or "周末" in words or "礼拜天" in words
    return DateTok(m.start(), m.end(), _week_part(shift, _WEEKEND if weekend else _WEEK_END))


def _cn_year_end(m: re.Match[str]) -> DateTok | None:
    return DateTok(m.start(), m.end(), _year_end)


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], DateTok | None]]] = [
    (re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"), _iso_date),
    (
        re.compile(
            rf"(?:(?P<y>\d{{4}}|[零〇一二三四五六七八九]{{4}})\s?年\s?)?(?P<m>{_CN_SMALL})\s?月\s?(?P<d>{_CN_SMALL})\s?(?:号|日)?"
        ),
        _cn_full_date,
    ),
    (re.compile(rf"(?:(?P<month>{_CN_SMALL})|(?P<rel>下个|下|这个|本|当))?月(?:底|末)"), _cn_month_end),
    (re.compile(r"(?:今年)?年底|(?:今年)?年末"), _cn_year_end),
    # A bare 周末 is too often a greeting or a habit ("周末愉快"); only a said week makes it a date.
    (re.compile(r"(?:下个?|这个?|本)(?:周末|星期末|礼拜末)"), _week_end_tok),
    (re.compile(rf"(?P<rel>下个|下|这个|本|当|上个|上)月\s?(?P<d>{_CN_SMALL})\s?(?:号|日)"), _cn_rel_month_day),
    (
        re.compile(
            # (?<!一): "商量一下 周四" is 一下 (a moment) + 周四, not 下周四.
            r"(?:(?<!一)(?P<rel>下下个|下下|下个|下|上上个|上上|上个|上|这个|这|本|每))?\s?(?:周|星期|礼拜)\s?"
            # 一 followed by 共/起/些… starts a word ("这周一共三个会"), not Monday.
            r"(?P<wd>[二三四五六日天1-7]|一(?!共(?!同)|[起些直般样次定切]))"
        ),
        _cn_weekday,
    ),
    (
        re.compile(
            rf"(?P<n>{_CN_SMALL}|半)\s?(?:个)?(?P<half>半)?\s?(?P<unit>天|日|周|星期|礼拜|月)"
            r"(?P<dir>以后|之后|过后|后|以内|之内|内|以前|之前|前)"
        ),
        _cn_offset,
    ),
    (re.compile("|".join(sorted([*_CN_RELATIVE, *_CN_PERIOD_DAYS], key=len, reverse=True))), _cn_relative),
    (re.compile(rf"(?P<d>{_CN_SMALL})\s?(?:号|日)"), _cn_day),
    (
        re.compile(
            r"\b(?:the\s+)?day\s+after\s+tomorrow\b|\b(?:the\s+)?day\s+before\s+yesterday\b|\btoday\b|\btomorrow\b|"
            r"\btmrw\b|\btonight\b|\byesterday\b|\blast\s+night\b|\bthis\s+(?:morning|afternoon|evening)\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_relative,
    ),
    (
        re.compile(
            rf"\b(?P<rel>next|this|last)\s+week(?:\s*,)?(?:\s+on)?\s+(?P<wd>{_EN_WEEKDAY})\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_week_then_weekday,
    ),
    (
        re.compile(
            rf"\b(?:(?P<pre>this\s+coming|this|next|last|coming|previous)\s+)?(?P<wd>{_EN_WEEKDAY})s?\b"
            r"(?:\s+(?P<post>next|this|last)\s+week\b)?",
            re.IGNORECASE | re.ASCII,
        ),
        _en_weekday,
    ),
    (
        re.compile(
            rf"\b(?P<mon>{_EN_MONTH})\s+(?:the\s+)?(?P<d>{_EN_DAY})(?:,?\s+(?P<y>\d{{4}})\b)?",
            re.IGNORECASE | re.ASCII,
        ),
        _en_month_day,
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<d>{_EN_DAY})\s+(?:of\s+)?(?P<mon>{_EN_MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?",
            re.IGNORECASE | re.ASCII,
        ),
        _en_month_day,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:month|year)\b|\b(?:month|year)[\s-]end\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_month_end,
    ),
    (
        re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?week\b|\b(?:this|next)\s+weekend\b",
                   re.IGNORECASE | re.ASCII),
        _week_end_tok,
    ),
    (
        re.compile(
            rf"\bthe\s+(?P<d>\d{{1,2}}(?:st|nd|rd|th)|{_EN_ORD_WORD})\s+of\s+(?P<rel>next|this|the|last)\s+month\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_day_alone,
    ),
    (
        # 'the second' alone is too often not a date; ordinal words count only after on / by.
        re.compile(
            rf"\bthe\s+(?P<d>\d{{1,2}}(?:st|nd|rd|th))\b|(?:(?<=\bon\s)|(?<=\bby\s))the\s+(?P<dw>{_EN_ORD_WORD})\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_day_alone,
    ),
    (re.compile(rf"\bin\s+(?P<n>{_EN_COUNT})\s+(?P<u>days?|weeks?|months?)\b", re.IGNORECASE | re.ASCII), _en_offset),
    (
        re.compile(
            rf"\b(?P<n>{_EN_COUNT})\s+(?P<u>days?|weeks?|months?)\s+(?:from\s+(?:now|today)|later|(?P<ago>ago))\b",
            re.IGNORECASE | re.ASCII,
        ),
        _en_offset,
    ),
]


def scan_dates(text: str) -> list[DateTok]:
    """Every date expression in the text, leftmost-longest, without overlaps."""
    folded = fold(text)
    candidates: list[DateTok] = []
    for pattern, build in _PATTERNS:
        for m in pattern.finditer(folded):
            tok = build(m)
            if tok is not None:
                candidates.append(tok)
    return leftmost_longest(candidates)


def resolve_date(span: str, now: datetime) -> str | None:
    """The first date expression in the span as 'YYYY-MM-DD', or None (also for 下个月 / next week alone)."""
    if not span:
        return None
    for tok in scan_dates(span):
        day = tok.resolve(now.date())  # an aware now's date is already its local wall date
        if day is not None:
            return day.isoformat()
    return None


@dataclass(frozen=True)
class Ambiguity:
    """Words that name one of two days: the day read, and the other one the speaker may have meant."""

    phrase: str
    chosen: date
    other: date


def ambiguities(text: str, now: datetime) -> list[Ambiguity]:
    today = now.date()
    out = []
    for tok in scan_dates(text):
        if tok.alternative is not None:
            chosen, other = tok.resolve(today), tok.alternative(today)
            if chosen is not None and other is not None and chosen != other:
                out.append(Ambiguity(text[tok.start:tok.end], chosen, other))
    return out


def is_ambiguous(span: str) -> bool:
    """True where DESIGN asks the card to confirm rather than trust the guess ('next Tuesday')."""
    return any(tok.alternative is not None for tok in scan_dates(span or ""))
