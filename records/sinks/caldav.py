"""A CalDAV calendar as a sink (Nextcloud, Radicale, Fastmail, iCloud…): meetings, dated tasks, reminders and client
follow-ups appear in the user's calendar apps.

Settings: `url` is the calendar collection (e.g. https://cloud.example.com/remote.php/dav/calendars/me/saydo/),
`username` and `password` its login. Each record is one calendar resource named `<record id>.ics` whose UID is the
record id, so an upsert is a PUT that overwrites the previous revision (delivering a revision twice leaves one
item), and a discard is a DELETE. A record with no calendar meaning (an expense, an undated task) has nothing in
the calendar; if an edit took its date away, what an earlier revision put there is removed.

A password is only sent over https: CalDAV's Basic authentication puts it in every request in the clear.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from ..ical import record_to_ics
from .base import QT_TRANSLATE_NOOP, Delivery, SettingField, SinkConfig, SinkError, SinkRejected, require
from .registry import register_sink

log = logging.getLogger(__name__)

# Answers that will not change by retrying: the request or the settings are wrong.
_PERMANENT = range(400, 500)
_TRANSIENT_4XX = (408, 423, 429)


class CalDavConfig(SinkConfig):
    kind: Literal["caldav"] = "caldav"
    url: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "URL"), "url", required=True)] = None
    username: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "User"), "text")] = None
    password: Annotated[str | None, SettingField(QT_TRANSLATE_NOOP("SinkConfig", "Password"), "password",
                                                 secret=True)] = None


class CalDavSink:
    # caldav is imported where it is used: settings that merely name this sink must not load it at every start.
    def __init__(self, name: str, url: str, username: str | None, password: str | None, timeout_s: float) -> None:
        import caldav

        self.name = name
        self._url = url if url.endswith("/") else url + "/"
        self._client = caldav.DAVClient(url=self._url, username=username, password=password,
                                        timeout=max(1, round(timeout_s)))
        self._calendar = self._client.calendar(url=self._url)

    def deliver(self, delivery: Delivery) -> None:
        import caldav

        ics = None
        if delivery.action == "upsert" and delivery.status != "discarded":
            ics = record_to_ics(delivery.record_id, delivery.intent, delivery.fields, revision=delivery.revision,
                                transcript=delivery.transcript, lang=delivery.lang,
                                created_at=delivery.created_at, updated_at=delivery.updated_at)
        resource = caldav.CalendarObjectResource(client=self._client, url=self._resource_url(delivery.record_id),
                                                 data=ics.decode("utf-8") if ics else None, parent=self._calendar)
        if ics is None:
            self._call("delete", delivery, resource.delete)
        else:
            # Our SEQUENCE is the record's revision; the library would otherwise bump it on every save.
            self._call("save", delivery, lambda: resource.save(increase_seqno=False))

    def close(self) -> None:
        self._client.close()

    def _resource_url(self, record_id: str) -> Any:
        return self._calendar.url.join(f"{record_id}.ics")

    def _call(self, what: str, delivery: Delivery, action: Any) -> None:
        from caldav.lib import error as dav_error

        where = f"CalDAV sink {self.name!r} ({self._url})"
        try:
            action()
        except dav_error.NotFoundError:
            if what == "delete":
                return  # already gone: deleting twice is deleting once
            raise SinkRejected(f"{where}: no calendar at that address; create it or fix `url`") from None
        except dav_error.AuthorizationError as exc:
            raise SinkRejected(f"{where}: the server refused the login ({exc.status or exc.reason}); "
                               "check `username` and `password`") from exc
        except dav_error.DAVError as exc:
            status = exc.status
            if status in _PERMANENT and status not in _TRANSIENT_4XX:
                raise SinkRejected(f"{where}: could not {what} record {delivery.record_id}: HTTP {status} "
                                   f"({exc.reason}); is `url` a calendar collection?") from exc
            raise SinkError(f"{where}: could not {what} record {delivery.record_id}: {exc}") from exc
        except OSError as exc:  # connection refused, timeout, DNS: the network may come back
            raise SinkError(f"{where}: could not reach the server: {exc}") from exc
        log.info("CalDAV sink %s: %s record %s revision %d", self.name, what, delivery.record_id,
                    delivery.revision)


# Plain http is allowed to this machine only: nothing on the network can read a loopback connection (the tests'
# and a local Radicale run there).
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _factory(settings: CalDavConfig, timeout_s: float) -> CalDavSink:
    url = require(settings, "url", "the calendar collection's address")
    parts = urlsplit(url)
    if parts.scheme == "http" and settings.password and parts.hostname not in _LOOPBACK:
        raise SinkRejected(f"sink {settings.name!r}: refusing to send the CalDAV password unencrypted to "
                           f"{parts.hostname} over http://; use the calendar's https:// address")
    return CalDavSink(settings.name, url, settings.username, settings.password, timeout_s)


register_sink(CalDavConfig, _factory)
