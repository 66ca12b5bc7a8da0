"""Spoken self-corrections: '明天，不对，后天' means 后天 (DESIGN: self-corrections win).

The correction after the marker is classified (date, time, amount, number, or plain words); the last expression of
the same kind before the marker is replaced by it, and the marker is dropped, so the rest of the sentence stays:
'周五上午九点交材料，不对，十点' -> '周五上午十点交材料'. Text without a marker is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import fold
from .dates import DateTok
from .datetimes import clusters, tokens
from .money import find_money
from .numbers import find_numbers
from .times import CN_PERIOD, PeriodTok, RangeTok, TimeTok

_DELIM = r"[\s,，。.;；、!！?？…]"
# Strong markers are corrections wherever they stand; weak ones only between pauses ('，不是，'), because
# '不是很满意' / 'actually liked it' / 'no budget' are ordinary speech.
# 呃不对 is a hesitation before 不对, not 呃不 followed by a stray 对.
_STRONG_CN = (
    r"(?:[哦噢喔啊呃嗯]\s?)?不对|[哦噢喔啊呃]不(?![对是用要会能太好行错过少多])|不不|说错了|我说错了|搞错了|口误|改成|改为|改到|应该是|"
    r"我是说|我的意思是|更正一下|更正|纠正一下|重说"
)
_WEAK_CN = r"(?:[哦噢喔啊呃嗯]\s?)?不是|错了|算了"
_STRONG_EN = (
    # 'I mean it.' is emphasis, not a correction.
    r"no\s+wait|scratch\s+that|i\s+meant?(?!\s+(?:it|that|this|business)\s*(?:[.,!?;]|$))|make\s+that|make\s+it|"
    r"correction|or\s+rather|let\s+me\s+rephrase|"
    r"sorry\s+i\s+mean|wait\s+no"
)
_WEAK_EN = r"actually|sorry|wait|rather|no|oops|nope"
_FILLER_CN = r"是|就是|就|改成|改为|嗯|呃|啊"
_FILLER_EN = r"it's|it\s+is|that's|at|on|to|by|is|um+|uh+|let's\s+(?:do|say|make\s+it|go\s+with)|how\s+about"

_MARKER_RE = re.compile(
    rf"(?P<pre>{_DELIM}*)"
    rf"(?P<marker>(?:{_STRONG_CN})|(?:{_WEAK_CN})|\b(?:{_STRONG_EN})\b|\b(?:{_WEAK_EN})\b)"
    rf"(?P<more>(?:{_DELIM}*(?:(?:{_STRONG_CN})|\b(?:{_STRONG_EN}|{_WEAK_EN})\b))*)"
    rf"(?P<post>(?:{_DELIM}*(?:{_FILLER_CN}|\b(?:{_FILLER_EN})\b))*{_DELIM}*)",
    re.IGNORECASE,
)
_STRONG_RE = re.compile(rf"^(?:{_STRONG_CN}|{_STRONG_EN})$", re.IGNORECASE)
_LOOSE_STRONG_RE = re.compile(r"^make\s+(?:it|that)$", re.IGNORECASE)
_PUNCT_RE = re.compile(r"[,，。.;；、!！?？…]")
# Whisper writes a pause in Chinese as a space: between Chinese words it ends a clause like a comma.
_CJK_PAUSE = r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
_CLAUSE_BREAK = re.compile(rf"[,，。.;；、!！?？…\n]|{_CJK_PAUSE}")
_PERIOD_PREFIX = re.compile(rf"(?:{CN_PERIOD})\s?")


@dataclass(frozen=True)
class _Expr:
    start: int
    end: int
    kind: str  # 'datetime' | 'date' | 'time' | 'money' | 'number'
    period: bool = False  # a date said with its part of day ('周六下午')


def _parts(cluster: list) -> dict[str, tuple[int, int]]:
    parts: dict[str, tuple[int, int]] = {}
    for tok in cluster:
        if isinstance(tok, DateTok):
            parts["date"] = (tok.start, tok.end)
        elif isinstance(tok, (TimeTok, RangeTok)):
            parts["time"] = (tok.start, tok.end)
        elif isinstance(tok, PeriodTok) and "date" in parts and "time" not in parts:
            parts["date+period"] = (parts["date"][0], tok.end)
    return parts


def _leading_expr(text: str) -> _Expr | None:
    """The slot-like expression at the very start of `text` (the correction)."""
    folded = fold(text)
    for cluster in clusters(folded, tokens(folded)):
        if cluster[0].start != 0:
            break
        parts = _parts(cluster)
        if parts:
            kind = "datetime" if "date" in parts and "time" in parts else ("date" if "date" in parts else "time")
            return _Expr(0, cluster[-1].end, kind, "date+period" in parts)
    money = [m for m in find_money(folded) if m[0] == 0 and m[2].currency]
    if money:
        return _Expr(0, money[0][1], "money")
    numbers = [n for n in find_numbers(folded) if n.start == 0]
    if numbers:
        return _Expr(0, numbers[0].end, "number")
    return None


def _last_expr(text: str, kind: str, period: bool = False) -> _Expr | None:
    """The last expression of a compatible kind in `text` (what is being corrected)."""
    folded = fold(text)
    if kind in ("datetime", "date", "time"):
        best: _Expr | None = None
        for cluster in clusters(folded, tokens(folded)):
            parts = _parts(cluster)
            if kind == "datetime" and parts:
                best = _Expr(cluster[0].start, cluster[-1].end, kind)
            elif kind == "date" and period and "date+period" in parts:
                best = _Expr(*parts["date+period"], kind)  # '周五下午' is corrected by '周六下午' as a whole
            elif kind in parts:
                best = _Expr(*parts[kind], kind)
        return best
    if kind == "money":
        money = find_money(folded)
        if money:
            return _Expr(money[-1][0], money[-1][1], kind)
    numbers = find_numbers(folded)
    if numbers:
        # '三十万' is corrected by '三十五万' as a whole; a trailing currency word stays where it was.
        return _Expr(numbers[-1].start, numbers[-1].end, "number")
    return None


def _unit_count(text: str) -> int:
    """Length in words for English, characters for Chinese: how much of the clause a correction replaces."""
    return len(text.split()) if text.isascii() else len(text)


def _tail_start(clause: str, units: int) -> int:
    if clause.isascii():
        words = list(re.finditer(r"\S+", clause))
        return words[-units].start() if units < len(words) else 0
    return max(0, len(clause) - units)


_HESITATION = re.compile(rf"(?:{_DELIM}|\b(?:um+|uh+|er+|erm)\b|[嗯呃啊])*", re.IGNORECASE)
_VALUE_TAIL_CN = 4  # '后天下午吧', '四个人': a unit or a particle may follow the corrected value, not a new clause
_VALUE_TAIL_EN = 2
_NAME_EN = re.compile(r"(?:[A-Z][\w'.&-]*)(?:\s+[A-Z][\w'.&-]*){0,2}")
_NAME_CN = re.compile(r"[\u4e00-\u9fff]{2,4}")
_NOT_NAME_CN = re.compile(r"[了着过是要会在把被给让对说去来想做吧呢吗啊的很也都就还]")


def _value_only(rest: str) -> bool:
    """Whether what follows a corrected value up to the clause's end is only its unit or a particle."""
    if re.match(r"\s+[\u4e00-\u9fff]", rest):
        return True  # a pause right after the value: what follows is a clause of its own
    clause_end = _CLAUSE_BREAK.search(rest)
    tail = (rest[: clause_end.start()] if clause_end else rest).strip()
    return (len(tail.split()) <= _VALUE_TAIL_EN) if tail.isascii() else len(tail) <= _VALUE_TAIL_CN


def _restates(clause: str) -> bool:
    """A clause short enough that the words after the marker say it again ('给张经理，不对，给李经理打电话')."""
    return len(clause.split()) <= 3 if clause.isascii() else len(clause) <= 6


def _name_like(words: str) -> bool:
    """A person's or company's name ('Mary Chen', '李四'): the only plain words a correction may replace."""
    if words.isascii():
        return bool(_NAME_EN.fullmatch(words))
    return bool(_NAME_CN.fullmatch(words)) and not _NOT_NAME_CN.search(words)


def _apply_one(text: str) -> str | None:
    for m in _MARKER_RE.finditer(text):
        marker = m["marker"]
        before_end = m.start()
        after_start = m.end()
        delimited_before = (bool(_PUNCT_RE.search(m["pre"])) or m.start() == 0
                            or bool(m["pre"].strip() == "" and m["pre"]
                                    and re.search(_CJK_PAUSE, text[m.start() - 1:m.end()])))
        strong = bool(_STRONG_RE.match(re.sub(r"\s+", " ", marker.strip()))) or bool(
            re.search(rf"(?:{_STRONG_CN})|\b(?:{_STRONG_EN})\b", m["more"], re.IGNORECASE)
        )
        if not strong and not (delimited_before and (m["post"] or after_start == len(text))):
            continue
        if re.fullmatch(r"[A-Za-z ]+", marker) and not strong and not _PUNCT_RE.search(m["pre"]):
            continue
        before, after = text[:before_end], text[after_start:]
        if not before.strip() or not after.strip():
            continue
        correction = _leading_expr(after)
        if correction is not None:
            target = _last_expr(before, correction.kind, correction.period)
            if target is None and correction.kind == "money":
                target = _last_expr(before, "number")
            if target is None and correction.kind == "number":
                target = _last_expr(before, "number")
            if target is None:
                continue
            if not delimited_before and before[target.end :].strip():
                continue  # without a pause the corrected expression must be right before the marker
            said_period = _PERIOD_PREFIX.match(before, target.start, target.end)
            if correction.kind == "time" and said_period and not _PERIOD_PREFIX.match(after):
                # '下午三点，不对，四点' corrects the hour; the part of day still holds.
                target = _Expr(said_period.end(), target.end, target.kind)
            interlude, rest = before[target.end :], after[correction.end :]
            if _HESITATION.fullmatch(interlude):
                interlude = ""  # 'tomorrow, um, actually Thursday': the hesitation goes with the corrected value
            elif interlude.strip() and rest.startswith(interlude):
                interlude = ""  # '三个人，不对，四个人去': the correction restates what followed the corrected part
            elif not _value_only(rest) and not _HESITATION.fullmatch(interlude):
                # '…，我的意思是明年要扩大合作' says something new; it corrects no value. A correction said right
                # after the value ('for tomorrow, um, actually Thursday at 9 with…') goes on with the sentence.
                continue
            return before[: target.start] + after[: correction.end] + interlude + rest
        if not delimited_before:
            continue
        # Plain words after a marker replace words only after a pause ('John, sorry, Mary') or an unambiguous
        # marker ('，不对，李四'): 'no rush', 'sorry to bother you', 'actually the demo went fine', 'make it happen'
        # are ordinary speech.
        paused_after = bool(_PUNCT_RE.search(m["post"]))
        if not paused_after and (not strong or _LOOSE_STRONG_RE.match(marker.strip())):
            continue
        clause_end = _CLAUSE_BREAK.search(after)
        words = after[: clause_end.start()] if clause_end else after
        rest = after[len(words) :]
        words = words.strip()
        if not words:
            continue
        breaks = list(_CLAUSE_BREAK.finditer(before))
        clause_start = breaks[-1].end() if breaks else 0
        clause = before[clause_start:]
        lead = len(clause) - len(clause.lstrip())
        clause = clause.strip()
        if not (_name_like(words) or _restates(clause)):
            continue  # a name, or a short clause said again; a new sentence after 'actually' corrects nothing
        cut = clause_start + lead + _tail_start(clause, _unit_count(words))
        return before[:cut] + words + rest
    return None


def apply_corrections(text: str) -> str:
    """Replace each corrected expression by its correction; leave text without a correction marker untouched."""
    if not text:
        return text
    for _ in range(8):
        corrected = _apply_one(text)
        if corrected is None or corrected == text:
            return text
        text = corrected
    return text
