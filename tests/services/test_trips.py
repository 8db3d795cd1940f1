"""TripService: names resolved in any language, plans verified by the planner."""

from __future__ import annotations

import pytest

from tests.trips.fixtures import CLOCK, entries, wish
from tourlink.catalog.memory import MemoryCatalogRepository
from tourlink.planner import check
from tourlink.services.catalog import CatalogService
from tourlink.services.trips import TripService
from tourlink.trips import (
    InfeasibleRequestError,
    MemoryAvailability,
    RemoveItem,
    TripWish,
)


def service() -> TripService:
    repo = MemoryCatalogRepository(list(entries().values()))
    return TripService(CatalogService(repo), MemoryAvailability(), CLOCK,
                       time_limit=None, max_iterations=300, seed=1)  # fmt: skip


def test_points_typed_with_or_without_diacritics_resolve_to_ids() -> None:
    svc = service()
    assert svc.resolve("Sân bay Vân Đồn") == "van-don-airport"
    assert svc.resolve("san bay van don") == "van-don-airport"
    with pytest.raises(InfeasibleRequestError) as info:
        svc.resolve("Atlantis")
    assert info.value.code == "unknown_place"


def test_service_plans_and_replans_a_wish_given_by_names() -> None:
    svc = service()
    raw = wish(arrival={"point": "Sân bay Vân Đồn", "time": "09:00", "by": "flight"})
    plan = svc.plan(TripWish.parse(raw))
    assert check(plan.built.problem, plan.result) == []
    visited = next(i.id for i in plan.items() if i.kind == "visit")
    again = svc.replan(plan, [RemoveItem(visited or "")])
    assert visited not in {i.id for i in again.items()}
