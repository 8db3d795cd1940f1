"""Writes the SQL booking store combines into one statement on PostgreSQL behave as the
separate writes would (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.booking import (
    Allocation,
    AuditEntry,
    Booking,
    BookingStatus,
    CapacityKey,
    Claim,
    reconcile,
)
from tourlink.storage import Database, SqlBookingStore
from tourlink.storage.booking_ledger import Claims


def _booking_at_the_show(booking_id: str) -> Booking:
    at = datetime(2031, 1, 5, 12, 0, tzinfo=UTC)
    return Booking(
        booking_id, "cave-show", "std", "show-1900", {"adult": 2}, 900_000,
        BookingStatus.CONFIRMED, at, at,
    )  # fmt: skip


def test_booking_and_its_audit_entry_are_saved_and_undone_together(
    database: Database,
) -> None:
    """The hot path's combined write stores both rows, and a rolled-back transaction
    leaves neither behind."""
    store = SqlBookingStore(database)
    kept, undone = _booking_at_the_show("bk_kept"), _booking_at_the_show("bk_undone")

    def entry(booking: Booking) -> AuditEntry:
        return AuditEntry(
            booking.created_at, "key:7", "booking.confirmed", booking.id, {"units": 2}
        )

    with store.unit_of_work() as tx:
        tx.save_booking_audited(kept, entry(kept))

    def write_then_fail() -> None:
        with store.unit_of_work() as tx:
            tx.save_booking_audited(undone, entry(undone))
            raise RuntimeError("undo")

    with pytest.raises(RuntimeError, match="undo"):
        write_then_fail()
    with store.unit_of_work() as tx:
        assert tx.get_booking("bk_kept") == kept
        assert tx.get_booking("bk_undone") is None
        assert tx.audit_log() == [entry(kept)]


def test_claims_without_their_allocation_are_reported_by_reconciliation(
    database: Database,
) -> None:
    """Claims have no foreign key to their allocation (migration 0007): allocating
    and releasing still writes and deletes them together, and a claim left without its
    allocation makes the ledger inconsistent instead of being ignored."""
    store = SqlBookingStore(database)
    now = datetime(2031, 1, 5, 11, 0, tzinfo=UTC)
    key = CapacityKey("cave", "2031-01-05T12:00Z")
    with store.unit_of_work() as tx:
        assert (
            tx.allocate(Allocation("bk_kept", "show", (Claim(key, 2, 10),)), now) == {}
        )
        assert (
            tx.allocate(Allocation("bk_gone", "show", (Claim(key, 3, 10),)), now) == {}
        )
    with store.unit_of_work() as tx:
        assert tx.release("bk_gone") is not None
    report = reconcile(store.snapshot(), now)
    assert report.ok
    assert report.live_usage == {key: 2}
    with database.engine.begin() as connection:
        connection.execute(
            Claims.insert().values(
                owner_id="bk_ghost",
                resource_id="cave",
                period=key.period,
                places=1,
                capacity=10,
                expires_at=None,
            )
        )
    report = reconcile(store.snapshot(), now)
    assert report.orphaned == ("bk_ghost",)
    assert not report.ok
