"""The settings' hotkey field: click it and press the keys, or type them ("Ctrl+Alt+R", "<ctrl>+<alt>+r").

A key pressed with Ctrl, Alt or Win held (or a function key, Pause, Print, ScrollLock alone) replaces the text with
that chord; anything else types, so a combination can be written out too. `combination()` is pynput's spelling.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from .hotkey import readable, to_pynput

_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
                  Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R}
_ALONE = {Qt.Key.Key_Pause, Qt.Key.Key_Print, Qt.Key.Key_ScrollLock}  # hotkeys without a modifier, like F1-F35


def chord_text(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """A pressed chord as people write it ("Ctrl+Alt+R"), or None for a key that types into the field."""
    if key in _MODIFIER_KEYS or key == Qt.Key.Key_unknown:
        return None
    # On macOS Qt reports the Command key as Control and the Control key as Meta.
    mac = sys.platform == "darwin"
    held = [name for flag, name in ((Qt.KeyboardModifier.ControlModifier, "Cmd" if mac else "Ctrl"),
                                    (Qt.KeyboardModifier.MetaModifier, "Ctrl" if mac else "Win"),
                                    (Qt.KeyboardModifier.AltModifier, "Alt"),
                                    (Qt.KeyboardModifier.ShiftModifier, "Shift")) if modifiers & flag]
    alone = Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35 or key in _ALONE
    if not alone and not set(held) - {"Shift"}:
        return None
    name = QKeySequence(Qt.Key(key)).toString(QKeySequence.SequenceFormat.PortableText)
    return "+".join([*held, name])


class HotkeyEdit(QLineEdit):
    def __init__(self, combination: str, parent: QWidget | None = None) -> None:
        super().__init__(readable(combination), parent)
        self.setObjectName("hotkey")
        self.setPlaceholderText(self.tr("Click and press the keys, e.g. Ctrl+Alt+Space"))
        self.setToolTip(self.tr("Click here and press the keys you want (e.g. Ctrl+Alt+Space, Ctrl+Shift+R, F9), or "
                                "type them out. Win, Super, Meta and Cmd all mean the Windows / Command key."))

    def combination(self) -> str:
        """The hotkey in pynput's spelling; HotkeyError (a ValueError) saying what is wrong with the text."""
        return to_pynput(self.text())

    def event(self, event: QEvent) -> bool:
        # A chord must reach keyPressEvent, not trigger the dialog's mnemonic (Alt+S) or the field's own Ctrl+A.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and chord_text(event.key(), event.modifiers()) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        chord = chord_text(event.key(), event.modifiers())
        if chord is None:
            super().keyPressEvent(event)
            return
        self.setText(chord)
        event.accept()
