"""Real Qt widgets on the offscreen platform; a store and settings in a private folder per test.

The app fixture reuses the session's warm models (tests/conftest.py): run these tests under
`flock /tmp/saydo-models.lock`. Audio comes from `FileSource`, a real clip played at real-time pace through the real
Recorder: it stands in for the physical microphone, which a test machine does not have.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import Paths, Settings, load_settings
from records import Store

SAMPLE_RECORDS = {
    "visit_note": {"client": "远航科技", "contacts": ["孙经理"], "visited_on": "2026-11-23",
                   "summary": "对云存储方案感兴趣", "next_steps": ["发报价单"], "follow_up_on": "2026-12-01",
                   "deal_value": 300000.0, "currency": "CNY"},
    "task": {"title": "Review the contract draft", "assignee": "David", "due": "2026-11-25", "priority": "high"},
    "reminder": {"text": "Send the invoice", "remind_at": "2026-11-24T09:00"},
    "meeting": {"title": "Sales sync", "starts_at": "2026-11-24T14:00", "duration_min": 60,
                "attendees": ["Ann", "Bo"], "location": "Room 3"},
    "expense": {"amount": 128.0, "currency": "CNY", "category": "transport", "merchant": "滴滴",
                "spent_on": "2026-11-23"},
    "note": {"text": "The new office opens in March"},
}


@pytest.fixture
def home(tmp_path: Path) -> tuple[Settings, Paths]:
    return load_settings(tmp_path / "home")


@pytest.fixture
def store(home: tuple[Settings, Paths]) -> Iterator[Store]:
    _, paths = home
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(paths.db_path) as opened:
        yield opened


@pytest.fixture
def filing(store: Store, home: tuple[Settings, Paths]):
    from app.filing import Filing

    return Filing(store, home[0])
