"""The desktop app in Simplified Chinese and English: the committed translations are complete and current, keep
their placeholders, name the schema's intents, fields and choices as the registry does, and real windows built under
each language read in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QAbstractButton, QApplication, QFormLayout, QLabel, QWidget

from app.settings import load_settings
from app.ui import labels
from app.ui.card import ConfirmationCard, Draft
from app.ui.form import form_specs
from app.ui.i18n import I18N_DIR, install_translators, interface_language
from app.ui.record_dialog import revision_lines
from app.ui.records_window import RecordsWindow
from app.ui.settings_dialog import SettingsDialog
from app.ui.toast import Toast
from intents.registry import REGISTRY
from intents.schema import FIELDS_BY_INTENT
from records import STATUSES
from records.clients import Role
from records.summary import DATES

from .conftest import SAMPLE_RECORDS

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "saydo_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\w+\}")


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of a .ts file."""
    return [(context.findtext("name", ""), message.findtext("source", ""), message.find("translation"))
            for context in ET.parse(ts).getroot() for message in context.iter("message")]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scripts/translations run into a temporary folder: the .ts and .qm the code makes now."""
    out = tmp_path_factory.mktemp("i18n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(ROOT / "scripts" / "translations"), str(out)], check=True, env=env, capture_output=True)
    return out


def test_every_string_of_the_code_has_a_chinese_translation(extracted: Path) -> None:
    untranslated = [f"{context}: {source!r}" for context, source, translation in _messages(extracted / TS.name)
                    if translation is None or translation.get("type") or not (translation.text or "").strip()]
    assert len(_messages(extracted / TS.name)) > 100
    assert not untranslated, "run scripts/translations and translate:\n" + "\n".join(untranslated)


def test_the_shipped_files_are_what_the_code_makes(extracted: Path) -> None:
    assert (extracted / TS.name).read_text(encoding="utf-8") == TS.read_text(encoding="utf-8"), \
        "run scripts/translations and commit app/ui/i18n"
    assert (extracted / "saydo_zh_CN.qm").read_bytes() == (I18N_DIR / "saydo_zh_CN.qm").read_bytes()


def test_translations_keep_their_placeholders() -> None:
    wrong = [source for _, source, translation in _messages(TS)
             if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation.text or ""))]
    assert not wrong


def test_the_label_tables_cover_the_schema() -> None:
    assert {name: spec.label for name, spec in REGISTRY.items()} == labels.INTENTS
    specs = [spec for intent in FIELDS_BY_INTENT for spec in form_specs(intent)]
    assert set(labels.FIELDS) == {spec.name for spec in specs}
    assert set(labels.CHOICES) == {choice for spec in specs for choice in spec.choices}
    assert set(labels.ROLES) == set(typing.get_args(Role))
    assert set(labels.STATUSES) == set(STATUSES)
    assert set(labels.DATE_WORDS) == {word for dates in DATES.values() for _, word in dates}


@pytest.mark.parametrize(("setting", "locale", "expected"), [
    ("auto", "zh_CN", "zh"), ("auto", "zh_TW", "zh"), ("auto", "en_US", "en"), ("auto", "de_DE", "en"),
    ("en", "zh_CN", "en"), ("zh", "en_US", "zh"),
])
def test_the_setting_or_else_the_system_locale_chooses(setting: str, locale: str, expected: str) -> None:
    assert interface_language(setting, QLocale(locale)) == expected


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    install_translators(qapp, request.param)
    yield request.param
    install_translators(qapp, "en")  # no translator: the next test sees the source strings


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "zh")
    yield
    install_translators(qapp, "en")


def _visit_card(qtbot, filing) -> ConfirmationCard:
    fields = SAMPLE_RECORDS["visit_note"]
    record_id = filing.store.add({"intent": "visit_note", "fields": fields}, transcript="刚拜访了远航科技的孙经理",
                                 lang="zh", source="hotkey")
    card = ConfirmationCard(filing, Draft(record_id, "刚拜访了远航科技的孙经理", "visit_note", fields,
                                          corrections=[("员航科技", "远航科技")]))
    qtbot.addWidget(card)
    return card


def _label(card: ConfirmationCard, field: str) -> str:
    layout = card.form.layout()
    assert isinstance(layout, QFormLayout)
    return layout.labelForField(card.form.editors[field]).text()


def test_the_card_reads_in_the_interface_language(qtbot, filing, language: str) -> None:
    card = _visit_card(qtbot, filing)
    shown = (card.intent_box.currentText(), _label(card, "client"), _label(card, "visited_on"),
             card.confirm_button.text(), card.discard_button.text(), card.undo_button.text())
    if language == "zh":
        assert shown == ("拜访记录", "客户", "拜访日期", "确认  ⏎", "放弃  Esc", "撤销")
    else:
        assert shown == ("Visit note", "Client", "Visited on", "Confirm  ⏎", "Discard  Esc", "Undo")
    zh_intents = [card.intent_box.itemText(i) for i in range(card.intent_box.count())]
    assert zh_intents == [spec.label_zh if language == "zh" else spec.label for spec in REGISTRY.values()]


def _english_words(widget: QWidget) -> list[str]:
    """The texts of the labels and buttons shown in `widget` that have an English word in them."""
    texts = [child.text() for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
             if child.isVisibleTo(widget)]
    return [text for text in texts if re.search(r"[A-Za-z]{2,}", text.replace("Esc", ""))]


def test_no_english_is_left_on_a_chinese_card(qtbot, filing, zh) -> None:
    """Catches a string the code shows without tr(): lupdate never sees those."""
    card = _visit_card(qtbot, filing)
    card.show()
    assert not _english_words(card)


def test_the_tray_menu_reads_in_the_interface_language(qtbot, home, language: str) -> None:
    from app.ui.application import SaydoApp

    settings, paths = home
    app = SaydoApp(settings, paths, use_tray=False)
    try:
        app._make_tray()
        entries = [action.text() for action in app._tray_menu.actions()]
    finally:
        app.shutdown()
    assert entries == (["录音 / 停止", "记录…", "设置…", "关于 saydo…", "退出"] if language == "zh"
                       else ["Record / stop", "Records…", "Settings…", "About saydo…", "Quit"])


def test_the_records_window_reads_in_the_interface_language(qtbot, filing, language: str) -> None:
    filing.store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="task for David", lang="en",
                     source="hotkey")
    window = RecordsWindow(filing)
    qtbot.addWidget(window)
    headers = [window.table.horizontalHeaderItem(c).text() for c in range(window.table.columnCount())]
    row = [window.table.item(0, c).text() for c in range(1, 4)]
    shown = (headers, row, window.count.text(), window.intent.itemText(0), window.export_button.text())
    if language == "zh":
        assert shown == (["创建时间", "状态", "类型", "日期", "客户 / 负责人", "金额", "摘要"],
                         ["草稿", "任务", "截止 2026-11-25"], "1 条记录", "全部类型", "导出…")
    else:
        assert shown == (["Created", "Status", "Intent", "Date", "Client / assignee", "Amount", "Summary"],
                         ["draft", "Task", "due 2026-11-25"], "1 record", "All intents", "Export…")


def test_the_settings_dialog_chooses_the_interface_language(qtbot, home, zh) -> None:
    settings, paths = home
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    choices = [dialog.interface_language.itemText(i) for i in range(dialog.interface_language.count())]
    assert choices == ["跟随系统", "中文（简体）", "English"] and dialog.windowTitle() == "saydo — 设置"
    dialog.interface_language.setCurrentIndex(dialog.interface_language.findData("en"))
    dialog.accept()
    assert load_settings(paths.config_file.parent)[0].ui.language == "en"


def test_the_toast_reads_in_the_interface_language(qtbot, store, language: str) -> None:
    record_id = store.add({"intent": "visit_note", "fields": SAMPLE_RECORDS["visit_note"]}, transcript="…",
                          lang="zh", source="hotkey")
    toast = Toast()
    qtbot.addWidget(toast)
    toast.show_filed(store.get(record_id))
    shown = (toast.message.text(), toast.undo_button.text())
    assert shown == (("已保存 · 拜访记录 · 远航科技", "撤销") if language == "zh"
                     else ("Saved · Visit note · 远航科技", "Undo"))


def test_a_records_history_reads_in_the_interface_language(store, language: str) -> None:
    record_id = store.add({"intent": "task", "fields": SAMPLE_RECORDS["task"]}, transcript="…", lang="en",
                          source="hotkey")
    store.revise(record_id, {"intent": "task", "fields": {**SAMPLE_RECORDS["task"], "priority": "low"}}, "edited")
    store.confirm(record_id)
    newest, edited, created = revision_lines(store.revisions(record_id))
    if language == "zh":
        assert newest.endswith("已确认 — 状态: 草稿 → 已确认") and "已编辑" in edited and "created" not in created
        assert "优先级" in edited and "high" not in edited
    else:
        assert newest.endswith("confirmed — status: draft → confirmed") and "Priority: high → low" in edited


def test_qts_own_strings_follow_too(zh) -> None:
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "复制(&C)"


def test_the_parsers_warnings_read_in_the_interface_language(qtbot, filing, language: str) -> None:
    from datetime import date

    from intents import notices

    fields = SAMPLE_RECORDS["task"]
    record_id = filing.store.add({"intent": "task", "fields": fields}, transcript="下周二交报告", lang="zh",
                                 source="hotkey")
    warnings = [notices.client_unknown(), notices.filed_as("reminder", "note"),
                notices.date_open("下周二", date(2026, 12, 8), date(2026, 12, 1)), "a warning the app does not know"]
    card = ConfirmationCard(filing, Draft(record_id, "下周二交报告", "task", fields, warnings=warnings))
    qtbot.addWidget(card)
    lines = card.message.text().splitlines()
    if language == "zh":
        assert lines == ["未识别出客户", "无法填写提醒（缺少时间或金额），已存为笔记",
                         "“下周二”理解为 周二 2026-12-08；如果指的是 周二 2026-12-01，请修改日期",
                         "a warning the app does not know"]
    else:
        assert lines == ["Client not recognised", "Could not fill a Reminder (missing time or amount); filed as Note",
                         "\"下周二\" read as Tue 2026-12-08; if you meant Tue 2026-12-01, change the date",
                         "a warning the app does not know"]
