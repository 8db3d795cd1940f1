"""``SqlCatalogRepository``: the catalogue in SQLite or PostgreSQL, searched like the memory store.

Search runs in two steps. SQL finds the *candidates* — entries passing the structured filters
(type, kind, province, sample, a bounding box around ``near`` for ``radius_km``) that contain
every required query term in ``catalog_terms`` (``GROUP BY entry_id HAVING COUNT(DISTINCT
term) = n``) — and reads their matched term weights and the terms' document frequencies.
Then :func:`tourlink.catalog.search.rank` applies the remaining filters (tags, opening hours,
language, the exact radius) and scores, sorts and paginates, exactly as it does for
:class:`~tourlink.catalog.memory.MemoryCatalogRepository`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tourlink.catalog import parse_entry
from tourlink.catalog.formats import entry_to_data
from tourlink.catalog.kinds import EntryType
from tourlink.catalog.loader import AnyEntryT
from tourlink.catalog.ports import LoadReport
from tourlink.catalog.search import (
    SearchPage,
    SearchQuery,
    TermStats,
    entry_kind,
    entry_terms,
    rank,
)
from tourlink.core.errors import ConflictError, NotFoundError
from tourlink.core.geo import EARTH_RADIUS_KM

from .database import Database
from .tables import CatalogEntryRow, CatalogTermRow, metadata

_BATCH = 500
"""Rows per multi-row INSERT (well under SQLite's bound-parameter limit)."""

Entries = metadata.tables[CatalogEntryRow.__tablename__]
Terms = metadata.tables[CatalogTermRow.__tablename__]


def _row(entry: AnyEntryT, now: datetime) -> dict[str, Any]:
    location = entry.location
    return {
        "id": entry.id,
        "type": entry.type.value,
        "kind": entry_kind(entry),
        "province": entry.province.value if entry.province else None,
        "sample": entry.sample,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "data": entry_to_data(entry),
        "updated_at": now,
    }


def _term_rows(entry: AnyEntryT) -> list[dict[str, Any]]:
    return [
        {"entry_id": entry.id, "term": term, "weight": weight}
        for term, weight in entry_terms(entry).items()
    ]


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        session.execute(insert(table), rows[start : start + _BATCH])


def _bounding_box(query: SearchQuery) -> ColumnElement[bool] | None:
    """A lat/lon box containing the search circle (slightly larger; ``rank`` is exact)."""
    if query.near is None or query.radius_km is None:
        return None
    margin = 1.01
    dlat = math.degrees(query.radius_km * margin / EARTH_RADIUS_KM)
    lat, lon = query.near.lat, query.near.lon
    conditions = [Entries.c.lat.between(lat - dlat, lat + dlat)]
    pole_reach = abs(lat) + dlat
    if pole_reach < 89.0:
        dlon = math.degrees(
            query.radius_km
            * margin
            / (EARTH_RADIUS_KM * math.cos(math.radians(pole_reach)))
        )
        # Near the poles or across the antimeridian, filter on latitude only.
        if lon - dlon >= -180.0 and lon + dlon <= 180.0:
            conditions.append(Entries.c.lon.between(lon - dlon, lon + dlon))
    return and_(*conditions)


def candidate_ids(query: SearchQuery) -> Select[str]:
    """The SQL selecting ids of entries that may match ``query`` (see the module docstring)."""
    stmt = select(Entries.c.id)
    if query.types:
        stmt = stmt.where(Entries.c.type.in_([t.value for t in query.types]))
    if query.kinds:
        stmt = stmt.where(Entries.c.kind.in_(list(query.kinds)))
    if query.provinces:
        stmt = stmt.where(Entries.c.province.in_([p.value for p in query.provinces]))
    if query.sample is not None:
        stmt = stmt.where(Entries.c.sample == query.sample)
    box = _bounding_box(query)
    if box is not None:
        stmt = stmt.where(box)
    required = query.required
    if required:
        having = (
            select(Terms.c.entry_id)
            .where(Terms.c.term.in_(required))
            .group_by(Terms.c.entry_id)
            .having(func.count(Terms.c.term.distinct()) == len(required))
        )
        stmt = stmt.where(Entries.c.id.in_(having))
    return stmt


class SqlCatalogRepository:
    """A ``CatalogRepository`` over SQLAlchemy (SQLite or PostgreSQL).

    Parameters
    ----------
    database
        The database (its schema migrated to head).
    now
        The clock for ``updated_at`` (UTC).
    """

    def __init__(
        self,
        database: Database,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = database
        self._now = now

    def get(self, entry_id: str) -> AnyEntryT | None:
        with self._db.read() as session:
            data = session.scalar(
                select(Entries.c.data).where(Entries.c.id == entry_id)
            )
        return None if data is None else parse_entry(data)

    def list(self, entry_type: EntryType | None = None) -> list[AnyEntryT]:
        stmt = select(Entries.c.data)
        if entry_type is not None:
            stmt = stmt.where(Entries.c.type == entry_type.value)
        with self._db.read() as session:
            entries = [parse_entry(data) for data in session.scalars(stmt)]
        # Sort in Python: database collations order "a-b" and "ab" differently.
        return sorted(entries, key=lambda e: e.id)

    def search(self, query: SearchQuery) -> SearchPage:
        terms = query.terms
        ids = candidate_ids(query).subquery()
        with self._db.read() as session:
            rows = session.execute(
                select(Entries.c.id, Entries.c.data).where(
                    Entries.c.id.in_(select(ids))
                )
            ).all()
            matched: dict[str, dict[str, float]] = {row.id: {} for row in rows}
            stats = TermStats(
                n_docs=session.scalar(select(func.count(Entries.c.id))) or 0
            )
            if terms and rows:
                weights = session.execute(
                    select(Terms.c.entry_id, Terms.c.term, Terms.c.weight).where(
                        Terms.c.term.in_(terms), Terms.c.entry_id.in_(select(ids))
                    )
                )
                for entry_id, term, weight in weights:
                    matched[entry_id][term] = weight
                stats.df = dict(
                    session.execute(
                        select(Terms.c.term, func.count())
                        .where(Terms.c.term.in_(terms))
                        .group_by(Terms.c.term)
                    ).all()
                )
        candidates = sorted(
            ((parse_entry(row.data), matched[row.id]) for row in rows),
            key=lambda pair: pair[0].id,
        )
        return rank(candidates, query, stats)

    def add(self, entry: AnyEntryT) -> None:
        try:
            with self._db.write() as session:
                exists = session.scalar(
                    select(Entries.c.id).where(Entries.c.id == entry.id)
                )
                if exists is not None:
                    raise ConflictError(
                        f"an entry with id {entry.id!r} exists", field="id"
                    )
                session.execute(insert(Entries), [_row(entry, self._now())])
                _insert_many(session, Terms, _term_rows(entry))
        except IntegrityError:
            raise ConflictError(
                f"an entry with id {entry.id!r} exists", field="id"
            ) from None

    def replace(self, entry: AnyEntryT) -> None:
        with self._db.write() as session:
            self._replace(session, entry)

    def _replace(self, session: Session, entry: AnyEntryT) -> None:
        row = _row(entry, self._now())
        del row["id"]
        result = session.execute(
            update(Entries).where(Entries.c.id == entry.id).values(**row)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"no entry with id {entry.id!r}")
        session.execute(delete(Terms).where(Terms.c.entry_id == entry.id))
        _insert_many(session, Terms, _term_rows(entry))

    def delete(self, entry_id: str) -> None:
        with self._db.write() as session:
            # Terms go too: ON DELETE CASCADE (explicit here for databases without it).
            session.execute(delete(Terms).where(Terms.c.entry_id == entry_id))
            result = session.execute(delete(Entries).where(Entries.c.id == entry_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no entry with id {entry_id!r}")

    def load(self, entries: Sequence[AnyEntryT], *, prune: bool = False) -> LoadReport:
        created: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        removed: list[str] = []
        with self._db.write() as session:
            stored: dict[str, Any] = dict(
                session.execute(select(Entries.c.id, Entries.c.data)).all()
            )
            now = self._now()
            new_rows: list[dict[str, Any]] = []
            new_terms: list[dict[str, Any]] = []
            for entry in entries:
                old = stored.get(entry.id)
                if old is None:
                    created.append(entry.id)
                    new_rows.append(_row(entry, now))
                    new_terms.extend(_term_rows(entry))
                elif old == entry_to_data(entry):
                    unchanged.append(entry.id)
                else:
                    updated.append(entry.id)
                    self._replace(session, entry)
            _insert_many(session, Entries, new_rows)
            _insert_many(session, Terms, new_terms)
            if prune:
                keep = {e.id for e in entries}
                removed = sorted(set(stored) - keep)
                for start in range(0, len(removed), _BATCH):
                    chunk = removed[start : start + _BATCH]
                    session.execute(delete(Terms).where(Terms.c.entry_id.in_(chunk)))
                    session.execute(delete(Entries).where(Entries.c.id.in_(chunk)))
        return LoadReport(
            tuple(created), tuple(updated), tuple(unchanged), tuple(removed)
        )
