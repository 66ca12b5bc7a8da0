"""`saydo clients show NAME` as the clients view: a client's records, deals, follow-ups and attachments, as text,
JSON, Markdown and CSV; a name not in the book; a person as before."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from records import ClientBook, Store
from tests.cli import PINNED, saydo

pytestmark = pytest.mark.slow  # starts a subprocess, a server or a device: the fast lane skips it

JPEG = bytes.fromhex("ffd8ffe000104a464946") + b"shelf" * 100


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    home = tmp_path / "home"
    with Store.open(home / "data" / "saydo.db") as store:
        book = ClientBook(store)
        book.add_client("远航科技", aliases=["远航"])
        book.add_person("张经理", "远航科技", "经理")
        ids = {}
        for name, record, skip in (
            ("visit", {"intent": "visit_note", "fields": {
                "client": "远航科技", "contacts": ["张经理"], "visited_on": "2026-11-16", "summary": "看了货架",
                "next_steps": ["发报价"], "follow_up_on": "2026-11-20", "deal_value": 120000, "currency": "CNY"}}, ()),
            ("task", {"intent": "task", "fields": {"title": "把合同发给远航", "assignee": None, "due": "2026-11-27",
                                                   "priority": "high"}}, ()),
            ("stranger", {"intent": "visit_note", "fields": {
                "client": "星辰科技", "contacts": [], "visited_on": "2026-11-18", "summary": "first meeting",
                "next_steps": [], "follow_up_on": None, "deal_value": 800, "currency": "USD"}}, ("星辰科技",)),
        ):
            ids[name] = store.add(record, transcript="", lang="zh", source="cli")
            store.confirm(ids[name], skip_names=skip)
    (tmp_path / "shelf.jpg").write_bytes(JPEG)
    assert saydo(home, "records", "attach", ids["visit"], str(tmp_path / "shelf.jpg")).returncode == 0
    return home, ids


def test_text(home: tuple[Path, dict[str, str]]) -> None:
    folder, ids = home
    result = saydo(folder, "clients", "show", "远航", *PINNED)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("远航科技 (client) (also 远航)")
    assert "contacts: 张经理, 经理" in out and "deals: 120,000 CNY (1 visit)" in out
    assert "last visit: 2026-11-16 · 远航科技 · 张经理 · 看了货架" in out
    assert "next follow-up: 2026-11-20 overdue · follow_up" in out and "then: 2026-11-27 · task" in out
    assert "attachment: shelf.jpg (image/jpeg" in out and ids["visit"] in out


def test_json_keeps_the_book_entry_and_adds_the_view(home: tuple[Path, dict[str, str]]) -> None:
    folder, ids = home
    data = json.loads(saydo(folder, "clients", "show", "远航科技", "--json", *PINNED).stdout)
    assert (data["kind"], data["name"], data["in_book"], data["day"]) == ("client", "远航科技", True, "2026-11-23")
    assert [p["name"] for p in data["people"]] == ["张经理"]  # as `clients show --json` always gave
    assert [r["id"] for r in data["records"]] == [ids["visit"], ids["task"]]
    assert data["deals"] == [{"currency": "CNY", "total": 120000.0, "visits": 1}]
    assert data["next_follow_up"]["id"] == ids["visit"] and data["next_follow_up"]["overdue"] is True
    assert [a["name"] for a in data["attachments"]] == ["shelf.jpg"]
    later = json.loads(saydo(folder, "clients", "show", "远航科技", "--json", "--now", "2026-11-18T10:00",
                             "--tz", "Asia/Shanghai").stdout)
    assert [i["overdue"] for i in later["follow_ups"]] == [False, False]


def test_markdown_and_csv_files(home: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, ids = home
    md = saydo(folder, "clients", "show", "远航科技", "--format", "markdown", *PINNED).stdout
    assert md.startswith("# 远航科技\n") and "**Next follow-up:** 2026-11-20 **overdue**" in md
    target = tmp_path / "out" / "远航.csv"
    result = saydo(folder, "clients", "show", "远航科技", "-f", "csv", "-o", str(target), *PINNED)
    assert result.returncode == 0 and "wrote 远航科技's overview (2 records)" in result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert [(r["id"], r["attachments"], r["attachment_names"]) for r in rows] == [
        (ids["visit"], "1", "shelf.jpg"), (ids["task"], "0", "")]
    bad = saydo(folder, "clients", "show", "远航科技", "--format", "xlsx")
    assert bad.returncode == 2 and "markdown, md, csv" in bad.stderr


def test_a_name_not_in_the_book_still_shows(home: tuple[Path, dict[str, str]]) -> None:
    folder, ids = home
    result = saydo(folder, "clients", "show", "星辰科技", *PINNED)
    assert result.returncode == 0, result.stderr
    assert "星辰科技 is not in the client book" in result.stdout and "saydo clients add '星辰科技'" in result.stderr
    assert "deals: 800 USD (1 visit)" in result.stdout
    data = json.loads(saydo(folder, "clients", "show", "星辰科技", "--json", *PINNED).stdout)
    assert data["in_book"] is False and [r["id"] for r in data["records"]] == [ids["stranger"]]
    nobody = saydo(folder, "clients", "show", "nobody")
    assert nobody.returncode == 1 and "'nobody' is not in the client book, and no confirmed record names it" in (
        " ".join(nobody.stderr.split()))


def test_a_person_is_shown_as_before(home: tuple[Path, dict[str, str]]) -> None:
    folder, _ = home
    person = json.loads(saydo(folder, "clients", "show", "张经理", "--json").stdout)
    assert (person["kind"], person["company"], person["title"]) == ("person", "远航科技", "经理")
    refused = saydo(folder, "clients", "show", "张经理", "--format", "csv")
    assert refused.returncode == 2 and "is a person" in refused.stderr
