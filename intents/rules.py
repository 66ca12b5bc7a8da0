"""Deterministic readings of an utterance: which intent its wording announces, expense category, priority.

Keyword cues are cheap and exact where the speaker says what they want ("提醒我", "remind me", "报销"); where
the cues are weak or contradict each other the parser asks the LLM instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Category, Priority

_F = re.IGNORECASE | re.ASCII  # ASCII: "建个task" has no \b between 个 and t otherwise

# (pattern, weight). A strong cue (3) decides alone; weaker cues add up.
_INTENT_CUES: dict[str, list[tuple[re.Pattern[str], int]]] = {
    "reminder": [
        (re.compile(r"提醒(我|一下我)?|叫我|remind\s*(me|我)|ping me|set (a|an) (reminder|alarm)|reminder", _F), 3),
        (re.compile(r"别忘了|不要忘了|别让我忘|记得|don'?t (let me )?forget", _F), 2),
    ],
    "visit_note": [
        (re.compile(r"拜访|走访|回访|客户.{0,6}(见面|沟通|聊了|谈了)|log (a|the) visit|visit(ed)? (with|to)?|"
                    r"client visit|customer visit|(met|meeting) with .{0,40}(client|customer)|stopped by|"
                    r"(spoke|talked|chatted) (with|to)|had (coffee|lunch|dinner) with|"
                    r"\bmet (with )?(?-i:[A-Z])", _F), 3),
        # A report of a meeting that already happened is a visit note, not a meeting.
        (re.compile(r"(今天|昨天|刚才|刚刚|刚|上午|下午)[^，。]{0,24}(开的会|开了会|开完会|开会了|见面了|聊了|谈了|见了|吃了)|"
                    r"去了.{0,16}见了|见了.{0,12}(总|经理|总监|主任)|(去了|跑了)一?趟|对接人是|聊了聊|"
                    r"got (out|off) (of )?(a |the )?(meeting|call)|"
                    r"(came out of|just had|finished) (the|a|my) (meeting|call) with", _F), 4),
        (re.compile(r"见了|聊了|谈了|他们(对|说|想|希望|觉得|要)|客户(说|反馈|表示|觉得|对)|报价|采购|"
                    r"\bmet\b|they (want|said|need|liked|are interested)|interested in|pilot|proposal", _F), 1),
    ],
    "task": [
        (re.compile(r"任务|待办|待做|建个task|\btask\b|to-?do|action item", _F), 3),
        (re.compile(r"^(让|叫|请|安排)|(让|安排|请)\S{1,10}(去|把|负责|准备|整理|做|完成|处理|跟进)|"
                    r"(我得|我要|我需要|得把|要把|有空(的时候)?把)|把.{1,24}(整理|做完|改完|交|发|清理|更新|寄|打上|准备|"
                    r"完成|提交|处理|修|写)|\b(need to|needs to|have to|has to|must|should)\b|assign|"
                    r"\b(ask|get|have|tell) (?-i:[A-Z])\w* to\b|^(have|get|ask|tell) (?-i:[A-Z])\w+ \w+", _F), 2),
        (re.compile(r"之前|以前|截止|deadline|\bby (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
                    r"end of|next|the (?!way))", _F), 1),
    ],
    "meeting": [
        (re.compile(r"开会|开[^，。,.完了]{1,6}会(?!议室)|会议(?!纪要|室)|会以|例会|周会|站会|约了|约个|meeting|"
                    r"\bcall with\b|schedule (a|an)|sync with|standup|stand-up|huddle|interview|面试|培训|\bbook a\b|"
                    r"约一下|kickoff|kick-off|one on one|one-on-one|1:1|一对一", _F), 3),
        (re.compile(r"见面|碰头|碰一下|过一下|过一遍|对一下|面谈|讨论|视频会|电话会|吃个饭|\bmeet\b|conference|"
                    r"catch up|in room|会议室|腾讯会议|zoom|\bprep\b|"
                    r"(dinner|lunch|coffee) with|\bsync\b", _F), 2),
    ],
    "expense": [
        (re.compile(r"报销|报消|花了|花费|消费|付了|支付|开销|expense|reimburse|\bspent\b|\bspend\b|\bpaid\b|"
                    r"receipt", _F), 3),
        (re.compile(r"块钱|\d+块|[零一二两三四五六七八九十百千万]+块|元|买了|买的|住了|退房|车费|房费|餐费|报名费|来回|"
                    r"打车|滴滴|机票|高铁票|酒店|住宿|停车费|油费|taxi|uber|flight|hotel|parking|dollars|bucks|euros|"
                    r"\bfee\b|[$€¥]", _F), 2),
    ],
    "note": [
        (re.compile(r"^(随手|有个|顺便|帮我)?(记一下|记录一下|备注|笔记|想法|思考|备忘|说一下|note( that|:)?|"
                    r"just a (note|thought)|"
                    r"(a )?thought:|idea:|fyi)", _F), 3),
    ],
}

_PRIORITY_HIGH = re.compile(r"紧急|加急|急需|(?<![不别])(?<!不着)(?<!不用)(?<!没那么)急|尽快|马上|立刻|"
                            r"优先(?!级(?:比较|较|很)?低)|urgent|asap|as soon as possible|high priority|"
                            r"top priority|critical|right away|immediately", _F)
_PRIORITY_LOW = re.compile(r"不急|不着急|不用急|有空(再)?|低优先级|优先级(?:比较|较|很)?低|low priority|"
                           r"priority(?: is)? low|no rush|not urgent|whenever", _F)

_CATEGORY_CUES: list[tuple[Category, re.Pattern[str]]] = [
    ("entertainment", re.compile(r"请(客户|客人|client)|请[^，。,]{1,14}(吃|喝|唱)|招待|宴请|took .{1,30}(out )?"
                                 r"to (dinner|lunch|drinks)|with (the|a|our) (\w+ )?client|"
                                 r"客户.{0,6}(吃饭|喝|聚餐|晚饭|午饭)|和客户|跟客户|"
                                 r"(client|customer)s? (dinner|lunch|drinks)|"
                                 r"(took|taking|treated|hosted) .{0,30}(client|customer)|entertain", _F)),
    ("travel", re.compile(r"机票|飞机|航班|高铁|动车|火车|flight|airfare|plane ticket|train ticket|"
                          r"high-speed rail", _F)),
    ("transport", re.compile(r"打车|出租|滴滴|网约车|专车|快车|的士|停车|加油|加了.{0,8}油|油费|过路费|高速费|"
                             r"地铁|公交|\btaxi|\buber\b|\blyft\b|\bgrab\b|\bbolt\b|ride[- ]?(?:share|hail)|"
                             r"\bcab\b|\bparking|\bfuel|\bgas\b|\btolls?\b|\bsubway|\bmetro\b|\bbus fare", _F)),
    ("lodging", re.compile(r"酒店|宾馆|住宿|住了|退房|如家|汉庭|全季|锦江|亚朵|hotel|lodging|airbnb|"
                           r"accommodation|motel|hilton|marriott|hyatt|sheraton|holiday inn|westin", _F)),
    ("office", re.compile(r"办公用品|办公椅|办公桌|椅子|家具|文具|furniture|打印|墨盒|纸|键盘|鼠标|显示器|支架|"
                          r"数据线|转接头|硬盘|U盘|office supplies|stationery|printer|toner|paper|keyboard|"
                          r"mouse|monitor|cable|adapter|hard drive", _F)),
    ("other", re.compile(r"报名费|会务费|注册费|展位|参展|registration|conference fee|booth|subscription|license", _F)),
    ("meals", re.compile(r"下午茶|茶饮|星巴克|吃饭|午饭|午餐|晚饭|晚餐|早餐|早饭|咖啡|奶茶|外卖|聚餐|饭|lunch|"
                         r"dinner|breakfast|coffee|meal|food|snack|pizza", _F)),
]


@dataclass(frozen=True)
class IntentGuess:
    """Either one intent the wording announces, or the candidates that have some cue (strongest first)."""

    intent: str | None
    candidates: tuple[str, ...]


def cue_scores(text: str) -> dict[str, int]:
    """Per intent, the summed weight of its cues the wording shows (evidence for the classifier, 0 = none)."""
    return {intent: sum(weight for pattern, weight in cues if pattern.search(text))
            for intent, cues in _INTENT_CUES.items()}


def guess_intent(text: str, *, has_amount: bool = True) -> IntentGuess:
    """A strong, unrivalled cue decides; otherwise every intent with any cue stays a candidate for the LLM.

    With no cue at all the text is a note: the small model, asked to choose freely, reads instructions inside the
    transcript ("write a poem") as tasks, and DESIGN.md calls anything without actionable structure a note.
    """
    scores = cue_scores(text)
    if not has_amount:
        scores["expense"] = 0  # an expense without an amount cannot be filed; "报销流程改了" is news, not a cost
    elif scores["expense"] >= 3:
        scores["expense"] += 2  # hosting a client and paying for it reports an encounter, but what it files is the cost
    elif category_of(text) is not None and max(v for k, v in scores.items() if k != "expense") < 3:
        scores["expense"] += 2  # an amount beside something bought (a team snack and its price) is a cost
    ranked = sorted(((s, i) for i, s in scores.items() if s > 0), reverse=True)
    if not ranked:
        return IntentGuess("note", ("note",))
    if ranked[0][0] >= 3 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return IntentGuess(ranked[0][1], (ranked[0][1],))
    candidates = tuple(i for _, i in ranked)
    if len(candidates) == 1:
        return IntentGuess(candidates[0], candidates)
    # Offer "note" to the model only when every cue is weak: given the choice it over-uses it.
    if ranked[0][0] < 2 and "note" not in candidates:
        candidates = (*candidates, "note")
    return IntentGuess(None, candidates)


def priority_of(text: str) -> Priority:
    if _PRIORITY_LOW.search(text):
        return "low"
    if _PRIORITY_HIGH.search(text):
        return "high"
    return "normal"


def category_of(text: str) -> Category | None:
    for category, pattern in _CATEGORY_CUES:
        if pattern.search(text):
            return category
    return None


# Whisper's homophone slips in the words that carry intent, read as meant (DESIGN: 会以 → 会议, 报消 → 报销).
_ASR_SLIPS = {"会以": "会议", "报消": "报销", "拜方": "拜访", "建个人物": "建个任务", "提心我": "提醒我"}
_SLIP = re.compile("|".join(map(re.escape, _ASR_SLIPS)))


def fix_asr_slips(text: str) -> str:
    return _SLIP.sub(lambda m: _ASR_SLIPS[m.group(0)], text)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def language_of(text: str) -> str:
    """'zh' when the speech is Chinese (mixed speech counts as Chinese), else 'en'."""
    return "zh" if _CJK.search(text) else "en"
