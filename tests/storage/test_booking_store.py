"""The booking store contract: every booking-domain scenario on memory, SQLite and PostgreSQL.

The scenarios of ``tests/booking`` are imported here and run again with the ``store``
fixture replaced by one parametrised over the in-memory reference store and the SQL store
on both databases, so the SQL store must behave exactly like the reference.
"""

from __future__ import annotations

import pytest

from tests.booking.conftest import cave, clock, notifier, service
from tests.booking.test_booking_allotments import *  # noqa: F403
from tests.booking.test_booking_cancellation import *  # noqa: F403
from tests.booking.test_booking_checkin import *  # noqa: F403
from tests.booking.test_booking_concurrency import *  # noqa: F403
from tests.booking.test_booking_holds import *  # noqa: F403
from tests.booking.test_booking_idempotency import *  # noqa: F403
from tests.booking.test_booking_inputs import *  # noqa: F403
from tests.booking.test_booking_modify import *  # noqa: F403
from tests.booking.test_booking_notifiers import *  # noqa: F403
from tests.booking.test_booking_packages import *  # noqa: F403
from tests.booking.test_booking_pools import *  # noqa: F403
from tests.booking.test_booking_waitlist import *  # noqa: F403
from tourlink.booking import BookingStore, InMemoryBookingStore
from tourlink.storage import Database, SqlBookingStore

from .backends import truncate
from .conftest import BACKENDS

__all__ = ["cave", "clock", "notifier", "service"]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> BookingStore:
    """An empty booking store of each backend (overrides the booking tests' memory store)."""
    if request.param == "memory":
        return InMemoryBookingStore()
    name = "sqlite_database" if request.param == "sqlite" else "postgres_database"
    database: Database = request.getfixturevalue(name)
    truncate(database)
    return SqlBookingStore(database)
