"""Where planned trips and operator packages live between requests.

Two protocols, each with a memory implementation (tests, throwaway demos) here and a SQL
one wired by ``tourlink.bootstrap`` in deployments:

* :class:`PlanStore` - :class:`MemoryPlanStore` keeps plans in this process (at most
  ``MAX_PLANS``, least recently used forgotten first). :class:`DocumentPlanStore` keeps
  them as JSON documents (:func:`tourlink.trips.records.plan_document`) in a
  :class:`PlanDocuments` store (``tourlink.storage.SqlPlanDocuments``) shared by every
  worker and surviving restarts, with the same LRU in front as a cache; a plan read from
  the documents has its planner problem rebuilt over the catalogue
  (:func:`~tourlink.trips.records.restore_plan`). A plan id is a random token; an
  unknown plan answers ``plan_not_found`` and the traveller plans again.
* :class:`~tourlink.trips.records.PackageStore` - :class:`MemoryPackageStore` here,
  ``tourlink.storage.SqlPackageStore`` in deployments. Group holds are added and removed
  one at a time so that a departure never has more seats held than it has.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from tourlink.catalog import AnyEntryT
from tourlink.core.clock import LOCAL_TZ, Clock
from tourlink.core.errors import NotFoundError
from tourlink.trips import TripPlan
from tourlink.trips.records import (
    GroupHold,
    PackageNotFoundError,
    PackageRecord,
    PackageStore,
    PlanNotRestorableError,
    package_exists,
    package_not_found,
    plan_document,
    restore_plan,
    sold_out,
)

MAX_PLANS = 2000
"""Plans kept per process before the least recently used is forgotten."""

V = TypeVar("V")


PLAN_RETENTION_DAYS = 30
"""Plans kept in a shared store are deleted this many days after their last change."""


class PlanNotFoundError(NotFoundError):
    """No plan with this id (it expired or was never made)."""

    default_code = "plan_not_found"


class PlanStore(Protocol):
    """Planned trips by id."""

    def add(self, plan: TripPlan) -> str:
        """Keep ``plan``; return its new id."""
        ...

    def get(self, plan_id: str) -> TripPlan:
        """The plan ``plan_id``; raises :class:`PlanNotFoundError`."""
        ...

    def replace(self, plan_id: str, plan: TripPlan) -> None:
        """Store ``plan`` under the existing id ``plan_id`` (after an edit)."""
        ...


class _Lru(Generic[V]):
    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[str, V] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[OrderedDict[str, V]]:
        with self._lock:
            yield self._items
            while len(self._items) > self._limit:
                self._items.popitem(last=False)


def new_id(prefix: str) -> str:
    """A random, URL-safe id such as ``tp_3kQ9...``."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"


class MemoryPlanStore:
    """Plans in this process's memory, at most ``limit`` of them (LRU)."""

    def __init__(self, limit: int = MAX_PLANS) -> None:
        self._lru: _Lru[TripPlan] = _Lru(limit)

    def add(self, plan: TripPlan) -> str:
        plan_id = new_id("tp")
        with self._lru.locked() as items:
            items[plan_id] = plan
        return plan_id

    def get(self, plan_id: str) -> TripPlan:
        with self._lru.locked() as items:
            plan = items.get(plan_id)
            if plan is not None:
                items.move_to_end(plan_id)
        if plan is None:
            raise PlanNotFoundError(
                f"no plan {plan_id!r} on this server (plans are kept in memory for a "
                "while); plan the trip again",
                context={"plan_id": plan_id},
            )
        return plan

    def replace(self, plan_id: str, plan: TripPlan) -> None:
        self.get(plan_id)
        with self._lru.locked() as items:
            items[plan_id] = plan


class PlanDocuments(Protocol):
    """Plans as JSON documents by id, with a revision counted up on every replace."""

    def add(self, plan_id: str, document: dict[str, Any], now: datetime) -> None:
        """Store a new plan document."""
        ...

    def get(self, plan_id: str) -> tuple[int, dict[str, Any]] | None:
        """The revision and document, or ``None`` when there is no such plan."""
        ...

    def revision(self, plan_id: str) -> int | None:
        """The revision only (cheap), or ``None`` when there is no such plan."""
        ...

    def replace(self, plan_id: str, document: dict[str, Any], now: datetime) -> int:
        """Overwrite the document; the new revision (0 when there is no such plan)."""
        ...

    def purge(self, before: datetime) -> int:
        """Delete plans last changed before ``before``; how many were deleted."""
        ...


def _not_found(plan_id: str) -> PlanNotFoundError:
    return PlanNotFoundError(
        f"no plan {plan_id!r} (plans are kept for {PLAN_RETENTION_DAYS} days); "
        "plan the trip again",
        context={"plan_id": plan_id},
    )


class DocumentPlanStore:
    """Plans as JSON documents shared by every worker, with an LRU cache in front.

    A cached plan is used while its revision is still the stored one (one small query),
    so an edit made by another worker is seen at once. Plans not changed for
    ``retention_days`` are deleted by :meth:`purge` (run on every ``purge_every`` new
    plan).

    Parameters
    ----------
    documents
        Where the documents live (``tourlink.storage.SqlPlanDocuments``).
    entries
        The catalogue by id, to rebuild a plan's planner problem.
    clock
        Time for stamps, "today" and the retention.
    """

    def __init__(
        self,
        documents: PlanDocuments,
        entries: Callable[[], Mapping[str, AnyEntryT]],
        clock: Clock,
        *,
        limit: int = MAX_PLANS,
        retention_days: int = PLAN_RETENTION_DAYS,
        purge_every: int = 500,
    ) -> None:
        self.documents = documents
        self._entries = entries
        self._clock = clock
        self._cache: _Lru[tuple[int, TripPlan]] = _Lru(limit)
        self._retention = retention_days
        self._purge_every = purge_every
        self._added = 0

    def add(self, plan: TripPlan) -> str:
        plan_id = new_id("tp")
        self.documents.add(plan_id, plan_document(plan), self._clock.now())
        with self._cache.locked() as items:
            items[plan_id] = (1, plan)
            self._added += 1
            due = self._added % self._purge_every == 0
        if due:
            self.purge()
        return plan_id

    def get(self, plan_id: str) -> TripPlan:
        with self._cache.locked() as items:
            cached = items.get(plan_id)
        if cached is not None and self.documents.revision(plan_id) == cached[0]:
            with self._cache.locked() as items:
                if plan_id in items:
                    items.move_to_end(plan_id)
            return cached[1]
        found = self.documents.get(plan_id)
        if found is None:
            raise _not_found(plan_id)
        revision, document = found
        try:
            plan = restore_plan(
                {**document, "id": plan_id}, self._entries(), self._today()
            )
        except PlanNotRestorableError as exc:
            raise PlanNotFoundError(exc.message, context=exc.context) from None
        with self._cache.locked() as items:
            items[plan_id] = (revision, plan)
        return plan

    def replace(self, plan_id: str, plan: TripPlan) -> None:
        revision = self.documents.replace(
            plan_id, plan_document(plan), self._clock.now()
        )
        if not revision:
            raise _not_found(plan_id)
        with self._cache.locked() as items:
            items[plan_id] = (revision, plan)

    def purge(self) -> int:
        """Delete plans not changed for the retention period; how many were deleted."""
        return self.documents.purge(self._clock.now() - timedelta(days=self._retention))

    def _today(self) -> date:
        return self._clock.now().astimezone(LOCAL_TZ).date()


class MemoryPackageStore:
    """Operator packages in this process's memory."""

    def __init__(self) -> None:
        self._items: dict[str, PackageRecord] = {}
        self._lock = threading.Lock()

    def create(self, package_id: str, package: PackageRecord) -> None:
        with self._lock:
            if package_id in self._items:
                raise package_exists(package_id)
            self._items[package_id] = package

    def save(self, package_id: str, package: PackageRecord) -> None:
        with self._lock:
            present = self._items.get(package_id)
            holds = present.holds if present is not None else ()
            self._items[package_id] = replace(package, holds=holds)

    def get(self, package_id: str) -> PackageRecord:
        with self._lock:
            found = self._items.get(package_id)
        if found is None:
            raise package_not_found(package_id)
        return found

    def all(self) -> list[PackageRecord]:
        with self._lock:
            return list(self._items.values())

    def add_hold(self, package_id: str, hold: GroupHold) -> GroupHold:
        with self._lock:
            record = self._items.get(package_id)
            if record is None:
                raise package_not_found(package_id)
            for earlier in record.holds:
                if hold.key is not None and earlier.key == hold.key:
                    return earlier
            left = record.seats_left(hold.departure)
            if hold.group_size > left:
                raise sold_out(hold.departure, left, hold.group_size)
            self._items[package_id] = replace(record, holds=(*record.holds, hold))
            return hold

    def remove_hold(self, package_id: str, hold_id: str) -> GroupHold | None:
        with self._lock:
            record = self._items.get(package_id)
            if record is None:
                raise package_not_found(package_id)
            found = next((h for h in record.holds if h.id == hold_id), None)
            if found is not None:
                kept = tuple(h for h in record.holds if h.id != hold_id)
                self._items[package_id] = replace(record, holds=kept)
            return found


__all__ = [
    "MAX_PLANS",
    "PLAN_RETENTION_DAYS",
    "DocumentPlanStore",
    "MemoryPackageStore",
    "MemoryPlanStore",
    "PackageNotFoundError",
    "PackageStore",
    "PlanDocuments",
    "PlanNotFoundError",
    "PlanStore",
    "new_id",
]
