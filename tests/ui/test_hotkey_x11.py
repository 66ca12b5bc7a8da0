"""The global hotkey on a real X server (Xvfb): keys typed through XTEST reach pynput's listener and come out as
the app's pressed / released signals, in hold and toggle use alike."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from app.ui.hotkey import GlobalHotkey

pytestmark = [
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (scripts/bootstrap --test)"),
    pytest.mark.slow,  # starts a subprocess, a server or a device: the fast lane skips it
]


@pytest.fixture
def x_display(monkeypatch) -> Iterator[str]:
    """A private X server; `-displayfd` picks a free display number and reports it once the server accepts clients."""
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        display = f":{server.stdout.readline().strip()}"
        if display == ":":
            pytest.fail("Xvfb did not start")
        monkeypatch.setenv("DISPLAY", display)
        for name in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
            monkeypatch.delenv(name, raising=False)
        yield display
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("combination", ["<ctrl>+<alt>+h", "Ctrl+Alt+H"])  # pynput's spelling, and a person's
def test_hotkey_presses_and_releases_through_x11(qtbot, x_display: str, combination: str) -> None:
    from pynput.keyboard import Controller, Key

    threads_before = set(threading.enumerate())
    hotkey = GlobalHotkey(combination)
    assert hotkey.start()
    keyboard = Controller()
    try:
        with qtbot.waitSignal(hotkey.pressed, timeout=5000):
            keyboard.press(Key.ctrl)
            keyboard.press(Key.alt)
            keyboard.press("h")
        with qtbot.waitSignal(hotkey.released, timeout=5000):
            keyboard.release("h")
        keyboard.release(Key.alt)
        keyboard.release(Key.ctrl)
        with qtbot.assertNotEmitted(hotkey.pressed, wait=300):
            keyboard.press("h")  # the combination is no longer down
            keyboard.release("h")
    finally:
        hotkey.stop()
        keyboard.tap(Key.shift)  # pynput's X11 listener notices the stop at the next event
        qtbot.waitUntil(lambda: set(threading.enumerate()) <= threads_before, timeout=5000)


def _press_combination(keyboard) -> None:
    from pynput.keyboard import Key

    keyboard.press(Key.ctrl)
    keyboard.press(Key.alt)
    keyboard.tap("h")
    keyboard.release(Key.alt)
    keyboard.release(Key.ctrl)


def test_a_press_right_after_start_is_heard(qtbot, x_display: str, monkeypatch) -> None:
    """start() returns once the listener receives keys: a shortcut pressed at once is not dropped. The listener's
    thread is slowed down before it connects (as on a loaded machine), so a press before it is ready would be lost."""
    from pynput.keyboard import Controller, Key
    from pynput.keyboard._xorg import Listener

    set_up = Listener._run

    def slow_set_up(listener: Listener) -> None:
        time.sleep(0.5)
        set_up(listener)

    monkeypatch.setattr(Listener, "_run", slow_set_up)
    keyboard = Controller()
    hotkey = GlobalHotkey("Ctrl+Alt+H")
    try:
        assert hotkey.start()
        with qtbot.waitSignal(hotkey.pressed, timeout=5000):
            _press_combination(keyboard)
    finally:
        hotkey.stop()
        keyboard.tap(Key.shift)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # pynput's thread raising
def test_a_listener_that_cannot_start_turns_the_hotkey_off(qtbot, x_display: str, monkeypatch) -> None:
    from pynput import keyboard  # noqa: F401  (its backend needs a display at import, as in the app)

    monkeypatch.setenv("DISPLAY", ":59000")  # no server there: the listener's thread fails before it is ready
    hotkey = GlobalHotkey("Ctrl+Alt+H")
    assert not hotkey.start()
    assert not hotkey.running
