"""Settings: defaults for every key, round trip, old or partial files keep loading, bad files are clear errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.clock import ClockError, local, reference_now
from app.settings import Settings, SettingsError, load_settings, save_settings


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings, paths = load_settings(tmp_path)
    assert settings == Settings()
    assert paths.config_file == tmp_path / "config.toml"
    assert paths.db_path == tmp_path / "data" / "saydo.db"


def test_round_trip(tmp_path: Path) -> None:
    settings, paths = load_settings(tmp_path)
    changed = settings.model_copy(update={"threads": 3, "timezone": "Europe/Berlin"})
    changed.asr.language = "zh-TW"
    save_settings(changed, paths)
    assert load_settings(tmp_path)[0] == changed


def test_partial_and_unknown_keys_still_load(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('threads = 2\nfuture_key = "x"\n[asr]\nbeam_size = 3\n')
    settings, _ = load_settings(tmp_path)
    assert settings.threads == 2 and settings.asr.beam_size == 3 and settings.llm == Settings().llm


@pytest.mark.parametrize("content", ["threads = [", '[asr]\nlanguage = "klingon"\n'])
def test_bad_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "config.toml").write_text(content)
    with pytest.raises(SettingsError, match="config.toml"):
        load_settings(tmp_path)


def test_home_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAYDO_HOME", str(tmp_path))
    assert load_settings()[1].data_dir == tmp_path / "data"


def test_reference_time() -> None:
    pinned = reference_now("2026-11-23T10:00", "Asia/Shanghai")
    assert pinned.isoformat() == "2026-11-23T10:00:00+08:00"
    assert reference_now("2026-11-23T02:00:00+00:00", "Asia/Shanghai").hour == 10
    assert isinstance(reference_now(), datetime) and reference_now().tzinfo is not None
    with pytest.raises(ClockError):
        reference_now("soon")
    with pytest.raises(ClockError):
        reference_now(None, "Mars/Olympus")


def test_a_stored_moment_on_the_users_clock() -> None:
    utc = datetime.fromisoformat("2026-12-04T20:00:00+00:00")
    assert local(utc, "Asia/Shanghai").date().isoformat() == "2026-12-05"  # already tomorrow there
    assert local(utc, "America/New_York").date().isoformat() == "2026-12-04"
    assert local(utc, None).tzinfo is not None
