"""Webhook sink: each delivery is a JSON POST signed with HMAC-SHA256, carrying an `Idempotency-Key` so that the
receiver can drop the redeliveries at-least-once delivery brings.

Headers: `X-Saydo-Timestamp` (Unix seconds), `X-Saydo-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + body,
keyed with the secret>` (so a captured request cannot be replayed later with a fresh timestamp; `verify` is what a
receiver runs), `Idempotency-Key: <record id>:<revision>:<action>`. 2xx is delivered; 408, 429, 5xx, timeouts and
dropped connections are retried; any other status is a configuration problem and dead-letters the delivery.
See docs/sinks.md.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from .base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, SinkError, SinkRejected, require
from .registry import register_sink

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Saydo-Signature"
TIMESTAMP_HEADER = "X-Saydo-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# How far a receiver should let a request's timestamp stray from its own clock (delay in transit, clock skew).
REPLAY_WINDOW_S = 300
_RETRY_STATUSES = {408, 425, 429}
_USER_AGENT = "saydo-outbox/1"


class WebhookConfig(SinkConfig):
    kind: Literal["webhook"] = "webhook"
    url: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "URL"), "url", required=True)] = None
    # The HMAC key receivers check the signature with; without it records go unsigned (with a warning).
    secret: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Secret"), "password",
                                               secret=True)] = None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib turns a redirected POST into a GET without the body; a 2xx for that GET would count a record as
    delivered that never arrived. So a redirect is an answer of its own: a setting to fix."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def check_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SinkRejected(f"sink {name!r}: {url!r} is not an http(s) URL")
    return url


def post_json(url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> Response:
    """POST `body`; return the 2xx response or raise SinkError (retry) / SinkRejected (never), with the reason."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": _USER_AGENT, **headers},
    )
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            return Response(response.status, response.read())
    except urllib.error.HTTPError as error:
        detail = _snippet(error.read() if error.fp is not None else b"")
        message = f"{_where(url)} answered HTTP {error.code} {error.reason}{detail}"
        if error.code in _RETRY_STATUSES or error.code >= 500:
            raise SinkError(message) from error
        if 300 <= error.code < 400:
            message += f" (redirects are not followed; set the sink's url to {error.headers.get('Location')!r})"
        raise SinkRejected(message) from error
    except TimeoutError as error:
        raise SinkError(f"{_where(url)} did not answer within {timeout_s:g}s") from error
    except urllib.error.URLError as error:
        raise SinkError(f"could not reach {_where(url)}: {error.reason}") from error
    except (http.client.HTTPException, ConnectionError, OSError) as error:
        raise SinkError(f"{_where(url)} dropped the connection: {error or type(error).__name__}") from error


def _where(url: str) -> str:
    # Robot URLs carry their access token in the query: never put it in a log line or an error message.
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _snippet(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return f": {text[:200]}" if text else ""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Saydo-Signature` value: the timestamp is signed with the body, so neither can change alone."""
    message = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, timestamp: str, signature: str, now: float | None = None,
           window_s: float = REPLAY_WINDOW_S) -> bool:
    """A receiver's check of one request (copy it with `sign`; both need only the standard library): the signature
    matches the raw body and timestamp, and the timestamp is within `window_s` of `now`. Within the window, a
    replay carries an `Idempotency-Key` already seen, which the receiver drops like any redelivery."""
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent_at) > window_s:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


class WebhookSink:
    def __init__(self, name: str, url: str, secret: str | None, timeout_s: float) -> None:
        self.name = name
        self.url = url
        self.secret = secret
        self.timeout_s = timeout_s

    def deliver(self, delivery: Delivery) -> None:
        body = json.dumps(delivery.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {IDEMPOTENCY_HEADER: delivery.idempotency_key, TIMESTAMP_HEADER: timestamp}
        if self.secret:
            headers[SIGNATURE_HEADER] = sign(self.secret, timestamp, body)
        post_json(self.url, body, headers, self.timeout_s)

    def close(self) -> None:
        """Each delivery is one request on its own connection; nothing to close."""


# Sinks already warned about in this process: the app builds its sinks again at every delivery pass.
_warned_unsigned: set[str] = set()


def _factory(settings: WebhookConfig, timeout_s: float) -> WebhookSink:
    url = check_url(settings.name, require(settings, "url", "where to POST records"))
    if not settings.secret and settings.name not in _warned_unsigned:
        _warned_unsigned.add(settings.name)
        log.warning("sink %r sends records unsigned: without a `secret` its receiver cannot tell them from "
                       "forged or replayed requests; set `secret` in its [[sinks]] section (docs/sinks.md)",
                       settings.name)
    return WebhookSink(settings.name, url, settings.secret, timeout_s)


register_sink(WebhookConfig, _factory)
