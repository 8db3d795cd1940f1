"""Writes the SQL booking store combines into one statement on PostgreSQL behave as the
separate writes would (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

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


def test_only_holds_have_claim_rows_and_stray_rows_are_reported(
    database: Database,
) -> None:
    """An allocation keeps its claims in its row; only a hold also has claim rows (with
    its expiry, found by key once expired), removed when it is confirmed or released.
    Claim rows have no foreign key (migration 0007): rows that do not match their
    allocation make the ledger inconsistent instead of being ignored."""
    store = SqlBookingStore(database)
    now = datetime(2031, 1, 5, 11, 0, tzinfo=UTC)
    later = datetime(2031, 1, 5, 11, 15, tzinfo=UTC)
    key = CapacityKey("cave", "2031-01-05T12:00Z")
    other = CapacityKey("cave", "2031-01-05T12:15Z")
    hold = Allocation(
        "bk_hold", "show", (Claim(key, 1, 10), Claim(other, 1, 10)), later
    )

    def claim_rows() -> list[tuple[str, str, bool]]:
        with database.engine.connect() as c:
            found = c.execute(
                select(Claims.c.owner_id, Claims.c.period, Claims.c.expires_at)
            )
            return sorted((o, p, e is not None) for o, p, e in found)

    with store.unit_of_work() as tx:
        assert (
            tx.allocate(Allocation("bk_kept", "show", (Claim(key, 2, 10),)), now) == {}
        )
        assert (
            tx.allocate(Allocation("bk_gone", "show", (Claim(key, 3, 10),)), now) == {}
        )
        assert tx.allocate(hold, now) == {}
    assert claim_rows() == [
        ("bk_hold", key.period, True),
        ("bk_hold", other.period, True),
    ]
    with store.unit_of_work() as tx:
        assert tx.release("bk_gone") is not None
        assert tx.allocation("bk_hold", now) == hold
        assert tx.usage([key], later) == {key: 2}  # the hold has expired by then
    report = reconcile(store.snapshot(), now)
    assert report.ok
    assert report.live_usage == {key: 3, other: 1}
    with store.unit_of_work() as tx:
        tx.set_expiry("bk_hold", later + timedelta(minutes=15))  # extended
        tx.set_expiry("bk_kept", later)  # could not expire before
    assert claim_rows() == [
        ("bk_hold", key.period, True),
        ("bk_hold", other.period, True),
        ("bk_kept", key.period, True),
    ]
    assert reconcile(store.snapshot(), now).ok  # rows carry the new expiries
    with store.unit_of_work() as tx:
        assert tx.usage([key], later) == {key: 1}  # only the extended hold is live
        tx.set_expiry("bk_kept", None)
        tx.set_expiry("bk_hold", None)
        assert tx.usage([key], later) == {key: 3}  # confirmed: it never expires
    assert claim_rows() == []
    assert reconcile(store.snapshot(), later).ok
    with database.engine.begin() as connection:
        connection.execute(
            Claims.insert().values(
                owner_id="bk_ghost",
                resource_id="cave",
                period=key.period,
                places=1,
                capacity=10,
                expires_at=now,
            )
        )
    report = reconcile(store.snapshot(), now)
    assert report.stray_claims == ("bk_ghost",)
    assert not report.ok
