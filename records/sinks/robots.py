"""Chat robot presets: a DingTalk or Feishu (Lark) group's custom robot posts each confirmed record as a markdown
message.

Signing, per the vendors' documentation:
- DingTalk custom robot, "加签" security setting
  (https://open.dingtalk.com/document/orgapp/customize-robot-security-settings): string_to_sign =
  `timestamp + "\n" + secret` with the timestamp in milliseconds; HMAC-SHA256 keyed with the secret, base64, then
  URL-encoded, sent as `&timestamp=...&sign=...` on the webhook URL. Message: `{"msgtype": "markdown", "markdown":
  {"title", "text"}}`. The answer is HTTP 200 with `{"errcode": 0}` on success.
- Feishu custom bot, "签名校验" (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
  `timestamp + "\n" + secret` (timestamp in seconds) is the HMAC-SHA256 *key* over an empty message, base64; sent
  as `timestamp` and `sign` in the JSON body. Message: an interactive card with one markdown element. The answer is
  HTTP 200 with `{"code": 0}` on success.

Both answer errors with HTTP 200 and a non-zero code in the body, so the body decides. Robots do not deduplicate:
the outbox marking a delivery "delivered" right after the robot accepts it is what keeps a message from being
posted twice; a crash in between posts it again (at-least-once). A discard posts a short "discarded" notice, since a
chat message cannot be taken back.

Record text is the speaker's, not saydo's markup: it is escaped so that a note saying `<at id=all></at>` or `@all`
pings no one, and brackets, tags and emphasis marks show as written instead of becoming links, images or headings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from typing import Annotated, Any, Literal
from urllib.parse import quote_plus

from .base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, SinkError, SinkRejected, require
from .registry import register_sink
from .webhook import Response, check_url, post_json

log = logging.getLogger(__name__)

# Rate limiting is the one error code that passes by waiting; any other code is a setting to fix (wrong secret,
# keyword filter, IP allow-list), so the delivery is dead-lettered. DingTalk: 130101 "send too fast";
# Feishu: 11232 "frequency limited".
_DINGTALK_RETRY = {130101}
_FEISHU_RETRY = {11232}


class _RobotConfig(SinkConfig):
    # The robot's webhook URL carries its access token: whoever has it can post to the group.
    url: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "URL"), "url", secret=True,
                                            required=True)] = None
    # The signing secret of the robot's "加签" / "签名校验" security setting; None = unsigned.
    secret: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Secret"), "password",
                                               secret=True)] = None


class DingTalkConfig(_RobotConfig):
    kind: Literal["dingtalk"] = "dingtalk"


class FeishuConfig(_RobotConfig):
    kind: Literal["feishu"] = "feishu"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


# A word joiner after "@" keeps the text as it reads while no mention syntax (@all, @所有人, @<mobile>) matches.
_MENTION = str.maketrans({"@": "@\u2060"})
# Markdown and HTML syntax both robots render (links, images, `<at>` / `<font>` tags, emphasis, headings, tables),
# written as character references: the reader sees the character, the renderer no markup.
_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "&<>[]\\`*_~#|"})


def plain(text: str) -> str:
    """Record text for a place shown as plain text (a notification, a card header): only mentions disarmed."""
    return text.translate(_MENTION)


def escape(text: str) -> str:
    """Record text for a markdown message: mentions disarmed, markup shown as written, on one line."""
    return " ".join(text.split()).translate(_MARKUP).translate(_MENTION)


def message(delivery: Delivery) -> tuple[str, str]:
    """A plain-text title and a markdown body for a chat: the intent and headline, the fields as a list, the
    transcript quoted. Everything that comes from the record is escaped."""
    fields = delivery.fields or {}
    headline = next((str(fields[k]) for k in ("title", "client", "text", "merchant") if fields.get(k)), "")
    intent = delivery.intent or "record"
    title = f"{intent}: {headline}" if headline else intent
    heading = f"#### {intent}: {escape(headline)}" if headline else f"#### {intent}"
    if delivery.action == "delete":
        return plain(title), f"{heading}\n\n~~discarded~~ (record `{delivery.record_id}`)"
    lines = [heading, ""]
    for key, value in fields.items():
        if value in (None, "", []):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        lines.append(f"- **{key}**: {escape(shown)}")
    quoted = "\n> ".join(escape(line) for line in delivery.transcript.splitlines() or [""])
    lines += ["", f"> {quoted}", "", f"`{delivery.record_id}` r{delivery.revision}"]
    return plain(title), "\n".join(lines)


class _Robot:
    code_key: str
    retry_codes: set[int]

    def __init__(self, name: str, url: str, secret: str | None, timeout_s: float) -> None:
        self.name = name
        self.url = url
        self.secret = secret
        self.timeout_s = timeout_s

    def close(self) -> None:
        """Each delivery is one request on its own connection; nothing to close."""

    def _check(self, response: Response) -> None:
        answer = response.json()
        if not isinstance(answer, dict) or self.code_key not in answer:
            raise SinkError(f"sink {self.name!r}: unexpected answer from the robot: {response.body[:200]!r}")
        code = answer[self.code_key]
        if code == 0:
            return
        detail = answer.get("msg") or answer.get("errmsg")
        reason = f"sink {self.name!r}: the robot refused the message ({self.code_key} {code}: {detail})"
        if code in self.retry_codes:
            raise SinkError(reason)
        raise SinkRejected(reason)


class DingTalkRobot(_Robot):
    code_key = "errcode"
    retry_codes = _DINGTALK_RETRY

    def deliver(self, delivery: Delivery) -> None:
        title, text = message(delivery)
        body = json.dumps({"msgtype": "markdown", "markdown": {"title": title, "text": text}}, ensure_ascii=False)
        url = self.url
        if self.secret:
            timestamp = int(time.time() * 1000)
            joiner = "&" if "?" in url else "?"
            url = f"{url}{joiner}timestamp={timestamp}&sign={dingtalk_sign(self.secret, timestamp)}"
        self._check(post_json(url, body.encode("utf-8"), {}, self.timeout_s))


class FeishuRobot(_Robot):
    code_key = "code"
    retry_codes = _FEISHU_RETRY

    def deliver(self, delivery: Delivery) -> None:
        title, text = message(delivery)
        payload: dict[str, Any] = {
            "msg_type": "interactive",
            "card": {
                "header": {"title": {"tag": "plain_text", "content": title}},
                "elements": [{"tag": "markdown", "content": text}],
            },
        }
        if self.secret:
            timestamp = int(time.time())
            payload = {"timestamp": str(timestamp), "sign": feishu_sign(self.secret, timestamp), **payload}
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._check(post_json(self.url, body, {}, self.timeout_s))


def _dingtalk(settings: DingTalkConfig, timeout_s: float) -> DingTalkRobot:
    url = check_url(settings.name, require(settings, "url", "the robot's webhook URL with its access_token"))
    return DingTalkRobot(settings.name, url, settings.secret, timeout_s)


def _feishu(settings: FeishuConfig, timeout_s: float) -> FeishuRobot:
    url = check_url(settings.name, require(settings, "url", "the bot's webhook URL"))
    return FeishuRobot(settings.name, url, settings.secret, timeout_s)


register_sink(DingTalkConfig, _dingtalk)
register_sink(FeishuConfig, _feishu)
