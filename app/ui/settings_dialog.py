"""The settings dialog: edits `app.settings.Settings` and writes it back through `save_settings`.

Keys the dialog does not show (model sources, outbox timing, vocabulary…) pass through unchanged, so a file edited
by hand keeps what the person put there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import Paths, Settings, save_settings
from models import catalog
from models.recommend import Choice, Recommendation

from .sinks_editor import SinksEditor

log = logging.getLogger(__name__)

LANGUAGES = (("auto", "Detect per phrase"), ("zh+en", "中文 + English"), ("zh", "中文（简体）"),
             ("zh-TW", "中文（繁體）"), ("en", "English"))
RETENTIONS = (("keep", "Keep"), ("delete_after_filing", "Delete after filing"),
              ("never_write", "Never write to disk"))
MODES = (("hold", "Hold to talk"), ("toggle", "Press to start, press again to stop"))
_HOTKEY_PART = re.compile(r"^(<[a-z0-9_]+>|.)$")


class HotkeyError(ValueError):
    pass


def check_hotkey(text: str) -> str:
    """A pynput HotKey string such as `<ctrl>+<alt>+<space>`; checked here without importing pynput's backend."""
    parts = text.strip().lower().split("+")
    if not text.strip() or any(not p or not _HOTKEY_PART.match(p) for p in parts):
        raise HotkeyError(f"{text!r} is not a hotkey; write keys joined by +, e.g. <ctrl>+<alt>+<space> or <f9>")
    if len(set(parts)) != len(parts):
        raise HotkeyError(f"{text!r} names a key twice")
    return "+".join(parts)


def _model_box(kind: str, current: str, choice: Choice | None) -> QComboBox:
    """The catalog's models of one kind; the one `models.recommend` picks for this machine is marked, with why."""
    box = QComboBox()
    for spec in catalog():
        if spec.kind != kind:
            continue
        tag = ", recommended for this machine" if choice is not None and choice.model_id == spec.id else ""
        box.addItem(f"{spec.id}  ({spec.tier}, ~{spec.ram_mb} MB RAM{tag})", spec.id)
        why = f"\n\nWhy: {'; '.join(choice.reasons)}" if tag and choice is not None else ""
        box.setItemData(box.count() - 1, spec.description + why, Qt.ItemDataRole.ToolTipRole)
    index = box.findData(current)
    if index < 0:
        box.addItem(f"{current}  (not in the catalog)", current)
        index = box.count() - 1
    box.setCurrentIndex(index)
    return box


def _choice_box(choices: tuple[tuple[str, str], ...], current: str) -> QComboBox:
    box = QComboBox()
    for value, label in choices:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class SettingsDialog(QDialog):
    """`devices` lists input device names (from the capture module); the system default is always offered."""

    def __init__(self, settings: Settings, paths: Paths, *, devices: Callable[[], list[str]] = list,
                 recommendation: Recommendation | None = None,
                 on_saved: Callable[[Settings], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.paths = paths
        self.on_saved = on_saved
        self.setObjectName("settings_dialog")
        self.setWindowTitle("saydo — settings")

        self.language = _choice_box(LANGUAGES, settings.asr.language)
        self.asr_model = _model_box("asr", settings.asr.model, recommendation.asr if recommendation else None)
        self.llm_model = _model_box("llm", settings.llm.model, recommendation.llm if recommendation else None)
        self.hotkey = QLineEdit(settings.ui.hotkey)
        self.hotkey.setToolTip("pynput syntax: <ctrl>+<alt>+<space>, <f9>, <cmd>+<shift>+r")
        self.mode = _choice_box(MODES, settings.ui.mode)
        self.device = QComboBox()
        self.device.addItem("System default", None)
        for name in devices():
            self.device.addItem(name, name)
        if settings.asr.input_device and self.device.findData(settings.asr.input_device) < 0:
            self.device.addItem(f"{settings.asr.input_device} (not connected)", settings.asr.input_device)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.asr.input_device)))
        self.retention = _choice_box(RETENTIONS, settings.audio_retention)
        self.retention_days = QSpinBox()
        self.retention_days.setRange(0, 3650)
        self.retention_days.setSpecialValueText("forever")
        self.retention_days.setSuffix(" days")
        self.retention_days.setValue(settings.audio_retention_days or 0)
        self.retention.currentIndexChanged.connect(self._sync)
        self.auto_confirm = QCheckBox("File records without showing the card")
        self.auto_confirm.setChecked(settings.ui.auto_confirm)
        self.autostart = QCheckBox("Start saydo when I log in")
        self.autostart.setChecked(settings.ui.autostart)
        self.sinks = SinksEditor(settings.sinks)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Language", self.language)
        form.addRow("Speech model", self.asr_model)
        form.addRow("Language model", self.llm_model)
        form.addRow("Hotkey", self.hotkey)
        form.addRow("Hotkey mode", self.mode)
        form.addRow("Microphone", self.device)
        retention = QHBoxLayout()
        retention.addWidget(self.retention, 1)
        retention.addWidget(QLabel("delete after"))
        retention.addWidget(self.retention_days)
        form.addRow("Audio", retention)
        form.addRow("", self.auto_confirm)
        form.addRow("", self.autostart)
        form.addRow("Deliver to", self.sinks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        self.retention_days.setEnabled(self.retention.currentData() == "keep")

    def edited(self) -> Settings:
        """The settings as the dialog shows them; HotkeyError for a hotkey that cannot be parsed."""
        hotkey = check_hotkey(self.hotkey.text())
        updated = self.settings.model_copy(deep=True)
        updated.asr.language = self.language.currentData()
        updated.asr.model = self.asr_model.currentData()
        updated.asr.input_device = self.device.currentData()
        updated.llm.model = self.llm_model.currentData()
        updated.ui.hotkey = hotkey
        updated.ui.mode = self.mode.currentData()
        updated.ui.auto_confirm = self.auto_confirm.isChecked()
        updated.ui.autostart = self.autostart.isChecked()
        updated.audio_retention = self.retention.currentData()
        days = self.retention_days.value()
        updated.audio_retention_days = days if days and updated.audio_retention == "keep" else None
        updated.sinks = self.sinks.sinks()
        return Settings.model_validate(updated.model_dump())

    def accept(self) -> None:
        try:
            updated = self.edited()
            save_settings(updated, self.paths)
        except (ValueError, OSError) as exc:  # HotkeyError, a pydantic ValidationError, a full disk
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        log.info("settings saved to %s", self.paths.config_file)
        self.settings = updated
        if self.on_saved is not None:
            self.on_saved(updated)
        super().accept()
