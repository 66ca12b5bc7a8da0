"""The free text of a record: a title or reminder text that says what is to be done and nothing the other fields say.

The date, the time, the priority and the amount have fields of their own, and the trigger ("帮我建个任务",
"remind me to") says which intent, so all of them are cut from the words; what remains is the action, in the
speaker's language and words. A visit summary keeps the clauses that report the visit, without its next steps.
"""

from __future__ import annotations

import re
from datetime import datetime

from .normalize import find_datetimes, find_money
from .normalize.durations import scan_durations

_F = re.IGNORECASE
# Triggers that announce the intent, wherever a clause starts with them.
_TRIGGER_ZH = re.compile(
    r"(?:(?:帮我|帮忙|给我自己|给自己|给我|替我|请|麻烦你?|你)\s*)*"
    r"(?:(?:建|创建|新建|添加|加|记|记录|设|设置|定|开|做|安排|留|约|set|add|book|make)\s*(?:一下|一个|个|一条|条)?\s*"
    r"(?:任务|待办|代办|to-?do|task|提醒|闹钟|备忘|笔记|会议|会|meeting|日程|拜访纪要|拜访记录|拜访|会议纪要|纪要|记录|活)(?:一下)?"
    # A bare "任务，" left where a priority word before it was cut ("紧急任务，…").
    r"|(?:任务|待办|代办)(?=[:：,，])"
    r"|提醒我一下|提醒一下我|提醒一下|提醒我|到时候叫我|叫我|喊我|记得|别忘了|不要忘了|别让我忘了|"
    r"记一下|记下来|记下|记录一下|备注一下|备注|随手记)"
    r"(?:[:：,，、\s]*(?:说|一下|的是|是))?[:：,，、\s]*",
    _F,
)
_TRIGGER_EN = re.compile(
    r"(?:(?:please|hey|ok(?:ay)?|so|um+|uh+|can you|could you|would you)[,\s]+)*"
    r"(?:(?:create|add|make|set(?: up)?|log|put|jot down|write down|file|open|new|record)\s+"
    r"(?:a\s+|an\s+|the\s+|me\s+a\s+)?(?:(?:client|customer|sales|quick)\s+)?"
    r"(?:task|reminder|to-?do|todo|note|meeting|visit(?: note)?|memo|action item)|to-?do:|task:"
    r"|visit (?:log|report|notes?)(?:\s+for)?"
    r"(?:\s+for\s+[\w'-]+(?:\s+[\w'-]+)?(?=\s+to\b))?(?:\s+(?:to|that|about|saying))?"
    r"|remind me(?:\s+(?:to|that|about|of))?|don'?t (?:let me )?forget(?:\s+to)?|make sure (?:i|to)|"
    r"note(?: that|:)|i (?:need|have|got|must|should|gotta|want) to|i'?ve got to|i gotta|i'?ll need to)"
    r"[:,\s]*",
    _F,
)
_PRIORITY = re.compile(
    r"(?:这个|这件事|此事)?(?:也|倒|都|并)?(?:很|非常|比较|特别|挺)?(?:紧急|加急|急需|十万火急|很急|比较急|挺急|急|尽快|马上|立刻|优先级(?:比较|较|很)?(?:高|低)|优先处理|优先|"
    r"不急|不着急|不用急|没那么急|有空(?:再|的时候)?|低优先级|高优先级)"
    r"|\b(?:it'?s |this is |mark (?:it|this) )?(?:urgent|asap|as soon as possible|high[- ]priority|top priority|"
    r"low[- ]priority|no rush|not urgent|whenever you can|whenever|critical|right away|immediately)\b",
    _F,
)
# Words that only tie a removed date or amount to the sentence.
_GLUE_BEFORE = re.compile(r"(?:\b(?:on|by|at|before|until|till|due|for|around|about|this|next|from)\s*|"
                          r"(?:在|于|到|从|至|大概|大约|约)\s*)+$", _F)
_GLUE_AFTER = re.compile(r"^\s*(?:之前|以前|前|为止|截止|以内|之内|左右|的时候|那天|\b(?:at the latest|latest)\b)", _F)
_EDGE = re.compile(r"^[\s,，。.;；:：、!！?？\-—~]+|[\s,，。.;；:：、!！?？\-—~]+$")
_INNER_GAP = re.compile(r"\s*([,，。;；、])(?:\s*[,，。;；、])+\s*|\s{2,}")
_LEADING_WORDS = re.compile(r"^(?:(?:嗯+|啊+|呃+|那个|就是|然后|还有|(?:and|then|also|so|um+|uh+|okay|ok|to)\b)"
                            r"[,，\s]*)+", _F)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the spans (and the little words that tied them in)."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            start = at
        if end <= start:
            continue
        before = _GLUE_BEFORE.sub("", text[at:start])
        # A space only where words of a spaced script would otherwise run together.
        joint = " " if before[-1:].isascii() and text[end:end + 1].isascii() else ""
        out.append(before + joint)
        rest = text[end:]
        at = end + (m.end() if (m := _GLUE_AFTER.match(rest)) else 0)
    out.append(text[at:])
    return "".join(out)


def _tidy(text: str) -> str:
    text = _INNER_GAP.sub(lambda m: (m.group(1) or " ") if m.group(1) else " ", text)
    for _ in range(3):
        text = _LEADING_WORDS.sub("", _EDGE.sub("", text))
    return text.strip()


# A trigger said at the end of the utterance and a correction marker that corrected nothing are not part of what
# is to be done.
_TRAILING_TRIGGER = re.compile(
    r"[,，、\s]*(?:(?:帮我|给我)?(?:记一下|记下来|记个(?:待办|任务)|建个(?:待办|任务|代办)|加个(?:待办|任务))|"
    r"(?:can|could|would) you (?:make|add|put) (?:that|this|it) (?:as |in |on )?(?:a |my )?"
    r"(?:task|to-?do|reminder)(?: list)?(?: for me)?|(?:as|make it) a (?:task|to-?do))[。.!！?？\s]*$",
    _F,
)
_MARKER = re.compile(
    r"(?:^|(?<=[,，。.;；!！?？\s]))(?:[哦噢啊呃嗯]\s?)?(?:不对|不是|不|我的意思是|我是说|应该是)(?=[,，。.;；!！?？\s]|$)|"
    r"\b(?:I mean|no wait|sorry|actually)\b(?=[,\s])|(?:^|(?<=[,，。.;；!！?？\s]))其实",
    _F,
)
# The verb that books a meeting is not its title ("Set up a call with…", "约了…见面").
_BOOKING = re.compile(r"^(?:(?:let'?s\s+)?(?:set up|schedule|book|arrange|organi[sz]e|get together with|meet with|"
                      r"set a time with)\s+|let'?s\s+|约了?(?:一下)?|约个|安排(?:一下|个)?)", _F)


def _drop_triggers(text: str) -> str:
    """Triggers at the start of the text or of any clause (they also come after a date: "明天提醒我…")."""
    text = _MARKER.sub("", _TRAILING_TRIGGER.sub("", text))
    text = re.sub(r"(^|[,，。.;；!！?？]\s*)" + _TRIGGER_ZH.pattern, r"\1", text, flags=_F)
    text = _TRIGGER_ZH.sub("", text, count=1) if _TRIGGER_ZH.match(text) else text
    return re.sub(r"(^|[,，。.;；!！?？]\s*)" + _TRIGGER_EN.pattern, r"\1", text, flags=_F)


def action_text(text: str, now: datetime) -> str:
    """A title or reminder text: the utterance without trigger, date, time, duration, priority and amount words."""
    spans = [(f.start, f.end) for f in find_datetimes(text, now)]
    spans += [(start, end) for start, end, _ in find_money(text)]
    spans += [(d.start, d.end) for d in scan_durations(text)]
    spans += [(m.start(), m.end()) for m in _PRIORITY.finditer(text)]
    # Triggers also hide behind a removed date ("明天下午三点提醒我…"): cut first, then drop them at clause starts.
    cleaned = _tidy(_drop_triggers(_tidy(_cut(text, spans))))
    cleaned = _tidy(_drop_triggers(cleaned))
    return cleaned or _tidy(text) or text.strip()


def meeting_title(text: str, now: datetime) -> str:
    """A meeting's title: its action text without the verb that books it."""
    action = action_text(text, now)
    return _tidy(_BOOKING.sub("", action)) or action


_PIECE_EDGE = re.compile(r"[,，。.;；!！?？\n]+\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
                         r"|\s+(?:and then|then|and)\s+(?=i'?ll|we'?ll|i will|we will|need)",
                         _F)
# A clause that commits to something later: the visit's next steps.
_AHEAD = re.compile(
    r"再|下次|下周|下个月|回头|跟进|尽快|答应|承诺|约好|约了|打算|准备|计划|之前|以前|要[发给做准备出寄送安排]|会[发给出寄送]|"
    r"得[发给做准备出寄送]|\b(?:i'?ll|we'?ll|i will|we will|i'?m going to|we'?re going to|gonna|need to|needs to|"
    r"have to|promised|follow(?:ing)? up|next step|next week|will)\b",
    _F,
)
_STEP_LEAD = re.compile(r"^(?:(?:我|我们|i'?ll|we'?ll|i will|we will|i'?m going to|we'?re going to|i need to|"
                        r"we need to|i have to|we have to|i promised to|we promised to|need to|have to|will|"
                        r"shall|我答应|我们答应|答应|约好了?|还得|得|要|会)"
                        r"\s*)+", _F)


# What is left of "今天的拜访" once its date went to visited_on: it names the record, not what was found.
_ONLY_THE_VISIT = re.compile(r"^(?:刚才|刚刚|刚)?(?:的|这次|那次)?(?:客户)?(?:拜访|拜访记录|拜访纪要|visit)"
                             r"(?:的事|情况)?$", _F)


def pieces(text: str) -> list[str]:
    """Clauses as speech recognition writes them: split at punctuation, and at the spaces between Chinese words."""
    return [p.strip() for p in _PIECE_EDGE.split(text) if p and p.strip()]


def visit_parts(text: str, now: datetime) -> tuple[str, list[str]]:
    """(summary, next steps): what the visit found, and each commitment said as an action of its own."""
    summary, steps = [], []
    for piece in pieces(_drop_triggers(text)):
        has_date_ahead = any(f.value[:10] > now.strftime("%Y-%m-%d") for f in find_datetimes(piece, now))
        if _AHEAD.search(piece) or has_date_ahead:
            step = _STEP_LEAD.sub("", action_text(piece, now)).strip()
            if step:
                steps.append(step)
        else:
            # The visit's date is visited_on's; "昨天下午" or "this morning" would go stale in the summary.
            gist = _tidy(_cut(piece, [(f.start, f.end) for f in find_datetimes(piece, now)]))
            if not _ONLY_THE_VISIT.match(gist):
                summary.append(gist)
    gist = _tidy(_drop_triggers(
        "，".join(p for p in summary if p) if _is_cjk(text) else ", ".join(p for p in summary if p)))
    return gist or _tidy(text), steps


def _is_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))
