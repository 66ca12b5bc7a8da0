"""A webhook receiver on 127.0.0.1 that fails on demand, and counts what arrived the way a careful receiver would.

It checks signatures with `records.sinks.webhook.verify`, the function docs/sinks.md offers receivers, and
applies each `Idempotency-Key` once: a redelivery of a key it has applied is answered 200 and counted in
`redeliveries`, never applied again, so `duplicates` (records applied twice) stays 0 for an idempotent sender.
As a DingTalk or Feishu robot (`robot=`) it checks the vendor's signature and answers in the vendor's JSON; robots
do not deduplicate, so every accepted message is kept in `messages`.

Modes (set `mode` at any time): "ok"; "error" (HTTP 500); "hang" (no answer until `stop()` or `release()`);
"drop" (close the connection without an answer); "reject" (HTTP 400); "robot_error" (HTTP 200 with an error code);
"empty" (HTTP 200 with `{}`, applying nothing); "redirect" (HTTP 301 to another path).
`fail_rate` makes a random share of requests answer 500 before applying; `ack_loss_rate` a share that is applied
and then has its connection dropped, as if the answer was lost on the way back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from records.sinks.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify


class FlakyWebhookServer:
    def __init__(
        self,
        *,
        secret: str | None = None,
        fail_rate: float = 0.0,
        ack_loss_rate: float = 0.0,
        seed: int = 0,
        robot: str | None = None,
        on_apply: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.secret = secret
        self.on_apply = on_apply  # called after a delivery is applied (a message accepted), before the answer
        self.fail_rate = fail_rate
        self.ack_loss_rate = ack_loss_rate
        self.robot = robot
        self.mode = "ok"
        self.requests = 0
        self.failures = 0
        self.redeliveries = 0
        self.bad_signatures = 0
        self.applied: dict[str, dict[str, Any]] = {}  # idempotency key -> body
        self.apply_counts: Counter[str] = Counter()  # "record_id:revision:action" -> times applied
        self.messages: list[dict[str, Any]] = []  # robot mode: every message accepted
        self.last_request: tuple[dict[str, str], bytes] | None = None  # headers and body, as they arrived
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="flaky-webhook", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def release(self) -> None:
        """Let hanging requests go (they are answered by closing the connection)."""
        self._release.set()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def duplicates(self) -> int:
        """Deliveries applied more than once: must be 0 when the sender sends an idempotency key."""
        return sum(count - 1 for count in self.apply_counts.values() if count > 1)

    def records(self) -> dict[str, dict[str, Any]]:
        """The latest applied state per record id, as a receiver that upserts by id would hold it."""
        latest: dict[str, dict[str, Any]] = {}
        for body in self.applied.values():
            current = latest.get(body["id"])
            if current is None or body["revision"] > current["revision"]:
                latest[body["id"]] = body
        return {k: v for k, v in latest.items() if v["action"] != "delete"}

    # --- request handling (server threads) ------------------------------------------------------------------------

    def _decide(self) -> str:
        with self._lock:
            self.requests += 1
            mode = self.mode
            if mode == "ok" and self._rng.random() < self.fail_rate:
                mode = "error"
            elif mode == "ok" and self._rng.random() < self.ack_loss_rate:
                mode = "ack_loss"
            if mode not in ("ok", "ack_loss", "empty", "redirect"):
                self.failures += 1
            return mode

    def _apply_webhook(self, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        if self.secret is not None:
            signature, timestamp = headers.get(SIGNATURE_HEADER, ""), headers.get(TIMESTAMP_HEADER, "")
            if not verify(self.secret, body, timestamp, signature):
                with self._lock:
                    self.bad_signatures += 1
                return 401, {"error": "bad signature"}
        key = headers.get("Idempotency-Key")
        if not key:
            return 400, {"error": "Idempotency-Key missing"}
        payload = json.loads(body)
        with self._lock:
            if key in self.applied:
                self.redeliveries += 1
                return 200, {"status": "already applied"}
            self.applied[key] = payload
            self.apply_counts[f"{payload['id']}:{payload['revision']}:{payload['action']}"] += 1
        if self.on_apply is not None:
            self.on_apply(payload)
        return 200, {"status": "applied"}

    def _apply_robot(self, path: str, body: bytes) -> tuple[int, dict[str, Any]]:
        payload = json.loads(body)
        query = parse_qs(urlsplit(path).query)
        if self.robot == "dingtalk":
            ok = self.secret is None or _dingtalk_ok(self.secret, query)
            answer = {"errcode": 0, "errmsg": "ok"} if ok else {"errcode": 310000, "errmsg": "sign not match"}
        else:
            ok = self.secret is None or _feishu_ok(self.secret, payload)
            answer = {"code": 0, "msg": "success"} if ok else {"code": 19021, "msg": "sign match fail"}
        with self._lock:
            if ok:
                self.messages.append(payload)
            else:
                self.bad_signatures += 1
        if ok and self.on_apply is not None:
            self.on_apply(payload)
        return 200, answer


def _dingtalk_ok(secret: str, query: dict[str, list[str]]) -> bool:
    timestamp = query.get("timestamp", [""])[0]
    # parse_qs already decoded the URL-encoding once, which is what the robot does.
    sign = query.get("sign", [""])[0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    return bool(timestamp) and hmac.compare_digest(expected, sign)


def _feishu_ok(secret: str, payload: dict[str, Any]) -> bool:
    timestamp = str(payload.get("timestamp", ""))
    key = f"{timestamp}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return bool(timestamp) and hmac.compare_digest(expected, str(payload.get("sign", "")))


def _handler(owner: FlakyWebhookServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the counters are the record."""

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            owner.last_request = (dict(self.headers.items()), body)
            mode = owner._decide()
            if mode == "hang":
                owner._release.wait()
                self.close_connection = True
                return
            if mode == "drop":
                self.close_connection = True
                return
            if mode == "error":
                self._answer(500, {"error": "internal error (on purpose)"})
                return
            if mode == "reject":
                self._answer(400, {"error": "bad request (on purpose)"})
                return
            if mode == "robot_error":
                self._answer(200, {"errcode": 130101, "errmsg": "send too fast", "code": 11232,
                                   "msg": "frequency limited"})
                return
            if mode == "empty":
                self._answer(200, {})
                return
            if mode == "redirect":
                self.send_response(301)
                self.send_header("Location", "/moved")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if owner.robot is None:
                status, answer = owner._apply_webhook(self.headers, body)
            else:
                status, answer = owner._apply_robot(self.path, body)
            if mode == "ack_loss":
                self.close_connection = True
                return
            self._answer(status, answer)

        def _answer(self, status: int, answer: dict[str, Any]) -> None:
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
