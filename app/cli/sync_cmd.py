"""`saydo sync` delivers what the outbox owes the configured sinks; `saydo outbox` shows and retries deliveries."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from . import output
from .base import cli, config, fail, open_filing, open_store

outbox_cli = typer.Typer(help="Delivery state per record and sink; retry dead deliveries.")
cli.add_typer(outbox_cli, name="outbox")


def _outbox(store: Any, settings: Any) -> Any:
    from records import Outbox

    return Outbox(store, settings.outbox)


@cli.command()
def sync(as_json: Annotated[bool, typer.Option("--json", help="The summary as JSON on stdout.")] = False) -> None:
    """Deliver confirmed records that are due to every enabled sink, now."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from records import StoreError
    from records.sinks import SinkRejected

    filing = open_filing()
    if not filing.sink_names:
        output.info("no sinks are enabled; add a [[sinks]] section to config.toml to deliver records somewhere")
        if as_json:
            output.json_line({"sinks": [], "delivered": 0, "retrying": 0, "dead": 0})
        return
    try:
        total = filing.due()
        progress = Progress(TextColumn("[bold]delivering"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.description}"), console=output.err, transient=True)
        with progress:
            task = progress.add_task("", total=total)

            def advance(attempt: Any) -> None:
                progress.update(task, advance=1, description=output.safe(f"{attempt.item.sink}: {attempt.state}"))

            report = filing.deliver(on_attempt=advance)
    except SinkRejected as exc:
        raise fail(f"{exc} (fix it in the [[sinks]] section of your config.toml)") from exc
    except StoreError as exc:
        raise fail(str(exc)) from exc
    finally:
        filing.store.close()
    assert report is not None
    if report.busy:
        output.info("another saydo is delivering from this store right now; it will send what is due")
    if as_json:
        output.json_line({
            "busy": report.busy,
            "sinks": [{"sink": name, "delivered": t.delivered, "retrying": t.retrying, "dead": t.dead,
                       "paused": t.paused, "last_error": t.last_error} for name, t in report.sinks.items()],
            "delivered": report.delivered, "retrying": report.retrying, "dead": report.dead,
        })
    else:
        table = Table("sink", "delivered", "retrying", "dead", "note", title=f"{total} due", title_justify="left")
        for name, t in report.sinks.items():
            note = "paused after repeated failures; " if t.paused else ""
            table.add_row(output.safe(name), str(t.delivered), str(t.retrying), str(t.dead),
                          output.safe(note + (t.last_error or "")))
        output.out.print(table)
        if report.retrying:
            output.info(f"{report.retrying} will be retried automatically; `saydo outbox --failed` shows why")
    if report.dead:
        raise fail(f"{report.dead} deliveries gave up; see `saydo outbox --failed`, then `saydo outbox retry ID`")


@outbox_cli.callback(invoke_without_command=True)
def outbox_list(
    ctx: typer.Context,
    failed: Annotated[bool, typer.Option("--failed", help="Only dead deliveries and ones that failed last time.")]
    = False,
    record: Annotated[str | None, typer.Option("--record", help="Only this record (id or prefix).")] = None,
    limit: Annotated[int, typer.Option(help="How many, most recently queued first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Delivery state per record and sink."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from records import StoreError

    settings, _ = config()
    store = open_store()
    try:
        items = _outbox(store, settings).items(record, limit=None if failed else limit)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    if failed:
        items = [i for i in items if i.state == "dead" or i.last_error][:limit]
    if as_json:
        for item in items:
            output.json_line(item.__dict__)
        return
    if not items:
        output.info("nothing failed" if failed else "the outbox is empty")
        return
    table = Table("record", "sink", "rev", "action", "state", "tries", "when", "last error")
    colour = {"delivered": "green", "pending": "yellow", "dead": "red"}
    for item in items:
        when = item.delivered_at if item.state == "delivered" else item.next_attempt_at if item.state == "pending" \
            else ""
        table.add_row(item.record_id, output.safe(item.sink), str(item.revision), item.action,
                      f"[{colour[item.state]}]{item.state}[/]", str(item.attempts),
                      (when or "")[:19].replace("T", " "), output.safe(item.last_error or ""))
    output.out.print(table)


@outbox_cli.command("retry")
def outbox_retry(
    record_id: Annotated[str, typer.Argument(help="Record id (or a unique prefix).")],
    sink: Annotated[str | None, typer.Option(help="Only this sink.")] = None,
) -> None:
    """Give a record's dead deliveries a fresh set of attempts; `saydo sync` sends them."""
    from records import StoreError

    settings, _ = config()
    store = open_store()
    try:
        count = _outbox(store, settings).retry(record_id, sink)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    if count == 0:
        raise fail(f"no dead deliveries for {record_id}" + (f" to {sink}" if sink else ""))
    deliveries = "delivery" if count == 1 else "deliveries"
    output.out.print(f"[green]queued again[/] {count} {deliveries} of {output.safe(record_id)}")
