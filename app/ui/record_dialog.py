"""A record opened from the records window: the card in editing mode, with the take's recording to play again and
the record's revisions (edits, status changes, replays), newest first, each with what it changed, and its
attachments as thumbnails (files dropped on it or picked are attached at once, as a revision of their own).

Playback goes through PortAudio (sounddevice, as the recorder and the feedback sounds do; QtMultimedia would need
the PySide6-Addons wheel). No audio output, or a recording that cannot be read: the dialog says so and stays usable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.filing import Filing
from asr import AudioError, load_audio
from records import AudioRef, Revision, StoredRecord, StoreError
from records.summary import Change, revision_diff

from .card import ConfirmationCard, Draft
from .labels import choice_label, field_label, intent_label, reason_label, status_label

log = logging.getLogger(__name__)


class Speaker(Protocol):
    def play(self, samples: np.ndarray, rate: int) -> None: ...

    def stop(self) -> None: ...


class DefaultSpeaker:
    """The default output device; `play` returns at once (sounddevice plays on its own thread)."""

    def play(self, samples: np.ndarray, rate: int) -> None:
        import sounddevice  # PortAudio is loaded only once something is played

        sounddevice.play(samples, rate)

    def stop(self) -> None:
        import sounddevice

        sounddevice.stop()


def why_no_audio(audio: AudioRef | None) -> str | None:
    """Why this record's recording cannot be played, or None when it can."""
    if audio is None:
        why = QT_TRANSLATE_NOOP("AudioPlayer", "No recording is stored with this record (it was typed, or came from "
                                               "the command line).")
    elif audio.retention == "deleted":
        why = QT_TRANSLATE_NOOP("AudioPlayer", "The recording was deleted after filing, as the audio setting asks.")
    elif not audio.path:
        why = QT_TRANSLATE_NOOP("AudioPlayer", "The recording was not kept: the audio setting is “Never write to "
                                               "disk”.")
    elif not Path(audio.path).is_file():
        why = QT_TRANSLATE_NOOP("AudioPlayer", "The recording is missing from {path}.")
    else:
        return None
    return QCoreApplication.translate("AudioPlayer", why).format(path=audio.path if audio else "")


class AudioPlayer(QWidget):
    """Play / Stop for one record's recording, with a line saying why it cannot play when it cannot."""

    def __init__(self, audio: AudioRef | None, speaker: Speaker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audio = audio
        self.speaker = speaker
        self.playing = False
        self.button = QPushButton(self.tr("▶ Play"))
        self.button.setObjectName("play")
        self.button.setAutoDefault(False)  # Enter saves the record; it never plays
        self.button.clicked.connect(self.toggle)
        self.note = QLabel()
        self.note.setObjectName("audio_note")
        self.note.setStyleSheet("color: #6b7280;")
        self.note.setWordWrap(True)
        self._ended = QTimer(self)
        self._ended.setSingleShot(True)
        self._ended.timeout.connect(self._finished)
        reason = why_no_audio(audio)
        self.button.setEnabled(reason is None)
        self.button.setToolTip(reason or self.tr("Play what was said"))
        if reason is None and audio is not None and audio.duration_s:
            self.note.setText(self.tr("{seconds} s").format(seconds=f"{audio.duration_s:.1f}"))
        elif reason is not None:
            self.note.setText(reason)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.note, 1)

    def toggle(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.play()

    def play(self) -> None:
        assert self.audio is not None and self.audio.path
        try:
            decoded = load_audio(Path(self.audio.path))
            self.speaker.play(decoded.samples, decoded.sample_rate)
        except (AudioError, OSError) as exc:
            self._say(self.tr("Cannot read the recording: {reason}").format(reason=exc))
            return
        except Exception as exc:  # noqa: BLE001 - PortAudio's errors (no output device): say so, never crash
            log.warning("cannot play %s: %s", self.audio.path, exc)
            self._say(self.tr("Cannot play: {reason}").format(reason=exc))
            return
        self.playing = True
        self.button.setText(self.tr("■ Stop"))
        self.note.setStyleSheet("color: #6b7280;")
        self.note.setText(self.tr("Playing, {seconds} s").format(seconds=f"{decoded.duration_s:.1f}"))
        self._ended.start(int(decoded.duration_s * 1000) + 200)

    def stop(self) -> None:
        if self.playing:
            try:
                self.speaker.stop()
            except Exception as exc:  # noqa: BLE001 - as in play
                log.warning("cannot stop playback: %s", exc)
        self._finished()

    def _finished(self) -> None:
        self._ended.stop()
        self.playing = False
        self.button.setText(self.tr("▶ Play"))

    def _say(self, text: str) -> None:
        self.note.setStyleSheet("color: #b00020;")
        self.note.setText(text)


_WHAT = {"status": QT_TRANSLATE_NOOP("RecordDialog", "status"), "intent": QT_TRANSLATE_NOOP("RecordDialog", "intent")}
_VALUE: dict[str, Callable[[str], str]] = {"status": status_label, "intent": intent_label}


def _shown(change: Change) -> str:
    """A change in the interface language: what changed by its label, a status, intent or choice by its label."""
    what = (QCoreApplication.translate("RecordDialog", _WHAT[change.what]) if change.what in _WHAT
            else field_label(change.what))
    value = _VALUE.get(change.what, choice_label)
    return f"{what}: {value(change.old)} → {value(change.new)}"


def revision_lines(revisions: list[Revision]) -> list[str]:
    """One line per revision, newest first: number, local time, reason, and what it changed."""
    lines = []
    for before, after in zip([None, *revisions[:-1]], revisions, strict=True):
        when = datetime.fromisoformat(after.created_at).astimezone().strftime("%Y-%m-%d %H:%M")
        changes = "; ".join(_shown(change) for change in revision_diff(before, after))
        lines.append(f"{after.revision}  {when}  {reason_label(after.reason)}" + (f" — {changes}" if changes else ""))
    return lines[::-1]


def draft_of(row: StoredRecord) -> Draft:
    return Draft(record_id=row.id, transcript=row.transcript, intent=row.intent, fields=row.fields, error=row.error,
                 status=row.status)


class RecordDialog(ConfirmationCard):
    """The card in editing mode for a stored record, with its recording and its history below the form."""

    def __init__(self, filing: Filing, record: StoredRecord, *, speaker: Speaker | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(filing, draft_of(record), editing=True, parent=parent)
        self.setObjectName("record_dialog")
        self.attachments.show_attachments(record.attachments)
        self.player = AudioPlayer(record.audio, speaker or DefaultSpeaker())
        self.revisions = QListWidget()
        self.revisions.setObjectName("revisions")
        self.revisions.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the form to the buttons
        self.revisions.setMaximumHeight(110)
        try:
            self.revisions.addItems(revision_lines(filing.store.revisions(record.id)))
        except StoreError as exc:
            self.revisions.addItem(self.tr("Cannot read the history: {reason}").format(reason=exc))
        box = QGroupBox(self.tr("Recording and history"))
        inner = QVBoxLayout(box)
        inner.addWidget(self.player)
        inner.addWidget(self.revisions)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, box)  # above the Save / Cancel buttons
        self.finished.connect(self.player.stop)
