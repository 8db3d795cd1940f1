"""The booking world the race tests fight over, and helpers shared by test and worker
processes (everything here is importable under ``spawn``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine

from tourlink.booking import (
    BookingService,
    LedgerSnapshot,
    Product,
    ProductOption,
    Reconciliation,
    Resource,
    Slot,
    UnitType,
    reconcile,
)
from tourlink.core.clock import SystemClock
from tourlink.storage import Database, SqlBookingStore

SECRET = b"concurrency-test-ticket-secret-0"
START = datetime(2030, 12, 5, 12, 0, tzinfo=UTC)
"""19:00 local on 5 December 2030: far enough ahead that no cut-off interferes."""
SHOW = "cave-show"
TOUR = "cave-tour"
SLOT = "show-1900"
TOUR_SLOT = "tour-1900"
OPTION = "standard"


def database(url: str, pool: int = 8) -> Database:
    """A database with a bounded pool (many processes share one PostgreSQL server)."""
    if url.startswith("sqlite"):
        return Database.from_url(url)
    return Database(create_engine(url, pool_size=pool, max_overflow=0))


def service(db: Database) -> BookingService:
    """A booking service over the SQL store with the real clock, with group commit on as
    in the server (the threads of one process share transactions)."""
    return BookingService(
        SqlBookingStore(db), SystemClock(), ticket_secret=SECRET, group_commit=True
    )


def seed(url: str, capacity: int, *, daily_cap: int | None = None) -> None:
    """A cave pool, a show hall, the show (cave + hall) and a tour (hall + cave) at 19:00."""
    db = database(url)
    try:
        svc = service(db)
        svc.register_resource(
            Resource("cave", "Cave interior", capacity=capacity, daily_cap=daily_cap)
        )
        svc.register_resource(Resource("hall", "Show hall", capacity=capacity))
        svc.register_product(
            Product(
                SHOW,
                "cave-art",
                (
                    ProductOption(
                        OPTION, (UnitType("adult", 450_000, {"cave": 1, "hall": 1}),)
                    ),
                ),
            )
        )
        svc.register_product(
            Product(
                TOUR,
                "cave-tour",
                (
                    ProductOption(
                        OPTION, (UnitType("adult", 200_000, {"hall": 1, "cave": 1}),)
                    ),
                ),
            )
        )
        end = START + timedelta(minutes=75)
        svc.register_slot(Slot(SLOT, SHOW, START, end))
        svc.register_slot(Slot(TOUR_SLOT, TOUR, START, end))
    finally:
        db.dispose()


def ledger(url: str) -> tuple[LedgerSnapshot, Reconciliation, list[str]]:
    """The stored ledger, its reconciliation and the confirmed booking ids."""
    db = database(url, pool=1)
    try:
        store = SqlBookingStore(db)
        snapshot = store.snapshot()
        confirmed = [
            b.id for b in store.all_bookings() if b.status.value == "CONFIRMED"
        ]
        return snapshot, reconcile(snapshot, datetime.now(UTC)), confirmed
    finally:
        db.dispose()


def add_show_slot(url: str, slot_id: str, days_later: int) -> str:
    """Another 19:00 show slot ``days_later`` days after :data:`START` (its own buckets)."""
    db = database(url, pool=1)
    try:
        start = START + timedelta(days=days_later)
        service(db).register_slot(
            Slot(slot_id, SHOW, start, start + timedelta(minutes=75))
        )
    finally:
        db.dispose()
    return slot_id
