"""The hotkey as people write or press it: one conversion to pynput's spelling (checked against pynput's own parser
where an X display lets pynput load), the settings field that captures a pressed chord, and a clear refusal."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.settings import load_settings
from app.ui.hotkey import HotkeyError, readable, to_pynput
from app.ui.hotkey_edit import chord_text
from app.ui.settings_dialog import SettingsDialog

SPELLINGS = [
    ("Ctrl+Alt+R", "<ctrl>+<alt>+r"),
    ("ctrl+alt+r", "<ctrl>+<alt>+r"),
    ("<ctrl>+<alt>+r", "<ctrl>+<alt>+r"),
    ("<CTRL>+<ALT>+R", "<ctrl>+<alt>+r"),
    ("Alt + Ctrl + R", "<ctrl>+<alt>+r"),
    ("Ctrl+Shift+Space", "<ctrl>+<shift>+<space>"),
    ("<ctrl>+<alt>+<space>", "<ctrl>+<alt>+<space>"),
    ("Control+Option+K", "<ctrl>+<alt>+k"),
    ("Win+F9", "<cmd>+<f9>"),
    ("Super+Shift+S", "<shift>+<cmd>+s"),
    ("Meta+Space", "<cmd>+<space>"),
    ("Cmd+Shift+R", "<shift>+<cmd>+r"),
    ("Command+1", "<cmd>+1"),
    ("F9", "<f9>"),
    ("<f20>", "<f20>"),
    ("Ctrl+Alt+PgUp", "<ctrl>+<alt>+<page_up>"),
    ("Ctrl+Alt+Page Down", "<ctrl>+<alt>+<page_down>"),
    ("Ctrl+Alt+Del", "<ctrl>+<alt>+<delete>"),
    ("Ctrl+Ins", "<ctrl>+<insert>"),
    ("Ctrl+Return", "<ctrl>+<enter>"),
    ("Alt+Esc", "<alt>+<esc>"),
    ("Pause", "<pause>"),
    ("Print", "<print_screen>"),
    ("AltGr+Q", "<alt_gr>+q"),
    ("Ctrl++", "<ctrl>++"),
    ("Ctrl+Alt+,", "<ctrl>+<alt>+,"),
    ("<ctrl>+<65>", "<ctrl>+<65>"),
]
REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("Ctrl+", "a key is missing"),
    ("Ctrl+Banana", "'Banana' is not a key saydo knows"),
    ("Ctrl+F21", "'F21' is not a key"),
    ("Ctrl+Alt", "no key besides the modifiers"),
    ("Ctrl+A+B", "2 keys besides the modifiers"),
    ("Ctrl+ctrl+R", "names a key twice"),
    ("r", "would fire while you type"),
    ("Shift+R", "would fire while you type"),
    ("Space", "would fire while you type"),
]


@pytest.mark.parametrize(("text", "expected"), SPELLINGS)
def test_common_spellings_become_pynputs(text: str, expected: str) -> None:
    assert to_pynput(text) == expected
    assert to_pynput(readable(text)) == expected  # what the field shows means the same hotkey


@pytest.mark.parametrize(("text", "why"), REFUSED)
def test_bad_hotkeys_are_refused_with_why(text: str, why: str) -> None:
    with pytest.raises(HotkeyError, match=why):
        to_pynput(text)


def test_readable_spelling() -> None:
    cmd = {"darwin": "Cmd", "win32": "Win"}.get(sys.platform, "Super")
    assert readable("<ctrl>+<alt>+<space>") == "Ctrl+Alt+Space"
    assert readable("<shift>+<cmd>+r") == f"Shift+{cmd}+R"
    assert readable("<ctrl>+<alt>+<page_up>") == "Ctrl+Alt+PgUp"
    assert readable("nonsense+") == "nonsense+"  # shown as it is, with the field's complaint beside it


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (scripts/bootstrap --test)")
def test_pynput_parses_every_converted_spelling() -> None:
    """pynput's backend needs a display to import; its HotKey.parse is the judge of what the listener accepts."""
    combos = "\n".join(expected for _, expected in SPELLINGS)
    script = ("import sys\nfrom pynput import keyboard\n"
              "for line in sys.stdin.read().splitlines():\n    keyboard.HotKey.parse(line)\nprint('ok')\n")
    result = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", script], input=combos, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize(("key", "modifiers", "expected"), [
    (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier, "Ctrl+Alt+R"),
    (Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
     "Ctrl+Shift+Space"),
    (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier, "F9"),
    (Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier, "Alt+PgUp"),
    (Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier, None),  # typing
    (Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier, None),
    (Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier, None),  # still holding the modifiers
])
def test_pressed_chords(key: Qt.Key, modifiers: Qt.KeyboardModifier, expected: str | None) -> None:
    if sys.platform == "darwin" and expected and "Ctrl" in expected:
        expected = expected.replace("Ctrl", "Cmd")
    assert chord_text(key, modifiers) == expected


@pytest.fixture
def dialog(qtbot, home) -> SettingsDialog:
    settings, paths = home
    opened = SettingsDialog(settings, paths)
    qtbot.addWidget(opened)
    return opened


def test_the_field_shows_the_stored_hotkey_readably(dialog: SettingsDialog) -> None:
    assert dialog.hotkey.text() == "Ctrl+Alt+Space"  # the default, stored as <ctrl>+<alt>+<space>
    assert dialog.hotkey_problem.isHidden()


def test_typed_ctrl_alt_r_is_saved_in_pynputs_spelling(dialog: SettingsDialog, home) -> None:
    _, paths = home
    dialog.hotkey.clear()
    QTest.keyClicks(dialog.hotkey, "Ctrl+Alt+R")
    assert dialog.hotkey.text() == "Ctrl+Alt+R" and dialog.hotkey_problem.isHidden()
    dialog.accept()
    assert dialog.error.isHidden(), dialog.error.text()
    assert load_settings(paths.config_file.parent)[0].ui.hotkey == "<ctrl>+<alt>+r"


def test_a_pressed_chord_replaces_the_text_and_is_saved(dialog: SettingsDialog, home) -> None:
    _, paths = home
    QTest.keyClick(dialog.hotkey, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    expected_text = "Cmd+Shift+K" if sys.platform == "darwin" else "Ctrl+Shift+K"
    assert dialog.hotkey.text() == expected_text
    QTest.keyClick(dialog.hotkey, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)  # a modifier alone: no change
    assert dialog.hotkey.text() == expected_text
    dialog.accept()
    saved = load_settings(paths.config_file.parent)[0].ui.hotkey
    assert saved == ("<shift>+<cmd>+k" if sys.platform == "darwin" else "<ctrl>+<shift>+k")


def test_a_bad_hotkey_is_explained_as_typed_and_on_save(dialog: SettingsDialog, home) -> None:
    _, paths = home
    dialog.hotkey.setText("Ctrl+Banana")
    assert not dialog.hotkey_problem.isHidden() and "'Banana' is not a key" in dialog.hotkey_problem.text()
    dialog.accept()
    assert dialog.error.text().startswith("Not saved: 'Ctrl+Banana' is not a hotkey")
    assert not paths.config_file.exists()
    dialog.hotkey.setText("Ctrl+Alt+B")
    assert dialog.hotkey_problem.isHidden()
