"""A client's overview (`records.client_view`) as a file: Markdown to read or mail, CSV for a spreadsheet (one row
per record, formula-safe like every saydo CSV)."""

from __future__ import annotations

import csv
import io

from .client_view import ClientOverview, ClientRecord
from .digest import DigestItem
from .export import _md, cell, csv_cell

FORMATS = ("markdown", "md", "csv")
CSV_COLUMNS = ("when", "intent", "role", "status", "title", "deal_value", "currency", "due", "overdue",
               "attachments", "attachment_names", "id")


class ReportError(ValueError):
    pass


def export_overview(overview: ClientOverview, fmt: str) -> bytes:
    if fmt in ("markdown", "md"):
        return overview_markdown(overview).encode("utf-8")
    if fmt == "csv":
        return overview_csv(overview).encode("utf-8-sig")  # the BOM: Excel reads UTF-8 only with it
    raise ReportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def overview_csv(overview: ClientOverview) -> str:
    due = {item.record.id: item for item in overview.follow_ups}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in overview.records:
        record, fields = entry.record, entry.record.fields or {}
        item = due.get(record.id)
        deal = fields.get("deal_value") if entry.role == "client" else None
        values = (entry.when, record.intent, entry.role, record.status, entry.title, deal,
                  fields.get("currency") if deal is not None else None, item.due if item else None,
                  (item.overdue if item else None), len(record.attachments), [a.name for a in record.attachments],
                  record.id)
        writer.writerow([csv_cell(cell(value)) for value in values])
    return buffer.getvalue()


def overview_markdown(overview: ClientOverview) -> str:
    also = f" (also {', '.join(overview.aliases)})" if overview.aliases else ""
    where = "in the client book" if overview.in_book else "not in the client book"
    parts = [f"# {_md(overview.name)}\n\n", f"{where}{_md(also)} · as of {overview.day}\n"]
    if overview.contacts:
        parts.append("\n## Contacts\n\n")
        for contact in overview.contacts:
            title = f", {contact.title}" if contact.title else ""
            book = "" if contact.in_book else " (not in the book)"
            parts.append(f"- {_md(contact.name + title)}{book}\n")
    if overview.deals:
        parts.append("\n## Deals\n\n| currency | total | visits |\n|---|---:|---:|\n")
        for deal in overview.deals:
            parts.append(f"| {deal.currency or '—'} | {cell(deal.total)} | {deal.visits} |\n")
    parts.append(f"\n**Last visit:** {_line(overview.last_visit) if overview.last_visit else '—'}\n\n")
    following = overview.next_follow_up
    parts.append(f"**Next follow-up:** {_due(following) if following else '—'}\n")
    if overview.follow_ups:
        parts.append("\n## Follow-ups\n\n")
        parts += [f"- {_due(item)}\n" for item in overview.follow_ups]
    parts.append(f"\n## Records ({len(overview.records)})\n\n")
    if overview.records:
        parts.append("| when | intent | how | title | status | files | id |\n|---|---|---|---|---|---:|---|\n")
        for entry in overview.records:
            record = entry.record
            parts.append(f"| {entry.when.replace('T', ' ')} | {record.intent} | {entry.role} | {_md(entry.title)} "
                         f"| {record.status} | {len(record.attachments)} | `{record.id}` |\n")
    if overview.attachments:
        parts.append(f"\n## Attachments ({len(overview.attachments)})\n\n")
        for held in overview.attachments:
            a = held.attachment
            parts.append(f"- {_md(a.name)} ({a.mime}, {a.size} bytes) · `{held.record_id}`\n")
    return "".join(parts)


def _line(entry: ClientRecord) -> str:
    return f"{entry.when.replace('T', ' ')} · {_md(entry.title)} (`{entry.record.id}`)"


def _due(item: DigestItem) -> str:
    overdue = " **overdue**" if item.overdue else ""
    return f"{item.due.replace('T', ' ')}{overdue} · {item.kind} · {_md(item.title)} (`{item.record.id}`)"
