"""Titles, reminder texts and visit summaries keep the action and shed what other fields hold."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from intents.free_text import action_text, pieces, visit_parts
from tests.conftest import SHANGHAI

# One reference time on each weekday, at different hours: date words must go whatever day it is.
NOWS = [datetime(2027, 1, 4, 8, 0, tzinfo=SHANGHAI) + timedelta(days=d, hours=2 * d) for d in range(7)]


@pytest.mark.parametrize("now", NOWS, ids=lambda n: n.strftime("%a"))
@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("后天上午十点提醒我去税务局交材料", ["税务局交材料"], ["提醒", "后天", "十点"]),
    ("帮我建个任务，周四前把样品寄给供应商，加急", ["样品寄给供应商"], ["任务", "周四", "加急"]),
    ("Remind me to water the plants on Saturday at 6.15", ["water the plants"], ["remind", "Saturday", "6.15"]),
    ("Create a task for Priya to renew the SSL certificate by next Monday, high priority",
     ["renew the SSL certificate"], ["task", "Monday", "priority"]),
    ("下周一下午两点到四点跟设计组过一下新版首页", ["设计组过一下新版首页"], ["下周一", "两点", "四点"]),
    ("记得月底之前把车险续了 不急", ["车险续了"], ["记得", "月底", "不急"]),
])
def test_action_text_keeps_the_action_only(now: datetime, text: str, kept: list[str], gone: list[str]) -> None:
    result = action_text(text, now)
    for word in kept:
        assert word.lower() in result.lower(), result
    for word in gone:
        assert word.lower() not in result.lower(), result


def test_action_text_of_a_bare_trigger_keeps_the_words() -> None:
    assert action_text("提醒我", NOWS[0]) == "提醒我"


def test_pieces_split_speech_without_punctuation() -> None:
    assert pieces("见了财务的孙总 对价格有顾虑 下周再约") == ["见了财务的孙总", "对价格有顾虑", "下周再约"]


@pytest.mark.parametrize("now", NOWS[::3], ids=lambda n: n.strftime("%a"))
def test_visit_parts_split_findings_from_next_steps(now: datetime) -> None:
    summary, steps = visit_parts("记录一下客户拜访，去了鼎新物流，仓储经理说旧系统太慢，"
                                 "我答应下周三前发测试账号，还要约他们IT再聊一次", now)
    assert "旧系统太慢" in summary and "记录" not in summary and "测试账号" not in summary
    assert any("发测试账号" in s for s in steps) and any("约他们IT" in s for s in steps)
    assert not any("下周三" in s for s in steps)


def test_visit_parts_in_english_split_sentences_into_actions() -> None:
    summary, steps = visit_parts(
        "Stopped by Halvorsen Tools, met the plant manager. They are unhappy with lead times. "
        "I'll send the revised schedule by Thursday and we'll book a site tour next week.", NOWS[0])
    assert "lead times" in summary and "revised schedule" not in summary
    assert any(s.startswith("send the revised schedule") for s in steps)
    assert any("site tour" in s for s in steps)


@pytest.mark.parametrize(("text", "title"), [
    ("年终述职的材料要交 记个待办", "年终述职的材料要交"),
    ("Todo: book the venue for the offsite", "book the venue for the offsite"),
    ("I need to renew the parking permit, can you make that a task", "renew the parking permit"),
    ("不对 提醒我去车站接客户", "去车站接客户"),
])
def test_trailing_triggers_and_idle_markers_are_not_the_action(text: str, title: str) -> None:
    assert action_text(text, NOWS[2]) == title


@pytest.mark.parametrize(("text", "title"), [
    ("Schedule the pricing review with Omar and Lise", "the pricing review with Omar and Lise"),
    ("约了启航物流的陈总 在他们仓库见面", "启航物流的陈总 在他们仓库见面"),
])
def test_a_meeting_title_drops_the_booking_verb(text: str, title: str) -> None:
    from intents.free_text import meeting_title

    assert meeting_title(text, NOWS[4]) == title


@pytest.mark.parametrize("now", NOWS[1::2], ids=lambda n: n.strftime("%a"))
@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("帮我add一个to-do，周五前交周报", ["交周报"], ["add", "to-do", "周五"]),
    ("给自己建个任务 明天把发票寄出去", ["把发票寄出去"], ["给自己", "任务", "明天"]),
    ("加急任务，后天前把合同盖章", ["把合同盖章"], ["加急", "任务"]),
    ("嗯那个 明天把样品寄给客户", ["把样品寄给客户"], ["嗯", "那个"]),
    ("帮我建个任务，周五之前把报告写完，其实也不着急", ["把报告写完"], ["其实", "也", "不着急"]),
    ("建个任务，下周三前核对库存，优先级低", ["核对库存"], ["优先", "级", "低"]),
])
def test_triggers_fillers_and_priority_phrases_leave_the_title(now: datetime, text: str, kept: list[str],
                                                              gone: list[str]) -> None:
    result = action_text(text, now)
    assert all(word in result for word in kept), result
    assert not any(word.lower() in result.lower() for word in gone), result


@pytest.mark.parametrize(("text", "title"), [
    ("帮我set个meeting 周五上午十点 跟销售团队过一下目标", "跟销售团队过一下目标"),
    ("约个会议，周四下午三点，跟张三对一下预算", "跟张三对一下预算"),
    ("Let's get the support team together Friday from 1 to 2.45 to plan the rota",
     "get the support team together to plan the rota"),
])
def test_a_meeting_title_drops_any_booking_phrase(text: str, title: str) -> None:
    from intents.free_text import meeting_title

    assert meeting_title(text, NOWS[2]) == title


@pytest.mark.parametrize("now", NOWS[::2], ids=lambda n: n.strftime("%a"))
@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("帮我记录一下今天的拜访，星光科技，见了王总，他们对报价挺满意", ["记录", "的拜访", "今天"], ["满意"]),
    ("帮我记录一下刚才的客户拜访 星光科技的王总 他们对报价挺满意", ["记录", "拜访", "刚才"], ["满意"]),
    ("Log a client visit, met Tom at Bellweather Labs today, they liked the demo", ["Log", "visit,"],
     ["liked the demo"]),
    ("Visit report: stopped by Bellweather Labs yesterday, they need 30 licenses", ["Visit report"], ["30 licenses"]),
    ("Record a visit, had lunch with Ann from Zeta Labs, she wants a trial", ["Record a visit"], ["wants a trial"]),
])
def test_a_visit_summary_sheds_the_trigger_in_either_language(now: datetime, text: str, gone: list[str],
                                                              kept: list[str]) -> None:
    summary, _ = visit_parts(text, now)
    assert summary and not any(summary.startswith(word) or word in summary for word in gone), summary
    assert all(word in summary for word in kept), summary
