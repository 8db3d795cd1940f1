"""Property: any small wish over the fixture catalogue gives a checked plan or a reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tourlink.catalog import Place, opening_hours
from tourlink.core.clock import LOCAL_TZ
from tourlink.planner import check
from tourlink.trips import (
    InfeasibleRequestError,
    TripWish,
    UnknownAvailability,
    plan_trip,
)
from tourlink.trips.errors import CODES
from tourlink.trips.selection import DEFAULT_OPENING

from .fixtures import START, TODAY, entries, wish

CATALOG = entries()
INTERESTS = ["caves", "heritage", "crafts", "nature", "beaches", "performances"]

wishes = st.fixed_dictionaries({
    "days": st.integers(1, 3),
    "pace": st.sampled_from(["relaxed", "normal", "packed"]),
    "dietary": st.sampled_from(["none", "halal", "vegetarian"]),
    "party": st.fixed_dictionaries({"adults": st.integers(1, 4), "children": st.integers(0, 2)}),
    "interests": st.dictionaries(st.sampled_from(INTERESTS), st.integers(0, 5)),
    "arrival": st.fixed_dictionaries({
        "point": st.sampled_from(["van-don-airport", "ha-long-bus-station"]),
        "time": st.sampled_from(["07:30", "10:30", "13:00"]),
    }),
    "departure": st.fixed_dictionaries({
        "point": st.sampled_from(["van-don-airport", "ha-long-bus-station"]),
        "time": st.sampled_from(["17:00", "21:00"]),
    }),
})  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wishes)
def test_random_wishes_give_checked_plans_within_dates_and_opening_hours(
    over: dict[str, Any],
) -> None:
    w = TripWish.parse(wish(**over))
    try:
        plan = plan_trip(w, CATALOG, UnknownAvailability(), TODAY, time_limit=None,
                         max_iterations=150, seed=3)  # fmt: skip
    except InfeasibleRequestError as exc:
        if exc.code not in CODES:
            raise
        return
    assert check(plan.built.problem, plan.result) == []
    first = datetime(START.year, START.month, START.day, tzinfo=LOCAL_TZ)
    last = first + timedelta(days=w.days)
    for item in plan.items():
        assert first <= item.start <= item.end <= last
        entry = CATALOG.get(item.id or "")
        if item.kind == "visit" and isinstance(entry, Place):
            expr = entry.opening_hours or DEFAULT_OPENING
            assert opening_hours.is_open(expr, item.start)
            assert opening_hours.is_open(expr, item.end - timedelta(minutes=1))
