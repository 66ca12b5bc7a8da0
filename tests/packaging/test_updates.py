"""The update check: off unless turned on, one GET of the configured URL, a clear error for a bad answer."""

from __future__ import annotations

import json

import pytest

from app.settings import Settings, UpdateSettings
from app.updates import Update, UpdateError, check, fetch, is_newer, release
from tests.servers.versions import VersionServer

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it


@pytest.fixture
def server():
    with VersionServer() as running:
        yield running


def test_it_is_off_by_default_and_asks_nobody(server: VersionServer) -> None:
    assert Settings().updates == UpdateSettings(check=False, url="")
    assert check(UpdateSettings(url=server.url), "0.1.0") is None  # a URL alone does not turn it on
    assert check(UpdateSettings(check=True), "0.1.0") is None  # nor does the switch without a URL
    assert server.requests == 0


def test_a_newer_version_is_offered_and_the_same_or_older_is_not(server: VersionServer) -> None:
    settings = UpdateSettings(check=True, url=server.url)
    server.body = json.dumps({"version": "0.2.0", "url": "https://example.invalid/saydo_0.2.0_amd64.deb"}).encode()
    assert check(settings, "0.1.0") == Update("0.2.0", "https://example.invalid/saydo_0.2.0_amd64.deb")
    for offered in ("0.1.0", "0.1", "0.0.9"):
        server.body = json.dumps({"version": offered}).encode()
        assert check(settings, "0.1.0") is None
    assert server.requests == 4


@pytest.mark.parametrize(("status", "body", "why"), [
    (500, b"{}", "cannot reach"),
    (200, b"<html>not json</html>", "did not answer"),
    (200, b'{"name": "saydo"}', "did not answer"),
    (200, b'{"version": "9"}' + b" " * 70_000, "more than"),
])
def test_a_bad_answer_is_a_clear_error(server: VersionServer, status: int, body: bytes, why: str) -> None:
    server.status, server.body = status, body
    with pytest.raises(UpdateError, match=why):
        fetch(server.url)


def test_only_web_addresses_are_asked() -> None:
    with pytest.raises(UpdateError, match="https://"):
        fetch("file:///etc/passwd")


def test_versions_compare_by_their_numbers() -> None:
    assert release("v0.10.0rc1") == (0, 10) and release("latest") is None
    assert is_newer("0.10.0", "0.9.3") and not is_newer("0.9.3", "0.10.0")
    assert not is_newer("nightly", "0.1.0")
