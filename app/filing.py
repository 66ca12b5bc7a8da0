"""What happens when a person decides about a record, the same from the card, the records window and the CLI:
confirm (filed: queued for the sinks, retention applies), discard (kept as a discarded draft; withdrawn from sinks
that had it), edit (a new revision, delivered again), attach files (a new revision, delivered again)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from records import DeliveryReport, Outbox, Store
from records.attachments import Attached
from records.sinks import make_sinks

from .attachments import MB, attach_files
from .retention import audio_due_for_deletion, delete_audio
from .settings import Settings

log = logging.getLogger(__name__)


class Filing:
    def __init__(self, store: Store, settings: Settings, *, attachments_dir: Path | None = None) -> None:
        self.store = store
        self.settings = settings
        # Paths.attachments_dir: the data folder holds the store and, beside it, the attachments.
        self.attachments_dir = attachments_dir or store.path.parent / "attachments"
        self.outbox = Outbox(store, settings.outbox)

    @property
    def sink_names(self) -> list[str]:
        return [sink.name for sink in self.settings.sinks if sink.enabled]

    def confirm(self, record_id: str, *, skip_names: Collection[str] = ()) -> int:
        """File the record; `skip_names` are names it carries that the person kept out of the client book."""
        revision = self.store.confirm(record_id, skip_names=skip_names)
        self.changed(record_id)
        return revision

    def discard(self, record_id: str) -> int:
        revision = self.store.discard(record_id)
        self.changed(record_id)
        return revision

    def edit(self, record_id: str, record: dict[str, Any], reason: str = "edited") -> int:
        revision = self.store.revise(record_id, record, reason)
        self.changed(record_id)
        return revision

    def attach(self, record_id: str, files: Sequence[Path]) -> Attached:
        """Attach files to the record (draft or filed); raises AttachError (none attached) or StoreError."""
        attached = attach_files(self.store, record_id, files, self.attachments_dir,
                                self.settings.attachment_max_mb * MB)
        if attached.added:
            self.changed(record_id)
        return attached

    def changed(self, record_id: str) -> None:
        """Call after anything else changed a record (a replay): the policies catch up."""
        if self.sink_names:
            self.outbox.queue_changes(record_id, self.sink_names)
        row = self.store.get(record_id)
        if audio_due_for_deletion(row, self.settings, self.store.now()):
            delete_audio(self.store, row)

    def due(self) -> int:
        """Deliveries owed to the enabled sinks now (after catching up with the records)."""
        names = self.sink_names
        if not names:
            return 0
        self.outbox.reconcile(names)
        return self.outbox.due_count(names)

    def deliver(self, on_attempt: Callable[[Any], None] | None = None) -> DeliveryReport | None:
        """One delivery pass to every enabled sink; None when no sink is configured. Raises SinkRejected for a sink
        whose settings cannot work (no url, unknown kind), StoreLocked when the bookkeeping cannot be written."""
        sinks = make_sinks(self.settings.sinks, self.settings.outbox.timeout_s)
        if not sinks:
            return None
        try:
            self.outbox.reconcile([sink.name for sink in sinks])
            return self.outbox.deliver_due(sinks, catch_up=False, on_attempt=on_attempt)
        finally:
            for sink in sinks:
                sink.close()
