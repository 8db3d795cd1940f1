"""Trip plans over the fixture catalogue: meals, access, budgets, edits, errors, export."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest

from tourlink.catalog import Experience, Place, Provider, opening_hours
from tourlink.core.clock import LOCAL_TZ
from tourlink.planner import check
from tourlink.trips import (
    InfeasibleRequestError,
    LockItem,
    MemoryAvailability,
    TripPlan,
    TripWish,
    UnknownAvailability,
    plan_trip,
    replan,
    to_ics,
)
from tourlink.trips.selection import DEFAULT_OPENING

from .fixtures import FAST, START, TODAY, entries, wish

CATALOG = entries()


def make(availability: Any = None, **over: Any) -> TripPlan:
    return plan_trip(
        TripWish.parse(wish(**over)), CATALOG, availability or UnknownAvailability(),
        TODAY, **FAST,
    )  # fmt: skip


def ids(plan: TripPlan, kind: str) -> list[str]:
    return [i.id for i in plan.items() if i.kind == kind and i.id]


def test_every_plan_passes_the_planner_checker_and_has_meals_and_hotels() -> None:
    plan = make()
    assert check(plan.built.problem, plan.result) == []
    assert len(plan.days) == 3
    assert len(ids(plan, "hotel")) == 2
    assert len(ids(plan, "meal")) >= 4


def test_halal_travellers_eat_only_at_halal_restaurants() -> None:
    plan = make(dietary="halal")
    meals = ids(plan, "meal")
    assert meals
    assert set(meals) == {"halal-ha-long"}


def test_vegetarian_travellers_eat_at_vegetarian_or_vegan_restaurants() -> None:
    plan = make(dietary="vegetarian")
    for ref in ids(plan, "meal"):
        entry = CATALOG[ref]
        assert isinstance(entry, Provider)
        assert {"vegetarian", "vegan"} & {str(d) for d in entry.dietary}


def test_wheelchair_users_are_never_sent_to_inaccessible_places() -> None:
    plan = make(wheelchair=True, dietary="halal")
    for item in plan.items():
        if item.kind != "travel" and item.id:
            assert "wheelchair_accessible" in CATALOG[item.id].tags, item.id


def test_the_budget_is_respected_including_hotels_and_transport() -> None:
    budget = 5_000_000
    plan = make(budget_per_person_vnd=budget)
    assert plan.total_cost.total <= budget * 2
    c = plan.total_cost
    assert c.total == c.tickets + c.meals + c.hotels + c.transport


def test_items_are_aware_local_times_inside_the_trip_and_opening_hours() -> None:
    plan = make()
    first = datetime(START.year, START.month, START.day, tzinfo=LOCAL_TZ)
    for item in plan.items():
        assert item.start.utcoffset() == timedelta(hours=7)
        assert first <= item.start <= item.end <= first + timedelta(days=3)
        entry = CATALOG.get(item.id or "")
        if item.kind == "visit" and isinstance(entry, Place):
            expr = entry.opening_hours or DEFAULT_OPENING
            assert opening_hours.is_open(expr, item.start)
            assert opening_hours.is_open(expr, item.end - timedelta(minutes=1))
    data = plan.to_json()
    assert set(data) == {"language", "days", "total_cost", "score", "warnings", "route"}
    assert data["days"][0]["items"][0]["start"].endswith("+07:00")


def test_a_sold_out_must_see_show_is_replaced_and_the_traveller_told() -> None:
    sold = MemoryAvailability()
    for d in range(3):
        for hh, mm in ((19, 0), (20, 30)):
            start = datetime(
                START.year, START.month, START.day + d, hh, mm, tzinfo=LOCAL_TZ
            )
            sold.set("cave-show", start, 0)
    plan = make(sold, must_see=["cave-show"], interests={"performances": 5})
    assert "cave-show" not in ids(plan, "show")
    assert "puppet-show" in ids(plan, "show")
    assert any(w.code == "show_sold_out" and w.id == "cave-show" for w in plan.warnings)


def test_an_almost_full_session_gives_a_warning() -> None:
    avail = MemoryAvailability(default=5)
    plan = make(avail, must_see=["cave-show"])
    assert any(w.code == "show_almost_full" for w in plan.warnings)


def test_locked_items_survive_replanning() -> None:
    plan = make(must_see=["cave-show"])
    show = next(i for i in plan.items() if i.id == "cave-show")
    day = next(d.day for d in plan.days if show in d.items)
    again = replan(plan, [LockItem("cave-show", day)], CATALOG, UnknownAvailability(),
                   TODAY, **FAST)  # fmt: skip
    kept = next(i for i in again.items() if i.id == "cave-show")
    assert kept.start == show.start
    third = replan(again, [], CATALOG, UnknownAvailability(), TODAY,
                   time_limit=None, max_iterations=300, seed=7)  # fmt: skip
    assert next(i for i in third.items() if i.id == "cave-show").start == show.start
    assert check(third.built.problem, third.result) == []


def test_a_show_sold_out_since_the_plan_is_replaced_on_replanning() -> None:
    plan = make(must_see=["cave-show"])
    show = next(i for i in plan.items() if i.id == "cave-show")
    avail = MemoryAvailability({("cave-show", show.start): 0})
    again = replan(plan, [], CATALOG, avail, TODAY, **FAST)
    assert all(
        not (i.id == "cave-show" and i.start == show.start) for i in again.items()
    )
    assert any(w.code == "show_sold_out" for w in again.warnings)


def test_co_to_is_reached_only_by_the_scheduled_speedboat() -> None:
    plan = make(must_see=["co-to-island"])
    items = plan.items()
    boats = [i for i in items if i.mode == "speedboat"]
    assert len(boats) == 2
    assert {b.start.strftime("%H:%M") for b in boats} <= {"07:00", "13:30"}
    visit = next(i for i in items if i.id == "co-to-island")
    assert boats[0].end <= visit.start <= visit.end <= boats[1].start
    assert check(plan.built.problem, plan.result) == []


def test_ics_parses_back_with_one_event_per_non_travel_item() -> None:
    plan = make()
    cal = icalendar.Calendar.from_ical(to_ics(plan))
    events = list(cal.walk("VEVENT"))
    assert len(events) == sum(1 for i in plan.items() if i.kind != "travel")
    assert events[0]["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert (
        events[0].decoded("DTSTART") == plan.items()[1].start or events[0]["LOCATION"]
    )


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"start_date": "2026-12-01"}, "dates_in_past"),
        ({"days": 1, "arrival": {"point": "van-don-airport", "time": "17:00"},
          "departure": {"point": "van-don-airport", "time": "16:00"}},
         "arrival_after_departure"),
        ({"must_see": ["no-such-cave"]}, "unknown_place"),
        ({"must_see": ["co-to-island", "yen-tu", "chu-dau-village"], "days": 1,
          "departure": {"point": "van-don-airport", "time": "21:00"}},
         "must_see_impossible"),
        ({"budget_per_person_vnd": 100_000}, "budget_below_hotels"),
        ({"dietary": "halal", "never": ["halal-ha-long"]}, "no_meal_in_reach"),
        ({"wheelchair": True, "must_see": ["ngoc-rong-cave"]}, "not_accessible"),
    ],
)  # fmt: skip
def test_bad_wishes_raise_specific_errors_with_a_way_out(
    over: dict[str, Any], code: str
) -> None:
    with pytest.raises(InfeasibleRequestError) as info:
        make(**over)
    assert info.value.code == code
    assert info.value.explanation
    assert info.value.suggestion


def test_wish_validation_reports_each_field() -> None:
    from tourlink.core.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as info:
        TripWish.parse(wish(days=8, party={"adults": 0}))
    fields = {e.dotted for e in info.value.errors}
    assert {"days", "party"} <= fields
    assert info.value.code == "invalid_wish"


def test_why_is_written_in_the_travellers_language() -> None:
    plan = make(language="ja", must_see=["yen-tu"])
    yen_tu = next(i for i in plan.items() if i.id == "yen-tu")
    assert "ユネスコ世界遺産" in yen_tu.why


def test_experience_sessions_are_point_windows() -> None:
    plan = make(must_see=["cave-show"])
    show = next(i for i in plan.items() if i.id == "cave-show")
    entry = CATALOG["cave-show"]
    assert isinstance(entry, Experience)
    assert show.start.time() in entry.sessions
