"""Length-preserving text folding shared by every normalizer.

All finders report character offsets into the caller's original text, so folding must map each character to exactly
one character: full-width digits, letters and punctuation (common in Chinese IME and ASR output) become ASCII.
"""

from __future__ import annotations

import re

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
# The ideographic space and the full-width yen sign keep their meaning in one ASCII-width character.
_FULL_WIDTH.update({"\u3000": " ", "￥": "¥", "點": "点", "鐘": "钟", "兩": "两", "週": "周", "禮": "礼", "號": "号"})
# Financial numerals (壹佰) are read as the everyday ones.
_FULL_WIDTH.update(dict(zip("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿")))
# Chinese punctuation stays Chinese (it is already one character) but ASR sometimes mixes forms; '：' is a time colon.
_FULL_WIDTH["："] = ":"
_TABLE = str.maketrans(_FULL_WIDTH)


def fold(text: str) -> str:
    """Map full-width and traditional variants to the forms the patterns expect, one character for one."""
    folded = text.translate(_TABLE)
    assert len(folded) == len(text)
    return folded


# Clause boundaries: what separates one slot from the next in speech transcripts.
PUNCT = "，,。.!！?？;；、:\n\t"
CLAUSE_END_RE = re.compile(r"[，,。!！?？;；、\n]")
