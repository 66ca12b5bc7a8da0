"""The intent classifier: shipped weights for the bundled model, its guard on features, and its decisions on
utterances written for this test (not from any set), each read at several moments of the week."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from intents import IntentClassifier, ParseResult, QueryResult
from intents.classify import FEATURES_VERSION, LABELS, cue_features
from tests.conftest import SHANGHAI

NOWS = [datetime(2027, 3, 1, 7, 45, tzinfo=SHANGHAI) + timedelta(days=d, hours=3 * d) for d in (0, 3, 5)]


def test_the_bundled_model_has_a_classifier(parser) -> None:
    assert parser.classifier is not None
    assert parser.classifier.labels == LABELS


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez(path, coef=np.zeros((7, 3)), intercept=np.zeros(7), labels=np.array(LABELS),
             features_version=np.array(FEATURES_VERSION + 1))
    with pytest.raises(ValueError, match="other features"):
        IntentClassifier(path, embed=lambda text: [0.0])


def test_cue_features_are_bounded() -> None:
    row = cue_features("提醒我提醒我提醒我 remind me remind me 报销 花了 三千五 " * 5, NOWS[0])
    assert row.min() >= 0 and row.max() <= 1


@pytest.mark.parametrize("now", NOWS, ids=lambda n: n.strftime("%a"))
@pytest.mark.parametrize(("text", "intent"), [
    ("约了云杉建材的采购下周四下午三点在他们公司碰一下", "meeting"),
    ("Set up a call with Marta from Quayside Freight on Thursday at 11", "meeting"),
    ("上午去了海鸥五金 跟老板娘聊了半天 她说今年预算有二十万 想先买一批试试", "visit_note"),
    ("Met the new intern today, she seems sharp", "note"),
    ("Get the car washed before the weekend", "task"),
    ("记一下 华岭医疗的对接人换成了他们的信息科主任", "note"),
    ("明天晚上和客户吃饭", "meeting"),
    ("昨晚请鼎和地产的两位经理吃饭花了一千六", "expense"),
])
def test_decisions_that_keywords_got_wrong(parser, now: datetime, text: str, intent: str) -> None:
    result = parser.understand(text, now)
    assert isinstance(result, ParseResult)
    assert result.record.intent == intent


@pytest.mark.parametrize("now", NOWS, ids=lambda n: n.strftime("%a"))
def test_questions_about_a_client_are_answered_not_filed(parser, now: datetime) -> None:
    for text in ("远帆物流那边最近怎么样", "给青禾农场的报价发了没有", "what did Brightwater say about the renewal"):
        assert isinstance(parser.understand(text, now), QueryResult), text
    asked_to_file = parser.understand("能不能提醒我后天早上八点交房租", now)
    assert isinstance(asked_to_file, ParseResult) and asked_to_file.record.intent == "reminder"


def test_a_reminder_without_a_time_is_filed_as_the_next_likeliest_intent(parser) -> None:
    record = parser.parse("提醒我给房东打个电话", NOWS[0]).record
    assert record.intent != "reminder"
    assert "房东" in (record.fields.get("title") or record.fields.get("text") or "")
