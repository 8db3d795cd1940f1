from __future__ import annotations

from pathlib import Path

import pytest

from tourlink.catalog import CatalogInvalidError, load_catalog, parse_entry
from tourlink.core.errors import InvalidInputError

GOOD = """
- type: place
  id: thien-cung-cave
  kind: cave
  name: {vi: "Động Thiên Cung", en: "Thien Cung Cave"}
  province: quang-ninh
  location: {lat: 20.9136, lon: 107.0117}
  opening_hours: "Mo-Su 07:00-17:00"
  sources: [{title: "Wikipedia: Thien Cung Cave", url: "https://en.wikipedia.org/wiki/Thien_Cung_Cave"}]
- type: experience
  id: thien-cung-light-show
  kind: light_show
  place_id: thien-cung-cave
  name: {vi: "Trình diễn ánh sáng", en: "Light show"}
  duration_minutes: 45
  sessions: ["19:00", "20:30"]
  capacity_per_session: 60
  sample: true
"""


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the temporary folder so that reports show short relative file names."""
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return Path(name)


def errors_of(path: Path) -> list[str]:
    with pytest.raises(CatalogInvalidError) as info:
        load_catalog(path)
    return [e.describe() for e in info.value.errors]


def test_valid_file_loads_every_entry(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, "a.yaml", GOOD))
    assert sorted(catalog.entries) == ["thien-cung-cave", "thien-cung-light-show"]


def test_sessions_are_parsed_as_local_times(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, "a.yaml", GOOD))
    show = catalog.entries["thien-cung-light-show"]
    assert [s.isoformat() for s in getattr(show, "sessions", ())] == [
        "19:00:00",
        "20:30:00",
    ]


def test_every_error_is_reported_with_file_entry_and_field(tmp_path: Path) -> None:
    broken = GOOD.replace("kind: cave", "kind: cavern").replace(
        'opening_hours: "Mo-Su 07:00-17:00"', 'opening_hours: "Mo-Xx 07:00"'
    )
    broken = broken.replace("duration_minutes: 45", "duration_minutes: 0")
    found = errors_of(write(tmp_path, "broken.yaml", broken))
    assert any(
        e.startswith("broken.yaml: entry '#1 thien-cung-cave': field kind:")
        for e in found
    ), found
    assert any(
        "field opening_hours: not valid opening_hours syntax" in e for e in found
    ), found
    assert any(
        "entry '#2 thien-cung-light-show': field duration_minutes:" in e for e in found
    ), found


def test_dangling_reference_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("place_id: thien-cung-cave", "place_id: no-such-cave")
    found = errors_of(write(tmp_path, "a.yaml", text))
    assert found == [
        "a.yaml: entry 'thien-cung-light-show': field place_id: "
        "refers to 'no-such-cave', which is not in the catalogue"
    ]


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    found = errors_of(Path())
    assert sum("duplicate id (already defined in a.yaml)" in e for e in found) == 2


def test_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    found = errors_of(write(tmp_path, "bad.yaml", "- type: place\n  name: [unclosed\n"))
    assert len(found) == 1
    assert found[0].startswith("bad.yaml")


def test_real_entry_without_sources_is_rejected(tmp_path: Path) -> None:
    text = GOOD.split("- type: experience")[0].replace(
        '  sources: [{title: "Wikipedia: Thien Cung Cave", url: "https://en.wikipedia.org/wiki/Thien_Cung_Cave"}]\n',
        "",
    )
    found = errors_of(write(tmp_path, "a.yaml", text))
    assert any("needs at least one source" in e for e in found), found


def test_name_needs_vietnamese_and_english(tmp_path: Path) -> None:
    text = GOOD.replace(
        'name: {vi: "Động Thiên Cung", en: "Thien Cung Cave"}', "name: {ja: 天宮洞}"
    )
    found = errors_of(write(tmp_path, "a.yaml", text))
    assert any("field name: name needs a text in vi, en" in e for e in found), found


def test_top_level_must_be_a_list(tmp_path: Path) -> None:
    found = errors_of(write(tmp_path, "a.yaml", "id: x\n"))
    assert found == ["a.yaml: expected a list of entries at the top level"]


def test_parse_entry_raises_invalid_input_with_field_paths() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_entry({"type": "place", "id": "x-1", "kind": "cave", "name": {"vi": "x"}})
    assert [e.path for e in info.value.errors] == [("name",)]


def test_unknown_entry_type_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_entry({"type": "spaceship", "id": "x-1"})
    assert info.value.errors[0].path == ("type",) or info.value.errors[0].path == ()
