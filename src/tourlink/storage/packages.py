"""SQL store of tour operators' packages (``tourlink.trips.records.PackageStore``).

* ``packages``: one row per package (owner, published, the package as JSON from
  :func:`~tourlink.trips.records.package_document`, UTC ``created_at`` / ``updated_at``);
* ``package_departures``: one row per departure with ``seats`` and ``seats_held``;
* ``package_holds``: one row per group hold (the hold as JSON), referring to its
  departure, so a departure with holds cannot be deleted.

Holding seats is one conditional statement, ``UPDATE package_departures SET seats_held =
seats_held + :group WHERE … AND seats - seats_held >= :group``: when no row changes, the
seats are not there and nothing is written. Concurrent holds on one departure (threads,
workers) therefore never hold more seats than it has, on PostgreSQL (row lock) and SQLite
(``BEGIN IMMEDIATE``) alike; ``seats_held`` is never negative (a check constraint).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tourlink.trips.records import (
    GroupHold,
    PackageRecord,
    hold_document,
    hold_from_document,
    package_document,
    package_exists,
    package_from_document,
    package_not_found,
    sold_out,
)

from .database import Database
from .tables import PackageDepartureRow, PackageHoldRow, PackageRow

Packages: Table = PackageRow.__table__  # type: ignore[assignment]
Departures: Table = PackageDepartureRow.__table__  # type: ignore[assignment]
Holds: Table = PackageHoldRow.__table__  # type: ignore[assignment]


def _now() -> datetime:
    return datetime.now(UTC)


class SqlPackageStore:
    """Operator packages and their group holds on PostgreSQL or SQLite (at head)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def create(self, package_id: str, package: PackageRecord) -> None:
        now = _now()
        document = package_document(package.package)
        try:
            with self._db.write() as s:
                dialect = s.get_bind().dialect.name
                insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
                s.execute(
                    Packages.insert().values(
                        id=package_id, owner=package.owner,
                        published=package.published, document=document,
                        created_at=now, updated_at=now,
                    )
                )  # fmt: skip
                self._sync_departures(s, package_id, package, insert)
        except IntegrityError:
            # the primary key decides between concurrent creations of one id
            raise package_exists(package_id) from None

    def save(self, package_id: str, package: PackageRecord) -> None:
        now = _now()
        document = package_document(package.package)
        with self._db.write() as s:
            dialect = s.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            values = {"owner": package.owner, "published": package.published,
                      "document": document, "updated_at": now}  # fmt: skip
            s.execute(
                insert(Packages)
                .values(id=package_id, created_at=now, **values)
                .on_conflict_do_update(index_elements=["id"], set_=values)
            )
            self._sync_departures(s, package_id, package, insert)

    @staticmethod
    def _sync_departures(
        s: Session, package_id: str, package: PackageRecord, insert: Any
    ) -> None:
        seats = {d.start: d.seats for d in package.package.departures}
        for start, count in seats.items():
            s.execute(
                insert(Departures)
                .values(package_id=package_id, start=start, seats=count, seats_held=0)
                .on_conflict_do_update(
                    index_elements=["package_id", "start"], set_={"seats": count}
                )
            )
        gone = select(Departures.c.start).where(Departures.c.package_id == package_id)
        removed = [d for d in s.scalars(gone) if d not in seats]
        if removed:
            # a departure with holds is refused by the holds' foreign key
            s.execute(
                delete(Departures).where(
                    Departures.c.package_id == package_id,
                    Departures.c.start.in_(removed),
                )
            )

    def get(self, package_id: str) -> PackageRecord:
        with self._db.read() as s:
            row = s.execute(select(Packages).where(Packages.c.id == package_id)).first()
            if row is None:
                raise package_not_found(package_id)
            holds = self._holds(s, [package_id])
        return self._record(row, holds.get(package_id, ()))

    def all(self) -> list[PackageRecord]:
        with self._db.read() as s:
            rows = s.execute(
                select(Packages).order_by(Packages.c.created_at, Packages.c.id)
            ).all()
            holds = self._holds(s, None)
        return [self._record(r, holds.get(r.id, ())) for r in rows]

    @staticmethod
    def _holds(
        s: Session, package_ids: list[str] | None
    ) -> dict[str, tuple[GroupHold, ...]]:
        query = select(Holds.c.package_id, Holds.c.document).order_by(
            Holds.c.created_at, Holds.c.id
        )
        if package_ids is not None:
            query = query.where(Holds.c.package_id.in_(package_ids))
        out: dict[str, list[GroupHold]] = {}
        for package_id, document in s.execute(query):
            out.setdefault(package_id, []).append(hold_from_document(document))
        return {k: tuple(v) for k, v in out.items()}

    @staticmethod
    def _record(row: Any, holds: tuple[GroupHold, ...]) -> PackageRecord:
        package = package_from_document(row.document)
        return PackageRecord(package, row.owner, bool(row.published), holds)

    def add_hold(self, package_id: str, hold: GroupHold) -> GroupHold:
        with self._db.write() as s:
            if hold.key is not None:
                # Lock the departure first (SQLite: the write transaction already
                # excludes other writers), then look for an earlier hold with the key:
                # a concurrent retry of the same request waits here and finds it.
                locked = s.execute(
                    select(Departures.c.seats)
                    .where(
                        Departures.c.package_id == package_id,
                        Departures.c.start == hold.departure,
                    )
                    .with_for_update()
                ).first()
                if locked is not None:
                    earlier = self._hold_with_key(s, package_id, hold.key)
                    if earlier is not None:
                        return earlier
            taken = s.execute(
                update(Departures)
                .where(
                    Departures.c.package_id == package_id,
                    Departures.c.start == hold.departure,
                    Departures.c.seats - Departures.c.seats_held >= hold.group_size,
                )
                .values(seats_held=Departures.c.seats_held + hold.group_size)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                row = s.execute(
                    select(Departures.c.seats, Departures.c.seats_held).where(
                        Departures.c.package_id == package_id,
                        Departures.c.start == hold.departure,
                    )
                ).first()
                if row is None:
                    raise package_not_found(package_id)
                raise sold_out(hold.departure, row.seats - row.seats_held,
                               hold.group_size)  # fmt: skip
            s.execute(
                Holds.insert().values(
                    id=hold.id,
                    package_id=package_id,
                    departure=hold.departure,
                    group_size=hold.group_size,
                    document=hold_document(hold),
                    created_at=hold.created_at,
                )
            )
        return hold

    @staticmethod
    def _hold_with_key(s: Session, package_id: str, key: str) -> GroupHold | None:
        documents = s.scalars(
            select(Holds.c.document).where(Holds.c.package_id == package_id)
        )
        for document in documents:
            found = hold_from_document(document)
            if found.key == key:
                return found
        return None

    def remove_hold(self, package_id: str, hold_id: str) -> GroupHold | None:
        with self._db.write() as s:
            row = s.execute(
                delete(Holds)
                .where(Holds.c.package_id == package_id, Holds.c.id == hold_id)
                .returning(Holds.c.departure, Holds.c.group_size, Holds.c.document)
            ).first()
            if row is None:
                return None
            s.execute(
                update(Departures)
                .where(
                    Departures.c.package_id == package_id,
                    Departures.c.start == row.departure,
                )
                .values(seats_held=Departures.c.seats_held - row.group_size)
            )
        return hold_from_document(row.document)


__all__ = ["SqlPackageStore"]
