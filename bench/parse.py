"""`saydo bench parse`: the parser on the development set, scored exactly as the held-out set is scored.

Accuracy comes from the vendored project scorer (`bench/score.py`); speed (latency per utterance, tokens per
model call) is measured here. Each item carries its own reference time, so results do not depend on today's date.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import score
from .report import RESULTS_DIR, BenchOptions, console, peak_rss_mb, percentile, table, write_json

DEV_SET = Path(__file__).resolve().parent / "data" / "parse_dev.jsonl"


def _now(item: dict[str, Any]) -> datetime:
    zone = ZoneInfo(item.get("tz", "Asia/Shanghai"))
    return datetime.fromisoformat(item.get("now", "2026-11-23T10:00")).replace(tzinfo=zone)


def _group_row(name: str, results: list[dict[str, Any]]) -> list[Any]:
    n = len(results)
    gold = sum(r["gold"] for r in results)
    pred = sum(r["pred"] for r in results)
    correct = sum(r["correct"] for r in results)
    p, r, f = score.prf(correct, pred, gold)
    latencies = [r["latency_s"] for r in results]
    calls = [x for x in results if x["llm_calls"]]
    return [name, n, sum(x["intent_ok"] for x in results) / n, p, r, f,
            sum(x["status"] == "ok" for x in results) / n,
            percentile(latencies, 50), percentile(latencies, 95), len(calls) / n,
            round(sum(x["prompt_tokens"] for x in calls) / len(calls)) if calls else 0,
            round(sum(x["output_tokens"] for x in calls) / len(calls)) if calls else 0]


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    from app.pipeline import Pipeline
    from intents import ParseError

    gold_path = options.gold or DEV_SET
    items = score.load_gold(gold_path)[:options.limit]
    pipeline = Pipeline(settings, paths)
    parser = pipeline.parser
    results, predictions = [], []
    for item in items:
        t0 = time.perf_counter()
        calls = []
        try:
            parsed = parser.parse(item["utterance"], _now(item))
            prediction = {"id": item["id"], "record": parsed.record.model_dump()}
            calls = parsed.calls
        except ParseError as exc:
            prediction = {"id": item["id"], "error": str(exc)}
        latency = time.perf_counter() - t0
        predictions.append(prediction)
        result = score.score_item(item, prediction)
        result.update(lang=item["lang"], gold_intent=item["expected"]["intent"], latency_s=latency,
                      llm_calls=len(calls), prompt_tokens=sum(c.prompt_tokens for c in calls),
                      output_tokens=sum(c.output_tokens for c in calls))
        results.append(result)

    columns = ["group", "n", "intent", "slotP", "slotR", "slotF1", "valid", "p50 s", "p95 s", "llm share",
               "tok in", "tok out"]
    overall = _group_row("all", results)
    by_lang = defaultdict(list)
    by_intent = defaultdict(list)
    for r in results:
        by_lang[r["lang"]].append(r)
        by_intent[r["gold_intent"]].append(r)
    rows = [overall] + [_group_row(f"lang {k}", v) for k, v in sorted(by_lang.items())] + \
           [_group_row(f"intent {k}", v) for k, v in sorted(by_intent.items())]
    with_llm = [r for r in results if r["llm_calls"]]
    summary = dict(zip(["group", "n", "intent_acc", "slot_p", "slot_r", "slot_f1", "valid_rate", "p50_s", "p95_s"],
                       overall[:9]))
    summary.update(
        llm_call_share=len(with_llm) / len(results),
        prompt_tokens_mean=sum(r["prompt_tokens"] for r in with_llm) / max(1, len(with_llm)),
        output_tokens_mean=sum(r["output_tokens"] for r in with_llm) / max(1, len(with_llm)),
        peak_rss_mb=round(peak_rss_mb(), 1),
        llm_model=settings.llm.model,
        threads=settings.cpu_threads(),
    )
    console.print(table(f"saydo bench parse ({gold_path.name}, {len(results)} utterances)", columns, rows))
    console.print(table("model calls", ["metric", "value"],
                        [[k, summary[k]] for k in ("llm_call_share", "prompt_tokens_mean", "output_tokens_mean",
                                                   "peak_rss_mb")]))
    failures = [r for r in results if not r["intent_ok"] or r["slot_fail"]]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = "parse" if gold_path == DEV_SET else f"parse-{gold_path.stem}"
    (RESULTS_DIR / f"{name}-predictions.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    path = write_json(name, {
        "gold": str(gold_path),
        "summary": summary,
        "rows": [dict(zip(columns, row)) for row in rows],
        "failures": [{"id": r["id"], "intent": r["pred_intent"], "gold_intent": r["gold_intent"],
                      "slot_fail": r["slot_fail"]} for r in failures],
    })
    console.print(f"[dim]wrote {path}; {len(failures)} items with a wrong intent or slot[/]")
    return summary
