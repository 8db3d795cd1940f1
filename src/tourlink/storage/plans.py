"""SQL store of trip plans as JSON documents (``services.trip_store.PlanDocuments``).

``trip_plans`` has one row per plan: the id, the document
(:func:`tourlink.trips.records.plan_document`: wish, plan, locks, moves, the planner's
tours), a ``revision`` counted up on every edit (workers compare it with their cached
copy) and UTC ``created_at`` / ``updated_at``. The store knows nothing of plans beyond
that; :class:`tourlink.services.trip_store.DocumentPlanStore` turns documents into plans.

Retention: :meth:`SqlPlanDocuments.purge` deletes plans last changed before a moment
(the plan store keeps them 30 days, ``PLAN_RETENTION_DAYS``); ``updated_at`` is indexed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select, update

from .database import Database
from .tables import TripPlanRow

Plans: Table = TripPlanRow.__table__  # type: ignore[assignment]


class SqlPlanDocuments:
    """Trip plan documents on PostgreSQL or SQLite (migrated to head)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, plan_id: str, document: dict[str, Any], now: datetime) -> None:
        with self._db.write() as s:
            s.execute(
                Plans.insert().values(
                    id=plan_id,
                    revision=1,
                    document=document,
                    created_at=now,
                    updated_at=now,
                )
            )

    def get(self, plan_id: str) -> tuple[int, dict[str, Any]] | None:
        with self._db.read() as s:
            row = s.execute(
                select(Plans.c.revision, Plans.c.document).where(Plans.c.id == plan_id)
            ).first()
        return None if row is None else (int(row.revision), dict(row.document))

    def revision(self, plan_id: str) -> int | None:
        with self._db.read() as s:
            found = s.scalar(select(Plans.c.revision).where(Plans.c.id == plan_id))
        return None if found is None else int(found)

    def replace(self, plan_id: str, document: dict[str, Any], now: datetime) -> int:
        with self._db.write() as s:
            found = s.scalar(
                update(Plans)
                .where(Plans.c.id == plan_id)
                .values(
                    revision=Plans.c.revision + 1, document=document, updated_at=now
                )
                .returning(Plans.c.revision)
            )
        return 0 if found is None else int(found)

    def purge(self, before: datetime) -> int:
        with self._db.write() as s:
            gone = s.execute(delete(Plans).where(Plans.c.updated_at < before))
        return int(gone.rowcount)  # type: ignore[attr-defined]


__all__ = ["SqlPlanDocuments"]
