"""``tourlink catalog stats``: one JSON object of the documented shape, or Rich tables."""

from __future__ import annotations

import json
from pathlib import Path

from tourlink.core.i18n import LANGUAGES

from .conftest import Cli

TYPES = ["place", "experience", "event", "provider", "transport_link"]


def test_stats_json_prints_exactly_one_object_of_the_documented_shape(
    cli: Cli, small_data_dir: Path
) -> None:
    cli("db", "upgrade")
    cli("catalog", "load", str(small_data_dir))
    result = cli("catalog", "stats", "--json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert stats["total"] == 9
    assert list(stats["by_type"]) == TYPES
    assert stats["by_type"] == {
        "place": 5,
        "experience": 1,
        "event": 1,
        "provider": 1,
        "transport_link": 1,
    }
    assert stats["by_kind"]["hub"] == 2
    assert stats["by_kind"]["ferry"] == 1
    assert stats["by_province"] == {"hai-phong": 3, "quang-ninh": 5}
    assert list(stats["by_language"]) == list(LANGUAGES)
    assert stats["by_language"]["ja"] == {"description": 1, "story": 0}
    assert stats["sample"] == 9


def test_stats_of_data_files_need_no_database(cli: Cli, small_data_dir: Path) -> None:
    result = cli("catalog", "stats", "--json", "--data", str(small_data_dir))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 9
    assert not Path("var").exists()


def test_stats_without_json_prints_tables(cli: Cli, small_data_dir: Path) -> None:
    result = cli("catalog", "stats", "--data", str(small_data_dir))
    assert result.exit_code == 0
    for title in ("By type", "By kind", "By province", "By language"):
        assert title in result.stdout
    assert "9 entries, 9 of them sample data" in result.stdout
