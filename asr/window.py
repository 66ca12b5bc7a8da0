"""One Whisper window sized to the audio instead of padded to 30 s.

On a CPU the encoder over Whisper's 30 s padding is most of the cost of a short dictation, and CTranslate2 encodes
any length: a window sized to the speech, with a little padding after it, decodes as well in a fraction of the
time (the measurements: docs/decisions/streaming-tuning.md). Audio longer than `MAX_WINDOW_S`, and a decode that
looks degenerate, go the usual padded way (the caller's job).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from .decode import SAMPLE_RATE
from .memo import LastAudioMemo

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

MAX_WINDOW_S = 28.0  # leaves room for the padding inside Whisper's 30 s
_PAD_FRAMES = 200  # 2 s of feature frames after the audio
_MAX_TOKENS = 448  # Whisper's text context
_HOP = 160  # audio samples per feature frame
_TIMESTAMP_S = 0.02  # what one of Whisper's timestamp tokens stands for
_MAX_TIMESTAMP = 1500  # the last timestamp token, at 30 s
# Fast Mandarin runs to about 8 tokens a second; a decode that goes far past that is looping, and stopping it early
# spares seconds of generating the same word (greedy decoding loops now and then).
_TOKENS_PER_S = 15


@dataclass(frozen=True)
class TimedToken:
    """A piece of a text (`text[start:end]`) and where Whisper hears it in the audio (seconds)."""

    start: int
    end: int
    begins_s: float
    ends_s: float


@dataclass(frozen=True)
class WindowResult:
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    cut_short: bool = False  # stopped at the token limit for audio this long

    @property
    def degenerate(self) -> bool:
        """A repetition loop, the cue to decode again in the padded window: faster-whisper's compression threshold,
        a sentence said twice in a row (a loop too short for the compression ratio to see), or the token limit."""
        return self.cut_short or self.compression_ratio > 2.4 or _repeats_sentence(self.text) \
            or _repeats_phrase(self.text)


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def _repeats_sentence(text: str) -> bool:
    sentences = [s.strip().lower() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 4]
    # The repeat may be cut short where the audio ends.
    return any(a == b or (len(b) >= 6 and a.startswith(b)) for a, b in pairwise(sentences))


# A phrase said twice in a row with no punctuation between is a loop once it weighs this much, a Chinese character
# counting two and a letter or digit one: "开会开会开会开会" is one, "very very" and "对对对对" are speech.
_PHRASE_WEIGHT = 8


def letters(text: str) -> str:
    """The letters, digits and CJK characters of a text, ASCII lower-cased (one character for one): what repeats
    are compared by."""
    return "".join(c.lower() if c.isascii() else c for c in text if c.isalnum())


def letter_positions(text: str) -> list[int]:
    """Where in `text` each character of `letters(text)` stands."""
    return [i for i, c in enumerate(text) if c.isalnum()]


def _weights(chars: str) -> list[int]:
    """Running weights of `letters()` output: the k-th is what its first k characters weigh."""
    return [0, *accumulate(1 if c.isascii() else 2 for c in chars)]


def _repeats_phrase(text: str) -> bool:
    chars = letters(text)
    weights = _weights(chars)
    n = len(chars)
    for start in range(n):
        for size in range(1, (n - start) // 2 + 1):
            if weights[start + size] - weights[start] >= _PHRASE_WEIGHT \
                    and chars[start:start + size] == chars[start + size:start + 2 * size]:
                return True
    return False


def drop_restart(text: str) -> str:
    """`text` without an ending that starts it over: a loop cut short where the audio ends ("週四下午兩點合市場不開會
    週四下午兩點" for 3 s of speech), too short for the other checks, and sure-sounding. Real speech ending on a
    repeat of its own first words is rare; a restart counts once it weighs `_PHRASE_WEIGHT`."""
    chars = letters(text)
    weights = _weights(chars)
    for size in range(len(chars) // 2, 0, -1):
        if weights[size] >= _PHRASE_WEIGHT and chars[-size:] == chars[:size]:
            return text[:letter_positions(text)[len(chars) - size]].rstrip(" ,;:，、；：")
    return text


_REPEATS = re.compile(r"(\w.+?)(?:[\s,.;:!?，。、；：！？]*\1)+", re.IGNORECASE)


def collapse_repeats(text: str) -> str:
    """Each phrase said several times in a row, said once ("去开会去开会去开会" → "去开会"): what a decode that
    looped on a short piece of speech most likely heard."""
    return _REPEATS.sub(r"\1", text).strip()


def fits(samples: np.ndarray, before: np.ndarray | None = None) -> bool:
    return samples.size + (before.size if before is not None else 0) <= MAX_WINDOW_S * SAMPLE_RATE


class WindowDecoder:
    """Encodes and decodes one short window with a loaded faster-whisper model; the caller serialises calls."""

    def __init__(self, model: WhisperModel) -> None:
        self._model = model
        # A pause's language detection, quick decode and polish encode the same speech: once is enough.
        # Two: a stretch decoded alone (asr/gaps.py) comes between a take's decode and its names check.
        self._encode = LastAudioMemo(self._encode_window, size=2)
        # The finished text of a take is aligned twice (asr/gaps.py, then the names check): once is enough.
        self._alignments: LastAudioMemo[dict[tuple[str, str], Any]] = LastAudioMemo(lambda samples: {})

    def _encode_window(self, samples: np.ndarray) -> Any:
        import ctranslate2

        features = self._model.feature_extractor(samples)
        frames = min(3000, features.shape[-1] + _PAD_FRAMES)
        frames += frames % 2  # the encoder's convolution halves the frame count
        window = np.zeros((1, features.shape[0], frames), dtype=np.float32)
        usable = min(features.shape[-1], frames)
        window[0, :, :usable] = features[:, :usable]
        return self._model.model.encode(ctranslate2.StorageView.from_array(window), to_cpu=False)

    def language_probabilities(self, samples: np.ndarray) -> dict[str, float]:
        """Whisper's language probabilities, judged on (at most) the first window."""
        encoded = self._encode(samples[: int(MAX_WINDOW_S * SAMPLE_RATE)])
        return {token.strip("<|>"): p for token, p in self._model.model.detect_language(encoded)[0]}

    def _align(self, samples: np.ndarray, text: str, lang: str) -> tuple[Any, list[int], Any]:
        """Whisper made to read `text` over this audio (CTranslate2's alignment pass, which faster-whisper uses for
        word times): (the result, the text's tokens, the tokenizer)."""
        from faster_whisper.tokenizer import Tokenizer

        model = self._model
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=lang)
        frames = min(3000, samples.size // _HOP) // 2 * 2
        tokens = tokenizer.encode(" " + text.strip())
        done = self._alignments(samples)
        if (lang, text) not in done:
            done[(lang, text)] = model.model.align(self._encode(samples), tokenizer.sot_sequence, [tokens], frames)[0]
        return done[(lang, text)], tokens, tokenizer

    def text_logprobs(self, samples: np.ndarray, texts: list[str], lang: str) -> list[float]:
        """How likely Whisper finds each text for this audio: the sum of its tokens' log-probabilities, each token
        forced after the ones before it."""
        return [float(np.log(np.maximum(self._align(samples, text, lang)[0].text_token_probs, 1e-12)).sum())
                for text in texts]

    def token_times(self, samples: np.ndarray, text: str, lang: str) -> list[TimedToken]:
        """Where in this audio Whisper hears each token of `text` begin and end (seconds), with the token's
        character offset in `text`; a token that ends inside a character is joined to the next."""
        result, tokens, tokenizer = self._align(samples, text, lang)
        steps = np.array(result.alignments, dtype=np.int64).reshape(-1, 2)
        if not tokens or not steps.size:
            return []
        # A token begins at the first audio frame the path gives it (faster-whisper's jump times).
        jumps = np.r_[True, np.diff(steps[:, 0]) != 0]
        starts = steps[jumps, 1] * (2 * _HOP / SAMPLE_RATE)
        ends = [*starts[1:len(tokens)], samples.size / SAMPLE_RATE]
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        timed: list[TimedToken] = []
        offset, begin = 0, None
        for i, (start, end) in enumerate(zip(starts[:len(tokens)], ends, strict=False)):
            begin = start if begin is None else begin
            piece = tokenizer.decode(tokens[: i + 1]).lstrip()
            if piece.endswith("\ufffd"):
                continue
            timed.append(TimedToken(lead + offset, lead + min(len(piece), len(stripped)), float(begin), float(end)))
            offset, begin = min(len(piece), len(stripped)), None
        return timed

    def decode(self, samples: np.ndarray, lang: str, *, beam_size: int, previous: str | None = None,
               hotwords: str | None = None, before: np.ndarray | None = None) -> WindowResult:
        """The text of `samples`. `before`: the speech just before them, whose text is `previous` (a streaming take's
        committed audio): decoded in front of them, the answer forced to start where it ends (a timestamp token), so
        Whisper hears the new words in their context, as it would in the whole take."""
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_compression_ratio, get_suppressed_tokens

        model = self._model
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=lang)
        previous_tokens = tokenizer.encode(" " + previous.strip()) if previous else []
        lead = before is not None and before.size > 0
        prompt = model.get_prompt(tokenizer, previous_tokens, without_timestamps=not lead, hotwords=hotwords)
        window = np.concatenate([before, samples]) if lead else samples
        if lead:
            # Timestamps stay allowed: their rules keep time from going backwards, so Whisper ends after the new words.
            prompt.append(tokenizer.timestamp_begin + round(before.size / SAMPLE_RATE / _TIMESTAMP_S))
        # Room for the timestamps: the forced one, and a segment's end and the next one's start now and then.
        limit = int(samples.size / SAMPLE_RATE * _TOKENS_PER_S) + 10 + (6 if lead else 0)
        result = model.model.generate(
            self._encode(window), [prompt], beam_size=beam_size, return_scores=True,
            max_length=min(_MAX_TOKENS, len(prompt) + limit), max_initial_timestamp_index=_MAX_TIMESTAMP,
            return_no_speech_prob=True, suppress_blank=True, suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
        )[0]
        tokens = result.sequences_ids[0]
        text = drop_restart(tokenizer.decode(tokens).strip())
        # The score is the length-normalised sum of log-probabilities (length penalty 1).
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        return WindowResult(text=text, avg_logprob=avg_logprob, no_speech_prob=result.no_speech_prob,
                            compression_ratio=get_compression_ratio(text) if text else 0.0,
                            cut_short=len(tokens) >= limit)
