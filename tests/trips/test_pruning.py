"""Candidate pruning: interchangeable hotels and restaurants, locks, the bundled data."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from tourlink.catalog import load_catalog
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.geo import GeoPoint
from tourlink.planner import check
from tourlink.trips import (
    Lock,
    RemoveItem,
    TripWish,
    UnknownAvailability,
    build,
    plan_trip,
    replan,
)
from tourlink.trips.excursions import Stop
from tourlink.trips.pruning import (
    SAME_PLACE_KM,
    cheapest_per_place,
    undominated_meals,
)

from .fixtures import FAST, START, TODAY, entries, wish

CATALOG = entries()


@pytest.fixture(scope="module")
def bundled() -> dict[str, Any]:
    return dict(load_catalog().entries)


def _built(**over: Any) -> Any:
    return build(TripWish.parse(wish(**over)), CATALOG, UnknownAvailability(), TODAY)


def _hotels(built: Any) -> set[str]:
    return {n.entry_id for n in built.nodes if n.kind == "hotel"}


def test_only_the_cheapest_of_hotels_at_the_same_place_is_a_candidate() -> None:
    # hotel-ha-long (1.5 M) and guesthouse-ha-long (0.4 M) are 0.8 km apart
    assert _hotels(_built()) == {"guesthouse-ha-long"}


def test_a_wheelchair_user_still_gets_the_accessible_hotel() -> None:
    assert _hotels(_built(wheelchair=True, dietary="halal")) == {"hotel-ha-long"}


def test_a_locked_hotel_is_never_pruned() -> None:
    start = datetime.combine(START, time(21, 0), LOCAL_TZ)
    built = build(TripWish.parse(wish()), CATALOG, UnknownAvailability(), TODAY,
                  locks=[Lock("hotel-ha-long", 0, start)])  # fmt: skip
    assert _hotels(built) == {"guesthouse-ha-long", "hotel-ha-long"}


def test_removing_the_kept_hotel_brings_back_the_next_one_of_its_place() -> None:
    plan = plan_trip(TripWish.parse(wish()), CATALOG, UnknownAvailability(), TODAY,
                     **FAST)  # fmt: skip
    again = replan(plan, [RemoveItem("guesthouse-ha-long")], CATALOG,
                   UnknownAvailability(), TODAY, time_limit=None, max_iterations=200,
                   seed=1)  # fmt: skip
    assert {i.id for i in again.items() if i.kind == "hotel"} == {"hotel-ha-long"}
    assert check(again.built.problem, again.result) == []


def _stop(key: str, cost: int, windows: tuple[tuple[int, int], ...]) -> Stop:
    return Stop(f"{key}@0", key, "meal", 0, windows, 60, 0.0, cost, meal="lunch")


def test_a_restaurant_is_dropped_when_a_nearby_one_is_as_cheap_and_open() -> None:
    here = {"a": GeoPoint(20.95, 107.05), "b": GeoPoint(20.951, 107.051),
            "c": GeoPoint(20.952, 107.049), "far": GeoPoint(20.86, 106.68)}  # fmt: skip
    stops = [
        _stop("a", 150_000, ((660, 780),)),
        _stop("b", 200_000, ((700, 760),)),  # dearer, open less: dominated by a
        _stop("c", 200_000, ((600, 780),)),  # dearer but open longer: kept
        _stop("far", 300_000, ((700, 760),)),  # elsewhere: kept
    ]
    kept = undominated_meals(stops, lambda s: here[s.entry_id])
    assert [s.entry_id for s in kept] == ["a", "c", "far"]
    locked = undominated_meals(stops, lambda s: here[s.entry_id], keep={"b"})
    assert [s.entry_id for s in locked] == ["a", "b", "c", "far"]


def test_cheapest_per_place_keeps_one_per_cluster_in_price_order() -> None:
    pts = {"x": GeoPoint(21.0, 105.85), "y": GeoPoint(21.005, 105.852),
           "z": GeoPoint(20.25, 105.97)}  # fmt: skip
    items = [("y", 900), ("x", 1000), ("z", 800)]
    kept = cheapest_per_place(items, lambda i: pts[i[0]], lambda i: (i[1], i[0]),
                              ident=lambda i: i[0])  # fmt: skip
    assert kept == [("z", 800), ("y", 900)]
    assert SAME_PLACE_KM == 1.5


@pytest.mark.parametrize(
    ("days", "arrival"), [(1, "van-don-airport"), (3, "cat-bi-airport")]
)
def test_wheelchair_trips_over_the_bundled_catalogue_are_feasible(
    days: int, arrival: str, bundled: dict[str, Any]
) -> None:
    raw = {
        "start_date": "2027-03-22", "days": days,
        "arrival": {"point": arrival, "time": "10:30", "by": "flight"},
        "departure": {"point": "noi-bai-airport" if days > 1 else arrival,
                      "time": "18:00" if days > 1 else "21:00",
                      "by": "flight" if days > 1 else "road"},
        "party": {"adults": 1, "seniors": 1}, "wheelchair": True, "pace": "relaxed",
        "interests": {"heritage": 4},
    }  # fmt: skip
    catalog = bundled
    plan = plan_trip(TripWish.parse(raw), catalog, UnknownAvailability(),
                     date(2027, 1, 1), **FAST)  # fmt: skip
    assert check(plan.built.problem, plan.result) == []
    for item in plan.items():
        if item.kind in ("meal", "hotel", "visit", "show") and item.id:
            assert "wheelchair_accessible" in catalog[item.id].tags, item.id
    assert len([i for i in plan.items() if i.kind == "hotel"]) == days - 1
