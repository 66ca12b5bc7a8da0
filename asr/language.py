"""Which language a stretch of speech is in, by the user's `asr.language` setting.

A pinned language ("zh", "zh-TW", "en") is never detected: no detection to pay for, and no English passage turned
into Chinese. "zh+en" chooses per stretch between those two by Whisper's probabilities for them alone; "auto" does
the same, and takes another language only when Whisper is sure of it (an unrestricted guess on a short or noisy
phrase picks Japanese or Welsh now and then). A stretch keeps the language before it unless Whisper is sure of its
own: the first seconds of far-field Mandarin can look like English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["auto", "zh", "zh-TW", "en", "zh+en"]
SPOKEN = ("zh", "en")
# Sure enough to switch: measured on every VAD phrase of the test clips (1.8 s and up), the two-language share is
# 0.98 or more for the language spoken and 0.01 or less for the other; German in multilingual.mp3 scores 1.00.
SURE = 0.9
# Languages written without spaces between words.
_UNSPACED = frozenset({"zh", "ja", "yue", "th", "lo", "my", "bo"})


def pinned(language: Language) -> str | None:
    """Whisper's code for the language the user chose; None when it is to be detected."""
    return {"zh": "zh", "zh-TW": "zh", "en": "en"}.get(language)


@dataclass(frozen=True)
class Guess:
    lang: str
    probability: float

    @property
    def sure(self) -> bool:
        return self.probability >= SURE


def guess(probabilities: dict[str, float], language: Language) -> Guess:
    """The language of one stretch from Whisper's probabilities; zh and en compete by their share of the two."""
    code = pinned(language)
    if code is not None:
        return Guess(code, 1.0)
    if language == "auto" and probabilities:
        top = max(probabilities, key=probabilities.__getitem__)
        if top not in SPOKEN and probabilities[top] >= SURE:
            return Guess(top, probabilities[top])
    total = sum(probabilities.get(lang, 0.0) for lang in SPOKEN)
    if total <= 0.0:
        return Guess("zh", 0.0)
    best = max(SPOKEN, key=lambda lang: probabilities.get(lang, 0.0))
    return Guess(best, probabilities[best] / total)


def carry(found: Guess, previous: str | None) -> str:
    """The language of a stretch after `previous` (the stretch before it, None at the start of a take)."""
    return found.lang if previous is None or found.sure else previous


def join(parts: list[tuple[str, str]]) -> str:
    """(text, language) pieces as one text: Chinese runs on without spaces, other pieces are spaced."""
    out = ""
    last = None
    for text, lang in parts:
        text = text.strip()
        if not text:
            continue
        if out and not (lang == last and lang in _UNSPACED):
            out += " "
        out += text
        last = lang
    return out
