"""Spoken questions: telling a query ("我这周有哪些待办", "what did Acme say about pricing") from a record, and
reading its filters.

Rules only, no model: a question announces itself by its wording (哪些, 什么时候, 多少, what, which, list, a final
question mark), and its filters are a period, an intent word, a name and a topic, all of which have regular
shapes. Dates go through the same normalizer as records, so "周五" means the same day in a question and in a task.
The hard part is the contrast with records that *contain* a question ("提醒我问一下马经理运费是多少", "对方问我们哪天能
安装"): a record command at the start, or a verb that embeds the question (问, ask, 讨论), makes it a record.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from .names import find_organisation, find_people
from .normalize import find_datetimes, find_money, parse_number
from .schema import Query

_F = re.IGNORECASE | re.ASCII

# A command to file something, at the start of the utterance (after polite filler): never a question.
_LEAD = r"^(?:(?:嗯|啊|呃|那个|就是|好的|你|请|麻烦你?|帮我|给我|替我)[，,\s]*)*"
_RECORD_COMMAND_ZH = re.compile(
    _LEAD + r"(?:提醒|记一下|记下|记录|记个|记住|建|创建|新建|添加|加个|加一个|安排|约|订|预订|让|叫|通知|写|报销|设|"
    r"定个|开个|发个|备注|随手记)"
)
_RECORD_COMMAND_EN = re.compile(
    r"^(?:(?:um+|uh+|ok(?:ay)?|so|hey|please|can you|could you|would you)[,\s]+)*(?:remind|log|create|add|schedule|"
    r"note|set|book|file|make|put|record|assign|ask|email|call|send|buy|have|get|jot|reimburse|expense|track)\b",
    _F,
)
_REMIND_ME = re.compile(r"提醒我|提醒一下我|别忘了|记得|remind me|don'?t (let me )?forget", _F)

# Question cues. The first group are whole questions about what someone said; they contain 说, which elsewhere
# embeds a question ("客户说预算多少还没定").
_SAID_CUE = re.compile(r"说了什么|说过什么|说了啥|怎么说|说什么|提了什么|反馈了什么|聊了什么|谈了什么")
_CUE_ZH = re.compile(
    r"哪些|哪个|哪天|哪几|哪里|在哪|什么时候|啥时候|多少|几个|几次|几场|几笔|几点|几号|有没有|是不是|什么|啥|谁|"
    r"(?:吗|呢|么)[？?。\s]*$|[？?]\s*$"
)
_COMMAND_CUE_ZH = re.compile(_LEAD + r"(?:查|搜|找一下|找找|找出|看看|看一下|列|列出|显示|统计|汇总|总结|告诉我)")
_CUE_EN = re.compile(
    r"^(?:(?:um+|uh+|ok(?:ay)?|so|hey|and)[,\s]+)*(?:what(?!\s+an?\b)|which|when(?!\s+(?:i|we|he|she|they)\b)|who|"
    r"whom|whose|how (?:much|many|often|long)|did|do (?:i|we|you)|does|is there|are there|was there|were there|"
    r"any\b|show|list|search|look up|tell me|give me|pull up|bring up)\b|\?\s*$",
    _F,
)
# Verbs that put a question inside a statement: what follows is the content of a record, not a question.
_EMBED = re.compile(r"问|想知道|询问|打听|确认|了解|讨论|商量|谈|聊|定|决定|说|看看他们|搞清楚|弄清楚|查清楚|核实|落实|"
                    r"\b(?:ask|asked|asking|wonder|wondering|wants? to know|find out|check (?:whether|if|with)|"
                    r"discuss|decide)\b", _F)

# --- filters ----------------------------------------------------------------------------------------------------

# (pattern, intent), first match wins: a spend is asked about as an expense even when it was a client dinner.
_INTENT_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"报销|花了|花费|花销|开销|支出|费用|消费|花钱|\bexpenses?\b|\bspen[dt]\b|\bspending\b|\bcosts?\b|"
                r"\breimburse", _F), "expense"),
    (re.compile(r"提醒|\breminders?\b|\balarms?\b", _F), "reminder"),
    (re.compile(r"会议|开会|开什么会|什么会|几个会|哪些会|例会|周会|的会|会(?=[吗呢？?]|$)|约了谁|\bmeetings?\b|\bcalls?\b|"
                r"\bappointments?\b|\bstand-?ups?\b|\bsyncs?\b|\binterviews?\b|面试|培训|站会", _F), "meeting"),
    (re.compile(r"待办|任务|要做|该做|要干|to-?dos?\b|\btasks?\b|\bdue\b|\bdeadlines?\b", _F), "task"),
    (re.compile(r"拜访|走访|回访|客户|见过|见了|(?:上次|最近|上一次)见|说了什么|说过什么|怎么说|反馈|\bvisit(?:s|ed)?\b|"
                r"\bclients?\b|\bcustomers?\b|\b(?:say|said|mention(?:ed)?|met|saw)\b", _F), "visit_note"),
    (re.compile(r"笔记|备忘|记过|\bnotes?\b", _F), "note"),
]
_LAST = re.compile(r"上次|上一次|最近一次|最后一次|最近什么时候|\blast time\b|\bwhen did (?:i|we) last\b|"
                   r"\blast (?:visit|met|saw|talked|spoke)|\bmost recent", _F)
_COUNT = re.compile(r"几个|几次|几场|几笔|多少个|多少次|多少场|多少笔|\bhow many\b|\bnumber of\b", _F)
_TOTAL = re.compile(r"多少钱|花了多少|一共|总共|合计|总计|\bhow much\b|\btotal\b", _F)

# Periods the date normaliser leaves alone (it resolves days, not ranges). Week starts Monday (DESIGN.md).
_PERIODS = re.compile(
    r"(?P<tw>这周|本周|这一?个?星期|这个?礼拜|这星期|\bthis week\b)|(?P<lw>上周|上一?个?星期|上个?礼拜|\blast week\b|"
    r"\bprevious week\b)|(?P<nw>下周|下一?个?星期|下个?礼拜|\bnext week\b)|(?P<tm>这个月|本月|这月|\bthis month\b)|"
    r"(?P<lm>上个?月|\blast month\b)|(?P<nm>下个?月|\bnext month\b)|(?P<ty>今年|\bthis year\b)|"
    r"(?P<ly>去年|\blast year\b)|(?:最近|过去|近|\b(?:the )?(?:past|last)\s)"
    r"(?P<n>[0-9零一二两三四五六七八九十]{1,3}|a|one|two|three|four|five|six|seven|ten|thirty|fourteen)?"
    r"\s?(?:个)?(?P<unit>天|日|周|星期|礼拜|月|days?\b|weeks?\b|months?\b)",
    _F,
)
# "这周一共" is 这周 + 一共 (in all), not Monday: 一 starting a word is not a weekday.
_ONE_WORD = re.compile(r"一(?:共|下|起|些|直|般|样|次|定|切)")
_EN_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
              "fourteen": 14, "thirty": 30}

# Who: a name after a verb of meeting or asking (what did <company> say, 跟<person>的会, 拜访<company>).
_WHO_ZH = re.compile(r"(?:拜访|走访|回访|见|跟|和|与|给)(?:了|过)?(?:那个|一下)?(?P<w>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)"
                     r"(?=是|的|那边|开|聊|谈|说|见|有|对|吗|呢|什么|哪|多少|几|最近|上次|之间|$)")
_WHO_SAID_ZH = re.compile(r"(?P<w>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:那边|上次|之前|最近)?(?:对|说|提|反馈|聊|谈)")
_NOT_WHO_ZH = re.compile(r"^(?:我|你|他|她|我们|他们|客户|上次|这周|上周|今天|昨天|最近|之前|哪些|哪个|什么|关于|"
                         r"谁|有|都|一共|总共|这个|那个|大家)|[我你他她们谁哪啥么吗呢会几]")
_WHO_EN = re.compile(r"\b(?:did|does|do|has|have|with|visit(?:ed)?|about|from|for|at|to|meet|met|saw|see)\s+"
                     r"(?P<w>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)")
_NOT_WHO_EN = re.compile(r"^(?:I|I'm|Me|My|We|Our|You|What|Which|When|Who|How|Did|Do|Does|Is|Are|List|Show|Any|"
                         r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
                         r"June|July|August|September|October|November|December|Today|Tomorrow|Yesterday|CNY|USD|"
                         r"EUR|RMB)$")

# Topic: "about pricing", "对交期怎么说", "提到预算".
_TEXT_EN = re.compile(r"\b(?:about|regarding|mention(?:ed|ing)?|on the topic of|concerning)\s+(?:the\s+|our\s+|"
                      r"their\s+)?(?P<t>[\w' -]+?)(?=\s+(?:this|last|next|today|yesterday|in|on|during|since|"
                      r"lately|recently)\b|[?.!,]|$)", _F)
_TEXT_ZH = re.compile(r"(?:关于|对于?|提到|提过|说到|聊到|谈到|涉及)(?:了|过)?(?P<t>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)"
                      r"(?=怎么说|说了什么|说过什么|有什么|是怎么|的(?:事|记录|拜访|笔记|会|任务|报销)|的?(?:有哪些|都有|"
                      r"是什么)|吗|呢|[？?。，,]|$)")
_STOP_TEXT = re.compile(r"^(?:me|my|it|that|this|them|us|what|anything|something|我|我们|他们|这个|那个|哪些|什么)$",
                        re.IGNORECASE)


def is_query(text: str) -> bool:
    """True when the utterance asks something of the store rather than saying something to file."""
    stripped = text.strip()
    if _RECORD_COMMAND_ZH.search(stripped) or _RECORD_COMMAND_EN.search(stripped) or _REMIND_ME.search(stripped):
        return False
    if find_money(stripped):
        return False  # "午饭花了多少来着，三十八块" answers itself: a question never states an amount
    if _SAID_CUE.search(stripped) or _COMMAND_CUE_ZH.search(stripped) or _CUE_EN.search(stripped):
        return True
    cue = _CUE_ZH.search(stripped)
    if cue is None:
        return False
    embed = _EMBED.search(stripped, 0, cue.start())
    return embed is None


def recognise_query(text: str, now: datetime) -> Query | None:
    """The query an utterance asks, or None when it is something to file. `now` is timezone-aware local time."""
    return read_query(text, now) if is_query(text) else None


def read_query(text: str, now: datetime) -> Query:
    """The filters of a text already known to be a question (by its shape or by the intent classifier)."""
    start, end = date_range(text, now)
    intent = intent_of(text)
    return Query(intent=intent, from_=start, to=end, who=who_of(text), text=topic_of(text),
                 kind=kind_of(text, intent))


def intent_of(text: str) -> str | None:
    for pattern, intent in _INTENT_WORDS:
        if pattern.search(text):
            return intent
    return None


def kind_of(text: str, intent: str | None) -> str:
    if _LAST.search(text):
        return "last"
    if _COUNT.search(text):
        return "count"
    if _TOTAL.search(text) or (intent == "expense" and re.search(r"多少|how much", text, _F)):
        return "total"
    return "list"


def date_range(text: str, now: datetime) -> tuple[str | None, str | None]:
    """The inclusive (from, to) local dates a question covers, or (None, None) for all time.

    A named day ("周五", "yesterday", "12月2号") is a one-day range, read by the same normaliser as records; a
    period ("这周", "last month", "最近三天") is a calendar range, not a day count from now.
    """
    today = now.date()
    days = [found for found in find_datetimes(text, now) if found.kind in ("date", "datetime")
            and not _ONE_WORD.match(text, found.end - 1)]
    for match in _PERIODS.finditer(text):
        if any(f.start < match.end() and match.start() < f.end for f in days):
            continue  # "这周五" is Friday, not this week
        return _period(match, today)
    if days:
        first = days[0].value[:10]
        return first, first
    return None, None


def _period(match: re.Match[str], today: date) -> tuple[str | None, str | None]:
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    spans = {
        "tw": (monday, monday + timedelta(days=6)),
        "lw": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "nw": (monday + timedelta(days=7), monday + timedelta(days=13)),
        "tm": (first, first + relativedelta(months=1, days=-1)),
        "lm": (first - relativedelta(months=1), first - timedelta(days=1)),
        "nm": (first + relativedelta(months=1), first + relativedelta(months=2, days=-1)),
        "ty": (date(today.year, 1, 1), date(today.year, 12, 31)),
        "ly": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    for name, (start, end) in spans.items():
        if match[name]:
            return start.isoformat(), end.isoformat()
    count = _count(match["n"])
    unit = match["unit"].lower()
    if unit.startswith(("周", "星期", "礼拜", "week")):
        start = today - timedelta(days=7 * count - 1)
    elif unit.startswith(("月", "month")):
        start = today - relativedelta(months=count) + timedelta(days=1)
    else:
        start = today - timedelta(days=count - 1)
    return start.isoformat(), today.isoformat()


def _count(token: str | None) -> int:
    """How many days/weeks/months a '最近五天' / 'past 10 days' covers; one when no number is said ('past week')."""
    if not token:
        return 1
    if token.lower() in _EN_COUNTS:
        return _EN_COUNTS[token.lower()]
    value = parse_number(token)
    return max(1, int(value)) if value else 1


def who_of(text: str) -> str | None:
    """The client or person a question is about, by the shapes names have in speech."""
    if organisation := find_organisation(text, strict=True):
        return organisation
    if people := find_people(text):
        return people[0]
    for pattern in (_WHO_ZH, _WHO_SAID_ZH):
        for match in pattern.finditer(text):
            name = match["w"]
            if not _NOT_WHO_ZH.search(name) and not _PERIODS.fullmatch(name):
                return name
    for match in _WHO_EN.finditer(text):
        name = match["w"].strip(" .'")
        words = [w for w in name.split() if not _NOT_WHO_EN.match(w)]
        if words and words[0] == name.split()[0]:
            return " ".join(words)
    return None


def topic_of(text: str) -> str:
    """What the question is about beyond its filters ("pricing", "报价"), or ''."""
    for pattern in (_TEXT_EN, _TEXT_ZH):
        for match in pattern.finditer(text):
            topic = match["t"].strip()
            if topic and not _STOP_TEXT.match(topic) and topic != who_of(text):
                return topic
    return ""
