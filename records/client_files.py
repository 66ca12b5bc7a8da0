"""Client files in and out: the tables and address books a small firm already keeps its clients in.

CSV (UTF-8, with or without the BOM Excel writes) and XLSX (the first sheet) share one header: `client,contacts`,
and optionally `aliases` and `title`. Contacts and aliases are split by ';' (or the full-width '；'); `title` is one
title for every contact of the row, or one per contact in the same order ("经理;;总监" leaves the second without).
A vCard file (.vcf) holds people: FN is the person, ORG their company, TITLE their title, NICKNAME their aliases.

A row that cannot be read is reported with its line and skipped; a file that cannot be read at all (missing, wrong
header, unknown extension, corrupt) raises `ClientFileError`. Whether a name is acceptable is the book's to say
(`ClientBook.import_rows`), so both kinds of problem end up in one list with their lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .clients import BookRow, Contact, RowProblem
from .export import csv_cell, csv_text

REQUIRED_COLUMNS = ("client", "contacts")
OPTIONAL_COLUMNS = ("aliases", "title")
HEADER = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".vcf": "vcard", ".vcard": "vcard"}
_SPLIT = re.compile("[;；]")


class ClientFileError(ValueError):
    """The file as a whole cannot be read; the message names the file and says what to do."""


class _BadRow(ValueError):
    """One row cannot be read; the message is the reason shown next to its line."""


@dataclass
class ClientFile:
    """What a client file holds: the rows that could be read, and the lines that could not (with why)."""

    rows: list[BookRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_client_file(path: Path | str) -> ClientFile:
    """Read a CSV, XLSX or vCard client file, chosen by its extension."""
    path = Path(path)
    _check_file(path)
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise ClientFileError(f"{path.name}: unknown kind of file ({path.suffix or 'no extension'}); "
                              f"client files are {known} (save a spreadsheet as .xlsx or CSV UTF-8)")
    if kind == "xlsx":
        return _from_table(_xlsx_rows(path), path)
    text = _text(path)
    if kind == "vcard":
        return _from_vcards(text, path)
    return _from_table(_csv_rows(text, path), path)


def write_client_csv(rows: Iterable[BookRow]) -> bytes:
    """Rows as a CSV client file that `read_client_file` reads back. Rows with no client (people with no company)
    have no place in this header and are left out; so are people's aliases."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        if row.client is None:
            continue
        titles = [contact.title or "" for contact in row.contacts]
        cells = [row.client, ";".join(c.name for c in row.contacts), ";".join(row.client_aliases),
                 ";".join(titles) if any(titles) else ""]
        writer.writerow([csv_cell(text) for text in cells])
    # The BOM makes Excel read the file as UTF-8; without it Chinese names come out garbled there.
    return buffer.getvalue().encode("utf-8-sig")


# --- files ------------------------------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise ClientFileError(f"{path} is a folder, not a client file")
    if not path.exists():
        raise ClientFileError(f"{path}: no such file")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ClientFileError(f"cannot read {path}: {error.strerror or error}") from error


def _text(path: Path) -> str:
    data = _read_bytes(path)
    try:
        # utf-8-sig drops the BOM that Excel's "CSV UTF-8" puts first, and reads files without one unchanged.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ClientFileError(
            f"{path.name} is not UTF-8 text (byte {error.start + 1} cannot be read); save it as CSV UTF-8"
        ) from error


# --- tables: CSV and XLSX ---------------------------------------------------------------------------------------------


def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            yield line, [csv_text(text) for text in cells]  # a saydo export quotes what a spreadsheet would run
            line = reader.line_num + 1
    except csv.Error as error:
        # `line` is where the row that broke begins: an unclosed quote shows up only where the reader gives up.
        raise ClientFileError(f"{path.name} is not a readable CSV file (the row at line {line}: {error})") from error


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for the first sheet's rows."""
    import openpyxl  # only for spreadsheets

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a damaged or foreign file
        raise ClientFileError(
            f"{path.name} is not a readable XLSX workbook ({type(error).__name__}: {error})"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [(number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)]
    except Exception as error:
        raise ClientFileError(
            f"{path.name}: its first sheet cannot be read ({type(error).__name__}: {error})"
        ) from error
    finally:
        workbook.close()
    yield from rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed in a name cell, not 12.0
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _from_table(rows: Iterable[tuple[int, list[str]]], path: Path) -> ClientFile:
    result = ClientFile()
    columns: dict[str, int] | None = None
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and empty spreadsheet rows
        if columns is None:
            columns = _columns(cells, path)
            continue
        try:
            result.rows.append(_table_row(line, cells, columns))
        except _BadRow as bad:
            result.problems.append(RowProblem(line, str(bad)))
    if columns is None:
        raise ClientFileError(
            f"{path.name} is empty; a client file starts with the header {','.join(REQUIRED_COLUMNS)}"
        )
    return result


def _columns(cells: Sequence[str], path: Path) -> dict[str, int]:
    """Column name → index, from the header row. Raises ClientFileError for a header this is not."""
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()  # spreadsheets often carry empty cells after the last heading
    expected = f"the header is {','.join(REQUIRED_COLUMNS)}, optionally with {' and '.join(OPTIONAL_COLUMNS)}"
    unknown = [name or "(empty)" for name in names if name not in HEADER]
    if unknown:
        shown = ", ".join(map(repr, unknown))
        raise ClientFileError(f"{path.name}: unknown column {shown} in the first row; {expected}")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        shown = " or ".join(map(repr, missing))
        raise ClientFileError(f"{path.name}: no {shown} column in the first row; {expected}")
    if len(set(names)) != len(names):
        raise ClientFileError(f"{path.name}: a column appears twice in the first row; {expected}")
    return {name: index for index, name in enumerate(names)}


def _table_row(line: int, cells: Sequence[str], columns: dict[str, int]) -> BookRow:
    extra = [cell for cell in cells[len(columns):] if cell.strip()]
    if extra:
        raise _BadRow(f"{len(columns) + len(extra)} values but the header has {len(columns)} columns")

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    client = cell("client")
    if not client:
        raise _BadRow("client is empty")
    names = _split(cell("contacts"))
    titles = _titles(cell("title"), len(names))
    contacts = tuple(Contact(name, title) for name, title in zip(names, titles, strict=True))
    return BookRow(line, client, tuple(_split(cell("aliases"))), contacts)


def _split(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


def _titles(text: str, contacts: int) -> list[str | None]:
    """One title per contact: the same for all, or given one by one in the contacts' order."""
    if not text:
        return [None] * contacts
    if not contacts:
        raise _BadRow("a title but no contacts")
    titles = [part.strip() or None for part in _SPLIT.split(text)]
    if len(titles) == 1:
        return titles * contacts
    if len(titles) != contacts:
        raise _BadRow(f"{len(titles)} titles for {contacts} contacts (give one title, or one per contact)")
    return titles


# --- vCard ------------------------------------------------------------------------------------------------------------


def _from_vcards(text: str, path: Path) -> ClientFile:
    result = ClientFile()
    cards = 0
    for line, card in _vcard_chunks(text):
        cards += 1
        try:
            result.rows.append(_vcard_row(line, card))
        except _BadRow as bad:
            result.problems.append(RowProblem(line, str(bad)))
    if not cards:
        raise ClientFileError(f"{path.name} holds no vCard (no BEGIN:VCARD line); is it an address book export?")
    return result


def _vcard_chunks(text: str) -> Iterator[tuple[int, str | None]]:
    """(line where each card begins, its text); None as the text for a card that is never closed."""
    start: int | None = None
    lines: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        word = raw.strip().upper()
        if word == "BEGIN:VCARD":
            if start is not None:
                yield start, None  # a card that ran into the next one without END:VCARD
            start, lines = number, []
        if start is not None:
            lines.append(raw)
        if word == "END:VCARD" and start is not None:
            yield start, "\r\n".join(lines) + "\r\n"
            start = None
    if start is not None:
        yield start, None


def _vcard_row(line: int, card: str | None) -> BookRow:
    import vobject  # only for address books

    if card is None:
        raise _BadRow("vCard never closed (no END:VCARD)")
    try:
        parsed = vobject.readOne(card)
    except Exception as error:  # vobject raises ParseError, and ValueError and others on damaged cards
        raise _BadRow(f"unreadable vCard ({error})") from error
    person = _vcard_text(parsed, "fn")
    org = parsed.contents.get("org")
    company = " ".join(str(org[0].value[0]).split()) if org and org[0].value and org[0].value[0] else ""
    if not person and not company:
        raise _BadRow("vCard has no name (FN) and no company (ORG)")
    if not person or person == company or _vcard_text(parsed, "kind").lower() == "org":
        return BookRow(line, company, (), ())  # a card for the company itself
    contact = Contact(person, _vcard_text(parsed, "title") or None, tuple(_nicknames(card)))
    return BookRow(line, company or None, (), (contact,))


def _vcard_text(card: Any, name: str) -> str:
    lines = card.contents.get(name)
    value = lines[0].value if lines else ""
    return " ".join(str(value).split())


def _nicknames(card: str) -> list[str]:
    # Read from the raw lines: vobject keeps only the first of a comma-separated NICKNAME list.
    from vobject.base import getLogicalLines, parseLine
    from vobject.icalendar import stringToTextValues

    names: list[str] = []
    for logical, _number in getLogicalLines(io.StringIO(card)):
        name, _params, value, _group = parseLine(logical)
        if name.upper() == "NICKNAME":
            names += [nick.strip() for nick in stringToTextValues(value) if nick.strip()]
    return names
