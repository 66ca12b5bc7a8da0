"""One entry per intent: everything the parser, the prompt, the card, the CLI and the store need to know of it.

The record schema (`schema.FIELDS_BY_INTENT`), the LLM's span models, the builders, the fallbacks, the prompt's
intent list and the card's labels are all read from here, so adding an intent means a fields model in schema.py,
a builder in fields.py and an entry below. `tests/intents/test_registry.py` checks that every consumer agrees,
including the store's date fields and the vendored scorer, which cannot import this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from . import fields as builders
from .schema import FIELDS_BY_INTENT, Category

_NAME = (str | None, None)
_NAMES = (list[str], [])


@dataclass(frozen=True)
class IntentSpec:
    name: str
    label: str  # the card's and the CLI's name for it
    label_zh: str
    help: str  # one line for the model's prompt and the CLI's help
    build: Callable[[builders.Context], dict[str, Any] | None]
    # What the small model is asked to copy from the transcript (names only; code reads dates and amounts).
    spans: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    fallback: str | None = None  # filed as this when its fields cannot be filled (a reminder without a time)
    date_field: str | None = None  # the record's own date: queries, the calendar, the digest
    free_text_field: str | None = None  # the words a person reads first on the card

    @property
    def fields_model(self) -> type[BaseModel]:
        return FIELDS_BY_INTENT[self.name]


REGISTRY: dict[str, IntentSpec] = {spec.name: spec for spec in (
    IntentSpec("visit_note", "Visit note", "拜访记录",
               "the speaker reports a client visit, call or meeting that already happened (who, what they said).",
               builders.visit_note, {"client": _NAME, "contacts": _NAMES}, fallback="note",
               date_field="visited_on", free_text_field="summary"),
    IntentSpec("task", "Task", "任务", "work that someone must do, maybe by a date.",
               builders.task, {"assignee": _NAME}, fallback="note", date_field="due", free_text_field="title"),
    IntentSpec("reminder", "Reminder", "提醒", "the speaker wants to be reminded of something at a time.",
               builders.reminder, fallback="task", date_field="remind_at", free_text_field="text"),
    IntentSpec("meeting", "Meeting", "会议", "a meeting, call or appointment planned for the future.",
               builders.meeting, {"attendees": _NAMES, "location": _NAME}, fallback="task",
               date_field="starts_at", free_text_field="title"),
    IntentSpec("expense", "Expense", "报销", "money the speaker spent or wants reimbursed.",
               builders.expense, {"category": (Category, ...), "merchant": _NAME}, fallback="note",
               date_field="spent_on"),
    IntentSpec("note", "Note", "笔记", "anything else: a fact, an idea, information with nothing to do.",
               builders.note, free_text_field="text"),
)}


def spec(intent: str) -> IntentSpec:
    return REGISTRY[intent]
