"""Process entry points for the race tests: each process has its own engine and fires its
share of requests from several threads at one agreed instant."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from tourlink.booking import (
    BookingRequest,
    Contact,
    IdempotencyConflictError,
    SlotSoldOutError,
)
from tourlink.storage.booking_ledger import UNSAFE_SWITCH

from . import world

CONTACT = Contact("Racer", email="racer@example.vn")

Job = tuple[str, str, str | None, int]
"""(product id, slot id, idempotency key or None, places)."""
Outcome = tuple[str, str]
"""(``confirmed`` | ``sold_out`` | ``conflict`` | ``error:<type>``, booking id or "")."""


def race(
    url: str,
    jobs: Sequence[Job],
    start_at: float,
    env: Mapping[str, str] | None = None,
) -> list[Outcome]:
    """Book every job concurrently (one thread each) once the clock reaches ``start_at``."""
    os.environ.pop(UNSAFE_SWITCH, None)  # pool processes are reused between tests
    os.environ.update(env or {})
    db = world.database(url, pool=min(len(jobs), 10))
    service = world.service(db)
    ready = threading.Barrier(len(jobs), timeout=60)

    def one(job: Job) -> Outcome:
        product, slot, key, places = job
        ready.wait()
        time.sleep(max(0.0, start_at - time.time()))
        request = BookingRequest(
            product, world.OPTION, slot, {"adult": places}, contact=CONTACT
        )
        try:
            booking = service.book(request, idempotency_key=key, actor="racer")
        except SlotSoldOutError:
            return ("sold_out", "")
        except IdempotencyConflictError:
            return ("conflict", "")
        except Exception as error:  # reported to the test, which fails on it
            return (f"error:{type(error).__name__}:{error}", "")
        return ("confirmed", booking.id)

    try:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            return list(pool.map(one, jobs, timeout=120))
    finally:
        db.dispose()
