"""The records window for daily use, on a real store: Enter opens a record, the columns say when, who and how much,
an empty search says so, the record dialog plays the take's recording and lists its revisions, and exports go to the
Documents folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.ui.record_dialog import DefaultSpeaker, RecordDialog
from app.ui.records_window import AMOUNT, DATE, SUMMARY, WHO, RecordsWindow
from asr import load_audio
from records import AudioRef
from tests.conftest import SAMPLES

from .conftest import SAMPLE_RECORDS


class Recorder:
    """Stands in for the speakers, which a test machine does not have: keeps what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[tuple[np.ndarray, int]] = []
        self.stopped = 0

    def play(self, samples: np.ndarray, rate: int) -> None:
        self.played.append((samples, rate))

    def stop(self) -> None:
        self.stopped += 1


def _fill(store, audio_dir: Path) -> dict[str, str]:
    audio_dir.mkdir(parents=True, exist_ok=True)
    clip = shutil.copy(SAMPLES / "en-task.flac", audio_dir / "take.flac")
    ids = {}
    for intent, fields in SAMPLE_RECORDS.items():
        audio = AudioRef(path=str(clip), sha256=f"{intent:0<64}"[:64], duration_s=3.0) if intent == "task" else None
        ids[intent] = store.add({"intent": intent, "fields": fields}, transcript=f"said: {intent}", lang="zh",
                                source="hotkey", audio=audio)
    return ids


@pytest.fixture
def window(qtbot, filing) -> RecordsWindow:
    opened = RecordsWindow(filing, speaker=Recorder())
    qtbot.addWidget(opened)
    return opened


def _row(window: RecordsWindow, record_id: str) -> int:
    return [r.id for r in window.rows].index(record_id)


def test_enter_opens_the_selected_record(qtbot, filing, window: RecordsWindow, tmp_path: Path) -> None:
    ids = _fill(filing.store, tmp_path / "audio")
    window.refresh()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        window.table.selectRow(_row(window, ids["meeting"]))
        QTest.keyClick(window.table, key)
        dialogs = window.findChildren(RecordDialog)
        assert [d.draft.record_id for d in dialogs] == [ids["meeting"]] and dialogs[0].isVisible()
        dialogs[0].reject()
        dialogs[0].deleteLater()
        qtbot.waitUntil(lambda: not window.findChildren(RecordDialog))


def test_columns_show_date_who_and_amount(filing, window: RecordsWindow, tmp_path: Path) -> None:
    ids = _fill(filing.store, tmp_path / "audio")
    window.refresh()

    def cells(intent: str) -> tuple[str, ...]:
        row = _row(window, ids[intent])
        return tuple(window.table.item(row, column).text() for column in (DATE, WHO, AMOUNT, SUMMARY))

    assert cells("visit_note") == ("follow-up 2026-12-01", "远航科技", "300,000.00 CNY",
                                   "远航科技 · 孙经理 · 对云存储方案感兴趣")
    assert cells("task") == ("due 2026-11-25", "David", "", "Review the contract draft · David · 2026-11-25")
    assert cells("meeting")[:2] == ("starts 2026-11-24 14:00", "Ann, Bo")
    assert cells("reminder")[0] == "remind 2026-11-24 09:00"
    assert cells("expense") == ("spent 2026-11-23", "", "128.00 CNY", "滴滴 · 128.00 CNY · transport")
    headers = [window.table.horizontalHeaderItem(c).text() for c in range(window.table.columnCount())]
    assert headers[DATE:] == ["Date", "Client / assignee", "Amount", "Summary"]


def test_an_empty_search_says_no_records_match(filing, window: RecordsWindow, tmp_path: Path) -> None:
    _fill(filing.store, tmp_path / "audio")
    window.refresh()
    assert window.stack.currentWidget() is window.table
    window.search.setText("nothing-like-this-was-said")
    assert window.table.rowCount() == 0
    assert window.stack.currentWidget() is window.empty and "No records match" in window.empty.text()
    window.search.setText("远航")
    assert window.stack.currentWidget() is window.table and window.table.rowCount() == 1


def test_an_empty_store_says_there_are_none_yet(window: RecordsWindow) -> None:
    assert window.stack.currentWidget() is window.empty and "No records yet" in window.empty.text()


def test_the_dialog_plays_the_kept_recording(qtbot, filing, window: RecordsWindow, tmp_path: Path) -> None:
    ids = _fill(filing.store, tmp_path / "audio")
    dialog = window.open_record(ids["task"])
    player = dialog.player
    assert player.button.isEnabled() and player.button.toolTip() == "Play what was said"
    player.button.click()
    speaker = window.speaker
    assert len(speaker.played) == 1 and player.button.text() == "■ Stop"
    samples, rate = speaker.played[0]
    expected = load_audio(tmp_path / "audio" / "take.flac")
    assert rate == expected.sample_rate and len(samples) == len(expected.samples)
    player.button.click()
    assert speaker.stopped == 1 and player.button.text() == "▶ Play"
    player.button.click()
    qtbot.waitUntil(lambda: player.button.text() == "▶ Play", timeout=10_000)  # by itself at the clip's end


@pytest.mark.parametrize(("audio", "why"), [
    (None, "No recording is stored"),
    (AudioRef(path=None, sha256="a" * 64, duration_s=2.0), "not kept"),
    (AudioRef(path=None, sha256="b" * 64, duration_s=2.0, retention="deleted"), "deleted after filing"),
    (AudioRef(path="/nonexistent/take.flac", sha256="c" * 64, duration_s=2.0), "missing"),
])
def test_play_is_off_with_the_reason_when_no_recording_is_there(filing, window: RecordsWindow,
                                                                audio: AudioRef | None, why: str) -> None:
    record_id = filing.store.add({"intent": "note", "fields": {"text": "x"}}, transcript="x", lang="en",
                                 source="cli", audio=audio)
    player = window.open_record(record_id).player
    assert not player.button.isEnabled() and why in player.button.toolTip() and why in player.note.text()


def test_no_audio_output_is_said_not_crashed(qtbot, filing, tmp_path: Path) -> None:
    """The real default output: on a machine without one (this test's, offscreen) PortAudio refuses, and the dialog
    says so; where there is one, it plays and stops."""
    ids = _fill(filing.store, tmp_path / "audio")
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    dialog = window.open_record(ids["task"])
    assert isinstance(dialog.player.speaker, DefaultSpeaker)
    dialog.player.button.click()
    if dialog.player.playing:
        dialog.reject()  # closing stops it
        assert not dialog.player.playing
    else:
        assert dialog.player.note.text().startswith("Cannot play") and dialog.player.button.isEnabled()


def test_the_dialog_lists_revisions_after_an_edit(qtbot, filing, window: RecordsWindow, tmp_path: Path) -> None:
    ids = _fill(filing.store, tmp_path / "audio")
    window.refresh()
    dialog = window.open_record(ids["task"])
    assert dialog.revisions.count() == 1 and "created" in dialog.revisions.item(0).text()
    dialog.form.editors["priority"].setCurrentIndex(dialog.form.editors["priority"].findData("low"))
    with qtbot.waitSignal(window.record_saved):
        dialog.confirm_button.click()
    filing.store.mark_done(ids["task"])
    again = window.open_record(ids["task"])
    lines = [again.revisions.item(i).text() for i in range(again.revisions.count())]
    assert len(lines) == 3  # newest first
    assert lines[0].startswith("3 ") and "done" in lines[0]
    assert lines[1].startswith("2 ") and "edited in the records window — Priority: high → low" in lines[1]
    assert lines[2].startswith("1 ") and "created" in lines[2]


def test_export_proposes_the_documents_folder_and_says_where(qtbot, filing, window: RecordsWindow, tmp_path: Path,
                                                             monkeypatch) -> None:
    home = tmp_path / "user"
    documents = home / "Papers"
    documents.mkdir(parents=True)
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Papers"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    _fill(filing.store, tmp_path / "audio")
    window.refresh()
    proposed = []

    def save_as_proposed(parent, caption, directory, filters):  # the native file dialog, which a test cannot click
        proposed.append(directory)
        return directory, filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as_proposed))
    window.export_button.click()
    assert proposed == [str(documents / "saydo-records.csv")]
    assert "远航科技" in (documents / "saydo-records.csv").read_text(encoding="utf-8-sig")
    assert window.count.text() == f"Exported 6 records to {documents / 'saydo-records.csv'}"
