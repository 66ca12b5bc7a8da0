"""`saydo bench pipeline`: per-stage timings and accuracy on the bundled samples and the real clips.

Clips and references come from `tests/data/` (real recordings with `refs.tsv`, synthesized dictations with
`dictation/refs.jsonl`), so a fresh clone can rerun it without `../shared`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jiwer

from .report import DESIGN_NOW, BenchOptions, console, peak_rss_mb, percentile, table, write_json

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def reference_clips() -> list[tuple[Path, str, str]]:
    """(path, lang, reference transcript) for every clip with a reference."""
    clips = []
    for line in (DATA / "refs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, lang, ref = line.split("\t")
        clips.append((DATA / name, lang, ref))
    for line in (DATA / "dictation" / "refs.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        clips.append((DATA / "dictation" / item["file"], item["lang"], item["text"]))
    return clips


_PUNCT = str.maketrans("", "", "，。、！？；：“”‘’,.!?;:\"'")


def error_rate(lang: str, reference: str, hypothesis: str) -> float:
    """CER for Chinese (no word boundaries), WER for English; punctuation and case ignored."""
    ref, hyp = reference.translate(_PUNCT).lower(), hypothesis.translate(_PUNCT).lower()
    if lang == "zh":
        return jiwer.cer("".join(ref.split()), "".join(hyp.split()))
    return jiwer.wer(" ".join(ref.split()), " ".join(hyp.split()))


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    from app.pipeline import Pipeline

    pipeline = Pipeline(settings, paths)
    started = time.perf_counter()
    pipeline.transcriber  # noqa: B018 - load now so its time is reported apart from the first clip
    pipeline.parser  # noqa: B018
    now = DESIGN_NOW
    rows, items = [], []
    for path, lang, ref in reference_clips()[:options.limit]:
        t0 = time.perf_counter()
        audio = pipeline.decode(path)
        decode_s = time.perf_counter() - t0
        transcript = pipeline.transcribe(audio)
        result = pipeline.parse(transcript.text, now)
        total = time.perf_counter() - t0
        err = error_rate(lang, ref, transcript.text)
        item = {"file": path.name, "lang": lang, "duration_s": round(audio.duration_s, 2),
                "decode_s": round(decode_s, 3), "asr_s": round(transcript.seconds, 3),
                "rtf": round(transcript.real_time_factor, 3), "parse_s": round(result.seconds, 3),
                "total_s": round(total, 3), "error_rate": round(err, 3), "metric": "CER" if lang == "zh" else "WER",
                "intent": result.record.intent, "transcript": transcript.text}
        items.append(item)
        rows.append([path.name[:34], lang, item["duration_s"], item["decode_s"], item["asr_s"], item["rtf"],
                     item["parse_s"], item["total_s"], f"{item['metric']} {err:.2f}"])
    zh = [i for i in items if i["lang"] == "zh"]
    en = [i for i in items if i["lang"] == "en"]
    summary = {
        "asr_load_s": round(pipeline.load_seconds.get("asr_load", 0.0), 3),
        "llm_load_s": round(pipeline.load_seconds.get("llm_load", 0.0), 3),
        "zh_cer_mean": round(sum(i["error_rate"] for i in zh) / len(zh), 3) if zh else None,
        "en_wer_mean": round(sum(i["error_rate"] for i in en) / len(en), 3) if en else None,
        "rtf_p50": percentile([i["rtf"] for i in items], 50),
        "parse_p50_s": percentile([i["parse_s"] for i in items], 50),
        "parse_p95_s": percentile([i["parse_s"] for i in items], 95),
        "total_p50_s": percentile([i["total_s"] for i in items], 50),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "wall_s": round(time.perf_counter() - started, 1),
        "threads": settings.cpu_threads(),
        "asr_model": settings.asr.model,
        "llm_model": settings.llm.model,
    }
    console.print(table("saydo bench pipeline (seconds)",
                        ["clip", "lang", "audio", "decode", "asr", "rtf", "parse", "total", "error"], rows))
    console.print(table("summary", ["metric", "value"], [[k, v] for k, v in summary.items()]))
    path = write_json("pipeline", {"summary": summary, "items": items})
    console.print(f"[dim]wrote {path}[/]")
    return summary
