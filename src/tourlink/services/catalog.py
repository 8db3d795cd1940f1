"""Catalogue use cases: look up, search, edit, bulk-load and summarise entries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tourlink.catalog import (
    AnyEntryT,
    Catalog,
    EntryType,
    Place,
    load_catalog,
    parse_entry,
)
from tourlink.catalog.ports import CatalogRepository, LoadReport
from tourlink.catalog.search import SearchHit, SearchPage, SearchQuery, entry_kind
from tourlink.core.errors import InvalidInputError, NotFoundError
from tourlink.core.geo import GeoPoint
from tourlink.core.i18n import LANGUAGES

NEARBY_RADIUS_KM = 15.0
"""How far "nearby places" on a place page reach."""


@dataclass(frozen=True)
class CatalogService:
    """The catalogue's use cases over a ``CatalogRepository``.

    Parameters
    ----------
    repository
        Where entries live (SQL in production, memory in tests).
    """

    repository: CatalogRepository

    def get(self, entry_id: str, entry_type: EntryType | None = None) -> AnyEntryT:
        """The entry with ``entry_id`` (of ``entry_type`` when given).

        Raises
        ------
        NotFoundError
            When no such entry exists.
        """
        entry = self.repository.get(entry_id)
        if entry is None or (entry_type is not None and entry.type != entry_type):
            kind = entry_type.value.replace("_", " ") if entry_type else "entry"
            raise NotFoundError(
                f"no {kind} with id {entry_id!r}",
                context={"id": entry_id, "type": kind},
            )
        return entry

    def search(self, query: SearchQuery) -> SearchPage:
        """Entries matching ``query``, ranked."""
        return self.repository.search(query)

    def entries(self, entry_type: EntryType | None = None) -> list[AnyEntryT]:
        """Every entry (of one type), ordered by id."""
        return self.repository.list(entry_type)

    def nearby(
        self, entry_id: str, *, radius_km: float = NEARBY_RADIUS_KM, limit: int = 6
    ) -> list[SearchHit]:
        """Places within ``radius_km`` of an entry, nearest first, the entry itself excluded."""
        entry = self.get(entry_id)
        if entry.location is None:
            return []
        query = SearchQuery(
            types=(EntryType.PLACE,),
            near=GeoPoint(entry.location.lat, entry.location.lon),
            radius_km=radius_km,
            sort="distance",
            limit=limit + 1,
        )
        hits = [
            h for h in self.repository.search(query).items if h.entry.id != entry_id
        ]
        return hits[:limit]

    def create(self, raw: Mapping[str, Any]) -> AnyEntryT:
        """Validate and store a new entry (``InvalidInputError`` with field paths)."""
        entry = parse_entry(dict(raw))
        self._check_references(entry)
        self.repository.add(entry)
        return entry

    def update(self, entry_id: str, raw: Mapping[str, Any]) -> AnyEntryT:
        """Replace an entry by a validated new version; the id cannot change."""
        current = self.get(entry_id)
        body = dict(raw)
        body.setdefault("id", entry_id)
        body.setdefault("type", current.type.value)
        if body["id"] != entry_id:
            raise InvalidInputError("the id of an entry cannot change", field="id")
        if body["type"] != current.type.value:
            raise InvalidInputError("the type of an entry cannot change", field="type")
        entry = parse_entry(body)
        self._check_references(entry)
        self.repository.replace(entry)
        return entry

    def delete(self, entry_id: str) -> None:
        """Remove an entry."""
        self.get(entry_id)
        self.repository.delete(entry_id)

    def load(
        self, catalog: Catalog | None = None, *, prune: bool = False
    ) -> LoadReport:
        """Load a validated catalogue (the bundled one by default) in one transaction."""
        data = catalog if catalog is not None else load_catalog()
        return self.repository.load(list(data), prune=prune)

    def _check_references(self, entry: AnyEntryT) -> None:
        for name in (
            "place_id",
            "parent_id",
            "provider_id",
            "operator_id",
            "from_id",
            "to_id",
        ):
            target = getattr(entry, name, None)
            if target is not None and self.repository.get(target) is None:
                raise InvalidInputError(
                    f"{name} refers to {target!r}, which is not in the catalogue",
                    field=name,
                )

    def stats(self) -> dict[str, Any]:
        """Counts by type, kind, province and language, and how many entries are samples."""
        return catalog_stats(self.repository.list())


def catalog_stats(entries: Sequence[AnyEntryT]) -> dict[str, Any]:
    """The summary printed by ``tourlink catalog stats --json``.

    ``by_language`` counts, per language, entries with a description and entries with a
    story in that language.
    """
    by_type = Counter({t.value: 0 for t in EntryType})
    by_kind: Counter[str] = Counter()
    by_province: Counter[str] = Counter()
    by_language = {lang: {"description": 0, "story": 0} for lang in LANGUAGES}
    sample = 0
    for entry in entries:
        by_type[entry.type.value] += 1
        by_kind[entry_kind(entry)] += 1
        if entry.province is not None:
            by_province[entry.province.value] += 1
        for lang in LANGUAGES:
            if lang in entry.description:
                by_language[lang]["description"] += 1
            if lang in entry.story:
                by_language[lang]["story"] += 1
        sample += int(entry.sample)
    return {
        "total": len(entries),
        "by_type": dict(by_type),
        "by_kind": dict(sorted(by_kind.items())),
        "by_province": dict(sorted(by_province.items())),
        "by_language": by_language,
        "sample": sample,
        "approximate_locations": sum(
            1 for e in entries if e.location is not None and e.location.approximate
        ),
        "places_with_story": sum(
            1 for e in entries if isinstance(e, Place) and len(e.story) > 0
        ),
    }
