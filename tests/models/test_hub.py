"""Downloads: the real huggingface_hub code against a real hub-like HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from huggingface_hub import constants

from models import HubSource, ModelError, ensure_model, is_installed, pull, remove, verify
from models.catalog import ModelFile, ModelSpec
from models.manifest import read_manifest
from tests.models.hub_server import COMMIT, Hub, HubFile, hub_server, proxy_server

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

REPO = "saydo-test/tiny-gguf"
WEIGHTS = "tiny-q4_k_m.gguf"
CONFIG = "config.json"


def _bytes(n: int, seed: int = 7) -> bytes:
    return (bytes(range(seed, 256)) + bytes(range(seed))) * (n // 256) + bytes(n % 256)


def _spec(hub: Hub, files: dict[str, HubFile], *, pin: bool = True, model_id: str = "tiny-hub-model") -> ModelSpec:
    for name, file in files.items():
        hub.add(REPO, name, file)
    return ModelSpec(id=model_id, kind="llm", family="test", format="gguf", description="a tiny test model",
                     languages=["en"], license="MIT", source="hub", tier="cpu-small", ram_mb=1, repo=REPO,
                     revision=COMMIT,
                     files=[ModelFile(name=name, size_bytes=len(f.data) if pin else None,
                                      sha256=f.sha256 if pin else None) for name, f in files.items()])


@pytest.fixture
def hub():
    with hub_server() as server:
        yield server


def test_pull_downloads_verifies_and_records(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(300_000))
    spec = _spec(hub, {WEIGHTS: weights, CONFIG: HubFile(b'{"layers": 2}', lfs=False)})
    seen: list[tuple[int, int]] = []
    directory = pull(spec, tmp_path, HubSource(endpoint=hub.endpoint), lambda done, total: seen.append((done, total)))
    assert (directory / WEIGHTS).read_bytes() == weights.data
    assert (directory / CONFIG).read_bytes() == b'{"layers": 2}'
    assert seen[-1] == (300_000 + 13, 300_000 + 13)
    assert not (directory / ".partial").exists()
    manifest = read_manifest(directory)
    assert manifest is not None and manifest.commit == COMMIT
    assert manifest.files[WEIGHTS].sha256 == weights.sha256
    assert manifest.files[WEIGHTS].checked_against == "catalog"
    assert is_installed(spec, tmp_path) and ensure_model(spec, tmp_path) == directory
    before = len(hub.requests)
    pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert len(hub.requests) == before  # already verified: no request at all


# huggingface_hub writes what it receives in blocks of this size, so a transfer cut after more than one block keeps
# whole blocks on disk, and the resumed request starts after them.
BLOCK = constants.DOWNLOAD_CHUNK_SIZE


def test_dropped_connection_resumes_with_a_range_request(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(BLOCK + 2_000_000), cut_after=BLOCK + 1_000_000)
    spec = _spec(hub, {WEIGHTS: weights})
    directory = pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert (directory / WEIGHTS).read_bytes() == weights.data
    assert hub.gets(WEIGHTS) == [None, f"bytes={BLOCK}-"]


def test_interrupted_pull_resumes_on_the_next_pull(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(BLOCK + 2_000_000), cut_after=BLOCK + 1_000_000, fail_after_cut=True)
    spec = _spec(hub, {WEIGHTS: weights})
    with pytest.raises(ModelError, match="HTTP 503"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    directory = tmp_path / spec.id
    assert not (directory / WEIGHTS).exists()  # a half download is never in place
    assert (directory / ".partial" / f"{WEIGHTS}.part").stat().st_size == BLOCK
    assert not is_installed(spec, tmp_path)
    with pytest.raises(ModelError, match="not installed; run `saydo models pull"):
        ensure_model(spec, tmp_path)

    weights.fail_after_cut = False
    pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert hub.gets(WEIGHTS)[-1] == f"bytes={BLOCK}-"
    assert (directory / WEIGHTS).read_bytes() == weights.data


def test_corrupt_transfer_is_rejected_and_deleted(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(50_000), corrupt=True)})
    with pytest.raises(ModelError, match="checksum mismatch for tiny-q4_k_m.gguf"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    directory = tmp_path / spec.id
    assert not (directory / WEIGHTS).exists()
    assert not (directory / ".partial" / f"{WEIGHTS}.part").exists()


def test_hub_serving_another_file_than_the_catalog_pins_is_refused_before_download(hub: Hub,
                                                                                   tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(50_000))})
    hub.files[(REPO, WEIGHTS)] = HubFile(_bytes(50_000, seed=9))  # the repo changed under the pin
    with pytest.raises(ModelError, match="serves a different tiny-q4_k_m.gguf"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert hub.gets(WEIGHTS) == []


def test_missing_file_is_a_clear_404(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(1_000))})
    del hub.files[(REPO, WEIGHTS)]
    with pytest.raises(ModelError, match=r"not found at saydo-test/tiny-gguf@0123456789ab.*HTTP 404"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert not (tmp_path / spec.id / WEIGHTS).exists()


def test_unreachable_hub_is_a_clear_error(tmp_path: Path) -> None:
    with hub_server() as gone:
        spec = _spec(gone, {WEIGHTS: HubFile(_bytes(1_000))})
        endpoint = gone.endpoint
    with pytest.raises(ModelError, match=f"cannot reach {endpoint}.*models.proxy"):
        pull(spec, tmp_path, HubSource(endpoint=endpoint))


def test_not_enough_disk_space_is_refused_before_download(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(1_000), declared_size=2**60)}, pin=False)
    with pytest.raises(ModelError, match="not enough disk space"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert hub.gets(WEIGHTS) == []


_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from models import HubSource, ModelError, pull
from models.catalog import ModelSpec
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG, like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
spec = ModelSpec.model_validate_json(sys.argv[3])
try:
    pull(spec, Path(sys.argv[1]), HubSource(endpoint=sys.argv[2]))
except ModelError as exc:
    print("MODEL ERROR:", exc)
"""


def test_disk_filling_up_mid_download_is_a_clear_error(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(3_000_000))})
    result = subprocess.run([sys.executable, "-c", _FULL_DISK, str(tmp_path), hub.endpoint, spec.model_dump_json()],
                            capture_output=True, text=True, timeout=120)
    assert "MODEL ERROR: tiny-hub-model: cannot write" in result.stdout, result.stderr
    assert "next pull resumes" in result.stdout
    assert not (tmp_path / spec.id / WEIGHTS).exists()


def test_offline_refuses_every_download(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(1_000))})
    with pytest.raises(ModelError, match="downloads are off"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint, offline=True))
    assert hub.requests == []


def test_configured_proxy_carries_the_download(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(20_000))
    spec = _spec(hub, {WEIGHTS: weights})
    with proxy_server() as proxy:
        directory = pull(spec, tmp_path, HubSource(endpoint=hub.endpoint, proxy=proxy.url))
    assert (directory / WEIGHTS).read_bytes() == weights.data
    assert any(url.startswith(hub.endpoint) and url.endswith(WEIGHTS) for url in proxy.seen)


def test_unpinned_entry_is_checked_against_the_hub_and_recorded(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(10_000)), CONFIG: HubFile(b"{}", lfs=False)}, pin=False)
    directory = pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    manifest = read_manifest(directory)
    assert manifest is not None
    assert manifest.files[WEIGHTS].checked_against == "hub"
    assert manifest.files[CONFIG].checked_against == "recorded"
    (directory / CONFIG).write_text('{"tampered": true}')
    assert verify(spec, tmp_path).bad == [CONFIG]  # the recorded hash catches the change later


def test_hand_installed_files_are_accepted_by_verify(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(10_000))
    spec = _spec(hub, {WEIGHTS: weights})
    directory = tmp_path / spec.id
    directory.mkdir()
    (directory / WEIGHTS).write_bytes(weights.data)  # copied from a USB stick on an air-gapped machine
    assert not is_installed(spec, tmp_path)
    report = verify(spec, tmp_path)
    assert report.ok and report.recorded == []
    assert is_installed(spec, tmp_path)
    assert hub.requests == []

    (directory / WEIGHTS).write_bytes(b"x" + weights.data[1:])
    os.utime(directory / WEIGHTS, ns=(1, 1))
    assert verify(spec, tmp_path).bad == [WEIGHTS]
    assert not is_installed(spec, tmp_path)


def test_hand_installed_file_without_a_pin_is_recorded(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {CONFIG: HubFile(b"{}", lfs=False)}, pin=False)
    (tmp_path / spec.id).mkdir()
    (tmp_path / spec.id / CONFIG).write_text("{}")
    assert verify(spec, tmp_path).recorded == [CONFIG]
    assert is_installed(spec, tmp_path)


def test_verify_names_missing_files(hub: Hub, tmp_path: Path) -> None:
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(1_000))})
    assert verify(spec, tmp_path).bad == [WEIGHTS]


def test_remove_deletes_the_folder_and_partials(hub: Hub, tmp_path: Path) -> None:
    weights = HubFile(_bytes(BLOCK + 2_000), cut_after=BLOCK + 1_000, fail_after_cut=True)
    spec = _spec(hub, {WEIGHTS: weights})
    with pytest.raises(ModelError):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint))
    assert remove(spec, tmp_path) == BLOCK
    assert not (tmp_path / spec.id).exists()
    assert remove(spec, tmp_path) == 0


def test_the_hubs_own_offline_mode_holds_through_a_configured_proxy(hub: Hub, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    spec = _spec(hub, {WEIGHTS: HubFile(_bytes(1_000))})
    with proxy_server() as proxy, pytest.raises(ModelError, match="offline mode"):
        pull(spec, tmp_path, HubSource(endpoint=hub.endpoint, proxy=proxy.url))
    assert proxy.seen == [] and hub.requests == []
