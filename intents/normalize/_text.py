"""Length-preserving text folding shared by every normalizer.

All finders report character offsets into the caller's original text, so folding must map each character to exactly
one character: full-width digits, letters and punctuation (common in Chinese IME and ASR output) become ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Protocol, TypeVar

from opencc import OpenCC

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
# The ideographic space and the full-width yen sign have one-character ASCII forms; a few Traditional characters
# that Whisper sometimes writes get their Simplified form (the ASR stage converts the rest).
_FULL_WIDTH.update(
    {
        "\u3000": " ",
        "￥": "¥",
        "點": "点",
        "鐘": "钟",
        "兩": "两",
        "週": "周",
        "禮": "礼",
        "號": "号",
        "後": "后",
        "這": "这",
        "個": "个",
        "塊": "块",
        "時": "时",
    }
)
# Financial numerals (壹佰) are read as the everyday ones.
_FULL_WIDTH.update(dict(zip("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿", strict=True)))
# Chinese punctuation stays Chinese (it is already one character) but ASR sometimes mixes forms; '：' is a time colon.
_FULL_WIDTH["："] = ":"
_TABLE = str.maketrans(_FULL_WIDTH)


def fold(text: str) -> str:
    """Map full-width and traditional variants to the forms the patterns expect, one character for one."""
    return _DOT_TIME.sub(_colon, text.translate(_TABLE))


# "at 4.30", "明天下午4.30", "4.30pm": a dot between hour and minutes, where only a clock time fits; a price
# ("4.30 dollars", "1.25万") has no such word before it.
_NOT_PRICE = r"(?!\s?(?:dollars?|bucks|euros?|pounds?|quid|yuan|rmb|usd|eur|gbp)\b)"
_DOT_TIME = re.compile(
    r"((?:\b(?:at|around|by|until|till|from|to)\s|@|[上下中]午|早上|晚上|傍晚|凌晨|今晚|明晚|[天日一二三四五六到至]\s?)|^)"
    r"(\d{1,2})\.([0-5]\d)(?![\d%万千百亿块元])" + _NOT_PRICE +
    # The start of a range ("<h>.<mm> to <h>.<mm>") or a time with am/pm.
    r"|(?<![\d.])(\d{1,2})\.([0-5]\d)"
    r"(?=\s?(?:a\.?m|p\.?m)\b|\s?(?:to|-|–|到|至)\s?\d{1,2}(?:[.:][0-5]\d)?(?![\d.%万千百亿块元])" + _NOT_PRICE + ")",
    re.IGNORECASE,
)


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified Chinese for the cues and names to read (a no-op on text without CJK)."""
    return _t2s().convert(text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _colon(match: re.Match[str]) -> str:
    head, dot, tail = match.group(0).rpartition(".")
    return f"{head}:{tail}"


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


def leftmost_longest(candidates: Iterable[SpanT]) -> list[SpanT]:
    """Non-overlapping matches, earliest first and, at one start, the longest: "后天早上八点" beats "后天"."""
    chosen: list[SpanT] = []
    for tok in sorted(candidates, key=lambda t: (t.start, -(t.end - t.start))):
        if chosen and tok.start < chosen[-1].end:
            continue
        chosen.append(tok)
    return chosen
