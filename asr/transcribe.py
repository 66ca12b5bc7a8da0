"""Speech to text with faster-whisper: one warm model, VAD on, Simplified Chinese out, no text invented on silence.

A take whose language is not pinned is judged phrase by phrase (asr/language.py), and each run of phrases in one
language is decoded in it, so a recording that switches between Mandarin and English keeps both.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .decode import SAMPLE_RATE, AudioError, DecodedAudio
from .gaps import holds_speech, put_back, skipped_stretches
from .language import Guess, Language, carry, guess, join, pinned
from .memo import LastAudioMemo
from .script import to_simplified, to_traditional
from .vocabulary import Vocabulary
from .window import MAX_WINDOW_S, WindowDecoder, WindowResult, collapse_repeats, fits

log = logging.getLogger(__name__)

# Whisper was trained on subtitles and fills silence or noise with their boilerplate.
_HALLUCINATIONS = re.compile(
    r"^(谢谢(大家|各位)?(的)?(收看|观看|观赏)|请不吝点赞|字幕由.*提供|字幕.*Amara|优优独播剧场|"
    r"thank you(\s+(so much|very much))?(\s+for watching)?|thanks for watching|subtitles by.*|you)[\s.!。！,，]*$",
    re.IGNORECASE,
)
# Below this level (dBFS) a clip is silence or room tone; no speech model should be asked about it.
SILENCE_DBFS = -50.0
# Phrases, for judging the language of each, end at pauses this long (a language switch comes at a breath at least).
_PHRASE_PAUSE_MS = 500
_LOOP_BEAM = 5  # the beam a looping decode is tried again with, before the padded windows
_COLLAPSE_S = 4.0  # speech up to this long that loops in every sized window is read as its phrases said once


class NoSpeechError(AudioError):
    """The audio holds no speech (silence, noise, or only subtitle boilerplate)."""


class FullDecodeNeeded(AudioError):
    """A speculative decode could not give usable text (it looped, or the audio is longer than one window)."""


@dataclass(frozen=True)
class TranscribeOptions:
    language: Language = "auto"
    beam_size: int = 5
    vad: bool = True
    # Explicit hint phrases; when None, the vocabulary's hotwords are used.
    hotwords: str | None = None
    # Names to favour and fixes to apply to the final text (the store's names plus the user's word list).
    vocabulary: Vocabulary | None = None
    # A segment whose no-speech probability is this high and whose decoding was unsure is dropped.
    no_speech_prob: float = 0.6
    min_avg_logprob: float = -1.0

    @property
    def hint(self) -> str | None:
        if self.hotwords:
            return self.hotwords
        return self.vocabulary.hotwords() if self.vocabulary else None


@dataclass(frozen=True)
class Transcript:
    text: str
    lang: str
    duration_s: float
    seconds: float
    segments: list[str] = field(default_factory=list)

    @property
    def real_time_factor(self) -> float:
        return self.seconds / self.duration_s if self.duration_s else 0.0


@dataclass(frozen=True)
class Segment:
    """One decoded stretch of speech; times in seconds of the speech decoded (silences cut out)."""

    start: float
    end: float
    text: str
    avg_logprob: float = 0.0  # Whisper's mean token log-probability: how sure it was of this text
    lang: str = ""  # the language it was decoded in


def level_dbfs(samples: np.ndarray) -> float:
    """The loudest 100 ms RMS level, in dBFS; computed window by window so a long take costs no extra copy."""
    if samples.size == 0:
        return -120.0
    window = min(SAMPLE_RATE // 10, samples.size)
    loudest = 0.0
    # Blocks of whole windows keep the float64 temporaries small whatever the length of the take.
    block = window * 600
    for start in range(0, samples.size - window + 1, block):
        part = samples[start:start + block]
        part = part[: part.size - part.size % window].astype(np.float64)
        loudest = max(loudest, float(np.sqrt(np.mean(part.reshape(-1, window) ** 2, axis=1)).max()))
    return 20 * np.log10(max(loudest, 1e-6))


def finish_text(segments: list[Segment], options: TranscribeOptions) -> tuple[str, list[str]]:
    """Join decoded pieces into the final text: the user's script for Chinese pieces, then the vocabulary's fixes."""
    parts = [_in_script(s.text, s.lang, options) for s in segments]
    if options.vocabulary:
        parts = [options.vocabulary.apply(p) for p in parts]
    return join([(p, s.lang) for p, s in zip(parts, segments, strict=True)]), parts


def _in_script(text: str, lang: str, options: TranscribeOptions) -> str:
    """Chinese text in the user's script: Whisper mixes scripts from one clip to the next; the user's choice decides,
    never the model's mood."""
    if lang != "zh":
        return text
    return to_traditional(text) if options.language == "zh-TW" else to_simplified(text)


def main_language(segments: list[Segment]) -> str | None:
    """The language most of the text is in (a take's language, for what takes only one)."""
    weight: dict[str, int] = {}
    for s in segments:
        weight[s.lang] = weight.get(s.lang, 0) + len(s.text)
    return max(weight, key=weight.__getitem__) if weight else None


def _speech_only(samples: np.ndarray) -> np.ndarray:
    """The speech, silences between cut out, as faster-whisper's own VAD filter does (Silero, its defaults)."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    chunks = get_speech_timestamps(samples, VadOptions())
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    pieces, _ = collect_chunks(samples, chunks)
    return np.concatenate(pieces)


def _keep(text: str, no_speech_prob: float, avg_logprob: float, options: TranscribeOptions) -> str:
    """The decoded text, or "" when it is probably not speech: Whisper was unsure and thought it silence, or it is
    subtitle boilerplate."""
    text = text.strip()
    unsure = no_speech_prob > options.no_speech_prob and avg_logprob < options.min_avg_logprob
    if not text or unsure or _HALLUCINATIONS.match(text):
        log.debug("dropped %r (no_speech=%.2f logprob=%.2f)", text, no_speech_prob, avg_logprob)
        return ""
    return text


def _window_segments(text: str, window: WindowResult, speech: np.ndarray, lang: str,
                     options: TranscribeOptions) -> list[Segment]:
    kept = _keep(text, window.no_speech_prob, window.avg_logprob, options)
    return [Segment(start=0.0, end=speech.size / SAMPLE_RATE, text=kept, avg_logprob=window.avg_logprob,
                    lang=lang)] if kept else []


def _phrases(samples: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) samples of each phrase, at most one window long."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    chunks = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=_PHRASE_PAUSE_MS,
                                                       max_speech_duration_s=MAX_WINDOW_S))
    return [(c["start"], c["end"]) for c in chunks]


class Transcriber:
    """Holds one loaded Whisper model; load it once and keep it warm. Safe to share between threads."""

    def __init__(self, model_dir: Path, *, device: str = "cpu", compute_type: str = "int8", threads: int = 2,
                 model_id: str = "whisper") -> None:
        from faster_whisper import WhisperModel  # heavy import kept off the start-up path

        self.model_id = model_id
        self._model = WhisperModel(str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads)
        self._window = WindowDecoder(self._model)
        self._speech = LastAudioMemo(_speech_only)
        self._before_speech = LastAudioMemo(_speech_only)  # the audio before a piece stays the same for a while
        # One decode at a time: on a few cores two concurrent decodes only slow each other down.
        self._lock = threading.Lock()

    def detect_language(self, samples: np.ndarray, language: Language = "auto", *, vad: bool = True) -> Guess:
        """The language of this audio by the user's setting (asr/language.py); a pinned one comes back with
        probability 1, undetected. With `vad`, judged on the speech alone, as faster-whisper does, and the same
        audio the decode then encodes."""
        if pinned(language) is not None:
            return guess({}, language)
        with self._lock:
            speech = self._speech(samples) if vad else samples
            return guess(self._window.language_probabilities(speech if speech.size else samples), language)

    def text_logprobs(self, samples: np.ndarray, texts: list[str], lang: str, *,
                      vad: bool = True) -> list[float] | None:
        """Whisper's log-probability of each text for this audio (see `WindowDecoder.text_logprobs`), on the speech
        the decode heard; None when that speech does not fit one sized window. A take just transcribed is not
        encoded again."""
        with self._lock:
            speech = self._speech(samples) if vad else samples
            if speech.size == 0 or not fits(speech):
                return None
            return self._window.text_logprobs(speech, texts, lang.split("-")[0])

    def runs(self, samples: np.ndarray, options: TranscribeOptions, *,
             previous: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, language) stretches of audio, each to be decoded in its language: all of it in a pinned
        language or when it is one phrase, else runs of phrases judged one by one (asr/language.py), cut in the pause
        where the language changes. `previous`: the language of the text before this audio (a streaming take's)."""
        if pinned(options.language) is not None:
            return [(0, samples.size, self.detect_language(samples, options.language).lang)]
        phrases = _phrases(samples)
        if len(phrases) < 2:
            found = self.detect_language(samples, options.language, vad=options.vad)
            return [(0, samples.size, carry(found, previous))]
        with self._lock:
            guesses = [guess(self._window.language_probabilities(samples[a:b]), options.language)
                       for a, b in phrases]
        # Phrases before the first one Whisper is sure of take the language before them, or else that one's.
        lang = previous or next((g.lang for g in guesses if g.sure), max(guesses, key=lambda g: g.probability).lang)
        langs = []
        for found in guesses:
            lang = carry(found, lang)
            langs.append(lang)
        runs, begin = [], 0
        for i in range(1, len(phrases)):
            if langs[i] != langs[i - 1]:
                cut = (phrases[i - 1][1] + phrases[i][0]) // 2
                runs.append((begin, cut, langs[i - 1]))
                begin = cut
        runs.append((begin, samples.size, langs[-1]))
        log.debug("language runs: %s", [(round(a / SAMPLE_RATE, 1), round(b / SAMPLE_RATE, 1), code)
                                        for a, b, code in runs])
        return runs

    def segments(self, samples: np.ndarray, lang: str, options: TranscribeOptions, *,
                 previous: str | None = None, speculative: bool = False,
                 before: np.ndarray | None = None) -> list[Segment]:
        """Decode in a known language; segments that look like silence or subtitle boilerplate are dropped.

        `previous`: the text just before this audio (a streaming take's committed text), as Whisper's prompt.
        `before`: the audio just before this audio, whose text ends `previous`; when both fit one sized window,
        decoded in front of it (asr/window.py), else, or when that loops, the way without it.
        Speech that fits one window is decoded in a window sized to it (asr/window.py); longer speech, and a short
        decode caught looping, go through faster-whisper's padded 30 s windows. A `speculative` decode (streaming,
        before the release) tries the sized window only (a looping greedy try once more with the beam) and raises
        FullDecodeNeeded rather than spend seconds on the rest.
        """
        with self._lock:
            speech = self._speech(samples) if options.vad else samples
            if speech.size == 0:
                return []
            lead = self._before_speech(before) if before is not None and options.vad else before
            # Greedy decoding (a quick streaming refresh) loops now and then where a beam does not; the text before a
            # piece, given as its prompt, now and then makes Whisper loop on a short piece, and it is context only.
            # A quick greedy try that loops is tried once more with the beam, even when speculative: the encoding is
            # reused, so on a short piece that costs about what the greedy decode did. The audio before the piece,
            # when there is any, goes in front of the first tries.
            loop_beam = max(options.beam_size, _LOOP_BEAM)
            tries = [(options.beam_size, previous, False), (loop_beam, previous, False)]
            if lead is not None and lead.size:
                tries = [(beam, prompt, True) for beam, prompt, _ in tries] + tries
            if not speculative:
                tries += [(loop_beam, None, False)]
            window = None
            for beam, prompt, ahead in dict.fromkeys(tries):
                context = lead if ahead else None
                if not fits(speech, context):
                    continue
                window = self._window.decode(speech, lang, beam_size=beam, previous=prompt, hotwords=options.hint,
                                             before=context)
                if not window.degenerate:
                    # A quick live refresh is not worth an alignment: a decode with the beam follows it.
                    quick = speculative and options.beam_size == 1
                    text = window.text if quick else self._put_back_skipped(speech, window.text, lang, options)
                    return _window_segments(text, window, speech, lang, options)
                log.debug("short window%s looped at beam %d (%r)", " after the audio before" if ahead else "", beam,
                          window.text[:80])
            if window is not None and not speculative and speech.size <= _COLLAPSE_S * SAMPLE_RATE:
                # Whisper's padded 30 s path costs seconds with its temperature fallback, and a loop on a phrase
                # this short is that phrase said once.
                log.debug("a loop on %.1f s of speech read as said once", speech.size / SAMPLE_RATE)
                return _window_segments(collapse_repeats(window.text), window, speech, lang, options)
            if speculative:
                raise FullDecodeNeeded(f"no text in one sized window for {speech.size / SAMPLE_RATE:.1f} s of speech")
            decoded, _ = self._model.transcribe(
                speech,
                language=lang,
                beam_size=options.beam_size,
                vad_filter=False,  # done above
                hotwords=options.hint,
                initial_prompt=previous or None,
                # Conditioning on earlier text lets one bad segment repeat itself through the rest of a long take.
                condition_on_previous_text=False,
            )
            # A generator: the decoding happens here, under the lock.
            return [Segment(start=seg.start, end=seg.end, text=text, avg_logprob=seg.avg_logprob, lang=lang)
                    for seg in decoded if (text := _keep(seg.text, seg.no_speech_prob, seg.avg_logprob, options))]

    def _put_back_skipped(self, speech: np.ndarray, heard: str, lang: str, options: TranscribeOptions) -> str:
        """`heard` with the stretches of `speech` it left out decoded alone and put back (asr/gaps.py)."""
        if not heard:
            return heard
        # Aligned as it will be written, so that the names check of the finished text finds the alignment done; but
        # given back as heard when nothing is put back: a streaming take's next prompt stays in Whisper's own script
        # (in the other one, Whisper was seen to repeat the prompt after the new words).
        written = text = _in_script(heard, lang, options)
        stretches = skipped_stretches(self._window.token_times(speech, text, lang))
        for stretch in reversed(stretches):
            piece = speech[int(stretch.begins_s * SAMPLE_RATE):int(stretch.ends_s * SAMPLE_RATE)]
            if not holds_speech(piece, stretch.min_voiced_s):
                continue
            found = self._window.decode(piece, lang, beam_size=max(options.beam_size, _LOOP_BEAM),
                                        hotwords=options.hint)
            words = "" if found.degenerate else _keep(found.text, found.no_speech_prob, found.avg_logprob, options)
            log.debug("%.1f-%.1f s left out of %r: %r (logprob %.2f)", stretch.begins_s, stretch.ends_s, text,
                      found.text, found.avg_logprob)
            if words:
                words = _in_script(words, lang, options)
                placed = list(dict.fromkeys(put_back(text, at, words) for at in stretch.places))
                scores = self._window.text_logprobs(speech, placed, lang) if len(placed) > 1 else [0.0]
                text = placed[scores.index(max(scores))]
        return text if text != written else heard

    def transcribe(self, audio: DecodedAudio, options: TranscribeOptions = TranscribeOptions()) -> Transcript:
        started = time.perf_counter()
        if level_dbfs(audio.samples) < SILENCE_DBFS:
            raise NoSpeechError("no speech found: the recording is silent")
        segments = [segment for start, end, lang in self.runs(audio.samples, options)
                    for segment in self.segments(audio.samples[start:end], lang, options)]
        text, parts = finish_text(segments, options)
        lang = main_language(segments)
        if not text or lang is None:
            raise NoSpeechError("no speech found in the recording")
        return Transcript(text=text, lang=lang, duration_s=audio.duration_s,
                          seconds=time.perf_counter() - started, segments=parts)
