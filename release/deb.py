"""The .deb around the bundle: the tree dpkg-deb packs (the bundle under /opt/saydo, `saydo` on PATH, a menu entry
and an icon) and its control files. Autostart stays the user's choice (Settings, `[ui] autostart`): a package that
started itself at every login for every user would be a surprise.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "saydo"
PREFIX = Path("opt/saydo")
# What the bundle does not carry and a desktop has: Qt's X11 platform plugin's libraries, the GL/EGL dispatch
# libraries (PyInstaller leaves those to the system on purpose), PortAudio for the microphone. Checked by
# scripts/check-package, which installs exactly these into a bare Debian root.
DEPENDS = (
    "libc6 (>= 2.36)",  # the build machine's C library (Debian 12): the bundle runs on it or newer
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libdbus-1-3",
    "libportaudio2",
)
RECOMMENDS = ("fonts-noto-cjk",)  # Chinese text on the card and in the records window


@dataclass(frozen=True)
class DebInfo:
    version: str
    architecture: str
    installed_size_kib: int


def control(info: DebInfo) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {info.version}\n"
        f"Architecture: {info.architecture}\n"
        "Maintainer: saydo <saydo@localhost>\n"
        f"Installed-Size: {info.installed_size_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        "Description: voice notes to records, offline\n"
        " Say it, confirm it, filed: speech recognition and a small language model running on this\n"
        " computer turn what you say into tasks, visit notes, reminders and expenses.\n"
    )


# The package's own files (bundle, link, menu entry, icon) dpkg removes itself. What is left are caches the
# desktop keeps about them, and the folder under /opt if anything was put there by hand. A user's records and
# settings in their home folder are theirs: never touched, not even on purge.
POSTINST = """#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -f /usr/share/icons/hicolor || true
fi
exit 0
"""

POSTRM = """#!/bin/sh
set -e
case "$1" in
  remove|purge)
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -f /usr/share/icons/hicolor || true
    rmdir --ignore-fail-on-non-empty /opt/saydo 2>/dev/null || true
    ;;
esac
exit 0
"""


def stage(bundle: Path, desktop_file: Path, icon: Path, root: Path, version: str, architecture: str) -> None:
    """Lay out the package tree in `root` (empty or absent): payload and DEBIAN/ control files."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    bin_dir = root / "usr/bin"
    bin_dir.mkdir(parents=True)
    # A link, not a copy: the bootloader finds its folder through /proc/self/exe, so the link's target is what counts.
    (bin_dir / PACKAGE).symlink_to(Path("/") / PREFIX / PACKAGE)
    _copy(desktop_file, root / "usr/share/applications" / f"{PACKAGE}.desktop")
    _copy(icon, root / "usr/share/icons/hicolor/scalable/apps" / f"{PACKAGE}.svg")
    size = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir())
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(DebInfo(version, architecture, (size + 1023) // 1024)))
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        (debian / name).write_text(text)
        (debian / name).chmod(0o755)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
