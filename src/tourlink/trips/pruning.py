"""Candidate pruning: hotels and restaurants that are interchangeable for the planner.

Hotels and restaurants carry no score; they only have to be reachable in time (and a
restaurant's price counts towards the budget). Two of them within
``SAME_PLACE_KM`` of each other are a few minutes' drive apart, so the planner gains
nothing from choosing between them, while every extra candidate costs search time
(a restaurant is one node per day and meal). So:

* **hotels**: of each cluster of hotels within ``SAME_PLACE_KM``, only the cheapest for
  the party is a candidate (ties: by id);
* **restaurants**: for one meal on one day, a restaurant is left out when another kept
  one within ``SAME_PLACE_KM`` serves that meal in every window it does (same day) at
  no higher price (ties: by id).

Entries the traveller locked are always kept. Removing the kept one (``RemoveItem``)
puts it on the never list, and the next one of its cluster takes its place.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from tourlink.core.geo import GeoPoint, haversine_km

from .excursions import Stop

SAME_PLACE_KM = 1.5
"""Hotels or restaurants closer than this are interchangeable for the planner."""

T = TypeVar("T")


def cheapest_per_place(
    items: Sequence[T],
    point: Callable[[T], GeoPoint],
    key: Callable[[T], tuple[int, str]],
    keep: Collection[str] = (),
    ident: Callable[[T], str] = str,
) -> list[T]:
    """The items no cheaper item (by ``key``) lies within ``SAME_PLACE_KM`` of, plus
    the items whose id is in ``keep``; in ``key`` order."""
    kept: list[T] = []
    for item in sorted(items, key=key):
        here = point(item)
        if ident(item) in keep or all(
            haversine_km(here, point(k)) > SAME_PLACE_KM for k in kept
        ):
            kept.append(item)
    return kept


def _covers(a: Stop, b: Stop) -> bool:
    """Every window of ``b`` lies inside a window of ``a``."""
    return all(any(o <= lo and hi <= c for o, c in a.windows) for lo, hi in b.windows)


def undominated_meals(
    stops: Sequence[Stop], point: Callable[[Stop], GeoPoint], keep: Collection[str] = ()
) -> list[Stop]:
    """Meal stops of one day and meal without the dominated ones (see module doc)."""
    order = sorted(stops, key=lambda s: (s.cost, s.entry_id))
    kept: list[Stop] = []
    for stop in order:
        here = point(stop)
        dominated = any(
            k.cost <= stop.cost
            and _covers(k, stop)
            and haversine_km(here, point(k)) <= SAME_PLACE_KM
            for k in kept
        )
        if stop.entry_id in keep or not dominated:
            kept.append(stop)
    return [s for s in stops if s in kept]
