"""Spoken and written numbers in Chinese, English and digits.

cn2an does the Chinese arithmetic and text2num the English; this module only finds where a number starts and ends in
free text and handles what those libraries leave out (scale suffixes on digits such as 50k / 3 grand, 一点五万, 个半).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an
from text_to_num import alpha2digit, text2num

from ._text import fold

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL = CN_DIGITS + "十"
CN_SCALES = "百千万亿"
_CN_DIGIT_VALUE = dict(zip("零〇一二两三四五六七八九", "001223456789", strict=True))

# A Chinese numeral never starts with a bare scale: 千万 (by all means), 万一 (in case) and 百 are words, not numbers.
_CN_RUN = rf"(?<![{CN_SCALES}])[{CN_NUMERAL}][{CN_NUMERAL}{CN_SCALES}]*(?:点[{CN_DIGITS}]+[{CN_SCALES}]*)?"
# Digits may carry thousands separators, a decimal part and Chinese scales with a tail (1.2万, 1万5, 3千5).
_DIGIT_RUN = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?"
    rf"(?:[{CN_SCALES}]+(?:\d+|[{CN_NUMERAL}]+)?)*"
)
_EN_SUFFIX = r"(?:\s?(?:k|K|grand|thousand|M|mn|mil|million|bn|billion)\b)"

EN_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety"
)
_EN_SCALE_WORDS = "hundred|thousand|million|billion|grand|dozen"
_EN_TOKEN = rf"(?:{EN_WORDS}|{_EN_SCALE_WORDS})"
# 'a hundred', 'one and a half', 'one point five': the glue words only count inside a run of number words.
_EN_RUN = (
    rf"(?:\b(?:an?)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"\b{_EN_TOKEN}(?:(?:\s+|-)(?:and\s+)?{_EN_TOKEN})*\b"
    rf"(?:\s+point(?:\s+(?:{EN_WORDS}))+\b(?:\s+(?:thousand|million|billion|grand)\b)?)?"
    rf"(?:\s+(?:and\s+a\s+half)\b)?"
    rf"(?:\s+dozen\b)?"
)

_NUMBER_RE = re.compile(
    rf"(?P<digits>(?<![\d.]){_DIGIT_RUN}{_EN_SUFFIX}?)"
    rf"|(?P<cn>{_CN_RUN})"
    rf"|(?P<en>{_EN_RUN})",
    re.IGNORECASE,
)

_SCALE_WORDS = {
    "k": 1e3,
    "grand": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}


# Longer runs are identifiers or recognition loops; capping them keeps free-text scanning linear.
_MAX_NUMERAL_CHARS = 24
_MAX_WORDS_CHARS = 100


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    value: float
    text: str
    scaled: bool  # carries a magnitude word (万, k, grand, million...): a strong hint of an amount, not a count


def cn_value(run: str) -> float | None:
    """Value of a Chinese (or mixed digit/Chinese) numeral run."""
    run = run.replace(",", "")
    if "点" in run:
        # cn2an reads 一点五 but not 一点五万: convert the decimal part first, then the scales apply to it.
        head, _, tail = run.partition("点")
        frac = tail.rstrip(CN_SCALES)
        scales = tail[len(frac) :]
        int_part = cn_value(head)
        if int_part is None or not frac:
            return None
        digits = "".join(_CN_DIGIT_VALUE[c] for c in frac)
        value = float(f"{int(int_part)}.{digits}")
        for scale in scales:
            value *= {"百": 100, "千": 1e3, "万": 1e4, "亿": 1e8}[scale]
        return value
    for mode in ("normal", "smart"):
        try:
            return float(cn2an.cn2an(run, mode))
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            continue
    return None


def en_value(words: str) -> float | None:
    """Value of a run of English number words, or None when text2num cannot read it as one number."""
    words = words.strip().lower().replace("-", " ")
    words = re.sub(r"\s+", " ", words)
    words = re.sub(r"^an? ", "one ", words)
    multiplier = 1.0
    if words.endswith(" dozen"):
        multiplier, words = 12.0, words[: -len(" dozen")]
    half = 0.0
    if words.endswith(" and a half"):
        half, words = 0.5, words[: -len(" and a half")]
    words = words.replace("grand", "thousand")
    if " point " in words:
        # 'two point five million': the scale applies to the whole decimal, which alpha2digit does not do.
        scale_word = re.search(r" (thousand|million|billion)$", words)
        if scale_word:
            multiplier *= _SCALE_WORDS[scale_word.group(1)]
            words = words[: scale_word.start()]
        # text2num has no decimals; alpha2digit does and writes them as one token.
        converted = alpha2digit(words, "en", threshold=0).strip()
        try:
            return float(converted) * multiplier
        except ValueError:
            return None
    try:
        return (text2num(words, "en") + half) * multiplier
    except ValueError:
        return None


def _digit_value(token: str) -> tuple[float | None, bool]:
    token = token.strip()
    match = re.match(rf"^(.*?){_EN_SUFFIX}$", token, re.IGNORECASE)
    scale = 1.0
    if match and match.group(1):
        suffix = token[len(match.group(1)) :].strip()
        scale = _SCALE_WORDS[suffix.lower() if suffix != "M" else "m"]
        token = match.group(1).strip()
    has_cn_scale = any(c in token for c in CN_SCALES)
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", token):
        value: float | None = float(token.replace(",", ""))
    else:
        value = cn_value(token)
    if value is None:
        return None, False
    return value * scale, scale != 1.0 or has_cn_scale


def _shrink(kind: str, text: str, start: int, end: int) -> tuple[int, float] | None:
    """Longest readable prefix of a run that its library rejects as a whole ('four thirty' -> 'four')."""
    while end > start:
        chunk = text[start:end]
        if kind == "en":
            value = en_value(chunk)
        elif kind == "cn":
            value = cn_value(chunk)
        else:
            value = _digit_value(chunk)[0]
        if value is not None:
            return end, value
        if kind == "en":
            cut = max(chunk.rstrip().rfind(" "), chunk.rstrip().rfind("-"))
            if cut <= 0:
                return None
            end = start + cut
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if text[start:end].lower().endswith(" and"):
                end -= 4
        else:
            end -= 1
    return None


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number in the text, in order, with offsets into the text as given."""
    folded = fold(text)
    found: list[NumberSpan] = []
    pos = 0
    while pos < len(folded):
        match = _NUMBER_RE.search(folded, pos)
        if match is None:
            break
        kind = match.lastgroup or "digits"
        start, end = match.start(), match.end()
        if kind == "en" and not _word_boundary(folded, start):
            pos = end
            continue
        if kind != "en" and end - start > _MAX_NUMERAL_CHARS:
            pos = end  # a serial number or an ASR loop, not a spoken amount
            continue
        if kind == "en" and end - start > _MAX_WORDS_CHARS:
            end = folded.rfind(" ", start, start + _MAX_WORDS_CHARS)
        shrunk = _shrink(kind, folded, start, end)
        if shrunk is None:
            pos = end
            continue
        end, value = shrunk
        chunk = folded[start:end]
        if kind == "digits":
            scaled = _digit_value(chunk)[1]
        elif kind == "cn":
            scaled = any(c in chunk for c in "千万亿")
        else:
            scaled = bool(re.search(r"thousand|million|billion|grand", chunk, re.IGNORECASE))
        found.append(NumberSpan(start, end, value, text[start:end], scaled))
        pos = end
    return found


def _word_boundary(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isascii() or not text[start - 1].isalpha()


_HALF_AFTER_RE = re.compile(r"^(?:个|年|天|小时|个小时|个钟头|钟头|个月|周|个星期)半")
_HALF_ALONE_RE = re.compile(r"(?:^|(?<=^一))半(?=$|个|小时|天|年|月|钟|打|场|价|\s)|^(?:a\s+)?half$", re.IGNORECASE)


def parse_number(span: str) -> float | None:
    """The first number in the span; 半 counts (0.5) only standing alone or as a quantity, not inside a word."""
    if not span or not span.strip():
        return None
    folded = fold(span).strip()
    numbers = find_numbers(folded)
    half = _HALF_ALONE_RE.search(folded)
    if numbers:
        first = numbers[0]
        if half and half.start() <= first.end:
            return 0.5
        tail = folded[first.end :]
        # 一个半 / 三年半: the 半 adds a half to the preceding quantity.
        if _HALF_AFTER_RE.match(tail) and not tail.startswith("点"):
            return first.value + 0.5
        return first.value
    if half:
        return 0.5
    return None


def small_int(token: str) -> int | None:
    """A whole number as used in dates and clock times ('十二', '12', '二十三', 'twenty'); None otherwise."""
    token = fold(token).strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    value = cn_value(token) if re.fullmatch(rf"[{CN_NUMERAL}廿]+", token) else en_value(token)
    if value is None or value != int(value):
        return None
    return int(value)


def ordinal_int(token: str) -> int | None:
    """'3rd', 'third', 'twenty-first', '21' -> int."""
    token = token.strip().lower()
    digits = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", token)
    if digits:
        return int(digits.group(1))
    converted = alpha2digit(token.replace("-", " "), "en", threshold=0).strip()
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", converted)
    return int(match.group(1)) if match else None
