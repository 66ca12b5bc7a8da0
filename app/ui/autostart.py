"""Start saydo at login (the `ui.autostart` setting): an XDG autostart entry on Linux, a LaunchAgent on macOS, the
per-user Run key on Windows. Each is the platform's own per-user mechanism; nothing needs administrator rights.
"""

from __future__ import annotations

import logging
import os
import plistlib
import shutil
import sys
from pathlib import Path

log = logging.getLogger(__name__)

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=saydo
GenericName=Voice notes to records
Comment=Say it, confirm it, filed: offline speech to tasks, visit notes, reminders and expenses
TryExec={program}
Exec={command}
Icon=saydo
Terminal=false
Categories=Office;Utility;
Keywords=voice;dictation;speech;tasks;notes;
StartupNotify=false
X-GNOME-Autostart-enabled=true
"""
LAUNCH_AGENT_LABEL = "io.saydo.app"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command() -> list[str]:
    """How to start the tray app again: the installed `saydo` script, else this Python running the CLI module.
    The installed bundle (PyInstaller) starts its own program; on Windows the one without a console window."""
    if getattr(sys, "frozen", False):
        program = Path(sys.executable)
        windowless = program.with_name("saydo-app.exe")
        return [str(windowless if sys.platform == "win32" and windowless.is_file() else program), "app"]
    script = shutil.which("saydo")
    return [script, "app"] if script else [sys.executable, "-c", "from app.cli import main; main()", "app"]


def desktop_entry(command: list[str] | None = None) -> str:
    # TryExec: once the program is uninstalled, the desktop skips a login item the user left switched on.
    command = command or launch_command()
    return DESKTOP_ENTRY.format(program=_quote(command[0]), command=" ".join(_quote(part) for part in command))


def _quote(part: str) -> str:
    return f'"{part}"' if any(c in part for c in ' \t"\\') else part


def linux_autostart_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "autostart" / "saydo.desktop"


def macos_agent_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"


def set_autostart(enabled: bool, command: list[str] | None = None) -> None:
    """Create or remove the login item for this user; OSError when the file or registry cannot be written."""
    command = command or launch_command()
    if sys.platform == "win32":
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if enabled:
                winreg.SetValueEx(key, "saydo", 0, winreg.REG_SZ, " ".join(_quote(p) for p in command))
            else:
                try:
                    winreg.DeleteValue(key, "saydo")
                except FileNotFoundError:
                    pass
        return
    target = macos_agent_file() if sys.platform == "darwin" else linux_autostart_file()
    if not enabled:
        target.unlink(missing_ok=True)
        log.info("autostart off: removed %s", target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        data = plistlib.dumps({"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True})
    else:
        data = desktop_entry(command).encode("utf-8")
    target.write_bytes(data)
    log.info("autostart on: wrote %s", target)
