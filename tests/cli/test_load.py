"""``tourlink db upgrade`` and ``tourlink catalog load``: idempotent, transactional, honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.storage import pg
from tourlink.storage import head_revision

from .conftest import Cli


def counts(output: str) -> list[int]:
    """The created/updated/unchanged/removed numbers of the summary table."""
    row = [line for line in output.splitlines() if re.search(r"\d", line)][-1]
    return [int(n) for n in re.findall(r"\d+", row)]


def test_db_upgrade_creates_the_sqlite_file_and_schema(cli: Cli) -> None:
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert f"revision {head_revision()} (newest)" in result.stdout
    assert Path("var/tourlink.sqlite3").exists()
    status = cli("db", "status")
    assert status.exit_code == 0
    assert "up to date" in status.stdout


def test_load_without_a_schema_asks_for_an_upgrade(
    cli: Cli, small_data_dir: Path
) -> None:
    result = cli("catalog", "load", str(small_data_dir))
    assert result.exit_code == 1
    assert "run `tourlink db upgrade` first" in result.stderr
    assert "Traceback" not in result.output


def test_loading_twice_creates_nothing_the_second_time(
    cli: Cli, small_data_dir: Path
) -> None:
    cli("db", "upgrade")
    first = cli("catalog", "load", str(small_data_dir))
    assert first.exit_code == 0, first.stderr
    assert counts(first.stdout) == [9, 0, 0, 0]
    second = cli("catalog", "load", str(small_data_dir))
    assert counts(second.stdout) == [0, 0, 9, 0]


def test_load_prune_removes_entries_missing_from_the_files(
    cli: Cli, small_data_dir: Path
) -> None:
    cli("db", "upgrade")
    cli("catalog", "load", str(small_data_dir))
    (small_data_dir / "more.yaml").unlink()
    kept = cli("catalog", "load", str(small_data_dir))
    assert counts(kept.stdout) == [0, 0, 5, 0]
    pruned = cli("catalog", "load", str(small_data_dir), "--prune")
    assert counts(pruned.stdout) == [0, 0, 5, 4]


def test_an_invalid_catalogue_loads_nothing(cli: Cli, small_data_dir: Path) -> None:
    cli("db", "upgrade")
    (small_data_dir / "zz.yaml").write_text("- type: place\n  id: x\n", "utf-8")
    result = cli("catalog", "load", str(small_data_dir))
    assert result.exit_code == 1
    assert "zz.yaml: entry '#1 x'" in result.stderr
    stats = cli("catalog", "stats", "--json")
    assert '"total": 0' in stats.stdout


def test_the_bundled_catalogue_loads_idempotently(cli: Cli) -> None:
    cli("db", "upgrade")
    first = cli("catalog", "load")
    assert first.exit_code == 0, first.stderr
    created = counts(first.stdout)[0]
    assert created >= 30
    second = cli("catalog", "load")
    assert counts(second.stdout) == [0, 0, created, 0]


def test_an_unreachable_database_is_a_message(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "TOURLINK_DATABASE_URL",
        "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2",
    )
    result = cli("db", "upgrade")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database error: ")
    assert "Traceback" not in result.output


@pytest.mark.postgres
def test_load_honours_a_postgresql_database_url(
    cli: Cli,
    small_data_dir: Path,
    postgres_admin_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pg.temporary_database(postgres_admin_url) as url:
        monkeypatch.setenv("TOURLINK_DATABASE_URL", url)
        assert cli("db", "upgrade").exit_code == 0
        assert counts(cli("catalog", "load", str(small_data_dir)).stdout)[0] == 9
        again = cli("catalog", "load", str(small_data_dir))
        assert counts(again.stdout) == [0, 0, 9, 0]
    assert not Path("var").exists()
