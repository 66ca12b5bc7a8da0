"""The one place that knows the whole chain: audio file -> transcript -> record -> store.

Models load lazily, once, and stay warm for every file a command processes. Nothing is half-written: bad audio
stops before the store is touched; a transcript the parser cannot use is still filed as a draft with its error, so
it can be fixed or replayed.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from asr import (
    AudioError,
    BookName,
    Correction,
    DecodedAudio,
    NoSpeechError,
    TranscribeOptions,
    Transcriber,
    Transcript,
    Vocabulary,
    correct_names,
    fingerprint,
    load_audio,
)
from intents import (
    Embedder,
    IntentClassifier,
    LlmError,
    ParseError,
    Parser,
    ParseResult,
    QueryResult,
    SpanExtractor,
    model_key,
    prompt_hash,
    weights_path,
)
from intents.parser import clean_text
from models import (
    DeviceChoice,
    ModelSpec,
    Progress,
    choose_device,
    ensure_model,
    get_model,
    llama_gpu_layers,
    load_with_fallback,
)
from records import AudioRef, ClientBook, LedgerEntry, Provenance, Store, StoredRecord, StoreError

from .clock import reference_now
from .private import copy_private, private_dir, secure_home
from .settings import Paths, Settings

log = logging.getLogger(__name__)

QUESTION_NOT_FILED = "a question, answered from your records rather than filed"

StatusHook = Callable[[str], None]
"""Tells the user what slow thing is happening now (loading a model, decoding)."""


class NotFiled(RuntimeError):
    """The store could not take the result (locked, full disk); carries what was heard so it is not lost."""

    def __init__(self, reason: str, transcript: Transcript, record: dict | None) -> None:
        super().__init__(f"{reason}; nothing was filed")
        self.transcript = transcript
        self.record = record


@dataclass
class Outcome:
    file: Path
    transcript: Transcript
    record_id: str
    parse: ParseResult | None
    error: str | None
    timings: dict[str, float] = field(default_factory=dict)
    # Names written the client book's way; `transcript` is as heard, the parse read the corrected text.
    correction: Correction | None = None
    # The take asked a question: nothing was filed (a file's draft is kept, discarded; a live take with its
    # transcript stores nothing), the caller answers it.
    query: QueryResult | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load_transcriber(directory: Path, model_id: str, settings: Settings) -> tuple[Transcriber, DeviceChoice]:
    """A Whisper model on CUDA when it is there and works; otherwise on the CPU, with a warning rather than a crash
    (cuDNN missing, driver mismatch). Returns the model and the device it really got."""
    cfg = settings.asr
    return load_with_fallback(
        lambda device, compute_type: Transcriber(directory, device=device, compute_type=compute_type,
                                                 threads=settings.cpu_threads(), model_id=model_id),
        choose_device(cfg.device, cfg.compute_type))


def load_extractor(model_file: Path, model_id: str, settings: Settings) -> SpanExtractor:
    """The LLM, warmed up (the system prompt is in its cache), with GPU layers only where llama.cpp can offload."""
    cfg = settings.llm
    extractor = SpanExtractor(model_file, model_id=model_id, threads=settings.cpu_threads(), context=cfg.context,
                              gpu_layers=llama_gpu_layers(cfg.gpu_layers))
    extractor.warm_up()
    return extractor


def load_parser(model_file: Path, model_id: str, settings: Settings) -> Parser:
    """The LLM for spans and, when weights for this model ship, the intent classifier on its embeddings."""
    extractor = load_extractor(model_file, model_id, settings)
    weights = weights_path(model_key(model_file))
    if not weights.exists():
        log.info("no intent classifier for %s; keyword cues and the model decide the intent", model_id)
        return Parser(extractor)
    embed = Embedder(model_file, threads=settings.cpu_threads(), gpu_layers=llama_gpu_layers(settings.llm.gpu_layers))
    return Parser(extractor, IntentClassifier(weights, embed))


class Pipeline:
    def __init__(self, settings: Settings, paths: Paths, *, status: StatusHook | None = None,
                 model_progress: Callable[[ModelSpec], Progress] | None = None,
                 transcriber: Transcriber | None = None, parser: Parser | None = None) -> None:
        """`transcriber` and `parser` share models already loaded elsewhere (the app's worker, tests)."""
        self.settings = settings
        self.paths = paths
        self._status = status or (lambda _msg: None)
        self._model_progress = model_progress
        self._transcriber = transcriber
        self._parser = parser
        self._store: Store | None = None
        self._last_correction: tuple[tuple, Correction] | None = None
        self.load_seconds: dict[str, float] = {}

    def _model_dir(self, model_id: str) -> Path:
        spec = get_model(model_id)
        progress = self._model_progress(spec) if self._model_progress else None
        return ensure_model(spec, self.paths.models_dir, progress)

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            cfg = self.settings.asr
            directory = self._model_dir(cfg.model)
            self._status(f"loading speech model {cfg.model}")
            started = time.perf_counter()
            self._transcriber, used = load_transcriber(directory, cfg.model, self.settings)
            if used.device == "cpu" and cfg.device == "cuda":
                self._status(f"speech model on the CPU: {used.reason}")
            self.load_seconds["asr_load"] = time.perf_counter() - started
        return self._transcriber

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            cfg = self.settings.llm
            spec = get_model(cfg.model)
            directory = self._model_dir(cfg.model)
            self._status(f"loading language model {cfg.model}")
            started = time.perf_counter()
            self._parser = load_parser(directory / spec.files[0].name, cfg.model, self.settings)
            self.load_seconds["llm_load"] = time.perf_counter() - started
        return self._parser

    @property
    def store(self) -> Store:
        if self._store is None:
            secure_home(self.paths)
            self._store = Store.open(self.paths.db_path)
        return self._store

    def close(self) -> None:
        """Release the models and the store. Callers still holding a model (a parser taken out) keep it alive."""
        self._transcriber = None
        self._parser = None
        if self._store is not None:
            self._store.close()
            self._store = None
        gc.collect()

    def vocabulary(self) -> Vocabulary:
        """The user's word list first, then the names already filed; the user's replacements."""
        cfg = self.settings.asr
        try:
            # Nothing filed yet: opening the store would create it, a side effect `saydo transcribe` must not have.
            filed = self.store.known_names() if self._store is not None or self.paths.db_path.exists() else []
        except (StoreError, OSError) as exc:  # a home that cannot be written: recognise without the names
            log.warning("no names from the store for recognition: %s", exc)
            filed = []
        return Vocabulary.build([*cfg.vocabulary, *filed], cfg.replacements)

    def transcribe_options(self) -> TranscribeOptions:
        cfg = self.settings.asr
        return TranscribeOptions(language=cfg.language, beam_size=cfg.beam_size, vad=cfg.vad,
                                 vocabulary=self.vocabulary())

    def decode(self, path: Path) -> DecodedAudio:
        self._status(f"decoding {path.name}")
        return load_audio(path)

    def transcribe(self, audio: DecodedAudio) -> Transcript:
        transcriber = self.transcriber
        self._status("transcribing")
        transcript = transcriber.transcribe(audio, self.transcribe_options())
        return replace(transcript, text=clean_text(transcript.text))

    def parse(self, text: str, now: datetime, *, cancelled: Callable[[], bool] | None = None,
              on_preview: Callable[[ParseResult], None] | None = None) -> ParseResult:
        return self.parser.parse(text, now, cancelled=cancelled, on_preview=on_preview)

    def understand(self, text: str, now: datetime, *, parsed: ParseResult | None = None,
                   heard_in: Transcript | None = None, audio: DecodedAudio | None = None) -> ParseResult | QueryResult:
        """A question to answer or a record to file: the one place that decides, for the app, `run` and `ask`.
        Names are corrected from the client book first (judged by `audio`, the take's, when given with the
        transcript it was `heard_in`). `parsed`: a parse of this text made earlier (while the user spoke), used if
        it is a record and no name needed correcting."""
        corrected = self.correct(text, heard_in, audio).text
        return self.parser.understand(corrected, now, parsed=parsed if corrected == text else None)

    def correct(self, text: str, heard_in: Transcript | None = None, audio: DecodedAudio | None = None) -> Correction:
        """The transcript with names spelled as the client book spells them; as heard when the book cannot be read.
        With the take's `audio` and the transcript it was `heard_in`, each change is judged by the audio too."""
        try:
            entries = ClientBook(self.store).entries()
        except (StoreError, OSError) as exc:
            log.warning("transcript not checked against the client book: %s", exc)
            return Correction(text, text)
        book = tuple(BookName(e.name, e.aliases, "client" if e.kind == "client" else "person", company=e.company)
                     for e in entries)
        lang = heard_in.lang if heard_in is not None and audio is not None else None
        # The app corrects a take when it decides what it is and again when it files it: once is enough.
        key = (text, book, lang, fingerprint(audio.samples) if lang else b"")
        if self._last_correction is not None and self._last_correction[0] == key:
            return self._last_correction[1]
        likelihood = None
        if lang is not None and audio is not None:
            samples, vad = audio.samples, self.settings.asr.vad
            likelihood = lambda texts: self.transcriber.text_logprobs(samples, texts, lang, vad=vad)  # noqa: E731
        correction = correct_names(text, book, likelihood)
        self._last_correction = (key, correction)
        return correction

    def _keep_audio(self, path: Path, sha256: str) -> tuple[Path | None, bool]:
        """Copy the audio into the store's folder; returns (where, whether this call created it)."""
        if self.settings.audio_retention == "never_write":
            return None, False
        private_dir(self.paths.audio_dir)
        target = self.paths.audio_dir / f"{sha256}{path.suffix.lower()}"
        if target.exists():
            return target, False
        tmp = target.with_suffix(target.suffix + ".tmp")
        try:
            copy_private(path, tmp)
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk must not leave half a recording behind
            raise
        return target, True

    def receive(self, path: Path, audio: DecodedAudio, *, source: str, sha256: str | None = None) -> str:
        """Keep the audio and file it as a draft at stage "received", before any model runs: from here on a crash
        loses nothing, and `recover` finishes the draft at the next start."""
        sha = sha256 or file_sha256(path)
        stored_path, created = self._keep_audio(path, sha)
        try:
            record_id = self.store.add(
                None, transcript="", lang=None, source=source, stage="received",
                audio=AudioRef(path=str(stored_path) if stored_path else None, sha256=sha,
                               duration_s=round(audio.duration_s, 3)),
            )
            log.info("received %s as draft %s", path.name, record_id)
            return record_id
        except Exception:
            if created and stored_path:
                stored_path.unlink(missing_ok=True)  # no record, no orphan copy
            raise

    def process_file(self, path: Path, now: datetime, *, source: str = "file") -> Outcome:
        """Decode, keep, transcribe, parse: one file becomes a draft. Raises AudioError for unusable audio (nothing
        stored), NoSpeechError when nothing was said (kept as a discarded draft), NotFiled when the store fails."""
        started = time.perf_counter()
        audio = self.decode(path)
        try:
            record_id: str | None = self.receive(path, audio, source=source)
        except (StoreError, OSError) as exc:
            # Still transcribe and parse, so the caller can show the words; NotFiled carries them.
            log.warning("could not file %s before transcribing: %s", path, exc)
            record_id, store_error = None, exc
        outcome = self._finish(record_id, path, audio, now, timings={"decode": time.perf_counter() - started})
        if record_id is None:
            record = outcome.parse.record.model_dump() if outcome.parse else None
            raise NotFiled(str(store_error), outcome.transcript, record) from store_error
        outcome.timings["total"] = time.perf_counter() - started
        return outcome

    def process_recording(self, path: Path, audio: DecodedAudio, now: datetime, *, source: str = "hotkey",
                          transcript: Transcript | None = None, parsed: ParseResult | None = None,
                          timings: dict[str, float] | None = None) -> Outcome:
        """A live take: filed as a received draft first (so a crash loses nothing), then finished with the text the
        streaming transcriber produced (or by transcribing `audio` when there is none) and, when the words did not
        change after release, with the parse made while the user spoke. Raises like `process_file`."""
        record_id = self.receive(path, audio, source=source)
        return self._finish(record_id, path, audio, now, timings=dict(timings or {}), transcript=transcript,
                            parsed=parsed)

    def process_take(self, path: Path, audio: DecodedAudio, now: datetime, *, transcript: Transcript | None,
                     parsed: ParseResult | None = None,
                     preview: Callable[[ParseResult, Correction], None] | None = None,
                     timings: dict[str, float] | None = None) -> Outcome:
        """A live take, decided as `run` and the inbox decide (`understand`). A question is never filed: the
        Outcome carries the `query`, with no record id, and nothing is stored. A record is filed as
        `process_recording` files it, reusing `parsed` (this text's parse made while the user spoke). `preview` gets
        what the rules found, and the names corrected, when the language model must still be asked. Without a
        `transcript` the audio is transcribed as it is filed, and a question is then filed and discarded, as `run`
        does. Raises like `process_file`."""
        if transcript is not None:
            if parsed is None and preview is not None:
                correction = self.correct(transcript.text, transcript, audio)  # kept: the parse below reuses it
                try:
                    early = self.parser.preview(correction.text, now)
                except ParseError:
                    early = None  # the parse below says why
                if early is not None:
                    preview(early, correction)
            try:
                understood = self.understand(transcript.text, now, parsed=parsed, heard_in=transcript, audio=audio)
            except (ParseError, LlmError):
                understood = None  # filed as a draft below, with the reason
            if isinstance(understood, QueryResult):
                return Outcome(file=path, transcript=transcript, record_id="", parse=None, error=QUESTION_NOT_FILED,
                               timings=dict(timings or {}), query=understood)
            parsed = understood
        return self.process_recording(path, audio, now, transcript=transcript, parsed=parsed, timings=timings)

    def _finish(self, record_id: str | None, path: Path, audio: DecodedAudio | None, now: datetime, *,
                timings: dict[str, float], transcript: Transcript | None = None,
                reason: str = "understood", parsed: ParseResult | None = None) -> Outcome:
        """Run the stages a received draft still lacks, writing each one's result as it completes."""
        if transcript is not None:
            transcript = replace(transcript, text=clean_text(transcript.text))  # the live transcriber's, or stored
        else:
            assert audio is not None, "a draft without a transcript needs its audio"
            try:
                transcript = self.transcribe(audio)
            except NoSpeechError as exc:
                if record_id is None or reason != "understood":
                    raise
                # The user did record something: keep it, out of the way, in case the silence gate was wrong.
                self.store.advance(record_id, "done", error=str(exc))
                self.store.discard(record_id)
                raise NoSpeechError(f"{exc}; kept as discarded draft {record_id}") from exc
            timings["asr"] = transcript.seconds
            if record_id is not None and reason == "understood":
                self._store_step(lambda: self.store.advance(record_id, "transcribed", transcript=transcript.text,
                                                            lang=transcript.lang), transcript, None)
                log.info("transcribed draft %s", record_id)
        self._status("understanding")
        result: ParseResult | None = None
        query: QueryResult | None = None
        error: str | None = None
        correction = self.correct(transcript.text, transcript, audio)
        try:
            understood: ParseResult | QueryResult
            if parsed is not None:
                understood = parsed
            elif reason == "understood":
                understood = self.parser.understand(correction.text, now)
            else:
                understood = self.parse(correction.text, now)  # a replay re-reads a record, never a question
            timings["parse"] = understood.seconds
            if isinstance(understood, QueryResult):
                query, error = understood, QUESTION_NOT_FILED
            else:
                result = understood
                if audio is not None and audio.warning:
                    result.warnings.insert(0, audio.warning)  # a file cut short: said on the card and by `run`
        except (ParseError, LlmError) as exc:
            error = str(exc)
        outcome = Outcome(file=path, transcript=transcript, record_id=record_id or "", parse=result, error=error,
                          timings=timings, correction=correction, query=query)
        if record_id is not None:
            record = result.record.model_dump() if result else None
            self._store_step(lambda: self._file_result(record_id, transcript, correction, result, record, timings,
                                                       error, reason), transcript, record)
            if query is not None:
                self._store_step(lambda: self.store.discard(record_id), transcript, None)
            log.info("draft %s done (%s)", record_id, "a question" if query else reason)
        return outcome

    def _store_step(self, step: Callable[[], object], transcript: Transcript | None, record: dict | None) -> None:
        try:
            step()
        except (StoreError, OSError) as exc:
            if transcript is None:
                raise
            # The draft and its audio are already stored; the next start finishes it.
            raise NotFiled(str(exc), transcript, record) from exc

    def _file_result(self, record_id: str, transcript: Transcript, correction: Correction, result: ParseResult | None,
                     record: dict | None, timings: dict[str, float], error: str | None, reason: str) -> None:
        provenance = Provenance(asr_model=self.settings.asr.model, llm_model=self.settings.llm.model,
                                prompt_hash=prompt_hash(),
                                grammar_hash=result.calls[0].grammar_hash if result and result.calls else None,
                                timings={k: round(v, 4) for k, v in timings.items()})
        heard = transcript.text if correction.changes else None
        if record is None:
            self.store.advance(record_id, "done", transcript=correction.text, lang=transcript.lang, error=error,
                               provenance=provenance, heard=heard)
            return
        ledger = [LedgerEntry(stage="parse", model_id=c.model_id, prompt_tokens=c.prompt_tokens,
                              output_tokens=c.output_tokens, latency_s=round(c.latency_s, 4),
                              grammar_hash=c.grammar_hash) for c in (result.calls if result else [])]
        self.store.revise(record_id, record, reason, provenance=provenance, ledger=ledger,
                          transcript=correction.text, lang=transcript.lang, heard=heard)

    # --- finishing what a crash left, and re-running with today's models -------------------------------------------

    def recorded_at(self, row: StoredRecord) -> datetime:
        """When a stored recording was made, in the user's zone: relative dates in it ("明天") mean that day."""
        return reference_now(row.created_at, self.settings.timezone).replace(second=0, microsecond=0)

    def recover(self) -> list[tuple[str, Outcome | Exception]]:
        """Finish every draft a crash left short of "done", after adopting audio copied just before a crash.

        Returns (record id, outcome or the error that stopped it) per draft; one bad draft does not stop the rest.
        """
        self._adopt_orphan_audio()
        results: list[tuple[str, Outcome | Exception]] = []
        for row in self.store.unfinished():
            try:
                results.append((row.id, self._resume(row)))
            except (AudioError, NotFiled, StoreError, OSError) as exc:
                log.warning("could not finish draft %s: %s", row.id, exc)
                results.append((row.id, exc))
        return results

    def _adopt_orphan_audio(self) -> None:
        if not self.paths.audio_dir.is_dir():
            return
        for path in sorted(self.paths.audio_dir.iterdir()):
            if path.suffix == ".tmp":
                path.unlink(missing_ok=True)  # a copy cut short; its source is still where it came from
                continue
            if path.is_file() and not self.store.ids_for_audio(path.stem):
                log.info("adopting audio %s that was copied but never filed", path.name)
                self.receive(path, load_audio(path), source="file", sha256=path.stem)

    def _stored_audio(self, row: StoredRecord) -> Path:
        if row.audio is None or not row.audio.path:
            raise AudioError(f"the audio of {row.id} was not kept (audio retention), so it cannot be re-run")
        path = Path(row.audio.path)
        if not path.is_file():
            raise AudioError(f"the audio of {row.id} is missing: {path}")
        return path

    def _resume(self, row: StoredRecord) -> Outcome:
        if row.stage == "transcribed":
            transcript = Transcript(text=row.transcript, lang=row.lang or "zh",
                                    duration_s=row.audio.duration_s or 0.0 if row.audio else 0.0, seconds=0.0)
            path = Path(row.audio.path) if row.audio and row.audio.path else Path(row.id)
            return self._finish(row.id, path, None, self.recorded_at(row), timings={}, transcript=transcript)
        try:
            path = self._stored_audio(row)
            audio = load_audio(path)
        except AudioError as exc:
            self.store.advance(row.id, "done", error=str(exc))
            raise
        return self._finish(row.id, path, audio, self.recorded_at(row), timings={})

    def replay(self, record_id: str) -> Outcome:
        """Re-run speech recognition and parsing on a record's stored audio with the models configured today.

        The result is a new revision (the old transcript and fields stay in the history); dates are read relative
        to when the recording was made.
        """
        row = self.store.get(record_id)
        path = self._stored_audio(row)
        audio = self.decode(path)
        reason = f"replayed with {self.settings.asr.model} and {self.settings.llm.model}"
        return self._finish(row.id, path, audio, self.recorded_at(row), timings={}, reason=reason)
