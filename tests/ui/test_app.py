"""The whole app end to end on real widgets, the real Recorder and the session's warm models.

A real clip played at real-time pace by `FileSource` stands in for the physical microphone; the hotkey is driven
through the slot pynput's listener calls (a physical keyboard is the boundary here), and `saydo toggle` through the
real CLI talking to the real QLocalServer. Run under `flock /tmp/saydo-models.lock`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.card import ConfirmationCard
from asr.capture import FileSource
from tests.conftest import DATA, NOW

ROOT = Path(__file__).resolve().parents[2]
MODEL_TIMEOUT_MS = 300_000


class ClipMicrophone:
    """Makes a FileSource of the chosen clip per take, and remembers it so a test can wait for the clip's end."""

    def __init__(self) -> None:
        self.clip: Path | None = None
        self.source: FileSource | None = None

    def __call__(self) -> FileSource:
        assert self.clip is not None, "choose a clip first"
        self.source = FileSource(self.clip, tail_s=0.8)
        return self.source


@pytest.fixture
def microphone() -> ClipMicrophone:
    return ClipMicrophone()


def _start_app(qtbot, pipeline, config, microphone: ClipMicrophone):
    from app.ui.application import SaydoApp

    settings, paths = config
    app = SaydoApp(settings.model_copy(deep=True), paths, pipeline=pipeline, source_factory=microphone,
                   keep_source_armed=False, now=lambda: NOW, use_tray=False)
    assert app.start()
    qtbot.waitUntil(lambda: app.is_ready, timeout=MODEL_TIMEOUT_MS)
    return app


@pytest.fixture
def saydo_app(qtbot, pipeline, config, microphone: ClipMicrophone) -> Iterator:
    app = _start_app(qtbot, pipeline, config, microphone)
    yield app
    app.shutdown()


def _saydo(qtbot, home: Path, command: str) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", "--home", str(home), command],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)  # the event loop serves it meanwhile
    out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_hotkey_take_becomes_a_filed_record(qtbot, saydo_app, microphone: ClipMicrophone) -> None:
    app = saydo_app
    app.settings.ui.mode = "hold"
    microphone.clip = DATA / "dictation" / "en-task-david.flac"
    app.hotkey_pressed()
    assert app.is_recording and app.overlay.isVisible()
    qtbot.waitUntil(lambda: microphone.source.finished.is_set(), timeout=60_000)
    qtbot.waitUntil(lambda: "David" in app.overlay.partial.text(), timeout=60_000)  # live text while speaking
    with qtbot.waitSignal(app.card_shown, timeout=MODEL_TIMEOUT_MS) as shown:
        app.hotkey_released()
    card = shown.args[0]
    assert not app.overlay.isVisible()
    qtbot.waitUntil(lambda: not card.waiting, timeout=MODEL_TIMEOUT_MS)  # the model's names may come after the card
    assert card.form.intent == "task" and "David" in card.transcript_view.toPlainText()
    assert card.form.editors["assignee"].text() == "David" and card.form.editors["priority"].value() == "high"
    assert app.store.get(card.draft.record_id).status == "draft"  # stored before anyone decided
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is card)
    with qtbot.waitSignal(app.filed) as filed:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    row = app.store.get(filed.args[0])
    assert row.status == "confirmed" and row.intent == "task" and row.source == "hotkey"
    assert row.fields["due"] == "2026-11-25" and row.audio is not None and row.audio.duration_s > 6
    assert not list(app.paths.spool_dir.glob("*.wav"))  # the spool take was handed to the store


def test_saydo_toggle_take_discarded_with_esc_stays_as_a_draft(qtbot, saydo_app, microphone, saydo_home) -> None:
    app = saydo_app
    microphone.clip = DATA / "dictation" / "zh-reminder-liu.flac"
    started = _saydo(qtbot, saydo_home, "toggle")
    assert started.returncode == 0, started.stderr
    assert app.is_recording
    qtbot.waitUntil(lambda: microphone.source.finished.is_set(), timeout=60_000)
    with qtbot.waitSignal(app.card_shown, timeout=MODEL_TIMEOUT_MS) as shown:
        stopped = _saydo(qtbot, saydo_home, "toggle")
    assert stopped.returncode == 0, stopped.stderr
    card = shown.args[0]
    assert card.form.intent == "reminder" and card.form.editors["remind_at"].value() == "2026-11-24T10:00"
    with qtbot.waitSignal(card.discarded):
        qtbot.keyClick(QApplication.focusWidget() or card, Qt.Key.Key_Escape)
    row = app.store.get(card.draft.record_id)
    assert row.status == "discarded" and row.intent == "reminder"
    refused = _saydo(qtbot, saydo_home, "stop")
    assert refused.returncode == 1 and "not recording" in refused.stderr


def test_esc_on_the_overlay_cancels_the_take(qtbot, saydo_app, microphone) -> None:
    app = saydo_app
    before = len(app.store.list(limit=None))
    microphone.clip = DATA / "dictation" / "zh-note-supplier.flac"
    app.toggle()
    assert app.is_recording
    qtbot.keyClick(app.overlay, Qt.Key.Key_Escape)
    assert not app.is_recording and not app.overlay.isVisible()
    assert len(app.store.list(limit=None)) == before and not list(app.paths.spool_dir.glob("*.wav"))


def test_esc_while_the_take_is_understood_keeps_it_as_a_draft_and_opens_no_card(qtbot, saydo_app, microphone) -> None:
    app = saydo_app
    before = {r.id for r in app.store.list(limit=None)}
    cards: list = []
    app.card_shown.connect(cards.append)
    microphone.clip = DATA / "dictation" / "zh-note-supplier.flac"
    app.toggle()
    qtbot.waitUntil(lambda: microphone.source.finished.is_set(), timeout=60_000)
    with qtbot.waitSignal(app.notice, timeout=MODEL_TIMEOUT_MS,
                          check_params_cb=lambda message: "draft" in message) as told:
        app.toggle()
        qtbot.keyClick(app.overlay, Qt.Key.Key_Escape)  # while it is understood
        assert not app.overlay.isVisible()
    assert told.args[0].startswith("Cancelled") and not cards
    new = [r for r in app.store.list(limit=None) if r.id not in before]
    assert [(r.status, r.source) for r in new] == [("draft", "hotkey")] and new[0].transcript  # nothing lost
    assert new[0].audio is not None and not list(app.paths.spool_dir.glob("*.wav"))


def test_a_take_left_in_the_spool_is_filed_at_the_next_start(qtbot, pipeline, config, microphone) -> None:
    from asr import load_audio
    from asr.spool import SpoolWriter

    _, paths = config
    left = SpoolWriter(paths.spool_dir / "take-left-by-a-crash.wav")
    left.write(load_audio(DATA / "dictation" / "zh-task-xiaowang.flac").samples)  # never closed: a crash
    before = {r.id for r in pipeline.store.list(limit=None)}
    app = _start_app(qtbot, pipeline, config, microphone)
    try:
        def new_rows() -> list:
            return [r for r in pipeline.store.list(limit=None) if r.id not in before]

        qtbot.waitUntil(lambda: bool(new_rows()) and new_rows()[0].stage == "done", timeout=MODEL_TIMEOUT_MS)
        new = new_rows()
        assert [(r.intent, r.status, r.source) for r in new] == [("task", "draft", "hotkey")]
        assert "小王" in new[0].transcript
        qtbot.waitUntil(lambda: not list(paths.spool_dir.glob("*.wav")))
    finally:
        app.shutdown()


def test_committed_text_parsed_while_speaking_is_reused_after_release(saydo_app, pipeline, tmp_path) -> None:
    from app.take import Speculation
    from asr import Transcript, load_audio

    worker = saydo_app.worker
    text = "提醒我明天上午十点给刘总打电话"
    spoken = Speculation(text, NOW)
    worker.speculate(spoken)  # what the streaming thread's commit triggers
    early = worker.speculated[(text, NOW)]
    assert early.record.intent == "reminder" and early.record.fields["remind_at"] == "2026-11-24T10:00"
    spoken.stale.set()  # newer text has arrived meanwhile
    worker.speculated.clear()
    worker.speculate(spoken)  # stale, so it is not parsed
    assert worker.speculated == {}
    # After release, the same final text files the record with the early parse: no second model call.
    clip = DATA / "dictation" / "zh-reminder-liu.flac"
    audio = load_audio(clip)
    outcome = pipeline.process_recording(clip, audio, NOW, transcript=Transcript(text, "zh", audio.duration_s, 0.0),
                                         parsed=early)
    assert outcome.parse is early
    assert pipeline.store.get(outcome.record_id).fields["remind_at"] == "2026-11-24T10:00"


def test_a_speculative_parse_gives_way_once_its_text_is_stale(saydo_app) -> None:
    """Newer text arrives (or the final text differs) while the language model is still answering: the parse stops
    there and leaves nothing behind, so the release never waits for a stale answer."""
    import threading

    from app.take import Speculation

    worker = saydo_app.worker
    text = "Log a visit with Initech, met Peter and Samir, they need a quote."  # needs the language model
    worker.speculated.clear()
    spoken = Speculation(text, NOW)
    newer = threading.Timer(0.05, spoken.stale.set)  # what the take coordinator does when newer text arrives
    newer.start()
    worker.speculate(spoken)  # a whole answer would be kept in `speculated`
    newer.join()
    assert worker.speculated == {}


def test_a_spoken_question_is_answered_not_filed(qtbot, saydo_app, microphone: ClipMicrophone) -> None:
    app = saydo_app
    before = len(app.store.list(limit=None))
    microphone.clip = DATA / "dictation" / "en-question-meetings.flac"
    app.toggle()
    qtbot.waitUntil(lambda: microphone.source.finished.is_set(), timeout=60_000)
    with qtbot.waitSignal(app.answer_shown, timeout=MODEL_TIMEOUT_MS) as shown:
        app.toggle()
    window = shown.args[0]
    assert "meetings" in window.question.text().lower()
    assert window.summary.text().endswith("found")
    assert len(app.store.list(limit=None)) == before  # a question never changes data
    assert not list(app.paths.spool_dir.glob("*.wav"))
    window.close()


def test_rerunning_a_draft_from_the_records_window(qtbot, saydo_app, pipeline) -> None:
    outcome = pipeline.process_file(DATA / "dictation" / "en-reminder-invoice.flac", NOW, source="file")
    window = saydo_app.show_records()
    window.table.selectRow([r.id for r in window.rows].index(outcome.record_id))
    with qtbot.waitSignal(saydo_app.worker.replayed, timeout=MODEL_TIMEOUT_MS):
        window.rerun_selected()
    assert pipeline.store.revisions(outcome.record_id)[-1].reason.startswith("replayed")
    qtbot.waitUntil(lambda: any(c.draft.record_id == outcome.record_id and c.isVisible()
                                for c in window.findChildren(ConfirmationCard)))  # opened to look at the result
