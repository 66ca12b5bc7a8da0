"""Each `[[sinks]]` entry is checked by its own kind's config (records/sinks): config files written when one flat model
held every kind's keys load unchanged, refusals name the file, the entry and the key but no value, and a new sink is
one module (tests/app/jsonl_sink.py) plus one registry line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from app.settings import SettingsError, load_settings, save_settings
from records.sinks import SINK_MODULES, Delivery, make_sinks, sink_kind
from records.sinks.caldav import CalDavConfig
from records.sinks.folder import FolderConfig
from records.sinks.postgres import PostgresConfig
from records.sinks.robots import DingTalkConfig, FeishuConfig
from records.sinks.webhook import WebhookConfig
from tests.app.jsonl_sink import JsonlConfig

# The README's example, as the old settings dialog saved it (every entry with `enabled`), one entry per kind. The
# webhook also has a `username`: the old dialog saved its user column for any kind.
OLD_CONFIG = """\
[[sinks]]
name = "vault"
kind = "folder"
enabled = true
path = "~/Sync/saydo"

[[sinks]]
name = "crm"
kind = "webhook"
enabled = true
url = "https://example.internal/hooks/saydo"
secret = "hunter2-webhook"
username = "typed-by-mistake"

[[sinks]]
name = "team-chat"
kind = "dingtalk"
enabled = true
url = "https://oapi.dingtalk.com/robot/send?access_token=robot-token-456"
secret = "robot-sign-789"

[[sinks]]
name = "lark"
kind = "feishu"
enabled = false
url = "https://open.feishu.cn/open-apis/bot/v2/hook/feishu-token-321"

[[sinks]]
name = "team-db"
kind = "postgres"
enabled = true
dsn = "postgresql://saydo:pg-pass-123@db.internal/sales"

[[sinks]]
name = "calendar"
kind = "caldav"
enabled = true
url = "https://cal.example.com/dav/me/work/"
username = "me"
password = "cal-pass-000"
"""
SECRETS = ("hunter2-webhook", "robot-token-456", "robot-sign-789", "feishu-token-321", "pg-pass-123", "cal-pass-000")
DELIVERY = Delivery(record_id="01JTEST", revision=1, action="upsert", intent="note", fields={"text": "hi"},
                    transcript="hi", lang="en", status="confirmed", created_at="2026-11-23T10:00:00+08:00",
                    updated_at="2026-11-23T10:00:00+08:00")


def _home(tmp_path: Path, config: str) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(config, encoding="utf-8")
    return home


def test_an_old_config_loads_each_entry_as_its_kind(tmp_path: Path) -> None:
    settings, _ = load_settings(_home(tmp_path, OLD_CONFIG))
    assert [type(sink) for sink in settings.sinks] == [FolderConfig, WebhookConfig, DingTalkConfig, FeishuConfig,
                                                       PostgresConfig, CalDavConfig]
    vault, crm, chat, lark, db, calendar = settings.sinks
    assert vault.path == Path("~/Sync/saydo") and crm.secret == "hunter2-webhook" and chat.secret == "robot-sign-789"
    assert lark.enabled is False and db.dsn == "postgresql://saydo:pg-pass-123@db.internal/sales"
    assert (calendar.url, calendar.username, calendar.password) == ("https://cal.example.com/dav/me/work/", "me",
                                                                    "cal-pass-000")


def test_an_old_config_is_saved_back_as_it_was(tmp_path: Path) -> None:
    home = _home(tmp_path, OLD_CONFIG)
    settings, paths = load_settings(home)
    save_settings(settings, paths)
    saved = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))["sinks"]
    old = tomllib.loads(OLD_CONFIG)["sinks"]
    del old[1]["username"]  # a key no webhook ever read
    assert saved == old


def test_a_wrong_field_of_one_kind_names_the_file_entry_and_key_but_no_value(tmp_path: Path) -> None:
    wrong = OLD_CONFIG.replace('path = "~/Sync/saydo"', 'path = ["hunter2-webhook"]').replace(
        'dsn = "postgresql://saydo:pg-pass-123@db.internal/sales"', 'dsn = 123\nsecret = "pg-pass-123"')
    with pytest.raises(SettingsError) as caught:
        load_settings(_home(tmp_path, wrong))
    message = str(caught.value)
    assert not [secret for secret in SECRETS if secret in message], message
    assert "config.toml" in message and "[[sinks]] entry 1 ('vault'), field path: Input is not a valid path" in message
    assert "[[sinks]] entry 5 ('team-db'), field dsn: Input should be a valid string" in message
    assert message.count("[[sinks]]") == 2  # the webhook's stray username is not an error, nor the others


def test_an_unknown_or_unavailable_kind_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SINK_MODULES, "fax", "tests.app.no_such_sink")  # a registry line whose module is missing
    config = '[[sinks]]\nname = "a"\nkind = "telex"\nurl = "x-telex-secret"\n\n[[sinks]]\nname = "b"\nkind = "fax"\n'
    with pytest.raises(SettingsError) as caught:
        load_settings(_home(tmp_path, config))
    message = str(caught.value)
    assert "[[sinks]] entry 1 ('a'), field kind: Input should be 'folder', 'webhook', 'dingtalk', 'feishu', " \
           "'postgres', 'caldav' or 'fax'" in message
    assert "[[sinks]] entry 2 ('b'): the fax sink is not available in this build" in message
    assert "telex-secret" not in message


def test_a_new_sink_is_its_module_and_a_registry_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SINK_MODULES, "jsonl", "tests.app.jsonl_sink")
    out = tmp_path / "out.jsonl"
    home = _home(tmp_path, f'[[sinks]]\nname = "log"\nkind = "jsonl"\npath = "{out}"\nlabel = "crm"\n'
                           'token = "jsonl-token"\n')
    settings, paths = load_settings(home)
    assert isinstance(settings.sinks[0], JsonlConfig) and sink_kind("jsonl").config is JsonlConfig
    for sink in make_sinks(settings.sinks, 1.0):
        sink.deliver(DELIVERY)
    line = json.loads(out.read_text(encoding="utf-8"))
    assert (line["label"], line["note"], line["id"]) == ("crm", None, "01JTEST") and "jsonl-token" not in str(line)
    save_settings(settings, paths)
    assert tomllib.loads(paths.config_file.read_text(encoding="utf-8"))["sinks"] == [
        {"name": "log", "kind": "jsonl", "enabled": True, "path": str(out), "label": "crm", "token": "jsonl-token"}]


def test_the_editor_places_a_new_kinds_fields_by_widget() -> None:
    from app.ui.sinks_editor import CONFIGS, FIELD_COLUMNS, GROUPS, SECRET, TARGET, USER, layout

    groups, columns = layout({**CONFIGS, "jsonl": JsonlConfig})
    assert groups == [*GROUPS, "text"]  # two text fields: one column more than the built-in kinds need
    assert columns["jsonl"] == {TARGET: "path", SECRET: "token", USER: "label", USER + 1: "note"}
    assert {kind: columns[kind] for kind in CONFIGS} == FIELD_COLUMNS  # the others' places do not move


def test_settings_that_name_a_sink_do_not_load_its_library(tmp_path: Path) -> None:
    """Every command and the app read the settings: a PostgreSQL or CalDAV sink must not cost their start-up the
    import of psycopg or caldav (only delivering does)."""
    import subprocess
    import sys

    (tmp_path / "config.toml").write_text(
        '[[sinks]]\nname = "cal"\nkind = "caldav"\nurl = "https://cal.example/dav/"\n\n'
        '[[sinks]]\nname = "pg"\nkind = "postgres"\ndsn = "postgresql://u@db.example/crm"\n', encoding="utf-8")
    script = ("import sys; from pathlib import Path; from app.settings import load_settings; "
              "settings, _ = load_settings(Path(sys.argv[1])); "
              "print(len(settings.sinks), sorted(m for m in ('caldav', 'psycopg') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "[]"]
