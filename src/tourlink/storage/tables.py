"""The schema as typed ORM classes; Alembic migrations create exactly this (a test checks).

- ``catalog_entries``: one row per entry — filterable columns plus the whole validated entry
  as a JSON document (JSONB on PostgreSQL);
- ``catalog_terms``: the pre-tokenised search index — one row per (entry, term) with the
  term's field weight, computed by :func:`tourlink.catalog.search.entry_terms`;
- ``users`` and ``api_keys``: accounts;
- ``packages``, ``package_departures``, ``package_holds``: tour operators' packages (the
  package as JSON), the seats of each departure with the seats held (never negative, never
  above the seats when holding) and the group holds (see ``storage/packages.py``);
- ``trip_plans``: travellers' trip plans as JSON documents (see ``storage/plans.py``).

Timestamps are stored in UTC (see :class:`UTCDateTime`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so that migrations can refer to them on both databases."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC, read back as an aware UTC datetime.

    SQLite has no time zones; PostgreSQL has ``timestamptz``. Either way the application sees
    ``datetime(..., tzinfo=UTC)``, and naive datetimes are refused on write.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "store aware datetimes only (e.g. datetime.now(UTC))"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JsonDocument = JSON().with_variant(JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL."""


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


metadata = Base.metadata
"""All tourlink tables (the target of Alembic autogenerate)."""


class CatalogEntryRow(Base):
    """One catalogue entry: filter columns and the full entry as JSON."""

    __tablename__ = "catalog_entries"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    province: Mapped[str | None] = mapped_column(String(40), index=True)
    sample: Mapped[bool] = mapped_column(Boolean)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    updated_at: Mapped[datetime]


class CatalogTermRow(Base):
    """One indexed search term of one entry, with its field weight."""

    __tablename__ = "catalog_terms"

    entry_id: Mapped[str] = mapped_column(
        String(80),
        ForeignKey("catalog_entries.id", ondelete="CASCADE"),
        primary_key=True,
    )
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    weight: Mapped[float] = mapped_column(Double)

    __table_args__ = (Index("ix_catalog_terms_term", "term"),)


class UserRow(Base):
    """A user account; ``email_key`` is the case-folded email, unique."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320))
    email_key: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class ApiKeyRow(Base):
    """An API key; only its SHA-256 digest is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revoked: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class PackageRow(Base):
    """A tour operator's package: owner, publication and the package as JSON."""

    __tablename__ = "packages"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str] = mapped_column(String(320))
    published: Mapped[bool] = mapped_column(Boolean)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PackageDepartureRow(Base):
    """The seats of one departure and how many are held (updated conditionally)."""

    __tablename__ = "package_departures"

    package_id: Mapped[str] = mapped_column(
        String(100), ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    seats: Mapped[int] = mapped_column(Integer)
    seats_held: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("seats_held >= 0", name="seats_held_not_negative"),
    )


class PackageHoldRow(Base):
    """A group hold on a departure (the hold as JSON); its departure cannot be deleted."""

    __tablename__ = "package_holds"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    package_id: Mapped[str] = mapped_column(String(100))
    departure: Mapped[date] = mapped_column(Date)
    group_size: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]

    __table_args__ = (
        ForeignKeyConstraint(
            ["package_id", "departure"],
            ["package_departures.package_id", "package_departures.start"],
            ondelete="RESTRICT",
        ),
        Index("ix_package_holds_package_id_departure", "package_id", "departure"),
    )


class TripPlanRow(Base):
    """A traveller's trip plan as a JSON document; ``revision`` counts its edits."""

    __tablename__ = "trip_plans"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)
