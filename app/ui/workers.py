"""Model work off the GUI thread: one worker on one QThread loads the models, finishes takes and re-runs drafts.

One thread because there is one warm copy of each model: requests queue up in order (a take finished before the
models are ready simply waits for them), and the GUI thread never blocks on a model.

While the user speaks, the text is parsed speculatively: all of it when the speaker pauses, what is committed as it
becomes stable. When the final transcript is the same text (the speaker paused before releasing the key, the usual
case), the card needs no parse after release at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.pipeline import NotFiled, Outcome, Pipeline, file_sha256
from app.take import Speculation
from asr import AudioError, Correction, DecodedAudio, NoSpeechError, Transcript
from intents import LlmError, ParseError, ParseResult
from records import StoreError
from records.query import run_query

from .answer import Answered
from .card import Draft

log = logging.getLogger(__name__)


@dataclass
class Take:
    """A finished recording on its way to the card. `final` is the streamed transcript, being finished on its own
    thread from the moment of release (the model worker may still be busy with a speculative parse)."""

    recording: Any  # asr.capture.Recording
    final: Future[Transcript] | None
    now: datetime  # when it was spoken: relative dates ("明天") count from here
    released_at: float = field(default_factory=time.perf_counter)


def draft_from(outcome: Outcome, now: datetime | None = None) -> Draft:
    record = outcome.parse.record if outcome.parse else None
    changes = outcome.correction.changes if outcome.correction else []
    return Draft(record_id=outcome.record_id, transcript=outcome.transcript.text,
                 intent=record.intent if record else None, fields=dict(record.fields) if record else None,
                 warnings=list(outcome.parse.warnings) if outcome.parse else [], error=outcome.error,
                 corrections=[(c.heard, c.replacement) for c in changes], now=now)


def preview_draft(text: str, result: ParseResult, now: datetime, correction: Correction | None = None) -> Draft:
    """The card's draft for what the rules found in `text` while the language model is still to answer."""
    return Draft(record_id="", transcript=text, intent=result.record.intent, fields=dict(result.record.fields),
                 warnings=list(result.warnings), now=now, pending=result.pending,
                 corrections=[(c.heard, c.replacement) for c in correction.changes] if correction else [])


def file_take(pipeline: Pipeline, take: Take, speculated: dict[tuple[str, datetime], ParseResult],
              preview: Callable[[Draft], None] | None = None) -> Outcome | Answered:
    """Finish the take with the streamed transcript, or by transcribing the audio when there is none, reusing a
    parse of the same final text made while the user spoke. The pipeline decides whether it is a record (filed as a
    draft, audio first: nothing is lost from there on) or a question ("我这周有哪些待办"), answered here from the
    store and never filed. `preview` gets what the rules found before the language model is asked, when it must
    be."""
    recording = take.recording
    audio = DecodedAudio(samples=recording.samples)
    transcript: Transcript | None = None
    timings: dict[str, float] = {}
    if take.final is not None:
        try:
            transcript = take.final.result()
            timings["asr_tail"] = time.perf_counter() - take.released_at
        except NoSpeechError:
            # Let the full transcriber judge the whole take: it files a silent one as a discarded draft.
            transcript = None
    speculation = speculated.get((transcript.text, take.now)) if transcript is not None else None
    if speculation is not None:
        log.info("reusing the parse made while the user spoke")

    def early(result: ParseResult, correction: Correction) -> None:
        assert preview is not None and transcript is not None
        preview(preview_draft(transcript.text, result, take.now, correction))

    try:
        outcome = pipeline.process_take(recording.path, audio, take.now, transcript=transcript, parsed=speculation,
                                        preview=early if preview is not None else None, timings=timings)
    finally:
        _drop_spool_once_filed(pipeline, recording.path)
    if outcome.query is not None:
        recording.path.unlink(missing_ok=True)  # a question leaves nothing behind
        return Answered(outcome.transcript.text, run_query(pipeline.store, outcome.query.query, tz=take.now.tzinfo),
                        take.now.tzinfo)
    return outcome


def _drop_spool_once_filed(pipeline: Pipeline, path: Path) -> None:
    """The spool copy goes once the store holds the take (its own copy, or none by the retention setting); when
    filing failed it stays, and the next start files it."""
    try:
        if path.exists() and pipeline.store.ids_for_audio(file_sha256(path)):
            path.unlink()
    except (StoreError, OSError) as exc:
        log.warning("keeping the recording %s for the next start: %s", path, exc)


class ModelWorker(QObject):
    progress = Signal(str)
    ready = Signal()
    load_failed = Signal(str)
    draft_ready = Signal(object)  # Draft
    draft_preview = Signal(object)  # Draft: what the rules found, while the language model answers
    speculation_preview = Signal(object, object)  # Speculation, ParseResult: the same, for text parsed early
    answer_ready = Signal(object)  # Answered: the take was a question
    take_failed = Signal(str)
    recovered = Signal(int)  # drafts made from what the last session left behind
    replayed = Signal(str)
    replay_failed = Signal(str, str)  # record id, why

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.is_ready = False
        self.speculated: dict[tuple[str, datetime], ParseResult] = {}  # only this worker's thread touches it

    def close(self) -> None:
        """Nothing to release: the models belong to the pipeline."""

    @Slot(object)
    def speculate(self, speculation: Speculation) -> None:
        """Parse text while the user still speaks; skipped once it is stale (newer text has arrived meanwhile)."""
        key = speculation.key
        if speculation.stale.is_set() or key in self.speculated or not self.is_ready:
            return
        try:
            # Given up as soon as newer text arrives, or the final text turns out different: a stale parse must
            # not hold the model when the release comes.
            self.speculated = {key: self.pipeline.parse(
                speculation.text, speculation.now, cancelled=speculation.stale.is_set,
                on_preview=lambda result: self.speculation_preview.emit(speculation, result))}
        except (ParseError, LlmError) as exc:
            log.debug("speculative parse of %r ended: %s", speculation.text, exc)

    @Slot()
    def load(self) -> None:
        started = time.perf_counter()
        try:
            # "(id)" stays as it is in every language: the app puts the model's friendly name in its place.
            self.progress.emit(self.tr("Loading the speech model ({model})…").format(
                model=self.pipeline.settings.asr.model))
            _ = self.pipeline.transcriber  # the pipeline's parts load when first asked for
            self.progress.emit(self.tr("Loading the language model ({model})…").format(
                model=self.pipeline.settings.llm.model))
            _ = self.pipeline.parser
            _ = self.pipeline.store
        except Exception as exc:  # any model failure must reach the user, not kill the thread silently
            log.exception("models failed to load")
            self.load_failed.emit(self.tr("The models could not be loaded: {reason}").format(reason=exc))
            return
        self.is_ready = True
        log.info("models ready in %.1f s", time.perf_counter() - started)
        self.progress.emit(self.tr("Ready"))
        self.ready.emit()

    @Slot(object, object)
    def recover(self, spooled: list[Path], now: datetime) -> None:
        """File takes the last session recorded but never filed, and finish drafts a crash cut short."""
        if not self.is_ready:
            return  # the models failed to load; the leftovers stay on disk for the next start
        count = 0
        for path in spooled:
            try:
                self.pipeline.process_file(path, now, source="hotkey")
            except NoSpeechError:
                pass  # filed as a discarded draft by the pipeline
            except (AudioError, NotFiled, StoreError, OSError) as exc:
                log.warning("could not recover the recording %s: %s", path, exc)
                continue
            path.unlink(missing_ok=True)
            count += 1
        try:
            count += len(self.pipeline.recover())
        except (StoreError, OSError) as exc:
            log.warning("could not finish the drafts left by the last session: %s", exc)
        if count:
            self.recovered.emit(count)

    @Slot(object)
    def finish_take(self, take: Take) -> None:
        try:
            outcome = file_take(self.pipeline, take, self.speculated, self.draft_preview.emit)
        except NoSpeechError:
            self.take_failed.emit(self.tr("Nothing was heard, so nothing was filed (the silent take is kept with the "
                                          "discarded records, in case it was not silent)."))
            return
        except NotFiled as exc:
            log.exception("the take could not be filed")
            self.take_failed.emit(self.tr("Could not file it: {reason}. What you said: {text}").format(
                reason=exc, text=exc.transcript.text))
            return
        except Exception as exc:  # noqa: BLE001 - every take ends in a card, an answer or a failure the user sees
            log.exception("the take could not be finished")
            self.take_failed.emit(self.tr("The recording was kept but could not be finished: {reason}").format(
                reason=exc))
            return
        finally:
            self.speculated.clear()
        if isinstance(outcome, Answered):
            self.answer_ready.emit(outcome)
            return
        self.draft_ready.emit(draft_from(outcome, take.now))

    @Slot(str)
    def replay(self, record_id: str) -> None:
        try:
            self.pipeline.replay(record_id)
        except (AudioError, NoSpeechError, NotFiled, StoreError, OSError) as exc:
            self.replay_failed.emit(record_id, str(exc))
            return
        self.replayed.emit(record_id)
