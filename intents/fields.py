"""Turning a transcript plus the LLM's spans into one intent's fields, following DESIGN.md's conventions.

Dates, times, amounts, currencies, priority and category come from the deterministic normalizers reading the
(self-corrected) transcript; names come from the LLM, but only when they really occur in the transcript, so a
translated or invented name never reaches a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .free_text import action_text, meeting_title, visit_parts
from .names import (
    clean_organisation,
    find_assignee,
    find_location,
    find_merchant,
    find_organisation,
    find_people,
    find_teams,
    is_full_name,
    is_person,
    is_place,
)
from .normalize import Found, default_currency, find_datetimes, find_money, find_total, parse_money, resolve_duration
from .notices import client_unknown
from .rules import category_of, priority_of

_SELF = re.compile(r"^(我|我自己|自己|本人|me|myself|i|the speaker|speaker)$", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^(嗯+|啊+|呃+|那个|就是|然后|um+|uh+|so|okay|ok)[,，、\s]*", re.IGNORECASE)
_TRIGGER = re.compile(
    r"^(帮我|请|麻烦)?(记录一下|记录|记一下|记个|建个任务|建一个任务|建个|建一个|创建一个|新建一个|添加一个|加一个|提醒我|提醒一下我|"
    r"create a task( for \w+)?( to)?|add a task( to)?|remind me( to)?|note that|make a note( that)?|"
    r"log a visit( with)?|schedule a meeting( with)?)[:：,，\s]*",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
_TEAM_WORD = re.compile(r"(部|组|团队|小组|部门|中心)$"
                        r"|^(财务|行政|人事|法务|前台|助理|实习生|销售|技术|运维|客服|HR|IT)$")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_GENERIC_MERCHANT = re.compile(r"^(gas|fuel|taxi|cab|lunch|dinner|breakfast|coffee|hotel|parking|flight|train|"
                               r"打车|出租车|午饭|晚饭|早饭|咖啡|酒店|停车|机票|高铁|火车)$", re.IGNORECASE)
_TOTAL_MARKER = re.compile(r"一共|总共|合计|共计|花了|付了|总计|in total|total of|altogether", re.IGNORECASE)
_NOT_MERCHANT = re.compile(r"客户|client|customer|^.{0,2}(去|到|飞|回)|\bto\s*$", re.IGNORECASE)


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


_CLAUSE_EDGE = re.compile(r"[,，。.;；!！?？、\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_DONE = re.compile(r"了|过|刚|已经|\b(visited|met|went|saw|had|was|were|did|spoke|talked|called|stopped|came|got|took|"
                   r"paid|bought|spent|dropped|grabbed|showed|signed|closed|left)\b", re.IGNORECASE)
_AHEAD = re.compile(r"再|下次|还要|打算|准备|约好|\b(will|going to|gonna|plan|planning|again|next)\b", re.IGNORECASE)


def _clause_of(text: str, found: Found) -> str:
    starts = [m.end() for m in _CLAUSE_EDGE.finditer(text, 0, found.start)]
    end = _CLAUSE_EDGE.search(text, found.end)
    return text[starts[-1] if starts else 0: end.start() if end else len(text)]


def _as_said(ctx: Context, found: Found, *, done: bool | None = None) -> Found:
    """A bare weekday read by tense (DESIGN): the last such day for what was done, the next one for what is ahead.
    `done` forces the reading (an expense is always paid already); None reads the clause the weekday is in."""
    if done is None:
        clause = _clause_of(ctx.text, found)
        done = bool(_DONE.search(clause)) and not _AHEAD.search(clause)
    return replace(found, value=found.as_past(ctx.today)) if done else found


def _past_or_today(ctx: Context, found: list[Found]) -> list[Found]:
    return [f for f in found if _date_part(f) <= ctx.today]


def _money(ctx: Context, *, required: bool = False) -> tuple[float | None, str | None]:
    """The stated amount: one with a spoken currency first, else the largest (a total outweighs a unit price or
    a stray 一). When an amount is required (an expense), a bare number the speaker clearly meant as the price
    counts too (a number of nights, then the total)."""
    found = [money for _, _, money in find_money(ctx.text) if money.amount > 0]
    if not found and required:
        # The price usually follows its marker ("一共 <amount>") or closes the sentence.
        tail = _TOTAL_MARKER.split(ctx.text)[-1]
        for piece in (tail, *reversed(_CLAUSE.findall(ctx.text))):
            if (money := parse_money(piece)) is not None and money.amount > 0:
                found = [money]
                break
    if not found:
        return None, None
    with_currency = [m for m in found if m.currency]
    money = max(with_currency or found, key=lambda m: m.amount)
    return money.amount, money.currency or default_currency(ctx.lang)


def _named(who: str | None) -> str | None:
    """A named person or team, or None: "公司" or "新来的同事" name nobody (DESIGN: the named person)."""
    if not who:
        return None
    if re.match(r"[A-Za-z]", who) or is_person(who) or is_full_name(who) or _TEAM_WORD.search(who):
        return who
    people = find_people(who)
    return people[0] if people else None


def _around(text: str, span: str) -> str:
    at = text.find(span)
    return text[max(0, at - 3): at] + "|" + text[at + len(span): at + len(span) + 4] if at >= 0 else ""


# A role said before a name ("<部门><职务><姓名>", "GM <name>"): the name is the person.
_ROLE_BEFORE_ZH = re.compile(r"^(?:.*的|他们|她们|我们|对方)?(?:董事长|总经理|总监|经理|主任|主管|助理|秘书|"
                             r"负责人|投资人|工程师|厂长|校长|院长|部长|老板娘|老板|采购|财务|老师)+")
_ROLE_BEFORE_EN = re.compile(
    r"^(?:(?:the\s+)?(?:GM|CEO|CFO|CTO|COO|CMO|VP|MD|head of \w+|director of \w+)\s+)+(?=[A-Z])"
)
_JOINED = re.compile(r"\s*(?:和|与|跟|及|、|,|，|\band\b|&)\s*", re.IGNORECASE)


def _as_names(ctx: Context, found: str) -> list[str]:
    """One span as the people it names: names run together are split, a role before a name and a team before its
    member ("市场部的…") are dropped; a span holding a date names nobody."""
    if find_datetimes(found, ctx.now):
        return []
    if "的" in found and not _TEAM_WORD.search(found):
        # "星河资本的投资人…": who is named comes after the last 的; a thing ("…的方案") names nobody.
        tail = found.rsplit("的", 1)[1]
        role = _ROLE_BEFORE_ZH.match(tail)
        name = tail[role.end():] if role else tail
        return [name] if _looks_named(name) else []
    parts = [p for p in _JOINED.split(found) if p]
    if len(parts) > 1 and all(_looks_named(p) for p in parts):
        return [n for p in parts for n in _as_names(ctx, p)]
    if (_TEAM_WORD.search(found) and (member := _TEAM_MEMBER.match(ctx.text[ctx.text.find(found) + len(found):]))
            and is_full_name(member.group(1))):
        return [member.group(1)]
    if (role := _ROLE_BEFORE_ZH.match(found)) and is_full_name(rest := found[role.end():]):
        return [rest]
    return [_ROLE_BEFORE_EN.sub("", found)]


def _looks_named(part: str) -> bool:
    return is_full_name(part) or is_person(part) or bool(re.fullmatch(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}", part))


def _people(ctx: Context, spans: Any, exclude: tuple[str | None, ...] = ()) -> list[str]:
    """The LLM's names that occur in the text, plus titled Chinese names it missed."""
    names: list[str] = []
    for found in _grounded_list(ctx, spans):
        names += [n for n in _as_names(ctx, found) if n not in names]
    for person in find_people(ctx.text):
        if not any(person in n or n in person for n in names):
            names.append(person)
    return [n for n in names if n not in exclude]


def visit_note(ctx: Context) -> dict[str, Any]:
    dates = [_as_said(ctx, f) for f in _datetimes(ctx)]
    past = _past_or_today(ctx, dates)
    # A next step said for later today ("今天下午再打个电话") is ahead even though its date is today.
    future = [f for f in dates if (f not in past[:1]) and (_date_part(f) > ctx.today or (
        _date_part(f) == ctx.today and _AHEAD.search(_clause_of(ctx.text, f))))]
    client = _grounded(ctx, ctx.spans.get("client"))
    contacts = _people(ctx, ctx.spans.get("contacts"))
    if client and is_person(client):
        contacts = [client, *[c for c in contacts if c != client]]
        client = None
    client = clean_organisation(client) if client else find_organisation(ctx.text)
    # "<person> from <company>": the model sometimes swaps person and company.
    for contact in contacts:
        if client and re.search(rf"{re.escape(client)}\s+(from|at|of)\s+{re.escape(contact)}", ctx.text):
            contacts = [client if c == contact else c for c in contacts]
            client = contact
            break
    contacts = [c for c in contacts if c != client]
    deal_value, currency = _money(ctx)
    if (total := find_total(ctx.text)) is not None:  # a unit price and a count: the deal is the total
        deal_value, currency = total.amount, total.currency or currency or default_currency(ctx.lang)
    summary, steps = visit_parts(ctx.text, ctx.now)
    if client is None:
        ctx.warnings.append(client_unknown())
    return {
        "client": client or "",
        "contacts": contacts,
        "visited_on": _date_part(past[0]) if past else ctx.today,
        "summary": summary,
        "next_steps": steps,
        "follow_up_on": _date_part(future[0]) if future else None,
        "deal_value": deal_value,
        "currency": currency,
    }


# Who receives the work is not who does it ("交给财务", "send it to …"); 给 alone asks someone ("给小韦建个任务").
_RECEIVER_BEFORE = re.compile(r"(?:[交发寄送递转传][给到]|\b(?:to|from|with|at))\s*$", re.IGNORECASE)
_TEAM_MEMBER = re.compile(r"^的([\u4e00-\u9fff]{2,3}?)(?=把|去|来|做|负责|在|给|跟|和|与|过|对|聊|开|讨论|"
                          r"一起|都|也|说|今天|明天|后天|下周|这周|周|月底|之前|[，,。、\s]|$)")


def _en_doer(name: str) -> re.Pattern[str]:
    """The shapes that ask an English-named person to do something ("ask Dana to", "Dana needs to")."""
    n = re.escape(name)
    return re.compile(rf"\b(?:ask|tell|have|get|let|remind|assign(?:ed)?(?: (?:it|this))? to|task for|for)\s+{n}\b"
                      rf"(?!'s)|\b{n}\s+(?:needs?|has|should|must|will|is (?:going )?to|to)\b"
                      rf"|(?:^|[.!?]\s*){n}\s*,", re.IGNORECASE)


def _doer(text: str, who: str | None) -> str | None:
    """The assignee as the one who must do the work: the person of a team when both are named ("市场部的…"), never a
    receiver, and an English name only where the sentence asks that person to act (a client or account is no doer)."""
    if who is None:
        return None
    at = text.find(who)
    if at < 0:
        return who
    if (_TEAM_WORD.search(who) and (member := _TEAM_MEMBER.match(text[at + len(who):]))
            and (is_full_name(member.group(1)) or is_person(member.group(1)))):
        return member.group(1)
    if _RECEIVER_BEFORE.search(text[:at]):
        return None
    if re.match(r"[A-Za-z]", who) and not _en_doer(who).search(text):
        return None
    return who


def task(ctx: Context) -> dict[str, Any]:
    dates = _datetimes(ctx)
    upcoming = [f for f in dates if _date_part(f) >= ctx.today]
    due = None
    if upcoming:
        first = upcoming[0]
        due = first.value if first.kind == "datetime" and _has_clock(first) else _date_part(first)
    assignee = _doer(ctx.text, _named(_grounded(ctx, ctx.spans.get("assignee"))) or _named(find_assignee(ctx.text)))
    return {
        "title": action_text(ctx.text, ctx.now),
        "assignee": assignee,
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
    return {"text": action_text(ctx.text, ctx.now), "remind_at": dates[0].value}


def meeting(ctx: Context) -> dict[str, Any] | None:
    dates = _datetimes(ctx, default_time=(9, 0))
    if not dates:
        return None
    location = _grounded(ctx, ctx.spans.get("location"))
    location = find_location(ctx.text) or location
    attendees = [a for a in _people(ctx, ctx.spans.get("attendees"))
                 if not (location and (a in location or location in a)) and not is_place(a)]
    attendees += [team for team in find_teams(ctx.text) if not any(team in a or a in team for a in attendees)]
    # The model likes to put a time, a team or the whole sentence in "location".
    if location and (len(location) > 24 or any(location in a or a in location for a in attendees)
                     or find_datetimes(location, ctx.now)):
        location = None
    return {
        "title": meeting_title(ctx.text, ctx.now),
        "starts_at": dates[0].value,
        "duration_min": resolve_duration(ctx.text),
        "attendees": attendees,
        "location": location,
    }


def expense(ctx: Context) -> dict[str, Any] | None:
    amount, currency = _money(ctx, required=True)
    if amount is None:
        return None
    past = _past_or_today(ctx, [_as_said(ctx, f, done=True) for f in _datetimes(ctx)])
    merchant = _grounded(ctx, ctx.spans.get("merchant"))
    if (found := find_merchant(ctx.text)) and not find_datetimes(found, ctx.now):
        merchant = found
    elif merchant and (is_person(merchant) or _GENERIC_MERCHANT.match(merchant)
                       or _NOT_MERCHANT.search(_around(ctx.text, merchant))):
        merchant = None  # the client who was hosted or the destination, not the place that was paid
    return {
        "amount": amount,
        "currency": currency,
        "category": category_of(ctx.text) or ctx.spans.get("category") or "other",
        "merchant": merchant,
        "spent_on": _date_part(past[0]) if past else ctx.today,
    }


def note(ctx: Context) -> dict[str, Any]:
    return {"text": _clean_text(ctx.text) or ctx.text.strip()}


def spans_from_rules(intent: str, text: str) -> dict[str, Any] | None:
    """The spans an intent needs, when sentence shape alone finds all of them; then the LLM call is skipped.

    Only complete, unambiguous finds count (a company and its people, a 让-clause assignee, a 在-clause merchant
    with a category cue); anything less goes to the model.
    """
    if intent == "visit_note":
        client, people = find_organisation(text, strict=True), find_people(text)
        return {"client": client, "contacts": people} if client and people else None
    if intent == "task":
        assignee = _named(find_assignee(text))
        return {"assignee": assignee} if assignee else None
    if intent == "expense":
        merchant = find_merchant(text)
        category = category_of(text)
        return {"merchant": merchant, "category": category} if merchant and category else None
    if intent == "meeting" and not _LATIN_WORD.search(text):  # English names need the model
        attendees = find_people(text) + find_teams(text)
        return {"attendees": attendees, "location": None} if attendees else None
    return None
