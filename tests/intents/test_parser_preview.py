"""`Parser.preview`: what the rules and normalizers find before the language model is asked, for the card to show at
once. With the real bundled models (run under `flock /tmp/saydo-models.lock`)."""

from __future__ import annotations

from intents import Parser
from tests.conftest import NOW

NEEDS_MODEL = "Log a visit with Initech, met Peter and Samir, they need a quote."


def test_a_text_that_needs_the_model_is_previewed_without_it(parser) -> None:
    preview = parser.preview(NEEDS_MODEL, NOW)
    assert preview is not None and preview.calls == []  # the model was not asked
    assert preview.record.intent == "visit_note" and preview.pending == ("client", "contacts")
    assert preview.record.fields["visited_on"] == "2026-11-23"  # the normalizers' part is there already
    final = parser.parse(NEEDS_MODEL, NOW)
    assert len(final.calls) == 1 and final.pending == ()
    assert final.record.intent == preview.record.intent


def test_no_preview_when_the_parse_asks_no_model_or_it_is_a_question(parser) -> None:
    assert parser.preview("提醒我明天上午十点给刘总打电话", NOW) is None  # a reminder: normalizers only
    assert parser.preview("帮我建个任务，让小李明天把合同打印出来", NOW) is None  # the rules found the assignee
    assert parser.preview("我这周有哪些待办", NOW) is None  # a question is answered, never previewed
    assert Parser(None).preview(NEEDS_MODEL, NOW) is None  # no model at all


def test_a_parse_that_asks_the_model_hands_out_the_preview_first(parser) -> None:
    """What a parse made while the user speaks shows, so the card can open before the model answers."""
    previews = []
    final = parser.parse(NEEDS_MODEL, NOW, on_preview=previews.append)
    assert [p.record.fields for p in previews] == [parser.preview(NEEDS_MODEL, NOW).record.fields]
    assert previews[0].pending == ("client", "contacts") and previews[0].calls == [] and len(final.calls) == 1
    parser.parse("提醒我明天上午十点给刘总打电话", NOW, on_preview=previews.append)
    assert len(previews) == 1  # no model asked: no preview
