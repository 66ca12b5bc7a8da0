"""The app's takes through the take coordinator: Esc while a take is understood, a second take while the first is
understood, an error in the model worker. Real widgets, a real Recorder fed by a real clip (`FileSource` stands in
for the microphone) and a real store; no models. The model worker's thread is not started: the takes the app hands
it are kept by the test, and what the worker answers is emitted on its signals, as it emits them, or its slot is
called with the take."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future

import pytest
from PySide6.QtCore import Qt

from app.ui.application import SaydoApp
from app.ui.card import Draft
from asr import Transcript
from asr.capture import FileSource
from tests.conftest import DATA, NOW

from .conftest import SAMPLE_RECORDS

CLIP = DATA / "dictation" / "en-task-david.flac"


@pytest.fixture
def app(qtbot, home):
    settings, paths = home
    app = SaydoApp(settings, paths, use_tray=False, now=lambda: NOW, keep_source_armed=False,
                   source_factory=lambda: FileSource(CLIP, realtime=False), sound_output=lambda samples, rate: None)
    handed: list = []
    # What the model worker is given at release, kept here: its thread never runs in these tests.
    app._finish_requested.disconnect(app.worker.finish_take)
    app._finish_requested.connect(handed.append)
    app.handed = handed
    yield app
    app.shutdown()


def _worker_files_a_task(app: SaydoApp) -> str:
    """What the worker does with a take: a draft in the store, then `draft_ready`."""
    record_id = app.store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="task for David",
                              lang="en", source="hotkey")
    app.worker.draft_ready.emit(Draft(record_id, "task for David", "task", SAMPLE_RECORDS["task"], now=NOW))
    return record_id


def test_esc_while_the_take_is_understood_opens_no_card_and_keeps_the_draft(qtbot, app) -> None:
    app.toggle()
    app.toggle()  # released: on its way to the model worker
    overlay = app.overlay
    assert overlay.isVisible() and not overlay.recording_marks_shown and not overlay.spinner.isHidden()
    assert not overlay.cancel_button.isHidden() and "draft" in overlay.cancel_button.toolTip()
    with qtbot.waitSignal(overlay.cancel_requested):
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    assert [t.recording.path.exists() for t in app.handed] == [True]  # the recording still goes to be filed
    with qtbot.assertNotEmitted(app.card_shown), qtbot.waitSignal(app.notice) as told:
        app.worker.draft_preview.emit(Draft("", "task for David", "task", SAMPLE_RECORDS["task"], now=NOW))
        record_id = _worker_files_a_task(app)
    assert not app.cards and "kept as a draft" in told.args[0]
    assert app.store.get(record_id).status == "draft"  # nothing lost: it waits in the records window
    assert app.takes.oldest is None


def test_saydo_cancel_reaches_a_take_being_understood_once(qtbot, app) -> None:
    app.handle_command("start")
    assert app.handle_command("stop") == "ok"
    assert app.handle_command("cancel") == "ok"
    with pytest.raises(ValueError, match="not recording"):
        app.handle_command("cancel")  # nothing left to cancel
    with qtbot.assertNotEmitted(app.card_shown):
        _worker_files_a_task(app)


def test_a_take_not_cancelled_opens_its_card(qtbot, app) -> None:
    app.toggle()
    app.toggle()
    with qtbot.waitSignal(app.card_shown):
        _worker_files_a_task(app)
    assert not app.overlay.isVisible() and app.last_release_to_card_s is not None


def test_a_second_take_records_while_the_first_is_understood(qtbot, app) -> None:
    app.toggle()
    app.toggle()  # the first take is understood
    app.toggle()  # a second one records meanwhile
    overlay = app.overlay
    assert app.is_recording and overlay.recording_marks_shown
    with qtbot.waitSignal(app.card_shown):
        _worker_files_a_task(app)  # the first take's card
    assert overlay.isVisible() and overlay.recording_marks_shown  # the second take's overlay stays
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)  # cancels the take recording, not the card
    assert not app.is_recording and not overlay.isVisible() and len(app.cards) == 1
    assert [t.recording.path.exists() for t in app.handed] == [True]  # the second take never reached the worker
    assert len(list(app.paths.spool_dir.glob("*.wav"))) == 1  # its spool went; the first's is there to file


def test_an_error_in_the_model_worker_ends_the_take_with_a_notice(qtbot, app) -> None:
    app.toggle()
    app.toggle()
    take = app.handed[0]
    final: Future[Transcript] = Future()
    final.set_exception(RuntimeError("the decoder crashed"))
    with qtbot.waitSignal(app.notice) as told:
        app.worker.finish_take(dataclasses.replace(take, final=final))  # what the worker's thread runs
    assert "could not be finished: the decoder crashed" in told.args[0]
    assert not app.overlay.isVisible() and app.takes.oldest is None
    assert take.recording.path.exists()  # kept in the spool: the next start files it
