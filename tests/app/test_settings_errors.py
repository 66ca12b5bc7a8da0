"""A settings file that cannot be used is refused with where and why (the [[sinks]] entry, the field, what is
wrong), never with the values: a sink's entry holds webhook secrets, passwords, robot tokens and DSNs."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from app.settings import SettingsError, load_settings
from tests.cli import saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

SECRETS = ("hunter2-webhook", "pg-pass-123", "robot-token-456", "robot-sign-789", "cal-pass-000")
BAD_SINKS = [
    {"name": "team", "kind": "webhok", "url": "https://hooks.example.com/in", "secret": "hunter2-webhook"},
    {"kind": "postgres", "dsn": "postgresql://saydo:pg-pass-123@db.example.com/crm"},
    {"name": "robot", "kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=robot-token-456",
     "secret": "robot-sign-789", "enabled": "sometimes"},
    {"name": "cal", "kind": "caldav", "url": "https://cal.example.com/", "username": "me",
     "password": ["cal-pass-000"]},
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(tomli_w.dumps({"asr": {"beam_size": 99}, "sinks": BAD_SINKS}), encoding="utf-8")
    return home


def test_the_error_names_entries_and_fields_but_no_values(home: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(home)
    message = str(caught.value)
    assert not [secret for secret in SECRETS if secret in message], message
    assert "[[sinks]] entry 1 ('team'), field kind: Input should be 'folder'" in message
    assert "[[sinks]] entry 2, field name: Field required" in message
    assert "[[sinks]] entry 3 ('robot'), field enabled: Input should be a valid boolean" in message
    assert "[[sinks]] entry 4 ('cal'), field password: Input should be a valid string" in message
    assert "asr.beam_size: Input should be less than or equal to 10" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # no traceback quotes them either


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_the_cli_says_which_entry_and_field_without_the_secret(home: Path, verbose: list[str]) -> None:
    result = saydo(home, *verbose, "sync")
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    assert not [secret for secret in SECRETS if secret in shown], shown
    assert "cannot read settings from" in result.stderr and "config.toml" in result.stderr
    assert "[[sinks]] entry 2, field name: Field required" in result.stderr
    assert "entry 4 ('cal'), field password" in result.stderr


def test_a_broken_toml_file_says_where(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[[sinks]]\nname = "team"\nsecret = "hunter2-webhook\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(home)
    assert "line 3" in str(caught.value) and "hunter2-webhook" not in str(caught.value)
