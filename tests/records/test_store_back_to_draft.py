"""Back to draft (the Undo after filing): a revision of the record, and the sinks that had it give it up."""

from __future__ import annotations

from pathlib import Path

from records import Store
from records.outbox import Outbox
from records.sinks.folder import FolderSink
from tests.servers.fixtures import T0, TASK, file_confirmed, outbox  # noqa: F401


def test_a_confirmed_record_goes_back_to_draft_as_a_new_revision(store: Store) -> None:
    record_id = file_confirmed(store)
    assert store.back_to_draft(record_id) == 3
    row = store.get(record_id)
    assert (row.status, row.record, row.revision) == ("draft", TASK, 3)
    assert [(r.status, r.reason) for r in store.revisions(record_id)] == [
        ("draft", "created"), ("confirmed", "confirmed"), ("draft", "draft")]
    assert store.back_to_draft(record_id) == 3  # already a draft: nothing written
    assert store.confirm(record_id) == 4  # and it can be filed again


def test_a_discarded_record_goes_back_to_draft(store: Store) -> None:
    record_id = store.add(TASK, transcript="x", lang="zh", source="hotkey")
    store.discard(record_id)
    store.back_to_draft(record_id)
    assert store.get(record_id).status == "draft"


def test_a_delivered_record_put_back_to_draft_is_withdrawn_downstream(store: Store, outbox: Outbox,
                                                                      tmp_path: Path) -> None:
    folder = FolderSink("vault", tmp_path / "vault")
    record_id = file_confirmed(store)
    outbox.deliver_due([folder], T0)
    assert list(folder.path.glob(f"*{record_id}*"))
    store.back_to_draft(record_id)
    assert outbox.queue_changes(record_id, ["vault"], T0) == 0  # a draft is nothing to deliver...
    outbox.reconcile(["vault"], T0)  # ...but what the sink already has is taken back
    outbox.deliver_due([folder], T0)
    assert list(folder.path.iterdir()) == []
