"""Utterance -> validated Record: self-corrections, rule cues, the LLM's spans, deterministic normalisation."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from . import notices
from .classify import IntentClassifier, IntentScores
from .fields import Context, spans_from_rules
from .llm import LlmCall, LlmCancelled, LlmError, SpanExtractor
from .normalize import ambiguities, apply_corrections, find_datetimes, find_money, parse_money, to_simplified
from .query import read_query, recognise_query
from .registry import REGISTRY
from .rules import IntentGuess, fix_asr_slips, guess_intent, language_of
from .schema import Query, Record

log = logging.getLogger(__name__)

_FILLER = re.compile(r"[嗯啊呃哦唉诶那个就是然后这个um uh er ah hmm\s\W_]+", re.IGNORECASE)
_SELF_TASK = re.compile(r"^(我(得|要|需要|必须|今天|明天)|i (need|have|must|should|got) to\b|i'll\b|i will\b)",
                        re.IGNORECASE)
# When a record cannot be built as the model's intent (no time for a reminder, no amount for an expense), the
# nearest intent that needs less keeps what was said instead of failing.


_PAST = re.compile(r"了|过|刚|已经|昨天|今天|前天|上周|上次|visited|met\b|had\b|talked|spoke|stopped|came|went|"
                   r"got\b|just\b|yesterday|today|this morning|last\b", re.IGNORECASE)


_COMPANY = re.compile(r"跟|和|与|同|\bwith\b", re.IGNORECASE)


def _appointment(text: str, now: datetime) -> bool:
    """A clock time ahead plus someone to be with ("后天中午和老周吃个饭") is a meeting, named or not."""
    ahead = [f for f in find_datetimes(text, now) if f.kind in ("datetime", "offset")
             and f.value > now.strftime("%Y-%m-%dT%H:%M")]
    return bool(ahead) and bool(_COMPANY.search(text)) and not _PAST.search(text)


def _planned(text: str, now: datetime) -> bool:
    """A visit spoken of only in the future tense, with a date ahead."""
    found = find_datetimes(text, now)
    return bool(found) and found[0].value[:10] > now.strftime("%Y-%m-%d") and not _PAST.search(text)


class ParseError(ValueError):
    """Text the parser cannot turn into a record (empty, only filler)."""


# A take is a few sentences, a record's worth; the rules' time grows with the text (100,000 characters took 13 s, 4,000
# about 1 s), so the parser reads the first 4,000 (some ten minutes of dictation) and says so. The LLM sees 600.
MAX_PARSE_CHARS = 4_000
# C0 control characters but tab and newline, and DEL: a NUL from a file or an escape sequence from a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text as it may enter a record: control characters removed, any line break a newline."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _cut_note(text: str | None) -> list[str]:
    """The warning for a text longer than the parser reads."""
    length = len(clean_text(text or ""))
    if length <= MAX_PARSE_CHARS:
        return []
    return [notices.text_cut(length, MAX_PARSE_CHARS)]


def _usable(text: str | None) -> str:
    """The text with ASR slips and self-corrections applied, or ParseError when nothing is in it."""
    text = clean_text(text or "")[:MAX_PARSE_CHARS].strip()
    if not text:
        raise ParseError("nothing to parse: the text is empty")
    if not _FILLER.sub("", text):
        raise ParseError("nothing to file: the text holds only filler words")
    # Whisper sometimes writes a few Traditional characters into Simplified text; cues and names are Simplified.
    return apply_corrections(fix_asr_slips(to_simplified(text)))


@dataclass
class ParseResult:
    record: Record
    lang: str
    seconds: float
    calls: list[LlmCall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A preview's fields that the language model would fill and the rules could not (`Parser.preview`).
    pending: tuple[str, ...] = ()


@dataclass
class QueryResult:
    """A question to answer from the store (`Parser.understand`); it is never filed."""

    query: Query
    lang: str
    seconds: float


class Parser:
    """`classifier` decides the intent when given (the app and CLI); without it keyword cues and the LLM decide."""

    def __init__(self, extractor: SpanExtractor | None, classifier: IntentClassifier | None = None) -> None:
        self.extractor = extractor
        self.classifier = classifier
        self._last_scores: tuple[tuple[str, datetime], IntentScores] | None = None

    def _needs_llm(self, intent: str | None, text: str) -> bool:
        if self.extractor is None:
            return False
        if intent in ("reminder", "note"):
            return False  # nothing to ask: their fields come from the normalizers
        if intent == "task":
            # The only span a task has is its assignee; a task the speaker does themselves needs no model.
            return not _SELF_TASK.match(text)
        return True

    def understand(self, text: str, now: datetime, *, parsed: ParseResult | None = None) -> ParseResult | QueryResult:
        """A question ("我这周有哪些待办") as a QueryResult, anything else as `parse` reads it.

        A separate entry point, so `parse` keeps its promise of always returning a record: the pipeline files what
        `parse` returns, and only callers that can answer a question (the app, `saydo ask`) ask for one.
        `parsed`: a parse of this text made earlier (while the user spoke), returned when the text is no question.
        """
        started = time.perf_counter()
        corrected = _usable(text)
        if self.classifier is None:
            return self.question(text, now) or parsed or self.parse(text, now)
        scores = self._scores(corrected, now)
        if scores.best == "query":
            return QueryResult(query=read_query(corrected, now), lang=language_of(corrected),
                               seconds=time.perf_counter() - started)
        return parsed or self.parse(text, now, scores=scores)

    @staticmethod
    def question(text: str, now: datetime) -> QueryResult | None:
        """The question the text asks, or None when it is something to file. Rules only: no model is called."""
        started = time.perf_counter()
        corrected = _usable(text)
        query = recognise_query(corrected, now)
        if query is None:
            return None
        return QueryResult(query=query, lang=language_of(corrected), seconds=time.perf_counter() - started)

    def _scores(self, corrected: str, now: datetime) -> IntentScores:
        """The classifier's reading; the last one is kept, for `preview` and the parse after it read the same text."""
        assert self.classifier is not None
        if self._last_scores is None or self._last_scores[0] != (corrected, now):
            self._last_scores = ((corrected, now), self.classifier.scores(corrected, now))
        return self._last_scores[1]

    def preview(self, text: str, now: datetime) -> ParseResult | None:
        """The record the rules and normalizers make before the language model is asked for the names: shown at once
        while `parse` waits for the model, with `pending` naming the fields the model may still fill. None when
        `parse` would ask no model (it is as quick then) or `understand` would read the text as a question."""
        corrected = _usable(text)
        scores = None
        if self.classifier is None:
            if self.question(text, now) is not None:
                return None
        else:
            scores = self._scores(corrected, now)
            if scores.best == "query":
                return None
        result = self._parse(text, now, cancelled=None, scores=scores, ask_model=False)
        return result if result.pending else None

    def parse(self, text: str, now: datetime, *, cancelled: Callable[[], bool] | None = None,
              scores: IntentScores | None = None,
              on_preview: Callable[[ParseResult], None] | None = None) -> ParseResult:
        """`cancelled`: a speculative parse gives up (LlmCancelled) once its text is stale. `scores`: the
        classifier's reading of this text, when the caller already has it. `on_preview` gets what `preview` would
        give, just before the language model is asked (never when it is not)."""
        return self._parse(text, now, cancelled=cancelled, scores=scores, ask_model=True, on_preview=on_preview)

    def _parse(self, text: str, now: datetime, *, cancelled: Callable[[], bool] | None, scores: IntentScores | None,
               ask_model: bool, on_preview: Callable[[ParseResult], None] | None = None) -> ParseResult:
        started = time.perf_counter()
        corrected = _usable(text)
        lang = language_of(corrected)
        ctx = Context(text=corrected, lang=lang, now=now, spans={})
        if self.classifier is not None:
            scores = scores or self._scores(corrected, now)
            intent: str | None = _feasible(scores, ctx)
            candidates: tuple[str, ...] = (intent,)
        else:
            guess = _guess(corrected, now)
            intent, candidates = guess.intent, guess.candidates
        calls: list[LlmCall] = []
        pending: tuple[str, ...] = ()
        if intent and (ruled := spans_from_rules(intent, corrected)) is not None:
            ctx.spans = ruled
        elif self._needs_llm(intent, corrected) and not ask_model:
            pending = tuple(REGISTRY[intent or candidates[0]].spans)
        elif self._needs_llm(intent, corrected):
            assert self.extractor is not None
            if on_preview is not None:  # the classifier's reading is made: the rules' record costs milliseconds
                on_preview(self._parse(text, now, cancelled=None, scores=scores, ask_model=False))
            try:
                ctx.spans, call = self.extractor.extract(corrected, intents=candidates, cancelled=cancelled)
                calls.append(call)
                intent = intent or ctx.spans["intent"]
            except LlmCancelled:
                raise  # a half-made record must never stand in for the parse that was wanted
            except LlmError as exc:
                log.warning("%s", exc)
                ctx.warnings.append(str(exc))
        intent = intent or candidates[0]
        if self.classifier is None and intent == "visit_note" and _planned(corrected, now):
            intent = "meeting"  # "下周三去拜访京东的刘总" is an appointment, not a report
        record = self._build(intent, ctx)
        return ParseResult(record=record, lang=lang, seconds=time.perf_counter() - started, calls=calls,
                           warnings=[*_cut_note(text), *ctx.warnings, *_ambiguity_notes(record, corrected, now)],
                           pending=pending)

    def _build(self, intent: str, ctx: Context) -> Record:
        while True:
            fields = REGISTRY[intent].build(ctx)
            if fields is not None:
                try:
                    return Record(intent=intent, fields=fields)
                except ValidationError as exc:
                    log.warning("record for %s failed validation: %s", intent, exc)
            fallback = REGISTRY[intent].fallback or "note"
            ctx.warnings.append(notices.filed_as(intent, fallback))
            intent = fallback


def _ambiguity_notes(record: Record, text: str, now: datetime) -> list[str]:
    """DESIGN: a date the words leave open ("next Tuesday") is read one way and the card asks about it."""
    said = [v for v in record.model_dump(mode="json")["fields"].values() if isinstance(v, str)]
    return [notices.date_open(a.phrase, a.chosen, a.other)
            for a in ambiguities(text, now) if any(v.startswith(a.chosen.isoformat()) for v in said)]


def _guess(text: str, now: datetime) -> IntentGuess:
    """The keyword reading, for a parser without the classifier."""
    guess = guess_intent(text, has_amount=bool(find_money(text) or parse_money(text)))
    if guess.intent is None and "reminder" not in guess.candidates and _appointment(text, now):
        return IntentGuess("meeting", ("meeting",))
    return guess


def _feasible(scores: IntentScores, ctx: Context) -> str:
    """The likeliest record intent that the text can fill: a reminder needs a time, an expense an amount.

    Builders read only the normalizers here (no spans yet), so trying them is cheap; a note always builds.
    """
    for label, _ in scores.ranked:
        if label != "query" and REGISTRY[label].build(ctx) is not None:
            ctx.warnings.clear()  # a trial build's complaints ("client not recognised") are not the record's
            return label
    return "note"
