"""Read catalogue data files (YAML or JSON) into validated entries, reporting every flaw.

A data file holds a list of entries, each with a ``type`` (``place``, ``experience``,
``event``, ``provider``, ``transport_link``); a directory is read file by file in name order.
Validation is all-or-nothing: ``load_catalog`` raises ``CatalogInvalidError`` listing every error
with its file, entry and field, and returns a ``Catalog`` only when everything is valid
(so a database load from it can be a single transaction).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, TypeAdapter, ValidationError

from tourlink.core.errors import FieldError, InvalidInputError

from .events import Event
from .experiences import Experience
from .places import Place
from .providers import Provider
from .transport import TransportLink

AnyEntry = Annotated[
    Place | Experience | Event | Provider | TransportLink, Field(discriminator="type")
]
"""A catalogue entry of any type, discriminated by its ``type`` field."""

AnyEntryT = Place | Experience | Event | Provider | TransportLink
"""The same union for annotations (without the pydantic discriminator)."""

_ADAPTER: TypeAdapter[AnyEntryT] = TypeAdapter(AnyEntry)
DATA_SUFFIXES = (".yaml", ".yml", ".json")


class CatalogInvalidError(InvalidInputError):
    """One or more catalogue entries are invalid; ``errors`` lists each with file and field."""

    default_code = "catalog_invalid"


@dataclass
class Catalog:
    """A validated set of entries, indexed by id."""

    entries: dict[str, AnyEntryT] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    """For each id, the file it came from."""

    def __iter__(
        self,
    ) -> Iterator[AnyEntryT]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def of_type(self, cls: type[Any]) -> list[Any]:
        return [e for e in self.entries.values() if isinstance(e, cls)]


def bundled_data_dir() -> Path:
    """The directory of the bundled regional catalogue shipped inside the package."""
    return Path(str(resources.files("tourlink.catalog") / "data"))


def _data_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.suffix in DATA_SUFFIXES and p.is_file()
        )
    return [path]


def _read_file(path: Path, display: str) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise CatalogInvalidError(
            f"{display} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}",
            errors=[FieldError((), " ".join(str(exc).split()), "syntax", display)],
        ) from None
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        return list(data["entries"])
    if not isinstance(data, list):
        raise CatalogInvalidError(
            f"{display} must hold a list of entries",
            errors=[
                FieldError(
                    (), "expected a list of entries at the top level", "type", display
                )
            ],
        )
    return data


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"#{index + 1} {raw['id']}"
    return f"#{index + 1}"


def validate_entries(
    raws: Sequence[Any], display: str
) -> tuple[list[AnyEntryT], list[FieldError]]:
    """Validate raw entries from one source; return the good ones and every error."""
    good: list[AnyEntryT] = []
    errors: list[FieldError] = []
    for index, raw in enumerate(raws):
        label = _entry_label(raw, index)
        try:
            good.append(_ADAPTER.validate_python(raw))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                # Drop the discriminator tag pydantic puts first ("place", ...).
                if loc and isinstance(raw, dict) and loc[0] == raw.get("type"):
                    loc = loc[1:]
                message = str(err["msg"]).removeprefix("Value error, ")
                errors.append(
                    FieldError(loc, message, str(err["type"]), display, label)
                )
    return good, errors


def _check_references(catalog: Catalog) -> list[FieldError]:
    errors: list[FieldError] = []
    ids = catalog.entries
    ref_fields = (
        "place_id",
        "parent_id",
        "provider_id",
        "operator_id",
        "from_id",
        "to_id",
    )
    for entry in catalog:
        for name in ref_fields:
            target = getattr(entry, name, None)
            if target is not None and target not in ids:
                errors.append(
                    FieldError(
                        (name,),
                        f"refers to {target!r}, which is not in the catalogue",
                        "unknown_reference",
                        catalog.origin.get(entry.id),
                        entry.id,
                    )
                )
    return errors


def load_catalog(paths: Iterable[Path] | Path | None = None) -> Catalog:
    """Read and validate catalogue files or directories (the bundled data by default).

    Raises
    ------
    CatalogInvalidError
        With every error found (file, entry, field, message), if anything is invalid.
    """
    if paths is None:
        paths = [bundled_data_dir()]
    elif isinstance(paths, Path):
        paths = [paths]
    catalog = Catalog()
    errors: list[FieldError] = []
    for root in paths:
        if not root.exists():
            raise CatalogInvalidError(f"{root} does not exist", field="path")
        for file in _data_files(root):
            display = file.name if root.is_dir() else str(root)
            if root.is_dir():
                display = file.relative_to(root).as_posix()
            try:
                raws = _read_file(file, display)
            except CatalogInvalidError as exc:
                errors.extend(exc.errors)
                continue
            good, bad = validate_entries(raws, display)
            errors.extend(bad)
            for entry in good:
                if entry.id in catalog.entries:
                    errors.append(
                        FieldError(
                            ("id",),
                            f"duplicate id (already defined in {catalog.origin[entry.id]})",
                            "duplicate_id",
                            display,
                            entry.id,
                        )
                    )
                    continue
                catalog.entries[entry.id] = entry
                catalog.origin[entry.id] = display
    errors.extend(_check_references(catalog))
    if errors:
        noun = "error" if len(errors) == 1 else "errors"
        raise CatalogInvalidError(
            f"the catalogue has {len(errors)} {noun}", errors=errors
        )
    return catalog


def parse_entry(raw: Any) -> AnyEntryT:
    """Validate one raw entry (an API body); raise ``InvalidInputError`` with field paths."""
    good, errors = validate_entries([raw], "request")
    if errors:
        raise InvalidInputError("the entry is invalid", errors=errors)
    return good[0]
