"""Vocabulary: the hint string stays within Whisper's prompt budget; replacements fix what biasing cannot."""

from __future__ import annotations

from asr import Vocabulary
from asr.vocabulary import MAX_HINT_CHARS


def test_hotwords_keep_priority_order_and_drop_duplicates() -> None:
    vocab = Vocabulary.build(["ComfyUI", "远航科技", "comfyui", "  Northwind   Traders "])
    assert vocab.hotwords() == "ComfyUI, 远航科技, Northwind Traders"


def test_hotwords_stay_within_the_prompt_budget() -> None:
    names = [f"客户名称{i:04d}" for i in range(500)]
    hint = Vocabulary.build(names).hotwords()
    assert hint is not None and len(hint) <= MAX_HINT_CHARS
    assert hint.startswith("客户名称0000")  # the first (highest priority) names are the ones kept


def test_empty_vocabulary_gives_no_hint() -> None:
    assert Vocabulary.build([]).hotwords() is None


def test_replacements_fix_whole_words_in_any_case() -> None:
    vocab = Vocabulary.build(replacements={"comfy ui": "ComfyUI", "员航科技": "远航科技",
                                           "Comfy UI Pro": "ComfyUI Pro"})
    assert vocab.apply("I use Comfy UI daily") == "I use ComfyUI daily"
    assert vocab.apply("try comfy ui pro now") == "try ComfyUI Pro now"
    assert vocab.apply("discomfy uint") == "discomfy uint"
    assert vocab.apply("拜访员航科技的情况") == "拜访远航科技的情况"
