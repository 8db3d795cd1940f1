"""``tourlink catalog validate``: a summary on success, every error located on failure."""

from __future__ import annotations

from pathlib import Path

from .conftest import Cli, write_entries

GOOD_PLACE = {
    "type": "place",
    "id": "good-cave",
    "kind": "cave",
    "sample": True,
    "name": {"vi": "Hang Tốt", "en": "Good Cave"},
}


def test_the_bundled_catalogue_is_valid(cli: Cli) -> None:
    result = cli("catalog", "validate")
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


def test_a_valid_directory_is_summarised(cli: Cli, small_data_dir: Path) -> None:
    result = cli("catalog", "validate", str(small_data_dir))
    assert result.exit_code == 0
    assert "9 entries in 2 files are valid" in result.stdout


def test_every_error_is_reported_with_file_entry_and_field(
    cli: Cli, tmp_path: Path
) -> None:
    data = tmp_path / "broken"
    write_entries(
        data / "a.yaml",
        [
            GOOD_PLACE,
            {**GOOD_PLACE, "id": "Bad_ID"},
            {**GOOD_PLACE, "id": "no-vi-name", "name": {"en": "Only English"}},
            {**GOOD_PLACE, "id": "odd-kind", "kind": "volcano"},
            {**GOOD_PLACE, "id": "bad-hours", "opening_hours": "Mo-Su 25:00-99:00"},
            {**GOOD_PLACE, "id": "orphan-cave", "parent_id": "no-such-place"},
        ],
    )
    write_entries(data / "b.yaml", [GOOD_PLACE])
    result = cli("catalog", "validate", str(data))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: the catalogue has 6 errors"

    def line_for(entry: str) -> str:
        matches = [line for line in lines[1:] if f"entry '{entry}'" in line]
        assert len(matches) == 1, (entry, lines)
        return matches[0]

    assert line_for("#2 Bad_ID").startswith("a.yaml: entry '#2 Bad_ID': field id: ")
    assert line_for("#3 no-vi-name").startswith(
        "a.yaml: entry '#3 no-vi-name': field name: name needs a text in vi"
    )
    assert line_for("#4 odd-kind").startswith(
        "a.yaml: entry '#4 odd-kind': field kind: "
    )
    assert line_for("#5 bad-hours").startswith(
        "a.yaml: entry '#5 bad-hours': field opening_hours: "
    )
    assert line_for("orphan-cave") == (
        "a.yaml: entry 'orphan-cave': field parent_id: refers to 'no-such-place', "
        "which is not in the catalogue"
    )
    assert line_for("good-cave").startswith(
        "b.yaml: entry 'good-cave': field id: duplicate id (already defined in a.yaml)"
    )
    assert "Traceback" not in result.output


def test_a_yaml_syntax_error_names_the_file(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- type: place\n  id: [unclosed\n", "utf-8")
    result = cli("catalog", "validate", str(broken))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith(f"{broken}: ")
    assert "Traceback" not in result.output


def test_a_missing_path_is_an_error_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli("catalog", "validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
