"""The CalDAV sink against a real Radicale server on 127.0.0.1 (htpasswd login), through `deliver()` directly."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import uuid4

import caldav
import icalendar
import pytest

from records.sinks import Delivery, SinkError, SinkRejected, make_sink
from records.sinks.caldav import CalDavConfig, CalDavSink

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

USER, PASSWORD = "alice", "s3cret"


class RadicaleServer:
    """`python -m radicale` in a temp folder, on a free port, until `stop()`."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        users = root / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._log = (root / "radicale.log").open("wb")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{self.port}",
             "--storage-filesystem-folder", str(root / "collections"), "--auth-type", "htpasswd",
             "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain",
             "--logging-level", "warning"],
            stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"radicale did not start; see {root / 'radicale.log'}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@pytest.fixture
def client(radicale: RadicaleServer) -> Iterator[caldav.DAVClient]:
    with caldav.DAVClient(url=radicale.url, username=USER, password=PASSWORD, timeout=10) as dav:
        yield dav


@pytest.fixture
def calendar(client: caldav.DAVClient) -> caldav.Calendar:
    """A fresh calendar per test, made with the caldav library as a user would in their calendar app."""
    return client.principal().make_calendar(name="saydo", cal_id=f"saydo-{uuid4().hex[:8]}")


@pytest.fixture
def sink(calendar: caldav.Calendar) -> Iterator[CalDavSink]:
    opened = CalDavSink("calendar", str(calendar.url), USER, PASSWORD, timeout_s=10)
    yield opened
    opened.close()


RECORD_ID = "01JQ7Z8X9Y0ABCDEFGHJKMNPQR"


def delivery(intent: str | None = "meeting", fields: dict[str, Any] | None = None, *, revision: int = 1,
             action: str = "upsert", record_id: str = RECORD_ID) -> Delivery:
    return Delivery(
        record_id=record_id, revision=revision, action=action, intent=intent,  # type: ignore[arg-type]
        fields=fields if fields is not None else {"title": "周会", "starts_at": "2026-11-24T10:00", "duration_min": 45,
                                                  "attendees": ["王总", "Bob"], "location": "3号会议室"},
        transcript="明天上午十点开周会", lang="zh", status="confirmed",
        created_at="2026-11-23T02:00:00.000000+00:00", updated_at=f"2026-11-23T02:0{revision}:00.000000+00:00",
    )


def components(calendar: caldav.Calendar) -> list[icalendar.cal.Component]:
    found = []
    for item in calendar.objects(load_objects=True):
        if item.data is None:
            continue  # the sync report lists members deleted since the calendar was made, without data
        parsed = icalendar.Calendar.from_ical(item.data)
        found.extend(c for c in parsed.walk() if c.name in ("VEVENT", "VTODO"))
    return found


def test_a_meeting_becomes_one_event_with_the_record_id_as_uid(sink: CalDavSink, calendar: caldav.Calendar) -> None:
    sink.deliver(delivery())
    [event] = components(calendar)
    assert event.name == "VEVENT"
    assert str(event["uid"]) == RECORD_ID
    assert str(event["summary"]) == "周会"
    assert event.decoded("dtstart").isoformat() == "2026-11-24T10:00:00"
    assert event.decoded("duration").total_seconds() == 45 * 60
    assert str(event["location"]) == "3号会议室"
    assert [a.params["CN"] for a in event["attendee"]] == ["王总", "Bob"]


def test_the_same_revision_twice_leaves_one_event(sink: CalDavSink, calendar: caldav.Calendar) -> None:
    sink.deliver(delivery())
    sink.deliver(delivery())
    assert len(components(calendar)) == 1


def test_an_edit_updates_the_event_in_place(sink: CalDavSink, calendar: caldav.Calendar) -> None:
    sink.deliver(delivery())
    edited = {"title": "周会（改到下午）", "starts_at": "2026-11-24T15:00", "duration_min": None, "attendees": [],
              "location": None}
    sink.deliver(delivery(fields=edited, revision=2))
    [event] = components(calendar)
    assert str(event["summary"]) == "周会（改到下午）"
    assert event.decoded("dtstart").isoformat() == "2026-11-24T15:00:00"
    assert event["sequence"] == 1
    assert "location" not in event


def test_a_discard_deletes_the_event_and_a_second_delete_is_harmless(sink: CalDavSink, calendar: caldav.Calendar,
                                                                     client: caldav.DAVClient) -> None:
    sink.deliver(delivery())
    sink.deliver(delivery(revision=2, action="delete"))
    assert components(calendar) == []
    sink.deliver(delivery(revision=2, action="delete"))
    assert components(calendar) == []
    assert client.request(f"{calendar.url}{RECORD_ID}.ics").status == 404


def test_a_discarded_status_on_an_upsert_also_removes_the_event(sink: CalDavSink, calendar: caldav.Calendar) -> None:
    sink.deliver(delivery())
    sink.deliver(replace(delivery(revision=2), status="discarded"))
    assert components(calendar) == []


def test_records_without_calendar_meaning_put_nothing_there(sink: CalDavSink, calendar: caldav.Calendar) -> None:
    sink.deliver(delivery("expense", {"amount": 128.0, "currency": "CNY", "category": "meals", "merchant": None,
                                      "spent_on": "2026-11-23"}, record_id="01JQ7Z8X9Y0ABCDEFGHJKMNPQ1"))
    sink.deliver(delivery("task", {"title": "整理报表", "assignee": None, "due": None, "priority": "normal"},
                          record_id="01JQ7Z8X9Y0ABCDEFGHJKMNPQ2"))
    assert components(calendar) == []


def test_an_edit_that_removes_the_date_removes_the_calendar_item(sink: CalDavSink,
                                                                 calendar: caldav.Calendar) -> None:
    sink.deliver(delivery("task", {"title": "发合同", "assignee": None, "due": "2026-11-27", "priority": "high"}))
    assert [c.name for c in components(calendar)] == ["VTODO"]
    sink.deliver(delivery("task", {"title": "发合同", "assignee": None, "due": None, "priority": "high"}, revision=2))
    assert components(calendar) == []


def test_tasks_reminders_and_follow_ups_arrive_as_their_components(sink: CalDavSink,
                                                                   calendar: caldav.Calendar) -> None:
    sink.deliver(delivery("task", {"title": "发合同", "assignee": "小王", "due": "2026-11-27", "priority": "high"},
                          record_id="01JQ7Z8X9Y0ABCDEFGHJKMNPQ3"))
    sink.deliver(delivery("reminder", {"text": "给刘总打电话", "remind_at": "2026-11-24T10:00"},
                          record_id="01JQ7Z8X9Y0ABCDEFGHJKMNPQ4"))
    sink.deliver(delivery("visit_note", {"client": "华信科技", "contacts": ["陈总"], "visited_on": "2026-11-23",
                                         "summary": "对报价满意", "next_steps": ["发合同"],
                                         "follow_up_on": "2026-12-02", "deal_value": None, "currency": None},
                          record_id="01JQ7Z8X9Y0ABCDEFGHJKMNPQ5"))
    by_uid = {str(c["uid"]): c for c in components(calendar)}
    task = by_uid["01JQ7Z8X9Y0ABCDEFGHJKMNPQ3"]
    assert task.name == "VTODO" and task.decoded("due").isoformat() == "2026-11-27" and task["priority"] == 1
    reminder = by_uid["01JQ7Z8X9Y0ABCDEFGHJKMNPQ4"]
    [alarm] = reminder.subcomponents
    assert reminder.name == "VEVENT" and alarm.name == "VALARM"
    assert reminder.decoded("dtstart").isoformat() == "2026-11-24T10:00:00"
    assert alarm.decoded("trigger").total_seconds() == 0
    follow_up = by_uid["01JQ7Z8X9Y0ABCDEFGHJKMNPQ5"]
    assert follow_up.name == "VTODO" and str(follow_up["summary"]) == "跟进华信科技"
    assert follow_up.decoded("due").isoformat() == "2026-12-02"


def test_a_wrong_password_is_rejected_with_a_clear_message(calendar: caldav.Calendar) -> None:
    wrong = CalDavSink("calendar", str(calendar.url), USER, "wrong", timeout_s=10)
    with pytest.raises(SinkRejected, match="refused the login"):
        wrong.deliver(delivery())
    wrong.close()


def test_a_missing_calendar_is_rejected(radicale: RadicaleServer) -> None:
    missing = CalDavSink("calendar", f"{radicale.url}{USER}/no-such-calendar/", USER, PASSWORD, timeout_s=10)
    with pytest.raises(SinkRejected, match="calendar collection"):
        missing.deliver(delivery())
    missing.close()


def test_an_unreachable_server_is_a_transient_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    down = CalDavSink("calendar", f"http://127.0.0.1:{port}/{USER}/saydo/", USER, PASSWORD, timeout_s=2)
    with pytest.raises(SinkError) as raised:
        down.deliver(delivery())
    assert not isinstance(raised.value, SinkRejected)
    down.close()


def test_settings_build_the_sink_and_a_missing_url_is_named(calendar: caldav.Calendar) -> None:
    settings = CalDavConfig(name="cal", url=str(calendar.url), username=USER, password=PASSWORD)
    built = make_sink(settings, 10.0)
    built.deliver(delivery())
    assert len(components(calendar)) == 1
    built.close()
    with pytest.raises(SinkRejected, match="needs `url`"):
        make_sink(CalDavConfig(name="cal"), 10.0)


@pytest.mark.parametrize("url", ["http://cal.example.com/dav/alice/saydo/", "http://192.168.1.20:5232/alice/saydo/"])
def test_a_password_over_plain_http_is_refused_before_any_request(url: str) -> None:
    settings = CalDavConfig(name="cal", url=url, username=USER, password=PASSWORD)
    with pytest.raises(SinkRejected, match="refusing to send the CalDAV password unencrypted to .* over http://; "
                                           "use the calendar's https:// address"):
        make_sink(settings, 10.0)


@pytest.mark.parametrize("host", ["localhost", "[::1]"])
def test_plain_http_to_this_machine_is_allowed(host: str) -> None:
    settings = CalDavConfig(name="cal", url=f"http://{host}:5232/{USER}/saydo/", username=USER,
                            password=PASSWORD)
    make_sink(settings, 10.0).close()
