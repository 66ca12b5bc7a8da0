"""The app's command handling and filing decisions that need no model: refusals, auto-confirm."""

from __future__ import annotations

import pytest

from app.ui.application import SaydoApp
from app.ui.card import Draft
from asr.capture import MicrophoneSource

from .conftest import SAMPLE_RECORDS


def test_a_microphone_that_cannot_open_is_a_clear_refusal(qtbot, home) -> None:
    settings, paths = home
    app = SaydoApp(settings, paths, source_factory=lambda: MicrophoneSource("no-such-microphone"), use_tray=False)
    notices: list[str] = []
    app.notice.connect(notices.append)
    try:
        with pytest.raises(ValueError, match="Cannot record"):
            app.handle_command("start")
        assert not app.is_recording and not app.overlay.isVisible()
        assert notices and ("no-such-microphone" in notices[0] or "audio capture is unavailable" in notices[0])
        for command in ("stop", "cancel"):
            with pytest.raises(ValueError, match="not recording"):
                app.handle_command(command)
        assert not list(paths.spool_dir.glob("*.wav"))
    finally:
        app.shutdown()


def test_auto_confirm_files_clean_drafts_and_still_shows_a_card_for_a_problem(qtbot, home) -> None:
    settings, paths = home
    settings.ui.auto_confirm = True
    app = SaydoApp(settings, paths, use_tray=False)
    cards: list = []
    app.card_shown.connect(cards.append)
    try:
        clean = app.store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="task for David",
                              lang="en", source="hotkey")
        with qtbot.waitSignal(app.filed):
            app.worker.draft_ready.emit(Draft(clean, "task for David", "task", SAMPLE_RECORDS["task"]))
        assert app.store.get(clean).status == "confirmed" and not cards
        unparsed = app.store.add(None, transcript="嗯", lang="zh", source="hotkey", error="only filler")
        app.worker.draft_ready.emit(Draft(unparsed, "嗯", None, None, error="only filler"))
        assert len(cards) == 1 and app.store.get(unparsed).status == "draft"
    finally:
        app.shutdown()
