"""The settings dialog writes the real TOML file; what it does not show survives; a bad hotkey is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.settings import load_settings, save_settings
from app.ui.hotkey import to_pynput
from app.ui.settings_dialog import SettingsDialog
from app.ui.sinks_editor import KIND, NAME, ON, SECRET, TARGET, USER
from records.sinks.folder import FolderConfig


def test_round_trip_through_the_toml_file(qtbot, home) -> None:
    settings, paths = home
    settings.asr.vocabulary = ["远航科技"]  # not on the dialog: must survive it
    settings.sinks = [FolderConfig(name="notes", path=paths.data_dir / "out")]
    save_settings(settings, paths)
    settings, paths = load_settings(paths.config_file.parent)
    saved = []
    dialog = SettingsDialog(settings, paths, devices=lambda: ["USB Mic", "pulse"], on_saved=saved.append)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh-TW"))
    dialog.hotkey.setText("<ctrl>+<shift>+R")
    dialog.mode.setCurrentIndex(dialog.mode.findData("toggle"))
    dialog.device.setCurrentIndex(dialog.device.findData("USB Mic"))
    dialog.retention.setCurrentIndex(dialog.retention.findData("keep"))
    dialog.retention_days.setValue(30)
    dialog.auto_confirm.setChecked(True)
    dialog.sinks.table.item(0, ON).setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    reloaded, _ = load_settings(paths.config_file.parent)
    assert reloaded.asr.language == "zh-TW" and reloaded.ui.hotkey == "<ctrl>+<shift>+r"
    assert reloaded.ui.mode == "toggle" and reloaded.asr.input_device == "USB Mic"
    assert reloaded.audio_retention_days == 30 and reloaded.ui.auto_confirm
    assert reloaded.sinks[0].enabled is False and reloaded.asr.vocabulary == ["远航科技"]
    assert saved == [reloaded]

    again = SettingsDialog(reloaded, paths)
    qtbot.addWidget(again)
    assert again.edited() == reloaded  # what was saved shows again unchanged


def test_models_come_from_the_catalog_with_the_recommendation_for_this_hardware(qtbot, home) -> None:
    from models.hardware import Gpu, Hardware
    from models.recommend import recommend

    settings, paths = home
    rtx4090 = Hardware(cores=16, ram_mb=65536, avx2=True, avx512=False, cuda_devices=1,
                       gpus=[Gpu(name="NVIDIA GeForce RTX 4090", vram_mb=24564)], llama_gpu_offload=True,
                       free_disk_mb=500_000)
    choice = recommend(rtx4090)
    dialog = SettingsDialog(settings, paths, recommendation=choice)
    qtbot.addWidget(dialog)
    assert dialog.asr_model.currentData() == settings.asr.model
    assert dialog.llm_model.currentData() == settings.llm.model
    marked = [dialog.asr_model.itemData(i) for i in range(dialog.asr_model.count())
              if "recommended for this machine" in dialog.asr_model.itemText(i)]
    assert marked == [choice.asr.model_id]
    index = dialog.llm_model.findData(choice.llm.model_id)
    assert "recommended for this machine" in dialog.llm_model.itemText(index)
    assert "Why:" in dialog.llm_model.itemData(index, Qt.ItemDataRole.ToolTipRole)


def test_a_bad_hotkey_is_refused_and_nothing_is_written(qtbot, home) -> None:
    settings, paths = home
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    dialog.hotkey.setText("<ctrl>+")
    dialog.accept()
    assert "not a hotkey" in dialog.error.text() and not paths.config_file.exists()
    assert to_pynput(" <F9> ") == "<f9>"


def test_sinks_are_added_edited_and_removed_in_the_dialog(qtbot, home) -> None:
    settings, paths = home
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    table = dialog.sinks.table
    row = dialog.sinks.add_row(None)
    table.item(row, NAME).setText("calendar")
    table.cellWidget(row, KIND).setCurrentText("caldav")
    table.item(row, TARGET).setText("http://127.0.0.1:5232/me/work/")
    table.item(row, USER).setText("me")
    table.item(row, SECRET).setText("pw")
    extra = dialog.sinks.add_row(None)
    table.item(extra, TARGET).setText("/tmp/vault")
    dialog.accept()
    reloaded, _ = load_settings(paths.config_file.parent)
    assert [(s.name, s.kind) for s in reloaded.sinks] == [("calendar", "caldav"), ("sink-2", "folder")]
    assert (reloaded.sinks[0].url, reloaded.sinks[0].username, reloaded.sinks[0].password) == (
        "http://127.0.0.1:5232/me/work/", "me", "pw")

    again = SettingsDialog(reloaded, paths)
    qtbot.addWidget(again)
    again.sinks.table.selectRow(1)
    again.sinks.remove_selected()
    row = again.sinks.add_row(None)
    again.sinks.table.cellWidget(row, KIND).setCurrentText("webhook")  # no URL: refused, nothing written
    before = paths.config_file.read_text(encoding="utf-8")
    again.accept()
    assert not again.error.isHidden() and "needs a URL" in again.error.text()
    assert paths.config_file.read_text(encoding="utf-8") == before
