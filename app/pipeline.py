"""The one place that knows the whole chain: audio file -> transcript -> record -> store.

Models load lazily, once, and stay warm for every file a command processes. Nothing is half-written: bad audio
stops before the store is touched; a transcript the parser cannot use is still filed as a draft with its error, so
it can be fixed or replayed.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from asr import DecodedAudio, TranscribeOptions, Transcriber, Transcript, load_audio
from intents import LlmError, ParseError, Parser, ParseResult, SpanExtractor, prompt_hash
from models import ModelSpec, Progress, ensure_bundled, get_model
from records import AudioRef, LedgerEntry, Provenance, Store, StoreError

from .settings import Paths, Settings

log = logging.getLogger(__name__)

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Pipeline:
    def __init__(self, settings: Settings, paths: Paths, *, status: StatusHook | None = None,
                 model_progress: Callable[[ModelSpec], Progress] | None = None) -> None:
        self.settings = settings
        self.paths = paths
        self._status = status or (lambda _msg: None)
        self._model_progress = model_progress
        self._transcriber: Transcriber | None = None
        self._parser: Parser | None = None
        self._store: Store | None = None
        self.load_seconds: dict[str, float] = {}

    def _model_dir(self, model_id: str) -> Path:
        spec = get_model(model_id)
        progress = self._model_progress(spec) if self._model_progress else None
        return ensure_bundled(spec, self.paths.models_dir, progress)

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            cfg = self.settings.asr
            directory = self._model_dir(cfg.model)
            self._status(f"loading speech model {cfg.model}")
            started = time.perf_counter()
            self._transcriber = Transcriber(directory, device=cfg.device if cfg.device != "auto" else "cpu",
                                            compute_type=cfg.compute_type, threads=self.settings.cpu_threads(),
                                            model_id=cfg.model)
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
            extractor = SpanExtractor(directory / spec.files[0].name, model_id=cfg.model,
                                      threads=self.settings.cpu_threads(), context=cfg.context,
                                      gpu_layers=cfg.gpu_layers)
            extractor.warm_up()
            self._parser = Parser(extractor)
            self.load_seconds["llm_load"] = time.perf_counter() - started
        return self._parser

    @property
    def store(self) -> Store:
        if self._store is None:
            self.paths.data_dir.mkdir(parents=True, exist_ok=True)
            self._store = Store.open(self.paths.db_path)
        return self._store

    def transcribe_options(self) -> TranscribeOptions:
        cfg = self.settings.asr
        return TranscribeOptions(language=cfg.language, beam_size=cfg.beam_size, vad=cfg.vad)

    def decode(self, path: Path) -> DecodedAudio:
        self._status(f"decoding {path.name}")
        return load_audio(path)

    def transcribe(self, audio: DecodedAudio) -> Transcript:
        transcriber = self.transcriber
        self._status("transcribing")
        return transcriber.transcribe(audio, self.transcribe_options())

    def parse(self, text: str, now: datetime) -> ParseResult:
        return self.parser.parse(text, now)

    def _keep_audio(self, path: Path, sha256: str) -> tuple[Path | None, bool]:
        """Copy the audio into the store's folder; returns (where, whether this call created it)."""
        if self.settings.audio_retention == "never_write":
            return None, False
        self.paths.audio_dir.mkdir(parents=True, exist_ok=True)
        target = self.paths.audio_dir / f"{sha256}{path.suffix.lower()}"
        if target.exists():
            return target, False
        tmp = target.with_suffix(target.suffix + ".tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(target)
        return target, True

    def process_file(self, path: Path, now: datetime, *, source: str = "file") -> Outcome:
        """Decode, transcribe, parse and store one file as a draft. Raises AudioError for unusable audio."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        audio = self.decode(path)
        timings["decode"] = time.perf_counter() - started
        transcript = self.transcribe(audio)
        timings["asr"] = transcript.seconds
        self._status("understanding")
        result: ParseResult | None = None
        error: str | None = None
        try:
            result = self.parse(transcript.text, now)
            timings["parse"] = result.seconds
        except (ParseError, LlmError) as exc:
            error = str(exc)
        sha = file_sha256(path)
        record = result.record.model_dump() if result else None
        try:
            record_id = self._file(path, sha, audio, transcript, result, record, timings, error, source)
        except (StoreError, OSError) as exc:
            raise NotFiled(str(exc), transcript, record) from exc
        timings["total"] = time.perf_counter() - started
        return Outcome(file=path, transcript=transcript, record_id=record_id, parse=result, error=error,
                       timings=timings)

    def _file(self, path: Path, sha: str, audio: DecodedAudio, transcript: Transcript, result: ParseResult | None,
              record: dict | None, timings: dict[str, float], error: str | None, source: str) -> str:
        stored_path, created = self._keep_audio(path, sha)
        try:
            return self._add(sha, stored_path, audio, transcript, result, record, timings, error, source)
        except Exception:
            if created and stored_path:
                stored_path.unlink(missing_ok=True)  # no record, no orphan copy
            raise

    def _add(self, sha: str, stored_path: Path | None, audio: DecodedAudio, transcript: Transcript,
             result: ParseResult | None, record: dict | None, timings: dict[str, float], error: str | None,
             source: str) -> str:
        llm = self.settings.llm.model
        return self.store.add(
            record,
            transcript=transcript.text,
            lang=transcript.lang,
            source=source,
            audio=AudioRef(path=str(stored_path) if stored_path else None, sha256=sha, duration_s=round(audio.duration_s, 3)),
            provenance=Provenance(asr_model=self.settings.asr.model, llm_model=llm, prompt_hash=prompt_hash(),
                                  grammar_hash=result.calls[0].grammar_hash if result and result.calls else None,
                                  timings={k: round(v, 4) for k, v in timings.items()}),
            ledger=[LedgerEntry(stage="parse", model_id=c.model_id, prompt_tokens=c.prompt_tokens,
                                output_tokens=c.output_tokens, latency_s=round(c.latency_s, 4),
                                grammar_hash=c.grammar_hash) for c in (result.calls if result else [])],
            error=error,
        )
