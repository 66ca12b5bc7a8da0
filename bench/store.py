"""`saydo bench store`: the outbox under a flaky receiver, search and the clients view over a large store.

Delivery: N confirmed records (10,000; `--limit` scales down) go through the real outbox into each sink while the
receiver fails 20% of the time: half of those failures refuse the delivery, the other half accept it and then lose
the acknowledgement (as a crash between "accepted" and "marked delivered" would), so the redeliveries that
at-least-once delivery brings really happen. Counted at the receiver: what arrived, duplicates (a record applied
more than once: must be 0, thanks to idempotency), lost (confirmed but not there: must be 0), and records/s.

- folder: a temp folder; the 20% failures come from a wrapper around the real sink.
- webhook: the tests' flaky HTTP server on 127.0.0.1 (500s, dropped answers), deduplicating by Idempotency-Key.
- postgres: a throwaway cluster (initdb + pg_ctl), failures from the same wrapper; skipped, with the reason, when
  PostgreSQL is not installed.

Search: 10 x N records (100,000) inserted in one transaction, then p50/p95 of `Store.search()` for a few queries.

Clients view: N records (10,000) about 500 clients of a client book (each with two people, names shared across
companies as real ones are: 张经理 works at many), then p50/p95 of `client_overview()` per client (target: 300 ms,
the view opening in the app), and of the records window's Clients tab itself: its first showing (the 500 clients
listed, the first one's overview laid out) and choosing a client in it (Qt offscreen unless there is a display).
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from records import BookRow, ClientBook, Contact, Store, ids
from records.client_view import client_overview
from records.outbox import Outbox
from records.search import fields_text
from records.sinks import Delivery, Sink, SinkError
from records.sinks.folder import FolderSink
from records.sinks.webhook import WebhookSink
from records.store import stored_time

from .report import BenchOptions, console, peak_rss_mb, percentile, table, write_json

DEFAULT_RECORDS = 10_000
FAILURE_RATE = 0.2
SEARCH_FACTOR = 10
SEARCH_REPEATS = 15
QUERIES = ("华为", "张经理", "合同 华为", "Acme", "pricing quote", "发票 出差")
_CLIENTS = ("华为", "Acme", "腾讯", "Globex", "比亚迪", "Initech", "美团", "Umbrella")
_PEOPLE = ("张经理", "李总", "Li Wei", "王工", "Sarah", "陈主任")
_TEMPLATES = (
    ("visit_note", "今天拜访了{client}的{person},聊了合同和报价,下周跟进", "visit {client}: pricing and contract"),
    ("task", "提醒我下周三前把合同发给{client}的{person}", "send the contract to {client}"),
    ("expense", "出差去{client}打车花了{amount}元,记得开发票", "taxi to {client}, keep the invoice"),
    ("meeting", "Meeting with {person} from {client} about the pricing quote on Friday", "quote review {client}"),
    ("note", "{person} said {client} may switch vendors next quarter", "{client} vendor switch"),
)
CLIENT_COUNT = 500
OVERVIEW_TARGET_MS = 300.0
OVERVIEW_SAMPLE = 50  # clients timed, spread over the book
OVERVIEW_REPEATS = 5
TAB_OPENS = 20  # the Clients tab shown afresh this many times; a client is chosen in it in the first OVERVIEW_REPEATS
_FIRMS = ("远航", "华信", "长城", "星辰", "东方", "金桥", "蓝海", "恒通", "天成", "中联", "鼎盛", "瑞丰", "新元",
          "安达", "宏图", "盛世", "博远", "嘉禾", "正大", "明德", "永信", "国泰", "大地", "万象", "Northwind")
_TRADES = ("科技", "贸易", "物流", "电子", "机械", "医药", "食品", "建材", "咨询", "传媒", "能源", "化工", "软件",
           "网络", "汽车", "服装", "家居", "教育", "农业", " Trading")
_SURNAMES = ("张", "李", "王", "刘", "陈", "杨", "赵", "黄", "周", "吴")
# Quick retries (the bench measures throughput under failure, not patience), and enough of them that a record failing
# at random 20% of the time is never given up on.
_POLICY = {"max_attempts": 60, "backoff_s": 0.001, "backoff_max_s": 0.01}


class FlakyReceiver:
    """A real sink behind a receiver that fails `rate` of the time: half before applying, half after (lost ack)."""

    def __init__(self, sink: Sink, rate: float, seed: int) -> None:
        self.name = sink.name
        self._sink = sink
        self._rate = rate
        self._rng = random.Random(seed)
        self.applied: Counter[str] = Counter()

    def deliver(self, delivery: Delivery) -> None:
        draw = self._rng.random()
        if draw < self._rate / 2:
            raise SinkError("receiver failed (bench)")
        self._sink.deliver(delivery)
        self.applied[delivery.idempotency_key] += 1
        if draw < self._rate:
            raise SinkError("acknowledgement lost (bench)")

    def close(self) -> None:
        self._sink.close()


def _rows(count: int, start: datetime, seed: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    rng = random.Random(seed)
    for n in range(count):
        moment = start + timedelta(seconds=n)
        intent, spoken, title = _TEMPLATES[n % len(_TEMPLATES)]
        values = {"client": rng.choice(_CLIENTS), "person": rng.choice(_PEOPLE), "amount": rng.randint(20, 900)}
        fields = {"title": title.format(**values), "client": values["client"], "n": n}
        stamp = stored_time(moment)
        fields_json = json.dumps(fields, ensure_ascii=False)
        record = {"id": ids.new_id(moment), "created_at": stamp, "updated_at": stamp, "intent": intent,
                  "fields": fields_json, "fields_text": "\n".join(str(v) for v in fields.values()), "lang": "zh",
                  "transcript": spoken.format(**values), "status": "confirmed", "source": "cli", "revision": 1}
        revision = {"record_id": record["id"], "revision": 1, "created_at": stamp, "intent": intent,
                    "fields": fields_json, "status": "confirmed", "reason": "bench", "transcript": record["transcript"]}
        yield record, revision


def fill(store: Store, count: int, seed: int = 7) -> float:
    """Insert `count` confirmed records (and their revision) in one transaction; returns the seconds it took."""
    return _insert(store, _rows(count, datetime(2026, 1, 5, 9, 0, tzinfo=UTC), seed))


def _insert(store: Store, rows: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> float:
    started = time.perf_counter()
    with store.transaction("fill the bench store") as db:
        for record, revision in rows:
            db.execute(
                f"INSERT INTO records ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
                list(record.values()),
            )
            db.execute(
                f"INSERT INTO revisions ({', '.join(revision)}) VALUES ({', '.join('?' * len(revision))})",
                list(revision.values()),
            )
    return time.perf_counter() - started


def _deliver_all(store: Store, sink: Sink, policy: Any) -> tuple[float, int]:
    """Run outbox passes until nothing is pending; returns (seconds, attempts)."""
    outbox = Outbox(store, policy)
    started = time.perf_counter()
    deadline = started + 900
    while True:
        outbox.deliver_due([sink])
        if not outbox.due_count([sink.name], datetime.now(UTC) + timedelta(days=1)):
            break
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{sink.name}: still pending after 15 minutes")
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    with store.reading() as db:
        attempts = int(db.execute("SELECT coalesce(sum(attempts), 0) FROM outbox").fetchone()[0])
    return seconds, attempts


def _delivered_and_dead(store: Store) -> tuple[int, int]:
    with store.reading() as db:
        counts = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    return int(counts.get("delivered", 0)), int(counts.get("dead", 0))


def _expected(store: Store) -> set[str]:
    with store.reading() as db:
        return {row[0] for row in db.execute("SELECT id FROM records WHERE status = 'confirmed'")}


@contextmanager
def _bench_store(tmp: Path, name: str, count: int) -> Iterator[Store]:
    store = Store.open(tmp / f"{name}.db")
    try:
        fill(store, count)
        yield store
    finally:
        store.close()


def _result(name: str, count: int, store: Store, seconds: float, attempts: int, received: set[str],
            duplicates: int, redeliveries: int) -> dict[str, Any]:
    delivered, dead = _delivered_and_dead(store)
    return {"sink": name, "sent": count, "delivered": delivered, "duplicates": duplicates,
            "lost": len(_expected(store) - received), "dead": dead, "attempts": attempts,
            "redeliveries": redeliveries, "seconds": round(seconds, 2), "records_per_s": round(count / seconds, 1)}


def _folder(tmp: Path, count: int, policy: Any) -> dict[str, Any]:
    folder = tmp / "vault"
    with _bench_store(tmp, "folder", count) as store:
        sink = FlakyReceiver(FolderSink("folder", folder), FAILURE_RATE, seed=1)
        seconds, attempts = _deliver_all(store, sink, policy)
        per_id = Counter(path.stem.rsplit("-", 1)[-1] for path in folder.glob("*.json"))
        duplicates = sum(n - 1 for n in per_id.values() if n > 1)
        redeliveries = sum(n - 1 for n in sink.applied.values())
        return _result("folder", count, store, seconds, attempts, set(per_id), duplicates, redeliveries)


def _webhook(tmp: Path, count: int, policy: Any) -> dict[str, Any]:
    from tests.servers import FlakyWebhookServer

    # 10% answered 500 before applying; of the rest, 1/9 applied and then the answer dropped: 10% more.
    with FlakyWebhookServer(secret="bench", fail_rate=FAILURE_RATE / 2, ack_loss_rate=FAILURE_RATE / 2 / 0.9,
                            seed=2) as server, _bench_store(tmp, "webhook", count) as store:
        sink = WebhookSink("webhook", server.url, "bench", policy.timeout_s)
        seconds, attempts = _deliver_all(store, sink, policy)
        return _result("webhook", count, store, seconds, attempts, set(server.records()), server.duplicates,
                       server.redeliveries)


def _postgres(tmp: Path, count: int, policy: Any) -> dict[str, Any]:
    import psycopg

    from records.sinks.postgres import PostgresSink
    from tests.servers import PostgresServer, postgres_unavailable

    server: PostgresServer | None = None
    try:
        reason = postgres_unavailable()
        if reason is None:
            server = PostgresServer()
            server.start()
    except RuntimeError as error:
        reason = str(error)
    if reason is not None or server is None:
        if server is not None:
            server.destroy()
        return {"sink": "postgres", "sent": count, "delivered": None, "duplicates": None, "lost": None,
                "records_per_s": None, "skipped": reason}
    try:
        with _bench_store(tmp, "postgres", count) as store:
            dsn = server.create_database()
            sink = FlakyReceiver(PostgresSink("postgres", dsn, policy.timeout_s), FAILURE_RATE, seed=3)
            try:
                seconds, attempts = _deliver_all(store, sink, policy)
            finally:
                sink.close()
            with psycopg.connect(dsn) as conn:
                total, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM saydo_records").fetchone()
                received = {row[0] for row in conn.execute("SELECT id FROM saydo_records")}
            redeliveries = sum(n - 1 for n in sink.applied.values())
            return _result("postgres", count, store, seconds, attempts, received, total - distinct, redeliveries)
    finally:
        server.destroy()


def _search(tmp: Path, count: int) -> dict[str, Any]:
    with Store.open(tmp / "search.db") as store:
        insert_s = fill(store, count, seed=11)
        per_query: dict[str, list[float]] = {}
        hits: dict[str, int] = {}
        for query in QUERIES:
            hits[query] = len(store.search(query))  # warm the page cache once
            per_query[query] = []
            for _ in range(SEARCH_REPEATS):
                started = time.perf_counter()
                store.search(query)
                per_query[query].append((time.perf_counter() - started) * 1000)
    everything = [ms for samples in per_query.values() for ms in samples]
    return {
        "records": count,
        "insert_s": round(insert_s, 2),
        "p50_ms": round(percentile(everything, 50) or 0.0, 2),
        "p95_ms": round(percentile(everything, 95) or 0.0, 2),
        "queries": {q: {"hits": hits[q], "p50_ms": round(percentile(s, 50) or 0.0, 2),
                        "p95_ms": round(percentile(s, 95) or 0.0, 2)} for q, s in per_query.items()},
    }


def _client_book(clients: int) -> list[BookRow]:
    names = [firm + trade for trade in _TRADES for firm in _FIRMS][:clients]
    return [BookRow(0, name, (), (Contact(f"{_SURNAMES[n % 10]}经理", "经理"), Contact(f"{_SURNAMES[n * 7 % 10]}工")))
            for n, name in enumerate(names)]


def _client_rows(count: int, book: list[BookRow], start: datetime,
                 seed: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Visits, tasks, meetings, expenses and notes about the book's clients, as a salesperson files them."""
    rng = random.Random(seed)
    for n in range(count):
        moment = start + timedelta(minutes=20 * n)
        row = rng.choice(book)
        client, person = row.client or "", rng.choice(row.contacts).name
        day = (moment + timedelta(hours=8)).date()
        kind = n % 5
        if kind == 0:
            intent, spoken = "visit_note", f"今天拜访了{client}的{person},对报价满意"
            fields: dict[str, Any] = {
                "client": client, "contacts": [person], "visited_on": day.isoformat(), "summary": "对报价满意",
                "next_steps": ["发合同"], "follow_up_on": (day + timedelta(days=rng.randint(-3, 14))).isoformat(),
                "deal_value": rng.randint(1, 50) * 10_000, "currency": rng.choice(("CNY", "CNY", "USD"))}
        elif kind == 1:
            intent, spoken = "task", f"下周三前把合同发给{client}"
            fields = {"title": f"把合同发给{client}", "assignee": None,
                      "due": (day + timedelta(days=rng.randint(1, 10))).isoformat(), "priority": "normal"}
        elif kind == 2:
            intent, spoken = "meeting", f"周五下午三点和{person}开会"
            fields = {"title": f"{client}周会", "starts_at": f"{day + timedelta(days=3)}T15:00", "duration_min": 60,
                      "attendees": [person], "location": None}
        elif kind == 3:
            intent, spoken = "expense", f"请{client}的{person}吃饭花了{rng.randint(100, 900)}元"
            fields = {"amount": rng.randint(100, 900), "currency": "CNY", "category": "entertainment",
                      "merchant": "海底捞", "spent_on": day.isoformat()}
        else:
            intent, spoken = "note", f"{person}说{client}下个季度可能换供应商"
            fields = {"text": spoken}
        stamp = stored_time(moment)
        fields_json = json.dumps(fields, ensure_ascii=False)
        record = {"id": ids.new_id(moment), "created_at": stamp, "updated_at": stamp, "intent": intent,
                  "fields": fields_json, "fields_text": fields_text(fields), "lang": "zh", "transcript": spoken,
                  "status": "confirmed", "source": "cli", "revision": 1}
        yield record, {"record_id": record["id"], "revision": 1, "created_at": stamp, "intent": intent,
                       "fields": fields_json, "status": "confirmed", "reason": "bench", "transcript": spoken}


def _clients(tmp: Path, count: int) -> dict[str, Any]:
    """p50/p95 of one client's overview over `count` records about CLIENT_COUNT clients."""
    book = _client_book(CLIENT_COUNT)
    with Store.open(tmp / "clients.db") as store:
        ClientBook(store).import_rows(book)
        insert_s = _insert(store, _client_rows(count, book, datetime(2026, 1, 5, 1, 0, tzinfo=UTC), seed=13))
        now = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
        sample = [row.client or "" for row in book[:: max(1, len(book) // OVERVIEW_SAMPLE)]]
        found = [len(client_overview(store, name, now).records) for name in sample]  # and warm the page cache
        samples: list[float] = []
        for _ in range(OVERVIEW_REPEATS):
            for name in sample:
                started = time.perf_counter()
                client_overview(store, name, now)
                samples.append((time.perf_counter() - started) * 1000)
        tab = _clients_tab(store, sample)
    p95 = percentile(samples, 95) or 0.0
    return {"records": count, "clients": len(book), "insert_s": round(insert_s, 2), "overviews": len(samples),
            "records_per_client": round(sum(found) / len(found), 1), "p50_ms": round(percentile(samples, 50) or 0.0, 2),
            "p95_ms": round(p95, 2), "target_ms": OVERVIEW_TARGET_MS, "within_target": p95 <= OVERVIEW_TARGET_MS,
            "tab": tab}


def _clients_tab(store: Store, sample: list[str]) -> dict[str, Any]:
    """p50/p95 of the Clients tab shown for the first time (a fresh view each time) and of a client chosen in it,
    each until laid out and painted."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.filing import Filing
    from app.settings import Settings
    from app.ui.clients_view import ClientsView

    qt = QApplication.instance() or QApplication(["saydo-bench"])
    filing = Filing(store, Settings())
    opened: list[float] = []
    chosen: list[float] = []
    for repeat in range(TAB_OPENS):
        view = ClientsView(filing, export_dir=Path.home)
        view.resize(1100, 520)
        view.show()
        qt.processEvents()
        started = time.perf_counter()
        view.refresh()
        qt.processEvents()  # laid out and painted, as the person sees it
        opened.append((time.perf_counter() - started) * 1000)
        for name in sample if repeat < OVERVIEW_REPEATS else ():
            started = time.perf_counter()
            view.select(name)
            qt.processEvents()
            chosen.append((time.perf_counter() - started) * 1000)
        view.close()
        view.deleteLater()
        qt.processEvents()
    return {"clients_listed": len(view.clients), "opened": len(opened),
            "open_p50_ms": round(percentile(opened, 50) or 0.0, 2),
            "open_p95_ms": round(percentile(opened, 95) or 0.0, 2),
            "choose_p50_ms": round(percentile(chosen, 50) or 0.0, 2),
            "choose_p95_ms": round(percentile(chosen, 95) or 0.0, 2)}


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    count = options.limit or DEFAULT_RECORDS
    policy = settings.outbox.model_copy(update=_POLICY)
    benches: list[tuple[str, Callable[[Path, int, Any], dict[str, Any]]]] = [
        ("folder", _folder), ("webhook", _webhook), ("postgres", _postgres)
    ]
    sinks: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="saydo-bench-store-") as tmp_name:
        tmp = Path(tmp_name)
        for name, bench in benches:
            console.print(f"[dim]{name}: {count} records through the outbox, {FAILURE_RATE:.0%} receiver failures[/]")
            (tmp / name).mkdir()
            sinks.append(bench(tmp / name, count, policy))
        console.print(f"[dim]search: inserting {count * SEARCH_FACTOR} records[/]")
        search = _search(tmp, count * SEARCH_FACTOR)
        console.print(f"[dim]clients view: {count} records about {CLIENT_COUNT} clients[/]")
        clients = _clients(tmp, count)
    columns = ["sink", "sent", "delivered", "duplicates", "lost", "attempts", "redeliveries", "records/s"]
    rows = [[s["sink"], s["sent"], s["delivered"], s["duplicates"], s["lost"], s.get("attempts"),
             s.get("redeliveries"), s["records_per_s"]] for s in sinks]
    console.print(table(f"saydo bench store: outbox, {FAILURE_RATE:.0%} receiver failures", columns, rows))
    for s in sinks:
        if s.get("skipped"):
            console.print(f"[yellow]{s['sink']} skipped: {s['skipped']}[/]")
    console.print(table(f"search over {search['records']} records", ["query", "hits", "p50 ms", "p95 ms"],
                        [[q, v["hits"], v["p50_ms"], v["p95_ms"]] for q, v in search["queries"].items()]
                        + [["all", None, search["p50_ms"], search["p95_ms"]]]))
    console.print(table(f"clients view: one client's overview, {clients['records']} records, {clients['clients']} "
                        f"clients (target p95 ≤ {OVERVIEW_TARGET_MS:g} ms)",
                        ["overviews", "records/client", "p50 ms", "p95 ms", "within target"],
                        [[clients["overviews"], clients["records_per_client"], clients["p50_ms"], clients["p95_ms"],
                          "yes" if clients["within_target"] else "NO"]]))
    tab = clients["tab"]
    console.print(table(f"clients tab (Qt): {tab['clients_listed']} clients listed",
                        ["what", "p50 ms", "p95 ms"],
                        [["first shown", tab["open_p50_ms"], tab["open_p95_ms"]],
                         ["a client chosen", tab["choose_p50_ms"], tab["choose_p95_ms"]]]))
    result = {"sinks": sinks, "search_p50_ms": search["p50_ms"], "search_p95_ms": search["p95_ms"],
              "client_overview_p50_ms": clients["p50_ms"], "client_overview_p95_ms": clients["p95_ms"],
              "clients_tab_open_p50_ms": clients["tab"]["open_p50_ms"],
              "clients_tab_open_p95_ms": clients["tab"]["open_p95_ms"],
              "failure_rate": FAILURE_RATE, "peak_rss_mb": round(peak_rss_mb(), 1)}
    path = write_json("store", {**result, "search": search, "clients": clients})
    console.print(f"[dim]wrote {path}[/]")
    return result
