"""The app with the session's warm models: a take whose names need the language model opens its card before the
model answers, and the answer fills it without touching what the person typed; a silent take is told in words.
Run under `flock /tmp/saydo-models.lock`. The take is handed to the model worker as the Recorder and the streaming
transcriber hand it over at release (a spool WAV and the final text); the speaker is replaced (none here)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QFormLayout

from asr import Transcript, load_audio
from asr.capture import Recording
from asr.spool import SpoolWriter
from tests.conftest import DATA, NOW

MODEL_TIMEOUT_MS = 300_000
NEEDS_MODEL = "Log a visit with Initech, met Peter and Samir, they need a quote."


@pytest.fixture
def app_and_sounds(qtbot, pipeline, config):
    from app.ui.application import SaydoApp

    settings, paths = config
    played: list[int] = []
    app = SaydoApp(settings.model_copy(deep=True), paths, pipeline=pipeline, keep_source_armed=False,
                   now=lambda: NOW, use_tray=False, sound_output=lambda samples, rate: played.append(len(samples)))
    assert app.start()
    qtbot.waitUntil(lambda: app.is_ready, timeout=MODEL_TIMEOUT_MS)
    yield app, played
    app.shutdown()


def _take(spool: Path, samples: np.ndarray, text: str | None):
    from app.ui.workers import Take

    writer = SpoolWriter(spool / f"take-test-{len(list(spool.glob('*')))}.wav")
    writer.write(samples)
    writer.close()
    final: Future[Transcript] | None = None
    if text is not None:
        final = Future()
        final.set_result(Transcript(text, "en", len(samples) / 16000, 0.0))
    return Take(recording=Recording(writer.path, len(samples) / 16000, samples), final=final, now=NOW)


def test_the_card_opens_before_the_model_answers_and_keeps_what_was_typed(qtbot, app_and_sounds) -> None:
    app, _ = app_and_sounds
    samples = load_audio(DATA / "dictation" / "en-task-david.flac").samples  # any speech; the text is given
    with qtbot.waitSignal(app.card_shown, timeout=MODEL_TIMEOUT_MS) as shown:
        app._finish_requested.emit(_take(app.paths.spool_dir, samples, NEEDS_MODEL))
    card = shown.args[0]
    assert card.waiting and card.draft.record_id == ""  # nothing stored yet: the model is still answering
    layout = card.form.layout()
    assert isinstance(layout, QFormLayout)
    assert layout.labelForField(card.form.editors["contacts"]).text() == "Contacts …"
    client = card.form.editors["client"]
    client.setText("Initech Corporation")  # the person types while the model answers
    qtbot.waitUntil(lambda: not card.waiting, timeout=MODEL_TIMEOUT_MS)
    stored = app.store.get(card.draft.record_id)
    assert stored.status == "draft" and stored.fields["contacts"]  # the model's record, with the names it read
    assert client.text() == "Initech Corporation"  # never overwritten
    assert card.form.editors["contacts"].value() == stored.fields["contacts"]  # left waiting: filled
    assert layout.labelForField(card.form.editors["contacts"]).text() == "Contacts"
    with qtbot.waitSignal(app.filed):
        card.accept()
    row = app.store.get(card.draft.record_id)
    assert row.status == "confirmed" and row.fields["client"] == "Initech Corporation"
    assert app.toast.isVisible()


def test_a_silent_take_is_told_in_words_with_the_error_sound(qtbot, app_and_sounds) -> None:
    app, played = app_and_sounds
    played.clear()
    with qtbot.waitSignal(app.notice, timeout=MODEL_TIMEOUT_MS,
                          check_params_cb=lambda message: message.startswith("Nothing")) as told:
        app._finish_requested.emit(_take(app.paths.spool_dir, np.zeros(16000 * 2, dtype=np.float32), None))
    message = told.args[0]
    assert message.startswith("Nothing was heard, so nothing was filed")
    discarded = app.store.list(status="discarded", limit=1)[0]
    assert discarded.id not in message and discarded.id[:8] not in message  # words, not a record id
    assert played  # the error sound
