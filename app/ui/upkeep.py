"""Work that keeps the store's promises while the app runs, on its own thread so a slow sink never blocks a take:
deliver confirmed records to the sinks (at once after a confirm, then every minute for retries) and apply the
audio retention policy."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from app.filing import Filing
from app.retention import apply_retention
from records import StoreError
from records.sinks import SinkRejected

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000


class Upkeep(QObject):
    notice = Signal(str)  # something the user must hear about (a delivery that gave up, a sink set up wrongly)

    def __init__(self, filing: Filing) -> None:
        super().__init__()
        self.filing = filing
        self._reported_dead = 0

    @Slot()
    def run(self) -> None:
        self.deliver()
        try:
            gone = apply_retention(self.filing.store, self.filing.settings, self.filing.store.now())
        except (StoreError, OSError) as exc:
            log.warning("audio retention could not run: %s", exc)
            return
        if gone:
            log.info("retention: deleted the audio of %d records", len(gone))

    @Slot()
    def deliver(self) -> None:
        if not self.filing.sink_names:
            return
        try:
            report = self.filing.deliver()
        except SinkRejected as exc:
            self.notice.emit(self.tr("A sink is set up wrongly: {reason}").format(reason=exc))
            return
        except StoreError as exc:
            log.warning("delivery postponed: %s", exc)
            return
        if report is not None and report.dead > self._reported_dead:
            self.notice.emit(self.tr("Deliveries that gave up: {count}; see `saydo outbox --failed`").format(
                count=report.dead))
            self._reported_dead = report.dead
