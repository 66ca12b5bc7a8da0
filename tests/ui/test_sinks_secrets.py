"""Secrets in the settings dialog: masked in the sinks table, edited in password fields, a DSN's password kept out of
its cell, readable headers, and a refusal that names the entry without quoting it."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem

from app.settings import load_settings, save_settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.sinks_editor import KIND, MASK, SECRET, TARGET, USER, join_dsn, split_dsn
from records.sinks.caldav import CalDavConfig
from records.sinks.postgres import PostgresConfig
from records.sinks.robots import DingTalkConfig
from records.sinks.webhook import WebhookConfig

ROBOT_URL = "https://oapi.dingtalk.com/robot/send?access_token=robot-token-456"
SINKS = [
    WebhookConfig(name="hook", url="https://hooks.example.com/in", secret="hunter2-webhook"),
    PostgresConfig(name="crm", dsn="postgresql://saydo:pg%40pass-123@db.example.com/crm"),
    DingTalkConfig(name="robot", url=ROBOT_URL, secret="robot-sign-789"),
    CalDavConfig(name="cal", url="https://cal.example.com/me/", username="me", password="cal-pass-000"),
]
SECRETS = ("hunter2-webhook", "pg@pass-123", "pg%40pass-123", "robot-token-456", "robot-sign-789", "cal-pass-000")


@pytest.mark.parametrize(("dsn", "without", "password"), [
    ("postgresql://saydo:pg%40pass@db.example.com:5432/crm?sslmode=require",
     "postgresql://saydo@db.example.com:5432/crm?sslmode=require", "pg@pass"),
    ("postgres://:pw@db/crm", "postgres://@db/crm", "pw"),
    ("postgresql://saydo@db/crm", "postgresql://saydo@db/crm", None),
    ("postgresql://db:5432/crm", "postgresql://db:5432/crm", None),
    ("host=db user=x password=pw", "host=db user=x", "pw"),
    ("password='a b\\'c' host=db", "host=db", "a b'c"),
    ("host=db dbname=crm", "host=db dbname=crm", None),
])
def test_a_dsn_splits_from_its_password_and_joins_back(dsn: str, without: str, password: str | None) -> None:
    assert split_dsn(dsn) == (without, password)
    assert conninfo_to_dict(join_dsn(without, password)) == conninfo_to_dict(dsn)  # libpq's reading of it


def test_a_new_password_joins_any_dsn() -> None:
    assert conninfo_to_dict(join_dsn("postgresql://db/crm", "p@s:s/"))["password"] == "p@s:s/"
    assert conninfo_to_dict(join_dsn("host=db", "it's\\"))["password"] == "it's\\"


@pytest.fixture
def dialog(qtbot, home) -> SettingsDialog:
    settings, paths = home
    settings.sinks = list(SINKS)
    opened = SettingsDialog(settings, paths)
    qtbot.addWidget(opened)
    opened.resize(900, 600)
    return opened


def _shown(dialog: SettingsDialog, row: int, column: int) -> str:
    """The text the table paints in a cell, through its delegate."""
    table = dialog.sinks.table
    option = QStyleOptionViewItem()
    index = table.model().index(row, column)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def test_secrets_are_masked_in_the_table(dialog: SettingsDialog) -> None:
    shown = {(r, c): _shown(dialog, r, c) for r in range(4) for c in (TARGET, SECRET, USER)}
    assert not [text for text in shown.values() if any(secret in text for secret in SECRETS)], shown
    assert shown[0, SECRET] == shown[2, SECRET] == shown[3, SECRET] == MASK
    assert shown[1, TARGET] == "postgresql://saydo@db.example.com/crm" and shown[1, SECRET] == MASK
    assert shown[0, TARGET] == "https://hooks.example.com/in"  # a webhook's URL is no secret
    assert shown[2, TARGET] == f"https://oapi.dingtalk.com/{MASK}"  # a robot's URL is its token
    assert shown[3, USER] == "me"
    dialog.sinks.show_secrets.setChecked(True)
    assert _shown(dialog, 0, SECRET) == "hunter2-webhook" and _shown(dialog, 2, TARGET) == ROBOT_URL


def test_secrets_are_edited_in_password_fields(dialog: SettingsDialog) -> None:
    table = dialog.sinks.table
    dialog.show()
    table.setCurrentCell(0, SECRET)
    table.editItem(table.item(0, SECRET))  # the editor the table opens on a double click
    opened = table.findChild(QLineEdit)
    assert opened is not None and opened.echoMode() == QLineEdit.EchoMode.Password and opened.text() == SECRETS[0]

    def echo(row: int, column: int) -> QLineEdit.EchoMode:
        index = table.model().index(row, column)
        editor = table.itemDelegateForIndex(index).createEditor(table.viewport(), QStyleOptionViewItem(), index)
        editor.deleteLater()
        return editor.echoMode()

    password, normal = QLineEdit.EchoMode.Password, QLineEdit.EchoMode.Normal
    assert [echo(r, SECRET) for r in range(4)] == [password] * 4
    assert [echo(r, TARGET) for r in range(4)] == [normal, normal, password, normal]  # only the robot's URL
    dialog.sinks.show_secrets.setChecked(True)
    assert echo(0, SECRET) == echo(2, TARGET) == normal


def test_a_dsn_typed_with_its_password_loses_it_to_the_secret_column(qtbot, dialog: SettingsDialog, home) -> None:
    table = dialog.sinks.table
    dialog.show()
    row = dialog.sinks.add_row(None)
    table.cellWidget(row, KIND).setCurrentText("postgres")
    table.item(row, 1).setText("crm2")
    table.setCurrentCell(row, TARGET)
    table.editItem(table.item(row, TARGET))
    editor = table.findChild(QLineEdit)
    editor.setText("postgresql://bob:s3cret@db2/crm")
    table.commitData(editor)
    assert table.item(row, TARGET).text() == "postgresql://bob@db2/crm"
    assert table.item(row, SECRET).text() == "s3cret" and _shown(dialog, row, SECRET) == MASK
    dialog.accept()
    saved = {s.name: s for s in load_settings(home[1].config_file.parent)[0].sinks}
    assert saved["crm2"].model_dump(exclude_none=True) == {"name": "crm2", "kind": "postgres", "enabled": True,
                                                         "dsn": "postgresql://bob:s3cret@db2/crm"}
    assert saved["crm"].dsn == SINKS[1].dsn and saved["robot"].url == ROBOT_URL  # unchanged ones as they were


def test_headers_are_not_cut_off(dialog: SettingsDialog) -> None:
    table = dialog.sinks.table
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(table.columnCount()):
        label = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(label), label


def test_a_refusal_names_the_entry_but_shows_no_value(dialog: SettingsDialog, home) -> None:
    settings, paths = home
    dialog.settings.asr.beam_size = 99  # wrong, in a part of the settings the dialog passes through
    dialog.accept()
    message = dialog.error.text()
    assert message.startswith("Not saved: asr.beam_size: Input should be less than or equal to 10"), message
    assert not [secret for secret in SECRETS if secret in message] and "99" not in message
    assert not paths.config_file.exists()


def test_a_sink_refusal_shows_no_secret(dialog: SettingsDialog, home) -> None:
    _, paths = home
    save_settings(load_settings(paths.config_file.parent)[0], paths)
    before = paths.config_file.read_text(encoding="utf-8")
    dialog.sinks.table.item(3, 1).setText("hook")  # two sinks with one name
    dialog.accept()
    assert dialog.error.text() == "Not saved: two sinks are called 'hook'"
    assert paths.config_file.read_text(encoding="utf-8") == before
