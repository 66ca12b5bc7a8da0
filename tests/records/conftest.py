"""Fixtures for the record store tests: a real SQLite file in tmp_path and a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from records import Store


class Clock:
    """Returns `now`, then moves it on by `step`, so records made one after another have distinct, ordered times."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now = current + self.step
        return current

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "saydo.db"


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Iterator[Store]:
    with Store.open(db_path, clock=clock, busy_timeout_s=0.2) as opened:
        yield opened
