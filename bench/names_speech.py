"""The speech section of `saydo bench names`: book names on synthesized dictations, through Whisper and the corrector.

The clips (`bench/data/names_speech/`, made by `bench/tools/synth_names_speech.py`) name clients and people, some in
the bench book and some not, several of the latter sounding like a book name. The book is filed into a private store
and a real `Pipeline` runs on it, so the book reaches Whisper as the app gives it (`Pipeline.vocabulary()`, the
hint budget included) and the transcript is corrected as the app corrects it (`Pipeline.correct`). Each clip is
transcribed twice: with the book's names as vocabulary, and without them (the user's own word list only), so the
two uses of the book are seen apart.

Scored per name mention, on text normalised the same way on both sides (Simplified script, case, spaces and
punctuation ignored), since there is no heard span to align with:
- in-book clients / contacts right: the name as said occurs in the transcript, before correction and after;
- out-of-book names right: the same for names the book does not hold;
- false corrections: changes that write a book name not said in the clip, counted against the out-of-book names
  of the clip first and its ordinary words after (the same "per chance" shape as the text section);
  how many of them wrote a book name that sounds the same as the out-of-book name said (a homophone, which no
  corrector can tell apart by ear) is shown beside them;
- book names not said: book names (or aliases) the text holds more often than the words said do, before
  correction (what the vocabulary made Whisper write) and after (the whole chain);
- in the record (book vocabulary only): the corrected text understood as the app understands it, each in-book name
  as said found in the record's fields at all, and in a field that holds a name (client, contacts, attendees,
  assignee, merchant, location): what a user sees filed, after the parser had its say.
Cost is the time of the one `Pipeline.correct` per transcript that the app makes (reading the book from SQLite and
judging changes by the audio included; the audio's encoding is the one the decode just made).
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from asr import (
    Change,
    Correction,
    DecodedAudio,
    NoSpeechError,
    TranscribeOptions,
    Transcript,
    Vocabulary,
    to_simplified,
)

from .report import DESIGN_NOW, console, percentile, table, write_json
from .score import LIST_KEYS, NAME_KEYS, all_strings

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
BOOK = DATA / "names_book.jsonl"
MANIFEST = DATA / "names_speech" / "names_speech.jsonl"
VARIANTS = ("book vocabulary", "no vocabulary")
# The record fields that hold a name, as the scorer the parser is judged with counts them.
NAME_FIELDS = NAME_KEYS | LIST_KEYS
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class SpokenName:
    said: str
    kind: str  # "client" or "person"
    in_book: bool


@dataclass(frozen=True)
class Clip:
    id: str
    lang: str
    audio: Path
    said: str
    names: tuple[SpokenName, ...]


def load_clips(path: Path = MANIFEST) -> list[Clip]:
    clips = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            clips.append(Clip(row["id"], row["lang"], path.parent / row["audio"], row["said"],
                              tuple(SpokenName(n["said"], n["kind"], n["in_book"]) for n in row["names"])))
    return clips


def normalized(text: str) -> str:
    """Text as a name match sees it: Simplified, case-folded, without spaces or punctuation ("O'Brien" = "obrien")."""
    return _NOT_WORD.sub("", to_simplified(text).casefold())


def book_forms(entries: list[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Every written form of the book (names and aliases), normalised, to the name it stands for."""
    forms: dict[str, str] = {}
    for name, aliases in entries:
        for form in (name, *aliases):
            forms.setdefault(normalized(form), name)
    forms.pop("", None)
    return forms


def _book_name_counts(text: str, forms: dict[str, str]) -> Counter[str]:
    """How often each book name occurs in the text under any of its forms. Longest forms first, each masked once
    counted, so a long name is not counted again as an alias written inside it."""
    text, counts = normalized(text), Counter[str]()
    for form in sorted(forms, key=len, reverse=True):
        counts[forms[form]] += text.count(form)
        text = text.replace(form, "\0")
    return counts


def unsaid_book_names(text: str, said: str, forms: dict[str, str]) -> list[str]:
    """Book names the text holds more often than what was said does. A name said in full and heard as its alias,
    or with its alias intact and the rest misheard, is not one of them."""
    return sorted((_book_name_counts(text, forms) - _book_name_counts(said, forms)).elements())


def names_in(names: tuple[SpokenName, ...], text: str) -> list[bool]:
    """Per mention: the name occurs in the text (a name said twice must occur twice)."""
    text, seen, right = normalized(text), Counter[str](), []
    for name in names:
        key = normalized(name.said)
        seen[key] += 1
        right.append(text.count(key) >= seen[key])
    return right


def names_in_record(names: tuple[SpokenName, ...], fields: Mapping[str, Any] | None) -> list[tuple[bool, bool]]:
    """Per mention: (the name as said is in one of the record's fields, it is in one of its name fields); a take
    understood as a question (`fields` None) holds no name."""
    record = dict(fields or {})
    anywhere = [normalized(t) for t in all_strings(record)]
    named = [normalized(t) for t in all_strings({k: v for k, v in record.items() if k in NAME_FIELDS})]
    found = []
    for name in names:
        key = normalized(name.said)
        found.append((any(key in t for t in anywhere), any(key in t for t in named)))
    return found


def sounds_the_same(a: str, b: str) -> bool:
    """Two names no one can tell apart by ear: the same toneless pinyin (陈小燕, 陈晓燕), or the same letters."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(normalized(a)) == lazy_pinyin(normalized(b))


def score_clip(clip: Clip, heard: str, correction: Correction, forms: dict[str, str],
               record: Mapping[str, Any] | None = None, *, understood: bool = False) -> dict[str, Any]:
    """One clip's scores; with `understood`, also where its names ended up in the `record` its corrected text
    became (the record's fields; None for a question)."""
    said_book = {forms[normalized(n.said)] for n in clip.names if n.in_book and normalized(n.said) in forms}
    false: list[Change] = [c for c in correction.changes if c.name not in said_book]
    outside = [n.said for n in clip.names if not n.in_book]
    homophones = [c for c in false if any(sounds_the_same(c.replacement, said) for said in outside)]
    out_of_book = sum(not n.in_book for n in clip.names)
    before, after = names_in(clip.names, heard), names_in(clip.names, correction.text)
    mentions = [{"said": n.said, "kind": n.kind, "in_book": n.in_book, "before": b, "after": a}
                for n, b, a in zip(clip.names, before, after, strict=True)]
    if understood:
        for mention, (anywhere, named) in zip(mentions, names_in_record(clip.names, record), strict=True):
            mention.update(in_record=anywhere, in_name_field=named)
    return {"id": clip.id, "lang": clip.lang, "said": clip.said, "heard": heard, "corrected": correction.text,
            "mentions": mentions, "changes": len(correction.changes),
            "changed": [f"{c.heard} → {c.replacement}" for c in correction.changes],
            "false_changes": [f"{c.heard} → {c.replacement}" for c in false],
            "false_homophones": [f"{c.heard} → {c.replacement}" for c in homophones],
            "out_of_book_changed": min(len(false), out_of_book), "ordinary_changed": len(false) > out_of_book,
            "unsaid_before": unsaid_book_names(heard, clip.said, forms),
            "unsaid_after": unsaid_book_names(correction.text, clip.said, forms)}


def _rate(hits: int, n: int) -> float | None:
    return hits / n if n else None


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    summary: dict[str, Any] = {"utterances": n}
    for label, kind, in_book in (("clients", "client", True), ("contacts", "person", True),
                                 ("out_of_book", None, False)):
        ms = [m for r in results for m in r["mentions"] if m["in_book"] == in_book and kind in (None, m["kind"])]
        summary.update({f"{label}_n": len(ms), f"{label}_right_before": _rate(sum(m["before"] for m in ms), len(ms)),
                        f"{label}_right_after": _rate(sum(m["after"] for m in ms), len(ms))})
        if in_book and any("in_record" in m for m in ms):
            summary.update({f"{label}_in_record": _rate(sum(m["in_record"] for m in ms), len(ms)),
                            f"{label}_in_name_field": _rate(sum(m["in_name_field"] for m in ms), len(ms))})
    chances = summary["out_of_book_n"] + n
    oob_changed = sum(r["out_of_book_changed"] for r in results)
    ordinary = sum(r["ordinary_changed"] for r in results)
    summary.update(
        changes=sum(r["changes"] for r in results),
        false_changes=sum(len(r["false_changes"]) for r in results),
        false_homophones=sum(len(r.get("false_homophones", ())) for r in results),
        out_of_book_changed=_rate(oob_changed, summary["out_of_book_n"]),
        ordinary_changed=_rate(ordinary, n),
        false_corrections=_rate(oob_changed + ordinary, chances),
        unsaid_book_names_before=_rate(sum(len(r["unsaid_before"]) for r in results), chances),
        unsaid_book_names_after=_rate(sum(len(r["unsaid_after"]) for r in results), chances),
    )
    return summary


def file_book(store: Any, path: Path = BOOK) -> int:
    """The bench book into the store's client book as `saydo clients import` files a client file: one row per client
    with its contacts, in one transaction."""
    from records import BookRow, ClientBook, Contact

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    entries = [r for r in rows if r["type"] == "book"]
    contacts: dict[str | None, list[Contact]] = {}
    for row in entries:
        if row["kind"] == "person":
            contacts.setdefault(row.get("company") or None, []).append(
                Contact(row["name"], row.get("title") or None, tuple(row.get("aliases", ()))))
    book_rows = [BookRow(0, r["name"], tuple(r.get("aliases", ())), tuple(contacts.pop(r["name"], ())))
                 for r in entries if r["kind"] == "client"]
    book_rows += [BookRow(0, company, (), tuple(people)) for company, people in contacts.items()]
    changes = ClientBook(store).import_rows(book_rows)
    if changes.problems:
        raise ValueError(f"the bench book does not import: {changes.problems}")
    return len(entries)


def _transcribe(pipeline: Any, clip: Clip, options: TranscribeOptions) -> tuple[Transcript, DecodedAudio]:
    audio = pipeline.decode(clip.audio)
    try:
        return pipeline.transcriber.transcribe(audio, options), audio
    except NoSpeechError as exc:
        log.warning("%s: %s", clip.id, exc)
        return Transcript("", clip.lang, audio.duration_s, 0.0), audio


def run_speech(settings: Any, paths: Any, limit: int | None, manifest: Path = MANIFEST,
               book: Path = BOOK) -> dict[str, Any]:
    """Both variants on the clips of `manifest`, the names of `book` filed as the user's client book."""
    from app.pipeline import Pipeline
    from records import ClientBook

    clips = load_clips(manifest)[:limit]
    if not clips:
        raise ValueError("no clips to measure")
    with tempfile.TemporaryDirectory(prefix="saydo-bench-names-") as tmp:
        pipeline = Pipeline(settings, replace(paths, data_dir=Path(tmp) / "data"))
        try:
            book_size = file_book(pipeline.store, book)
            forms = book_forms([(e.name, e.aliases) for e in ClientBook(pipeline.store).entries()])
            with_book = pipeline.transcribe_options()
            plain = replace(with_book, vocabulary=Vocabulary.build(settings.asr.vocabulary, settings.asr.replacements))
            pipeline.correct(clips[0].said)  # the first call loads pypinyin and builds the index: not a clip's cost
            variants: dict[str, list[dict[str, Any]]] = {}
            costs: list[float] = []
            asr_s: list[float] = []
            for variant, options in zip(VARIANTS, (with_book, plain), strict=True):
                variants[variant] = []
                for clip in clips:
                    transcript, audio = _transcribe(pipeline, clip, options)
                    started = time.perf_counter()
                    correction = pipeline.correct(transcript.text, transcript, audio)
                    costs.append((time.perf_counter() - started) * 1000)
                    understood = options is with_book
                    record = _understood(pipeline, correction.text) if understood else None
                    variants[variant].append(score_clip(clip, transcript.text, correction, forms, record,
                                                        understood=understood))
                    asr_s.append(transcript.seconds)
        finally:
            pipeline.close()
    summary = {variant: summarize(results) for variant, results in variants.items()}
    summary["by_lang"] = {variant: _by_lang(results) for variant, results in variants.items()}
    summary.update(clips=len(clips), book_size=book_size, hint=with_book.hint,
                   cost_p50_ms=percentile(costs, 50), cost_p95_ms=percentile(costs, 95),
                   asr_p50_s=percentile(asr_s, 50), asr_model=settings.asr.model)
    _print(summary)
    name = "names-speech" if manifest == MANIFEST else f"names-speech-{manifest.parent.name}"
    path = write_json(name, {"data": str(manifest), "book": str(book), "summary": summary, "items": variants})
    console.print(f"[dim]wrote {path}[/]")
    return summary


def _understood(pipeline: Any, text: str) -> dict[str, Any] | None:
    """The fields of the record `text` becomes, as the app understands it; None for a question."""
    found = pipeline.parser.understand(text, DESIGN_NOW)
    record = getattr(found, "record", None)
    return record.fields if record is not None else None


def _by_lang(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    langs = sorted({r["lang"] for r in results})
    return {lang: summarize([r for r in results if r["lang"] == lang]) for lang in langs}


def _print(s: dict[str, Any]) -> None:
    first, second = (s[v] for v in VARIANTS)

    def row(label: str, key: str, before: bool = True) -> list[Any]:
        return [label, first[f"{key}_before"] if before else None, first[f"{key}_after"],
                second[f"{key}_before"] if before else None, second[f"{key}_after"]]

    rows = [
        row(f"in-book clients right (n={first['clients_n']})", "clients_right"),
        row(f"in-book contacts right (n={first['contacts_n']})", "contacts_right"),
        *([f"in-book {label} in the record / in a name field", None,
           f"{first[f'{label}_in_record']:.3f} / {first[f'{label}_in_name_field']:.3f}", None, None]
          for label in ("clients", "contacts") if first.get(f"{label}_in_record") is not None),
        row(f"out-of-book names right (n={first['out_of_book_n']})", "out_of_book_right"),
        row("book names not said (per chance)", "unsaid_book_names"),
        ["false corrections (per chance)", None, first["false_corrections"], None, second["false_corrections"]],
        ["out-of-book names changed", None, first["out_of_book_changed"], None, second["out_of_book_changed"]],
        ["utterances with ordinary words changed", None, first["ordinary_changed"], None,
         second["ordinary_changed"]],
        ["false changes / changes", None, f"{first['false_changes']} / {first['changes']}", None,
         f"{second['false_changes']} / {second['changes']}"],
        ["  of them to a name said the same way", None, first["false_homophones"], None, second["false_homophones"]],
    ]
    columns = ["metric", *(f"{v}: {when}" for v in VARIANTS for when in ("heard", "corrected"))]
    console.print(table(f"saydo bench names, speech ({s['clips']} clips, book of {s['book_size']}, Whisper "
                        f"{s['asr_model']})", columns, rows))
    lang_rows = [[variant, lang, t["utterances"], t["clients_right_before"], t["clients_right_after"],
                  t["contacts_right_before"], t["contacts_right_after"], t["out_of_book_right_after"],
                  t["false_corrections"]]
                 for variant in VARIANTS for lang, t in s["by_lang"][variant].items()]
    console.print(table("speech, by language", ["vocabulary", "lang", "n", "clients heard", "clients corrected",
                                                 "contacts heard", "contacts corrected", "out-of-book right",
                                                 "false corrections"], lang_rows))
    console.print(f"correction cost ms p50 / p95: {s['cost_p50_ms']:.2f} / {s['cost_p95_ms']:.2f}; "
                  f"Whisper s per clip p50: {s['asr_p50_s']:.2f}")
