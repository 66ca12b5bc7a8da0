"""Custom vocabulary: names recognition should favour, and fixes for what biasing cannot reach."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Whisper's prompt holds at most 224 tokens and faster-whisper cuts hotwords at half the context; a CJK character
# can take up to three tokens, so a character budget well under that keeps every listed name whole.
MAX_HINT_CHARS = 200


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
        """The hint phrase for Whisper: as many names as fit the prompt budget, highest priority first."""
        chosen: list[str] = []
        used = 0
        for word in self.words:
            if used + len(word) + 2 > MAX_HINT_CHARS:
                continue
            chosen.append(word)
            used += len(word) + 2
        return ", ".join(chosen) or None

    def apply(self, text: str) -> str:
        for heard, written in self.replacements:
            if _is_ascii_word(heard):
                # Whole words, any case: "comfy ui" → "ComfyUI" but not inside "discomfy uint".
                text = re.sub(rf"(?<!\w){re.escape(heard)}(?!\w)", lambda _m, w=written: w, text, flags=re.IGNORECASE)
            else:
                text = text.replace(heard, written)
        return text
