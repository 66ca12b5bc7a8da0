"""Reminders and timed tasks fire while the app runs; the daily digest shows at the user's digest time.

Nothing is scheduled ahead: every check derives what is due from the store (confirmed, not done, a reminder's
remind_at or a task's due with a clock time), so the schedule survives restarts and follows every edit. Done and
snooze are revisions of the record (`Store.mark_done`, `Filing.edit`), so the sinks see them like any other change.
Record times are local wall times without a zone; they are compared with `now()` read as a local wall time.
The digest names the clients of its follow-ups as buttons that open each one in the records window's Clients tab.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSystemTrayIcon, QVBoxLayout, QWidget

from app.filing import Filing
from records import StoredRecord, StoreError
from records.digest import digest
from records.export import title_of

from .text import plain_label

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 20_000
# At start, what came due while the app was closed is shown as missed, back this far; older open items stay in the
# records window and the digest instead of greeting the user at every start.
MISSED_LOOKBACK = timedelta(days=7)
_TIME_FIELD = {"reminder": "remind_at", "task": "due"}
_MINUTE = "%Y-%m-%dT%H:%M"

# The actions are named by their English button text; a button shows it in the interface language.
DONE = QT_TRANSLATE_NOOP("Reminders", "Done")
SNOOZE_10_MIN = QT_TRANSLATE_NOOP("Reminders", "Snooze 10 min")
SNOOZE_1_H = QT_TRANSLATE_NOOP("Reminders", "Snooze 1 h")
TOMORROW = QT_TRANSLATE_NOOP("Reminders", "Tomorrow 09:00")
ACTIONS = (DONE, SNOOZE_10_MIN, SNOOZE_1_H, TOMORROW)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reminders", text)


@dataclass(frozen=True)
class DueItem:
    record_id: str
    kind: str  # reminder / task
    at: datetime  # local wall time, naive
    text: str


def due_items(records: Sequence[StoredRecord]) -> list[DueItem]:
    """What can fire among these records, soonest first: confirmed, not done, with a clock time. A task due on a
    date only belongs to the digest, not to a notification."""
    items: list[DueItem] = []
    for record in records:
        if record.status != "confirmed" or record.done_at is not None or record.intent not in _TIME_FIELD:
            continue
        value = (record.fields or {}).get(_TIME_FIELD[record.intent])
        if not isinstance(value, str) or "T" not in value:
            continue
        try:
            at = datetime.strptime(value, _MINUTE)
        except ValueError:
            log.warning("record %s has an unreadable time %r; it cannot fire", record.id, value)
            continue
        items.append(DueItem(record.id, record.intent, at, title_of(record)))
    items.sort(key=lambda item: (item.at, item.record_id))
    return items


def already_passed(intent: str | None, fields: dict[str, Any] | None, now: datetime) -> str | None:
    """A warning when a reminder's time or a task's due date (or time) is already behind `now`, the moment the take
    was spoken (in the user's zone); None when it is ahead, or the record has none."""
    field = _TIME_FIELD.get(intent or "")
    value = (fields or {}).get(field) if field else None
    if not isinstance(value, str):
        return None
    local = now.replace(tzinfo=None, second=0, microsecond=0)
    try:
        if "T" in value:
            if datetime.strptime(value, _MINUTE) >= local:
                return None
            warning = (QCoreApplication.translate(
                "Reminders", "⚠ The reminder's time, {at}, has already passed (it is now {now}): it will go off as "
                "soon as it is filed.") if intent == "reminder" else QCoreApplication.translate(
                "Reminders", "⚠ The task's due date, {at}, has already passed (it is now {now}): it will go off as "
                "soon as it is filed."))
        else:
            if date.fromisoformat(value) >= local.date():
                return None
            warning = QCoreApplication.translate(
                "Reminders", "⚠ The task's due date, {at}, has already passed (it is now {now}): it will be overdue "
                "from the start.")
    except ValueError:
        return None  # the form says what is wrong with it
    return warning.format(at=value.replace("T", " "), now=f"{local:%Y-%m-%d %H:%M}")


def snoozed_until(action: str, now: datetime) -> datetime:
    """The new time for a snooze pressed at `now` (local wall time)."""
    if action == SNOOZE_10_MIN:
        return now + timedelta(minutes=10)
    if action == SNOOZE_1_H:
        return now + timedelta(hours=1)
    if action == TOMORROW:
        return datetime.combine(now.date() + timedelta(days=1), time(9, 0))
    raise ValueError(f"not a snooze: {action!r} (expected one of {', '.join(ACTIONS[1:])})")


def parse_digest_time(value: str | None) -> time | None:
    """`settings.ui.digest_time` ("HH:MM", local) as a time; None when off. Raises ValueError, saying why."""
    if value is None or not value.strip():
        return None
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError as exc:
        raise ValueError(QCoreApplication.translate(
            "Reminders", "ui.digest_time '{value}' is not a time HH:MM such as 08:30; no daily digest").format(
            value=value)) from exc


class ReminderPopup(QWidget):
    """A small always-on-top window: a heading and one row per item, each with Done and the snoozes (none for the
    digest, which only lists). A row goes once acted on; the window closes with its last row."""

    acted = Signal(object, str)  # DueItem, action
    client_requested = Signal(str)  # a client's name: show it in the records window's Clients tab

    def __init__(self, kind: str, heading: str, items: Sequence[DueItem], lines: Sequence[str] = (),
                 clients: Sequence[str] = ()) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.kind = kind  # due / missed / digest
        self.setWindowTitle(f"saydo — {heading}")
        # Shown while the user types elsewhere: it must not take the keyboard.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading = plain_label(heading)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.rows: dict[str, QWidget] = {}
        self.buttons: dict[str, dict[str, QPushButton]] = {}
        for item in items:
            row = QWidget(self)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(plain_label(f"{item.at:%Y-%m-%d %H:%M}  {item.text}", row), 1)
            self.buttons[item.record_id] = {}
            for action in ACTIONS:
                button = QPushButton(_tr(action), row)
                button.clicked.connect(lambda _checked=False, i=item, a=action: self._act(i, a))
                row_layout.addWidget(button)
                self.buttons[item.record_id][action] = button
            self.rows[item.record_id] = row
            layout.addWidget(row)
        for line in lines:
            layout.addWidget(plain_label(line, self))
        if clients:  # the digest's follow-ups: each client's overview one click away
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("Clients:"), self))
            for name in clients:
                button = QPushButton(name, self)
                button.setObjectName("client")
                button.setToolTip(self.tr("Show everything about {name}").format(name=name))
                button.clicked.connect(lambda _checked=False, n=name: self.client_requested.emit(n))
                row.addWidget(button)
            row.addStretch()
            layout.addLayout(row)

    def text(self) -> str:
        """Everything the popup says, for the tray message and for tests."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))

    def _act(self, item: DueItem, action: str) -> None:
        row = self.rows.pop(item.record_id, None)
        if row is not None:
            row.hide()
            row.deleteLater()
        self.acted.emit(item, action)
        if not self.rows and self.kind != "digest":
            self.close()


class ReminderScheduler(QObject):
    """Checks every CHECK_INTERVAL_MS (and right after a Done or snooze) what has come due, on the GUI thread: the
    reads are small and the popups must be made here. `now` returns the local wall time (SaydoApp.now)."""

    shown = Signal(object)  # ReminderPopup
    changed = Signal(str)  # record id, after Done or a snooze: deliver it, refresh windows
    notice = Signal(str)  # something went wrong that the user must hear about
    client_requested = Signal(str)  # a client named in the digest, to show in the records window's Clients tab

    def __init__(self, filing: Filing, now: Callable[[], datetime], tray: QSystemTrayIcon | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filing = filing
        self.now = now
        self.tray = tray
        self.popups: list[ReminderPopup] = []
        # An item fires once per session at a given time; a snooze moves the time, so it fires again then, while an
        # edit that keeps the time (a new revision too) does not repeat the notification.
        self._fired: set[tuple[str, datetime]] = set()
        self._digest_day: date | None = None
        self._bad_digest_time: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Show what came due while the app was closed, then check on the timer."""
        now = self._local_now()
        missed: list[DueItem] = []
        for item in self._items():
            if item.at <= now:
                self._fired.add((item.record_id, item.at))
                if item.at > now - MISSED_LOOKBACK:
                    missed.append(item)
        if missed:
            self._show("missed", self.tr("Missed, still open ({count})").format(count=len(missed)), missed)
        self._check_digest(now)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        for popup in list(self.popups):
            popup.close()

    def check(self) -> None:
        now = self._local_now()
        for item in self._items():
            if item.at <= now and (item.record_id, item.at) not in self._fired:
                self._fired.add((item.record_id, item.at))
                self._show("due", self.tr("Reminder") if item.kind == "reminder" else self.tr("Task due"), [item])
        self._check_digest(now)

    def act(self, item: DueItem, action: str) -> None:
        """Done or a snooze, from a popup: a new revision of the record."""
        try:
            record = self.filing.store.get(item.record_id)
            field = _TIME_FIELD.get(record.intent or "")
            if field is None:  # edited into something else since the popup appeared
                self.notice.emit(self.tr("'{text}' is no longer a task or reminder; '{action}' changed nothing").format(
                    text=item.text, action=_tr(action)))
                return
            if action == DONE:
                self.filing.store.mark_done(record.id)
                self.filing.changed(record.id)
            else:
                until = snoozed_until(action, self._local_now()).strftime(_MINUTE)
                fields = {**(record.fields or {}), field: until}
                self.filing.edit(record.id, {"intent": record.intent, "fields": fields},
                                 f"snoozed until {until.replace('T', ' ')}")
        except (StoreError, OSError, ValueError) as exc:
            self.notice.emit(self.tr("Could not apply '{action}' to '{text}': {reason}").format(
                action=_tr(action), text=item.text, reason=exc))
            return
        log.info("record %s: %s", item.record_id, action)
        self.changed.emit(item.record_id)
        self.check()

    def _items(self) -> list[DueItem]:
        store = self.filing.store
        try:
            records = [*store.list(status="confirmed", intent="reminder", limit=None),
                       *store.list(status="confirmed", intent="task", limit=None)]
        except StoreError as exc:
            log.warning("reminders not checked this time: %s", exc)
            return []
        return due_items(records)

    def _local_now(self) -> datetime:
        # Records hold local wall times; `now` is already in the user's zone, so its wall clock is what they mean.
        return self.now().replace(tzinfo=None, second=0, microsecond=0)

    def _check_digest(self, now: datetime) -> None:
        value = self.filing.settings.ui.digest_time
        try:
            at = parse_digest_time(value)
        except ValueError as exc:
            if value != self._bad_digest_time:  # once per bad value, not every check
                self._bad_digest_time = value
                self.notice.emit(str(exc))
            return
        # Once a day, the first check at or after the digest time: a start later that day shows it too.
        if at is None or now.time() < at or self._digest_day == now.date():
            return
        self._digest_day = now.date()
        try:
            items = digest(self.filing.store, now.date()).items
        except StoreError as exc:
            log.warning("no digest today: %s", exc)
            return
        if not items:
            log.info("digest for %s: nothing due", now.date())
            return
        overdue = self.tr("overdue")
        lines = [f"{overdue + ' ' if item.overdue else ''}{item.due.replace('T', ' ')}  {item.title}" for item in items]
        clients = list(dict.fromkeys(item.client for item in items if item.client))
        self._show("digest", self.tr("Today, {day} ({count})").format(day=now.date().isoformat(), count=len(items)),
                   [], lines, clients)

    def _show(self, kind: str, heading: str, items: Sequence[DueItem], lines: Sequence[str] = (),
              clients: Sequence[str] = ()) -> None:
        popup = ReminderPopup(kind, heading, items, lines, clients)
        popup.acted.connect(self.act)
        popup.client_requested.connect(self.client_requested)
        popup.destroyed.connect(lambda _obj=None, p=popup: self.popups.remove(p) if p in self.popups else None)
        self.popups.append(popup)
        popup.show()
        popup.raise_()
        if self.tray is not None:
            body = "\n".join([*(f"{item.at:%H:%M} {item.text}" for item in items), *lines])
            self.tray.showMessage(f"saydo — {heading}", body, QSystemTrayIcon.MessageIcon.Information)
        log.info("%s: %s", heading, ", ".join(item.record_id for item in items) or f"{len(lines)} items")
        self.shown.emit(popup)
