"""The record store's contract: what goes in comes back, history is kept, ids resolve, lists filter."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from records import (
    AmbiguousRecordId,
    AudioRef,
    LedgerEntry,
    Provenance,
    RecordNotFound,
    Store,
    StoredRecord,
    StoreError,
)

from .conftest import Clock

VISIT: dict[str, Any] = {
    "intent": "visit_note",
    "fields": {
        "client": "华为",
        "contacts": ["张经理"],
        "visited_on": "2025-03-10",
        "summary": "对报价满意",
        "next_steps": ["下周三前发合同"],
        "follow_up_on": "2025-03-19",
        "deal_value": 350000.0,
        "currency": "CNY",
    },
}
VISIT_TRANSCRIPT = "帮我记录刚才的客户拜访，华为的张经理，对报价满意，下周三前发合同"
TASK: dict[str, Any] = {
    "intent": "task",
    "fields": {"title": "Send the Acme quote", "assignee": None, "due": None, "priority": "high"},
}


def add_task(store: Store, title: str = "Send the Acme quote", **kwargs: object) -> str:
    record = {"intent": "task", "fields": {**TASK["fields"], "title": title}}
    options: dict[str, Any] = {"transcript": title, "lang": "en", "source": "cli", **kwargs}
    return store.add(record, **options)


def test_round_trip_with_audio_provenance_and_ledger(store: Store) -> None:
    audio = AudioRef(path="/home/u/.local/share/saydo/audio/a.wav", sha256="ab" * 32, duration_s=4.25)
    provenance = Provenance(
        asr_model="faster-whisper-base-int8@1.2",
        llm_model="qwen2.5-0.5b-instruct-q4_k_m",
        prompt_hash="p" * 16,
        grammar_hash="g" * 16,
        timings={"capture": 4.25, "asr": 0.41, "parse": 0.37},
    )
    ledger = [
        LedgerEntry(
            "parse",
            "qwen2.5-0.5b-instruct-q4_k_m",
            prompt_tokens=412,
            output_tokens=88,
            latency_s=0.37,
            grammar_hash="g" * 16,
        ),
        LedgerEntry("asr", "faster-whisper-base-int8@1.2", prompt_tokens=0, output_tokens=31, latency_s=0.41),
    ]

    record_id = store.add(
        VISIT,
        transcript=VISIT_TRANSCRIPT,
        lang="zh",
        source="hotkey",
        audio=audio,
        provenance=provenance,
        ledger=ledger,
    )
    got = store.get(record_id)

    assert got.id == record_id
    assert got.record == VISIT
    assert (got.intent, got.fields) == (VISIT["intent"], VISIT["fields"])
    assert (got.transcript, got.lang, got.source, got.status, got.error, got.revision) == (
        VISIT_TRANSCRIPT,
        "zh",
        "hotkey",
        "draft",
        None,
        1,
    )
    assert got.created_at == "2025-03-10T09:00:00.000000+00:00"
    assert got.updated_at == got.created_at
    assert got.audio == AudioRef(audio.path, audio.sha256, 4.25, retention="kept")
    assert got.provenance == provenance
    assert [
        (e.stage, e.model_id, e.prompt_tokens, e.output_tokens, e.latency_s, e.grammar_hash) for e in got.ledger
    ] == [(e.stage, e.model_id, e.prompt_tokens, e.output_tokens, e.latency_s, e.grammar_hash) for e in ledger]
    assert all(e.created_at == got.created_at for e in got.ledger)
    # The JSON form is what exports and sinks write: it must serialise as is.
    exported = json.loads(json.dumps(got.to_dict(), ensure_ascii=False))
    assert exported["record"] == VISIT
    assert exported["provenance"]["timings"] == provenance.timings
    assert exported["audio"]["retention"] == "kept"
    assert [e["stage"] for e in exported["ledger"]] == ["parse", "asr"]


def test_record_without_audio_or_provenance(store: Store) -> None:
    record_id = add_task(store)
    got = store.get(record_id)
    assert (got.audio, got.provenance, got.ledger) == (None, None, [])


def test_audio_not_kept_is_remembered_by_hash(store: Store) -> None:
    record_id = add_task(store, audio=AudioRef(path=None, sha256="cd" * 32, duration_s=2.0))
    assert store.get(record_id).audio == AudioRef(None, "cd" * 32, 2.0, retention="not_kept")
    assert store.ids_for_audio("cd" * 32) == [record_id]
    assert store.ids_for_audio("ef" * 32) == []


def test_mark_audio_deleted_clears_path_keeps_hash(store: Store) -> None:
    record_id = add_task(store, audio=AudioRef(path="/tmp/x.wav", sha256="ab" * 32, duration_s=1.5))
    store.mark_audio_deleted(record_id)
    assert store.get(record_id).audio == AudioRef(None, "ab" * 32, 1.5, retention="deleted")
    other = add_task(store)
    with pytest.raises(StoreError, match="no audio"):
        store.mark_audio_deleted(other)


def test_unparsed_draft_keeps_its_error_until_revised(store: Store) -> None:
    record_id = store.add(None, transcript="嗯……那个……", lang="zh", source="hotkey", error="no intent recognised")
    draft = store.get(record_id)
    assert (draft.intent, draft.fields, draft.record, draft.error) == (None, None, None, "no intent recognised")
    assert [d.id for d in store.drafts()] == [record_id]

    with pytest.raises(StoreError, match="no intent recognised"):
        store.confirm(record_id)
    assert store.get(record_id).status == "draft"

    assert store.revise(record_id, {"intent": "note", "fields": {"text": "那个"}}, "typed on the card") == 2
    store.confirm(record_id)
    fixed = store.get(record_id)
    assert (fixed.status, fixed.error, fixed.record) == (
        "confirmed",
        None,
        {"intent": "note", "fields": {"text": "那个"}},
    )
    history = store.revisions(record_id)
    assert [(r.revision, r.intent, r.error) for r in history] == [
        (1, None, "no intent recognised"),
        (2, "note", None),
        (3, "note", None),
    ]


def test_revise_appends_and_keeps_the_old_revision(store: Store, clock: Clock) -> None:
    record_id = store.add(VISIT, transcript=VISIT_TRANSCRIPT, lang="zh", source="hotkey")
    edited = {"intent": "visit_note", "fields": {**VISIT["fields"], "deal_value": 380000.0}}

    assert store.revise(record_id, edited, "  deal value corrected on the card ") == 2

    current = store.get(record_id)
    assert current.record == edited
    assert current.revision == 2
    assert current.updated_at > current.created_at
    history = store.revisions(record_id)
    assert [(r.revision, r.reason, r.status) for r in history] == [
        (1, "created", "draft"),
        (2, "deal value corrected on the card", "draft"),
    ]
    assert history[0].record == VISIT
    assert history[1].record == edited
    assert history[0].created_at < history[1].created_at


def test_revisions_are_append_only_in_the_database(store: Store, db_path: Path) -> None:
    record_id = add_task(store)
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE revisions SET reason = 'rewritten' WHERE record_id = ?", [record_id])
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM revisions WHERE record_id = ?", [record_id])
    finally:
        conn.close()
    assert [r.reason for r in store.revisions(record_id)] == ["created"]


def test_revise_keeps_status_and_can_record_a_replay(store: Store) -> None:
    record_id = add_task(store)
    store.confirm(record_id)
    replay = Provenance("whisper-large-v3-turbo", "qwen2.5-7b", "p2", "g2", {"parse": 1.5})
    store.revise(
        record_id,
        TASK,
        "replayed with the large models",
        provenance=replay,
        ledger=[LedgerEntry("parse", "qwen2.5-7b", 400, 60, 1.5, "g2")],
    )
    got = store.get(record_id)
    assert got.status == "confirmed"
    assert got.provenance == replay
    assert [e.model_id for e in got.ledger] == ["qwen2.5-7b"]


def test_revise_rejects_missing_reason_or_record(store: Store) -> None:
    record_id = add_task(store)
    with pytest.raises(StoreError, match="reason"):
        store.revise(record_id, TASK, "  ")
    with pytest.raises(StoreError, match="needs a record"):
        store.revise(record_id, None, "x")  # type: ignore[arg-type]
    assert store.get(record_id).revision == 1


def test_confirm_and_discard_are_revisions(store: Store) -> None:
    record_id = add_task(store)

    assert store.confirm(record_id) == 2
    assert store.get(record_id).status == "confirmed"
    # A second key press changes nothing.
    assert store.confirm(record_id) == 2
    assert store.discard(record_id) == 3
    assert store.get(record_id).status == "discarded"
    assert store.discard(record_id) == 3
    # Undo of a discard.
    assert store.confirm(record_id) == 4

    history = store.revisions(record_id)
    assert [(r.revision, r.status, r.reason) for r in history] == [
        (1, "draft", "created"),
        (2, "confirmed", "confirmed"),
        (3, "discarded", "discarded"),
        (4, "confirmed", "confirmed"),
    ]
    assert all(r.record == TASK for r in history)


def test_unknown_ids(store: Store) -> None:
    add_task(store)
    for bad in ("01ARZ3NDEKTSV4RRFFQ69G5FAV", "ZZZZZZZZ", "not-an-id!", ""):
        with pytest.raises(RecordNotFound):
            store.get(bad)
    with pytest.raises(RecordNotFound):
        store.confirm("01ARZ3NDEKTSV4RRFFQ69G5FAV")
    with pytest.raises(RecordNotFound):
        store.revisions("01ARZ3NDEKTSV4RRFFQ69G5FAV")


def test_get_by_unique_prefix(store: Store, clock: Clock) -> None:
    first = add_task(store, "one")
    clock.set(clock.now + timedelta(days=400))  # far enough apart that the time parts differ early on
    second = add_task(store, "two")
    assert first[:6] != second[:6]

    assert store.get(first[:6]).id == first
    assert store.get(second[:8].lower()).id == second  # typed in lower case
    with pytest.raises(RecordNotFound, match="at least 6"):
        store.get(first[:5])


def test_ambiguous_prefix_is_refused(store: Store, clock: Clock) -> None:
    clock.step = timedelta(0)  # same millisecond: same 10-character time part
    first = add_task(store, "one")
    second = add_task(store, "two")
    with pytest.raises(AmbiguousRecordId) as caught:
        store.get(first[:10])
    assert set(caught.value.candidates) == {first, second}
    assert first[:10] in str(caught.value)


def test_ids_sort_in_creation_order_within_one_millisecond(store: Store, clock: Clock) -> None:
    clock.step = timedelta(0)
    made = [add_task(store, f"task {n}") for n in range(20)]
    assert made == sorted(made)
    assert len(set(made)) == 20
    assert all(len(record_id) == 26 for record_id in made)


def test_list_filters_and_order(store: Store, clock: Clock) -> None:
    clock.set(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    old_task = add_task(store, "old task")
    clock.set(datetime(2025, 3, 5, 12, 0, tzinfo=UTC))
    visit = store.add(VISIT, transcript=VISIT_TRANSCRIPT, lang="zh", source="hotkey")
    clock.set(datetime(2025, 3, 8, 12, 0, tzinfo=UTC))
    new_task = add_task(store, "new task")
    store.confirm(old_task)
    store.discard(visit)

    assert [r.id for r in store.list()] == [new_task, visit, old_task]
    assert [r.id for r in store.list(status="confirmed")] == [old_task]
    assert [r.id for r in store.list(status="draft")] == [new_task]
    assert [r.id for r in store.list(intent="task")] == [new_task, old_task]
    assert [r.id for r in store.list(intent="task", status="draft")] == [new_task]
    assert store.list(intent="expense") == []
    assert [r.id for r in store.list(limit=2)] == [new_task, visit]

    march_5 = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    assert [r.id for r in store.list(since=march_5)] == [new_task, visit]  # since is inclusive
    assert [r.id for r in store.list(until=march_5)] == [old_task]  # until is exclusive
    assert [r.id for r in store.list(since="2025-03-02T00:00:00+00:00", until="2025-03-07T00:00Z")] == [visit]
    # A naive or date bound is local time, as the user says it; noon UTC is on the same calendar day in UTC-11..+11.
    assert [r.id for r in store.list(since=date(2025, 3, 5), until=date(2025, 3, 6))] == [visit]
    assert [r.id for r in store.list(since="2025-03-08")] == [new_task]


def test_list_rejects_bad_arguments(store: Store) -> None:
    with pytest.raises(StoreError, match="status"):
        store.list(status="done")
    with pytest.raises(StoreError, match="since"):
        store.list(since="last tuesday")
    with pytest.raises(StoreError, match="limit"):
        store.list(limit=0)


def test_drafts_lists_every_draft_newest_first(store: Store) -> None:
    made = [add_task(store, f"task {n}") for n in range(60)]
    store.confirm(made[0])
    drafts = store.drafts()
    assert [d.id for d in drafts] == list(reversed(made[1:]))  # no default limit: no draft is ever hidden
    assert all(isinstance(d, StoredRecord) and d.status == "draft" for d in drafts)
    assert len(store.list()) == 50


@pytest.mark.parametrize(
    ("record", "kwargs", "message"),
    [
        (TASK, {"status": "filed"}, "status"),
        (TASK, {"source": "email"}, "source"),
        ({"query": {"intent": "task", "text": "我这周有哪些待办"}}, {}, "query"),
        ({"intent": "task", "fields": {}, "extra": 1}, {}, "unexpected"),
        ({"intent": "", "fields": {}}, {}, "intent"),
        ({"intent": "task", "fields": ["not", "a", "dict"]}, {}, "fields"),
        (None, {"status": "confirmed"}, "confirmed"),
        (TASK, {"audio": AudioRef("/a.wav", "ab", 1.0, retention="shredded")}, "retention"),
    ],
)
def test_add_rejects_bad_input_and_writes_nothing(
    store: Store, record: object, kwargs: dict[str, Any], message: str
) -> None:
    options = {"transcript": "x", "lang": "en", "source": "cli", **kwargs}
    with pytest.raises(StoreError, match=message):
        store.add(record, **options)  # type: ignore[arg-type]
    assert store.list() == []


def test_unicode_and_emoji_round_trip(store: Store, db_path: Path) -> None:
    record = {
        "intent": "note",
        "fields": {"text": "客户很满意 🎉👍🏽，下次带🍵；Ünïcödé — “quotes” 'single' \\ back\\slash \n newline"},
    }
    transcript = "客户很满意🎉 mixed 中英 text with emoji 👍🏽 and 𠮷 (outside the BMP)"
    record_id = store.add(record, transcript=transcript, lang="zh", source="cli")
    got = store.get(record_id)
    assert got.record == record
    assert got.transcript == transcript
    # Stored as readable UTF-8, not \\u escapes, so the file is inspectable with the sqlite3 shell.
    raw = sqlite3.connect(db_path).execute("SELECT fields FROM records WHERE id = ?", [record_id]).fetchone()[0]
    assert "客户很满意 🎉" in raw
    assert [r.id for r in store.search("很满意🎉")] == [record_id]


def test_shared_between_threads(store: Store) -> None:
    def worker(n: int) -> None:
        for k in range(10):
            add_task(store, f"thread {n} task {k}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(worker, n) for n in range(4)]:
            future.result()  # re-raises anything a worker hit
    assert len(store.list(limit=None)) == 40


def test_two_connections_write_to_the_same_file(db_path: Path) -> None:
    # The tray app and a `saydo` command each open the store; WAL plus the busy timeout let both write.
    def worker(store: Store, name: str) -> None:
        for k in range(15):
            add_task(store, f"{name} {k}")

    with Store.open(db_path) as app, Store.open(db_path) as cli:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(worker, app, "app"), pool.submit(worker, cli, "cli")]:
                future.result()
        assert len(app.list(limit=None)) == 30
        assert len(cli.list(limit=None)) == 30
