"""Everything about one client at a glance, for `saydo clients show NAME` and the app's clients tab: its contacts,
every record naming it in time order, the deal values summed per currency, the last visit, the follow-ups still
open (overdue ones first) and the photos and files attached to those records.

    overview = client_overview(store, "远航科技", now)

A record names the client when it is a visit to it (its `client` is the name or an alias: role "client"), when a
field or its transcript names one of the client's people from the book (role "contact"; a name that people at
other companies also have does not count, nor does a contact in a visit to another client), or when they mention
the client's name (role "mention"). A name that is not in the book works too: its records are found by the name alone.
Only confirmed records count unless `statuses` says otherwise: a draft's deal value may be a misheard number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clients import AmbiguousName, Client, ClientBook, NotInBook, clean_name, unique_names
from .dao import hydrate
from .digest import _DUE_FIELD, _ONLY_ON_THE_DAY, DigestItem
from .entities import STATUSES, Attachment, StoredRecord
from .errors import StoreError
from .search import _escape_like, fields_text
from .store import Store
from .summary import summary

ROLES = ("client", "contact", "mention")
# The day a record happened on, for the time order; records without one are placed where they were filed.
_WHEN_FIELD = {"visit_note": "visited_on", "meeting": "starts_at", "expense": "spent_on"}
_LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class ClientContact:
    name: str
    title: str | None
    in_book: bool  # False: named in a visit to the client, not (yet) among its people in the book


@dataclass(frozen=True)
class ClientRecord:
    record: StoredRecord
    when: str  # local 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM': the visit, meeting or expense day, else when it was filed
    role: str  # how it names the client: one of ROLES
    title: str  # one line that tells it from the client's other records (`records.summary`)

    def to_dict(self) -> dict[str, Any]:
        record = self.record
        return {"id": record.id, "when": self.when, "role": self.role, "title": self.title, "intent": record.intent,
                "status": record.status, "fields": record.fields, "done_at": record.done_at,
                "attachments": [attachment.to_json() for attachment in record.attachments]}


@dataclass(frozen=True)
class DealTotal:
    currency: str | None  # None: deal values said without a currency
    total: float
    visits: int


@dataclass(frozen=True)
class ClientAttachment:
    record_id: str
    attachment: Attachment

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, **self.attachment.to_json()}


@dataclass(frozen=True)
class ClientOverview:
    name: str  # as the book writes it, or as asked when it is not in the book
    in_book: bool
    day: str  # the local date of `now`: what "overdue" is measured against
    aliases: tuple[str, ...] = ()
    contacts: tuple[ClientContact, ...] = ()
    records: tuple[ClientRecord, ...] = ()  # oldest first
    deals: tuple[DealTotal, ...] = ()
    last_visit: ClientRecord | None = None
    follow_ups: tuple[DigestItem, ...] = ()  # open: overdue first (oldest first), then the coming ones by date
    attachments: tuple[ClientAttachment, ...] = ()

    @property
    def next_follow_up(self) -> DigestItem | None:
        return self.follow_ups[0] if self.follow_ups else None

    def to_dict(self) -> dict[str, Any]:
        following = self.next_follow_up
        return {
            "name": self.name,
            "in_book": self.in_book,
            "day": self.day,
            "aliases": list(self.aliases),
            "contacts": [{"name": c.name, "title": c.title, "in_book": c.in_book} for c in self.contacts],
            "records": [entry.to_dict() for entry in self.records],
            "deals": [{"currency": d.currency, "total": d.total, "visits": d.visits} for d in self.deals],
            "last_visit": self.last_visit.to_dict() if self.last_visit else None,
            "next_follow_up": following.to_dict() if following else None,
            "follow_ups": [item.to_dict() for item in self.follow_ups],
            "attachments": [attachment.to_dict() for attachment in self.attachments],
        }


@dataclass(frozen=True)
class ClientName:
    """A client to list: one of the book's, or one that visits name but the book does not know (to offer adding)."""

    name: str
    aliases: tuple[str, ...]
    in_book: bool


def client_names(store: Store, *, statuses: Sequence[str] = ("confirmed",)) -> list[ClientName]:
    """The book's clients and, after them, the clients visited in records of `statuses` that the book knows by no
    name or alias (a name unticked on the card, an edited record), each list by name."""
    book = ClientBook(store).list().clients
    known = {alias.casefold() for client in book for alias in (client.name, *client.aliases)}
    marks = ", ".join("?" * len(statuses))
    with store.reading() as db:
        visited = db.execute(
            "SELECT DISTINCT json_extract(fields, '$.client') FROM records"
            f" WHERE intent = 'visit_note' AND status IN ({marks})", list(statuses)).fetchall() if statuses else []
    unknown: dict[str, str] = {}
    for (value,) in visited:
        name = " ".join(value.split()) if isinstance(value, str) else ""
        if name and name.casefold() not in known:
            unknown.setdefault(name.casefold(), name)
    return [*(ClientName(client.name, client.aliases, True) for client in book),
            *(ClientName(name, (), False) for name in sorted(unknown.values()))]


def client_overview(store: Store, name: str, now: datetime, *, statuses: Sequence[str] = ("confirmed",)
                    ) -> ClientOverview:
    """The client called `name` (or an alias of it) with every record of `statuses` that names it, as of `now` (an
    aware datetime in the user's timezone). A name the book does not know gives `in_book=False` and the records that
    name it, possibly none. Raises BookError for what cannot be a name."""
    if now.tzinfo is None:
        raise StoreError("the overview's `now` must be an aware datetime")
    for status in statuses:
        if status not in STATUSES:
            raise StoreError(f"status must be one of {', '.join(STATUSES)}; got {status!r}")
    name = clean_name(name, "client")
    client = _book_client(store, name)
    names = unique_names([client.name, *client.aliases]) if client else [name]
    contacts = _own_contacts(store, client) if client else []
    rows = _candidates(store, [*names, *contacts], statuses)
    named = _names_pattern(names)
    people = _names_pattern(contacts)
    entries = sorted(
        (entry for entry in (_entry(record, names, named, people, now) for record in rows) if entry is not None),
        key=lambda entry: (entry.when, entry.record.created_at, entry.record.id),
    )
    visits = [entry for entry in entries if entry.role == "client"]
    return ClientOverview(
        name=client.name if client else name,
        in_book=client is not None,
        day=now.date().isoformat(),
        aliases=client.aliases if client else (),
        contacts=_contacts(client, visits),
        records=tuple(entries),
        deals=_deals(visits),
        last_visit=visits[-1] if visits else None,
        follow_ups=_follow_ups(entries, now),
        attachments=tuple(ClientAttachment(entry.record.id, a) for entry in entries for a in entry.record.attachments),
    )


def _book_client(store: Store, name: str) -> Client | None:
    try:
        entry = ClientBook(store).get(name)
    except (NotInBook, AmbiguousName):  # a person's name, or no one's: not a client in the book
        return None
    return entry if isinstance(entry, Client) else None


def _own_contacts(store: Store, client: Client) -> list[str]:
    """The names and aliases of the client's people that no one at another company (or at none) is called."""
    own = {alias.casefold(): alias for person in client.people for alias in (person.name, *person.aliases)}
    with store.reading() as db:
        others = db.execute(
            "SELECT people.name, people.aliases FROM people LEFT JOIN clients ON clients.id = people.client_id"
            " WHERE clients.name IS NULL OR clients.name != ?", [client.name]).fetchall()
    for other_name, aliases in others:
        for alias in (other_name, *json.loads(aliases)):
            own.pop(alias.casefold(), None)
    return list(own.values())


def _candidates(store: Store, terms: Iterable[str], statuses: Sequence[str]) -> list[StoredRecord]:
    """Records whose field text or transcript contains any of `terms`: a superset, narrowed by `_entry`. LIKE folds
    ASCII case only, which is all the folding `_names_pattern` does too."""
    patterns = ["%" + _escape_like(term) + "%" for term in unique_names(terms)]
    if not patterns or not statuses:
        return []
    likes = " OR ".join("fields_text LIKE ? ESCAPE '\\' OR transcript LIKE ? ESCAPE '\\'" for _ in patterns)
    marks = ", ".join("?" * len(statuses))
    sql = (f"SELECT * FROM records WHERE intent IS NOT NULL AND status IN ({marks}) AND ({likes})"
           " ORDER BY created_at, id")
    with store.reading() as db:
        rows = list(db.query(sql, [*statuses, *(pattern for pattern in patterns for _ in range(2))]))
        return hydrate(db, rows)


def _names_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern finding any of `names` in text, case folded. A name that starts or ends with a Latin letter or a
    digit must stand as a word there ("Acme" is not in "Acmes"); Chinese has no spaces to stand between."""
    if not names:
        return None
    parts = []
    for name in sorted(names, key=len, reverse=True):
        before = r"(?<![A-Za-z0-9])" if _ASCII_WORD.match(name[0]) else ""
        after = r"(?![A-Za-z0-9])" if _ASCII_WORD.match(name[-1]) else ""
        parts.append(before + re.escape(name) + after)
    return re.compile("|".join(parts), re.IGNORECASE)


def _entry(record: StoredRecord, names: Sequence[str], named: re.Pattern[str] | None,
           people: re.Pattern[str] | None, now: datetime) -> ClientRecord | None:
    fields = record.fields or {}
    # The transcript too: an expense has no free text, and "请远航科技的人吃饭" names the client only in the words said.
    text = fields_text(fields) + "\n" + record.transcript
    if record.intent == "visit_note" and isinstance(fields.get("client"), str):
        visited = " ".join(fields["client"].split()).casefold()
        if any(visited == name.casefold() for name in names):
            return ClientRecord(record, _when(record, now), "client", summary(record))
        people = None  # the contacts of a visit to another client are that client's people
    if people is not None and people.search(text):
        role = "contact"
    elif named is not None and named.search(text):
        role = "mention"
    else:
        return None
    return ClientRecord(record, _when(record, now), role, summary(record))


def _when(record: StoredRecord, now: datetime) -> str:
    value = (record.fields or {}).get(_WHEN_FIELD.get(record.intent or "", ""))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", value):
        return value
    return datetime.fromisoformat(record.created_at).astimezone(now.tzinfo).strftime(_LOCAL_MINUTE)


def _contacts(client: Client | None, visits: Sequence[ClientRecord]) -> tuple[ClientContact, ...]:
    """The book's people at the client, then those named in visits to it that the book does not have there."""
    people = client.people if client else ()
    contacts = [ClientContact(person.name, person.title, True) for person in people]
    known = {alias.casefold() for person in people for alias in (person.name, *person.aliases)}
    for visit in visits:
        for name in (visit.record.fields or {}).get("contacts") or []:
            if isinstance(name, str) and name.strip() and name.casefold() not in known:
                known.add(name.casefold())
                contacts.append(ClientContact(name, None, False))
    return tuple(contacts)


def _deals(visits: Sequence[ClientRecord]) -> tuple[DealTotal, ...]:
    """Deal values of the visits summed per currency, the largest count of visits first."""
    totals: dict[str | None, list[float]] = {}
    for visit in visits:
        fields = visit.record.fields or {}
        value = fields.get("deal_value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            currency = fields.get("currency") if isinstance(fields.get("currency"), str) else None
            totals.setdefault(currency, []).append(float(value))
    deals = [DealTotal(currency, sum(values), len(values)) for currency, values in totals.items()]
    return tuple(sorted(deals, key=lambda deal: (-deal.visits, deal.currency or "")))


def _follow_ups(entries: Sequence[ClientRecord], now: datetime) -> tuple[DigestItem, ...]:
    """What is still to do, as the digest counts it (`records.digest`): a visit's follow-up, a task's due date, a
    meeting or reminder to come; open until marked done. Overdue first, oldest first; then the coming ones."""
    today = now.date().isoformat()
    items = []
    for entry in entries:
        record = entry.record
        if record.done_at is not None or record.intent not in _DUE_FIELD:
            continue
        if record.intent == "visit_note" and entry.role != "client":
            continue  # another client's follow-up
        due = (record.fields or {}).get(_DUE_FIELD[record.intent])
        if not isinstance(due, str) or len(due) < 10:
            continue
        if due[:10] < today and record.intent in _ONLY_ON_THE_DAY:
            continue  # a meeting or reminder that has passed is over, not overdue
        kind = "follow_up" if record.intent == "visit_note" else record.intent
        items.append(DigestItem(kind=kind, due=due, overdue=due[:10] < today, title=entry.title, record=record))
    items.sort(key=lambda item: (not item.overdue, item.due, item.record.created_at))
    return tuple(items)
