"""`saydo bench names`: the client-book name corrector on dictation-like transcripts, before and after correction.

The data (`bench/data/names_book.jsonl`) holds a book of clients and people, with sound-alike pairs where one side
is in the book and the other is not, and utterances as Whisper base hears them: names written with other characters
of the same or near pinyin, English names as sound-alike words, names run together. Each utterance lists its name
mentions (heard, said, in the book or not) and the expected corrected text.

Scored per mention, by where the corrector's changes fall in the heard text:
- in-book clients / contacts right: the mention reads as said, before correction and after;
- out-of-book names changed: a change touches a name that is not in the book (must stay as heard);
- ordinary text changed: a change that touches no name at all;
- wrong changes: of all changes made, the share that did not give what was said.
Cost is the time of one `NameIndex.correct` per utterance, with the bench book and with the book padded to 500
names (the size the issue asks to stay well under 20 ms with).

Then the speech section (`bench/names_speech.py`): the same book through Whisper and the app's correction, on
synthesized dictations. `--gold DIR/names_speech.jsonl` runs the speech section alone on other clips, with the book
`DIR/book.jsonl` beside them (a held-out set).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asr.names import BookName, Change, NameIndex

from .names_speech import run_speech
from .report import BenchOptions, console, percentile, table, write_json

DATA = Path(__file__).resolve().parent / "data" / "names_book.jsonl"
PADDED_BOOK = 500
TIMING_REPEATS = 5


@dataclass(frozen=True)
class Mention:
    start: int  # span in the heard text
    end: int
    heard: str
    said: str
    kind: str
    in_book: bool


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    heard: str
    expected: str
    mentions: tuple[Mention, ...]


def load(path: Path = DATA) -> tuple[list[BookName], list[Item]]:
    book, items = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["type"] == "book":
            book.append(BookName(row["name"], tuple(row.get("aliases", ())), row["kind"]))
        elif row["type"] == "utterance":
            items.append(Item(row["id"], row["lang"], row["heard"], row["expected"],
                              _locate(row["heard"], row["names"], f"{path.name}:{n}")))
        else:
            raise ValueError(f"{path.name}:{n}: unknown type {row['type']!r}")
    return book, items


def _locate(heard: str, names: list[dict[str, Any]], where: str) -> tuple[Mention, ...]:
    """Each mention's span in the heard text, found left to right (a name may occur twice in one utterance)."""
    mentions, at = [], 0
    for name in names:
        start = heard.find(name["heard"], at)
        if start < 0:
            raise ValueError(f"{where}: {name['heard']!r} is not in the heard text")
        at = start + len(name["heard"])
        mentions.append(Mention(start, at, name["heard"], name["said"], name["kind"], name["in_book"]))
    return tuple(mentions)


def _overlaps(change: Change, mention: Mention) -> bool:
    return change.start < mention.end and mention.start < change.end


def _after(mention: Mention, changes: list[Change]) -> str | None:
    """What the mention reads as after correction; None when a change cuts across it."""
    touching = [c for c in changes if _overlaps(c, mention)]
    if not touching:
        return mention.heard
    if len(touching) == 1 and (touching[0].start, touching[0].end) == (mention.start, mention.end):
        return touching[0].replacement
    return None


def score_item(item: Item, changes: list[Change], corrected: str) -> dict[str, Any]:
    mentions = [{"heard": m.heard, "said": m.said, "kind": m.kind, "in_book": m.in_book,
                 "before": m.heard == m.said, "after": _after(m, changes) == m.said} for m in item.mentions]
    stray = [c for c in changes if not any(_overlaps(c, m) for m in item.mentions)]
    wrong = [c for c in changes if any(_overlaps(c, m) and _after(m, changes) != m.said for m in item.mentions)]
    return {"id": item.id, "lang": item.lang, "mentions": mentions, "changes": len(changes),
            "wrong_changes": len(wrong) + len(stray), "ordinary_changed": bool(stray),
            "right_before": item.heard == item.expected, "right_after": corrected == item.expected,
            "corrected": corrected, "expected": item.expected,
            "changed": [f"{c.heard} → {c.replacement}" for c in changes]}


def _rate(hits: int, n: int) -> float | None:
    return hits / n if n else None


def _mention_rates(results: list[dict[str, Any]], kind: str, in_book: bool) -> tuple[int, int, int]:
    """(n, right before, right after) over mentions of one kind."""
    ms = [m for r in results for m in r["mentions"] if m["kind"] == kind and m["in_book"] == in_book]
    return len(ms), sum(m["before"] for m in ms), sum(m["after"] for m in ms)


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    clients, clients_before, clients_after = _mention_rates(results, "client", True)
    contacts, contacts_before, contacts_after = _mention_rates(results, "person", True)
    outside = [m for r in results for m in r["mentions"] if not m["in_book"]]
    changes = sum(r["changes"] for r in results)
    wrong = sum(r["wrong_changes"] for r in results)
    return {
        "utterances": n,
        "clients_n": clients,
        "clients_right_before": _rate(clients_before, clients),
        "clients_right_after": _rate(clients_after, clients),
        "contacts_n": contacts,
        "contacts_right_before": _rate(contacts_before, contacts),
        "contacts_right_after": _rate(contacts_after, contacts),
        "utterances_right_before": _rate(sum(r["right_before"] for r in results), n),
        "utterances_right_after": _rate(sum(r["right_after"] for r in results), n),
        "out_of_book_n": len(outside),
        "out_of_book_changed": _rate(sum(not m["after"] for m in outside), len(outside)),
        "ordinary_changed": _rate(sum(r["ordinary_changed"] for r in results), n),
        "changes": changes,
        "wrong_changes": _rate(wrong, changes),
        # every chance to go wrong: each out-of-book name, and each utterance's ordinary words
        "false_corrections": _rate(sum(not m["after"] for m in outside) +
                                   sum(r["ordinary_changed"] for r in results), len(outside) + n),
    }


def _padded(book: list[BookName], size: int, seed: int = 5) -> list[BookName]:
    """The bench book plus made-up names up to `size`, to time the corrector at a realistic book size."""
    rng = random.Random(seed)
    chars = ("安邦博晨达德东方丰福光海航和恒宏华汇佳嘉建金锦聚凯康"
             "蓝力联隆美明宁鹏启瑞润盛泰天通伟信兴旭阳益永源远云泽正智中卓")
    suffixes = ("科技", "银行", "医药", "物流", "快递", "集团", "软件", "数据", "能源", "制造")
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    first = ("Adam", "Bella", "Carlos", "Diana", "Ethan", "Fiona", "George", "Hannah", "Ivan", "Julia", "Kevin",
             "Laura", "Marco", "Nina", "Oscar", "Paula", "Quinn", "Rosa", "Simon", "Tara")
    last = ("Anders", "Brooks", "Castillo", "Dawson", "Eriksen", "Fischer", "Gupta", "Hartley", "Ibarra", "Jansen",
            "Keller", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quintero", "Rossi", "Sato", "Tanaka")
    words = ("Apex", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Ion", "Juniper")
    padded, seen = list(book), {b.name for b in book}
    makers = (
        lambda: BookName("".join(rng.sample(chars, 2)) + rng.choice(suffixes), (), "client"),
        lambda: BookName(rng.choice(surnames) + "".join(rng.sample(chars, rng.choice((1, 2)))), (), "person"),
        lambda: BookName(f"{rng.choice(first)} {rng.choice(last)}", (), "person"),
        lambda: BookName(f"{rng.choice(words)} {rng.choice(last)} {rng.choice(('Labs', 'Group', 'Partners'))}"),
    )
    while len(padded) < size:
        name = rng.choice(makers)()
        if name.name not in seen:
            seen.add(name.name)
            padded.append(name)
    return padded


def _cost_ms(index: NameIndex, items: list[Item]) -> list[float]:
    """Per utterance, the median of a few timed runs (the first run of all warms pypinyin's caches)."""
    index.correct(items[0].heard)
    costs = []
    for item in items:
        runs = []
        for _ in range(TIMING_REPEATS):
            t0 = time.perf_counter()
            index.correct(item.heard)
            runs.append((time.perf_counter() - t0) * 1000)
        costs.append(statistics.median(runs))
    return costs


def _build_ms(book: list[BookName]) -> tuple[NameIndex, float]:
    t0 = time.perf_counter()
    index = NameIndex(book)
    return index, (time.perf_counter() - t0) * 1000


def _by_lang_rows(results: list[dict[str, Any]]) -> list[list[Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[r["lang"]].append(r)
    rows = []
    for lang, group in sorted(groups.items()):
        s = summarize(group)
        rows.append([lang, s["utterances"], s["clients_right_before"], s["clients_right_after"],
                     s["contacts_right_before"], s["contacts_right_after"], s["out_of_book_changed"],
                     s["ordinary_changed"], s["utterances_right_after"]])
    return rows


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    if options.gold:  # another set of clips: the speech section alone, with the book that comes with them
        book_path = options.gold.parent / "book.jsonl"
        return {"speech": run_speech(settings, paths, options.limit, options.gold, book_path)}
    book, items = load()
    items = items[:options.limit]
    if not items:
        raise ValueError("no utterances to measure")
    _, first_ms = _build_ms([BookName("远航科技")])  # the first index loads pypinyin's dictionaries: timed apart
    index, build_ms = _build_ms(book)
    results = []
    for item in items:
        correction = index.correct(item.heard)
        results.append(score_item(item, correction.changes, correction.text))
    costs = _cost_ms(index, items)
    padded_index, padded_build_ms = _build_ms(_padded(book, PADDED_BOOK))
    padded_costs = _cost_ms(padded_index, items)
    summary = summarize(results)
    summary.update(book_size=len(book), first_index_ms=round(first_ms, 1), index_build_ms=round(build_ms, 1),
                   cost_p50_ms=percentile(costs, 50), cost_p95_ms=percentile(costs, 95),
                   padded_book_size=PADDED_BOOK, padded_index_build_ms=round(padded_build_ms, 1),
                   padded_cost_p50_ms=percentile(padded_costs, 50), padded_cost_p95_ms=percentile(padded_costs, 95))
    _print(summary, results)
    failures = [r for r in results if not r["right_after"]]
    path = write_json("names", {"data": str(DATA), "summary": summary, "failures": failures})
    console.print(f"[dim]wrote {path}; {len(failures)} utterances not as expected after correction[/]")
    return {**summary, "speech": run_speech(settings, paths, options.limit)}


def _print(s: dict[str, Any], results: list[dict[str, Any]]) -> None:
    rows = [
        [f"in-book clients right (n={s['clients_n']})", s["clients_right_before"], s["clients_right_after"]],
        [f"in-book contacts right (n={s['contacts_n']})", s["contacts_right_before"], s["contacts_right_after"]],
        [f"utterances exactly right (n={s['utterances']})", s["utterances_right_before"],
         s["utterances_right_after"]],
        [f"out-of-book names changed (n={s['out_of_book_n']})", None, s["out_of_book_changed"]],
        ["utterances with ordinary words changed", None, s["ordinary_changed"]],
        ["false corrections (per chance)", None, s["false_corrections"]],
        [f"wrong changes / changes (n={s['changes']})", None, s["wrong_changes"]],
        [f"cost ms p50 / p95, book of {s['book_size']}", None,
         f"{s['cost_p50_ms']:.2f} / {s['cost_p95_ms']:.2f}"],
        [f"cost ms p50 / p95, book of {s['padded_book_size']}", None,
         f"{s['padded_cost_p50_ms']:.2f} / {s['padded_cost_p95_ms']:.2f}"],
        [f"index build ms, book of {s['book_size']} / {s['padded_book_size']}", None,
         f"{s['index_build_ms']:.1f} / {s['padded_index_build_ms']:.1f}"],
        ["first index ms (loads pypinyin)", None, f"{s['first_index_ms']:.1f}"],
    ]
    console.print(table(f"saydo bench names ({s['utterances']} utterances, book of {s['book_size']})",
                        ["metric", "before", "after"], rows))
    console.print(table("by language", ["lang", "n", "clients before", "clients after", "contacts before",
                                        "contacts after", "out-of-book changed", "ordinary changed",
                                        "exact after"], _by_lang_rows(results)))
