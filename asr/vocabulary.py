"""Custom vocabulary: names recognition should favour, and fixes for what biasing cannot reach."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# faster-whisper cuts hotwords at 223 tokens, and they share the decoder's 448 positions with the previous text and
# the output; about half of that keeps every listed name whole and leaves the rest room.
MAX_HINT_TOKENS = 120
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def hint_tokens(word: str) -> int:
    """About how many Whisper tokens `word` costs in the hint: a Chinese character one to three (two on average in
    names), a Latin letter about a third of one. Counting characters instead let Latin names crowd out the rest."""
    cjk = len(_CJK.findall(word))
    return 2 * cjk + math.ceil(0.3 * (len(word) - cjk))


def _is_ascii_word(text: str) -> bool:
    return bool(re.fullmatch(r"[\w .'&+-]+", text, re.ASCII))


@dataclass(frozen=True)
class Vocabulary:
    """`words` in priority order (the user's list first, then names from the store); `replacements`: heard →
    written."""

    words: tuple[str, ...] = ()
    replacements: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def build(cls, words: Iterable[str] = (), replacements: Mapping[str, str] | None = None) -> Vocabulary:
        seen: set[str] = set()
        unique: list[str] = []
        for word in words:
            word = " ".join(word.split())
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                unique.append(word)
        # Longest first, so "ComfyUI Pro" is fixed before "ComfyUI".
        pairs = sorted(((k, v) for k, v in (replacements or {}).items() if k.strip()), key=lambda kv: -len(kv[0]))
        return cls(words=tuple(unique), replacements=tuple(pairs))

    def hotwords(self) -> str | None:
        """The hint phrase for Whisper: as many names as fit the token budget, highest priority first (a name that
        does not fit is passed over for shorter ones after it)."""
        chosen: list[str] = []
        used = 0
        for word in self.words:
            cost = hint_tokens(word) + (1 if chosen else 0)  # ", " is one token
            if used + cost <= MAX_HINT_TOKENS:
                chosen.append(word)
                used += cost
        return ", ".join(chosen) or None

    def apply(self, text: str) -> str:
        for heard, written in self.replacements:
            if _is_ascii_word(heard):
                # Whole words, any case: "comfy ui" → "ComfyUI" but not inside "discomfy uint".
                text = re.sub(rf"(?<!\w){re.escape(heard)}(?!\w)", lambda _m, w=written: w, text, flags=re.IGNORECASE)
            else:
                text = text.replace(heard, written)
        return text
