"""Stored records as files a person or another program reads: CSV (spreadsheets), JSON (programs), Markdown (notes
apps, e-mail) and iCalendar (calendars, via `records.ical`)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from .entities import StoredRecord

ExportFormat = Literal["csv", "json", "md", "ics"]
FORMATS: tuple[str, ...] = ("csv", "json", "md", "ics")

# The envelope first, then every field that occurs in any exported record, in the order first seen.
_ENVELOPE = ("id", "created_at", "status", "intent", "lang", "source", "revision", "transcript")


class ExportError(ValueError):
    pass


def export_records(records: Sequence[StoredRecord], fmt: str) -> bytes:
    """The records in one file's worth of bytes (UTF-8)."""
    if fmt == "csv":
        # The BOM makes Excel read the file as UTF-8; without it Chinese text comes out garbled there.
        return to_csv(records).encode("utf-8-sig")
    if fmt == "json":
        return to_json(records).encode("utf-8")
    if fmt == "md":
        return to_markdown(records).encode("utf-8")
    if fmt == "ics":
        from .ical import records_to_ics  # calendar support pulls in icalendar; only for this format

        return records_to_ics(records)
    raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def cell(value: Any) -> str:
    """A field value as one line of text: lists joined with "; ", nothing for None."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), =cmd|' /C calc'!A0, @SUM(…));
# TAB and CR can hide such a start. OWASP's advice: prefix a single quote, which makes the cell text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-12.5", a refund) is left as it is: a spreadsheet reads it as a number, never a formula.
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def csv_cell(text: str) -> str:
    """`text` made safe to open in a spreadsheet (see `_FORMULA_START`); `csv_text` undoes it. Text that already
    starts with quotes before such a start gets one more, so that undoing it gives back exactly what was written."""
    if text.startswith(_FORMULA_START) and not _NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_text(cell_text: str) -> str:
    """The text `csv_cell` was given, for a CSV that saydo reads back."""
    if cell_text.startswith("'") and cell_text.lstrip("'").startswith(_FORMULA_START):
        return cell_text[1:]
    return cell_text


def to_csv(records: Sequence[StoredRecord]) -> str:
    field_names: dict[str, None] = {}
    for record in records:
        field_names.update(dict.fromkeys(record.fields or {}))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The attachments as a count: a spreadsheet sums and filters it; the names are in the JSON export.
    writer.writerow([csv_cell(name) for name in (*_ENVELOPE, "attachments", *field_names)])
    for record in records:
        fields = record.fields or {}
        values = ([getattr(record, name) for name in _ENVELOPE] + [len(record.attachments)]
                  + [fields.get(f) for f in field_names])
        writer.writerow([csv_cell(cell(value)) for value in values])
    return buffer.getvalue()


def to_json(records: Sequence[StoredRecord]) -> str:
    return json.dumps([_public(record) for record in records], ensure_ascii=False, indent=2) + "\n"


def _public(record: StoredRecord) -> dict[str, Any]:
    data = record.to_dict()
    # The ledger is bookkeeping of model calls; it stays in `saydo records show --json`.
    data.pop("ledger", None)
    return data


def title_of(record: StoredRecord) -> str:
    """A short human title: the client, title, text or merchant, whichever the intent has."""
    fields = record.fields or {}
    for key in ("client", "title", "text", "merchant", "category"):
        if fields.get(key):
            return str(fields[key])
    return record.transcript[:40] or record.id


def to_markdown(records: Sequence[StoredRecord]) -> str:
    parts = [f"# saydo records ({len(records)})\n"]
    for record in records:
        parts.append(f"\n## {record.created_at[:10]} · {record.intent or 'draft'} · {_md(title_of(record))}\n\n")
        parts.append(f"`{record.id}` · {record.status} · revision {record.revision}\n\n")
        if record.fields:
            parts.append("| field | value |\n|---|---|\n")
            for key, value in record.fields.items():
                if value not in (None, [], ""):
                    parts.append(f"| {key} | {_md(cell(value))} |\n")
            parts.append("\n")
        if record.attachments:
            names = ", ".join(f"{a.name} ({a.mime}, {a.size} bytes)" for a in record.attachments)
            parts.append(f"**Attachments ({len(record.attachments)}):** {_md(names)}\n\n")
        if record.error:
            parts.append(f"**Not understood:** {_md(record.error)}\n\n")
        if record.transcript:
            parts.append(f"> {_md(record.transcript)}\n")
    return "".join(parts)


def _md(text: str) -> str:
    # A pipe would end a table cell; a newline would end the table or the quote.
    return text.replace("|", "\\|").replace("\n", " ")
