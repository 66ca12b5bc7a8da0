"""The pieces of scripts/package that are cheap to check: the bundle's metadata, the build record, the file list and
the .deb's tree and control files (packed by the real dpkg-deb where it is installed). The whole build and the
install on a bare Debian are scripts/check-package (docs/install.md)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import PathDistribution
from pathlib import Path

import pytest

from app import version as app_version
from models import DEFAULT_ASR, get_model
from release import buildinfo, bundle, deb, filelist

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

ROOT = Path(__file__).resolve().parents[2]
DPKG_DEB = shutil.which("dpkg-deb")


def test_the_fresh_dist_info_carries_the_version_and_the_plugin_entry_points(tmp_path: Path) -> None:
    folder = bundle.write_dist_info(tmp_path)
    dist = PathDistribution(folder)
    assert dist.version == app_version.version()
    plugins = {e.name: e.value for e in dist.entry_points.select(group="saydo.commands")}
    assert plugins == {"bench": "bench.cli:register"}
    assert dist.entry_points.select(group="console_scripts")["saydo"].value == "app.entry:main"
    assert not any("/" in p.read_text() for p in folder.iterdir())  # no path of this machine


def test_the_models_are_assembled_once_for_the_bundle(tmp_path: Path) -> None:
    spec = get_model(DEFAULT_ASR)  # the smaller default; the LLM takes the same path
    files = bundle.assembled_models(tmp_path, (DEFAULT_ASR,))
    assert [(f.source.name, f.dest_dir) for f in files] == [(f.name, f"weights/{DEFAULT_ASR}") for f in spec.files]
    assert sum(f.source.stat().st_size for f in files) == spec.size_bytes
    stamps = [f.source.stat().st_mtime_ns for f in files]
    again = bundle.assembled_models(tmp_path, (DEFAULT_ASR,))
    assert [f.source.stat().st_mtime_ns for f in again] == stamps  # the next build reuses them


def test_the_build_record_names_the_commit_and_the_packages(tmp_path: Path) -> None:
    epoch = buildinfo.commit_epoch(ROOT)
    info = buildinfo.collect(ROOT, epoch)
    assert re.fullmatch(r"[0-9a-f]{40}", info["commit"]) and info["version"] == app_version.version()
    assert info["packages"]["pyside6-essentials"] and info["packages"]["llama-cpp-python"]
    assert info["built"] == datetime.fromtimestamp(epoch, UTC).isoformat()  # the commit's time, not now's
    text = buildinfo.render(info)
    assert json.loads(text) == info and text == buildinfo.render(json.loads(text))  # stable: sorted keys


def test_the_version_line_of_a_bundle_names_its_commit(tmp_path: Path, monkeypatch) -> None:
    assert app_version.describe() == f"saydo {app_version.version()}"  # from the source tree: no build record
    record = {"version": "0.1.0", "commit": "0123456789abcdef" * 2 + "01234567", "dirty": False,
              "built": "2026-12-05T07:00:00+00:00"}
    (tmp_path / app_version.BUILD_INFO_NAME).write_text(json.dumps(record))
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # what PyInstaller's bootloader sets
    assert app_version.describe() == "saydo 0.1.0 (commit 0123456789ab, built 2026-12-05)"


def test_saydo_version_prints_the_version() -> None:
    result = subprocess.run([sys.executable, "-c", "from app.entry import main; main()", "--version"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"saydo {app_version.version()}"


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_the_file_list_is_sorted_and_its_names_hash_ignores_content_and_order(tmp_path: Path) -> None:
    one = _tree(tmp_path / "one", {"b/x.so": b"1", "a.txt": b"a", "saydo": b"#!"})
    two = _tree(tmp_path / "two", {"saydo": b"#!", "a.txt": b"changed", "b/x.so": b"1"})
    (one / "saydo").chmod(0o700)
    (one / "link").symlink_to("saydo")
    (two / "link").symlink_to("saydo")
    for tree in (one, two):
        filelist.normalise(tree, 1_700_000_000)
    first, second = filelist.listing(one), filelist.listing(two)
    assert [e.path for e in first] == ["a.txt", "b", "b/x.so", "link", "saydo"]
    assert {e.path: e.mode for e in first} == {"a.txt": 0o644, "b": 0o755, "b/x.so": 0o644, "link": 0o777,
                                                "saydo": 0o755}
    assert all(p.lstat().st_mtime == 1_700_000_000 for p in [one, *one.rglob("*")])
    assert filelist.names_digest(first) == filelist.names_digest(second)
    assert filelist.content_digest(first) != filelist.content_digest(second)
    assert filelist.render(first).splitlines()[2].endswith(" b/x.so")


def _fake_bundle(tmp_path: Path) -> Path:
    tree = _tree(tmp_path / "bundle", {"saydo": b"\x7fELF", "_internal/saydo-build.json": b"{}",
                                      "samples/en-task.flac": b"fLaC"})
    (tree / "saydo").chmod(0o755)
    return tree


def test_the_deb_tree_puts_saydo_on_path_with_a_menu_entry_and_leaves_autostart_off(tmp_path: Path) -> None:
    root = tmp_path / "root"
    deb.stage(_fake_bundle(tmp_path), ROOT / "packaging/linux/saydo.desktop", ROOT / "packaging/linux/saydo.svg",
              root, "0.1.0", "amd64")
    assert (root / "opt/saydo/saydo").is_file() and (root / "opt/saydo/samples/en-task.flac").is_file()
    assert os.readlink(root / "usr/bin/saydo") == "/opt/saydo/saydo"
    desktop = (root / "usr/share/applications/saydo.desktop").read_text()
    assert "Exec=saydo app" in desktop and "Icon=saydo" in desktop
    assert (root / "usr/share/icons/hicolor/scalable/apps/saydo.svg").read_text().startswith("<svg")
    assert not list(root.glob("etc/xdg/autostart/*"))  # a login item only when the user asks for one
    control = (root / "DEBIAN/control").read_text()
    assert "Package: saydo\n" in control and "Version: 0.1.0\n" in control and "Architecture: amd64\n" in control
    assert re.search(r"^Depends: .*libxcb-cursor0.*libportaudio2", control, re.M)
    assert re.search(r"^Installed-Size: \d+$", control, re.M)
    for script in ("postinst", "postrm"):
        path = root / "DEBIAN" / script
        assert path.stat().st_mode & 0o111
        assert subprocess.run(["sh", "-n", str(path)]).returncode == 0
    assert "/home" not in deb.POSTRM and "rm -rf" not in deb.POSTRM  # a user's records are never removed


@pytest.mark.skipif(DPKG_DEB is None, reason="dpkg-deb is not installed")
def test_dpkg_deb_packs_the_tree_the_same_way_twice(tmp_path: Path) -> None:
    built = []
    for attempt in ("first", "second"):
        root = tmp_path / attempt / "root"
        deb.stage(_fake_bundle(tmp_path / attempt), ROOT / "packaging/linux/saydo.desktop",
                  ROOT / "packaging/linux/saydo.svg", root, "0.1.0", "amd64")
        filelist.normalise(root, 1_700_000_000)
        out = tmp_path / attempt / "saydo.deb"
        subprocess.run([DPKG_DEB, "--root-owner-group", "-Zgzip", "--build", str(root), str(out)], check=True,
                       capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
        built.append(out.read_bytes())
    assert built[0] == built[1]
    fields = subprocess.run([DPKG_DEB, "-f", str(out), "Package", "Depends"], capture_output=True, text=True,
                            check=True).stdout
    assert "Package: saydo" in fields and "libegl1" in fields
    listing = subprocess.run([DPKG_DEB, "-c", str(out)], capture_output=True, text=True, check=True).stdout
    assert "./usr/bin/saydo -> /opt/saydo/saydo" in listing and "root/root" in listing
