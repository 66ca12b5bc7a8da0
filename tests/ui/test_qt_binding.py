"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on CPython 3.11 dropped one reference to None on
every call of a Qt method returning nothing, and the app aborted ("deallocating None") after a few thousand."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_into_qt_keep_the_reference_count_of_none(qapp: object) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50  # other threads may let go of a few
