"""Length-preserving text folding shared by every normalizer.

All finders report character offsets into the caller's original text, so folding must map each character to exactly
one character: full-width digits, letters and punctuation (common in Chinese IME and ASR output) become ASCII.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

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
    return text.translate(_TABLE)


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


def leftmost_longest(candidates: Iterable[SpanT]) -> list[SpanT]:
    """Non-overlapping matches, earliest first and, at one start, the longest: "明天上午十点" beats "明天"."""
    chosen: list[SpanT] = []
    for tok in sorted(candidates, key=lambda t: (t.start, -(t.end - t.start))):
        if chosen and tok.start < chosen[-1].end:
            continue
        chosen.append(tok)
    return chosen
