"""Streaming transcription: decode while the user speaks, so that after release only the last piece is left.

A worker thread looks at the audio (Silero VAD) every `step_s` as it arrives, and:
- commits the speech before a pause once it is at least `min_chunk_s` long (VAD-bounded pieces): that audio is
  decoded once, its text becomes stable and the audio is dropped, so memory and decode windows stay bounded
  however long the take; a stretch without pauses is cut at a short breath past `max_window_s`; a shorter piece
  (`confident_chunk_s`) is committed when its full-beam text was sure, which near-field dictation is;
- when the speaker pauses (a release may come next), decodes the uncommitted audio at once with a quick greedy pass,
  then, while the pause lasts, again with the take's own options (reusing the quick pass's VAD and encoding); a short
  last phrase after committed text gets the full beam at once, which costs about what greedy does there;
- while speech goes on, refreshes the partial text every `refresh_s` with a quick greedy decode.
Decodes use a window sized to the audio (asr/window.py), a fraction of the cost of Whisper's padded 30 s. The last
`context_s` of committed audio goes in front of each decode, its text as the prompt, so the new words are heard in
their context as in the whole take. A pinned language is used from the start; otherwise each piece is judged on its
own audio (asr/language.py) and keeps its language, and a piece in another language than the one before is decoded
without that context.
At `finish()` the pause-time text is used when nothing was said after the audio it covered (the speaker stops, then
lets go of the key), without waiting for a second pass still running; otherwise only the uncommitted audio is
decoded. Pieces are split at pauses only, so the final text is as good as decoding the whole take at once.
The evidence for each knob is in docs/decisions/streaming-tuning.md.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import pairwise

import numpy as np

from .decode import SAMPLE_RATE
from .language import join, pinned
from .script import to_simplified
from .transcribe import (
    SILENCE_DBFS,
    FullDecodeNeeded,
    NoSpeechError,
    Segment,
    TranscribeOptions,
    Transcriber,
    Transcript,
    finish_text,
    level_dbfs,
    main_language,
)
from .vad import LiveRegions, Region
from .window import letter_positions, letters

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamEvent:
    committed: str  # stable text so far
    partial: str  # tentative tail, replaced by the next event
    # The text finish() returns if nothing more is said; `settled` when it was decoded at a pause, the likely end
    # (worth parsing before the release).
    text: str = ""
    settled: bool = False


@dataclass(frozen=True)
class StreamTuning:
    step_s: float = 0.2  # look at the audio again once this much has arrived (VAD only; cheap)
    settle_s: float = 0.2  # a pause this long may be the end: decode now, so release finds the text ready
    refresh_s: float = 4.0  # while speech goes on, refresh the partial text this often
    commit_pause_s: float = 0.6  # a pause this long ends a piece that can be committed
    min_chunk_s: float = 7.0  # a piece ended by a pause is committed from this long: shorter ones lose context
    # A shorter piece ended by a pause is committed when Whisper was this sure of it (mean token log-probability),
    # as near-field dictation is, leaving only the last phrase for the release.
    confident_chunk_s: float = 3.0
    confident_logprob: float = -0.35
    max_window_s: float = 20.0  # commit even without such a pause before the window nears Whisper's 30 s
    lead_in_s: float = 1.0  # silence kept before speech, so the first syllable stays whole
    beam_tail_s: float = 2.5  # a last phrase this short is decoded at its pause with the full beam at once
    prompt_chars: int = 60  # committed text handed to the next piece's decode as context
    context_s: float = 5.0  # committed audio decoded in front of the uncommitted audio (asr/window.py)


@dataclass
class _Partial:
    start: int  # absolute sample where the decoded audio began
    end: int  # absolute sample where it ended
    runs: list[tuple[int, int, str]]  # the languages it was decoded in (Transcriber.runs)
    segments: list[Segment] = field(default_factory=list)
    final_quality: bool = True  # decoded with the take's own options, so it may stand as the final text
    seconds: float = 0.0  # what the decode took
    usable: bool = True  # False: a quick decode that gave no text; only a full decode of this audio will do


_BEAM_COST = 0.9  # a polish takes about this many times the quick decode it improves
_POLISH_WAIT = 1 / 2  # a release waits for a polish with at most this share of its expected time left ...
_POLISH_OVERRUN = 1 / 4  # ... and until this share of its expected time past it
_END_MARGIN = int(0.2 * SAMPLE_RATE)
# An echo of the prompt is at least this many letters, digits or Chinese characters ("do for you" is one, "for you"
# is not): shorter repeats happen in real speech.
_ECHO_MIN = 8
# A restatement may differ from what it restates in a word or two; this long (`_weight`), and this close (difflib's
# ratio), it is no new speech.
_RESTATED_MIN = 16
_RESTATED_RATIO = 0.85
_ECHO_MAX = 120  # letters of committed text an echo is looked for in: more than the audio before a piece holds
_KEPT_SHARE = 0.6  # less of the quick text than this, and a polish has skipped speech


def _skipped_speech(quick: list[Segment], beam: list[Segment]) -> bool:
    """The beam's text of some audio is far shorter than a quick decode's of the same audio: now and then Whisper's
    beam search prefers a hypothesis holding only the last sentence (seen on a 9.5 s far-field meeting take)."""
    return sum(len(s.text.strip()) for s in beam) < _KEPT_SHARE * sum(len(s.text.strip()) for s in quick)


def drop_echo(text: str, previous: str) -> str:
    """`text` without a start that restates the end of `previous`, the committed text before it: given that text as
    its prompt and its audio in front, Whisper now and then says it again before the new words ("周四下午两点合市场
    不开会" committed, then "周四下午两点合市场不开会讨论双十二的促销方案" for the next piece), in the other script or
    with a word heard differently ("A B" committed, then "A B' C" at the release); or after the new words, word for
    word."""
    positions, previous_positions = letter_positions(text), letter_positions(previous)
    new, old = _comparable(text), _comparable(previous)[-_ECHO_MAX:]

    def whole(k: int, j: int) -> bool:
        """The first k letters of `text` and the last j of `previous` are whole words (English repeats whole words:
        "can do for your country" after "... can do for you" is no echo)."""
        return not _inside_word(text, positions[k - 1] + 1) \
            and not _inside_word(previous, previous_positions[len(previous_positions) - j])

    # The same letters first; then a close restatement ending where the committed text ends (a longer near match
    # would take new words with it), its length within a quarter of what it restates, beginning as it does (new
    # words before a restatement are no part of it).
    found = next((k for k in range(min(len(new), len(old)), _ECHO_MIN - 1, -1)
                  if new[:k] == old[-k:] and whole(k, k)), None)
    if found is None:
        found = next((k for k in range(len(new), _ECHO_MIN - 1, -1)
                      if new[k - 1] == old[-1] and _weight(new[:k]) >= _RESTATED_MIN
                      and any(new[0] == old[-j] and whole(k, j) and _similar(new[:k], old[-j:])
                              for j in range(int(k * 0.8), min(len(old), int(k * 1.25)) + 1))), None)
    if found is None:
        return _without_trailing_echo(text, previous)
    end = positions[found - 1] + 1
    log.debug("dropped the repeat of the committed text: %r", text[:end])
    return text[end:].lstrip(" ,.;:!?，。、；：！？")


def _without_trailing_echo(text: str, previous: str) -> str:
    """`text` without an end that says the committed text's last sentence (or all of it) again, word for word, after
    new words: Whisper does that too now and then (seen when the prompt was in the other script).
    A person repeating a few words of their own is not cut: the repeat must be a whole sentence of some length."""
    positions, previous_positions = letter_positions(text), letter_positions(previous)
    new, old = _comparable(text), _comparable(previous)[-_ECHO_MAX:]

    def sentence(k: int) -> bool:
        return not previous[:previous_positions[len(previous_positions) - k]].rstrip()[-1:].isalnum()

    found = next((k for k in range(min(len(new) - 1, len(old)), _ECHO_MIN - 1, -1)
                  if new[-k:] == old[-k:] and _weight(new[-k:]) >= _RESTATED_MIN and sentence(k)
                  and not _inside_word(text, positions[len(new) - k])), None)
    if found is None:
        return text
    start = positions[len(new) - found]
    log.debug("dropped the repeat of the committed text after the new words: %r", text[start:])
    return text[:start].rstrip(" ,;:，、；：")


def _comparable(text: str) -> str:
    """`letters(text)` in Simplified characters: Whisper answers in either script from one decode to the next."""
    chars = letters(text)
    simplified = to_simplified(chars)
    return simplified if len(simplified) == len(chars) else chars


def _weight(chars: str) -> int:
    """Letters, a Chinese character counting two, as the loop checks in asr/window.py weigh them."""
    return sum(1 if c.isascii() else 2 for c in chars)


def _similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _RESTATED_RATIO and matcher.ratio() >= _RESTATED_RATIO


def _inside_word(text: str, at: int) -> bool:
    """`at` falls between two ASCII letters or digits of one word."""
    return 0 < at < len(text) and all(c.isascii() and c.isalnum() for c in (text[at - 1], text[at]))


def _merge(regions: list[Region], gap: int) -> list[Region]:
    """Join speech regions separated by less than `gap` samples into phrases."""
    merged = [regions[0]]
    for region in regions[1:]:
        if region.start - merged[-1].end < gap:
            merged[-1] = Region(merged[-1].start, region.end)
        else:
            merged.append(region)
    return merged


class StreamingTranscriber:
    def __init__(self, transcriber: Transcriber, options: TranscribeOptions,
                 on_event: Callable[[StreamEvent], None] | None = None, *,
                 tuning: StreamTuning = StreamTuning()) -> None:
        self.transcriber = transcriber
        self.options = options
        self.on_event = on_event
        self.tuning = tuning
        self.decode_seconds = 0.0  # model time spent so far, while listening and at the end
        self.max_buffered_s = 0.0  # the most uncommitted audio held at once: stays bounded on a long take
        self._cond = threading.Condition()
        self._pending: list[np.ndarray] = []
        self._fed = 0
        self._stopping = False
        self._cancelled = False
        # Owned by the worker while it runs, by finish() after it has stopped.
        self._buffer = np.zeros(0, dtype=np.float32)
        self._buffer_start = 0
        self._consumed = 0
        self._loudest = -120.0
        self._speech = LiveRegions(min_silence_s=0.1)
        self._committed: list[Segment] = []
        self._before = np.zeros(0, dtype=np.float32)  # the last committed audio, the next decodes' context
        self._lang = pinned(options.language)  # None: each piece's language is judged on its audio
        self._last_lang: str | None = None  # the language of the last committed text
        self._partial: _Partial | None = None
        # A "final" decode of audio that a quick decode already covers: a release need not wait for it.
        self._polish: tuple[float, float] | None = None  # a polish in progress: (started, expected seconds)
        self._abandoned = False  # finish() went on without the polish; its result is dropped
        self._state = threading.Lock()
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._run, name="stream-decoder", daemon=True)
        self._worker.start()

    def feed(self, samples: np.ndarray) -> None:
        """Hand over captured audio (16 kHz mono float32); returns at once, from any thread."""
        with self._cond:
            if self._stopping:
                return
            self._pending.append(np.asarray(samples, dtype=np.float32))
            self._fed += samples.size
            if self._fed - self._consumed >= self.tuning.step_s * SAMPLE_RATE:
                self._cond.notify()

    def _take_pending(self) -> None:
        with self._cond:
            pending, self._pending = self._pending, []
            self._consumed = self._fed
        if pending:
            fresh = np.concatenate(pending)
            self._loudest = max(self._loudest, level_dbfs(fresh))
            self._speech.feed(fresh)
            self._buffer = np.concatenate([self._buffer, fresh])
            self.max_buffered_s = max(self.max_buffered_s, self._buffer.size / SAMPLE_RATE)

    def _run(self) -> None:
        step = self.tuning.step_s * SAMPLE_RATE
        while True:
            with self._cond:
                while not self._stopping and self._fed - self._consumed < step:
                    self._cond.wait()
                if self._stopping:
                    return
            self._take_pending()
            try:
                while self._step() and not self._stopping:
                    pass  # a commit may leave further finished phrases behind it (audio that arrived in a burst)
            except Exception as exc:  # noqa: BLE001 - surfaced by finish(), where the caller can act on it
                log.exception("streaming decode failed")
                self._error = exc
                return

    # -- worker steps -------------------------------------------------------------------------------------------

    def _drop(self, samples: int) -> None:
        if samples > 0:
            self._buffer = self._buffer[samples:].copy()
            self._buffer_start += samples
            self._speech.forget(self._buffer_start)

    def _step(self) -> bool:
        """One look at the uncommitted audio; True when it committed a piece (there may be more to commit)."""
        t = self.tuning
        audio = self._buffer
        regions = self._regions()
        lead_in = int(t.lead_in_s * SAMPLE_RATE)
        if not regions:
            self._drop(audio.size - lead_in)  # nothing said yet: keep only the lead-in
            return False
        if regions[0].start > lead_in:
            shift = regions[0].start - lead_in
            self._drop(shift)
            audio = self._buffer
            regions = [Region(r.start - shift, r.end - shift) for r in regions]
        pause = int(t.commit_pause_s * SAMPLE_RATE)
        phrases = _merge(regions, pause)
        closed = phrases if audio.size - phrases[-1].end >= pause else phrases[:-1]
        if closed:
            following = phrases[len(closed)].start if len(closed) < len(phrases) else audio.size
            cut = min(following, closed[-1].end + pause // 2)
            # Silero marks the end of speech a little early; the margin keeps a last soft syllable.
            spoken_until = min(cut, closed[-1].end + _END_MARGIN)
            if cut >= t.min_chunk_s * SAMPLE_RATE:
                partial = self._partial
                if len(closed) == len(phrases) and partial is not None and not partial.final_quality \
                        and self._covers(partial, spoken_until):
                    # The speaker has stopped and quick text covers it all: polish it first, a decode a release
                    # need not wait for; the next look commits the polished text without decoding again.
                    self._polish_partial()
                    return False
                self._commit(cut, spoken_until, following)
                return True
        end = self._piece_before_pause(regions)
        if end is not None:
            # Decoded at a shorter pause, and the speaker has gone on since: with the full beam, that text is final
            # for the audio it covered and is committed for free; a quick text is decoded again first.
            assert self._partial is not None
            if self._partial.final_quality:
                self._commit(end, end, end)
                return True
            self._decode_partial(self._buffer[:end], final=True, settled=False)
            return False
        if audio.size > t.max_window_s * SAMPLE_RATE:
            cut = self._forced_cut(audio, regions)
            self._commit(cut, cut, cut)  # speech goes on past the cut: only a decode ending right there will do
            return True
        due = self._partial_due(audio, regions[-1])
        if due == "polish":
            self._polish_partial()
        elif due == "pause":
            # Up to a fixed margin past the speech, not to wherever the audio had got to: the same pause gives the same
            # audio, text and cut whenever the look came, and the commit reuses this decode.
            piece = audio[:regions[-1].end + _END_MARGIN]
            short_tail = bool(self._committed) and piece.size <= self.tuning.beam_tail_s * SAMPLE_RATE
            self._decode_partial(piece, final=short_tail, settled=True)
        elif due:
            self._decode_partial(audio, final=False, settled=False)
        return False

    def _polish_partial(self) -> None:
        """Decode the quick partial's own audio again with the take's options: nothing was said since, and the same
        samples let the transcriber reuse their VAD and encoding."""
        assert self._partial is not None
        covered = self._partial.end - self._buffer_start
        self._decode_partial(self._buffer[:covered], final=True, settled=True, polish=True)

    def _piece_before_pause(self, regions: list[Region]) -> int | None:
        """Where the last decode's audio ended (buffer samples), when that was in a pause after at least
        `min_chunk_s` (`confident_chunk_s` if its full-beam text was sure) and the speaker has gone on since: a piece
        that can be committed."""
        partial = self._partial
        if partial is None or not partial.usable or not self._covers(partial, 0) or not regions:
            return None
        end = partial.end - self._buffer_start
        if end < self.tuning.confident_chunk_s * SAMPLE_RATE or regions[-1].start < end:
            return None
        if end < self.tuning.min_chunk_s * SAMPLE_RATE and partial.final_quality and not self._confident(partial):
            return None
        return None if any(r.start < end < r.end for r in regions) else end

    def _confident(self, partial: _Partial) -> bool:
        return bool(partial.segments) and min(s.avg_logprob for s in partial.segments) >= self.tuning.confident_logprob

    def _regions(self) -> list[Region]:
        """Where the speech is in the buffer."""
        if self._buffer.size == 0 or level_dbfs(self._buffer) < SILENCE_DBFS:
            return []
        return self._speech.regions(self._buffer_start)

    def _forced_cut(self, audio: np.ndarray, regions: list[Region]) -> int:
        """A long stretch without a pause: cut at the last short breath, or else at the end."""
        cuts = [(a.end + b.start) // 2 for a, b in pairwise(regions)]
        usable = [c for c in cuts if self.tuning.min_chunk_s * SAMPLE_RATE <= c <= audio.size - 2 * SAMPLE_RATE]
        return usable[-1] if usable else audio.size

    def _partial_due(self, audio: np.ndarray, last: Region) -> str | None:
        """What to decode now, if anything. When the speaker pauses, a release may come next: "pause", a quick
        greedy decode (about half the time of the beam) so that text covering all the speech is ready soon, then, if
        the pause lasts, "polish" with the take's own options, the text that is kept. While speech goes on,
        "refresh", a quick decode, when the shown text gets stale. None otherwise.

        On a few cores a decode takes a good part of the time the audio takes to arrive; decoding on every step
        would leave the decoder busy with outdated audio at the moment of release.
        """
        partial = self._partial
        covered = partial.end - self._buffer_start if partial and partial.start == self._buffer_start else 0
        paused = audio.size - last.end >= self.tuning.settle_s * SAMPLE_RATE
        if partial is not None and covered >= last.end + _END_MARGIN:  # nothing said since
            return "polish" if paused and not partial.final_quality else None
        if paused:
            return "pause"
        if audio.size - covered >= self.tuning.refresh_s * SAMPLE_RATE:
            return "refresh"
        return None

    def _runs(self, audio: np.ndarray) -> list[tuple[int, int, str]]:
        """The languages to decode this uncommitted audio in (Transcriber.runs): the pinned one; else those the last
        decode found for the audio it had, when that began this audio, and for the rest judged phrase by phrase
        after the language before it (a detection costs an encoding: only new audio is judged)."""
        if self._lang is not None:
            return [(0, audio.size, self._lang)]
        partial = self._partial
        known: list[tuple[int, int, str]] = []
        if partial is not None and partial.start == self._buffer_start and partial.end - partial.start <= audio.size:
            known = partial.runs
        covered = known[-1][1] if known else 0
        if covered == audio.size:
            return known
        rest = self.transcriber.runs(audio[covered:], self.options, previous=known[-1][2] if known else self._last_lang)
        runs = list(known)
        for start, end, lang in rest:
            if runs and runs[-1][2] == lang:
                runs[-1] = (runs[-1][0], covered + end, lang)
            else:
                runs.append((covered + start, covered + end, lang))
        return runs

    def _decode(self, audio: np.ndarray, runs: list[tuple[int, int, str]], *, greedy: bool = False,
                speculative: bool = False) -> list[Segment]:
        """Decode uncommitted audio, each run in its language; the first after the committed text and audio when it
        is in their language. A `speculative` decode (before the release) raises FullDecodeNeeded rather than spend
        seconds on a loop."""
        started = time.perf_counter()
        options = replace(self.options, beam_size=1) if greedy else self.options
        segments: list[Segment] = []
        committed = join([(s.text, s.lang) for s in self._committed])
        for start, end, lang in runs:
            context = start == 0 and bool(committed) and self._last_lang == lang
            decoded = self.transcriber.segments(audio[start:end], lang, options,
                                                previous=committed[-self.tuning.prompt_chars:] if context else None,
                                                speculative=speculative,
                                                before=self._before if context and self._before.size else None)
            if context and decoded:
                decoded = [replace(decoded[0], text=drop_echo(decoded[0].text, committed)), *decoded[1:]]
            segments += decoded
        spent = time.perf_counter() - started
        self.decode_seconds += spent
        log.debug("decoded %.1f s of audio in %.2f s (beam %d, %s): %s", audio.size / SAMPLE_RATE, spent,
                  options.beam_size, [lang for _, _, lang in runs], [s.text for s in segments])
        return segments

    def _covers(self, partial: _Partial | None, spoken_until: int) -> bool:
        """The partial decoded this buffer's audio up to `spoken_until` (buffer samples) or further."""
        return partial is not None and partial.start == self._buffer_start \
            and partial.end - self._buffer_start >= spoken_until

    def _commit(self, cut: int, spoken_until: int, next_speech: int) -> None:
        """Make the audio before `cut` stable text. A final-quality partial is reused when it covers the speech up
        to `spoken_until` and none of the speech from `next_speech` on."""
        partial = self._partial
        if partial is not None and partial.final_quality and self._covers(partial, spoken_until) \
                and partial.end - self._buffer_start <= next_speech:
            segments = partial.segments
        elif self._stopping:
            return  # released meanwhile: finish() decodes what is left
        else:
            audio = self._buffer[:cut]
            segments = self._decode(audio, self._runs(audio))
        self._committed.extend(segments)
        self._last_lang = segments[-1].lang if segments else self._last_lang
        keep = int(self.tuning.context_s * SAMPLE_RATE)
        self._before = np.concatenate([self._before, self._buffer[:cut]])[-keep:]
        self._partial = None
        self._drop(cut)
        log.debug("committed %.1f s: %s", cut / SAMPLE_RATE, [s.text for s in segments])
        self._emit([])

    def _decode_partial(self, audio: np.ndarray, *, final: bool, settled: bool, polish: bool = False) -> None:
        """A quick decode or a final one; `polish` when a quick decode already covers this audio (a release need
        not wait for it), `settled` when the speaker has paused."""
        started = time.perf_counter()
        with self._state:
            if self._stopping:
                return  # released meanwhile: finish() decides what is still worth decoding
            if polish and self._partial is not None:
                self._polish = (started, self._partial.seconds * _BEAM_COST)
        usable = True
        runs = self._runs(audio)
        try:
            segments = self._decode(audio, runs, greedy=not final, speculative=True)
        except FullDecodeNeeded as exc:
            # Kept as a decode of this audio that nothing may reuse: a pause polishes it, a release decodes it.
            log.debug("speculative decode gave no text: %s", exc)
            segments, usable = [], False
        quick = self._partial
        if final and usable and quick is not None and quick.usable and quick.start == self._buffer_start \
                and quick.end == self._buffer_start + audio.size and _skipped_speech(quick.segments, segments):
            log.debug("the beam kept less than the quick decode of the same audio; the quick text stands")
            segments = quick.segments
        with self._state:
            self._polish = None
            if self._abandoned:
                return
            self._partial = _Partial(start=self._buffer_start, end=self._buffer_start + audio.size, runs=runs,
                                     segments=segments, final_quality=final, usable=usable,
                                     seconds=time.perf_counter() - started)
        self._emit(segments, settled=settled)

    def _emit(self, partial: list[Segment], *, settled: bool = False) -> None:
        if self.on_event is None or self._cancelled:
            return
        committed, _ = finish_text(self._committed, self.options)
        tentative, _ = finish_text(partial, self.options)
        text, _ = finish_text(self._committed + partial, self.options)
        self.on_event(StreamEvent(committed=committed, partial=tentative, text=text, settled=settled))

    # -- the end of the take ------------------------------------------------------------------------------------

    def finish(self) -> Transcript:
        """Decode what is not committed yet and return the whole transcript; NoSpeechError if nothing was said."""
        started = time.perf_counter()
        with self._cond:
            self._stopping = True
            self._cond.notify()
        wait: float | None = None  # how long a polish in progress is worth waiting for; None: not a polish
        with self._state:
            # A polish only improves text that already covers the speech. Unless it is nearly done, the quick text
            # stands when nothing was said since, and the release does not wait; the worker touches nothing else
            # until the polish returns, and then drops it.
            if self._polish is not None and self._partial is not None and self._partial.usable:
                polish_started, expected = self._polish
                left = polish_started + expected - started
                # A polish well past its estimate has gone wrong (a loop decoded again): no telling when it ends.
                wait = left + _POLISH_OVERRUN * expected if left <= _POLISH_WAIT * expected else 0.0
                log.debug("release during a polish, %.2f s of an expected %.2f s in: waiting up to %.2f s",
                          started - polish_started, expected, max(wait, 0.0))
        if wait is not None:
            self._worker.join(max(wait, 0.0))
            with self._state:
                self._abandoned = self._polish is not None  # still at it
        if not self._abandoned:
            self._worker.join()
        log.debug("release: decoder free after %.2f s", time.perf_counter() - started)
        if self._error is not None:
            raise self._error
        self._take_pending()
        duration = self._fed / SAMPLE_RATE
        if self._loudest < SILENCE_DBFS and not self._committed:
            raise NoSpeechError("no speech found: the recording is silent")
        audio = self._buffer
        regions = self._regions()
        end = None if self._abandoned else self._piece_before_pause(regions)
        if end is not None and self._partial is not None and self._partial.final_quality:
            self._commit(end, end, end)  # text made at the last long pause: only what came after is left
            audio = self._buffer
            regions = self._regions()
        tail: list[Segment] = []
        if regions:
            partial = self._partial
            # Silero marks the end of speech a little early; the margin keeps a last soft syllable.
            spoken_until = min(regions[-1].end + _END_MARGIN, audio.size)
            if partial is not None and partial.usable and self._covers(partial, spoken_until):
                tail = partial.segments
                log.debug("release: the last decode covers all the speech")
            else:
                self._worker.join()  # a polish left running is of no use now; the model is free after it
                tail = self._decode(audio, self._runs(audio))
        text, parts = finish_text(self._committed + tail, self.options)
        lang = main_language(self._committed + tail)
        if not text or lang is None:
            raise NoSpeechError("no speech found in the recording")
        if self.on_event is not None:
            self.on_event(StreamEvent(committed=text, partial="", text=text, settled=True))
        return Transcript(text=text, lang=lang, duration_s=duration, seconds=time.perf_counter() - started,
                          segments=parts)

    @property
    def running(self) -> bool:
        """The decoder thread is still at work (listening, or a decode left running by finish or cancel)."""
        return self._worker.is_alive()

    def wait_idle(self) -> None:
        """Block until a decode left running by finish() has ended: before the models are freed or the process
        exits, and before timing anything else on the same cores."""
        self._worker.join()

    def cancel(self, *, wait: bool = False) -> None:
        """Stop listening and throw the take away. A decode in progress finishes in the background, or, with
        `wait` (a command that is about to exit), before this returns: a process must not end mid-decode."""
        self._cancelled = True
        with self._cond:
            self._stopping = True
            self._pending = []
            self._cond.notify()
        if wait:
            self._worker.join()
