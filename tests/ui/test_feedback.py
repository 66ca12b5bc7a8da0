"""After a take: the sounds (honouring `[ui] sounds`), the toast with its Undo, and the overlay's states. Real widgets
and a real store; no models. The speaker is the one boundary replaced: a test machine has no audio output, so the
sounds go to a list instead (`sound_output`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from app.ui.application import SaydoApp, model_name
from app.ui.card import Draft
from app.ui.overlay import MAX_LINES, RecordingOverlay
from app.ui.sounds import NAMES, SOUND_DIR, Sounds, read_clip, write_clips

from .conftest import SAMPLE_RECORDS

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Speaker:
    """Stands in for the audio output: keeps what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[np.ndarray] = []

    def __call__(self, samples: np.ndarray, rate: int) -> None:
        self.played.append(samples)

    def names(self) -> list[str]:
        clips = {name: read_clip(SOUND_DIR / f"{name}.wav")[0] for name in NAMES}
        return [next(n for n, clip in clips.items() if np.array_equal(clip, played)) for played in self.played]


@pytest.fixture
def app_and_speaker(qtbot, home):
    settings, paths = home
    speaker = Speaker()
    app = SaydoApp(settings, paths, use_tray=False, now=lambda: NOW, sound_output=speaker)
    yield app, speaker
    app.shutdown()


def _file_task_on_its_card(qtbot, app: SaydoApp) -> str:
    record_id = app.store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="task for David",
                              lang="en", source="hotkey")
    with qtbot.waitSignal(app.card_shown) as shown:
        app.worker.draft_ready.emit(Draft(record_id, "task for David", "task", SAMPLE_RECORDS["task"], now=NOW))
    with qtbot.waitSignal(app.filed):
        shown.args[0].accept()
    return record_id


def test_the_shipped_clips_are_what_synth_makes(tmp_path: Path) -> None:
    for made in write_clips(tmp_path):
        assert made.read_bytes() == (SOUND_DIR / made.name).read_bytes(), made.name
        samples, rate = read_clip(made)
        assert 0.1 < len(samples) / rate < 0.5 and np.abs(samples).max() <= 0.3  # short and soft


def test_filing_chimes_and_a_toast_offers_undo_back_to_draft(qtbot, app_and_speaker) -> None:
    app, speaker = app_and_speaker
    record_id = _file_task_on_its_card(qtbot, app)
    assert speaker.names() == ["filed"]
    toast = app.toast
    assert toast.isVisible() and toast.message.text() == "Saved · Task · Review the contract draft"
    assert toast.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert app.store.get(record_id).status == "confirmed"
    qtbot.mouseClick(toast.undo_button, Qt.MouseButton.LeftButton)
    row = app.store.get(record_id)
    assert row.status == "draft" and row.record["fields"] == SAMPLE_RECORDS["task"]
    assert [r.reason for r in app.store.revisions(record_id)][-2:] == ["confirmed", "draft"]
    assert toast.undo_button.isHidden() and "draft" in toast.message.text()
    qtbot.waitUntil(lambda: not toast.isVisible(), timeout=10_000)  # it goes by itself


def test_no_sound_at_all_with_sounds_off(qtbot, app_and_speaker) -> None:
    app, speaker = app_and_speaker
    app.settings.ui.sounds = False
    _file_task_on_its_card(qtbot, app)
    assert speaker.played == [] and app.toast.isVisible()  # the toast still tells


def test_a_sound_that_cannot_play_never_raises_and_is_not_retried(caplog) -> None:
    tries: list[int] = []

    def no_device(samples: np.ndarray, rate: int) -> None:
        tries.append(rate)
        raise OSError("no default output device")

    sounds = Sounds(lambda: True, no_device)
    sounds.play("start")
    sounds.play("stop")
    assert len(tries) == 1 and not sounds.working
    assert "feedback sounds are off" in caplog.text


def test_the_overlay_never_takes_the_keyboard_and_keeps_the_newest_words_in_view(qtbot) -> None:
    overlay = RecordingOverlay()
    qtbot.addWidget(overlay)
    flags = overlay.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus and flags & Qt.WindowType.Tool
    assert overlay.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    overlay.begin()
    view = overlay.partial
    overlay.set_transcript("one line", "")
    one_line = view.height()
    words = [f"word{i}" for i in range(120)]
    for count in (10, 40, 80, 120):
        overlay.set_transcript(" ".join(words[:count - 1]), f" {words[count - 1]}")
        cursor = QTextCursor(view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        last_word = view.cursorRect(cursor)
        assert view.viewport().rect().contains(last_word.center()), count  # the newest word is in view
        assert view.height() <= MAX_LINES * one_line + 2
        top_line = view.cursorForPosition(QPoint(1, 1)).block().layout().lineForTextPosition(
            view.cursorForPosition(QPoint(1, 1)).positionInBlock())
        block_top = view.document().documentLayout().blockBoundingRect(view.document().begin()).top()
        assert abs(block_top + top_line.y() - view.verticalScrollBar().value()) <= 1  # no line cut at the top
    assert view.height() > 2 * one_line  # it grew to three lines first


def test_after_release_the_recording_marks_go_and_a_spinner_says_it_is_understood(qtbot) -> None:
    overlay = RecordingOverlay()
    qtbot.addWidget(overlay)
    overlay.begin()
    assert overlay.recording_marks_shown and not overlay.elapsed.isHidden()
    overlay.working("Understanding…")
    assert not overlay.recording_marks_shown and not overlay.spinner.isHidden()
    shown = [w.text() for w in overlay.findChildren(type(overlay.state)) if not w.isHidden()]
    assert shown and not any("Esc" in text for text in shown) and "Understanding…" in shown
    frame = overlay.spinner.text()
    qtbot.waitUntil(lambda: overlay.spinner.text() != frame, timeout=2000)
    assert "draft" in overlay.cancel_button.toolTip()  # the × stays: it cancels the card, the draft is kept
    with qtbot.waitSignal(overlay.cancel_requested):
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)  # Esc does what the × does


def test_before_the_models_are_ready_the_overlay_says_what_loads_and_shows_no_timer(qtbot, app_and_speaker) -> None:
    app, _ = app_and_speaker
    app._set_status(f"Loading the speech model ({app.settings.asr.model})…")  # as the model worker reports it
    assert app.status == "Loading the speech model (Whisper base)…"
    overlay = app.overlay
    overlay.begin(loading=app.status)
    assert overlay.loading.text() == "Loading the speech model (Whisper base)…" and overlay.elapsed.isHidden()
    app._set_status(f"Loading the language model ({app.settings.llm.model})…")
    assert overlay.loading.text() == "Loading the language model (Qwen2.5-Coder-0.5B-Instruct)…"
    overlay.working("Waiting for the models…")
    assert not overlay.loading.isHidden()  # still loading after release
    app._on_ready()
    assert overlay.loading.isHidden() and overlay.elapsed.isHidden()  # no timer once released
    overlay.begin()
    assert not overlay.elapsed.isHidden()  # the next take, the models ready: the timer runs


def test_model_names_read_as_people_say_them() -> None:
    assert model_name("whisper-large-v3-turbo-ct2") == "Whisper large-v3-turbo"
    assert model_name("qwen2.5-1.5b-instruct-q4km") == "Qwen2.5-1.5B-Instruct"
    assert model_name("my-own-model") == "my-own-model"
