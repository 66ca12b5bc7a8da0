"""Utterance -> validated Record: self-corrections, rule cues, the LLM's spans, deterministic normalisation."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from .fields import BUILDERS, Context
from .llm import LlmCall, LlmError, SpanExtractor
from .normalize import apply_corrections
from .rules import guess_intent, language_of
from .schema import Record

log = logging.getLogger(__name__)

_FILLER = re.compile(r"[嗯啊呃哦唉诶那个就是然后这个um uh er ah hmm\s\W_]+", re.IGNORECASE)
_DELEGATION = re.compile(r"让|叫|请|安排|交给|负责|\bfor [A-Z]|\bask\b|\bassign|\bhave [A-Z]", re.IGNORECASE)
# When a record cannot be built as the model's intent (no time for a reminder, no amount for an expense), the
# nearest intent that needs less keeps what was said instead of failing.
_FALLBACK = {"reminder": "task", "meeting": "task", "expense": "note", "task": "note", "visit_note": "note"}


class ParseError(ValueError):
    """Text the parser cannot turn into a record (empty, only filler)."""


@dataclass
class ParseResult:
    record: Record
    lang: str
    seconds: float
    calls: list[LlmCall] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Parser:
    def __init__(self, extractor: SpanExtractor | None) -> None:
        self.extractor = extractor

    def _needs_llm(self, intent: str | None, text: str) -> bool:
        if self.extractor is None:
            return False
        if intent in ("reminder", "note"):
            return False  # nothing to ask: their fields come from the normalizers
        if intent == "task":
            return bool(_DELEGATION.search(text))  # the only span a task has is a named assignee
        return True

    def parse(self, text: str, now: datetime) -> ParseResult:
        started = time.perf_counter()
        text = (text or "").strip()
        if not text:
            raise ParseError("nothing to parse: the text is empty")
        if not _FILLER.sub("", text):
            raise ParseError("nothing to file: the text holds only filler words")
        corrected = apply_corrections(text)
        lang = language_of(corrected)
        guess = guess_intent(corrected)
        intent = guess.intent
        spans: dict = {}
        calls: list[LlmCall] = []
        warnings: list[str] = []
        if self._needs_llm(intent, corrected):
            assert self.extractor is not None
            try:
                spans, call = self.extractor.extract(corrected, intents=guess.candidates)
                calls.append(call)
                intent = intent or spans["intent"]
            except LlmError as exc:
                log.warning("%s", exc)
                warnings.append(str(exc))
        intent = intent or guess.candidates[0]
        ctx = Context(text=corrected, lang=lang, now=now, spans=spans, warnings=warnings)
        record = self._build(intent, ctx)
        return ParseResult(record=record, lang=lang, seconds=time.perf_counter() - started, calls=calls,
                           warnings=ctx.warnings)

    def _build(self, intent: str, ctx: Context) -> Record:
        while True:
            fields = BUILDERS[intent](ctx)
            if fields is not None:
                try:
                    return Record(intent=intent, fields=fields)
                except ValidationError as exc:
                    log.warning("record for %s failed validation: %s", intent, exc)
            fallback = _FALLBACK[intent]
            ctx.warnings.append(f"could not fill a {intent} (missing time or amount); filed as {fallback}")
            intent = fallback
