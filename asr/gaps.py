"""Speech a decode left out, found and put back.

Whisper now and then drops a stretch of a take from its text without a trace: most often English names inside a
Mandarin sentence (a visit note naming the client and the person met comes out naming neither). The stretch shows
when the text is aligned to the audio: a character that normally lasts a fifth of a second is stretched over the
seconds nobody wrote down. That stretch, decoded alone, gives the words back; they go where Whisper finds the whole
text most likely, around the stretched character.
The evidence for the thresholds: docs/decisions/skipped-speech.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .decode import SAMPLE_RATE
from .window import TimedToken

log = logging.getLogger(__name__)

# A stretch must hold this much speech (the stretched token's own sound is a fraction of it): over a pause the
# stretch is silence around one token, and Whisper, asked about it alone, makes words up.
MIN_VOICED_S = 0.7
# Spoken tokens last 0.2 s typically and under 1 s at most (a slow English word, the last one before a pause); the
# stretches over left-out names measured 1.7-3.5 s.
MIN_SKIPPED_S = 1.4
_LATIN = re.compile(r"[A-Za-z0-9]")
_EDGE_PUNCTUATION = " ,，、.。;；:：!！?？"


@dataclass(frozen=True)
class Skipped:
    """Seconds of audio the text has no words for, and the places in the text where they may belong: before the
    stretched token, or, since the alignment is a few tokens loose, before the token ahead of it or after it."""

    places: tuple[int, ...]
    begins_s: float
    ends_s: float
    last: bool = False  # the text's last token, which runs to the end of the audio

    @property
    def min_voiced_s(self) -> float:
        """How much speech the stretch must hold to be more than its token: the last token's own sound can be a
        long word said slowly before the end."""
        return MIN_SKIPPED_S if self.last else MIN_VOICED_S


def skipped_stretches(tokens: Sequence[TimedToken], min_s: float = MIN_SKIPPED_S) -> list[Skipped]:
    """The stretches of audio left out of the text: a token held for `min_s` or more (the last one too: words
    left out at the end stretch it to the end of the audio; trailing silence does too, which `holds_speech` tells)."""
    return [Skipped(tuple(dict.fromkeys((tokens[max(0, i - 1)].start, t.start, t.end))), t.begins_s, t.ends_s,
                    last=i == len(tokens) - 1)
            for i, t in enumerate(tokens) if t.ends_s - t.begins_s >= min_s]


def holds_speech(piece: np.ndarray, min_voiced_s: float = MIN_VOICED_S) -> bool:
    """The stretch is mostly speech, not a pause around the one token it was given."""
    from .vad import speech_regions  # vad needs the transcriber's level gate: imported late

    voiced = sum(r.end - r.start for r in speech_regions(piece, min_silence_s=0.1, pad_s=0.03)) / SAMPLE_RATE
    log.debug("a stretch of %.2f s holds %.2f s of speech", piece.size / SAMPLE_RATE, voiced)
    return voiced >= min_voiced_s


def _overlap(tail: str, head: str) -> int:
    """How many characters `tail` ends with that `head` starts with."""
    for n in range(min(len(tail), len(head)), 0, -1):
        if tail.endswith(head[:n]):
            return n
    return 0


def put_back(text: str, at: int, words: str) -> str:
    """`text` with `words` (a stretch's decode, which may repeat the text on either side of it) inserted at `at`,
    spaced as mixed Chinese and English text is. Both in one script: the caller's job."""
    before, after = text[:at], text[at:]
    words = words.strip(_EDGE_PUNCTUATION)
    words = words[_overlap(before.rstrip(_EDGE_PUNCTUATION), words):].strip(_EDGE_PUNCTUATION)
    words = words[: len(words) - _overlap(words, after.lstrip(_EDGE_PUNCTUATION))].strip(_EDGE_PUNCTUATION)
    if not words:
        return text
    left = " " if before and not before[-1].isspace() and (_LATIN.match(before[-1]) or _LATIN.match(words[0])) else ""
    right = " " if after and not after[0].isspace() and (_LATIN.match(after[0]) or _LATIN.match(words[-1])) else ""
    return f"{before}{left}{words}{right}{after}"
