"""Pipeline stages in the store: a draft filed when its audio arrives, moved along, finished; transcripts kept
per revision so a replay never loses the old words."""

from __future__ import annotations

import pytest

from records import AudioRef, Store, StoreError

VISIT = {"intent": "note", "fields": {"text": "华信科技 想要报价"}}


def received(store: Store) -> str:
    return store.add(None, transcript="", lang=None, source="hotkey", stage="received",
                     audio=AudioRef(path="/tmp/a.wav", sha256="ab" * 32, duration_s=4.2))


def test_a_received_draft_is_unfinished_until_done(store: Store) -> None:
    record_id = received(store)
    assert [r.id for r in store.unfinished()] == [record_id]
    assert store.get(record_id).stage == "received"

    store.advance(record_id, "transcribed", transcript="记一下 华信科技想要报价", lang="zh")
    row = store.get(record_id)
    assert (row.stage, row.transcript, row.lang, row.status) == (
        "transcribed", "记一下 华信科技想要报价", "zh", "draft"
    )
    assert [r.id for r in store.unfinished()] == [record_id]
    # The search index follows the transcript.
    assert [r.id for r in store.search("华信")] == [record_id]

    store.revise(record_id, VISIT, "understood")
    assert store.get(record_id).stage == "done"
    assert store.unfinished() == []
    assert [r.reason for r in store.revisions(record_id)] == ["created", "transcribed", "understood"]


def test_giving_up_on_parsing_finishes_the_draft_with_its_reason(store: Store) -> None:
    record_id = received(store)
    store.advance(record_id, "done", transcript="嗯", lang="zh", error="only filler words")
    row = store.get(record_id)
    assert (row.stage, row.intent, row.error) == ("done", None, "only filler words")
    assert store.revisions(record_id)[-1].reason == "not understood"


def test_a_new_transcript_keeps_the_old_one_in_history(store: Store) -> None:
    record_id = store.add(VISIT, transcript="old words", lang="zh", source="cli")
    store.confirm(record_id)
    store.revise(record_id, VISIT, "replayed", transcript="new words", lang="zh")
    row = store.get(record_id)
    assert (row.transcript, row.status) == ("new words", "confirmed")
    assert [(r.reason, r.transcript) for r in store.revisions(record_id)] == [
        ("created", "old words"), ("confirmed", "old words"), ("replayed", "new words")]


def test_unknown_stage_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="stage must be one of"):
        store.add(None, transcript="", lang=None, source="cli", stage="halfway")
    record_id = received(store)
    with pytest.raises(StoreError, match="stage must be one of"):
        store.advance(record_id, "parsed")


def test_known_names_come_from_confirmed_records_most_used_first(store: Store) -> None:
    visit = {"intent": "visit_note", "fields": {"client": "华信科技", "contacts": ["王总", "李工"],
                                                "visited_on": "2026-11-23", "summary": "报价"}}
    meeting = {"intent": "meeting", "fields": {"title": "周会", "starts_at": "2026-11-24T10:00",
                                               "attendees": ["王总", "Acme"]}}
    task = {"intent": "task", "fields": {"title": "发报价", "assignee": "小王"}}
    for record in (visit, meeting, task):
        store.confirm(store.add(record, transcript="x", lang="zh", source="cli"))
    store.add({"intent": "task", "fields": {"title": "草稿", "assignee": "草稿人"}}, transcript="x", lang="zh",
              source="cli")
    names = store.known_names()
    assert names[0] == "王总"
    assert set(names) == {"王总", "华信科技", "李工", "Acme", "小王"}
    assert len(store.known_names(limit=2)) == 2
