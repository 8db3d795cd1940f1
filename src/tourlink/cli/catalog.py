"""``tourlink catalog``: validate, load, export and summarise the catalogue."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from tourlink import bootstrap
from tourlink.catalog import AnyEntryT, Catalog, EntryType, load_catalog
from tourlink.catalog.formats import (
    entry_to_data,
    to_geojson,
    to_jsonld_graph,
)
from tourlink.core.i18n import LANGUAGES
from tourlink.services.catalog import catalog_stats

from .common import console, current_settings, reports_errors, status_console

app = typer.Typer(
    help="The catalogue: validate, load, export, stats.", no_args_is_help=True
)

PathArgument = Annotated[
    Path | None,
    typer.Argument(
        help="A data file or directory (default: TOURLINK_DATA_DIR or the bundled data).",
        show_default=False,
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Read these data files instead of the database.",
        show_default=False,
    ),
]


class ExportFormat(StrEnum):
    """Formats ``catalog export`` writes."""

    JSON = "json"
    YAML = "yaml"
    GEOJSON = "geojson"
    JSONLD = "jsonld"


def _read(path: Path | None) -> Catalog:
    settings = current_settings()
    source = path or settings.data_dir
    with status_console().status("Reading and validating the catalogue…"):
        return load_catalog(source)


def _entries(data: Path | None) -> list[AnyEntryT]:
    if data is not None:
        return list(_read(data))
    with bootstrap.open_services(current_settings()) as services:
        return services.catalog.entries()


def _count_line(entries: Sequence[AnyEntryT]) -> str:
    counts = catalog_stats(entries)["by_type"]
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)


@app.command("validate")
@reports_errors
def validate(path: PathArgument = None) -> None:
    """Check data files; print every error (file, entry, field) and exit 1 if any."""
    catalog = _read(path)
    entries = list(catalog)
    files = len(set(catalog.origin.values()))
    console().print(
        f"✓ {len(entries)} entries in {files} files are valid ({_count_line(entries)})",
        markup=False,
    )


@app.command("load")
@reports_errors
def load(
    path: PathArgument = None,
    prune: Annotated[
        bool, typer.Option(help="Also delete entries that are not in the files.")
    ] = False,
) -> None:
    """Validate data files and load them into the database in one transaction.

    Idempotent: loading the same files twice changes nothing the second time.
    """
    catalog = _read(path)
    with (
        bootstrap.open_services(current_settings()) as services,
        status_console().status(f"Loading {len(catalog)} entries…"),
    ):
        report = services.catalog.load(catalog, prune=prune)
    table = Table(title="Catalogue load", show_header=True)
    table.add_column("created", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("removed", justify="right")
    table.add_row(
        str(len(report.created)),
        str(len(report.updated)),
        str(len(report.unchanged)),
        str(len(report.removed)),
    )
    console().print(table)


@app.command("export")
@reports_errors
def export(
    format_: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.JSON,
    types: Annotated[
        list[EntryType] | None,
        typer.Option("--type", "-t", help="Only entries of this type (repeatable)."),
    ] = None,
    language: Annotated[
        str, typer.Option("--language", "-l", help="Language of GeoJSON/JSON-LD texts.")
    ] = "en",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout."),
    ] = None,
    data: DataOption = None,
) -> None:
    """Write the catalogue (from the database by default) as JSON, YAML, GeoJSON or JSON-LD."""
    if language not in LANGUAGES:
        raise typer.BadParameter(
            f"use one of {', '.join(LANGUAGES)}", param_hint="--language"
        )
    every = _entries(data)
    chosen = [e for e in every if not types or e.type in types]
    text = _render(format_, chosen, every, language)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        status_console().print(f"wrote {len(chosen)} entries to {output}", markup=False)


def _render(
    format_: ExportFormat,
    chosen: list[AnyEntryT],
    every: list[AnyEntryT],
    language: str,
) -> str:
    document: Any
    if format_ == ExportFormat.YAML:
        return yaml.safe_dump(
            [entry_to_data(e) for e in chosen], allow_unicode=True, sort_keys=False
        )
    if format_ == ExportFormat.GEOJSON:
        by_id = {e.id: e for e in every}
        document = to_geojson(chosen, language, resolve=by_id.get)
    elif format_ == ExportFormat.JSONLD:
        document = to_jsonld_graph(chosen, language)
    else:
        document = [entry_to_data(e) for e in chosen]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@app.command("stats")
@reports_errors
def stats(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of tables.")
    ] = False,
    data: DataOption = None,
) -> None:
    """Count entries by type, kind, province and language (from the database by default)."""
    summary = catalog_stats(_entries(data))
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    out = console()
    out.print(
        f"{summary['total']} entries, {summary['sample']} of them sample data",
        markup=False,
    )
    for title, key in (
        ("By type", "by_type"),
        ("By kind", "by_kind"),
        ("By province", "by_province"),
    ):
        table = Table(title=title)
        table.add_column(title.removeprefix("By "))
        table.add_column("entries", justify="right")
        for name, count in summary[key].items():
            table.add_row(name, str(count))
        out.print(table)
    languages = Table(title="By language")
    languages.add_column("language")
    languages.add_column("descriptions", justify="right")
    languages.add_column("stories", justify="right")
    for lang, counts in summary["by_language"].items():
        languages.add_row(lang, str(counts["description"]), str(counts["story"]))
    out.print(languages)
