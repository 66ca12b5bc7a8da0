"""Numbers and money, per DESIGN.md "Time and number conventions".

Expected values are worked out by hand from the conventions (三千五 = 3500, 两万 = 20000, 1.2万 = 12000, 50k = 50000,
一百二十八块 = 128, 一百零五万六 = 1056000, grand/K = thousand, 欧元 EUR, 美金/美元 USD, 日元 JPY, RMB = CNY,
default CNY for Chinese and USD for English), not taken from running the code.
"""

from __future__ import annotations

import pytest

from intents.normalize import (
    Money,
    apply_corrections,
    default_currency,
    find_money,
    find_total,
    parse_money,
    parse_number,
)

# --- parse_number -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # Chinese numerals, including the colloquial elided tails DESIGN names
        ("三千五", 3500),
        ("两万", 20000),
        ("一百二十八", 128),
        ("一百零五万六", 1_056_000),
        ("七百五", 750),
        ("两百万", 2_000_000),
        ("五百六十", 560),
        ("十二", 12),
        ("十", 10),
        ("二十", 20),
        ("两", 2),
        ("零", 0),
        ("三千五百", 3500),
        ("一万五", 15000),
        ("两千五", 2500),
        ("三万二", 32000),
        ("一万零五百", 10500),
        ("三百五十万", 3_500_000),
        ("一千二百万", 12_000_000),
        ("两千五百万", 25_000_000),
        ("一亿", 100_000_000),
        ("一点五", 1.5),
        ("零点五", 0.5),
        ("一点五万", 15000),
        ("壹佰", 100),
        # digits and mixed digit/Chinese, as Whisper writes them
        ("1.2万", 12000),
        ("30万", 300_000),
        ("3千", 3000),
        ("2.5万", 25000),
        ("1万5", 15000),
        ("3千5", 3500),
        ("2,500", 2500),
        ("1,250,000", 1_250_000),
        ("42", 42),
        ("3.75", 3.75),
        ("３０万", 300_000),  # full-width digits from an IME
        # English words and scale suffixes (grand / K = thousand)
        ("50k", 50000),
        ("50K", 50000),
        ("2.5k", 2500),
        ("3 grand", 3000),
        ("fifty grand", 50000),
        ("1.5 million", 1_500_000),
        ("2 thousand", 2000),
        ("fifteen thousand", 15000),
        ("forty two", 42),
        ("forty-two", 42),
        ("one hundred and five", 105),
        ("a hundred", 100),
        ("a thousand", 1000),
        ("two hundred", 200),
        ("fifteen hundred", 1500),
        ("twenty five thousand", 25000),
        ("one point five", 1.5),
        ("one and a half", 1.5),
        ("a dozen", 12),
        # 半 is a number only where it stands as a quantity
        ("半", 0.5),
        ("一半", 0.5),
        ("半个", 0.5),
        ("一个半", 1.5),
        ("三年半", 3.5),
        ("half", 0.5),
        # a number inside a longer span: the first one
        ("大概三千五左右", 3500),
        ("about 3 grand", 3000),
        ("二十个座位", 20),
        ("第三", 3),
    ],
)
def test_parse_number(span: str, expected: float) -> None:
    assert parse_number(span) == pytest.approx(expected)


@pytest.mark.parametrize(
    "span",
    ["", "   ", "hello", "嗯嗯那个", "😀👍🎉", "半导体", "千万别忘了", "万一", "北半球", "none", "a"],
)
def test_parse_number_none(span: str) -> None:
    assert parse_number(span) is None


def test_parse_number_long_junk_is_bounded() -> None:
    # A numeral run longer than any spoken amount is an identifier or an ASR loop: no number, not a huge one.
    assert parse_number("一" * 2000) is None
    assert parse_number("1" * 2000) is None
    assert parse_number("嗯" * 2000) is None
    assert parse_number("one " * 500) == 1  # the first number of the span


# --- parse_money --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "amount", "currency"),
    [
        # 块 / 元 are CNY
        ("三千五百块", 3500, "CNY"),
        ("五百六十块", 560, "CNY"),
        ("一百二十八块", 128, "CNY"),
        ("三千五块钱", 3500, "CNY"),
        ("两万块", 20000, "CNY"),
        ("50万元", 500_000, "CNY"),
        ("680元", 680, "CNY"),
        ("三块五", 3.5, "CNY"),
        ("五块五毛", 5.5, "CNY"),
        ("五千人民币", 5000, "CNY"),
        ("人民币五千", 5000, "CNY"),
        ("RMB 500", 500, "CNY"),
        ("500 RMB", 500, "CNY"),
        ("500 rmb", 500, "CNY"),
        ("¥300", 300, "CNY"),
        ("￥300", 300, "CNY"),
        ("300 yuan", 300, "CNY"),
        # other currencies said in Chinese
        ("200欧元", 200, "EUR"),
        ("两百欧元", 200, "EUR"),
        ("五千美金", 5000, "USD"),
        ("五千美元", 5000, "USD"),
        ("一万日元", 10000, "JPY"),
        ("三千日元", 3000, "JPY"),
        ("1000港币", 1000, "HKD"),
        ("100英镑", 100, "GBP"),
        # English
        ("$42", 42, "USD"),
        ("$ 42", 42, "USD"),
        ("42 dollars", 42, "USD"),
        ("forty two dollars", 42, "USD"),
        ("€30", 30, "EUR"),
        ("30 euros", 30, "EUR"),
        ("15k USD", 15000, "USD"),
        ("USD 15k", 15000, "USD"),
        ("fifteen thousand dollars", 15000, "USD"),
        ("two hundred yen", 200, "JPY"),
        ("£20", 20, "GBP"),
        ("US$1.2M", 1_200_000, "USD"),
        ("$1,500", 1500, "USD"),
        ("20 bucks", 20, "USD"),
        ("1.2万美元", 12000, "USD"),
        # no currency said: amount only, the caller applies the language default
        ("三千五", 3500, None),
        ("两万", 20000, None),
        ("1.2万", 12000, None),
        ("50k", 50000, None),
        ("50 grand", 50000, None),
        ("3 grand", 3000, None),
        ("预算两万", 20000, None),
        ("一百零五万六", 1_056_000, None),
        # the first amount with its currency words wins
        ("二十个人，每人三千五百块", 3500, "CNY"),
        ("price: 200 euros, tax 20 euros", 200, "EUR"),
    ],
)
def test_parse_money(span: str, amount: float, currency: str | None) -> None:
    money = parse_money(span)
    assert money is not None
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency


@pytest.mark.parametrize("span", ["", "嗯嗯那个", "😀", "hello", "三点", "二十个座位", "no money here"])
def test_parse_money_none(span: str) -> None:
    assert parse_money(span) is None


def test_money_is_a_value() -> None:
    assert Money(3500, "CNY") == Money(3500.0, "CNY")
    with pytest.raises(AttributeError):
        Money(1, None).amount = 2  # type: ignore[misc]


# --- default_currency ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "code"),
    [("zh", "CNY"), ("zh-CN", "CNY"), ("zh-TW", "CNY"), ("en", "USD"), ("en-US", "USD"), ("fr", "USD"), ("", "USD")],
)
def test_default_currency(lang: str, code: str) -> None:
    assert default_currency(lang) == code


# --- find_money ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上周请代理商吃饭，花了五百六十块，在老街火锅。", [("五百六十块", 560, "CNY")]),
        ("预算大概四十万，月底前把合同寄给她", [("四十万", 400_000, None)]),
        ("下午三点花了两百块", [("两百块", 200, "CNY")]),
        ("12月3号付了5万", [("5万", 50000, None)]),
        ("对报价满意，单子30万", [("30万", 300_000, None)]),
        ("报价是一百零五万六", [("一百零五万六", 1_056_000, None)]),
        ("合同金额约50万元", [("50万元", 500_000, "CNY")]),
        ("四个人吃饭花了五百六十块", [("五百六十块", 560, "CNY")]),
        ("客户说30万的预算可以", [("30万", 300_000, None)]),
        ("机票两千五，酒店八百块，打车50块", [("两千五", 2500, None), ("八百块", 800, "CNY"), ("50块", 50, "CNY")]),
        ("五千美金的订单", [("五千美金", 5000, "USD")]),
        ("他们报价200欧元一套", [("200欧元", 200, "EUR")]),
        ("we spent 42 on lunch", [("42", 42, None)]),
        ("budget of 50k", [("50k", 50000, None)]),
        ("budget around twelve thousand dollars", [("twelve thousand dollars", 12000, "USD")]),
        (
            "they want a trial for thirty seats, budget around twelve thousand dollars",
            [("twelve thousand dollars", 12000, "USD")],
        ),
        ("I spent thirty six dollars on parking", [("thirty six dollars", 36, "USD")]),
        ("$42 for lunch and €30 for parking", [("$42", 42, "USD"), ("€30", 30, "EUR")]),
        ("the quote was 3 grand", [("3 grand", 3000, None)]),
        ("paid ¥300 at the hotel", [("¥300", 300, "CNY")]),
        ("deal size is 1.5 million", [("1.5 million", 1_500_000, None)]),
        ("two hundred yen for coffee", [("two hundred yen", 200, "JPY")]),
        ("合同额2,500,000", [("2,500,000", 2_500_000, None)]),
    ],
)
def test_find_money(text: str, expected: list[tuple[str, float, str | None]]) -> None:
    found = find_money(text)
    assert [(text[s:e], m.amount, m.currency) for s, e, m in found] == [
        (span, pytest.approx(amount), currency) for span, amount, currency in expected
    ]


@pytest.mark.parametrize(
    "text",
    [
        "后天上午九点开会",  # a time
        "12月5号见",  # a date
        "5号楼会议室",  # a building number
        "二十个座位",  # a count
        "三个人",
        "twenty seats",
        "we need 3 people",
        "增长了20%",  # a percentage
        "百分之二十",
        "花了三个小时",  # a duration, even after a money verb
        "开会一个半小时",
        "一起吃饭",  # 一 inside a word
        "千万别忘了",
        "万一下雨",
        "打电话给13800138000",  # a phone number
        "in 2026 we grow",  # a year
        "2026年的计划",
        "会议室在3楼",
        "第二季度",
        "room 42",
        "at 3 pm",
        "on December 3rd",
        "",
        "嗯嗯那个",
        "😀👍",
    ],
)
def test_find_money_ignores_numbers_that_are_not_money(text: str) -> None:
    assert find_money(text) == []


def test_find_money_keeps_money_next_to_a_duration() -> None:
    text = "花了三个小时和二十块钱"
    assert [(text[s:e], m) for s, e, m in find_money(text)] == [("二十块钱", Money(20, "CNY"))]


def test_find_money_offsets_are_into_the_original_text() -> None:
    text = "客户：华为，预算：３０万，跟进：周五"  # full-width digits keep their positions
    found = find_money(text)
    assert len(found) == 1
    start, end, money = found[0]
    assert text[start:end] == "３０万"
    assert money == Money(300_000, None)


def test_find_money_long_noisy_text() -> None:
    chunk = "嗯那个 um 😀 明天三点 花了200块 twenty seats 30万 "
    text = (chunk * 60)[:2000]
    found = find_money(text)
    assert all(0 <= s < e <= len(text) for s, e, _ in found)
    whole = len(text) // len(chunk)
    assert [m for _, _, m in found][: 2 * whole] == [Money(200, "CNY"), Money(300_000, None)] * whole


# --- corrections of amounts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算三十万，不对，三十五万", "预算三十五万"),
        ("花了200块，不对，300块", "花了300块"),
        ("花了两百，哦不，三百块", "花了三百块"),
        ("三十万，不对，是三十五万", "三十五万"),
        ("报价五十万，哦不，六十万美金", "报价六十万美金"),
        ("我们三个人，不对，四个人去", "我们四个人去"),
        ("the budget is 50k, sorry, 60k", "the budget is 60k"),
        ("we paid $40, I mean $45, for lunch", "we paid $45, for lunch"),
    ],
)
def test_corrections_of_amounts(text: str, expected: str) -> None:
    assert apply_corrections(text) == expected


# --- regressions: amount words, counts, totals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sixty-two dollars forty", Money(62.4, "USD")),
        ("62 dollars and 40 cents", Money(62.4, "USD")),
        ("They offered two point five million dollars", Money(2_500_000, "USD")),
    ],
)
def test_find_money_amount_words(text: str, expected: Money) -> None:
    assert [m for _, _, m in find_money(text)] == [expected]


def test_dollars_then_a_count_is_not_cents() -> None:
    assert [m for _, _, m in find_money("it cost twenty dollars five people came")] == [Money(20, "USD")]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("两晚一共九百八", Money(980, None)),  # 两晚 counts nights
        ("三夜一共一千二", Money(1200, None)),
    ],
)
def test_parse_money_skips_counts(span: str, expected: Money) -> None:
    assert parse_money(span) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "昨天上午去了趟蓝港物流，见了韩总和小邓，仓库要装监控摄像头，报价两千八一套，一共五十套",
            Money(140_000, None),
        ),
        ("五十套，每套两千八", Money(140_000, None)),
        ("单价2800元，共50套", Money(140_000, "CNY")),
        ("$40 per license for 150 licenses", Money(6_000, "USD")),
        ("150 licenses at $40 each", Money(6_000, "USD")),
    ],
)
def test_find_total(text: str, expected: Money) -> None:
    assert find_total(text) == expected


@pytest.mark.parametrize(
    "text", ["", "报价两千八", "花了200块", "后天上午九点开会", "两人一间，一共十个人", "$1,200 a month for 12 months"]
)
def test_find_total_without_price_and_quantity(text: str) -> None:
    assert find_total(text) is None


def test_find_total_reads_a_long_repeated_text() -> None:
    # Speed belongs in bench; here the contract: the first unit price and count still make the total.
    text = ("报价两千八一套，一共五十套，嗯 um 明天三点 " * 100)[:2000]
    assert find_total(text) == Money(140_000, None)
