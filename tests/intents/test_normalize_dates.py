"""Dates, times, date-times, durations and self-corrections, per DESIGN.md "Time and number conventions".

Every expected value is worked out by hand from the conventions; the calendar used:

    2026 November            2026 December             2027 January
    Mo Tu We Th Fr Sa Su     Mo Tu We Th Fr Sa Su      Mo Tu We Th Fr Sa Su
                       1         1  2  3  4  5  6                   1  2  3
     2  3  4  5  6  7  8      7  8  9 10 11 12 13       4  5  6  7  8  9 10
     ...                     14 ...                    ...
    16 17 18 19 20 21 22     21 22 23 24 25 26 27      25 26 27 28 29 30 31
    23 24 25 26 27 28 29     28 29 30 31
    30

The main reference is DESIGN's: Monday 2026-11-23 10:00 in Asia/Shanghai.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from intents.normalize import (
    Found,
    apply_corrections,
    find_datetimes,
    is_ambiguous,
    resolve_date,
    resolve_datetime,
    resolve_duration,
    resolve_time,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # DESIGN's reference "now"
SUNDAY = datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI)
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=SHANGHAI)
MONTH_END = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)  # the last day of November, a Monday
JAN_31 = datetime(2027, 1, 31, 10, 0, tzinfo=SHANGHAI)  # the last day of January, a Sunday; February has 28 days
NEW_YEARS_EVE = datetime(2026, 12, 31, 10, 0, tzinfo=SHANGHAI)  # a Thursday
MONDAY_AFTERNOON = datetime(2026, 11, 23, 16, 5, tzinfo=SHANGHAI)  # after the spoken hour in '三点' / '四点'
NEW_YORK_LATE = datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("America/New_York"))  # already the 24th in UTC

DATETIME_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$")
DATE_FORMAT = re.compile(r"^\d{4}-\d\d-\d\d$")


# --- resolve_date: relative days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("今天", "2026-11-23"),
        ("today", "2026-11-23"),
        ("Today", "2026-11-23"),
        ("明天", "2026-11-24"),
        ("tomorrow", "2026-11-24"),
        ("明日", "2026-11-24"),
        ("后天", "2026-11-25"),
        ("the day after tomorrow", "2026-11-25"),
        ("大后天", "2026-11-26"),
        ("昨天", "2026-11-22"),
        ("yesterday", "2026-11-22"),
        ("前天", "2026-11-21"),
        ("the day before yesterday", "2026-11-21"),
        ("今晚", "2026-11-23"),
        ("tonight", "2026-11-23"),
        ("明早", "2026-11-24"),
        ("tomorrow morning", "2026-11-24"),
        ("this afternoon", "2026-11-23"),
    ],
)
def test_relative_days(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        (NEW_YEARS_EVE, "明天", "2027-01-01"),
        (NEW_YEARS_EVE, "后天", "2027-01-02"),
        (NEW_YEARS_EVE, "大后天", "2027-01-03"),
        (MONTH_END, "明天", "2026-12-01"),
        (JAN_31, "tomorrow", "2027-02-01"),
        (JAN_31, "昨天", "2027-01-30"),
    ],
)
def test_relative_days_cross_month_and_year(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


def test_dates_use_the_local_wall_date_of_now() -> None:
    # 23:30 in New York is already the 24th in UTC and in Shanghai; the user's own calendar counts.
    assert resolve_date("today", NEW_YORK_LATE) == "2026-11-23"
    assert resolve_date("明天", NEW_YORK_LATE) == "2026-11-24"


# --- resolve_date: weekdays ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # a bare weekday: this Monday-start week's if today or later, else next week's
        ("周一", "2026-11-23"),  # today counts
        ("星期一", "2026-11-23"),
        ("Monday", "2026-11-23"),
        ("周二", "2026-11-24"),
        ("周三", "2026-11-25"),
        ("星期四", "2026-11-26"),
        ("Thursday", "2026-11-26"),
        ("周五", "2026-11-27"),
        ("星期五", "2026-11-27"),
        ("礼拜五", "2026-11-27"),
        ("Friday", "2026-11-27"),
        ("friday", "2026-11-27"),
        ("on Friday", "2026-11-27"),
        ("这周五", "2026-11-27"),
        ("本周五", "2026-11-27"),
        ("this Friday", "2026-11-27"),
        ("周六", "2026-11-28"),
        ("Saturday", "2026-11-28"),
        ("周日", "2026-11-29"),
        ("星期天", "2026-11-29"),
        ("星期日", "2026-11-29"),
        ("礼拜天", "2026-11-29"),
        ("Sunday", "2026-11-29"),
        # digits, as Whisper writes them
        ("周5", "2026-11-27"),
        ("星期3", "2026-11-25"),
        ("周 五", "2026-11-27"),
        ("週五", "2026-11-27"),  # Traditional characters that slip through ASR
        ("禮拜五", "2026-11-27"),
    ],
)
def test_bare_weekday_on_monday(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        # Sunday 11-29: Monday to Saturday of this week are past, so they are next week's
        (SUNDAY, "周五", "2026-12-04"),
        (SUNDAY, "Friday", "2026-12-04"),
        (SUNDAY, "这周五", "2026-12-04"),
        (SUNDAY, "周一", "2026-11-30"),
        (SUNDAY, "周六", "2026-12-05"),
        (SUNDAY, "周日", "2026-11-29"),
        (SUNDAY, "Sunday", "2026-11-29"),
        # Friday 11-27
        (FRIDAY_EVENING, "周五", "2026-11-27"),
        (FRIDAY_EVENING, "周四", "2026-12-03"),
        (FRIDAY_EVENING, "周六", "2026-11-28"),
        (FRIDAY_EVENING, "Monday", "2026-11-30"),
        # Thursday 12-31: the week runs into the new year
        (NEW_YEARS_EVE, "周五", "2027-01-01"),
        (NEW_YEARS_EVE, "周四", "2026-12-31"),
        (NEW_YEARS_EVE, "周三", "2027-01-06"),
        (NEW_YEARS_EVE, "Sunday", "2027-01-03"),
    ],
)
def test_bare_weekday_on_other_days(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        # 下周X / next week X: weekday X of the following Monday-start week (Nov 30 - Dec 6)
        (MONDAY, "下周一", "2026-11-30"),
        (MONDAY, "下周二", "2026-12-01"),
        (MONDAY, "下周三", "2026-12-02"),
        (MONDAY, "下周五", "2026-12-04"),
        (MONDAY, "下周日", "2026-12-06"),
        (MONDAY, "下周天", "2026-12-06"),
        (MONDAY, "下个周五", "2026-12-04"),
        (MONDAY, "下星期二", "2026-12-01"),
        (MONDAY, "下个星期二", "2026-12-01"),
        (MONDAY, "下礼拜二", "2026-12-01"),  # 礼拜X = 周X
        (MONDAY, "下周3", "2026-12-02"),
        (MONDAY, "next week Tuesday", "2026-12-01"),
        (MONDAY, "next week on Friday", "2026-12-04"),
        (MONDAY, "Tuesday next week", "2026-12-01"),  # DESIGN: = 下周二
        (MONDAY, "on Friday next week", "2026-12-04"),
        (MONDAY, "下下周一", "2026-12-07"),
        (SUNDAY, "下周一", "2026-11-30"),
        (SUNDAY, "下周五", "2026-12-04"),
        (FRIDAY_EVENING, "下周五", "2026-12-04"),
        (NEW_YEARS_EVE, "下周一", "2027-01-04"),
        (NEW_YEARS_EVE, "下周三", "2027-01-06"),
        # 上周X / last Friday: that weekday of the previous week (Nov 16 - 22)
        (MONDAY, "上周五", "2026-11-20"),
        (MONDAY, "上周一", "2026-11-16"),
        (MONDAY, "上个礼拜三", "2026-11-18"),
        (MONDAY, "上星期天", "2026-11-22"),
        (MONDAY, "last Friday", "2026-11-20"),
        (MONDAY, "Friday last week", "2026-11-20"),
        (MONDAY, "last week on Tuesday", "2026-11-17"),
        (SUNDAY, "上周五", "2026-11-20"),
        (SUNDAY, "last Friday", "2026-11-20"),
    ],
)
def test_next_and_last_week(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [("next Tuesday", "2026-12-01"), ("next Friday", "2026-12-04"), ("next monday", "2026-11-30")],
)
def test_next_weekday_is_resolved_as_next_week_but_marked_ambiguous(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected
    assert is_ambiguous(span)
    assert is_ambiguous(f"remind me {span} at 3")


@pytest.mark.parametrize(
    "span",
    [
        "Tuesday next week",
        "next week Tuesday",
        "下周二",
        "this Friday",
        "Friday",
        "周五",
        "明天",
        "next week",
        "",
        "嗯",
    ],
)
def test_unambiguous_dates(span: str) -> None:
    assert not is_ambiguous(span)


# --- resolve_date: month ends and days of the month ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        (MONDAY, "月底", "2026-11-30"),
        (MONDAY, "这个月底", "2026-11-30"),
        (MONDAY, "本月底", "2026-11-30"),
        (MONDAY, "月末", "2026-11-30"),
        (MONDAY, "end of the month", "2026-11-30"),
        (MONDAY, "the end of this month", "2026-11-30"),
        (MONDAY, "by the end of the month", "2026-11-30"),
        (MONTH_END, "月底", "2026-11-30"),  # today is the end of the month
        (MONTH_END, "end of the month", "2026-11-30"),
        (NEW_YEARS_EVE, "月底", "2026-12-31"),
        (JAN_31, "月底", "2027-01-31"),
        (MONDAY, "下个月底", "2026-12-31"),
        (MONDAY, "end of next month", "2026-12-31"),
        (JAN_31, "下个月底", "2027-02-28"),
        (MONDAY, "年底", "2026-12-31"),
    ],
)
def test_month_end(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        (MONDAY, "下个月五号", "2026-12-05"),
        (MONDAY, "下个月5号", "2026-12-05"),
        (MONDAY, "下月五号", "2026-12-05"),
        (MONDAY, "下个月五日", "2026-12-05"),
        (MONDAY, "the 5th of next month", "2026-12-05"),
        (NEW_YEARS_EVE, "下个月五号", "2027-01-05"),
        (MONTH_END, "下个月一号", "2026-12-01"),
        (JAN_31, "下个月28号", "2027-02-28"),
        (MONDAY, "这个月25号", "2026-11-25"),
    ],
)
def test_day_of_next_month(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("now", "span"),
    [
        (MONDAY, "下个月"),  # a month alone is not a date
        (MONDAY, "next month"),
        (MONDAY, "下周"),  # nor is a week
        (MONDAY, "next week"),
        (MONDAY, "这个月"),
        (JAN_31, "下个月30号"),  # February has no 30th
        (MONDAY, "2月30号"),
        (MONDAY, "13月5号"),
        (MONDAY, "32号"),
        (MONDAY, "in 99999999999 days"),  # past datetime's year 9999: no date, and no crash
        (NEW_YEARS_EVE, "in 5000 years"),
        (SUNDAY, "99999999999天后"),
    ],
)
def test_not_a_date(now: datetime, span: str) -> None:
    assert resolve_date(span, now) is None


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        # X号: this month if not past, else next month
        (MONDAY, "3号", "2026-12-03"),
        (MONDAY, "三号", "2026-12-03"),
        (MONDAY, "5日", "2026-12-05"),
        (MONDAY, "23号", "2026-11-23"),  # today is not past
        (MONDAY, "25号", "2026-11-25"),
        (MONDAY, "三十号", "2026-11-30"),
        (MONDAY, "31号", "2026-12-31"),  # November has no 31st
        (MONDAY, "the 5th", "2026-12-05"),
        (MONDAY, "on the 25th", "2026-11-25"),
        (MONDAY, "on the fifth", "2026-12-05"),
        (MONTH_END, "30号", "2026-11-30"),
        (MONTH_END, "29号", "2026-12-29"),
        (MONTH_END, "1号", "2026-12-01"),
        (NEW_YEARS_EVE, "3号", "2027-01-03"),
        (NEW_YEARS_EVE, "31号", "2026-12-31"),
        (JAN_31, "31号", "2027-01-31"),
        (JAN_31, "30号", "2027-03-30"),  # past this month, and February has no 30th
    ],
)
def test_day_of_month(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        (MONDAY, "12月3号", "2026-12-03"),
        (MONDAY, "12月3日", "2026-12-03"),
        (MONDAY, "十二月三号", "2026-12-03"),
        (MONDAY, "十二月三日", "2026-12-03"),
        (MONDAY, "12 月 3 号", "2026-12-03"),
        (MONDAY, "Dec 3", "2026-12-03"),
        (MONDAY, "Dec. 3", "2026-12-03"),
        (MONDAY, "December 3rd", "2026-12-03"),
        (MONDAY, "December 3", "2026-12-03"),
        (MONDAY, "December third", "2026-12-03"),
        (MONDAY, "December the third", "2026-12-03"),
        (MONDAY, "3rd of December", "2026-12-03"),
        (MONDAY, "the third of December", "2026-12-03"),
        (MONDAY, "3 December", "2026-12-03"),
        (MONDAY, "on December 3rd", "2026-12-03"),
        (MONDAY, "December twenty-first", "2026-12-21"),
        (MONDAY, "May 5", "2027-05-05"),
        (MONDAY, "March 3rd", "2027-03-03"),
        (MONDAY, "1月5号", "2027-01-05"),  # January 5th is past this year: the next one
        (NEW_YEARS_EVE, "1月5号", "2027-01-05"),
        (NEW_YEARS_EVE, "January 5th", "2027-01-05"),
        # with a year
        (MONDAY, "2027年1月5日", "2027-01-05"),
        (MONDAY, "二〇二七年一月五日", "2027-01-05"),
        (MONDAY, "2026-12-25", "2026-12-25"),
        (MONDAY, "2026/12/25", "2026-12-25"),
        (MONDAY, "January 5, 2027", "2027-01-05"),
        (MONDAY, "December 3rd, 2026", "2026-12-03"),
    ],
)
def test_month_and_day(now: datetime, span: str, expected: str) -> None:
    assert resolve_date(span, now) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # Implementation choice where DESIGN is silent: a month-day at most 31 days ago is that recent day (a visit
        # reported late), not next year's; older ones are the next occurrence.
        ("11月20号", "2026-11-20"),
        ("November 20th", "2026-11-20"),
        ("10月1号", "2027-10-01"),
    ],
)
def test_month_and_day_recently_past(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected


@pytest.mark.parametrize("span", ["5号楼", "3号线", "6号会议室", "第3号", "星期", "周末愉快"])
def test_numbers_with_hao_that_are_not_days(span: str) -> None:
    assert resolve_date(span, MONDAY) is None


# --- resolve_date: 'X前' / 'by X' and offsets in days --------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("下周三前", "2026-12-02"),
        ("下周二之前", "2026-12-01"),
        ("周五前", "2026-11-27"),
        ("周五之前", "2026-11-27"),
        ("月底前", "2026-11-30"),
        ("12月3号之前", "2026-12-03"),
        ("by Friday", "2026-11-27"),
        ("by next week Wednesday", "2026-12-02"),
        ("before December 3rd", "2026-12-03"),
        ("by the end of the month", "2026-11-30"),
    ],
)
def test_before_x_is_the_date_x(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("三天后", "2026-11-26"),
        ("3天后", "2026-11-26"),
        ("三天以后", "2026-11-26"),
        ("两周后", "2026-12-07"),
        ("一个星期后", "2026-11-30"),
        ("一个月后", "2026-12-23"),
        ("三天内", "2026-11-26"),
        ("三天前", "2026-11-20"),  # ago
        ("in three days", "2026-11-26"),
        ("in 3 days", "2026-11-26"),
        ("in a week", "2026-11-30"),
        ("in two weeks", "2026-12-07"),
        ("2 weeks from now", "2026-12-07"),
        ("three days ago", "2026-11-20"),
        ("in a month", "2026-12-23"),
    ],
)
def test_day_offsets(span: str, expected: str) -> None:
    assert resolve_date(span, MONDAY) == expected


def test_month_offset_clamps_to_the_month_end() -> None:
    assert resolve_date("in a month", JAN_31) == "2027-02-28"


@pytest.mark.parametrize(
    "span", ["", " ", "嗯嗯那个", "😀👍🎉", "hello world", "三个人", "二十个座位", "30万", "三点", "周末", "a week"]
)
def test_resolve_date_junk(span: str) -> None:
    assert resolve_date(span, MONDAY) is None


def test_resolve_date_takes_the_first_date_in_a_sentence() -> None:
    text = "帮我记录刚才的客户拜访，华为的张经理，对报价满意，下周三前发合同"
    assert resolve_date(text, MONDAY) == "2026-12-02"


# --- resolve_time -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # bare hours: 1-6 afternoon, 7-11 morning, 12 noon
        ("十点", (10, 0)),
        ("三点", (15, 0)),
        ("两点", (14, 0)),
        ("一点", (13, 0)),
        ("六点", (18, 0)),
        ("七点", (7, 0)),
        ("十一点", (11, 0)),
        ("十二点", (12, 0)),
        ("3点", (15, 0)),
        ("9点", (9, 0)),
        ("两点半", (14, 30)),
        ("三点半", (15, 30)),
        ("九点半", (9, 30)),
        # 半 = :30, 一刻 = :15, 三刻 = :45, X点Y分
        ("三点一刻", (15, 15)),
        ("三点三刻", (15, 45)),
        ("十点一刻", (10, 15)),
        ("三点十五分", (15, 15)),
        ("三点十五", (15, 15)),
        ("十点四十五", (10, 45)),
        ("九点零五", (9, 5)),
        ("九点零五分", (9, 5)),
        ("九点五分", (9, 5)),
        ("3点15分", (15, 15)),
        ("3点15", (15, 15)),
        ("十点整", (10, 0)),
        ("十点钟", (10, 0)),
        # parts of the day
        ("上午十点", (10, 0)),
        ("上午11点", (11, 0)),
        ("早上八点", (8, 0)),
        ("早上7点", (7, 0)),
        ("早上六点", (6, 0)),  # the part of day overrides the bare-hour rule
        ("上午三点", (3, 0)),
        ("下午三点", (15, 0)),
        ("下午3点", (15, 0)),
        ("下午五点半", (17, 30)),
        ("下午八点", (20, 0)),
        ("晚上八点", (20, 0)),
        ("晚上十点", (22, 0)),
        ("晚上七点半", (19, 30)),
        ("今晚八点", (20, 0)),
        ("晚8点", (20, 0)),
        ("中午", (12, 0)),
        ("中午十二点", (12, 0)),
        ("中午一点", (13, 0)),
        ("中午12点半", (12, 30)),
        ("凌晨两点", (2, 0)),
        ("晚上十二点", (0, 0)),  # X+12 = 24:00, i.e. midnight
        # digits with a colon
        ("10:30", (10, 30)),
        ("4:30", (16, 30)),  # bare hour 4: afternoon
        ("7:45", (7, 45)),
        ("15:30", (15, 30)),
        ("12:15", (12, 15)),
        ("下午4:30", (16, 30)),
        ("１０：３０", (10, 30)),  # full-width
        ("兩點半", (14, 30)),  # Traditional
        # English
        ("3 pm", (15, 0)),
        ("3pm", (15, 0)),
        ("3 p.m.", (15, 0)),
        ("3 PM", (15, 0)),
        ("10am", (10, 0)),
        ("10 a.m.", (10, 0)),
        ("10:30 am", (10, 30)),
        ("4:30 pm", (16, 30)),
        ("12 pm", (12, 0)),
        ("12 am", (0, 0)),
        ("noon", (12, 0)),
        ("midday", (12, 0)),
        ("midnight", (0, 0)),
        ("four thirty", (16, 30)),
        ("four thirty pm", (16, 30)),
        ("nine", (9, 0)),
        ("three", (15, 0)),
        ("nine o'clock", (9, 0)),
        ("3 o'clock", (15, 0)),
        ("ten fifteen", (10, 15)),
        ("half past three", (15, 30)),
        ("half past 9", (9, 30)),
        ("quarter past nine", (9, 15)),
        ("a quarter to five", (16, 45)),
        ("twenty past four", (16, 20)),
        ("at 7 in the evening", (19, 0)),
        ("8 in the morning", (8, 0)),
        ("3 in the afternoon", (15, 0)),
        ("11 at night", (23, 0)),
        ("tonight at 8", (20, 0)),
        ("this afternoon at four", (16, 0)),
        ("tomorrow morning at 6", (6, 0)),
        # a time inside a longer span: the first one
        ("明天上午十点开会", (10, 0)),
        ("meet at 3 tomorrow", (15, 0)),
    ],
)
def test_resolve_time(span: str, expected: tuple[int, int]) -> None:
    assert resolve_time(span) == expected


@pytest.mark.parametrize(
    "span",
    ["", "嗯嗯那个", "😀", "三个人", "30万", "明天", "hello", "快一点", "第三点", "有三点意见", "三点五万", "十分满意"],
)
def test_resolve_time_junk(span: str) -> None:
    assert resolve_time(span) is None


# --- resolve_datetime ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        (MONDAY, "明天上午十点", "2026-11-24T10:00"),
        (MONDAY, "明天下午三点", "2026-11-24T15:00"),
        (MONDAY, "明天三点", "2026-11-24T15:00"),
        (MONDAY, "后天下午两点", "2026-11-25T14:00"),
        (MONDAY, "今晚八点", "2026-11-23T20:00"),
        (MONDAY, "tonight at 8", "2026-11-23T20:00"),
        (MONDAY, "下周三下午三点半", "2026-12-02T15:30"),
        (MONDAY, "周四下午两点", "2026-11-26T14:00"),
        (MONDAY, "周五3点", "2026-11-27T15:00"),
        (MONDAY, "Friday at 3 pm", "2026-11-27T15:00"),
        (MONDAY, "tomorrow at 9", "2026-11-24T09:00"),
        (MONDAY, "tomorrow at nine", "2026-11-24T09:00"),
        (MONDAY, "on December 3rd at 10am", "2026-12-03T10:00"),
        (MONDAY, "10am on December 3rd", "2026-12-03T10:00"),
        (MONDAY, "3pm tomorrow", "2026-11-24T15:00"),
        (MONDAY, "12月3号上午10点", "2026-12-03T10:00"),
        (MONDAY, "下个月五号下午两点", "2026-12-05T14:00"),
        (MONDAY, "at five fifteen this afternoon", "2026-11-23T17:15"),
        (MONDAY, "明天中午", "2026-11-24T12:00"),  # 中午 = 12:00
        # a time with no date: today if still ahead, else tomorrow
        (MONDAY, "三点", "2026-11-23T15:00"),
        (MONDAY, "十一点", "2026-11-23T11:00"),
        (MONDAY, "九点", "2026-11-24T09:00"),
        (MONDAY, "十点", "2026-11-24T10:00"),  # 10:00 is now, not ahead
        (MONDAY, "nine", "2026-11-24T09:00"),
        (MONDAY, "3 pm", "2026-11-23T15:00"),
        (MONDAY_AFTERNOON, "三点", "2026-11-24T15:00"),
        (MONDAY_AFTERNOON, "四点", "2026-11-24T16:00"),
        (MONDAY_AFTERNOON, "四点半", "2026-11-23T16:30"),
        (MONDAY_AFTERNOON, "十点", "2026-11-24T10:00"),
        (MONDAY_AFTERNOON, "下午五点", "2026-11-23T17:00"),
        (FRIDAY_EVENING, "三点", "2026-11-28T15:00"),
        (FRIDAY_EVENING, "八点", "2026-11-28T08:00"),  # bare 8 is morning
        (FRIDAY_EVENING, "晚上八点", "2026-11-27T20:00"),
        (FRIDAY_EVENING, "tonight at 9", "2026-11-27T21:00"),
        (FRIDAY_EVENING, "晚上十二点", "2026-11-28T00:00"),
        (FRIDAY_EVENING, "明天上午十点", "2026-11-28T10:00"),
        (NEW_YEARS_EVE, "明天上午九点", "2027-01-01T09:00"),
        (NEW_YEARS_EVE, "九点", "2027-01-01T09:00"),
        (NEW_YEARS_EVE, "三点", "2026-12-31T15:00"),
        (NEW_YEARS_EVE, "下周一下午两点", "2027-01-04T14:00"),
        (NEW_YORK_LATE, "明天上午十点", "2026-11-24T10:00"),
        # a range gives its start
        (MONDAY, "两点到四点", "2026-11-23T14:00"),
        (MONDAY, "明天下午两点到四点", "2026-11-24T14:00"),
        (MONDAY, "from 2 to 4 pm", "2026-11-23T14:00"),
        (MONDAY, "2-4pm", "2026-11-23T14:00"),
    ],
)
def test_resolve_datetime(now: datetime, span: str, expected: str | None) -> None:
    assert resolve_datetime(span, now) == expected


@pytest.mark.parametrize(
    ("now", "span", "expected"),
    [
        # offsets count from now
        (MONDAY, "半小时后", "2026-11-23T10:30"),
        (MONDAY, "半个小时以后", "2026-11-23T10:30"),
        (MONDAY, "两个小时以后", "2026-11-23T12:00"),
        (MONDAY, "两小时后", "2026-11-23T12:00"),
        (MONDAY, "十分钟后", "2026-11-23T10:10"),
        (MONDAY, "一个半小时后", "2026-11-23T11:30"),
        (MONDAY, "in two hours", "2026-11-23T12:00"),
        (MONDAY, "in 30 minutes", "2026-11-23T10:30"),
        (MONDAY, "in half an hour", "2026-11-23T10:30"),
        (MONDAY, "an hour from now", "2026-11-23T11:00"),
        (MONDAY, "in an hour", "2026-11-23T11:00"),
        (FRIDAY_EVENING, "半小时后", "2026-11-27T20:00"),
        (FRIDAY_EVENING, "in five hours", "2026-11-28T00:30"),
        (NEW_YORK_LATE, "半小时后", "2026-11-24T00:00"),
        (NEW_YEARS_EVE.replace(hour=23, minute=50), "in 20 minutes", "2027-01-01T00:10"),
    ],
)
def test_resolve_datetime_offsets(now: datetime, span: str, expected: str) -> None:
    assert resolve_datetime(span, now) == expected


def test_offsets_never_carry_seconds() -> None:
    now = datetime(2026, 11, 23, 10, 0, 45, 123456, tzinfo=SHANGHAI)
    assert resolve_datetime("半小时后", now) == "2026-11-23T10:30"


@pytest.mark.parametrize(
    ("span", "default_time", "expected"),
    [
        ("明天", None, None),  # a date with no time needs a default
        ("明天", (9, 0), "2026-11-24T09:00"),  # DESIGN: a reminder with a date but no time = 09:00
        ("周五", (9, 0), "2026-11-27T09:00"),
        ("tomorrow", (9, 0), "2026-11-24T09:00"),
        ("下个月五号", (9, 0), "2026-12-05T09:00"),
        ("明天上午", (9, 0), "2026-11-24T09:00"),
        ("明天下午三点", (9, 0), "2026-11-24T15:00"),  # a spoken time beats the default
        ("Friday", (14, 30), "2026-11-27T14:30"),
    ],
)
def test_resolve_datetime_default_time(span: str, default_time: tuple[int, int] | None, expected: str | None) -> None:
    assert resolve_datetime(span, MONDAY, default_time=default_time) == expected


@pytest.mark.parametrize("span", ["", "嗯嗯那个", "😀👍🎉", "三个人", "二十个座位", "30万", "twenty seats", "hello"])
def test_resolve_datetime_junk(span: str) -> None:
    assert resolve_datetime(span, MONDAY) is None
    assert resolve_datetime(span, MONDAY, default_time=(9, 0)) is None


# --- resolve_duration ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("一个小时", 60),
        ("一小时", 60),
        ("半小时", 30),
        ("半个小时", 30),
        ("一个半小时", 90),
        ("两个半小时", 150),
        ("两个小时", 120),
        ("两个钟头", 120),
        ("1.5小时", 90),
        ("2小时", 120),
        ("四十五分钟", 45),
        ("90分钟", 90),
        ("十分钟", 10),
        ("一刻钟", 15),
        ("一小时二十分钟", 80),
        ("thirty minutes", 30),
        ("30 minutes", 30),
        ("45 mins", 45),
        ("an hour", 60),
        ("one hour", 60),
        ("an hour and a half", 90),
        ("one and a half hours", 90),
        ("half an hour", 30),
        ("2 hours", 120),
        ("two hours", 120),
        ("1.5 hours", 90),
        ("2h", 120),
        ("1 hour 30 minutes", 90),
        # ranges: 两点到四点 = starts_at 14:00, duration_min 120
        ("两点到四点", 120),
        ("下午两点到四点", 120),
        ("三点到五点半", 150),
        ("10点到12点", 120),
        ("上午十点到十二点", 120),
        ("上午十一点到下午一点", 120),
        ("from 2 to 4 pm", 120),
        ("2-4pm", 120),
        ("2 to 4pm", 120),
        ("10am-12pm", 120),
        ("9:30-11am", 90),
        ("between 2 and 4 pm", 120),
        # inside sentences
        ("周三上午十点和人事部开会，讨论团建的行程安排，大概一个小时。", 60),
        ("Book a call with the support leads on Thursday at ten for twenty minutes in room six.", 20),
        ("后天上午九点到十一点开会", 120),
    ],
)
def test_resolve_duration(span: str, expected: int) -> None:
    assert resolve_duration(span) == expected


@pytest.mark.parametrize(
    "span",
    [
        "",
        "嗯嗯那个",
        "😀",
        "四十分钟后提醒我",  # an offset from now, not a length
        "in two hours",
        "an hour from now",
        "十分满意",  # 十分 = very
        "三点",
        "三个人",
        "明天",
    ],
)
def test_resolve_duration_none(span: str) -> None:
    assert resolve_duration(span) is None


# --- find_datetimes -----------------------------------------------------------------------------------------------


def _found(text: str, now: datetime = MONDAY, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(f.text, f.kind, f.value) for f in find_datetimes(text, now, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天上午十点开会", [("明天上午十点", "datetime", "2026-11-24T10:00")]),
        ("下周三下午三点半和张经理见面", [("下周三下午三点半", "datetime", "2026-12-02T15:30")]),
        ("tomorrow at 9", [("tomorrow at 9", "datetime", "2026-11-24T09:00")]),
        ("Friday at 3 pm", [("Friday at 3 pm", "datetime", "2026-11-27T15:00")]),
        ("see you on December 3rd at 10am", [("December 3rd at 10am", "datetime", "2026-12-03T10:00")]),
        ("提醒我周四上午九点给葛总寄发票，确认样品数量。", [("周四上午九点", "datetime", "2026-11-26T09:00")]),
        ("周三上午十点和人事部开会", [("周三上午十点", "datetime", "2026-11-25T10:00")]),
        ("今晚八点吃饭", [("今晚八点", "datetime", "2026-11-23T20:00")]),
        ("dinner tonight at 8", [("tonight at 8", "datetime", "2026-11-23T20:00")]),
        (
            "Remind me at five fifteen this afternoon to back up the laptop",
            [("five fifteen this afternoon", "datetime", "2026-11-23T17:15")],
        ),
        ("tomorrow 下午三点", [("tomorrow 下午三点", "datetime", "2026-11-24T15:00")]),
        ("下周五 at 3pm", [("下周五 at 3pm", "datetime", "2026-12-04T15:00")]),
        # a date alone
        ("帮我建个任务，让小彭周四之前把展会物料清点好", [("周四", "date", "2026-11-26")]),
        ("Create a task for Hector to update the price list by Thursday", [("Thursday", "date", "2026-11-26")]),
        ("前天请代理商吃饭，花了五百六十块", [("前天", "date", "2026-11-21")]),
        ("明天上午开会", [("明天上午", "date", "2026-11-24")]),
        # a time alone: today if still ahead, else tomorrow
        ("三点开会", [("三点", "datetime", "2026-11-23T15:00")]),
        ("九点提醒我", [("九点", "datetime", "2026-11-24T09:00")]),
        ("call me at 3", [("3", "datetime", "2026-11-23T15:00")]),
        # offsets
        ("四十分钟后提醒我喝水", [("四十分钟后", "offset", "2026-11-23T10:40")]),
        ("remind me in three hours", [("in three hours", "offset", "2026-11-23T13:00")]),
        # a range gives the start, as one expression
        ("两点到四点开会", [("两点到四点", "datetime", "2026-11-23T14:00")]),
        ("后天上午九点到十一点开会", [("后天上午九点到十一点", "datetime", "2026-11-25T09:00")]),
        # several, in order of position
        (
            "call John tomorrow at 3 and email Mary on Friday",
            [("tomorrow at 3", "datetime", "2026-11-24T15:00"), ("Friday", "date", "2026-11-27")],
        ),
        (
            "明天上午开会，后天下午三点见客户",
            [("明天上午", "date", "2026-11-24"), ("后天下午三点", "datetime", "2026-11-25T15:00")],
        ),
        (
            "Friday at 3 pm or Thursday at 10am",
            [("Friday at 3 pm", "datetime", "2026-11-27T15:00"), ("Thursday at 10am", "datetime", "2026-11-26T10:00")],
        ),
        (
            "今天拜访禾丰科技，预算大概四十万，下周二前把合同寄给她",
            [("今天", "date", "2026-11-23"), ("下周二", "date", "2026-12-01")],
        ),
        # ASR output without punctuation
        (
            "嗯那个明天下午三点和华为张经理开会讨论报价五十万",
            [("明天下午三点", "datetime", "2026-11-24T15:00")],
        ),
        ("明天一点开会", [("明天一点", "datetime", "2026-11-24T13:00")]),
    ],
)
def test_find_datetimes(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "三个人",
        "二十个座位",
        "30万",
        "twenty seats",
        "we need 3 people",
        "增长了20%",
        "5号楼",
        "快一点",  # 'a bit faster', not one o'clock
        "便宜一点",
        "有三点意见",
        "第三点",
        "三点五万",
        "十分满意",
        "从下季度开始统一用电子发票",
        "may 5 people come",  # the verb, not the month
        "they march 3 miles",
        "我们一点都不着急",
        "便宜一点儿",
        "Note that the vendor prefers invoices by post.",
        "",
        "嗯嗯那个",
        "😀👍🎉",
    ],
)
def test_find_datetimes_ignores_numbers_that_are_not_times(text: str) -> None:
    assert find_datetimes(text, MONDAY) == []


def test_find_datetimes_default_time_turns_dates_into_datetimes() -> None:
    assert _found("明天提醒我交报告") == [("明天", "date", "2026-11-24")]
    assert _found("明天提醒我交报告", default_time=(9, 0)) == [("明天", "datetime", "2026-11-24T09:00")]
    assert _found("明天下午三点提醒我", default_time=(9, 0)) == [("明天下午三点", "datetime", "2026-11-24T15:00")]


def test_default_time_follows_a_spoken_part_of_day() -> None:
    # Implementation choice where DESIGN is silent: a reminder for '明天下午' without a clock time does not ring at
    # the 09:00 default but at the start of the afternoon; a default inside the spoken part of day is kept.
    assert resolve_datetime("明天下午", MONDAY, default_time=(9, 0)) == "2026-11-24T14:00"
    assert resolve_datetime("明天晚上", MONDAY, default_time=(9, 0)) == "2026-11-24T19:00"
    assert resolve_datetime("明天上午", MONDAY, default_time=(9, 0)) == "2026-11-24T09:00"
    assert resolve_datetime("tomorrow evening", MONDAY, default_time=(9, 0)) == "2026-11-24T19:00"


def test_find_datetimes_offsets_point_into_the_text() -> None:
    text = "客户说：下周三下午三点半，在他们公司见面，另外 Friday at 3 pm 电话"
    found = find_datetimes(text, MONDAY)
    assert [f.value for f in found] == ["2026-12-02T15:30", "2026-11-27T15:00"]
    for f in found:
        assert isinstance(f, Found)
        assert text[f.start : f.end] == f.text


def test_find_datetimes_values_have_no_seconds_and_no_zone() -> None:
    now = datetime(2026, 11, 23, 10, 0, 59, tzinfo=timezone(timedelta(hours=8)))
    text = "明天上午十点，半小时后，周五，tonight at 8, in 45 minutes"
    for f in find_datetimes(text, now):
        if f.kind == "date":
            assert DATE_FORMAT.match(f.value), f
        else:
            assert DATETIME_FORMAT.match(f.value), f


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (SUNDAY, "周五下午三点", [("周五下午三点", "datetime", "2026-12-04T15:00")]),
        (FRIDAY_EVENING, "三点开会", [("三点", "datetime", "2026-11-28T15:00")]),
        (FRIDAY_EVENING, "晚上九点开会", [("晚上九点", "datetime", "2026-11-27T21:00")]),
        (MONTH_END, "月底前交", [("月底", "date", "2026-11-30")]),
        (NEW_YEARS_EVE, "下个月五号上午十点", [("下个月五号上午十点", "datetime", "2027-01-05T10:00")]),
        (JAN_31, "下个月底", [("下个月底", "date", "2027-02-28")]),
    ],
)
def test_find_datetimes_other_nows(now: datetime, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text, now) == expected


def test_find_datetimes_long_noisy_text() -> None:
    chunk = "嗯那个 um 😀 明天下午三点 花了200块 twenty seats 三个人 "
    text = (chunk * 60)[:2000]
    found = find_datetimes(text, MONDAY)
    whole = len(text) // len(chunk)
    assert [f.value for f in found][:whole] == ["2026-11-24T15:00"] * whole
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize("text", ["一" * 2000, "1" * 2000, "one " * 500, "点" * 2000, "周" * 2000, "到" * 2000])
def test_normalizers_survive_degenerate_input(text: str) -> None:
    find_datetimes(text, MONDAY)
    resolve_date(text, MONDAY)
    resolve_time(text)
    resolve_datetime(text, MONDAY)
    resolve_duration(text)
    apply_corrections(text)


# --- apply_corrections --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天，不对，后天", "后天"),
        ("三点，哦不，四点", "四点"),
        ("周五，不是，周六", "周六"),
        ("on Friday, actually, make it Saturday", "on Saturday"),
        ("at 3, sorry, 4 pm", "at 4 pm"),
        ("明天，不对，后天下午去", "后天下午去"),
        ("提醒我明天下午三点开会，不对，四点", "提醒我明天下午四点开会"),
        ("明天三点，不对，后天", "后天三点"),
        ("明天三点，不对，后天四点", "后天四点"),
        ("明天改成后天", "后天"),
        ("开会时间改成周四", "开会时间改成周四"),  # nothing of that kind before: a plain statement
        ("三点应该是四点", "四点"),
        ("周五下午，我是说周六下午", "周六下午"),
        ("meet tomorrow no wait Friday", "meet Friday"),
        ("at 3 scratch that at 4", "at 4"),
        ("call him on Monday, I mean Tuesday", "call him on Tuesday"),
        ("tomorrow, I mean Friday, at 3", "Friday, at 3"),
        ("send it to John, sorry, Mary", "send it to Mary"),
        ("发给张三，不对，李四", "发给李四"),
        ("给张经理，不对，给李经理打电话", "给李经理打电话"),
        ("明天不对后天", "后天"),  # ASR without punctuation
        ("嗯明天，呃不对，后天吧", "嗯后天吧"),
        ("提醒我周五，不对不对，周六下午三点", "提醒我周六下午三点"),
        ("明天开会，不是，后天开会", "后天开会"),  # the correction restates the rest of the clause
        ("下周三，不对，下周四前发合同", "下周四前发合同"),
        ("11月5号，不对，12月5号", "12月5号"),
        ("on Friday, no, Saturday", "on Saturday"),
        ("Call Bob at 3, wait, at 4", "Call Bob at 4"),
        ("tomorrow at 3 no wait 4", "tomorrow at 4"),
        # two corrections in one utterance
        ("明天，不对，后天，三点，哦不，四点", "后天，四点"),
    ],
)
def test_apply_corrections(text: str, expected: str) -> None:
    assert apply_corrections(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "明天下午三点开会",
        "客户不是很满意",  # 不是 in ordinary speech
        "是周五，不是周六",  # a contrast, not a correction
        "Actually, the client liked it.",
        "The client liked it, actually.",
        "价格不对",
        "I mean it",
        "把会议改成线上",
        "there is no budget",
        "Let me think, actually, no",
        "嗯嗯那个",
        "😀👍🎉",
    ],
)
def test_text_without_a_correction_is_untouched(text: str) -> None:
    assert apply_corrections(text) == text


def test_corrected_text_resolves_to_the_correction() -> None:
    assert resolve_date(apply_corrections("明天，不对，后天"), MONDAY) == "2026-11-25"
    assert resolve_time(apply_corrections("三点，哦不，四点")) == (16, 0)
    assert resolve_date(apply_corrections("周五，不是，周六"), MONDAY) == "2026-11-28"
    assert resolve_date(apply_corrections("on Friday, actually, make it Saturday"), MONDAY) == "2026-11-28"
    assert resolve_time(apply_corrections("at 3, sorry, 4 pm")) == (16, 0)
    assert resolve_datetime(apply_corrections("提醒我明天下午三点开会，不对，四点"), MONDAY) == "2026-11-24T16:00"


# --- regressions: bare hours after 'at', date + time, ranges, correction false positives --------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare hour after 'at' is a clock time even before a comma or a full stop (1-6 afternoon, 7-11 morning)
        ("Remind me at 4, to book the courier.", [("4", "datetime", "2026-11-23T16:00")]),
        ("Remind me at 11.", [("11", "datetime", "2026-11-23T11:00")]),
        ("Remind me at four, then call Bob.", [("four", "datetime", "2026-11-23T16:00")]),
        # a date with its part of day and a clock time is one expression
        (
            "Don't forget to mail the samples to Ruth tonight at nine.",
            [("tonight at nine", "datetime", "2026-11-23T21:00")],
        ),
        ("tomorrow morning at 9.", [("tomorrow morning at 9", "datetime", "2026-11-24T09:00")]),
        ("this afternoon at 3.", [("this afternoon at 3", "datetime", "2026-11-23T15:00")]),
        ("明天晚上八点", [("明天晚上八点", "datetime", "2026-11-24T20:00")]),
    ],
)
def test_bare_hours_and_date_with_time(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text, default_time=(9, 0)) == expected


@pytest.mark.parametrize(
    ("text", "start", "minutes"),
    [
        # a range of bare hours reads both ends with the afternoon rule: 14:00-15:30
        ("I'm seeing Paula Reyes from Corvane on Thursday from one to two thirty", "2026-11-26T13:00", 90),
        ("周四下午两点到三点半", "2026-11-26T14:00", 90),
        # digits after a day are a range, not 'ten to eleven' (10:50)
        ("sync with hr and payroll wednesday 8 to 9 in room c", "2026-11-25T08:00", 60),
        ("meeting friday 10-11", "2026-11-27T10:00", 60),
        ("meeting friday from 10 to 11", "2026-11-27T10:00", 60),
        ("friday ten to eleven", "2026-11-27T10:00", 60),  # day context: the range reading wins
    ],
)
def test_ranges_after_a_day_are_one_datetime(text: str, start: str, minutes: int) -> None:
    found = find_datetimes(text, MONDAY)
    assert [(f.kind, f.value) for f in found] == [("datetime", start)]
    assert resolve_duration(text) == minutes


def test_ten_to_eleven_alone_is_still_the_clock_idiom() -> None:
    assert _found("meet at ten to eleven") == [("ten to eleven", "datetime", "2026-11-23T10:50")]
    assert resolve_duration("meet at ten to eleven") is None


@pytest.mark.parametrize(
    "text",
    [
        "Get Tobias to label the storage boxes on Thursday, no rush.",
        "Send it Friday, no budget for couriers.",
        "Call them tomorrow, no problem.",
        "Book it for Friday, no need to confirm.",
        "明天开会，不是很急",
        "会议室，不是很大，换一个",
        "Hi Tom, sorry to bother you, can we meet Monday",
        "They actually liked it, call them Friday.",
        "We met Friday, actually the demo went fine.",
        "Call him tomorrow, I mean it.",
        "Let's make it happen, by Friday.",
        "明天去，哦不用了",
    ],
)
def test_ordinary_speech_is_not_a_correction(text: str) -> None:
    assert apply_corrections(text) == text


def test_yixia_before_a_weekday_is_not_next_week() -> None:
    from intents.normalize import find_datetimes

    found = find_datetimes("商量一下 周四上午十点 跟法务团队过一遍合同", MONDAY)
    assert found[0].value == "2026-11-26T10:00"


def test_english_date_words_glued_to_chinese() -> None:
    from intents.normalize import find_datetimes

    found = find_datetimes("提醒我Thursday上午十点 renew一下Figma的license", MONDAY)
    assert [f.value for f in found] == ["2026-11-26T10:00"]
    assert find_datetimes("tomorrow下午三点", MONDAY)[0].value == "2026-11-24T15:00"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("这周一共有几个会", []),  # 一共 = "in all", not Monday
        ("周一共同讨论方案", ["周一"]),  # but 共同 after 周一 is "together": Monday it is
        ("这周一下午开会", ["这周一下午"]),
    ],
)
def test_weekday_one_is_not_the_start_of_a_word(text: str, found: list[str]) -> None:
    assert [f.text for f in find_datetimes(text, MONDAY)] == found


@pytest.mark.parametrize(("text", "expected"), [
    # A marker followed by a new statement corrects no value: nothing may be lost (DESIGN).
    ("今天拜访了两家客户，我的意思是明年要扩大合作", "今天拜访了两家客户，我的意思是明年要扩大合作"),
    ("They want 20 seats. Actually, the CFO wants 30", "They want 20 seats. Actually, the CFO wants 30"),
    ("其实这个项目下个月才启动", "其实这个项目下个月才启动"),
])
def test_a_marker_that_corrects_no_value_deletes_nothing(text: str, expected: str) -> None:
    assert apply_corrections(text) == expected


@pytest.mark.parametrize("day", range(7))
def test_the_end_of_a_week_is_its_friday_and_a_weekend_its_saturday(day: int) -> None:
    """Said on each weekday of the week of Monday 2027-03-08: this week's end never lies in the past."""
    now = datetime(2027, 3, 8, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")) + timedelta(days=day, hours=day)
    today = now.date().isoformat()
    assert resolve_date("by the end of next week", now) == "2027-03-19"
    assert resolve_date("下周末之前", now) == "2027-03-20"
    assert resolve_date("by the end of the week", now) == max("2027-03-12", today)
    assert resolve_date("这周末", now) == max("2027-03-13", today)
    assert resolve_date("this weekend", now) == max("2027-03-13", today)


@pytest.mark.parametrize(("text", "expected"), [
    ("昨天去了一趟蓝星电子 不对 是前天 见的是他们厂长", "前天去了一趟蓝星电子 见的是他们厂长"),
    ("Set up a call for tomorrow, um, actually let's do Thursday, 9 am with the team",
     "Set up a call for Thursday, 9 am with the team"),
    ("周五交报告 不对 周四 张三负责", "周四交报告 张三负责"),
    ("今天拜访了两家客户 我的意思是明年要扩大合作", "今天拜访了两家客户 我的意思是明年要扩大合作"),
])
def test_corrections_in_speech_without_punctuation(text: str, expected: str) -> None:
    """Whisper marks a pause in Chinese with a space; a correction said right after a value goes on with the
    sentence, while one that only introduces something new replaces nothing."""
    assert apply_corrections(text) == expected
