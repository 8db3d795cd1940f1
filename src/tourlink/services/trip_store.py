"""Where planned trips and operator packages live between requests.

Plans keep the planner problem and result behind them (needed to re-plan after an edit),
which are not serialisable, so plans are kept **in memory per process**: a bounded store
that forgets the least recently used plan first. A plan id is a random token; a lost plan
(another worker, a restart) answers ``plan_not_found`` and the traveller plans again.
Operator packages are small values; :class:`MemoryPackageStore` keeps them per process
too until the database engineer adds a table behind :class:`PackageStore`.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, Protocol, TypeVar

from tourlink.core.errors import NotFoundError
from tourlink.trips import TripPlan

MAX_PLANS = 2000
"""Plans kept per process before the least recently used is forgotten."""

V = TypeVar("V")


class PlanNotFoundError(NotFoundError):
    """No plan with this id in this process (it expired or was never made here)."""

    default_code = "plan_not_found"


class PackageNotFoundError(NotFoundError):
    """No operator package with this id."""

    default_code = "package_not_found"


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


class PackageStore(Protocol[V]):
    """Operator packages by id (the web layer's package model is the value)."""

    def save(self, package_id: str, package: V) -> None:
        """Create or replace."""
        ...

    def get(self, package_id: str) -> V:
        """The package; raises :class:`PackageNotFoundError`."""
        ...

    def all(self) -> list[V]:
        """Every package, oldest first."""
        ...


class MemoryPackageStore(Generic[V]):
    """Operator packages in this process's memory."""

    def __init__(self) -> None:
        self._items: dict[str, V] = {}
        self._lock = threading.Lock()

    def save(self, package_id: str, package: V) -> None:
        with self._lock:
            self._items[package_id] = package

    def get(self, package_id: str) -> V:
        with self._lock:
            found = self._items.get(package_id)
        if found is None:
            raise PackageNotFoundError(
                f"no package {package_id!r}", context={"package_id": package_id}
            )
        return found

    def all(self) -> list[V]:
        with self._lock:
            return list(self._items.values())
