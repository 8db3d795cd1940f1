"""Writes the SQL booking store combines into one statement on PostgreSQL behave as the
separate writes would (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.booking import AuditEntry, Booking, BookingStatus
from tourlink.storage import Database, SqlBookingStore


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
