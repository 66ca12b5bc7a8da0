"""Spoken questions: recognised by rules (no model), filters read with the records' own date normaliser, and
records that merely contain a question word stay records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from intents import ParseError, Parser, ParseResult, Query, QueryResult, recognise_query
from intents.query import date_range, is_query
from tests.conftest import NOW

DEV_SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "parse_dev.jsonl"
DEV = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
QUERIES = [item for item in DEV if "query" in item["expected"]]
RECORDS = [item for item in DEV if "query" not in item["expected"]]

CONTRASTS = [
    "提醒我问一下马经理运费",
    "提醒我后天问一下葛总运费是多少",
    "帮我建个任务，问问对方哪天方便上门安装",
    "上午拜访了禾丰科技，郑总问样品哪天能寄到",
    "记一下，对方想了解年付有哪些优惠",
    "客户说预算多少还没定",
    "周四下午三点跟瑞丰开会，讨论首付多少合适",
    "Remind me to ask Hector how much the renewal costs on Friday at 11am",
    "Create a task to find out which laptops are out of warranty",
    "Met with Bluefin Labs this morning, their buyer wanted to know what the rollout would cost",
    "What a productive lunch with Harbor Mills today, they want a demo",
    "When I visited Harbor Mills they asked about discounts",
    "Have Rosalind find out which clients renewed by Thursday",
    "今天午饭花了多少来着，三十八块",
    "周五之前搞清楚客户要多少台服务器",
    "跟王总约了下周三见面，聊聊他们有哪些需求",
]


def test_the_dev_set_has_enough_questions_in_both_languages() -> None:
    assert len(QUERIES) >= 40
    assert {item["lang"] for item in QUERIES} == {"zh", "en"}


@pytest.mark.parametrize("item", QUERIES, ids=[item["id"] for item in QUERIES])
def test_dev_set_questions_get_their_filters(item: dict) -> None:
    query = recognise_query(item["utterance"], NOW)
    assert query is not None
    got, expected = query.filters(), item["expected"]["query"]
    who = expected.pop("who")
    assert {k: got[k] for k in expected} == expected
    if who is None:
        assert got["who"] is None
    else:
        assert got["who"] is not None and (who.lower() in got["who"].lower() or got["who"].lower() in who.lower())


@pytest.mark.parametrize("item", RECORDS, ids=[item["id"] for item in RECORDS])
def test_no_dev_set_record_is_read_as_a_question(item: dict) -> None:
    assert not is_query(item["utterance"])


@pytest.mark.parametrize("text", CONTRASTS)
def test_records_that_contain_a_question_stay_records(text: str) -> None:
    assert recognise_query(text, NOW) is None


@pytest.mark.parametrize(("text", "intent"), [
    ("明天几点开会", "meeting"),
    ("帮我看看明天的会", "meeting"),
    ("What time is the standup tomorrow?", "meeting"),
])
def test_questions_without_the_dev_set_words(text: str, intent: str | None) -> None:
    query = recognise_query(text, NOW)
    assert query is not None and query.intent == intent
    assert (query.from_, query.to) == ("2026-11-24", "2026-11-24")


def test_understand_answers_questions_and_files_the_rest() -> None:
    parser = Parser(None)  # the rule path only: questions never need the model
    asked = parser.understand("我这周有哪些待办", NOW)
    assert isinstance(asked, QueryResult) and asked.lang == "zh"
    assert asked.query.filters() == {"intent": "task", "from": "2026-11-23", "to": "2026-11-29", "who": None,
                                     "text": "", "kind": "list"}
    filed = parser.understand("提醒我明天上午九点给葛总发合同", NOW)
    assert isinstance(filed, ParseResult) and filed.record.intent == "reminder"


def test_parse_still_always_returns_a_record() -> None:
    result = Parser(None).parse("我这周有哪些待办", NOW)
    assert isinstance(result, ParseResult) and result.record.intent in ("task", "note")


@pytest.mark.parametrize("text", ["", "  ", "嗯嗯那个"])
def test_understand_refuses_empty_text_clearly(text: str) -> None:
    with pytest.raises(ParseError, match="nothing to"):
        Parser(None).understand(text, NOW)


@pytest.mark.parametrize(("text", "expected"), [
    ("这周一有什么会", ("2026-11-23", "2026-11-23")),  # a weekday, not the week
    ("这周一共开了几个会", ("2026-11-23", "2026-11-29")),  # 一共 is "in all", not Monday
    ("最近五天见了哪些客户", ("2026-11-19", "2026-11-23")),
    ("最近一周有哪些报销", ("2026-11-17", "2026-11-23")),
    ("List my meetings over the past 10 days", ("2026-11-14", "2026-11-23")),
    ("What did I do last month?", ("2026-10-01", "2026-10-31")),
    ("今年拜访过哪些客户", ("2026-01-01", "2026-12-31")),
    ("下周四有培训吗", ("2026-12-03", "2026-12-03")),
    ("11月18号见了谁", ("2026-11-18", "2026-11-18")),
    ("禾丰科技对交期怎么说", (None, None)),
])
def test_date_ranges(text: str, expected: tuple[str | None, str | None]) -> None:
    assert date_range(text, NOW) == expected


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="starts after it ends"):
        Query.model_validate({"from": "2026-11-30", "to": "2026-11-01"})


def test_query_json_is_the_design_shape() -> None:
    query = Query.model_validate({"intent": "expense", "from": "2026-11-01", "to": "2026-11-30", "kind": "total"})
    assert query.filters() == {"intent": "expense", "from": "2026-11-01", "to": "2026-11-30", "who": None, "text": "",
                               "kind": "total"}


@pytest.mark.parametrize(("text", "intent"), [
    ("提醒我后天问一下葛总运费是多少", "reminder"),
    ("上午拜访了禾丰科技，郑总问样品哪天能寄到", "visit_note"),
    ("Met with Bluefin Labs this morning, their buyer wanted to know what the rollout would cost", "visit_note"),
])
def test_contrasts_through_the_real_parser_are_records(parser, text: str, intent: str) -> None:
    result = parser.understand(text, NOW)
    assert isinstance(result, ParseResult)
    assert result.record.intent == intent
