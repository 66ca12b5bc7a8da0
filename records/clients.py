"""The client book: the user's clients (companies, with aliases) and people (with title, company and aliases), kept in
the store so that speech recognition favours their names and transcripts can be corrected towards them.

    book = ClientBook(store)
    book.add_client("远航科技", aliases=["远航"], contacts=["张经理"])
    report = book.import_rows(rows)            # rows from `records.client_files.read_client_file`
    book.names_for_hotwords(limit=40)          # recent and frequent names first, those worth a hint
    book.entries()                             # every name with its aliases, for transcript correction

Confirmed records teach the book: `Store.confirm` calls `learn` in its own transaction, so a visit's client and
contacts, a meeting's attendees and a task's assignee are added (or counted as used) exactly when the record is filed.
`unknown_names` says beforehand which of them would be new, for the card to ask; names the person declines are passed
to `Store.confirm(..., skip_names=...)` and stay out of the book.
"""

from __future__ import annotations

import builtins
import json
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlite_utils import Database

from . import dao
from .errors import StoreError
from .store import Store, stored_time

log = logging.getLogger(__name__)

KINDS = ("client", "person")
# What a name is in the record that gives it: a visit's client or contact, a meeting's attendee, a task's assignee.
Role = Literal["client", "contact", "attendee", "assignee"]
MAX_NAME_CHARS = 100
# Chinese characters: a name written in them is hinted to Whisper only once it has been used (names_for_hotwords).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A name's weight halves for every month it goes unused: last week's client outranks one filed often last year.
HALF_LIFE_DAYS = 30.0
# Names in client files are separated by ';'; the full-width '；' is what a Chinese input method types for it.
SEPARATORS = (";", "；")

# The id of a client that filing is about to add: no row has it (SQLite ids start at 1), so none of its people is known.
_UNSAVED = 0

_PEOPLE_SQL = (
    "SELECT people.*, clients.name AS company FROM people LEFT JOIN clients ON clients.id = people.client_id"
)


class BookError(StoreError):
    """The client book refuses a name or an operation; the message says why."""


class NotInBook(BookError):
    """No client or person has this name."""


class AmbiguousName(BookError):
    """Several people share this name (at different companies); the caller must say which company."""


# --- what crosses the package boundary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    title: str | None
    company: str | None  # the client's name, or None when no company is known
    aliases: tuple[str, ...]
    uses: int  # confirmed records that named this person
    created_at: str  # ISO 8601, UTC, as every stored time
    updated_at: str
    last_used_at: str | None


@dataclass(frozen=True)
class Client:
    name: str
    aliases: tuple[str, ...]
    uses: int
    created_at: str
    updated_at: str
    last_used_at: str | None
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Book:
    """The whole book: clients (each with its people) and the people who have no company."""

    clients: tuple[Client, ...]
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Entry:
    """One name to correct transcripts towards. `kind` is "client" or "person"; a person's company and title too."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Named:
    """A name a record gives the book, and its role in that record."""

    name: str
    role: Role


@dataclass(frozen=True)
class Contact:
    """A person as a client file lists them."""

    name: str
    title: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class BookRow:
    """One row of a client file: a client with its contacts, or (client None) people with no company. `line` is where
    the row starts in the file, for reporting; 0 for rows that come from no file."""

    line: int
    client: str | None
    client_aliases: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped, and why."""

    line: int
    reason: str


@dataclass
class BookChanges:
    """What an import or an add did. Each entry counts once, however many rows named it."""

    clients_added: int = 0
    clients_updated: int = 0
    people_added: int = 0
    people_updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.clients_added or self.clients_updated or self.people_added or self.people_updated)


@dataclass(frozen=True)
class Removed:
    kind: str
    name: str
    company: str | None = None
    people: int = 0  # a client's people go with it


# --- the service ------------------------------------------------------------------------------------------------------


class ClientBook:
    """The client book in `store`. Every change is one write transaction; reads see one snapshot."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # Annotations say `builtins.list` because the `list` method shadows the builtin in class scope.

    def add_client(self, name: str, aliases: Sequence[str] = (), contacts: Sequence[str] = ()) -> BookChanges:
        """Add a client (or merge aliases and contacts into the one of that name). Raises BookError for a bad name."""
        row = BookRow(0, name, tuple(aliases), tuple(Contact(contact) for contact in contacts))
        return self._save_all([clean_row(row)], "add the client")

    def add_person(
        self, name: str, company: str | None = None, title: str | None = None, aliases: Sequence[str] = ()
    ) -> BookChanges:
        """Add a person (or update the one of that name at that company); an unknown company becomes a client."""
        row = BookRow(0, company, (), (Contact(name, title, tuple(aliases)),))
        return self._save_all([clean_row(row)], "add the person")

    def import_rows(self, rows: Iterable[BookRow]) -> BookChanges:
        """Merge `rows` into the book in one transaction: a row the book refuses is reported with its line and
        skipped, the others land together. On a store error (locked, disk full) nothing is written and it raises."""
        good: builtins.list[BookRow] = []
        problems: builtins.list[RowProblem] = []
        for row in rows:
            try:
                good.append(clean_row(row))
            except BookError as error:
                problems.append(RowProblem(row.line, str(error)))
        changes = self._save_all(good, "import the client book") if good else BookChanges()
        changes.problems = problems
        return changes

    def remove(self, name: str, company: str | None = None) -> Removed:
        """Remove the client of this name with its people, or else the person of this name (at `company`)."""
        name = clean_name(name, "name")
        with self._store.transaction("remove from the client book") as db:
            client = _client_named(db, name) if company is None else None
            if client is not None:
                people = db.execute("DELETE FROM people WHERE client_id = ?", [client["id"]]).rowcount
                db.execute("DELETE FROM clients WHERE id = ?", [client["id"]])
                return Removed("client", client["name"], people=people)
            person = _one_person(db, name, company, aliases=False)
            db.execute("DELETE FROM people WHERE id = ?", [person["id"]])
            return Removed("person", person["name"], company=person["company"])

    def list(self) -> Book:
        """Every client (by name, each with its people) and the people with no company."""
        with self._store.reading() as db:
            people = [_person(row) for row in db.query(_PEOPLE_SQL + " ORDER BY people.name, people.id")]
            client_rows = list(db.query("SELECT * FROM clients ORDER BY name, id"))
        by_company: dict[str | None, builtins.list[Person]] = {}
        for person in people:
            by_company.setdefault(person.company, []).append(person)
        clients = tuple(_client(row, by_company.get(row["name"], [])) for row in client_rows)
        return Book(clients, tuple(by_company.get(None, [])))

    def get(self, name: str, company: str | None = None) -> Client | Person:
        """The client of this name or alias (with its people), else the person of this name or alias (at
        `company`). Raises NotInBook, or AmbiguousName when several people match."""
        name = clean_name(name, "name")
        with self._store.reading() as db:
            client = _client_named(db, name, aliases=True) if company is None else None
            if client is not None:
                people = [_person(row) for row in db.query(_PEOPLE_SQL + " WHERE client_id = ? ORDER BY people.name",
                                                            [client["id"]])]
                return _client(client, people)
            return _person(_one_person(db, name, company, aliases=True))

    def export_rows(self) -> builtins.list[BookRow]:
        """The book as client-file rows: one per client with its contacts, then one per person with no company."""
        book = self.list()
        rows = [
            BookRow(0, c.name, c.aliases, tuple(Contact(p.name, p.title, p.aliases) for p in c.people))
            for c in book.clients
        ]
        rows += [BookRow(0, None, (), (Contact(p.name, p.title, p.aliases),)) for p in book.people]
        return rows

    def learn_from_record(self, record: Mapping[str, Any]) -> None:
        """Add a record's names to the book: a visit's client and contacts, a meeting's attendees, a task's assignee.
        New names are created; known ones get a use. `Store.confirm` already does this for every record it files."""
        if not isinstance(record, Mapping) or not isinstance(record.get("fields"), Mapping):
            raise BookError("a record is a dict {'intent': ..., 'fields': {...}}")
        with self._store.transaction("add the record's names to the client book") as db:
            learn(db, record.get("intent"), record["fields"], stored_time(self._store.now()))

    def unknown_names(self, intent: object, fields: Mapping[str, Any] | str | None) -> builtins.list[Named]:
        """The names that confirming this record would add to the book (it only counts a use of the others), the
        client first. Skipping the client can only make its contacts more known, never less."""
        with self._store.reading() as db:
            return _new_among(db, named_in(intent, fields))

    def names_for_hotwords(self, limit: int = 40) -> builtins.list[str]:
        """The names worth giving Whisper as a hint, the most relevant first (clients before people where relevance
        ties), at most `limit` of them; asr.vocabulary keeps as many as fit its token budget.

        A name in Chinese characters is given only once a record has used it. Imported, never-said Chinese names cost
        about two tokens a character, and on `saydo bench names` hinting them made Whisper write book names over
        sound-alikes that were said (which no correction can undo) while the pinyin corrector already recovers most
        misheard ones; Latin names are cheap and the corrector is weaker for them."""
        rows = [row for row in self._ranked() if row["uses"] or not _HAN.search(row["name"])]
        return unique_names(row["name"] for row in rows)[:limit]

    def entries(self) -> builtins.list[Entry]:
        """Every client and person with their aliases, the most relevant first (as for hotwords)."""
        return [_entry(row) for row in self._ranked()]

    def _ranked(self) -> builtins.list[dict[str, Any]]:
        with self._store.reading() as db:
            clients = list(db.query("SELECT * FROM clients"))
            people = list(db.query(_PEOPLE_SQL))
        now = self._store.now()
        return sorted([*clients, *people], key=lambda row: _relevance(row, now))

    def _save_all(self, rows: Sequence[BookRow], action: str) -> BookChanges:
        tally = _Tally()
        with self._store.transaction(action) as db:
            stamp = stored_time(self._store.now())
            for row in rows:
                _merge_row(db, row, stamp, tally)
        return tally.changes()


# --- names ------------------------------------------------------------------------------------------------------------


def clean_name(value: object, what: str) -> str:
    """A name as stored: runs of whitespace made one space. Raises BookError for what cannot be a name."""
    if not isinstance(value, str):
        raise BookError(f"{what} must be text, got {type(value).__name__}")
    name = " ".join(value.split())
    if not name:
        raise BookError(f"{what} is empty")
    if len(name) > MAX_NAME_CHARS:
        raise BookError(f"{what} {name[:24]!r}… is longer than {MAX_NAME_CHARS} characters")
    if any(separator in name for separator in SEPARATORS):
        raise BookError(f"{what} {name!r} contains ';', which separates names in client files")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise BookError(f"{what} {name!r} contains control characters")
    return name


def unique_names(names: Iterable[str]) -> builtins.list[str]:
    """`names` in order, each once ("Acme" and "ACME" are one)."""
    seen: set[str] = set()
    unique: builtins.list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique


def clean_row(row: BookRow) -> BookRow:
    """`row` with every name cleaned, aliases deduplicated; raises BookError saying what is wrong with it."""
    client = clean_name(row.client, "client") if row.client is not None else None
    if client is None and not row.contacts:
        raise BookError("no client and no contacts")
    contacts = [_clean_contact(contact) for contact in row.contacts]
    names = [contact.name.casefold() for contact in contacts]
    if len(set(names)) != len(names):
        raise BookError("the same contact is listed twice")
    return BookRow(row.line, client, _clean_aliases(row.client_aliases, client), tuple(contacts))


def _clean_contact(contact: Contact) -> Contact:
    name = clean_name(contact.name, "contact")
    title = " ".join(contact.title.split()) if contact.title else None
    if title is not None and len(title) > MAX_NAME_CHARS:
        raise BookError(f"the title of {name} is longer than {MAX_NAME_CHARS} characters")
    return Contact(name, title or None, _clean_aliases(contact.aliases, name))


def _clean_aliases(aliases: Iterable[str], name: str | None) -> tuple[str, ...]:
    cleaned = [clean_name(alias, "alias") for alias in aliases]
    own = {name.casefold()} if name else set()
    return tuple(alias for alias in unique_names(cleaned) if alias.casefold() not in own)


# --- writing (the caller holds the write transaction) -----------------------------------------------------------------


class _Tally:
    """Which entries a batch added and updated, by id, so an entry named in many rows counts once."""

    def __init__(self) -> None:
        self.added: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self.updated: dict[str, set[int]] = {kind: set() for kind in KINDS}

    def add(self, kind: str, entry_id: int) -> None:
        self.added[kind].add(entry_id)

    def update(self, kind: str, entry_id: int) -> None:
        if entry_id not in self.added[kind]:
            self.updated[kind].add(entry_id)

    def changes(self) -> BookChanges:
        return BookChanges(
            clients_added=len(self.added["client"]),
            clients_updated=len(self.updated["client"]),
            people_added=len(self.added["person"]),
            people_updated=len(self.updated["person"]),
        )


def _merge_row(db: Database, row: BookRow, stamp: str, tally: _Tally) -> None:
    client_id = _merge_client(db, row.client, row.client_aliases, stamp, tally) if row.client else None
    for contact in row.contacts:
        _merge_person(db, contact, client_id, stamp, tally)


def _merge_client(db: Database, name: str, aliases: tuple[str, ...], stamp: str, tally: _Tally) -> int:
    row = _client_named(db, name)
    if row is None:
        client_id = _insert(db, "clients", {"name": name, "aliases": dao.dumps(list(aliases))}, stamp)
        tally.add("client", client_id)
        return client_id
    merged = _merged_aliases(row, aliases)
    if merged is not None:
        db.execute("UPDATE clients SET aliases = ?, updated_at = ? WHERE id = ?", [merged, stamp, row["id"]])
        tally.update("client", row["id"])
    return int(row["id"])


def _merge_person(db: Database, contact: Contact, client_id: int | None, stamp: str, tally: _Tally) -> None:
    row = _person_at(db, contact.name, client_id)
    if row is None:
        person_id = _insert(
            db,
            "people",
            {"name": contact.name, "title": contact.title, "client_id": client_id,
             "aliases": dao.dumps(list(contact.aliases))},
            stamp,
        )
        tally.add("person", person_id)
        return
    changes: dict[str, Any] = {}
    if client_id is not None and row["client_id"] != client_id:
        changes["client_id"] = client_id  # a person met without a company now has one
    if contact.title and contact.title != row["title"]:
        changes["title"] = contact.title
    merged = _merged_aliases(row, contact.aliases)
    if merged is not None:
        changes["aliases"] = merged
    if changes:
        db.table("people").update(row["id"], {**changes, "updated_at": stamp})
        tally.update("person", row["id"])


def _insert(db: Database, table: str, values: dict[str, Any], stamp: str, *, used: bool = False) -> int:
    row = {**values, "created_at": stamp, "updated_at": stamp,
           "uses": 1 if used else 0, "last_used_at": stamp if used else None}
    return int(db.table(table).insert(row).last_pk)


def _merged_aliases(row: Mapping[str, Any], aliases: Iterable[str]) -> str | None:
    """The row's aliases with `aliases` added, as JSON; None when nothing new was added."""
    old = json.loads(row["aliases"])
    own = row["name"].casefold()
    merged = unique_names([*old, *(alias for alias in aliases if alias.casefold() != own)])
    return dao.dumps(merged) if len(merged) > len(old) else None


def named_in(intent: object, fields: Mapping[str, Any] | str | None) -> builtins.list[Named]:
    """The names a record gives the book, each once, the client first (a visit's contacts belong to it). Values that
    cannot be names are passed over."""
    if isinstance(fields, str):
        fields = json.loads(fields)  # as stored in the records table
    if not isinstance(fields, Mapping):
        return []
    if intent == "visit_note":
        return [*(Named(name, "client") for name in _names([fields.get("client")])),
                *(Named(name, "contact") for name in _names(fields.get("contacts")))]
    if intent == "meeting":
        return [Named(name, "attendee") for name in _names(fields.get("attendees"))]
    if intent == "task":
        return [Named(name, "assignee") for name in _names([fields.get("assignee")])]
    return []


def learn(
    db: Database, intent: object, fields: Mapping[str, Any] | str | None, stamp: str, skip: Collection[str] = ()
) -> None:
    """Add a record's names to the book, or count a use of the known ones; names in `skip` are left alone. A confirmed
    record is never refused for the book's sake. The caller holds the write transaction."""
    skipped = {name.casefold() for name in skip}
    client_id = None
    for named in named_in(intent, fields):
        if named.name.casefold() in skipped:
            continue
        if named.role == "client":
            client_id = _use_client(db, named.name, stamp)
        elif named.role == "contact":
            _use_person(db, named.name, client_id, stamp)
        else:
            _use_someone(db, named.name, stamp)


def _new_among(db: Database, names: Sequence[Named]) -> builtins.list[Named]:
    """Those of `names` that `learn` would add as new entries, found the way it finds known ones, without writing."""
    new = []
    client_id = None
    for named in names:
        if named.role == "client":
            row = _client_named(db, named.name, aliases=True)
            client_id = _UNSAVED if row is None else int(row["id"])
            known = row is not None
        elif named.role == "contact":
            known = _person_at(db, named.name, client_id, aliases=True) is not None
        else:
            known = _someone(db, named.name) is not None
        if not known:
            new.append(named)
    return new


def _names(values: object) -> builtins.list[str]:
    if not isinstance(values, (builtins.list, tuple)):
        return []
    names = []
    for value in values:
        try:
            names.append(clean_name(value, "name"))
        except BookError:
            continue
    return unique_names(names)


def _use_client(db: Database, name: str, stamp: str) -> int:
    row = _client_named(db, name, aliases=True)
    if row is None:
        return _insert(db, "clients", {"name": name, "aliases": "[]"}, stamp, used=True)
    _touch(db, "clients", row["id"], stamp)
    return int(row["id"])


def _use_person(db: Database, name: str, client_id: int | None, stamp: str) -> None:
    row = _person_at(db, name, client_id, aliases=True)
    if row is None:
        _insert(db, "people", {"name": name, "client_id": client_id, "aliases": "[]"}, stamp, used=True)
        return
    if client_id is not None and row["client_id"] is None and _person_at(db, row["name"], client_id) is None:
        # Met with no company before, now at this client. (Unless someone of that name is there already: found by
        # an alias, this is then another person, and moving them would break the one-name-per-company rule.)
        db.execute("UPDATE people SET client_id = ?, updated_at = ? WHERE id = ?", [client_id, stamp, row["id"]])
    _touch(db, "people", row["id"], stamp)


def _use_someone(db: Database, name: str, stamp: str) -> None:
    """An attendee or assignee: the one the book knows by that name, else a new person with no company."""
    known = _someone(db, name)
    if known is None:
        _insert(db, "people", {"name": name, "client_id": None, "aliases": "[]"}, stamp, used=True)
        return
    table, row = known
    _touch(db, table, row["id"], stamp)


def _someone(db: Database, name: str) -> tuple[str, dict[str, Any]] | None:
    """An attendee or assignee in the book, with its table: a person of that name at any company (the most used),
    else a client (a company attending)."""
    people = _people_named(db, name, aliases=True)
    if people:
        return "people", max(people, key=lambda row: (row["uses"], row["id"]))
    client = _client_named(db, name, aliases=True)
    return ("clients", client) if client is not None else None


def _touch(db: Database, table: str, entry_id: int, stamp: str) -> None:
    # `table` is one of our two literal table names, never user input.
    db.execute(f"UPDATE {table} SET uses = uses + 1, last_used_at = ? WHERE id = ?", [stamp, entry_id])


# --- reading (the caller holds a transaction) -------------------------------------------------------------------------

_ALIAS_MATCH = "EXISTS (SELECT 1 FROM json_each({table}.aliases) WHERE json_each.value = :name COLLATE NOCASE)"


def _client_named(db: Database, name: str, *, aliases: bool = False) -> dict[str, Any] | None:
    """The client of this name; with `aliases`, else the first whose aliases hold it."""
    rows = list(db.query("SELECT * FROM clients WHERE name = :name COLLATE NOCASE", {"name": name}))
    if not rows and aliases:
        rows = list(db.query(f"SELECT * FROM clients WHERE {_ALIAS_MATCH.format(table='clients')} ORDER BY id",
                             {"name": name}))
    return rows[0] if rows else None


def _people_named(db: Database, name: str, *, aliases: bool = False) -> builtins.list[dict[str, Any]]:
    rows = list(db.query(_PEOPLE_SQL + " WHERE people.name = :name COLLATE NOCASE ORDER BY people.id", {"name": name}))
    if not rows and aliases:
        rows = list(db.query(_PEOPLE_SQL + f" WHERE {_ALIAS_MATCH.format(table='people')} ORDER BY people.id",
                             {"name": name}))
    return rows


def _person_at(db: Database, name: str, client_id: int | None, *, aliases: bool = False) -> dict[str, Any] | None:
    """The person of this name at this company. Failing that: for a company, the same name met with no company
    (adopted by it); for no company, the only person of that name anywhere."""
    people = _people_named(db, name, aliases=aliases)
    for wanted in (client_id, None):
        exact = [row for row in people if row["client_id"] == wanted]
        if exact:
            return exact[0]
    return people[0] if client_id is None and len(people) == 1 else None


def _one_person(db: Database, name: str, company: str | None, *, aliases: bool) -> dict[str, Any]:
    people = _people_named(db, name, aliases=aliases)
    if company is not None:
        people = [row for row in people if (row["company"] or "").casefold() == company.casefold()]
    if not people:
        at = f" at {company}" if company else ""
        raise NotInBook(f"{name!r}{at} is not in the client book")
    if len(people) > 1:
        shown = ", ".join(f"{row['name']} ({row['company'] or 'no company'})" for row in people)
        raise AmbiguousName(f"{len(people)} people are called {name!r} ({shown}); say which company")
    return people[0]


def _relevance(row: Mapping[str, Any], now: datetime) -> tuple[float, float, float, bool, str]:
    """Sort key, most relevant first: uses weighted by how recent the last one was; then the latest used, the newest
    added (imported names nobody has said yet); then clients before people (a visit names its client first); then
    by name so the order is stable."""
    last_used = _seconds(row["last_used_at"])
    age_days = max(now.timestamp() - last_used, 0.0) / 86400
    score = row["uses"] * 0.5 ** (age_days / HALF_LIFE_DAYS) if row["last_used_at"] else 0.0
    return (-score, -last_used, -_seconds(row["created_at"]), "client_id" in row, row["name"])


def _seconds(stamp: str | None) -> float:
    return datetime.fromisoformat(stamp).timestamp() if stamp else 0.0


def _person(row: Mapping[str, Any]) -> Person:
    return Person(
        name=row["name"],
        title=row["title"],
        company=row["company"],
        aliases=tuple(json.loads(row["aliases"])),
        uses=row["uses"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_used_at=row["last_used_at"],
    )


def _client(row: Mapping[str, Any], people: Iterable[Person]) -> Client:
    return Client(
        name=row["name"],
        aliases=tuple(json.loads(row["aliases"])),
        uses=row["uses"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_used_at=row["last_used_at"],
        people=tuple(people),
    )


def _entry(row: Mapping[str, Any]) -> Entry:
    aliases = tuple(json.loads(row["aliases"]))
    if "client_id" in row:
        return Entry(row["name"], "person", aliases, company=row["company"], title=row["title"])
    return Entry(row["name"], "client", aliases)
