"""Turning a transcript plus the LLM's spans into one intent's fields, following DESIGN.md's conventions.

Dates, times, amounts, currencies, priority and category come from the deterministic normalizers reading the
(self-corrected) transcript; names come from the LLM, but only when they really occur in the transcript, so a
translated or invented name never reaches a record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .normalize import Found, default_currency, find_datetimes, find_money, resolve_duration
from .rules import category_of, priority_of

_SELF = re.compile(r"^(我|我自己|自己|本人|me|myself|i|the speaker|speaker)$", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^(嗯+|啊+|呃+|那个|就是|然后|um+|uh+|so|okay|ok)[,，、\s]*", re.IGNORECASE)
_TRIGGER = re.compile(
    r"^(帮我|请|麻烦)?(记录一下|记录|记一下|记个|建个|建一个|创建一个|新建一个|添加一个|加一个|提醒我|提醒一下我|"
    r"create a task( for \w+)?( to)?|add a task( to)?|remind me( to)?|note that|make a note( that)?|"
    r"log a visit( with)?|schedule a meeting( with)?)[:：,，\s]*",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
_NEXT_STEP = re.compile(r"下次|下周|之前|以前|尽快|回头|再约|跟进|安排|准备|发给|发送|寄|报价|合同|约|"
                        r"follow up|next|send|schedule|prepare|share|by \w+", re.IGNORECASE)
_CLIENT_SUFFIX = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,10}?(科技|公司|集团|银行|医院|学校|大学|工厂|实业|股份|电子|"
                            r"网络|软件|物流|贸易|地产|汽车|制药|传媒)")


@dataclass
class Context:
    text: str
    lang: str
    now: datetime
    spans: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def today(self) -> str:
        return self.now.strftime("%Y-%m-%d")


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).lower()


def _grounded(ctx: Context, value: Any) -> str | None:
    """The span if the transcript really contains it (a model that translates or invents is ignored)."""
    if not isinstance(value, str):
        return None
    value = value.strip().strip("\"'“”「」")
    if not value or _SELF.match(value):
        return None
    return value if _squash(value) in _squash(ctx.text) else None


def _grounded_list(ctx: Context, values: Any) -> list[str]:
    out: list[str] = []
    for value in values or []:
        grounded = _grounded(ctx, value)
        if grounded and grounded not in out:
            out.append(grounded)
    return out


def _clean_text(text: str) -> str:
    text = _LEADING_FILLER.sub("", text.strip())
    stripped = _TRIGGER.sub("", text, count=1).strip()
    return (stripped or text).rstrip("。.!！ ")


def _date_part(found: Found) -> str:
    return found.value[:10]


def _datetimes(ctx: Context, default_time: tuple[int, int] | None = None) -> list[Found]:
    return [f for f in find_datetimes(ctx.text, ctx.now, default_time=default_time) if f.kind != "time"]


def _future(ctx: Context, found: list[Found]) -> list[Found]:
    return [f for f in found if _date_part(f) > ctx.today]


def _past_or_today(ctx: Context, found: list[Found]) -> list[Found]:
    return [f for f in found if _date_part(f) <= ctx.today]


def _money(ctx: Context) -> tuple[float | None, str | None]:
    found = find_money(ctx.text)
    if not found:
        return None, None
    money = found[0][2]
    return money.amount, money.currency or default_currency(ctx.lang)


def visit_note(ctx: Context) -> dict[str, Any]:
    dates = _datetimes(ctx)
    past, future = _past_or_today(ctx, dates), _future(ctx, dates)
    client = _grounded(ctx, ctx.spans.get("client"))
    if client is None and (match := _CLIENT_SUFFIX.search(ctx.text)):
        client = match.group(0)
    deal_value, currency = _money(ctx)
    clauses = [c.strip() for c in _CLAUSE.findall(ctx.text) if c.strip()]
    if client is None:
        ctx.warnings.append("client not recognised")
    return {
        "client": client or "",
        "contacts": _grounded_list(ctx, ctx.spans.get("contacts")),
        "visited_on": _date_part(past[0]) if past else ctx.today,
        "summary": _clean_text(ctx.text),
        "next_steps": [c for c in clauses[1:] if _NEXT_STEP.search(c)],
        "follow_up_on": _date_part(future[0]) if future else None,
        "deal_value": deal_value,
        "currency": currency,
    }


def task(ctx: Context) -> dict[str, Any]:
    dates = _datetimes(ctx)
    upcoming = [f for f in dates if _date_part(f) >= ctx.today]
    due = None
    if upcoming:
        first = upcoming[0]
        due = first.value if first.kind == "datetime" and _has_clock(first) else _date_part(first)
    return {
        "title": _clean_text(ctx.text),
        "assignee": _grounded(ctx, ctx.spans.get("assignee")),
        "due": due,
        "priority": priority_of(ctx.text),
    }


def _has_clock(found: Found) -> bool:
    """A due time is kept only when a clock time was spoken; 'by Friday' is a plain date."""
    return len(found.value) > 10 and found.kind == "datetime"


def reminder(ctx: Context) -> dict[str, Any] | None:
    dates = _datetimes(ctx, default_time=(9, 0))
    if not dates:
        return None
    return {"text": _clean_text(ctx.text), "remind_at": dates[0].value}


def meeting(ctx: Context) -> dict[str, Any] | None:
    dates = _datetimes(ctx, default_time=(9, 0))
    if not dates:
        return None
    return {
        "title": _clean_text(ctx.text),
        "starts_at": dates[0].value,
        "duration_min": resolve_duration(ctx.text),
        "attendees": _grounded_list(ctx, ctx.spans.get("attendees")),
        "location": _grounded(ctx, ctx.spans.get("location")),
    }


def expense(ctx: Context) -> dict[str, Any] | None:
    amount, currency = _money(ctx)
    if amount is None:
        return None
    past = _past_or_today(ctx, _datetimes(ctx))
    return {
        "amount": amount,
        "currency": currency,
        "category": category_of(ctx.text) or ctx.spans.get("category") or "other",
        "merchant": _grounded(ctx, ctx.spans.get("merchant")),
        "spent_on": _date_part(past[0]) if past else ctx.today,
    }


def note(ctx: Context) -> dict[str, Any]:
    return {"text": _clean_text(ctx.text) or ctx.text.strip()}


BUILDERS: dict[str, Callable[[Context], dict[str, Any] | None]] = {
    "visit_note": visit_note,
    "task": task,
    "reminder": reminder,
    "meeting": meeting,
    "expense": expense,
    "note": note,
}
