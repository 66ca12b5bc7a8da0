"""Every consumer of the intent list agrees with the registry, including those that cannot import it."""

from __future__ import annotations

import pytest

from intents.classify import LABELS
from intents.prompt import SYSTEM_PROMPT
from intents.registry import REGISTRY
from intents.schema import FIELDS_BY_INTENT, INTENTS
from intents.spans import SPANS_BY_INTENT


def test_the_schema_spans_and_classifier_list_the_registry_intents() -> None:
    assert tuple(REGISTRY) == INTENTS == tuple(FIELDS_BY_INTENT) == tuple(SPANS_BY_INTENT)
    assert (*INTENTS, "query") == LABELS


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_entry_names_fields_its_record_has(name: str) -> None:
    spec = REGISTRY[name]
    fields = set(spec.fields_model.model_fields)
    assert set(spec.spans) <= fields
    for key in (spec.date_field, spec.free_text_field):
        assert key is None or key in fields
    assert spec.fallback is None or spec.fallback in REGISTRY
    assert f"- {name}: {spec.help}" in SYSTEM_PROMPT


def test_fallbacks_end_at_an_intent_that_always_builds() -> None:
    for name in REGISTRY:
        seen = []
        while name is not None:
            assert name not in seen, seen
            seen.append(name)
            name = REGISTRY[name].fallback
        assert seen[-1] == "note"


def test_the_store_and_the_scorer_read_the_same_intents() -> None:
    from bench.score import INTENTS as SCORED
    from records.query import DATE_FIELDS

    assert tuple(SCORED) == INTENTS
    assert {name: s.date_field for name, s in REGISTRY.items() if s.date_field} == DATE_FIELDS


def test_the_card_labels_every_intent() -> None:
    from app.ui.labels import INTENTS

    assert {name: s.label for name, s in REGISTRY.items()} == INTENTS
