"""`saydo bench parse`: the parser on the development set, scored exactly as the held-out set is scored.

Record accuracy comes from the vendored project scorer (`bench/score.py`); speed (latency per utterance, tokens per
model call) is measured here. Each item carries its own reference time, so results do not depend on today's date.
Every utterance goes through `Parser.understand`, as in the app: items whose expected value is a `query` are scored
here on their filters (the vendored scorer knows only records), and a record item read as a question counts as an
error for the record scorer.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import free_text, score
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


QUERY_FILTERS = ("intent", "from", "to", "who", "text", "kind")


def _load(gold_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(record items, query items). Record items are read by the vendored scorer's own loader, unchanged."""
    record_lines, queries = [], []
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if "query" in item.get("expected", {}):
            if not isinstance(item["expected"]["query"], dict):
                raise ValueError(f"gold {gold_path}:{n}: a query item's expected.query must be an object")
            queries.append(item)
        else:
            record_lines.append(line)
    with tempfile.TemporaryDirectory() as tmp:
        records_path = Path(tmp) / gold_path.name
        records_path.write_text("\n".join(record_lines) + "\n", encoding="utf-8")
        records = score.load_gold(records_path) if record_lines else []
    return records, queries


def _same_filter(key: str, expected: Any, predicted: Any) -> bool:
    if key == "who":
        if not expected or not predicted:
            return not expected and not predicted
        return score.name_match(expected, predicted)
    if key == "text":
        return score.norm(expected or "") == score.norm(predicted or "")
    return expected == predicted


def _score_query(item: dict[str, Any], predicted: dict[str, Any] | None) -> dict[str, Any]:
    expected = item["expected"]["query"]
    fields = {key: predicted is not None and _same_filter(key, expected.get(key), predicted.get(key))
              for key in QUERY_FILTERS}
    return {"id": item["id"], "lang": item["lang"], "recognised": predicted is not None, "fields": fields,
            "all_ok": all(fields.values()), "predicted": predicted}


def _query_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    if not n:
        return {"query_n": 0}
    return {
        "query_n": n,
        "query_recognised": sum(r["recognised"] for r in results) / n,
        "query_filter_acc": sum(r["all_ok"] for r in results) / n,
        **{f"query_{key}_acc": sum(r["fields"][key] for r in results) / n for key in QUERY_FILTERS},
    }


def _is_question_set(gold_path: Path) -> bool:
    """A set of `{"utterance", "is_query"}` lines: does the parser tell a question from a record?"""
    first = next((line for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()), "{}")
    return "is_query" in json.loads(first)


def _run_questions(parser: Any, gold_path: Path) -> dict[str, Any]:
    from intents import ParseError, QueryResult

    rows = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        t0 = time.perf_counter()
        try:
            asked = isinstance(parser.understand(item["utterance"], _now(item)), QueryResult)
        except ParseError:
            asked = False
        rows.append({"id": item["id"], "is_query": item["is_query"], "asked": asked,
                     "latency_s": time.perf_counter() - t0})
    questions = [r for r in rows if r["is_query"]]
    records = [r for r in rows if not r["is_query"]]
    summary = {
        "n": len(rows),
        "accuracy": sum(r["asked"] == r["is_query"] for r in rows) / len(rows),
        "questions_recognised": sum(r["asked"] for r in questions) / max(1, len(questions)),
        "records_kept": sum(not r["asked"] for r in records) / max(1, len(records)),
        "p50_s": percentile([r["latency_s"] for r in rows], 50),
    }
    console.print(table(f"saydo bench parse ({gold_path.name}: question or record)", ["metric", "value"],
                        [[k, v] for k, v in summary.items()]))
    path = write_json(f"parse-{gold_path.stem}", {"gold": str(gold_path), "summary": summary,
                                                  "wrong": [r for r in rows if r["asked"] != r["is_query"]]})
    console.print(f"[dim]wrote {path}[/]")
    return summary


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    from app.pipeline import Pipeline
    from intents import ParseError, QueryResult

    gold_path = options.gold or DEV_SET
    if _is_question_set(gold_path):
        return _run_questions(Pipeline(settings, paths).parser, gold_path)
    record_items, query_items = _load(gold_path)
    items = [*record_items, *query_items][:options.limit]
    pipeline = Pipeline(settings, paths)
    parser = pipeline.parser
    results, predictions, query_results = [], [], []
    free_checks: list[dict[str, Any] | None] = []
    read_as_query = 0
    for item in items:
        t0 = time.perf_counter()
        calls = []
        try:
            parsed = parser.understand(item["utterance"], _now(item))
        except ParseError as exc:
            parsed = None
            prediction = {"id": item["id"], "error": str(exc)}
        if isinstance(parsed, QueryResult):
            prediction = {"id": item["id"], "query": parsed.query.filters()}
        elif parsed is not None:
            prediction = {"id": item["id"], "record": parsed.record.model_dump()}
            calls = parsed.calls
        latency = time.perf_counter() - t0
        predictions.append(prediction)
        if "query" in item["expected"]:
            query_results.append(_score_query(item, prediction.get("query")))
            continue
        if "query" in prediction:
            read_as_query += 1
            prediction = {"id": item["id"], "error": "read as a question, not a record"}
        free_checks.append(free_text.check_item(item, prediction.get("record")))
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
    query = _query_summary(query_results)
    summary = dict(zip(["group", "n", "intent_acc", "slot_p", "slot_r", "slot_f1", "valid_rate", "p50_s", "p95_s"],
                       overall[:9], strict=True))
    summary.update(
        records_read_as_queries=read_as_query,
        **free_text.summarise(free_checks),
        **query,
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
                                                   "peak_rss_mb", "free_text_n", "free_text_ok", "free_text_kept",
                                                   "free_text_clean") if k in summary]))
    if query_results:
        console.print(table(f"queries ({len(query_results)} utterances)", ["metric", "value"],
                            [[k, v] for k, v in query.items() if k != "query_n"] +
                            [["records_read_as_queries", read_as_query]]))
    failures = [r for r in results if not r["intent_ok"] or r["slot_fail"]]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = "parse" if gold_path == DEV_SET else f"parse-{gold_path.stem}"
    (RESULTS_DIR / f"{name}-predictions.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    path = write_json(name, {
        "gold": str(gold_path),
        "summary": summary,
        "rows": [dict(zip(columns, row, strict=True)) for row in rows],
        "failures": [{"id": r["id"], "intent": r["pred_intent"], "gold_intent": r["gold_intent"],
                      "slot_fail": r["slot_fail"]} for r in failures],
        "free_text_failures": [c for c in free_checks if c is not None and not c["ok"]],
        "query_failures": [{"id": r["id"], "predicted": r["predicted"],
                            "wrong": [k for k, ok in r["fields"].items() if not ok]}
                           for r in query_results if not r["all_ok"]],
    })
    console.print(f"[dim]wrote {path}; {len(failures)} items with a wrong intent or slot[/]")
    return summary
