"""The parser's warnings are English text for the CLI and JSON, with a code and values the app translates by."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from intents import Notice, Parser
from intents.parser import MAX_PARSE_CHARS

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("now", [datetime(2026, 12, 1, 9, 0, tzinfo=TZ), datetime(2026, 12, 5, 18, 30, tzinfo=TZ)])
def test_a_visit_without_a_client_says_so_with_a_code(now: datetime) -> None:
    warnings = Parser(None).parse("今天拜访了一下，对方对报价还算满意", now).warnings
    notice = next(w for w in warnings if isinstance(w, Notice) and w.code == "client_unknown")
    assert notice == "client not recognised"
    assert json.loads(json.dumps(warnings)) == [str(w) for w in warnings]  # plain text wherever text goes


def test_a_cut_text_carries_its_length_and_the_limit() -> None:
    now = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
    warnings = Parser(None).parse("记一下 " + "很长的笔记内容" * 700, now).warnings
    notice = next(w for w in warnings if getattr(w, "code", None) == "text_cut")
    assert notice.values == {"length": len("记一下 " + "很长的笔记内容" * 700), "limit": MAX_PARSE_CHARS}
    assert f"{MAX_PARSE_CHARS:,}" in notice
