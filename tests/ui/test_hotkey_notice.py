"""Where the global hotkey cannot work (Wayland, no X display, a bad combination) the app says how to bind
`saydo toggle` to a desktop shortcut instead: once per problem, in the interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.application import HOTKEY_NOTICE_FILE, SaydoApp
from app.ui.i18n import install_translators


@pytest.fixture
def wayland(monkeypatch) -> None:
    for name in ("DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")


@pytest.fixture
def app(qtbot, home) -> Iterator[SaydoApp]:
    settings, paths = home
    started = SaydoApp(settings, paths, use_tray=False)
    yield started
    started.shutdown()


def _notices(app: SaydoApp) -> list[str]:
    told: list[str] = []
    app.notice.connect(told.append)
    return told


def test_a_hotkey_that_cannot_listen_says_to_bind_saydo_toggle_once(qtbot, home, app, wayland) -> None:
    told = _notices(app)
    app._start_hotkey()  # what start() does once the server listens
    assert told == ["The hotkey Ctrl+Alt+Space is off: this is a Wayland session, where applications "  # the default
                    "cannot read global keys. Bind `saydo toggle` to a shortcut in your desktop's keyboard settings "
                    "instead (see docs/desktop.md)."]
    assert not app.hotkey.running
    settings, paths = home
    again = SaydoApp(settings, paths, use_tray=False)  # the next start of the app: the same problem, told already
    try:
        told_again = _notices(again)
        again._start_hotkey()
        assert not told_again and (paths.runtime_dir / HOTKEY_NOTICE_FILE).read_text(encoding="utf-8") == told[0]
    finally:
        again.shutdown()


def test_a_new_hotkey_that_cannot_listen_is_told_at_once(qtbot, home, app, monkeypatch) -> None:
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    told = _notices(app)
    settings, _ = home
    changed = settings.model_copy(deep=True)
    changed.ui.hotkey = "Ctrl+Shift+F9"
    app.apply_settings(changed)
    assert len(told) == 1 and told[0].startswith("The hotkey Ctrl+Shift+F9 is off: there is no X display")
    assert "`saydo toggle`" in told[0]


def test_the_notice_reads_in_chinese(qtbot, qapp: QApplication, app, wayland) -> None:
    install_translators(qapp, "zh")
    try:
        told = _notices(app)
        app._start_hotkey()
    finally:
        install_translators(qapp, "en")
    assert told and told[0].startswith("快捷键 ") and "Wayland 会话" in told[0] and "`saydo toggle`" in told[0]
