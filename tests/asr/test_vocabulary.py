"""Vocabulary: the hint string stays within Whisper's prompt budget; replacements fix what biasing cannot."""

from __future__ import annotations

from asr import Vocabulary
from asr.vocabulary import MAX_HINT_TOKENS, hint_tokens

# faster-whisper keeps at most this many tokens of the hotwords.
WHISPER_HOTWORD_TOKENS = 223


def test_hotwords_keep_priority_order_and_drop_duplicates() -> None:
    vocab = Vocabulary.build(["ComfyUI", "远航科技", "comfyui", "  Northwind   Traders "])
    assert vocab.hotwords() == "ComfyUI, 远航科技, Northwind Traders"


def test_hotwords_stay_within_the_token_budget() -> None:
    names = [f"客户名称{i:04d}" for i in range(500)]
    hint = Vocabulary.build(names).hotwords()
    assert hint is not None
    kept = hint.split(", ")
    assert sum(hint_tokens(name) for name in kept) + len(kept) - 1 <= MAX_HINT_TOKENS
    assert kept[:2] == names[:2]  # the first (highest priority) names are the ones kept


def test_the_budget_counts_tokens_not_characters() -> None:
    # A Chinese character costs Whisper about as much as six Latin letters: a character budget let Latin names fill
    # the hint while it held almost no Chinese ones.
    latin = [f"Brightwater Foods {i}" for i in range(60)]
    chinese = [f"青松食品{i}" for i in range(60)]
    assert hint_tokens("青松食品") > hint_tokens("Brightwater Foods")
    assert len(Vocabulary.build(latin).hotwords().split(", ")) > len(Vocabulary.build(chinese).hotwords().split(", "))
    # A long name that does not fit is passed over for shorter ones after it.
    hint = Vocabulary.build(["长" * 80, "Ledgerline", "短"]).hotwords()
    assert hint == "Ledgerline, 短"


def test_a_full_hint_fits_whispers_hotword_limit_with_the_real_tokenizer(config) -> None:
    from tokenizers import Tokenizer

    from models import DEFAULT_ASR, ensure_model, get_model

    settings, paths = config
    tokenizer = Tokenizer.from_file(str(ensure_model(get_model(DEFAULT_ASR), paths.models_dir) / "tokenizer.json"))
    # Rare characters are where the estimate is most likely to be short: up to three tokens each.
    rare = "鑫淼犇骉燚垚焱赟喆昊晟祎"
    names = [f"{rare[i % len(rare)]}{rare[(i * 5 + 1) % len(rare)]}科技" for i in range(40)]
    names += [f"Ostrander Kowalczyk {i}" for i in range(40)]
    for words in (names, names[::-1], names[40:]):
        hint = Vocabulary.build(words).hotwords()
        assert hint is not None
        count = len(tokenizer.encode(" " + hint, add_special_tokens=False).ids)
        assert count < WHISPER_HOTWORD_TOKENS, (count, hint)


def test_empty_vocabulary_gives_no_hint() -> None:
    assert Vocabulary.build([]).hotwords() is None


def test_replacements_fix_whole_words_in_any_case() -> None:
    vocab = Vocabulary.build(replacements={"comfy ui": "ComfyUI", "员航科技": "远航科技",
                                           "Comfy UI Pro": "ComfyUI Pro"})
    assert vocab.apply("I use Comfy UI daily") == "I use ComfyUI daily"
    assert vocab.apply("try comfy ui pro now") == "try ComfyUI Pro now"
    assert vocab.apply("discomfy uint") == "discomfy uint"
    assert vocab.apply("拜访员航科技的情况") == "拜访远航科技的情况"
