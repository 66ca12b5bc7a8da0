"""`saydo clients …` through the real command: import, list, show, add, add-person, remove, export; exit codes and
messages; and confirmed records (`run --yes`, `records confirm`) teaching the book."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from records import Store
from tests.cli import lines, saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

CSV = (
    "\ufeffclient,contacts,aliases,title\n"
    "远航科技,张经理;李工,远航,经理;工程师\n"
    ",王五,,\n"
    "Acme,Bob,,VP,extra\n"
    "云存储,王总,,\n"
)


def book_file(tmp_path: Path, text: str = CSV, name: str = "book.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def listed(home: Path) -> dict[str, dict]:
    result = saydo(home, "clients", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {entry["name"]: entry for entry in lines(result.stdout)}


def test_import_prints_what_changed_and_each_bad_row_with_its_line(tmp_path: Path) -> None:
    result = saydo(tmp_path, "clients", "import", str(book_file(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "clients: 2 added, 0 updated; people: 3 added, 0 updated" in result.stdout
    assert "line 3: client is empty (skipped)" in result.stderr
    assert "line 4: 5 values but the header has 4 columns (skipped)" in result.stderr
    book = listed(tmp_path)
    assert set(book) == {"远航科技", "云存储"}
    assert book["远航科技"]["aliases"] == ["远航"]
    assert {p["name"]: p["title"] for p in book["远航科技"]["people"]} == {"张经理": "经理", "李工": "工程师"}

    again = saydo(tmp_path, "clients", "import", str(book_file(tmp_path)), "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["clients_added"], report["people_added"], report["clients_updated"]) == (0, 0, 0)
    assert [problem["line"] for problem in report["problems"]] == [3, 4]


def test_import_of_an_xlsx_and_a_vcard(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in (["client", "contacts"], ["Northwind Traders", "Nancy;Andrew"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "book.xlsx")
    vcf = book_file(tmp_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nancy\r\nORG:Northwind Traders\r\nTITLE:Sales\r\n"
                              "NICKNAME:Nan\r\nEND:VCARD\r\n", "people.vcf")
    assert saydo(tmp_path, "clients", "import", str(tmp_path / "book.xlsx")).returncode == 0
    result = saydo(tmp_path, "clients", "import", str(vcf))
    assert result.returncode == 0, result.stderr
    assert "people: 0 added, 1 updated" in result.stdout
    nancy = json.loads(saydo(tmp_path, "clients", "show", "Nan", "--json").stdout)
    assert (nancy["kind"], nancy["name"], nancy["company"], nancy["title"]) == ("person", "Nancy", "Northwind Traders",
                                                                               "Sales")


def test_a_file_that_cannot_be_read_exits_1_and_imports_nothing(tmp_path: Path) -> None:
    cases = {
        "missing.csv": "no such file",
        str(book_file(tmp_path, "client,people\nAcme,Bob\n", "wrong.csv")): "unknown column 'people'",
        str(book_file(tmp_path, "client,contacts\nAcme,Bob\n", "book.xls")): "unknown kind of file (.xls)",
        str(book_file(tmp_path, "not a zip", "broken.xlsx")): "not a readable XLSX workbook",
        str(book_file(tmp_path, "client,contacts\n,Bob\n,Alice\n", "allbad.csv")): "nothing imported from allbad.csv",
    }
    for path, message in cases.items():
        result = saydo(tmp_path, "clients", "import", path)
        assert result.returncode == 1, (path, result.stderr)
        assert message in " ".join(result.stderr.split()), (path, result.stderr)
    assert listed(tmp_path) == {}


def test_a_locked_store_imports_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "saydo.db"
    Store.open(db_path).close()
    locker = sqlite3.connect(db_path)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        result = saydo(tmp_path, "clients", "import", str(book_file(tmp_path)))
    finally:
        locker.rollback()
        locker.close()
    assert result.returncode == 1
    assert "locked" in result.stderr and "nothing was written" in " ".join(result.stderr.split())
    assert listed(tmp_path) == {}


def test_add_show_remove(tmp_path: Path) -> None:
    added = saydo(tmp_path, "clients", "add", "远航科技", "--alias", "远航", "--contact", "张经理")
    assert added.returncode == 0, added.stderr
    assert "clients: 1 added" in added.stdout
    person = saydo(tmp_path, "clients", "add-person", "张经理", "--company", "华为", "--title", "总监")
    assert person.returncode == 0 and "clients: 1 added" in person.stdout and "people: 1 added" in person.stdout

    shown = saydo(tmp_path, "clients", "show", "远航")
    assert shown.returncode == 0 and "远航科技" in shown.stdout and "张经理" in shown.stdout
    ambiguous = saydo(tmp_path, "clients", "show", "张经理")
    assert ambiguous.returncode == 1 and "say which company" in ambiguous.stderr
    at = json.loads(saydo(tmp_path, "clients", "show", "张经理", "--company", "华为", "--json").stdout)
    assert (at["company"], at["title"]) == ("华为", "总监")

    unknown = saydo(tmp_path, "clients", "show", "nobody")
    assert unknown.returncode == 1 and "'nobody' is not in the client book" in unknown.stderr
    empty = saydo(tmp_path, "clients", "add", "  ")
    assert empty.returncode == 1 and "client is empty" in empty.stderr

    removed = saydo(tmp_path, "clients", "remove", "远航科技")
    assert removed.returncode == 0 and "removed client 远航科技 and its 1 person" in removed.stdout
    assert set(listed(tmp_path)) == {"华为"}
    assert saydo(tmp_path, "clients", "remove", "远航科技").returncode == 1


def test_export_reads_back_in(tmp_path: Path) -> None:
    assert saydo(tmp_path, "clients", "import", str(book_file(tmp_path))).returncode == 0
    saydo(tmp_path, "clients", "add-person", "Carol")  # no company: cannot be a CSV row
    target = tmp_path / "out" / "book.csv"
    result = saydo(tmp_path, "clients", "export", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "1 person with no company left out" in result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbfclient,contacts,aliases,title")
    assert saydo(tmp_path, "clients", "export").stdout.lstrip("\ufeff").splitlines()[1:] == [
        "云存储,王总,,", "远航科技,张经理;李工,远航,经理;工程师"]

    other = tmp_path / "other"
    imported = saydo(other, "clients", "import", str(target))
    assert imported.returncode == 0 and "clients: 2 added, 0 updated; people: 3 added" in imported.stdout
    assert listed(other).keys() == {"云存储", "远航科技"}


def test_records_confirm_teaches_the_book(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data" / "saydo.db") as store:
        draft = store.add({"intent": "visit_note", "fields": {"client": "远航科技", "contacts": ["孙经理"],
                                                               "visited_on": "2026-11-23", "summary": "报价"}},
                          transcript="拜访远航科技孙经理", lang="zh", source="cli")
    assert listed(tmp_path) == {}
    result = saydo(tmp_path, "records", "confirm", draft)
    assert result.returncode == 0, result.stderr
    client = listed(tmp_path)["远航科技"]
    assert client["uses"] == 1 and [(p["name"], p["uses"]) for p in client["people"]] == [("孙经理", 1)]


def test_run_yes_teaches_the_book(filed) -> None:
    home, out = filed
    visit = out[0]["record"]["fields"]
    book = listed(home)
    client = book[visit["client"]]
    assert client["uses"] == 1
    assert [p["name"] for p in client["people"]] == visit["contacts"] == ["孙经理"]
    assert (book["David"]["kind"], book["David"]["uses"]) == ("person", 1)  # the English task's assignee
