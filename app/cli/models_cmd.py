"""`saydo models …`: the catalog, the model files on this machine, downloads and what suits this hardware."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..settings import Settings
from . import output
from .base import JsonOpt, cli, config, fail

models_cli = typer.Typer(help="The speech and language models saydo uses.", no_args_is_help=True)
cli.add_typer(models_cli, name="models")

IdArg = Annotated[str, typer.Argument(help="A model id from `saydo models list`.")]


def _spec(model_id: str) -> Any:
    from models import UnknownModel, get_model

    try:
        return get_model(model_id)
    except UnknownModel as exc:
        raise fail(str(exc)) from exc


def _in_use(settings: Settings) -> dict[str, str]:
    return {settings.asr.model: "asr.model", settings.llm.model: "llm.model"}


def _source(settings: Settings) -> Any:
    from models import HubSource

    cfg = settings.models
    return HubSource(endpoint=cfg.hub_endpoint, proxy=cfg.proxy, offline=cfg.offline)


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size else "?"


@models_cli.command("list")
def models_list(as_json: JsonOpt = False) -> None:
    """The models saydo knows, whether each is on this machine, and which are in use."""
    from rich.table import Column, Table

    from models import catalog, is_installed

    settings, paths = config()
    in_use = _in_use(settings)
    rows = [{"id": s.id, "kind": s.kind, "tier": s.tier, "size_bytes": s.size_bytes, "license": s.license,
             "source": s.source, "installed": is_installed(s, paths.models_dir), "in_use": s.id in in_use}
            for s in catalog()]
    if as_json:
        output.json_line({"models": rows})
        return
    table = Table(Column("id", no_wrap=True), "kind", "tier", Column("size", justify="right"), "licence", "status",
                  caption=f"files in {paths.models_dir}")
    for row in rows:
        status = "[bold green]in use[/]" if row["in_use"] else "[green]installed[/]" if row["installed"] else "—"
        table.add_row(row["id"], row["kind"], row["tier"], _mb(row["size_bytes"]), row["license"], status)
    # Model ids are long: keep rows on one line even when stdout is a pipe (rich assumes 80 columns there).
    if not output.out.is_terminal:
        output.out.width = 110
    output.out.print(table)


@models_cli.command("pull")
def models_pull(model_id: IdArg) -> None:
    """Download a model (resuming an interrupted download) and verify every file's sha256."""
    from models import ModelError, pull

    settings, paths = config()
    spec = _spec(model_id)
    try:
        with output.model_progress() as progress:
            directory = pull(spec, paths.models_dir, _source(settings), progress(spec))
    except ModelError as exc:
        raise fail(str(exc)) from exc
    output.out.print(f"[green]ok[/] {spec.id} in {directory} (sha256 verified)")
    if spec.id not in _in_use(settings):
        output.info(f"to use it, set {spec.kind}.model = \"{spec.id}\" in {paths.config_file}")


@models_cli.command("verify")
def models_verify(
    model_id: Annotated[str | None, typer.Argument(help="One model; default: those in use and all installed.")]
    = None,
) -> None:
    """Check every file's sha256; files copied in by hand (air-gapped install) are adopted here."""
    from models import ModelError, catalog, is_installed, verify

    settings, paths = config()
    if model_id:
        specs = [_spec(model_id)]
    else:
        in_use = _in_use(settings)
        specs = [s for s in catalog() if s.id in in_use or (s.source == "hub" and is_installed(s, paths.models_dir))]
    bad = False
    with output.model_progress() as progress:
        for spec in specs:
            try:
                report = verify(spec, paths.models_dir, progress(spec))
            except ModelError as exc:
                output.error(str(exc))
                bad = True
                continue
            if not report.ok:
                bad = True
                fix = "run any command to reassemble" if spec.source == "pypi" else f"run `saydo models pull {spec.id}`"
                output.error(f"{spec.id}: missing or damaged: {', '.join(report.bad)}; {fix}")
                continue
            for name in report.recorded:
                output.warn(f"{spec.id}: {name} has no published sha256 to check; its hash is recorded so later "
                            "changes are caught")
            output.out.print(f"[green]ok[/] {spec.id} ({_mb(spec.size_bytes)}, sha256 verified)")
    if bad:
        raise typer.Exit(1)


@models_cli.command("remove")
def models_remove(
    model_id: IdArg,
    force: Annotated[bool, typer.Option("--force", help="Remove it even though the settings use it.")] = False,
) -> None:
    """Delete a model's files from the cache (a bundled model's packages stay; it is reassembled when used)."""
    from models import remove

    settings, paths = config()
    spec = _spec(model_id)
    setting = _in_use(settings).get(spec.id)
    if setting and not force:
        raise fail(f"{spec.id} is in use ({setting}); choose another model first, or pass --force")
    freed = remove(spec, paths.models_dir)
    note = "; its packages stay installed and it is assembled again on next use" if spec.source == "pypi" else ""
    output.out.print(f"removed {spec.id} ({_mb(freed) if freed else 'nothing was on disk'}){note}")


@models_cli.command("recommend")
def models_recommend(as_json: JsonOpt = False) -> None:
    """The models that suit this machine, with the reasons, and the settings to use them."""
    from rich.markup import escape

    from models import catalog, is_installed
    from models.hardware import detect
    from models.recommend import recommend

    settings, paths = config()
    hardware = detect(paths.models_dir)
    installed = frozenset(s.id for s in catalog() if s.source == "hub" and is_installed(s, paths.models_dir))
    rec = recommend(hardware, installed=installed, offline=settings.models.offline)
    if as_json:
        output.json_line({"hardware": hardware.model_dump(), "recommendation": rec.model_dump()})
        return
    for note in rec.notes:
        output.out.print(note)
    for choice in (rec.asr, rec.llm):
        where = (f"{choice.device}, {choice.compute_type}" if choice.kind == "asr"
                 else f"{choice.device}, gpu_layers {choice.gpu_layers}")
        output.out.print(f"\n[bold]{choice.kind}[/]: {choice.model_id} ({where})")
        for reason in choice.reasons:
            output.out.print(f"  • {reason}")
    output.out.print(escape(f"\nsettings ({paths.config_file}):\n"
                            f"  [asr] model = \"{rec.asr.model_id}\", device = \"{rec.asr.device}\", "
                            f"compute_type = \"{rec.asr.compute_type}\"\n"
                            f"  [llm] model = \"{rec.llm.model_id}\", gpu_layers = {rec.llm.gpu_layers}"))
    missing = [c.model_id for c in (rec.asr, rec.llm)
               if c.model_id not in installed and _spec(c.model_id).source == "hub"]
    for model_id in missing:
        output.out.print(f"  then: saydo models pull {model_id}")
