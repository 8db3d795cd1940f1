"""Group commit's construction rules (its behaviour is tested on the SQL stores in
``tests/storage/test_booking_group_commit.py``)."""

from __future__ import annotations

import pytest

from tourlink.booking import BookingService, InMemoryBookingStore
from tourlink.booking.group_commit import GroupCommit
from tourlink.core.clock import FixedClock

from .conftest import SECRET


def test_a_group_must_hold_at_least_one_operation() -> None:
    with pytest.raises(ValueError, match="max_group must be ≥ 1"):
        GroupCommit(InMemoryBookingStore(), max_group=0)  # type: ignore[arg-type]


def test_group_commit_needs_a_store_with_shared_transactions(
    clock: FixedClock,
) -> None:
    """The in-memory store has no shared transactions: asking for group commit is an
    error at construction, not a silent fallback."""
    with pytest.raises(TypeError, match="shared_transaction"):
        BookingService(
            InMemoryBookingStore(), clock, ticket_secret=SECRET, group_commit=True
        )
    service = BookingService(InMemoryBookingStore(), clock, ticket_secret=SECRET)
    assert service.group_commit is None
