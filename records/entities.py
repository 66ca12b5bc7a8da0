"""Data that crosses the package boundary. Plain dataclasses: no SQL, no sqlite-utils, no pydantic."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("draft", "confirmed", "discarded")
SOURCES = ("hotkey", "file", "inbox", "cli")
# How far the pipeline got with a record: its audio is stored ("received"), the words are known ("transcribed"),
# or nothing is left to run ("done"). A record left short of "done" by a crash is finished at the next start.
STAGES = ("received", "transcribed", "done")
# What became of the audio behind a record: still on disk, removed after filing, or never written (the user's
# retention choice, DESIGN.md "Private by default").
RETENTIONS = ("kept", "deleted", "not_kept")


@dataclass(frozen=True)
class AudioRef:
    """The recording a record came from. `path` is None when the audio was not kept; the hash still identifies it."""

    path: str | None
    sha256: str
    duration_s: float | None
    # None on the way in means "derive it": kept when there is a path, not_kept otherwise. Always set on the way out.
    retention: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A photo or file attached to a record. The bytes are stored once per content hash, whatever the name and however
    many records hold it; `path` is where (None when the file is gone). `name` is unique among the record's
    attachments, so it names the file in a synced folder and picks it for `records detach`."""

    sha256: str
    name: str
    size: int  # bytes
    mime: str  # the MIME type, from the name's extension or the first bytes
    path: str | None
    revision: int  # the record's revision that attached it
    added_at: str  # ISO 8601, UTC

    def to_json(self) -> dict[str, Any]:
        """What leaves the machine (a webhook, a synced folder's JSON): the identity of the file, never its bytes or
        where it lies on this disk."""
        return {"sha256": self.sha256, "name": self.name, "size": self.size, "mime": self.mime}


@dataclass(frozen=True)
class Provenance:
    """Which models and prompts produced a record, and how long each stage took (seconds)."""

    asr_model: str | None
    llm_model: str | None
    prompt_hash: str | None
    grammar_hash: str | None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerEntry:
    """One model call spent on a record: the cost side of provenance, for `saydo bench` and for the curious user."""

    stage: str
    model_id: str
    prompt_tokens: int
    output_tokens: int
    latency_s: float
    grammar_hash: str | None = None
    # Set by the store when read back (ISO 8601, UTC); ignored on the way in.
    created_at: str | None = None


@dataclass(frozen=True)
class Revision:
    """One entry of a record's append-only history. Revision 1 is the record as first filed."""

    record_id: str
    revision: int
    created_at: str  # ISO 8601, UTC
    intent: str | None
    fields: dict[str, Any] | None
    status: str
    reason: str
    error: str | None
    # The transcript this revision was made from; None on revisions written before transcripts were kept per revision.
    transcript: str | None = None

    @property
    def record(self) -> dict[str, Any] | None:
        return _record(self.intent, self.fields)


@dataclass(frozen=True)
class StoredRecord:
    """A record as filed, with everything stored around it (DESIGN.md, "Stored around it").

    `intent` and `fields` are None for a draft whose transcript could not be parsed; `error` then says why.
    Times are ISO 8601 strings in UTC with microseconds (`2025-03-10T09:00:00.000000+00:00`), exactly as stored:
    they sort as text, print as they are and go into JSON unchanged; `datetime.fromisoformat` reads them.
    """

    id: str
    created_at: str
    updated_at: str
    intent: str | None
    fields: dict[str, Any] | None
    lang: str | None
    transcript: str
    status: str
    source: str
    error: str | None
    revision: int
    stage: str = "done"
    audio: AudioRef | None = None
    provenance: Provenance | None = None
    ledger: list[LedgerEntry] = field(default_factory=list)
    # When the record was marked done (ISO 8601, UTC), or None while it is open (see `Store.mark_done`).
    done_at: str | None = None
    # The transcript as heard, when names in it were corrected from the client book (`transcript` is corrected).
    heard: str | None = None
    # Photos and files attached to it now, in the order they were attached (see `records.attachments`).
    attachments: tuple[Attachment, ...] = ()

    @property
    def record(self) -> dict[str, Any] | None:
        """The record in the shape the parser produced it, `{"intent": ..., "fields": {...}}`, or None."""
        return _record(self.intent, self.fields)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for `saydo records show --json`, exports and sinks: every column, the nested audio,
        provenance, ledger and attachments, and `record` in the parser's shape."""
        data = asdict(self)
        data["record"] = self.record
        return data


def _record(intent: str | None, fields: dict[str, Any] | None) -> dict[str, Any] | None:
    if intent is None:
        return None
    return {"intent": intent, "fields": dict(fields or {})}
