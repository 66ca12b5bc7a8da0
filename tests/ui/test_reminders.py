"""Reminders and timed tasks fire in the running app at their time, on a clock the test moves; Done and snooze are
revisions; a restart schedules again; what came due while the app was closed shows as missed; the digest shows once a
day. No model is loaded: the app is built as in test_app_no_models and only the scheduler is started."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from app.ui.application import SaydoApp
from app.ui.reminders import DONE, SNOOZE_10_MIN, TOMORROW, ReminderPopup
from records import Store
from records.digest import digest

ZONE = ZoneInfo("Asia/Shanghai")


class WallClock:
    """The app's `now`: a local wall time in the settings' zone that the test sets."""

    def __init__(self, at: str) -> None:
        self.set(at)

    def set(self, at: str) -> None:
        self.at = datetime.fromisoformat(at).replace(tzinfo=ZONE)

    def __call__(self) -> datetime:
        return self.at


class Running:
    def __init__(self, app: SaydoApp, clock: WallClock) -> None:
        self.app = app
        self.clock = clock
        self.shown: list[ReminderPopup] = []
        self.notices: list[str] = []
        app.reminders.shown.connect(self.shown.append)
        app.notice.connect(self.notices.append)

    def at(self, when: str) -> list[ReminderPopup]:
        """Move the clock, let the scheduler check, and return the popups that check showed."""
        before = len(self.shown)
        self.clock.set(when)
        self.app.reminders.check()
        return self.shown[before:]


Make = Callable[..., Running]


@pytest.fixture
def make(qtbot, home) -> Iterator[Make]:
    settings, paths = home
    settings.timezone = "Asia/Shanghai"
    apps: list[SaydoApp] = []

    def make(at: str, digest_time: str | None = None) -> Running:
        settings.ui.digest_time = digest_time
        app = SaydoApp(settings, paths, now=(clock := WallClock(at)), use_tray=False)
        apps.append(app)
        running = Running(app, clock)
        app.reminders.start()
        return running

    yield make
    for app in apps:
        app.shutdown()


def remind(store: Store, text: str, at: str, status: str = "confirmed") -> str:
    return store.add({"intent": "reminder", "fields": {"text": text, "remind_at": at}}, transcript=text, lang="en",
                     source="cli", status=status)


def task(store: Store, title: str, due: str) -> str:
    return store.add({"intent": "task", "fields": {"title": title, "assignee": None, "due": due,
                                                   "priority": "normal"}},
                     transcript=title, lang="en", source="cli", status="confirmed")


def click(qtbot, popup: ReminderPopup, record_id: str, action: str) -> None:
    qtbot.mouseClick(popup.buttons[record_id][action], Qt.MouseButton.LeftButton)


def test_a_reminder_fires_at_its_time_snooze_fires_again_and_done_ends_it(qtbot, make: Make, store: Store) -> None:
    record_id = remind(store, "Send the invoice", "2026-11-24T10:00")
    run = make("2026-11-24T09:59")
    assert run.shown == [] and run.at("2026-11-24T09:59") == []
    assert run.app.reminders.timer.isActive()

    # The real timer does the check once the time has come.
    run.app.reminders.timer.setInterval(10)
    run.clock.set("2026-11-24T10:00")
    with qtbot.waitSignal(run.app.reminders.shown, timeout=5000) as fired:
        pass
    run.app.reminders.timer.stop()
    popup = fired.args[0]
    assert popup.kind == "due" and popup.isVisible() and "Send the invoice" in popup.text()
    assert run.at("2026-11-24T10:00") == []  # once, not at every check

    click(qtbot, popup, record_id, SNOOZE_10_MIN)
    snoozed = store.get(record_id)
    assert snoozed.fields["remind_at"] == "2026-11-24T10:10" and snoozed.done_at is None
    assert store.revisions(record_id)[-1].reason == "snoozed until 2026-11-24 10:10"
    assert run.at("2026-11-24T10:09") == []
    [again] = run.at("2026-11-24T10:10")
    assert again.kind == "due" and "Send the invoice" in again.text()

    click(qtbot, again, record_id, DONE)
    done = store.get(record_id)
    assert done.done_at is not None and store.revisions(record_id)[-1].reason == "done"
    assert run.at("2026-11-24T12:00") == []
    assert digest(store, date(2026, 11, 24)).items == []
    assert run.notices == []


def test_a_restart_schedules_again_and_what_came_due_while_closed_is_shown_as_missed(
        qtbot, make: Make, store: Store) -> None:
    reminder = remind(store, "Call Mr Liu", "2026-11-24T10:00")
    timed = task(store, "Send the contract", "2026-11-24T10:30")
    remind(store, "A draft never fires", "2026-11-24T10:00", status="draft")
    remind(store, "Long ago", "2026-11-01T10:00")

    first = make("2026-11-24T09:00")
    assert first.shown == []
    first.app.shutdown()

    second = make("2026-11-24T09:30")  # a new app on the same store
    assert second.shown == []
    [fired] = second.at("2026-11-24T10:00")
    assert "Call Mr Liu" in fired.text() and "Send the contract" not in fired.text()
    second.app.shutdown()

    third = make("2026-11-24T11:00")
    [missed] = third.shown
    assert missed.kind == "missed" and missed.isVisible()
    assert set(missed.rows) == {reminder, timed}
    assert "Call Mr Liu" in missed.text() and "Send the contract" in missed.text()
    assert "Long ago" not in missed.text() and "A draft" not in missed.text()
    assert third.at("2026-11-24T11:01") == []  # shown together, not fired again one by one

    click(qtbot, missed, timed, TOMORROW)
    assert store.get(timed).fields["due"] == "2026-11-25T09:00"
    assert missed.isVisible() and set(missed.rows) == {reminder}  # the rest of the list stays
    [tomorrow] = third.at("2026-11-25T09:00")
    assert "Send the contract" in tomorrow.text()


def test_a_task_with_a_clock_time_fires_and_a_date_only_task_does_not(qtbot, make: Make, store: Store) -> None:
    timed = task(store, "Ship the samples", "2026-11-23T15:00")
    task(store, "Review the contract", "2026-11-23")
    run = make("2026-11-23T14:00")
    [fired] = run.at("2026-11-23T15:00")
    assert set(fired.rows) == {timed} and "Ship the samples" in fired.text()
    assert run.at("2026-11-23T23:59") == []
    # The date-only task belongs to the digest.
    assert [item.title for item in digest(store, date(2026, 11, 23)).items] == ["Review the contract",
                                                                                  "Ship the samples"]


def test_the_digest_shows_once_a_day_at_the_digest_time(qtbot, make: Make, store: Store) -> None:
    task(store, "Review the contract", "2026-11-23")
    run = make("2026-11-23T08:29", digest_time="08:30")
    assert run.shown == []
    [today] = run.at("2026-11-23T08:30")
    assert today.kind == "digest" and "Review the contract" in today.text() and "2026-11-23" in today.text()
    assert run.at("2026-11-23T12:00") == []
    [tomorrow] = run.at("2026-11-24T08:31")
    assert "overdue" in tomorrow.text() and "Review the contract" in tomorrow.text()


def test_a_start_after_the_digest_time_shows_the_digest_and_a_bad_time_is_a_clear_notice(
        qtbot, make: Make, store: Store) -> None:
    task(store, "Review the contract", "2026-11-23")
    late = make("2026-11-23T10:00", digest_time="08:30")
    assert [popup.kind for popup in late.shown] == ["digest"]
    late.app.shutdown()

    record_id = remind(store, "Send the invoice", "2026-11-23T11:00")
    bad = make("2026-11-23T10:00", digest_time="8.30am")
    assert bad.shown == []
    assert bad.at("2026-11-23T10:30") == []
    assert bad.notices == ["ui.digest_time '8.30am' is not a time HH:MM such as 08:30; no daily digest"]
    [fired] = bad.at("2026-11-23T11:00")  # reminders go on regardless
    assert set(fired.rows) == {record_id}


def test_acting_on_a_record_edited_meanwhile_is_a_clear_notice_and_changes_nothing(
        qtbot, make: Make, store: Store) -> None:
    record_id = remind(store, "Send the invoice", "2026-11-24T10:00")
    run = make("2026-11-24T09:00")
    [popup] = run.at("2026-11-24T10:00")
    run.app.filing.edit(record_id, {"intent": "note", "fields": {"text": "Invoice sent already"}})
    click(qtbot, popup, record_id, SNOOZE_10_MIN)
    assert run.notices == ["'Send the invoice' is no longer a task or reminder; 'Snooze 10 min' changed nothing"]
    assert store.get(record_id).record == {"intent": "note", "fields": {"text": "Invoice sent already"}}
    assert [r.reason for r in store.revisions(record_id)] == ["created", "edited"]
