"""The tray app: one object that wires the hotkey, the instance server, the recorder, the model worker and the windows.

Follow one take: `hotkey_pressed` (or `saydo toggle` through the instance server) -> `start_recording` starts the
Recorder (spool WAV on disk at once) and a StreamingTranscriber fed from the audio thread; the overlay shows level,
time and the live text -> `hotkey_released` / `stop_recording` hands the Recording to the model worker, which files
a draft and parses -> `_show_draft` opens the confirmation card -> Enter confirms (`deliver`), Esc discards. Once
filed, a toast offers Undo for a few seconds. Short sounds mark the start, the stop, the filing and a failure.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon

from app.atomic_files import atomic_write
from app.clock import reference_now
from app.filing import Filing
from app.pipeline import Pipeline
from app.settings import Paths, Settings
from app.take import LiveTake, Speculation, TakeCoordinator
from app.updates import Update, UpdateError, check
from app.version import describe, version
from asr import Transcript
from asr.capture import (
    AudioSource,
    CaptureError,
    MicrophoneSource,
    Recorder,
    SpoolFailed,
    list_input_devices,
    recover_spools,
)
from asr.stream import StreamEvent, StreamingTranscriber
from intents import ParseResult
from models import UnknownModel, catalog, get_model, is_installed
from models.hardware import detect
from models.recommend import Recommendation, recommend
from records import StoreError

from .answer import Answered, AnswerWindow
from .autostart import set_autostart
from .card import ConfirmationCard, Draft
from .hotkey import GlobalHotkey, readable
from .i18n import install_translators, interface_language
from .overlay import RecordingOverlay
from .records_window import RecordsWindow
from .reminders import ReminderScheduler
from .settings_dialog import SettingsDialog
from .single_instance import InstanceServer
from .sounds import Output, Sounds, speaker
from .toast import Toast
from .upkeep import INTERVAL_MS, Upkeep
from .workers import ModelWorker, Take, preview_draft

log = logging.getLogger(__name__)

HOTKEY_NOTICE_FILE = "hotkey-notice"  # in the runtime folder: the notice last shown about the hotkey


def _dot_icon(color: str) -> QIcon:
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(8, 8, 48, 48)
    painter.end()
    return QIcon(pixmap)


def model_name(model_id: str) -> str:
    """A model as a person would name it ("Whisper base", "Qwen2.5-Coder-0.5B-Instruct"), from the catalog's
    description; the id itself for a model the catalog does not know."""
    try:
        description = get_model(model_id).description
    except UnknownModel:
        return model_id
    return re.split(r"[,:(]", description, maxsplit=1)[0].strip().removeprefix("OpenAI ")


def device_names() -> list[str]:
    try:
        return [d.name for d in list_input_devices()]
    except CaptureError as exc:
        log.warning("cannot list input devices: %s", exc)
        return []


class SaydoApp(QObject):
    """`source_factory` makes the audio source (default: the configured microphone). `keep_source_armed` keeps it
    open between takes so the pre-roll catches the first syllable; a file source replays per take without it.
    `sound_output` plays the feedback sounds (default: the speaker)."""

    status_changed = Signal(str)
    ready = Signal()
    recording_started = Signal()
    card_shown = Signal(object)  # ConfirmationCard
    answer_shown = Signal(object)  # AnswerWindow
    filed = Signal(str)  # record id, confirmed (on the card or automatically)
    notice = Signal(str)  # something the user should read (tray message, or the log without a tray)
    level_changed = Signal(float)
    transcript_changed = Signal(str, str)
    _load_requested = Signal()
    _finish_requested = Signal(object)
    _replay_requested = Signal(str)
    _speculate_requested = Signal(object)  # app.take.Speculation
    _spoken = Signal(int, str)  # take id, text heard while speaking: from the streaming thread
    _final_heard = Signal(int, str)  # take id, the final text: from the thread finishing the stream
    _recover_requested = Signal(object, object)
    _deliver_requested = Signal()
    _update_found = Signal(object)  # app.updates.Update: from the update-check thread

    def __init__(self, settings: Settings, paths: Paths, *, pipeline: Pipeline | None = None,
                 source_factory: Callable[[], AudioSource] | None = None, keep_source_armed: bool = True,
                 now: Callable[[], datetime] | None = None, use_tray: bool = True,
                 sound_output: Output = speaker) -> None:
        super().__init__()
        self.settings = settings
        self.paths = paths
        self.pipeline = pipeline or Pipeline(settings, paths, status=self.status_changed.emit,
                                             model_progress=self._model_progress)
        self.store = self.pipeline.store
        self.filing = Filing(self.store, settings)
        self.source_factory = source_factory or (lambda: MicrophoneSource(self.settings.asr.input_device))
        self.keep_source_armed = keep_source_armed
        self.now = now or (lambda: reference_now(None, self.settings.timezone))
        self.status = self.tr("Starting…")
        self.last_release_to_card_s: float | None = None
        self.last_notice = ""
        self.cards: list[ConfirmationCard] = []
        self.answers: list[AnswerWindow] = []
        self._recommendation: Recommendation | None = None
        self._recorder: Recorder | None = None
        self._streamer: StreamingTranscriber | None = None
        # Streamers whose decoder may still be at work after the take ended (a polish, a cancelled decode).
        self._streamers: list[StreamingTranscriber] = []
        # The takes' stages, on this (the GUI) thread only: the other threads reach it through queued signals.
        self.takes = TakeCoordinator()
        self._spoken.connect(self._on_spoken)
        self._final_heard.connect(self._on_final_heard)
        self._waiting_card: ConfirmationCard | None = None  # opened on a preview; the model's record comes later

        self.sounds = Sounds(lambda: self.settings.ui.sounds, sound_output)
        self.toast = Toast()
        self.toast.undo_requested.connect(self.undo_filing)
        self.overlay = RecordingOverlay()
        self.overlay.cancel_requested.connect(self.cancel_recording)
        self.level_changed.connect(self.overlay.set_level)
        self.transcript_changed.connect(self.overlay.set_transcript)

        self.worker = ModelWorker(self.pipeline)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("saydo-models")
        self.worker.moveToThread(self.worker_thread)
        self._load_requested.connect(self.worker.load)
        self._finish_requested.connect(self.worker.finish_take)
        self._replay_requested.connect(self.worker.replay)
        self._speculate_requested.connect(self.worker.speculate)
        self._recover_requested.connect(self.worker.recover)
        self.worker.recovered.connect(
            lambda n: self._tell(self.tr("Recordings from the last session filed as drafts: {count} (Records…)")
                                 .format(count=n)))
        self.worker.progress.connect(self._set_status)
        self.worker.ready.connect(self._on_ready)
        self.worker.load_failed.connect(self._on_load_failed)
        self.worker.draft_ready.connect(self._show_draft)
        self.worker.draft_preview.connect(self._show_preview)
        self.worker.speculation_preview.connect(self._on_speculation_preview)
        self.worker.answer_ready.connect(self._show_answer)
        self.worker.take_failed.connect(self._on_take_failed)
        self.worker.replayed.connect(self._on_replayed)
        self.worker.replay_failed.connect(
            lambda rid, why: self._tell(self.tr("Could not re-run {record}: {reason}").format(record=rid, reason=why)))
        self.status_changed.connect(self._set_status)

        self.upkeep = Upkeep(Filing(self.store, settings))
        self.upkeep_thread = QThread()
        self.upkeep_thread.setObjectName("saydo-upkeep")
        self.upkeep.moveToThread(self.upkeep_thread)
        self.upkeep.notice.connect(self._tell)
        self.filed.connect(self.upkeep.deliver)
        self._deliver_requested.connect(self.upkeep.deliver)
        self.upkeep_timer = QTimer(self)
        self.upkeep_timer.setInterval(INTERVAL_MS)
        self.upkeep_timer.timeout.connect(self.upkeep.run)

        self.server = InstanceServer(paths.runtime_dir, self.handle_command, self)
        self.hotkey = GlobalHotkey(settings.ui.hotkey, self)
        self.hotkey.pressed.connect(self.hotkey_pressed)
        self.hotkey.released.connect(self.hotkey_released)
        self.records_window: RecordsWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self._make_tray()
        self.reminders = ReminderScheduler(self.filing, lambda: self.now(), self.tray, self)
        self.reminders.notice.connect(self._tell)
        self.reminders.changed.connect(self._reminder_changed)
        self.reminders.client_requested.connect(lambda name: self.show_records().show_clients(name))
        self.available_update: Update | None = None
        self._update_found.connect(self._on_update_found)

    # --- lifecycle ------------------------------------------------------------------------------------------------

    def start(self) -> bool:
        """Serve commands, load the models in the background, listen for the hotkey. False: another instance runs."""
        if not self.server.listen():
            return False
        # Before anything records: whatever is in the spool now was left by an earlier session.
        leftovers = recover_spools(self.paths.spool_dir)
        self.worker_thread.start()
        self.upkeep_thread.start()
        self.upkeep_timer.start()
        self._load_requested.emit()
        self._recover_requested.emit(leftovers, self.now())
        self._start_hotkey()
        if self.tray is not None:
            self.tray.show()
        else:
            log.info("no system tray here; showing the records window instead")
            self.show_records()
        self.reminders.start()  # after the tray is up: what was missed while closed shows there too
        if self.settings.updates.check and self.settings.updates.url:  # off by default: nothing leaves unasked
            threading.Thread(target=self._check_for_update, name="saydo-update-check", daemon=True).start()
        return True

    def _check_for_update(self) -> None:
        try:
            found = check(self.settings.updates, version())
        except UpdateError as exc:
            log.warning("update check: %s", exc)
            return
        if found is not None:
            self._update_found.emit(found)

    def _on_update_found(self, update: Update) -> None:
        self.available_update = update
        self._tell(self.tr("saydo {version} is available: {url}").format(version=update.version, url=update.url))

    def show_about(self) -> QMessageBox:
        text = describe()
        if self.available_update is not None:
            text += "\n\n" + self.tr("saydo {version} is available: {url}").format(
                version=self.available_update.version, url=self.available_update.url)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About saydo"), text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    def shutdown(self) -> None:
        self.hotkey.stop()
        if self.is_recording:
            self.stop_recording()  # a take in progress is kept: finished by the worker below
        self.server.close()
        self.reminders.stop()
        self.upkeep_timer.stop()
        for thread in (self.worker_thread, self.upkeep_thread):
            thread.quit()
            thread.wait()
        for streamer in self._streamers:
            streamer.wait_idle()  # the models are freed at exit: no decode may still be running then
        self.worker.close()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        self.overlay.close()
        self.toast.close()
        for window in [*self.cards, *self.answers]:
            window.close()
        if self.tray is not None:
            self.tray.hide()

    @property
    def is_ready(self) -> bool:
        return self.worker.is_ready

    @property
    def is_recording(self) -> bool:
        return self.takes.recording is not None

    def _model_progress(self, spec: Any) -> Callable[[int, int], None]:
        """Progress of making a model's files ready (assembling bundled parts, or a download), for the status line."""
        def update(done: int, total: int) -> None:
            share = f" {done * 100 // total}%" if total else ""
            line = (self.tr("Preparing the speech model ({model}){share}…") if spec.kind == "asr"
                    else self.tr("Preparing the language model ({model}){share}…"))
            self.status_changed.emit(line.format(model=model_name(spec.id), share=share))

        return update

    def _set_status(self, text: str) -> None:
        for model_id in {self.settings.asr.model, self.settings.llm.model}:
            text = text.replace(f"({model_id})", f"({model_name(model_id)})")  # the worker's loading lines
        self.status = text
        if not self.is_ready and self.overlay.isVisible():
            self.overlay.set_loading(text)
        if self.tray is not None:
            self.tray.setToolTip(f"saydo — {text}")
        if self.records_window is not None:
            self.records_window.set_status(text)

    def _on_ready(self) -> None:
        if self.keep_source_armed:
            try:
                self._ensure_recorder().arm()  # the device opens now, not when the key goes down
            except CaptureError as exc:
                self._tell(self.tr("The microphone cannot be opened: {reason}").format(reason=exc))
        self._set_status(self.tr("Ready"))
        log.info("ready: the models are loaded")  # the moment start-up timings (scripts/check-package) wait for
        self.overlay.set_loading(None)
        if self.tray is not None:
            self.tray.setIcon(_dot_icon("#4cc38a"))
        self.ready.emit()

    def _on_load_failed(self, message: str) -> None:
        self._set_status(message)
        self._tell(message)
        self.sounds.play("error")

    def _tell(self, message: str) -> None:
        log.warning("%s", message)
        self.last_notice = message
        if self.tray is not None:
            self.tray.showMessage("saydo", message, QSystemTrayIcon.MessageIcon.Warning)
        self.notice.emit(message)

    # --- hotkey and commands --------------------------------------------------------------------------------------

    def _start_hotkey(self) -> None:
        """Listen for the hotkey; when it cannot work here, say how to use a desktop shortcut instead, once for each
        problem (a Wayland desktop has it at every start)."""
        if self.hotkey.start():
            return
        message = self.tr("The hotkey {hotkey} is off: {reason}. Bind `saydo toggle` to a shortcut in your desktop's "
                          "keyboard settings instead (see docs/desktop.md).").format(
            hotkey=readable(self.hotkey.combination), reason=self.hotkey.problem)
        shown, text = self.paths.runtime_dir / HOTKEY_NOTICE_FILE, message.encode("utf-8")
        if shown.is_file() and shown.read_bytes() == text:
            return  # the hotkey has logged it
        self._tell(message)
        with contextlib.suppress(OSError):  # not remembered: told again at the next start
            atomic_write(shown, text)

    def hotkey_pressed(self) -> None:
        """What pynput's listener triggers when the combination goes down."""
        if self.settings.ui.mode == "hold":
            self.start_recording()
        else:
            self.toggle()

    def hotkey_released(self) -> None:
        if self.settings.ui.mode == "hold":
            self.stop_recording()

    def toggle(self) -> None:
        if self.is_recording:
            self.stop_recording()
        else:
            self.start_recording()

    def handle_command(self, command: str) -> str:
        """A line from `saydo toggle|start|stop|cancel|show|records|settings|quit`; the answer goes back to it."""
        if command in ("toggle", "start") and not self.is_recording:
            if not self.start_recording():
                raise ValueError(self.last_notice or "the recording could not start")
        elif command == "toggle":
            self.stop_recording()
        elif command == "stop":
            if not self.is_recording:
                raise ValueError("not recording")
            self.stop_recording()
        elif command == "cancel":
            if not self.is_recording and self.takes.understanding is None:
                raise ValueError("not recording")
            self.cancel_recording()
        elif command in ("show", "records"):
            self.show_records()
        elif command == "settings":
            self.show_settings()
        elif command == "quit":
            QApplication.instance().quit()
        return "recording" if self.is_recording else "ok"

    # --- recording ------------------------------------------------------------------------------------------------

    def _ensure_recorder(self) -> Recorder:
        if self._recorder is None:
            self._recorder = Recorder(self.source_factory(), self.paths.spool_dir,
                                      on_level=self.level_changed.emit)
        return self._recorder

    def _stream_event(self, take_id: int, event: StreamEvent) -> None:
        """On the streaming thread: show the text, and have it parsed while the user goes on: all of it when the
        speaker pauses (likely the final text), else what is committed."""
        self.transcript_changed.emit(event.committed, event.partial)
        text = event.text if event.settled else event.committed
        if text:
            self._spoken.emit(take_id, text)

    def _on_spoken(self, take_id: int, text: str) -> None:
        speculation = self.takes.spoken(take_id, text)
        if speculation is not None:
            self._speculate_requested.emit(speculation)

    def _on_final_heard(self, take_id: int, text: str) -> None:
        self._open_early(self.takes.final_text(take_id, text))

    def _on_speculation_preview(self, speculation: Speculation, result: ParseResult) -> None:
        self._open_early(self.takes.speculation_previewed(speculation, result))

    def _open_early(self, take: LiveTake | None) -> None:
        """The card on what the rules found in the final text, parsed while the user spoke: the model worker is
        still busy with that parse, and its record completes the card (`_show_draft`)."""
        if take is not None and take.early is not None:
            self._show_preview(preview_draft(take.early[0], take.early[1], take.now))

    def start_recording(self) -> bool:
        if self.is_recording:
            return False
        take = self.takes.press(self.now())
        if take is None:
            return False
        streamer = None
        if self.is_ready and self.settings.asr.streaming:
            # The model is warm; until it is, the take is transcribed whole after release.
            streamer = StreamingTranscriber(self.pipeline.transcriber, self.pipeline.transcribe_options(),
                                            on_event=functools.partial(self._stream_event, take.id))
            self._streamers = [s for s in self._streamers if s.running] + [streamer]
        try:
            recorder = self._ensure_recorder()
            recorder.on_frames = streamer.feed if streamer else None
            recorder.start()
        except (CaptureError, OSError) as exc:
            if streamer is not None:
                streamer.cancel()
            self.takes.abort()
            self._tell(self.tr("Cannot record: {reason}").format(reason=exc))
            self.sounds.play("error")
            return False
        self._streamer = streamer
        self.sounds.play("start")
        self.overlay.begin(loading=None if self.is_ready else self.status)
        self.recording_started.emit()
        return True

    def stop_recording(self) -> None:
        if not self.is_recording:
            return
        assert self._recorder is not None
        try:
            recording = self._recorder.stop()
        except SpoolFailed as exc:
            recording = exc.recording  # held in memory: the words still reach a card or the failure notice
            self._tell(self.tr("{reason}. Free some disk space; what you said is still being transcribed.").format(
                reason=exc))
        except CaptureError as exc:
            self.takes.abort()
            self._drop_streamer()
            self._settle_overlay()
            self._tell(str(exc))
            self.sounds.play("error")
            return
        finally:
            self._release_source()
        take = self.takes.release()
        assert take is not None and take.released_at is not None  # it was recording
        final: Future[Transcript] | None = None
        if self._streamer is not None:
            final = Future()
            threading.Thread(target=self._finish_stream, args=(self._streamer, final, take.id), name="stream-finish",
                             daemon=True).start()
        self._streamer = None
        self.sounds.play("stop")
        self._settle_overlay()
        self._finish_requested.emit(Take(recording=recording, final=final, now=take.now,
                                         released_at=take.released_at))

    def _finish_stream(self, streamer: StreamingTranscriber, final: Future[Transcript], take_id: int) -> None:
        """On its own thread: the last words decoded. A speculative parse of other text gives way (the coordinator
        marks it stale); one of this very text goes on, and the take reuses it."""
        try:
            transcript = streamer.finish()
        except BaseException as exc:  # noqa: BLE001 - handed to the take, which reports it
            final.set_exception(exc)
            return
        self._final_heard.emit(take_id, transcript.text)
        final.set_result(transcript)

    def cancel_recording(self) -> None:
        """Esc on the overlay, its ×, or `saydo cancel`. A take still recording is thrown away; one being understood
        is still filed, as a draft in the records window, but its card does not open."""
        take = self.takes.cancel()
        if take is None:
            return
        if take.released_at is None:
            if self._recorder is not None and self._recorder.recording:
                self._recorder.cancel()
                self._release_source()
            self._drop_streamer()
        self._settle_overlay()

    def _drop_streamer(self) -> None:
        if self._streamer is not None:
            self._streamer.cancel()
            self._streamer = None

    def _settle_overlay(self) -> None:
        """The overlay shows the newest live take: one recording keeps it as it is; one being understood gets the
        spinner (Esc still cancels it); with neither it goes."""
        if self.takes.recording is not None:
            return
        if self.takes.understanding is not None:
            self.overlay.working(self.tr("Understanding…") if self.is_ready else self.tr("Waiting for the models…"))
        else:
            self.overlay.end()

    def _release_source(self) -> None:
        if not self.keep_source_armed and self._recorder is not None:
            self._recorder.close()
            self._recorder = None

    # --- the card -------------------------------------------------------------------------------------------------

    def _show_answer(self, answered: Answered) -> None:
        take = self.takes.finished()
        self._abandon_waiting_card(self.tr("it was read as a question"))
        self._settle_overlay()
        self._set_status(self.tr("Ready"))
        if take is not None and take.cancelled:
            log.info("take %d was cancelled: its answer is not shown", take.id)
            return
        window = AnswerWindow(answered)
        window.open_requested.connect(self._open_answered_record)
        self.answers.append(window)
        window.show()
        window.raise_()
        self.answer_shown.emit(window)

    def _open_answered_record(self, record_id: str) -> None:
        self.show_records()
        if self.records_window is not None:
            self.records_window.open_record(record_id)

    def _show_preview(self, draft: Draft) -> None:
        """The card at once, with what the rules found; the language model's answer completes it (`_show_draft`).
        With auto-confirm the model's record decides whether a card is needed at all, so there is none yet."""
        if self.settings.ui.auto_confirm:
            return
        take = self.takes.oldest
        if not self.takes.previewed():
            return  # cancelled meanwhile
        self._settle_overlay()
        self._waiting_card = self._open_card(draft, take)

    def _abandon_waiting_card(self, reason: str) -> None:
        if self._waiting_card is not None:
            self._waiting_card.abandon(reason)
            self._waiting_card = None

    def _show_draft(self, draft: Draft) -> None:
        take = self.takes.finished()
        self._settle_overlay()
        self._set_status(self.tr("Ready"))
        if self._waiting_card is not None:
            card, self._waiting_card = self._waiting_card, None
            card.complete(draft)
            return
        if take is not None and take.cancelled:
            self._tell(self.tr("Cancelled: no card opened. What you said is kept as a draft (Records…)."))
            return
        if self.settings.ui.auto_confirm and draft.intent and not draft.error:
            try:
                self.filing.confirm(draft.record_id)
            except (StoreError, OSError) as exc:
                self._tell(self.tr("Could not file it automatically ({reason}); it is on the card to file by hand")
                           .format(reason=exc))
                self.sounds.play("error")
            else:
                self._filed_take(draft.record_id)
                self._card_timed(take)
                return
        self._open_card(draft, take)

    def _open_card(self, draft: Draft, take: LiveTake | None) -> ConfirmationCard:
        card = ConfirmationCard(self.filing, draft)
        card.filed.connect(self._filed_take)
        card.finished.connect(lambda _result, c=card: self._card_closed(c))
        self.cards.append(card)
        card.show()
        card.raise_()
        card.activateWindow()
        self._card_timed(take)
        self.card_shown.emit(card)
        return card

    def _card_timed(self, take: LiveTake | None) -> None:
        """From release to the card (or to filing without one), for `saydo bench app`."""
        if take is not None and take.released_at is not None:
            self.last_release_to_card_s = time.perf_counter() - take.released_at

    def _card_closed(self, card: ConfirmationCard) -> None:
        if card in self.cards:
            self.cards.remove(card)
        if self.records_window is not None:
            self.records_window.refresh()

    def _filed_take(self, record_id: str) -> None:
        """A take's record was filed (on its card or automatically): deliver it, chime, offer Undo."""
        self.deliver(record_id)
        self.sounds.play("filed")
        try:
            self.toast.show_filed(self.store.get(record_id))
        except StoreError as exc:
            log.warning("no Undo offered for %s: %s", record_id, exc)

    def undo_filing(self, record_id: str) -> None:
        """The toast's Undo: the record is a draft again (a new revision); a sink that already had it withdraws it."""
        try:
            self.store.back_to_draft(record_id)
            self.filing.changed(record_id)
        except (StoreError, OSError) as exc:
            self._tell(self.tr("Could not undo the filing: {reason}").format(reason=exc))
            self.sounds.play("error")
            return
        log.info("record %s back to draft", record_id)
        self.toast.undone()
        self._deliver_requested.emit()
        if self.records_window is not None:
            self.records_window.refresh()

    def deliver(self, record_id: str) -> None:
        """A record was confirmed (and queued by `Filing`): deliver to the sinks now rather than at the next minute."""
        log.info("record %s confirmed; delivering", record_id)
        self.filed.emit(record_id)

    def _reminder_changed(self, record_id: str) -> None:
        """Done or snoozed from a reminder: the sinks get the new revision now, an open records window shows it."""
        log.info("record %s done or snoozed; delivering", record_id)
        self._deliver_requested.emit()
        if self.records_window is not None:
            self.records_window.refresh()

    def _on_take_failed(self, message: str) -> None:
        self.takes.finished()  # told even when it was cancelled: a failure may mean something was not kept
        self._abandon_waiting_card(message)
        self._settle_overlay()
        self._set_status(self.tr("Ready"))
        self._tell(message)
        self.sounds.play("error")

    def _on_replayed(self, record_id: str) -> None:
        self._set_status(self.tr("Ready"))
        if self.records_window is not None:
            self.records_window.refresh()
            self.records_window.open_record(record_id)

    # --- windows and tray -----------------------------------------------------------------------------------------

    def show_records(self) -> RecordsWindow:
        if self.records_window is None:
            self.records_window = RecordsWindow(self.filing, can_rerun=lambda: self.is_ready)
            self.records_window.rerun_requested.connect(self._replay_requested.emit)
            self.records_window.set_status(self.status)
        self.records_window.refresh()
        self.records_window.show()
        self.records_window.raise_()
        self.records_window.activateWindow()
        return self.records_window

    def recommendation(self) -> Recommendation | None:
        """The models `saydo models recommend` would pick here; hardware is probed once per run."""
        if self._recommendation is None:
            try:
                hardware = detect(self.paths.models_dir)
            except (OSError, RuntimeError, ValueError) as exc:
                log.warning("hardware detection failed, no recommendation: %s", exc)
                return None
            installed = frozenset(spec.id for spec in catalog() if is_installed(spec, self.paths.models_dir))
            self._recommendation = recommend(hardware, installed=installed, offline=self.settings.models.offline)
        return self._recommendation

    def show_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.settings, self.paths, devices=device_names,
                                                  recommendation=self.recommendation(),
                                                  on_saved=self.apply_settings)
            self.settings_dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        return self.settings_dialog

    def apply_settings(self, settings: Settings) -> None:
        """Take saved settings into use: hotkey and mode at once; models and the microphone at the next start."""
        old = self.settings
        self.settings = settings
        self.pipeline.settings = settings
        self.filing.settings = settings
        if settings.ui.hotkey != old.ui.hotkey:
            self.hotkey.stop()
            self.hotkey.deleteLater()
            self.hotkey = GlobalHotkey(settings.ui.hotkey, self)
            self.hotkey.pressed.connect(self.hotkey_pressed)
            self.hotkey.released.connect(self.hotkey_released)
            self._start_hotkey()
        if settings.ui.autostart != old.ui.autostart:
            try:
                set_autostart(settings.ui.autostart)
            except OSError as exc:
                self._tell(self.tr("Could not change the login item: {reason}").format(reason=exc))
        if (settings.asr.model, settings.llm.model) != (old.asr.model, old.llm.model):
            self._tell(self.tr("The new models are used from the next start of saydo."))
        if settings.ui.language != old.ui.language:
            self._tell(self.tr("The new language is used from the next start of saydo."))

    def _make_tray(self) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(_dot_icon("#9aa3b5"), self)
        tray.setToolTip(self.tr("saydo — starting"))
        menu = QMenu()
        actions: list[tuple[str, Callable[[], Any]]] = [
            (self.tr("Record / stop"), self.toggle), (self.tr("Records…"), self.show_records),
            (self.tr("Settings…"), self.show_settings), (self.tr("About saydo…"), self.show_about),
            (self.tr("Quit"), QApplication.instance().quit)]
        for label, slot in actions:
            action = QAction(label, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        tray.setContextMenu(menu)
        tray.activated.connect(
            lambda reason: self.show_records() if reason == QSystemTrayIcon.ActivationReason.Trigger else None)
        self._tray_menu = menu
        return tray


def run_app(settings: Settings, paths: Paths) -> int:
    """Start the tray app, or hand over to the one already running for this profile."""
    from .single_instance import NotRunning, send_command

    qt = QApplication.instance() or QApplication(sys.argv[:1])
    qt.setApplicationName("saydo")
    qt.setQuitOnLastWindowClosed(False)
    install_translators(qt, interface_language(settings.ui.language))  # before any window is built
    app = SaydoApp(settings, paths)
    if not app.start():
        try:
            send_command(paths.runtime_dir, "show")
        except NotRunning as exc:
            log.warning("%s", exc)
        log.info("saydo is already running; showed its window")
        return 0
    qt.aboutToQuit.connect(app.shutdown)
    return qt.exec()
