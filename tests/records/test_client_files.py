"""Client files: CSV (with and without BOM), XLSX and vCard written for real in tmp_path, read with their bad rows
reported by line; files that cannot be read at all give a clear error; the CSV export reads back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from records import BookRow, ClientBook, Contact, RowProblem, Store
from records.client_files import ClientFileError, read_client_file, write_client_csv

CSV = (
    "client,contacts,aliases,title\n"
    "远航科技,张经理;李工,远航;YH,经理;工程师\n"
    "云存储,王总,,总经理\n"
    "Acme,Bob;Alice,,VP\n"
)
EXPECTED = [
    BookRow(2, "远航科技", ("远航", "YH"), (Contact("张经理", "经理"), Contact("李工", "工程师"))),
    BookRow(3, "云存储", (), (Contact("王总", "总经理"),)),
    BookRow(4, "Acme", (), (Contact("Bob", "VP"), Contact("Alice", "VP"))),  # one title for all
]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- CSV ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    read = read_client_file(write(tmp_path / "book.csv", CSV, encoding))
    assert read.rows == EXPECTED
    assert read.problems == []


def test_csv_header_is_case_blind_and_optional_columns_may_be_missing_or_reordered(tmp_path: Path) -> None:
    text = "\ufeffContacts , CLIENT\r\n张经理；李工,远航科技\r\n"
    read = read_client_file(write(tmp_path / "book.CSV", text))
    assert read.rows == [BookRow(2, "远航科技", (), (Contact("张经理"), Contact("李工")))]


def test_csv_bad_rows_are_reported_with_their_line_and_skipped(tmp_path: Path) -> None:
    text = (
        "client,contacts,title\n"
        "远航科技,张经理,经理\n"
        ",王五,\n"  # 3: empty client
        "\n"  # 4: blank lines are nothing
        "Acme,Bob,VP,extra\n"  # 5: too many columns
        '"Multi\nLine Ltd",Carol,\n'  # 6-7: a quoted cell across two lines
        "Globex,Dan;Eve,a;b;c\n"  # 8: three titles for two contacts
        "Initech,,CEO\n"  # 9: a title but no one to hold it
        "Hooli,Gavin,,\n"  # 10: an empty extra cell is harmless
        ",,\n"  # 11: an empty spreadsheet row
    )
    read = read_client_file(write(tmp_path / "book.csv", text))
    assert [row.client for row in read.rows] == ["远航科技", "Multi\nLine Ltd", "Hooli"]
    assert [row.line for row in read.rows] == [2, 6, 10]
    assert read.problems == [
        RowProblem(3, "client is empty"),
        RowProblem(5, "4 values but the header has 3 columns"),
        RowProblem(8, "3 titles for 2 contacts (give one title, or one per contact)"),
        RowProblem(9, "a title but no contacts"),
    ]


def test_per_contact_titles_may_leave_one_out(tmp_path: Path) -> None:
    read = read_client_file(write(tmp_path / "b.csv", "client,contacts,title\nAcme,Bob;Alice;Eve,CTO;;PM\n"))
    assert read.rows[0].contacts == (Contact("Bob", "CTO"), Contact("Alice"), Contact("Eve", "PM"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty; a client file starts with the header client,contacts"),
        ("\n\n", "empty"),
        ("client,people\nAcme,Bob\n", "unknown column 'people'"),
        ("client\nAcme\n", "no 'contacts' column"),
        ("client,contacts,client\nA,B,C\n", "appears twice"),
        ("client,,contacts\nA,,B\n", r"unknown column '\(empty\)'"),
    ],
)
def test_a_wrong_header_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ClientFileError, match=message):
        read_client_file(write(tmp_path / "book.csv", text))


def test_a_file_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    with pytest.raises(ClientFileError, match="not UTF-8.*CSV UTF-8"):
        read_client_file(write(tmp_path / "gbk.csv", "client,contacts\n远航科技,张经理\n", "gbk"))


def test_a_binary_or_broken_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ClientFileError, match="not UTF-8"):
        read_client_file(path)
    # A quote never closed swallows the rest of the file into one cell, past what a CSV cell may hold.
    path.write_text('client,contacts\nAcme,"Bob\n' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ClientFileError, match="not a readable CSV file.*line 2"):
        read_client_file(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.csv", "no such file"), ("book.xls", r"unknown kind of file \(.xls\).*\.csv"),
     ("book", "no extension"), ("folder.csv", "is a folder")],
)
def test_files_that_cannot_be_read_at_all(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "book.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "book").write_text("client,contacts\n")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ClientFileError, match=message):
        read_client_file(tmp_path / name)


# --- XLSX -----------------------------------------------------------------------------------------------------------


def xlsx(path: Path, rows: list[list[object]], *, second_sheet: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if second_sheet:
        workbook.create_sheet("other").append(["client", "contacts"])
    workbook.save(path)
    return path


def test_xlsx_first_sheet_with_bad_rows_by_row_number(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "book.xlsx", [
        ["client", "contacts", "aliases", "title"],
        ["远航科技", "张经理;李工", "远航;YH", "经理;工程师"],
        [None, "王五", None, None],  # row 3: empty client
        [],  # row 4: empty
        ["Acme", "Bob", None, "VP", "extra"],  # row 5: too many columns
        [12345, "Carol", None, None],  # a number typed as a client name
    ], second_sheet=True)
    read = read_client_file(path)
    assert read.rows == [EXPECTED[0], BookRow(6, "12345", (), (Contact("Carol"),))]
    assert read.problems == [RowProblem(3, "client is empty"), RowProblem(5, "5 values but the header has 4 columns")]


def test_xlsx_with_a_wrong_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ClientFileError, match="book.xlsx: unknown column 'phone'"):
        read_client_file(xlsx(tmp_path / "book.xlsx", [["client", "phone"], ["Acme", "123"]]))


def test_an_unreadable_xlsx_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"this is not a workbook" * 50)
    with pytest.raises(ClientFileError, match="garbage.xlsx is not a readable XLSX workbook"):
        read_client_file(garbage)
    # A real workbook cut short, as a failed copy or download leaves it.
    good = xlsx(tmp_path / "good.xlsx", [["client", "contacts"], ["Acme", "Bob"]])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ClientFileError, match="not a readable XLSX workbook"):
        read_client_file(truncated)
    # A zip that is not a workbook.
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ClientFileError, match="not a readable XLSX workbook"):
        read_client_file(tmp_path / "zip.xlsx")


# --- vCard ----------------------------------------------------------------------------------------------------------

VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:张伟
N:张;伟;;;
ORG:远航科技;销售部
TITLE:销售经理
NICKNAME:小张,张总
END:VCARD

BEGIN:VCARD
VERSION:3.0
FN:Bob Smith
ORG:Acme
NICKNAME:Bobby
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Carol
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Globex
ORG:Globex
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Broken
this line is not a property
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Never closed
"""


def test_vcards_become_people_with_company_title_and_aliases(tmp_path: Path) -> None:
    read = read_client_file(write(tmp_path / "contacts.vcf", VCARDS.replace("\n", "\r\n")))
    begins = [number for number, line in enumerate(VCARDS.splitlines(), start=1) if line == "BEGIN:VCARD"]
    assert begins[0] == 1 and len(begins) == 7
    assert read.rows == [
        BookRow(begins[0], "远航科技", (), (Contact("张伟", "销售经理", ("小张", "张总")),)),
        BookRow(begins[1], "Acme", (), (Contact("Bob Smith", None, ("Bobby",)),)),
        BookRow(begins[2], None, (), (Contact("Carol"),)),  # no company
        BookRow(begins[4], "Globex", (), ()),  # a card for the company itself
    ]
    assert [problem.line for problem in read.problems] == [begins[3], begins[5], begins[6]]
    assert "no name (FN) and no company (ORG)" in read.problems[0].reason
    assert "unreadable vCard" in read.problems[1].reason
    assert "never closed" in read.problems[2].reason


def test_a_file_with_no_vcard_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ClientFileError, match="holds no vCard"):
        read_client_file(write(tmp_path / "contacts.vcf", "client,contacts\nAcme,Bob\n"))


# --- export ---------------------------------------------------------------------------------------------------------


def test_the_csv_export_reads_back_as_it_was(tmp_path: Path) -> None:
    rows = [
        BookRow(0, "远航科技", ("远航", "YH"), (Contact("张经理", "经理"), Contact("李工"))),
        BookRow(0, "Acme, Inc.", (), (Contact('Bob "the builder"', "VP"),)),
        BookRow(0, "Solo", (), ()),
        BookRow(0, None, (), (Contact("Carol"),)),  # no company: no place in a CSV row
    ]
    data = write_client_csv(rows)
    assert data.startswith(b"\xef\xbb\xbfclient,contacts,aliases,title\r\n")
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    read = read_client_file(path)
    assert read.problems == []
    assert [(row.client, row.client_aliases, row.contacts) for row in read.rows] == [
        (row.client, row.client_aliases, row.contacts) for row in rows[:3]
    ]


def test_a_file_imported_into_a_store_lands_with_its_problems_listed(tmp_path: Path) -> None:
    text = "client,contacts,aliases\n远航科技,张经理,远航\n,王五,\nAcme,Bob;Bob,\n"
    read = read_client_file(write(tmp_path / "book.csv", text))
    with Store.open(tmp_path / "saydo.db") as store:
        report = ClientBook(store).import_rows(read.rows)
        assert (report.clients_added, report.people_added) == (1, 1)
        assert [p.line for p in sorted([*read.problems, *report.problems], key=lambda p: p.line)] == [3, 4]
        assert ClientBook(store).export_rows() == [BookRow(0, "远航科技", ("远航",), (Contact("张经理"),))]
