"""The settings dialog: edits `app.settings.Settings` and writes it back through `save_settings`.

Keys the dialog does not show (model sources, outbox timing, vocabulary…) pass through unchanged, so a file edited
by hand keeps what the person put there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import Paths, Settings, save_settings, validate_settings
from models import catalog
from models.recommend import Choice, Recommendation

from .hotkey_edit import HotkeyEdit

log = logging.getLogger(__name__)

# Labels marked for translation; a language's own name reads the same in every interface language.
LANGUAGES = (("auto", QT_TRANSLATE_NOOP("SettingsDialog", "Detect per phrase")), ("zh+en", "中文 + English"),
             ("zh", "中文（简体）"), ("zh-TW", "中文（繁體）"), ("en", "English"))
INTERFACE_LANGUAGES = (("auto", QT_TRANSLATE_NOOP("SettingsDialog", "As the system")), ("zh", "中文（简体）"),
                       ("en", "English"))
RETENTIONS = (("keep", QT_TRANSLATE_NOOP("SettingsDialog", "Keep")),
              ("delete_after_filing", QT_TRANSLATE_NOOP("SettingsDialog", "Delete after filing")),
              ("never_write", QT_TRANSLATE_NOOP("SettingsDialog", "Never write to disk")))
MODES = (("hold", QT_TRANSLATE_NOOP("SettingsDialog", "Hold to talk")),
         ("toggle", QT_TRANSLATE_NOOP("SettingsDialog", "Press to start, press again to stop")))


def _model_box(kind: str, current: str, choice: Choice | None) -> QComboBox:
    """The catalog's models of one kind; the one `models.recommend` picks for this machine is marked, with why."""
    box = QComboBox()
    for spec in catalog():
        if spec.kind != kind:
            continue
        recommended = choice is not None and choice.model_id == spec.id
        tag = QCoreApplication.translate("SettingsDialog", ", recommended for this machine") if recommended else ""
        box.addItem(f"{spec.id}  ({spec.tier}, ~{spec.ram_mb} MB RAM{tag})", spec.id)
        why = QCoreApplication.translate("SettingsDialog", "\n\nWhy: {reasons}").format(
            reasons="; ".join(choice.reasons)) if recommended and choice is not None else ""
        box.setItemData(box.count() - 1, spec.description + why, Qt.ItemDataRole.ToolTipRole)
    index = box.findData(current)
    if index < 0:
        box.addItem(QCoreApplication.translate("SettingsDialog", "{model}  (not in the catalog)").format(model=current),
                    current)
        index = box.count() - 1
    box.setCurrentIndex(index)
    return box


def _choice_box(choices: tuple[tuple[str, str], ...], current: str) -> QComboBox:
    box = QComboBox()
    for value, label in choices:
        box.addItem(QCoreApplication.translate("SettingsDialog", label), value)
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
        self.setWindowTitle(self.tr("saydo — settings"))

        self.interface_language = _choice_box(INTERFACE_LANGUAGES, settings.ui.language)
        self.interface_language.setObjectName("interface_language")
        self.language = _choice_box(LANGUAGES, settings.asr.language)
        self.asr_model = _model_box("asr", settings.asr.model, recommendation.asr if recommendation else None)
        self.llm_model = _model_box("llm", settings.llm.model, recommendation.llm if recommendation else None)
        self.hotkey = HotkeyEdit(settings.ui.hotkey)
        self.hotkey_problem = QLabel()
        self.hotkey_problem.setObjectName("hotkey_problem")
        self.hotkey_problem.setStyleSheet("color: #b00020;")
        self.hotkey_problem.setWordWrap(True)
        self.hotkey.textChanged.connect(self._check_hotkey)
        self.mode = _choice_box(MODES, settings.ui.mode)
        self.device = QComboBox()
        self.device.addItem(self.tr("System default"), None)
        for name in devices():
            self.device.addItem(name, name)
        if settings.asr.input_device and self.device.findData(settings.asr.input_device) < 0:
            self.device.addItem(self.tr("{device} (not connected)").format(device=settings.asr.input_device),
                                settings.asr.input_device)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.asr.input_device)))
        self.retention = _choice_box(RETENTIONS, settings.audio_retention)
        self.retention_days = QSpinBox()
        self.retention_days.setRange(0, 3650)
        self.retention_days.setSpecialValueText(self.tr("forever"))
        self.retention_days.setSuffix(self.tr(" days"))
        self.retention_days.setValue(settings.audio_retention_days or 0)
        self.retention.currentIndexChanged.connect(self._sync)
        self.auto_confirm = QCheckBox(self.tr("File records without showing the card"))
        self.auto_confirm.setChecked(settings.ui.auto_confirm)
        self.autostart = QCheckBox(self.tr("Start saydo when I log in"))
        self.autostart.setChecked(settings.ui.autostart)
        from .sinks_editor import SinksEditor  # loads every sink's module: when the dialog opens, not with the app

        self.sinks = SinksEditor(settings.sinks)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Interface language"), self.interface_language)
        form.addRow(self.tr("Speech language"), self.language)
        form.addRow(self.tr("Speech model"), self.asr_model)
        form.addRow(self.tr("Language model"), self.llm_model)
        hotkey = QVBoxLayout()
        hotkey.addWidget(self.hotkey)
        hotkey.addWidget(self.hotkey_problem)
        form.addRow(self.tr("Hotkey"), hotkey)
        form.addRow(self.tr("Hotkey mode"), self.mode)
        form.addRow(self.tr("Microphone"), self.device)
        retention = QHBoxLayout()
        retention.addWidget(self.retention, 1)
        retention.addWidget(QLabel(self.tr("delete after")))
        retention.addWidget(self.retention_days)
        form.addRow(self.tr("Audio"), retention)
        form.addRow("", self.auto_confirm)
        form.addRow("", self.autostart)
        form.addRow(self.tr("Deliver to"), self.sinks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._sync()
        self._check_hotkey()

    def _sync(self) -> None:
        self.retention_days.setEnabled(self.retention.currentData() == "keep")

    def _check_hotkey(self) -> None:
        """Say at once what is wrong with the hotkey as typed, rather than only when saving."""
        try:
            self.hotkey.combination()
            problem = ""
        except ValueError as exc:
            problem = str(exc)
        self.hotkey_problem.setText(problem)
        self.hotkey_problem.setVisible(bool(problem))

    def edited(self) -> Settings:
        """The settings as the dialog shows them; HotkeyError for a hotkey that cannot be used, SettingsError (no
        values in its message) for anything else not valid."""
        hotkey = self.hotkey.combination()
        updated = self.settings.model_copy(deep=True)
        updated.asr.language = self.language.currentData()
        updated.asr.model = self.asr_model.currentData()
        updated.asr.input_device = self.device.currentData()
        updated.llm.model = self.llm_model.currentData()
        updated.ui.hotkey = hotkey
        updated.ui.mode = self.mode.currentData()
        updated.ui.language = self.interface_language.currentData()
        updated.ui.auto_confirm = self.auto_confirm.isChecked()
        updated.ui.autostart = self.autostart.isChecked()
        updated.audio_retention = self.retention.currentData()
        days = self.retention_days.value()
        updated.audio_retention_days = days if days and updated.audio_retention == "keep" else None
        updated.sinks = self.sinks.sinks()
        return validate_settings(updated.model_dump())

    def accept(self) -> None:
        try:
            updated = self.edited()
            save_settings(updated, self.paths)
        except (ValueError, OSError) as exc:  # HotkeyError, SettingsError, a sink without a URL, a full disk
            self.error.setText(self.tr("Not saved: {reason}").format(reason=exc))
            self.error.show()
            return
        log.info("settings saved to %s", self.paths.config_file)
        self.settings = updated
        if self.on_saved is not None:
            self.on_saved(updated)
        super().accept()
