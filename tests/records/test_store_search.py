"""Full-text search over transcripts and field text, in Chinese and English."""

from __future__ import annotations

from typing import Any

import pytest

from records import Store, StoredRecord, StoreError

VISIT: dict[str, Any] = {
    "intent": "visit_note",
    "fields": {
        "client": "华为",
        "contacts": ["张经理", "李工"],
        "visited_on": "2025-03-10",
        "summary": "对报价满意",
        "next_steps": ["下周三前发合同"],
        "follow_up_on": "2025-03-19",
        "deal_value": 200000.0,
        "currency": "CNY",
    },
}
ACME: dict[str, Any] = {
    "intent": "visit_note",
    "fields": {
        "client": "Acme Corp",
        "contacts": ["Jane Doe"],
        "visited_on": "2025-03-09",
        "summary": "Pricing is too high for their Q3 budget",
        "next_steps": ["send a revised quote"],
        "follow_up_on": None,
        "deal_value": None,
        "currency": None,
    },
}
EXPENSE: dict[str, Any] = {
    "intent": "expense",
    "fields": {
        "amount": 3500,
        "currency": "CNY",
        "category": "entertainment",
        "merchant": "海底捞",
        "spent_on": "2025-03-08",
    },
}


@pytest.fixture
def filed(store: Store) -> dict[str, str]:
    return {
        "visit": store.add(
            VISIT,
            transcript="帮我记录刚才的客户拜访，华为的张经理，对报价满意，下周三前发合同",
            lang="zh",
            source="hotkey",
        ),
        "acme": store.add(
            ACME, transcript="Log a visit with Acme, Jane said pricing is too high", lang="en", source="hotkey"
        ),
        "expense": store.add(EXPENSE, transcript="请客户吃海底捞花了三千五", lang="zh", source="hotkey"),
        "mixed": store.add(
            {
                "intent": "task",
                "fields": {"title": "给 Acme 发 proposal", "assignee": None, "due": None, "priority": "normal"},
            },
            transcript="明天给Acme发proposal",
            lang="zh",
            source="cli",
        ),
    }


def ids(results: list[StoredRecord]) -> set[str]:
    return {r.id for r in results}


def test_chinese_substring_in_transcript(store: Store, filed: dict[str, str]) -> None:
    # The default unicode61 tokenizer would see "华为的张经理" as one token and miss this.
    assert ids(store.search("张经理")) == {filed["visit"]}
    assert ids(store.search("吃海底捞")) == {filed["expense"]}


def test_short_chinese_terms_fall_back_to_like(store: Store, filed: dict[str, str]) -> None:
    assert ids(store.search("华为")) == {filed["visit"]}
    assert ids(store.search("报价")) == {filed["visit"]}
    assert ids(store.search("客")) == {filed["visit"], filed["expense"]}


def test_field_text_is_searchable(store: Store, filed: dict[str, str]) -> None:
    assert ids(store.search("李工")) == {filed["visit"]}  # only in the contacts list
    assert ids(store.search("revised quote")) == {filed["acme"]}  # only in next_steps
    assert ids(store.search("3500")) == {filed["expense"]}  # a number, as spoken
    assert ids(store.search("entertainment")) == {filed["expense"]}


def test_field_names_and_json_are_not_indexed(store: Store, filed: dict[str, str]) -> None:
    assert store.search("client") == []
    assert store.search("contacts") == []
    assert store.search('":') == []


def test_english_is_case_insensitive(store: Store, filed: dict[str, str]) -> None:
    assert ids(store.search("PRICING")) == {filed["acme"]}
    assert ids(store.search("acme")) == {filed["acme"], filed["mixed"]}


def test_terms_are_anded(store: Store, filed: dict[str, str]) -> None:
    assert ids(store.search("acme pricing")) == {filed["acme"]}
    assert ids(store.search("Acme 发")) == {filed["mixed"]}  # one trigram term, one LIKE term
    assert store.search("acme 海底捞") == []


def test_fts_syntax_in_user_text_is_literal(store: Store, filed: dict[str, str]) -> None:
    for query in ('"', "AND", "OR NOT", "acme*", "-acme", "NEAR(a b)", "(((", "acme:", "'"):
        store.search(query)  # must not raise an FTS5 syntax error
    assert ids(store.search('"Acme"')) == set()  # the quotes are part of the text searched for


def test_like_wildcards_are_literal(store: Store, filed: dict[str, str]) -> None:
    assert store.search("%") == []
    assert store.search("_") == []
    rate = store.add({"intent": "note", "fields": {"text": "折扣 5%"}}, transcript="打九五折", lang="zh", source="cli")
    assert ids(store.search("5%")) == {rate}


def test_search_follows_revisions(store: Store, filed: dict[str, str]) -> None:
    store.revise(filed["expense"], {**EXPENSE, "fields": {**EXPENSE["fields"], "merchant": "西贝莜面村"}}, "merchant")
    assert ids(store.search("西贝莜面")) == {filed["expense"]}
    assert store.search("海底捞", status=None)  # still in the transcript
    store.revise(filed["acme"], {**ACME, "fields": {**ACME["fields"], "next_steps": []}}, "dropped step")
    assert store.search("revised quote") == []


def test_search_filters_and_limits(store: Store, filed: dict[str, str]) -> None:
    store.confirm(filed["acme"])
    assert ids(store.search("acme", status="confirmed")) == {filed["acme"]}
    assert ids(store.search("acme", status="draft")) == {filed["mixed"]}
    assert len(store.search("acme", limit=1)) == 1
    with pytest.raises(StoreError):
        store.search("acme", status="archived")


def test_empty_query_finds_nothing(store: Store, filed: dict[str, str]) -> None:
    assert store.search("") == []
    assert store.search("   ") == []


def test_search_returns_full_records(store: Store, filed: dict[str, str]) -> None:
    [hit] = store.search("张经理")
    assert hit.record == VISIT
    assert hit.revision == 1
