"""`saydo bench models`: every installed model, measured the same way on whatever hardware this is.

Speech models: load time, real-time factor and CER/WER on the real clips of `tests/data/refs.tsv`. Language
models: load time, generated tokens per second and parse latency on development-set utterances. Each model runs in
a fresh process so its load time is cold and its peak memory is its own.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from multiprocessing import get_context
from typing import Any
from zoneinfo import ZoneInfo

from .parse import DEV_SET
from .pipeline import DATA, error_rate, reference_clips
from .report import BenchOptions, console, peak_rss_mb, percentile, table, write_json

DEV_UTTERANCES = 20  # enough for a stable p50 while keeping a 7B model's run to minutes on a CPU


def _real_clips() -> list[tuple[Any, str, str]]:
    return [clip for clip in reference_clips() if clip[0].parent == DATA]


def _dev_utterances(n: int) -> list[dict[str, Any]]:
    """The first `n` development items; only the utterance and its reference time are needed (no scoring)."""
    lines = [line for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines[:n]]


def _measure_asr(spec: Any, settings: Any, paths: Any, limit: int | None) -> dict[str, Any]:
    from app.pipeline import load_transcriber
    from asr import TranscribeOptions, load_audio
    from models import ensure_model

    cfg = settings.asr
    directory = ensure_model(spec, paths.models_dir)
    started = time.perf_counter()
    transcriber, used = load_transcriber(directory, spec.id, settings)
    load_s = time.perf_counter() - started
    options = TranscribeOptions(language=cfg.language, beam_size=cfg.beam_size, vad=cfg.vad)
    audio_s = asr_s = 0.0
    errors: dict[str, list[float]] = {"zh": [], "en": []}
    for path, lang, ref in _real_clips()[:limit]:
        transcript = transcriber.transcribe(load_audio(path), options)
        audio_s += transcript.duration_s
        asr_s += transcript.seconds
        errors.setdefault(lang, []).append(error_rate(lang, ref, transcript.text))
    return {"device": used.device, "compute_type": used.compute_type, "load_s": round(load_s, 3),
            "clips": sum(len(v) for v in errors.values()), "audio_s": round(audio_s, 2),
            "rtf": round(asr_s / audio_s, 3) if audio_s else None,
            "zh_cer": round(sum(errors["zh"]) / len(errors["zh"]), 3) if errors["zh"] else None,
            "en_wer": round(sum(errors["en"]) / len(errors["en"]), 3) if errors["en"] else None}


def _measure_llm(spec: Any, settings: Any, paths: Any, limit: int | None) -> dict[str, Any]:
    from app.pipeline import load_parser
    from intents import ParseError
    from models import ensure_model

    directory = ensure_model(spec, paths.models_dir)
    started = time.perf_counter()
    parser = load_parser(directory / spec.files[0].name, spec.id, settings)
    load_s = time.perf_counter() - started
    latencies: list[float] = []
    tokens, llm_s, calls, failed = 0, 0.0, 0, 0
    for item in _dev_utterances(limit or DEV_UTTERANCES):
        zone = ZoneInfo(item.get("tz", "Asia/Shanghai"))
        now = datetime.fromisoformat(item.get("now", "2026-11-23T10:00")).replace(tzinfo=zone)
        t0 = time.perf_counter()
        try:
            result = parser.parse(item["utterance"], now)
        except ParseError:
            failed += 1
            continue
        latencies.append(time.perf_counter() - t0)
        calls += len(result.calls)
        tokens += sum(c.output_tokens for c in result.calls)
        llm_s += sum(c.latency_s for c in result.calls)
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    # Generated tokens over the whole call time, prompt processing included: the speed a user waits on.
    layers = parser.extractor.gpu_layers if parser.extractor else 0
    return {"device": "cuda" if layers else "cpu", "gpu_layers": layers, "load_s": round(load_s, 3),
            "utterances": len(latencies) + failed, "llm_calls": calls,
            "tokens_per_s": round(tokens / llm_s, 1) if llm_s else None,
            "parse_p50_s": round(p50, 3) if p50 is not None else None,
            "parse_p95_s": round(p95, 3) if p95 is not None else None, "parse_failures": failed}


def _measure(model_id: str, settings: Any, paths: Any, limit: int | None) -> dict[str, Any]:
    """Runs in a child process: one model, cold."""
    from models import get_model

    spec = get_model(model_id)
    measure = _measure_asr if spec.kind == "asr" else _measure_llm
    result = measure(spec, settings, paths, limit)
    return {"model": spec.id, "kind": spec.kind, **result, "peak_rss_mb": round(peak_rss_mb(), 1)}


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    from models import catalog, is_installed

    started = time.perf_counter()
    results = []
    for spec in (s for s in catalog() if is_installed(s, paths.models_dir)):
        console.print(f"[dim]measuring {spec.id}…[/]")
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            results.append(pool.submit(_measure, spec.id, settings, paths, options.limit).result())
    rows = [[r["model"], r["kind"], r["device"], r["load_s"], r.get("rtf"), r.get("zh_cer"), r.get("en_wer"),
             r.get("tokens_per_s"), r.get("parse_p50_s"), r["peak_rss_mb"]] for r in results]
    console.print(table("saydo bench models", ["model", "kind", "device", "load s", "rtf", "zh CER", "en WER",
                                               "tok/s", "parse p50 s", "peak MB"], rows))
    data = {"models": results, "threads": settings.cpu_threads(), "wall_s": round(time.perf_counter() - started, 1)}
    path = write_json("models", data)
    console.print(f"[dim]wrote {path}[/]")
    return data
