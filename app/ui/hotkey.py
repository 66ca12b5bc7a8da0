"""The global hotkey through pynput (X11, Windows, macOS), reported as Qt signals on the GUI thread.

`pressed` fires when the whole combination is down, `released` when any key of it comes up again; the app turns
these into hold-to-talk or toggle. pynput cannot see keys on Wayland (only XWayland windows') and needs an X
display on Linux: there `start()` returns False, logs how to bind `saydo toggle` to a desktop shortcut instead and
keeps why in `problem` for the app to tell.

`to_pynput` turns the spellings people write ("Ctrl+Alt+R", "ctrl+shift+space", "Win+F9", pynput's own
"<ctrl>+<alt>+r") into pynput's; `readable` is the other way, for showing a combination.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)

# Modifier spellings (Qt's, Windows', macOS's, pynput's) and pynput's name for each, in the order they are written.
MODIFIERS = {"ctrl": "ctrl", "control": "ctrl", "ctl": "ctrl", "alt": "alt", "option": "alt", "opt": "alt",
             "altgr": "alt_gr", "alt_gr": "alt_gr", "shift": "shift", "cmd": "cmd", "command": "cmd", "win": "cmd",
             "windows": "cmd", "super": "cmd", "meta": "cmd"}
_MODIFIER_ORDER = ("ctrl", "alt", "alt_gr", "shift", "cmd")
# Named keys: pynput's names, and the other spellings of them (Qt's PortableText among them: PgUp, Ins, Del, Print).
KEYS = {name: name for name in (
    "backspace", "caps_lock", "delete", "down", "end", "enter", "esc", "home", "left", "page_down", "page_up",
    "right", "space", "tab", "up", "insert", "menu", "num_lock", "pause", "print_screen", "scroll_lock",
    "media_play_pause", "media_volume_mute", "media_volume_down", "media_volume_up", "media_previous", "media_next")}
KEYS |= {"return": "enter", "escape": "esc", "del": "delete", "ins": "insert", "pgup": "page_up",
         "pageup": "page_up", "pgdown": "page_down", "pgdn": "page_down", "pagedown": "page_down",
         "capslock": "caps_lock", "numlock": "num_lock", "scrolllock": "scroll_lock", "print": "print_screen",
         "printscreen": "print_screen", "prtsc": "print_screen", "spacebar": "space", "backtab": "tab"}
_FUNCTION_KEY = re.compile(r"f([1-9]|1[0-9]|20)")  # pynput knows F1 to F20
_TYPING_KEYS = ("space", "enter", "tab", "backspace", "delete")
_READABLE = {"ctrl": "Ctrl", "alt": "Alt", "alt_gr": "AltGr", "shift": "Shift", "page_up": "PgUp",
             "page_down": "PgDown", "esc": "Esc", "print_screen": "Print", "caps_lock": "CapsLock",
             "num_lock": "NumLock", "scroll_lock": "ScrollLock"}


class HotkeyError(ValueError):
    """A combination the hotkey backend cannot listen for; the message says what is wrong and shows a good one."""


def _refused(message: str, **values: Any) -> HotkeyError:
    """The error with `message` (marked for translation where it is written) in the interface language."""
    return HotkeyError(QCoreApplication.translate("Hotkey", message).format(**values))


_JOIN = re.compile(r"(?<=[^+])\+")  # "+" joins keys; a "+" right after a join is the plus key ("Ctrl++")


def _key_name(part: str) -> str:
    """pynput's name of one key: `<name>` for a modifier or a named key, the character itself (lower case) otherwise."""
    bare = part[1:-1] if len(part) > 2 and part[0] == "<" and part[-1] == ">" else part
    name = bare.lower().replace(" ", "").replace("-", "_")
    if name in MODIFIERS:
        return f"<{MODIFIERS[name]}>"
    if name in KEYS:
        return f"<{KEYS[name]}>"
    if _FUNCTION_KEY.fullmatch(name) or (bare != part and name.isdigit()):  # <65>: a virtual key code
        return f"<{name}>"
    if len(bare) == 1 and not bare.isspace():
        return bare.lower()
    if not part:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "a key is missing between the + signs"))
    raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{key}' is not a key saydo knows"), key=part)


def _parse(text: str) -> tuple[list[str], str]:
    """(modifiers in their usual order, the key), each in pynput's spelling; HotkeyError saying why not."""
    stripped = text.strip()
    if not stripped:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "the hotkey is empty; press the keys, e.g. Ctrl+Alt+Space, "
                                                   "Ctrl+Shift+R or F9"))
    try:
        names = [_key_name(part.strip()) for part in _JOIN.split(stripped)]
    except HotkeyError as exc:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{hotkey}' is not a hotkey: {reason}; e.g. Ctrl+Alt+Space, "
                                                   "Ctrl+Shift+R or F9"), hotkey=stripped, reason=exc) from None
    if len(set(names)) != len(names):
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{hotkey}' is not a hotkey: it names a key twice"), hotkey=stripped)
    modifiers = sorted((n for n in names if n[1:-1] in _MODIFIER_ORDER), key=lambda n: _MODIFIER_ORDER.index(n[1:-1]))
    keys = [name for name in names if name not in modifiers]
    if not keys:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{hotkey}' is not a hotkey: it has no key besides the modifiers; "
                                                   "use one, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9"), hotkey=stripped)
    if len(keys) > 1:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{hotkey}' is not a hotkey: it has {count} keys besides the "
                                                   "modifiers; use one, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9"),
                       hotkey=stripped, count=len(keys))
    key = keys[0]
    if (len(key) == 1 or key[1:-1] in _TYPING_KEYS) and not set(modifiers) - {"<shift>"}:
        raise _refused(QT_TRANSLATE_NOOP("Hotkey", "'{hotkey}' would fire while you type; add Ctrl, Alt or Win, e.g. "
                                                   "Ctrl+Alt+Space, Ctrl+Shift+R or F9"), hotkey=stripped)
    return modifiers, key


def to_pynput(text: str) -> str:
    """The combination in pynput's HotKey syntax (`<ctrl>+<alt>+r`): modifiers first, then one key.

    Accepts Qt's and the usual spellings in any case ("Ctrl+Alt+R", "ctrl+shift+space", "Win+F9", "Cmd+Shift+R",
    "Meta+Space", "Ctrl++") as well as pynput's own; HotkeyError, saying why, for anything else."""
    modifiers, key = _parse(text)
    return "+".join([*modifiers, key])


def readable(combination: str) -> str:
    """The combination as people write it ("Ctrl+Alt+Space"; pynput's cmd is Win, Cmd or Super by platform), or
    the text unchanged when it is not a valid one."""
    try:
        modifiers, key = _parse(combination)
    except HotkeyError:
        return combination
    cmd = "Cmd" if sys.platform == "darwin" else "Win" if sys.platform == "win32" else "Super"

    def shown(name: str) -> str:
        if len(name) == 1:
            return name.upper()
        bare = name[1:-1]
        if bare.isdigit():
            return name  # a virtual key code stays <65>
        return cmd if bare == "cmd" else _READABLE.get(bare, bare.replace("_", " ").title().replace(" ", ""))

    return "+".join(shown(name) for name in [*modifiers, key])


READY_TIMEOUT_S = 5.0
_READY_POLL_S = 0.05


def _wait_ready(listener: Any) -> bool:
    """Wait until pynput's listener receives keys (it drops those pressed while its thread sets up): True when it
    does or still may, False when its thread ended first. pynput's wait() has no timeout and never returns when the
    set-up fails (the X server refuses it), hence a waiter thread."""
    waiter = threading.Thread(target=listener.wait, name="saydo-hotkey-ready", daemon=True)
    waiter.start()
    for _ in range(int(READY_TIMEOUT_S / _READY_POLL_S)):
        waiter.join(_READY_POLL_S)
        if not waiter.is_alive():
            return True
        if not listener.is_alive():
            return False
    log.warning("the hotkey listener is slow to start; a press right now may be missed")
    return True


WAYLAND_HINT = ("bind `saydo toggle` (or `saydo start` / `saydo stop` for hold-to-talk) to a shortcut in your "
                "desktop's keyboard settings; see docs/desktop.md")


def unavailable_reason() -> str | None:
    """Why pynput cannot listen here (in English, marked for translation), or None when it can try."""
    if sys.platform.startswith("linux"):
        if os.environ.get("WAYLAND_DISPLAY") or os.environ.get("XDG_SESSION_TYPE") == "wayland":
            return QT_TRANSLATE_NOOP("Hotkey", "this is a Wayland session, where applications cannot read global keys")
        if not os.environ.get("DISPLAY"):
            return QT_TRANSLATE_NOOP("Hotkey", "there is no X display (DISPLAY is not set)")
    return None


class GlobalHotkey(QObject):
    pressed = Signal()
    released = Signal()

    def __init__(self, combination: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.combination = combination
        self._listener: Any = None
        self._active = False
        self.problem: str | None = None  # why start() failed, in the interface language

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> bool:
        """True once the listener receives keys; False, logged, when the hotkey cannot work here."""
        self.problem = None
        reason = unavailable_reason()
        if reason is not None:
            return self._off(reason)
        try:
            from pynput import keyboard  # the backend connects to the display at import
        except ImportError as exc:
            return self._off(QT_TRANSLATE_NOOP("Hotkey", "pynput cannot reach the keyboard ({error})"), error=exc)
        try:
            keys = keyboard.HotKey.parse(to_pynput(self.combination))
        except ValueError as exc:  # HotkeyError too: a hand-edited settings file
            return self._off(QT_TRANSLATE_NOOP("Hotkey", "it is not a valid hotkey ({error}); change it in Settings"),
                             error=exc)
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
        if not _wait_ready(listener):
            return self._off(QT_TRANSLATE_NOOP("Hotkey", "the keyboard listener could not start"))
        self._listener = listener
        log.info("global hotkey %s is on", self.combination)
        return True

    def _off(self, reason: str, **values: object) -> bool:
        """False, with why (`reason` is marked for translation where it is written) in `problem` and the log."""
        self.problem = QCoreApplication.translate("Hotkey", reason).format(**values)
        log.warning("global hotkey %s is off: %s; %s", self.combination, reason.format(**values), WAYLAND_HINT)
        return False

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
