"""The global hotkey through pynput (X11, Windows, macOS), reported as Qt signals on the GUI thread.

`pressed` fires when the whole combination is down, `released` when any key of it comes up again; the app turns
these into hold-to-talk or toggle. pynput cannot see keys on Wayland (only XWayland windows') and needs an X
display on Linux: there `start()` returns False and logs how to bind `saydo toggle` to a desktop shortcut instead.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

WAYLAND_HINT = ("bind `saydo toggle` (or `saydo start` / `saydo stop` for hold-to-talk) to a shortcut in your "
                "desktop's keyboard settings; see docs/desktop.md")


def unavailable_reason() -> str | None:
    """Why pynput cannot listen here, or None when it can try."""
    if sys.platform.startswith("linux"):
        if os.environ.get("WAYLAND_DISPLAY") or os.environ.get("XDG_SESSION_TYPE") == "wayland":
            return "this is a Wayland session, where applications cannot read global keys"
        if not os.environ.get("DISPLAY"):
            return "there is no X display (DISPLAY is not set)"
    return None


class GlobalHotkey(QObject):
    pressed = Signal()
    released = Signal()

    def __init__(self, combination: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.combination = combination
        self._listener: Any = None
        self._active = False

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> bool:
        reason = unavailable_reason()
        if reason is not None:
            log.warning("global hotkey %s is off: %s; %s", self.combination, reason, WAYLAND_HINT)
            return False
        try:
            from pynput import keyboard  # the backend connects to the display at import
        except ImportError as exc:
            log.warning("global hotkey %s is off: pynput cannot reach the keyboard (%s); %s",
                        self.combination, exc, WAYLAND_HINT)
            return False
        try:
            keys = keyboard.HotKey.parse(self.combination)
        except ValueError as exc:
            log.warning("global hotkey %r is not valid (%s); fix it in the settings", self.combination, exc)
            return False
        combo = keyboard.HotKey(keys, self._activate)
        key_set = set(keys)

        def on_press(key: Any) -> None:
            combo.press(listener.canonical(key))

        def on_release(key: Any) -> None:
            canonical = listener.canonical(key)
            combo.release(canonical)
            if self._active and canonical in key_set:
                self._active = False
                self.released.emit()

        listener = keyboard.Listener(on_press=on_press, on_release=on_release)
        listener.daemon = True
        listener.start()
        self._listener = listener
        log.info("global hotkey %s is on", self.combination)
        return True

    def _activate(self) -> None:
        # Called on pynput's thread; signals cross to the GUI thread as queued calls. Auto-repeat calls it again
        # while the keys stay down, which must not restart anything.
        if not self._active:
            self._active = True
            self.pressed.emit()

    def stop(self) -> None:
        if self._listener is not None:
            # On X11 the listener's thread ends at the next key event; it is a daemon, so nothing waits for it.
            self._listener.stop()
            self._listener = None
        self._active = False
