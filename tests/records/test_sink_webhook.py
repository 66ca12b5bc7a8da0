"""Webhook sink and the DingTalk / Feishu robot presets, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import sqlite3
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from records import Store
from records.outbox import Outbox
from records.sinks import Delivery, SinkConfig, SinkError, SinkRejected, make_sink, sink_kind
from records.sinks.robots import dingtalk_sign, feishu_sign, message
from records.sinks.webhook import REPLAY_WINDOW_S, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookConfig, sign, verify
from tests.servers import FlakyWebhookServer
from tests.servers.fixtures import T0, VISIT, file_confirmed, outbox, webhook  # noqa: F401

DELIVERY = Delivery(
    record_id="01JCZ7Q3B2M4N5P6Q7R8S9T0VW",
    revision=2,
    action="upsert",
    intent="visit_note",
    fields=VISIT["fields"],
    transcript="今天见了Acme的张经理",
    lang="zh",
    status="confirmed",
    created_at="2025-03-10T09:00:00.000000+00:00",
    updated_at="2025-03-10T09:05:00.000000+00:00",
)


def settings(kind: str, url: str, secret: str | None = None) -> SinkConfig:
    return sink_kind(kind).config(name=kind, url=url, secret=secret)


def test_post_is_signed_and_carries_the_idempotency_key(webhook: FlakyWebhookServer) -> None:
    sink = make_sink(settings("webhook", webhook.url, "s3cret"), 2.0)
    sink.deliver(DELIVERY)
    sink.deliver(DELIVERY)  # a redelivery: same key, absorbed by the receiver
    assert webhook.bad_signatures == 0
    assert list(webhook.applied) == [DELIVERY.idempotency_key]
    assert webhook.redeliveries == 1 and webhook.duplicates == 0
    body = webhook.applied[DELIVERY.idempotency_key]
    assert body == {**DELIVERY.to_json()}
    assert set(body) == {"id", "revision", "action", "intent", "fields", "transcript", "lang", "status", "created_at",
                         "updated_at", "attachments"}


def test_signature_binds_the_timestamp_so_a_replay_is_refused(webhook: FlakyWebhookServer) -> None:
    make_sink(settings("webhook", webhook.url, "s3cret"), 2.0).deliver(DELIVERY)
    assert webhook.last_request is not None
    headers, body = webhook.last_request
    timestamp, signature = headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    sent_at = int(timestamp)
    assert verify("s3cret", body, timestamp, signature, now=sent_at)
    assert not verify("s3cret", body, str(sent_at + 60), signature, now=sent_at)  # a fresh stamp on old bytes
    assert not verify("s3cret", body + b" ", timestamp, signature, now=sent_at)
    assert not verify("other", body, timestamp, signature, now=sent_at)
    assert not verify("s3cret", body, timestamp, signature, now=sent_at + REPLAY_WINDOW_S + 1)  # captured, late
    assert verify("s3cret", body, timestamp, signature, now=sent_at + REPLAY_WINDOW_S - 1)
    # Replayed to the receiver an hour later, signature and all: refused.
    old = str(sent_at - 3600)
    replay = urllib.request.Request(webhook.url, data=body, method="POST", headers={
        **headers, TIMESTAMP_HEADER: old, SIGNATURE_HEADER: sign("s3cret", old, body),
        "Idempotency-Key": "replayed"})
    with pytest.raises(urllib.error.HTTPError, match="401"):
        urllib.request.urlopen(replay, timeout=5)
    assert webhook.bad_signatures == 1 and "replayed" not in webhook.applied


def test_the_verification_receivers_copy_from_the_docs_checks_a_real_request(webhook: FlakyWebhookServer) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "sinks.md").read_text(encoding="utf-8")
    section = docs[docs.index("### Verifying a request"):]
    start = section.index("```python\n") + len("```python\n")
    code = section[start:section.index("\n```", start)]
    copied: dict[str, object] = {}
    exec(code, copied)  # noqa: S102 - the documented snippet, run as a receiver would run it
    make_sink(settings("webhook", webhook.url, "s3cret"), 2.0).deliver(DELIVERY)
    assert webhook.last_request is not None
    headers, body = webhook.last_request
    timestamp, signature = headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    documented = copied["verify"]
    assert callable(documented)
    assert documented("s3cret", body, timestamp, signature)
    assert not documented("s3cret", body, timestamp, signature, now=int(timestamp) + REPLAY_WINDOW_S + 1)
    assert not documented("s3cret", body, str(int(timestamp) + 1), signature)


def test_a_webhook_without_a_secret_is_sent_unsigned_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    name = f"crm-{uuid.uuid4().hex[:6]}"  # the warning is once per sink name and process
    with FlakyWebhookServer() as receiver, caplog.at_level(logging.WARNING, logger="records.sinks.webhook"):
        unsigned = WebhookConfig(name=name, url=receiver.url)
        make_sink(unsigned, 2.0)
        make_sink(unsigned, 2.0).deliver(DELIVERY)  # the app builds its sinks again at every pass
        make_sink(WebhookConfig(name=f"{name}-signed", url=receiver.url, secret="s"), 2.0)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and name in warnings[0] and "unsigned" in warnings[0]
    assert receiver.last_request is not None and SIGNATURE_HEADER not in receiver.last_request[0]


@pytest.mark.parametrize(("mode", "error", "text"), [
    ("error", SinkError, "HTTP 500"),
    ("drop", SinkError, "dropped the connection"),
    ("hang", SinkError, "did not answer within 0.3s"),
    ("reject", SinkRejected, "HTTP 400"),
    ("redirect", SinkRejected, "HTTP 301.*redirects are not followed.*'/moved'"),
])
def test_failures_are_classified(webhook: FlakyWebhookServer, mode: str, error: type[Exception], text: str) -> None:
    webhook.mode = mode
    sink = make_sink(settings("webhook", webhook.url, "s3cret"), 0.3)
    with pytest.raises(error, match=text) as raised:
        sink.deliver(DELIVERY)
    if error is SinkError:
        assert not isinstance(raised.value, SinkRejected)


def test_robot_url_tokens_stay_out_of_error_messages() -> None:
    with FlakyWebhookServer() as server:
        server.mode = "error"
        sink = make_sink(settings("dingtalk", server.url + "?access_token=TOPSECRET", "SECabc"), 1.0)
        with pytest.raises(SinkError) as raised:
            sink.deliver(DELIVERY)
    assert "TOPSECRET" not in str(raised.value)


def test_dingtalk_signature_matches_the_documented_algorithm() -> None:
    # The documented recipe, computed independently: HMAC-SHA256 over "timestamp\nsecret" keyed with the secret.
    secret, timestamp = "SECtest", 1700000000000
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert unquote_plus(dingtalk_sign(secret, timestamp)) == expected.decode()


def test_feishu_signature_matches_the_documented_algorithm() -> None:
    secret, timestamp = "demo", 1700000000
    expected = base64.b64encode(hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest())
    assert feishu_sign(secret, timestamp) == expected.decode()


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_robot_posts_a_signed_markdown_message(kind: str) -> None:
    with FlakyWebhookServer(secret="SECrobot", robot=kind) as robot:
        make_sink(settings(kind, robot.url + "?access_token=abc", "SECrobot"), 2.0).deliver(DELIVERY)
    assert robot.bad_signatures == 0
    [sent] = robot.messages
    if kind == "dingtalk":
        assert sent["msgtype"] == "markdown"
        text = sent["markdown"]["text"]
        assert sent["markdown"]["title"] == "visit_note: Acme"
    else:
        assert sent["msg_type"] == "interactive" and sent["timestamp"].isdigit()
        text = sent["card"]["elements"][0]["content"]
    assert "- **client**: Acme" in text and "张经理, Li Wei" in text and "> 今天见了Acme的张经理" in text


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_robot_with_the_wrong_secret_is_rejected(kind: str) -> None:
    with FlakyWebhookServer(secret="SECright", robot=kind) as robot:
        sink = make_sink(settings(kind, robot.url, "SECwrong"), 2.0)
        with pytest.raises(SinkRejected, match="refused the message"):
            sink.deliver(DELIVERY)
    assert robot.messages == []


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_robot_rate_limit_in_a_200_answer_is_retried(kind: str) -> None:
    with FlakyWebhookServer(robot=kind) as robot:
        robot.mode = "robot_error"
        with pytest.raises(SinkError, match="refused") as raised:
            make_sink(settings(kind, robot.url), 2.0).deliver(DELIVERY)
    assert not isinstance(raised.value, SinkRejected)


def test_robot_answer_without_its_code_is_retried() -> None:
    # Something that is not the robot (a proxy, a wrong URL) answers 200 without the code: not proof of delivery.
    with FlakyWebhookServer(robot="dingtalk") as plain:
        plain.mode = "empty"
        with pytest.raises(SinkError, match="unexpected answer"):
            make_sink(settings("dingtalk", plain.url), 2.0).deliver(DELIVERY)


NASTY = Delivery(**{**DELIVERY.__dict__, "intent": "note", "fields": {
    "text": "<at id=all></at> @all 看这里 [click](http://evil.example) ![](http://evil.example/pixel.png)",
    "tags": ["**urgent**", "a_b|c"],
    "summary": "line one\n#### approved by CEO\n- [x] done",
}, "transcript": "@所有人 <at user_id=\"ou_1\"></at> & `code`"})


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_record_text_can_neither_ping_nor_mark_up_the_chat(kind: str) -> None:
    with FlakyWebhookServer(robot=kind) as robot:
        make_sink(settings(kind, robot.url), 2.0).deliver(NASTY)
    [sent] = robot.messages
    text = sent["markdown"]["text"] if kind == "dingtalk" else sent["card"]["elements"][0]["content"]
    for markup in ("<at", "@all", "@所有人", "[click](", "![](", "**urgent**", "\n- [x]", "`code`"):
        assert markup not in text, markup
    assert text.count("\n#### ") == 0 and text.startswith("#### note: ")
    # What the reader sees is still what was said: the escapes are character references and an invisible joiner.
    shown = html.unescape(text).replace("\u2060", "")
    assert "<at id=all></at> @all 看这里 [click](http://evil.example)" in shown
    assert "**urgent**, a_b|c" in shown and "line one #### approved by CEO - [x] done" in shown
    assert "> @所有人 <at user_id=\"ou_1\"></at> & `code`" in shown
    title = sent["markdown"]["title"] if kind == "dingtalk" else sent["card"]["header"]["title"]["content"]
    assert "@all" not in title and title.replace("\u2060", "") == "note: " + NASTY.fields["text"]


def test_discard_notice_for_chat() -> None:
    title, text = message(Delivery(**{**DELIVERY.__dict__, "action": "delete", "revision": 3}))
    assert title == "visit_note: Acme" and "discarded" in text


def test_robot_through_the_outbox_posts_each_revision_once(store: Store, outbox: Outbox) -> None:
    """Robots do not deduplicate: the outbox's delivered marking is what keeps a record from being posted twice."""
    with FlakyWebhookServer(secret="SECrobot", robot="feishu") as robot:
        sink = make_sink(settings("feishu", robot.url, "SECrobot"), 2.0)
        record_id = file_confirmed(store, VISIT)
        outbox.deliver_due([sink], T0)
        outbox.deliver_due([sink], T0)
        store.revise(record_id, {**VISIT, "fields": {**VISIT["fields"], "deal_value": 50000}}, "edited")
        outbox.deliver_due([sink], T0)
    contents = [json.dumps(m, ensure_ascii=False) for m in robot.messages]
    assert len(contents) == 2 and "35000" in contents[0] and "50000" in contents[1]


def test_robot_accepting_while_the_store_is_busy_posts_once(store: Store, outbox: Outbox, db_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """Another program writes to the store just as the robot accepts: the outbox waits for it to mark the delivery
    instead of giving up, which would post the message again at the next pass."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)

    def release_once_waited(record: logging.LogRecord) -> bool:
        if "marking it delivered again" in record.getMessage() and other.in_transaction:
            other.execute("ROLLBACK")
        return True

    caplog.set_level(logging.INFO, logger="records.outbox")
    logging.getLogger("records.outbox").addFilter(release_once_waited)
    try:
        with FlakyWebhookServer(robot="feishu", on_apply=lambda _: other.execute("BEGIN IMMEDIATE")) as robot:
            sink = make_sink(settings("feishu", robot.url), 2.0)
            record_id = file_confirmed(store, VISIT)
            assert outbox.deliver_due([sink], T0).delivered == 1
            robot.on_apply = None
            outbox.deliver_due([sink], T0)
    finally:
        logging.getLogger("records.outbox").removeFilter(release_once_waited)
        other.close()
    assert len(robot.messages) == 1
    assert outbox.items(record_id)[0].state == "delivered"
