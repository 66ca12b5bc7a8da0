"""`saydo models …`: the catalog and the model files on this machine."""

from __future__ import annotations

import typer

from .. import output
from .base import cli, config

models_cli = typer.Typer(help="The speech and language models saydo uses.", no_args_is_help=True)
cli.add_typer(models_cli, name="models")


@models_cli.command("list")
def models_list() -> None:
    """The models saydo knows, and whether each is ready on this machine."""
    from rich.table import Table

    from models import catalog

    settings, paths = config()
    table = Table("id", "kind", "size", "licence", "source", "in use")
    in_use = {settings.asr.model, settings.llm.model}
    for spec in catalog():
        table.add_row(spec.id, spec.kind, f"{spec.size_bytes / 2**20:,.0f} MB", spec.license, spec.source,
                      "yes" if spec.id in in_use else "")
    output.out.print(table)


@models_cli.command("verify")
def models_verify() -> None:
    """Assemble the models in use if needed and check every file's sha256."""
    from models import ModelError, ensure_bundled, get_model, verify_bundled

    settings, paths = config()
    bad = False
    with output.model_progress() as progress:
        for model_id in (settings.asr.model, settings.llm.model):
            spec = get_model(model_id)
            try:
                ensure_bundled(spec, paths.models_dir, progress(spec))
                damaged = verify_bundled(spec, paths.models_dir, progress(spec))
            except ModelError as exc:
                output.error(str(exc))
                bad = True
                continue
            if damaged:
                bad = True
                output.error(f"{spec.id}: damaged files {', '.join(damaged)}; run any command to reassemble")
            else:
                output.out.print(f"[green]ok[/] {spec.id} ({spec.size_bytes / 2**20:,.0f} MB, sha256 verified)")
    if bad:
        raise typer.Exit(1)
