"""Whether a newer saydo exists: one GET of the URL the user configured (`[updates] check`, `url`), never otherwise.

The answer is a small JSON document, {"version": "0.2.0", "url": "https://…/saydo-0.2.0.deb"}. Nothing is
downloaded or installed: the app only says that a newer version is there and where.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from dataclasses import dataclass

from .settings import UpdateSettings

log = logging.getLogger(__name__)

MAX_ANSWER = 64 * 1024  # a version document is a few hundred bytes; anything larger is not one
_RELEASE = re.compile(r"\d+(?:\.\d+)*")


class UpdateError(RuntimeError):
    """The configured URL could not be read or did not answer with a version document."""


@dataclass(frozen=True)
class Update:
    version: str
    url: str


def release(version: str) -> tuple[int, ...] | None:
    """The numeric release of a version ("0.2.0rc1" → (0, 2, 0)); None when it does not start with one."""
    match = _RELEASE.match(version.strip().removeprefix("v"))
    if not match:
        return None
    parts = [int(p) for p in match.group().split(".")]
    while len(parts) > 1 and parts[-1] == 0:  # 0.2 and 0.2.0 are the same release
        parts.pop()
    return tuple(parts)


def is_newer(offered: str, current: str) -> bool:
    new, old = release(offered), release(current)
    return new is not None and old is not None and new > old


def fetch(url: str, timeout_s: float = 10.0) -> Update:
    if not url.startswith(("https://", "http://")):
        raise UpdateError(f"the update URL must start with https:// or http://, not {url!r}")
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "saydo"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:  # noqa: S310 (scheme checked above)
            body = answer.read(MAX_ANSWER + 1)
    except OSError as exc:
        raise UpdateError(f"cannot reach {url}: {getattr(exc, 'reason', None) or exc}") from exc
    if len(body) > MAX_ANSWER:
        raise UpdateError(f"{url} answered with more than {MAX_ANSWER} bytes; not a version document")
    try:
        data = json.loads(body)
        return Update(version=str(data["version"]), url=str(data.get("url") or url))
    except (ValueError, TypeError, KeyError) as exc:
        raise UpdateError(f"{url} did not answer with {{\"version\": …}}") from exc


def check(settings: UpdateSettings, current: str) -> Update | None:
    """The newer version the configured URL offers; None when checking is off, no URL is set, or none is newer."""
    if not (settings.check and settings.url):
        return None
    offered = fetch(settings.url)
    log.info("update check: %s offers %s (running %s)", settings.url, offered.version, current)
    return offered if is_newer(offered.version, current) else None
