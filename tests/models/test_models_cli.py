"""`saydo models …` in real subprocesses, downloading from a real hub-like server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import lines, saydo
from tests.models.hub_server import Hub, HubFile, hub_server

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

QWEN = "qwen2.5-0.5b-instruct-q4km"  # pinned: commit, size and sha256 of the real file
QWEN_FILE = ("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf")
# What the local hub serves under that name: not the real weights, so a pull must refuse it.
IMPOSTOR = b"GGUF" + bytes(range(256)) * 400


def _home(tmp_path: Path, hub: Hub, extra: str = "") -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        f'models_dir = "{tmp_path / "models"}"\n{extra}\n[models]\nhub_endpoint = "{hub.endpoint}"\n',
        encoding="utf-8")
    return home


@pytest.fixture
def hub():
    with hub_server() as server:
        server.add(*QWEN_FILE, HubFile(IMPOSTOR))
        yield server


def test_pull_refuses_a_file_the_catalog_does_not_pin(hub: Hub, tmp_path: Path) -> None:
    """The hub declares another sha256 than the catalog pins: refused before a byte of the file is fetched."""
    home = _home(tmp_path, hub)
    refused = saydo(home, "models", "pull", QWEN)
    assert refused.returncode == 1
    assert "the hub serves a different qwen2.5-0.5b-instruct-q4_k_m.gguf" in refused.stderr
    assert "nothing was downloaded" in refused.stderr
    assert hub.gets(QWEN_FILE[1]) == []
    assert all("/resolve/9217f5db79a29953eb74d5343926648285ec7e67/" in path for _, path, _ in hub.requests)
    assert not (tmp_path / "models" / QWEN / QWEN_FILE[1]).exists()


def test_list_verify_and_remove_a_hand_copied_model(hub: Hub, tmp_path: Path) -> None:
    home = _home(tmp_path, hub, f'[llm]\nmodel = "{QWEN}"')
    copied = tmp_path / "models" / QWEN / QWEN_FILE[1]
    copied.parent.mkdir(parents=True)
    copied.write_bytes(IMPOSTOR)  # not the file the catalog pins
    listed = {m["id"]: m for m in lines(saydo(home, "models", "list", "--json").stdout)[0]["models"]}
    assert listed[QWEN]["in_use"] and not listed[QWEN]["installed"]
    assert listed["whisper-base-bundled"]["installed"]  # its packages are installed
    assert not listed["whisper-small-ct2"]["installed"]

    checked = saydo(home, "models", "verify", QWEN)
    assert checked.returncode == 1
    assert f"missing or damaged: {QWEN_FILE[1]}; run `saydo models pull {QWEN}`" in checked.stderr

    refused = saydo(home, "models", "remove", QWEN)
    assert refused.returncode == 1 and "in use (llm.model)" in refused.stderr
    removed = saydo(home, "models", "remove", QWEN, "--force")
    assert removed.returncode == 0 and not (tmp_path / "models" / QWEN).exists()
    assert hub.requests == []  # verify and remove never go online


def test_offline_setting_refuses_pull(hub: Hub, tmp_path: Path) -> None:
    home = _home(tmp_path, hub)
    (home / "config.toml").write_text((home / "config.toml").read_text() + "offline = true\n")
    result = saydo(home, "models", "pull", QWEN)
    assert result.returncode == 1 and "downloads are off" in result.stderr
    assert hub.requests == []


def test_unknown_model_is_a_clear_error(hub: Hub, tmp_path: Path) -> None:
    result = saydo(_home(tmp_path, hub), "models", "pull", "gpt-17")
    assert result.returncode == 1 and "unknown model 'gpt-17'; known models:" in result.stderr


def test_removing_a_bundled_model_keeps_its_packages(hub: Hub, tmp_path: Path) -> None:
    home = _home(tmp_path, hub)
    refused = saydo(home, "models", "remove", "whisper-base-bundled")
    assert refused.returncode == 1 and "in use (asr.model)" in refused.stderr
    forced = saydo(home, "models", "remove", "whisper-base-bundled", "--force")
    assert forced.returncode == 0 and "packages stay installed" in forced.stdout


def test_recommend_reports_this_machine(hub: Hub, tmp_path: Path) -> None:
    home = _home(tmp_path, hub)
    result = saydo(home, "models", "recommend", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["hardware"]["cuda_devices"] == 0  # no GPU here
    assert data["recommendation"]["asr"]["device"] == "cpu"
    assert data["recommendation"]["asr"]["reasons"]
    text = saydo(home, "models", "recommend")
    assert text.returncode == 0 and "[asr] model = " in text.stdout
