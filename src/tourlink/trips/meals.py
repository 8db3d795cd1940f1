"""Meals: when lunch and dinner apply, which restaurants suit the wish, their windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING

from tourlink.catalog import Provider, ProviderKind

from .excursions import Stop
from .lookup import minute, point_of
from .pruning import undominated_meals
from .travel import zone_of

if TYPE_CHECKING:
    from .selection import Selector

MEALS_RULES: dict[str, tuple[time, time, int]] = {
    "lunch": (time(11, 0), time(14, 0), 60),
    "dinner": (time(18, 0), time(22, 0), 75),
}
"""Meal: earliest start, latest end, minutes at the table."""
MEAL_REACH_MINUTES = 30
"""A meal is planned on a day only if the day leaves this much slack around it."""
HOTEL_SHARE = 0.6
"""Hotels may take at most this share of the total budget."""
DIETARY_OK: dict[str, frozenset[str]] = {
    "halal": frozenset({"halal"}),
    "vegetarian": frozenset({"vegetarian", "vegan"}),
}


def meal_applies(meal: str, lo: int, hi: int) -> bool:
    """Whether the day span ``lo``-``hi`` leaves room for ``meal`` (with the slack)."""
    start, end, dur = MEALS_RULES[meal]
    day = (lo // 1440) * 1440
    first, last = day + minute(start), day + minute(end)
    return (
        lo <= last - dur - MEAL_REACH_MINUTES and hi >= first + dur + MEAL_REACH_MINUTES
    )


def restaurants(sel: Selector, zone: str | None) -> list[tuple[Provider, int]]:
    """Restaurants in ``zone`` (``None``: mainland) that suit the wish, registered."""
    ok = DIETARY_OK.get(sel.wish.dietary)
    out = []
    for e in sel.entries.values():
        if not (isinstance(e, Provider) and e.kind == ProviderKind.RESTAURANT):
            continue
        if e.id in sel.wish.never or not sel.accessible(e):
            continue
        if ok is not None and not ok & {str(x) for x in e.dietary}:
            continue
        pos = point_of(e, sel.entries)
        if pos is None or zone_of(e, sel.entries, sel.zones) != zone:
            continue
        out.append((e, sel.loc(replace(pos, zone=zone))))
    return out


def meal_stops(
    sel: Selector, meal: str, day: int, rest: list[tuple[Provider, int]]
) -> list[Stop]:
    """``meal`` on ``day`` at each of ``rest``, with its start windows (dominated
    restaurants left out, see :mod:`~tourlink.trips.pruning`)."""
    start, end, dur = MEALS_RULES[meal]
    base = day * 1440
    lo = sel.spans[day][0]
    out = []
    for e, loc in rest:
        windows = []
        for o, c in sel.open_windows(e.opening_hours or "Mo-Su 10:00-21:30", dur):
            a, b = (
                max(o, base + minute(start), lo),
                min(c, base + minute(end) - dur),
            )
            if a <= b:
                windows.append((a, b))
        if windows:
            cost = sel.price(e.prices)
            out.append(Stop(f"{e.id}@{day}", e.id, "meal", loc, tuple(windows), dur,
                            0.0, cost, meal=meal))  # fmt: skip
    if sel.prune:
        out = undominated_meals(out, lambda s: sel.positions[s.loc].point, sel.keep_ids)
    return out
