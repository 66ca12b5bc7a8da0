"""The local record store: SQLite via sqlite-utils, FTS5 search, append-only revisions, provenance.

    from records import Store, AudioRef, Provenance, LedgerEntry

    with Store.open(settings.db_path) as store:
        record_id = store.add({"intent": "task", "fields": {...}}, transcript=text, lang="zh", source="hotkey")
        store.confirm(record_id)

Nothing here calls a model or imports the parser: records arrive as plain `{"intent", "fields"}` dicts.
"""

from .entities import RETENTIONS, SOURCES, STAGES, STATUSES, AudioRef, LedgerEntry, Provenance, Revision, StoredRecord
from .errors import AmbiguousRecordId, RecordNotFound, StoreError, StoreLocked
from .outbox import DeliveryReport, Outbox, OutboxItem
from .schema import LATEST_VERSION as SCHEMA_VERSION
from .store import Store

__all__ = [
    "RETENTIONS",
    "SCHEMA_VERSION",
    "SOURCES",
    "STAGES",
    "STATUSES",
    "AmbiguousRecordId",
    "AudioRef",
    "DeliveryReport",
    "LedgerEntry",
    "Outbox",
    "OutboxItem",
    "Provenance",
    "RecordNotFound",
    "Revision",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoredRecord",
]
