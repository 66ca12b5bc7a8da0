"""Amounts of money and their currencies.

A number is money when a currency is said next to it (三千五百块, $42, 200欧元, 15k USD), when a money word stands
just before or after it (花了, 预算, 报价, spent, budget...), or when it carries a scale (30万, 50k, fifteen thousand)
and nothing marks it as a count, a time, a date or a percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import fold
from .dates import scan_dates
from .durations import scan_durations
from .numbers import NumberSpan, find_numbers
from .times import scan_ranges, scan_times


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str | None  # ISO 4217 when said, else None


# Longest first, so 美元 is not read as 元 and US dollars not as dollars.
_SUFFIX_CURRENCIES: list[tuple[str, str]] = [
    ("新加坡元", "SGD"), ("人民币", "CNY"), ("块钱", "CNY"), ("美元", "USD"), ("美金", "USD"), ("美刀", "USD"),
    ("欧元", "EUR"), ("日元", "JPY"), ("日币", "JPY"), ("英镑", "GBP"), ("港币", "HKD"), ("港元", "HKD"),
    ("韩元", "KRW"), ("澳元", "AUD"), ("澳币", "AUD"), ("加元", "CAD"), ("加币", "CAD"), ("新币", "SGD"),
    ("台币", "TWD"), ("卢布", "RUB"), ("瑞郎", "CHF"), ("块", "CNY"), ("元", "CNY"), ("圆", "CNY"), ("刀", "USD"),
    ("円", "JPY"),
]  # fmt: skip
_EN_SUFFIX_CURRENCIES: list[tuple[str, str]] = [
    (r"us\s+dollars?", "USD"), (r"hong\s+kong\s+dollars?", "HKD"), (r"canadian\s+dollars?", "CAD"),
    (r"australian\s+dollars?", "AUD"), (r"singapore\s+dollars?", "SGD"), (r"dollars?", "USD"), (r"bucks", "USD"),
    (r"usd", "USD"), (r"euros?", "EUR"), (r"eur", "EUR"), (r"yen", "JPY"), (r"jpy", "JPY"), (r"yuan", "CNY"),
    (r"rmb", "CNY"), (r"cny", "CNY"), (r"renminbi", "CNY"), (r"kuai", "CNY"), (r"pounds?(?:\s+sterling)?", "GBP"),
    (r"quid", "GBP"), (r"gbp", "GBP"), (r"hkd", "HKD"), (r"cad", "CAD"), (r"aud", "AUD"), (r"sgd", "SGD"),
    (r"chf", "CHF"), (r"krw", "KRW"), (r"won", "KRW"),
]  # fmt: skip
_PREFIX_CURRENCIES: list[tuple[str, str]] = [
    (r"US\$", "USD"), (r"HK\$", "HKD"), (r"S\$", "SGD"), (r"C\$", "CAD"), (r"A\$", "AUD"), (r"\$", "USD"),
    (r"€", "EUR"), (r"£", "GBP"), (r"¥", "CNY"), (r"人民币", "CNY"), (r"美金", "USD"), (r"美元", "USD"),
    (r"欧元", "EUR"), (r"日元", "JPY"), (r"RMB", "CNY"), (r"CNY", "CNY"), (r"USD", "USD"), (r"EUR", "EUR"),
    (r"JPY", "JPY"), (r"GBP", "GBP"), (r"HKD", "HKD"),
]  # fmt: skip

_SUFFIX_RE = re.compile(
    r"^\s?(?:(?P<cn>" + "|".join(re.escape(w) for w, _ in _SUFFIX_CURRENCIES) + r")"
    r"|(?P<en>\b(?:" + "|".join(f"(?:{w})" for w, _ in _EN_SUFFIX_CURRENCIES) + r")\b))",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(r"(?:" + "|".join(f"(?:{w})" for w, _ in _PREFIX_CURRENCIES) + r")\s?$", re.IGNORECASE)
# 三块五 / 五块五毛: after 块 a single digit is dimes.
_DIMES_RE = re.compile(r"^([一二两三四五六七八九\d])(?:毛|角)?(?![\d一二两三四五六七八九十百千万个人位])")
_MAO_RE = re.compile(r"^([一二两三四五六七八九\d])(?:毛|角)")

_CENT_CURRENCIES = {"USD", "EUR", "GBP", "CAD", "AUD", "HKD", "SGD"}
_EN_UNITS_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    "eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_CENTS_RE = re.compile(
    rf"\s+(?:and\s+)?(?P<n>\d{{1,2}}(?![\d.,])|(?:{_EN_UNITS_WORDS})(?:[\s-](?:{_EN_UNITS_WORDS}))?)\b"
    r"(?P<c>\s+cents?\b)?",
    re.IGNORECASE,
)

_MONEY_CONTEXT_BEFORE = re.compile(
    r"(?:花了|花费|花|预算|报价|合同金额|金额|总金额|合同额|合同价|价格|总价|单价|售价|费用|成本|付了|付款|支付|收了|收款|"
    r"报销|订单|订单金额|货款|尾款|定金|首付|价值|标的|营收|销售额|赚了|亏了|值|"
    r"spent|spend|spending|budget(?:ed)?|quote[ds]?|quoting|costs?|costing|paid|pay|paying|price[ds]?|deal|worth|"
    r"valued|value|contract|invoice[ds]?|charged?|total(?:led)?|revenue|fee|for\s+a\s+total\s+of)"
    r"(?:\s|是|为|了|在|有|大概|大约|约|差不多|将近|接近|不到|超过|左右|一共|总共|共|:|：|of|is|was|were|will\s+be|around|about|"
    r"roughly|approximately|approx\.?|~|at|by|up\s+to|over|under|nearly|almost|only|just|a\s+total\s+of|"
    r"be|me|us|him|her|them)*$",
    re.IGNORECASE,
)
_MONEY_CONTEXT_AFTER = re.compile(
    r"^\s?(?:左右)?的?(?:预算|报价|单子|合同|订单|项目|生意|budget|deal|contract|quote)", re.IGNORECASE
)

# What makes a number a count, a measure, a rank or a date rather than money.
_NOT_MONEY_AFTER = re.compile(
    # 两晚 / 三夜: nights of a stay (but 三千五晚上 is an amount said before 'this evening')
    r"^\s?(?:晚(?!上|饭|餐|宴|会|点)|夜(?!里|间|宵)|宿|个|位|人|名|次|座|台|件|张|家|天|日|号|月|年|周|岁|点|分|秒|小时|钟|%|％|倍|米|公里|里|斤|公斤|克|吨|楼|层|页|条|"
    r"本|箱|瓶|杯|份|辆|间|套|款|只|种|项|批|所|期|届|级|度|折|成|遍|趟|声|句|行|栋|部|门|节|课|轮|场|码|寸|升|户|支|台|"
    r"\b(?:people|persons?|seats?|guests?|attendees|participants|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|"
    r"months?|years?|times|percent|pm|am|a\.m\.|p\.m\.|o'?clock|items?|units?|pieces?|pcs|rooms?|tickets?|floors?|"
    r"pages?|calls?|visits?|meetings?|users?|licen[cs]es?|employees|staff|boxes|bottles|kg|km|miles?|meters?|"
    r"st|nd|rd|th|slides?|stores?|sites?|nights?)\b)",
    re.IGNORECASE,
)
_NOT_MONEY_BEFORE = re.compile(
    r"(?:第|#|No\.\s?|\broom\s|\bline\s|\bnumber\s|\bversion\s|\bv|百分之|\bTop\s?)$", re.IGNORECASE
)


# 一共 / 一起 / 一下 / 一些 are words that start with 一, not the number one.
_YI_WORD_AFTER = "共起下些直定样般切旦致同边"


def _yi_word(number: NumberSpan, folded: str) -> bool:
    return number.text == "一" and folded[number.end : number.end + 1] in _YI_WORD_AFTER and number.end < len(folded)


def default_currency(lang: str) -> str:
    """DESIGN: CNY for Chinese speech, USD for English, unless a currency is said."""
    return "CNY" if (lang or "").lower().startswith("zh") else "USD"


def _currency_code(table: list[tuple[str, str]], word: str, regex: bool) -> str | None:
    for pattern, code in table:
        if re.fullmatch(pattern, word, re.IGNORECASE) if regex else word == pattern:
            return code
    return None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    money: Money
    has_currency: bool
    context: bool
    number: NumberSpan


def _candidates(folded: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    taken = 0  # end of the previous amount: its currency word is not also a prefix of the next number
    for number in find_numbers(folded):
        if number.start < taken:
            continue  # the dimes of 三块五 belong to the amount before
        start, end, amount = number.start, number.end, number.value
        currency: str | None = None
        after = folded[end:]
        suffix = _SUFFIX_RE.match(after)
        if suffix:
            word = suffix.group(0).strip()
            if suffix["cn"]:
                currency = _currency_code(_SUFFIX_CURRENCIES, word, regex=False)
            else:
                currency = _currency_code(_EN_SUFFIX_CURRENCIES, word, regex=True)
            end += suffix.end()
            if currency in _CENT_CURRENCIES and suffix["en"] and number.value == int(number.value):
                # 'sixty-two dollars forty' / '62 dollars and 40 cents': the number after is cents.
                cents = _CENTS_RE.match(folded, end)
                if cents:
                    value = find_numbers(cents["n"])
                    tail = folded[cents.end() :]
                    if (
                        value
                        and value[0].text == cents["n"]
                        and 1 <= value[0].value <= 99
                        and value[0].value == int(value[0].value)
                        and (cents["c"] or not _NOT_MONEY_AFTER.match(tail))
                    ):
                        amount += value[0].value / 100
                        end = cents.end()
            if suffix["cn"] in ("块", "元", "块钱"):
                tail = folded[end:]
                mao = _MAO_RE.match(tail) or _DIMES_RE.match(tail)
                if mao and number.value == int(number.value):
                    amount += float(find_numbers(mao.group(1))[0].value) / 10
                    end += mao.end()
        prefix = _PREFIX_RE.search(folded[max(taken, start - 6) : start])
        if currency is None and prefix:
            word = prefix.group(0).strip()
            currency = _currency_code(_PREFIX_CURRENCIES, word, regex=True)
            start -= len(prefix.group(0))
        before = folded[max(0, start - 30) : start]
        context = bool(_MONEY_CONTEXT_BEFORE.search(before) or _MONEY_CONTEXT_AFTER.match(folded[end:]))
        out.append(_Candidate(start, end, Money(amount, currency), currency is not None, context, number))
        taken = end
    return out


def _occupied(folded: str) -> list[tuple[int, int]]:
    """Characters that belong to dates, clock times and lengths of time."""
    spans = [(t.start, t.end) for t in scan_dates(folded)]
    spans += [(t.start, t.end) for t in scan_times(folded)]
    spans += [(t.start, t.end) for t in scan_ranges(folded)]
    spans += [(t.start, t.end) for t in scan_durations(folded)]
    return spans


def _is_money(candidate: _Candidate, folded: str, occupied: list[tuple[int, int]]) -> bool:
    if candidate.has_currency:
        return True
    number = candidate.number
    if any(s < number.end and number.start < e for s, e in occupied):
        return False
    if _yi_word(number, folded):
        return False
    if _NOT_MONEY_AFTER.match(folded[number.end :]) or _NOT_MONEY_BEFORE.search(
        folded[max(0, number.start - 12) : number.start]
    ):
        return False
    if re.fullmatch(r"1[3-9]\d{9}", number.text.strip()):
        return False  # a mobile phone number
    if candidate.context:
        return True
    if re.fullmatch(r"(?:19|20)\d\d", number.text.strip()):
        return False  # a year
    return number.scaled or bool(re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number.text.strip()))


def find_money(text: str) -> list[tuple[int, int, Money]]:
    """All amounts of money in free text with their (start, end) offsets, in order."""
    if not text:
        return []
    folded = fold(text)
    occupied = _occupied(folded)
    return [(c.start, c.end, c.money) for c in _candidates(folded) if _is_money(c, folded, occupied)]


def parse_money(span: str) -> Money | None:
    """The first amount in a span known to be about money; its currency when said, else None."""
    if not span or not span.strip():
        return None
    folded = fold(span)
    candidates = _candidates(folded)
    with_currency = [c for c in candidates if c.has_currency]
    if with_currency:
        return with_currency[0].money
    occupied = _occupied(folded)
    for candidate in candidates:
        if _is_money(candidate, folded, occupied) or (
            not _NOT_MONEY_AFTER.match(folded[candidate.number.end :])
            and not _yi_word(candidate.number, folded)
            and not any(s < candidate.number.end and candidate.number.start < e for s, e in occupied)
        ):
            return candidate.money
    return None


# --- unit price x quantity ----------------------------------------------------------------------------------------
# DESIGN asks deal_value "as a total": '报价两千八一套，一共五十套' is 140000, so the pieces are matched here.
_CN_COUNTERS = (
    "台|个|件|套|张|份|位|人|名|间|晚|夜|天|次|箱|瓶|辆|部|只|本|支|把|盒|袋|桌|架|座|项|批|单|年|月|小时|家|条|双|副|"
    "吨|斤|公斤|米|平米|平方米|颗|片|根|头|账号|坐席|席|户|节|课|场"
)
# '两千八一套' / '2800元每套' / '2800/套' after the price; '每套两千八' / '一套两千八' / '单价' before it.
_CN_PER_AFTER = re.compile(rf"\s?(?:[一每]|/)\s?(?:个)?(?P<u>{_CN_COUNTERS})(?![\d一二两三四五六七八九十百千万])")
_CN_PER_BEFORE = re.compile(
    rf"(?:(?:[每一])(?P<u>{_CN_COUNTERS})|单价)\s?(?:的)?(?:价格|报价|单价)?\s?(?:是|为|要|报|报价|大概|约)?\s?$"
)
_EN_PER_AFTER = re.compile(
    r"\s*(?:(?:per|a|an|each|every|/)\s*(?P<u>[a-z]+)\b|(?P<each>each|apiece|a\s+piece)\b)", re.IGNORECASE
)
_EN_NOT_UNIT = {"month", "year", "week", "day", "hour", "total", "lot", "piece"}
_TOTAL_WINDOW = 60  # the quantity is said close to the price, in the same or the next clause


def _cn_quantity_re(unit: str | None) -> re.Pattern[str]:
    return re.compile(rf"^\s?(?:个)?(?:{re.escape(unit) if unit else _CN_COUNTERS})")


def _en_quantity_re(unit: str | None) -> re.Pattern[str]:
    if unit:  # 'seat' -> 'seats', 'license' -> 'licenses'
        stem = re.escape(unit.lower().rstrip("s"))
        return re.compile(rf"^\s+{stem}(?:s|es)?\b", re.IGNORECASE)
    return re.compile(r"^\s+(?!(?:dollars?|bucks|euros?|pounds?|yuan|rmb|usd|percent)\b)[a-z]{3,}s\b", re.IGNORECASE)


def find_total(text: str) -> Money | None:
    """Unit price x quantity said in the text ('两千八一套，一共五十套', '$40 per license for 150 licenses'), else None.

    The price is an amount (or a bare number) marked as per-unit; the quantity is the nearest other whole number
    counted in the same unit. The currency is the price's, None when not said.
    """
    if not text:
        return None
    folded = fold(text)
    numbers = find_numbers(folded)
    money = {m.number.start: m for m in _candidates(folded)}
    for number in numbers:
        candidate = money.get(number.start)
        price_start = candidate.start if candidate else number.start
        price_end = candidate.end if candidate else number.end
        price = candidate.money if candidate else Money(number.value, None)
        marker: tuple[int, int]  # the '一台' / 'per seat' words: their 一 is not the quantity
        quantity_re: re.Pattern[str]
        cn_after = _CN_PER_AFTER.match(folded, price_end)
        en_after = _EN_PER_AFTER.match(folded, price_end)
        cn_before = _CN_PER_BEFORE.search(folded, max(0, price_start - 12), price_start)
        if cn_after:
            marker, quantity_re = cn_after.span(), _cn_quantity_re(cn_after["u"])
        elif en_after and (en_after["each"] or en_after["u"].lower() not in _EN_NOT_UNIT):
            marker, quantity_re = en_after.span(), _en_quantity_re(en_after["u"])
        elif cn_before:
            marker, quantity_re = cn_before.span(), _cn_quantity_re(cn_before["u"])
        else:
            continue
        best: tuple[int, float] | None = None
        for other in numbers:
            if other.start == number.start or marker[0] <= other.start < marker[1]:
                continue
            distance = other.start - price_end if other.start >= price_end else price_start - other.end
            if distance > _TOTAL_WINDOW or other.value != int(other.value) or other.value < 2:
                continue
            if not quantity_re.match(folded[other.end :]):
                continue
            if best is None or distance < best[0]:
                best = (distance, other.value)
        if best is not None:
            return Money(price.amount * best[1], price.currency)
    return None
