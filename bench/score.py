#!/usr/bin/env python3
# Vendored unchanged from the project's shared eval kit (shared/eval/score.py): the scorer the parser is judged
# with, so `saydo bench parse` numbers are comparable with the held-out evaluation.
"""Score voice-to-record parser predictions against intents.jsonl.

Usage:
    python3 score.py PREDICTIONS.jsonl [--gold intents.jsonl]
                     [--min-intent-acc 0.9] [--min-slot-f1 0.8]
                     [--by-tag] [--show-failures N]

PREDICTIONS.jsonl holds one line per item, either
    {"id": "...", "record": {"intent": "...", "fields": {...}}}
or  {"id": "...", "error": "..."}

Standard library only (Python 3.11).  See README.md for the rules.
The last line printed is always
    intent_acc=0.xxx slot_f1=0.xxx valid=N/M
Exit status: 0 ok, 1 below a --min-* threshold, 2 bad gold file / usage.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

INTENTS = ("visit_note", "task", "reminder", "meeting", "expense", "note")
NAME_KEYS = {"client", "assignee", "merchant", "location"}   # case-insensitive substring either way
LIST_KEYS = {"contacts", "attendees"}                        # every expected name matched by some element
DATE_KEYS = {"visited_on", "follow_up_on", "due", "remind_at", "starts_at", "spent_on"}  # exact string
NUM_KEYS = {"deal_value", "amount", "duration_min"}          # equal within NUM_REL_TOL
ENUM_KEYS = {"currency", "priority", "category"}             # case-insensitive exact
NUM_REL_TOL = 0.005
LIST_SPLIT = (",", "，", "、", ";", "；", "/")


# ----------------------------------------------------------------- helpers
def is_null(v) -> bool:
    if v is None:
        return True
    if isinstance(v, str) and not v.strip():
        return True
    if isinstance(v, (list, tuple, dict)) and len(v) == 0:
        return True
    return False


def norm(s: str) -> str:
    return " ".join(str(s).split()).casefold()


def to_number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip().replace(",", "").replace("_", ""))
        except ValueError:
            return None
    return None


def name_match(exp, pred) -> bool:
    if isinstance(pred, dict):  # e.g. {"name": "...", "title": "..."}
        pred = " ".join(str(x) for x in pred.values() if isinstance(x, (str, int, float)))
    if not isinstance(pred, (str, int, float)) or isinstance(pred, bool):
        return False
    e, p = norm(exp), norm(pred)
    return bool(e) and bool(p) and (e in p or p in e)


def flatten_names(pred) -> list[str]:
    """Predicted list slot -> list of candidate name strings (lenient about shape)."""
    out: list[str] = []
    items = pred if isinstance(pred, (list, tuple)) else [pred]
    for el in items:
        if isinstance(el, dict):
            out.append(" ".join(str(x) for x in el.values() if isinstance(x, (str, int, float))))
        elif isinstance(el, str):
            out.append(el)
            if not isinstance(pred, (list, tuple)):
                parts = [el]
                for sep in LIST_SPLIT:
                    parts = [q for part in parts for q in part.split(sep)]
                out.extend(q for q in parts if q.strip())
        elif el is not None:
            out.append(str(el))
    return [x for x in out if x.strip()]


def slot_match(key: str, exp, pred) -> bool:
    if key in LIST_KEYS or isinstance(exp, list):
        cands = flatten_names(pred)
        exp_list = exp if isinstance(exp, list) else [exp]
        return all(any(name_match(e, c) for c in cands) for e in exp_list)
    if key in NUM_KEYS or (isinstance(exp, (int, float)) and not isinstance(exp, bool)):
        p = to_number(pred)
        if p is None:
            return False
        e = float(exp)
        return abs(p - e) <= (NUM_REL_TOL * abs(e) if e else 1e-9)
    if key in DATE_KEYS:
        return isinstance(pred, str) and pred.strip() == exp
    if key in ENUM_KEYS:
        return isinstance(pred, str) and pred.strip().casefold() == str(exp).casefold()
    if key in NAME_KEYS:
        return name_match(exp, pred)
    # unknown key: fall back to case-insensitive exact
    return isinstance(pred, str) and norm(pred) == norm(exp)


def all_strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in all_strings(v)]
    if isinstance(obj, (list, tuple)):
        return [s for v in obj for s in all_strings(v)]
    return []


def prf(correct: int, pred: int, gold: int):
    p = correct / pred if pred else (1.0 if not gold else 0.0)
    r = correct / gold if gold else (1.0 if not pred else 0.0)
    f = 2 * p * r / (p + r) if (p + r) else 0.0
    return p, r, f


def fmt(x, width=6):
    return f"{x:.3f}".rjust(width) if x is not None else "n/a".rjust(width)


# ----------------------------------------------------------------- loading
def load_gold(path: Path) -> list[dict]:
    items, seen = [], set()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                it = json.loads(line)
                exp = it["expected"]
                assert isinstance(it["id"], str) and exp["intent"] in INTENTS
                assert isinstance(exp["fields"], dict)
            except Exception as e:  # noqa: BLE001
                sys.exit(f"gold {path}:{n}: bad item ({e})")
            if it["id"] in seen:
                sys.exit(f"gold {path}:{n}: duplicate id {it['id']}")
            seen.add(it["id"])
            it["_mm"] = list(exp.get("must_mention", it.get("must_mention", [])) or [])
            items.append(it)
    if not items:
        sys.exit(f"gold {path}: no items")
    return items


def load_preds(path: Path, gold_ids: set[str]):
    preds: dict[str, dict] = {}
    stats = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            stats["lines"] += 1
            try:
                obj = json.loads(line)
                pid = obj["id"]
                assert isinstance(pid, str)
            except Exception:  # noqa: BLE001
                stats["unparseable"] += 1
                continue
            if pid not in gold_ids:
                stats["unknown_id"] += 1
                continue
            if pid in preds:
                stats["duplicate"] += 1
            preds[pid] = obj
    return preds, stats


def classify(pred_obj):
    """-> (status, record|None); status in ok / error / invalid / missing."""
    if pred_obj is None:
        return "missing", None
    if "error" in pred_obj and pred_obj.get("record") is None:
        return "error", None
    rec = pred_obj.get("record")
    if not isinstance(rec, dict):
        return "invalid", None
    intent, fields = rec.get("intent"), rec.get("fields")
    if not isinstance(intent, str) or intent.strip() not in INTENTS or not isinstance(fields, dict):
        return "invalid", None
    return "ok", rec


# ----------------------------------------------------------------- scoring
class Acc:
    def __init__(self):
        self.n = self.intent_ok = self.valid = 0
        self.gold = self.pred = self.correct = 0
        self.mm_total = self.mm_hit = 0

    def add(self, r):
        self.n += 1
        self.intent_ok += r["intent_ok"]
        self.valid += r["status"] == "ok"
        self.gold += r["gold"]
        self.pred += r["pred"]
        self.correct += r["correct"]
        self.mm_total += r["mm_total"]
        self.mm_hit += r["mm_hit"]

    def row(self):
        p, r, f = prf(self.correct, self.pred, self.gold)
        has_slots = self.gold or self.pred
        return dict(
            n=self.n,
            intent=self.intent_ok / self.n if self.n else None,
            p=p if has_slots else None, r=r if has_slots else None, f=f if has_slots else None,
            mm=self.mm_hit / self.mm_total if self.mm_total else None,
            valid=self.valid,
        )


def score_item(item, pred_obj):
    exp = item["expected"]
    status, rec = classify(pred_obj)
    fields = rec["fields"] if rec else {}
    res = dict(id=item["id"], status=status,
               intent_ok=int(bool(rec) and rec["intent"].strip() == exp["intent"]),
               pred_intent=(rec["intent"].strip() if rec else status),
               gold=0, pred=0, correct=0, mm_total=0, mm_hit=0, slot_fail=[], mm_miss=[], slots=[])
    for key, e in exp["fields"].items():
        p = fields.get(key) if rec else None
        e_null, p_null = is_null(e), is_null(p)
        ok = (not e_null and not p_null and slot_match(key, e, p))
        res["gold"] += not e_null
        res["pred"] += not p_null
        res["correct"] += ok
        res["slots"].append((key, not e_null, not p_null, ok))
        if not ok and not (e_null and p_null):
            res["slot_fail"].append((key, e, p))
    text = norm(" ".join(all_strings(fields))) if rec else ""
    for w in item["_mm"]:
        res["mm_total"] += 1
        if rec and norm(w) in text:
            res["mm_hit"] += 1
        else:
            res["mm_miss"].append(w)
    return res


def print_table(title, groups):
    print(f"\n{title}")
    print(f"  {'group':<18}{'n':>5}{'intent':>8}{'slotP':>8}{'slotR':>8}{'slotF1':>8}{'mention':>9}{'valid':>8}")
    for name, acc in groups:
        r = acc.row()
        print(f"  {name:<18}{r['n']:>5}{fmt(r['intent'], 8)}{fmt(r['p'], 8)}{fmt(r['r'], 8)}"
              f"{fmt(r['f'], 8)}{fmt(r['mm'], 9)}{r['valid']:>8}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("predictions", type=Path, help="predictions JSONL")
    ap.add_argument("--gold", type=Path, default=Path(__file__).with_name("intents.jsonl"))
    ap.add_argument("--min-intent-acc", type=float, default=None)
    ap.add_argument("--min-slot-f1", type=float, default=None)
    ap.add_argument("--by-tag", action="store_true", help="also print a per-tag breakdown")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N",
                    help="list up to N items with a wrong intent, slot or missed mention")
    args = ap.parse_args(argv)

    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    if not args.predictions.is_file():
        print(f"predictions file not found: {args.predictions}", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    preds, pstats = load_preds(args.predictions, {g["id"] for g in gold})

    total, by_intent, by_lang, by_tag = Acc(), defaultdict(Acc), defaultdict(Acc), defaultdict(Acc)
    by_slot = defaultdict(lambda: Counter())
    status_count, confusion = Counter(), Counter()
    results = []
    for item in gold:
        r = score_item(item, preds.get(item["id"]))
        results.append((item, r))
        total.add(r)
        by_intent[item["expected"]["intent"]].add(r)
        by_lang[item.get("lang", "?")].add(r)
        for t in item.get("tags", []):
            by_tag[t].add(r)
        for key, g, p, ok in r["slots"]:
            by_slot[key]["gold"] += g
            by_slot[key]["pred"] += p
            by_slot[key]["correct"] += ok
            by_slot[key]["exp_null"] += not g
            by_slot[key]["halluc"] += (not g) and p
        status_count[r["status"]] += 1
        if not r["intent_ok"]:
            confusion[(item["expected"]["intent"], r["pred_intent"])] += 1

    M = len(gold)
    row = total.row()
    print(f"gold: {args.gold} ({M} items)")
    print(f"predictions: {args.predictions} ({pstats['lines']} lines; unparseable {pstats['unparseable']}, "
          f"unknown id {pstats['unknown_id']}, duplicate id {pstats['duplicate']} (last one kept))")
    print(f"records: valid {status_count['ok']}, error {status_count['error']}, "
          f"invalid {status_count['invalid']}, missing {status_count['missing']}")

    print("\noverall")
    print(f"  intent accuracy   {fmt(row['intent'])}  ({total.intent_ok}/{M})")
    print(f"  slot precision    {fmt(row['p'])}  ({total.correct}/{total.pred} predicted non-null checked slots)")
    print(f"  slot recall       {fmt(row['r'])}  ({total.correct}/{total.gold} expected non-null slots)")
    print(f"  slot F1           {fmt(row['f'])}")
    print(f"  must_mention hit  {fmt(row['mm'])}  ({total.mm_hit}/{total.mm_total} words)")

    print_table("by intent (expected)", [(k, by_intent[k]) for k in INTENTS if k in by_intent])
    print_table("by language", sorted(by_lang.items()))
    if args.by_tag:
        print_table("by tag", sorted(by_tag.items(), key=lambda kv: (-kv[1].n, kv[0])))

    print("\nby slot")
    print(f"  {'slot':<14}{'gold':>6}{'pred':>6}{'ok':>6}{'P':>8}{'R':>8}{'expNull':>9}{'filled':>8}")
    for key in sorted(by_slot):
        c = by_slot[key]
        p, r, _ = prf(c["correct"], c["pred"], c["gold"])
        print(f"  {key:<14}{c['gold']:>6}{c['pred']:>6}{c['correct']:>6}{fmt(p, 8)}{fmt(r, 8)}"
              f"{c['exp_null']:>9}{c['halluc']:>8}")
    print("  (gold/pred count non-null values; expNull = expected null, filled = of those, predicted non-null)")

    if confusion:
        print("\nintent errors (expected -> predicted: count)")
        for (e, p), n in confusion.most_common():
            print(f"  {e} -> {p}: {n}")

    if args.show_failures:
        print(f"\nfailures (up to {args.show_failures})")
        shown = 0
        for item, r in results:
            if r["intent_ok"] and not r["slot_fail"] and not r["mm_miss"]:
                continue
            if shown >= args.show_failures:
                break
            shown += 1
            print(f"  {item['id']}: {item['utterance']}")
            if not r["intent_ok"]:
                print(f"    intent: expected {item['expected']['intent']}, got {r['pred_intent']}")
            for key, e, p in r["slot_fail"]:
                print(f"    {key}: expected {json.dumps(e, ensure_ascii=False)}, "
                      f"got {json.dumps(p, ensure_ascii=False)}")
            if r["mm_miss"]:
                print(f"    must_mention missing: {', '.join(r['mm_miss'])}")

    intent_acc = row["intent"] or 0.0
    slot_f1 = row["f"] if row["f"] is not None else 0.0
    fails = []
    if args.min_intent_acc is not None and intent_acc < args.min_intent_acc:
        fails.append(f"FAIL: intent accuracy {intent_acc:.3f} < {args.min_intent_acc}")
    if args.min_slot_f1 is not None and slot_f1 < args.min_slot_f1:
        fails.append(f"FAIL: slot F1 {slot_f1:.3f} < {args.min_slot_f1}")
    sys.stdout.flush()
    if fails:
        print("\n" + "\n".join(fails), file=sys.stderr)
        sys.stderr.flush()
    print(f"\nintent_acc={intent_acc:.3f} slot_f1={slot_f1:.3f} valid={status_count['ok']}/{M}", flush=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
