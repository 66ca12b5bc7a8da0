"""The About box shows the version; a newer version, from the update check the user turned on, is told once."""

from __future__ import annotations

import json

import pytest

from app.ui.application import SaydoApp
from app.version import describe
from tests.servers.versions import VersionServer

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


def test_about_shows_the_version_and_a_newer_one_when_the_check_is_on(qtbot, home) -> None:
    settings, paths = home
    with VersionServer() as server:
        server.body = json.dumps({"version": "9.0.0", "url": "https://example.invalid/saydo-9"}).encode()
        settings.updates.check, settings.updates.url = True, server.url
        app = SaydoApp(settings, paths, use_tray=False)
        notices: list[str] = []
        app.notice.connect(notices.append)
        try:
            about = app.show_about()
            assert about.text() == describe() and "9.0.0" not in about.text()
            about.close()
            app._check_for_update()  # what start() runs on its own thread
            qtbot.waitUntil(lambda: bool(notices))
            assert server.requests == 1
            assert "9.0.0" in notices[0] and "https://example.invalid/saydo-9" in notices[0]
            about = app.show_about()
            assert about.text().startswith(describe()) and "9.0.0" in about.text()
            about.close()
        finally:
            app.shutdown()


def test_with_the_check_off_the_app_asks_nobody(qtbot, home) -> None:
    settings, paths = home
    with VersionServer() as server:
        settings.updates.url = server.url  # configured, but not turned on
        app = SaydoApp(settings, paths, use_tray=False)
        try:
            app._check_for_update()
            assert server.requests == 0 and app.available_update is None
        finally:
            app.shutdown()
