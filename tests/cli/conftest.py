"""CLI fixtures: a Typer runner over a throwaway SQLite database in a temporary directory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from tests.storage.factories import small_catalogue
from tourlink.catalog.formats import entry_to_data
from tourlink.cli.main import app


class Cli:
    """Invokes ``tourlink`` in-process with the environment of the test."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A CLI whose database is ``var/tourlink.sqlite3`` under a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOURLINK_DATABASE_URL", "sqlite:///var/tourlink.sqlite3")
    monkeypatch.setenv("TOURLINK_ENVIRONMENT", "test")
    monkeypatch.delenv("TOURLINK_DATA_DIR", raising=False)
    return Cli()


def write_entries(path: Path, entries: Sequence[object]) -> Path:
    """Write raw entries (dicts) as a YAML data file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(list(entries), allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def small_data_dir(tmp_path: Path) -> Path:
    """A valid data directory with the nine entries of ``small_catalogue``."""
    entries = [entry_to_data(e) for e in small_catalogue()]
    write_entries(tmp_path / "data" / "places.yaml", entries[:5])
    write_entries(tmp_path / "data" / "more.yaml", entries[5:])
    return tmp_path / "data"
