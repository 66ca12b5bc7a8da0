"""The local record store: SQLite via sqlite-utils, FTS5 search, append-only revisions, provenance.

    from records import Store, AudioRef, Provenance, LedgerEntry

    with Store.open(settings.db_path) as store:
        record_id = store.add({"intent": "task", "fields": {...}}, transcript=text, lang="zh", source="hotkey")
        store.confirm(record_id)

The client book (`ClientBook`) lives in the same store: clients and people the user names, learned from confirmed
records and imported from client files (`records.client_files`), fed to speech recognition as hotwords.
`records.client_view.client_overview` gathers everything about one client; `records.attachments` the files a record
holds.

Nothing here calls a model or imports the parser: records arrive as plain `{"intent", "fields"}` dicts.
"""

from .client_files import ClientFile, ClientFileError, read_client_file, write_client_csv
from .clients import (
    AmbiguousName,
    Book,
    BookChanges,
    BookError,
    BookRow,
    Client,
    ClientBook,
    Contact,
    Entry,
    Named,
    NotInBook,
    Person,
    Removed,
    RowProblem,
)
from .entities import (
    RETENTIONS,
    SOURCES,
    STAGES,
    STATUSES,
    Attachment,
    AudioRef,
    LedgerEntry,
    Provenance,
    Revision,
    StoredRecord,
)
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
    "AmbiguousName",
    "AmbiguousRecordId",
    "Attachment",
    "AudioRef",
    "Book",
    "BookChanges",
    "BookError",
    "BookRow",
    "Client",
    "ClientBook",
    "ClientFile",
    "ClientFileError",
    "Contact",
    "DeliveryReport",
    "Entry",
    "LedgerEntry",
    "Named",
    "NotInBook",
    "Outbox",
    "OutboxItem",
    "Person",
    "Provenance",
    "RecordNotFound",
    "Removed",
    "Revision",
    "RowProblem",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoredRecord",
    "read_client_file",
    "write_client_csv",
]
