from __future__ import annotations

from tourlink.core.errors import FieldError, InvalidInputError, NotFoundError


def test_field_error_renders_json_pointer_and_dotted_path() -> None:
    err = FieldError(("places", 3, "name", "ja"), "required")
    assert err.pointer == "/places/3/name/ja"
    assert err.dotted == "places[3].name.ja"


def test_field_error_description_names_file_entry_and_field() -> None:
    err = FieldError(
        ("kind",), "unknown kind", source="places.yaml", entry="#2 ngoc-rong"
    )
    assert (
        err.describe() == "places.yaml: entry '#2 ngoc-rong': field kind: unknown kind"
    )


def test_errors_carry_stable_codes_and_statuses() -> None:
    assert NotFoundError("x").code == "not_found"
    assert NotFoundError("x").status == 404
    assert InvalidInputError("x", code="units_invalid").code == "units_invalid"


def test_error_string_lists_every_field_error() -> None:
    exc = InvalidInputError(
        "2 errors", errors=[FieldError(("a",), "m1"), FieldError(("b",), "m2")]
    )
    assert str(exc).splitlines() == ["2 errors", "  - field a: m1", "  - field b: m2"]
