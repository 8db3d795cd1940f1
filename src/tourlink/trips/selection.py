"""Choose from the catalogue what a wish can use: terminals, hotels, sights, shows, meals.

Every rule that filters or prices a candidate lives here (wheelchair access, dietary
needs, never items, opening hours, sold-out sessions, hotel budget); ``build`` assembles
the chosen candidates into a planner ``Problem``. Times are minutes from midnight before
day 1, local time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from tourlink.catalog import AnyEntryT, Provider, Tag
from tourlink.catalog import opening_hours as oh
from tourlink.core.clock import LOCAL_TZ
from tourlink.planner import Node

from .errors import InfeasibleRequestError
from .excursions import Stop
from .hotels import HOTEL_SHARE as HOTEL_SHARE
from .hotels import select_hotels
from .lookup import DEFAULT_OPENING as DEFAULT_OPENING
from .lookup import merge_windows, minute, point_of
from .meals import DIETARY_OK as DIETARY_OK
from .meals import MEAL_REACH_MINUTES as MEAL_REACH_MINUTES
from .meals import MEALS_RULES as MEALS_RULES
from .meals import meal_applies, meal_stops, restaurants
from .nodes import Lock as Lock
from .nodes import NodeInfo
from .ports import AvailabilitySource, RoutingClient
from .scoring import Reason
from .sights import MAX_VISIT_MINUTES as MAX_VISIT_MINUTES
from .sights import select_sights
from .travel import IslandZone, Position, TravelModel, location_of, zone_of
from .wish import ARRIVAL_BUFFER_MINUTES, DEPARTURE_BUFFER_MINUTES, TripWish

__all__ = [
    "DEFAULT_OPENING",
    "DIETARY_OK",
    "HOTEL_SHARE",
    "MAX_VISIT_MINUTES",
    "MEALS_RULES",
    "MEAL_REACH_MINUTES",
    "Lock",
    "NodeInfo",
    "Selector",
]


class Selector:
    """Picks and prices the candidates of one wish; keeps positions and nodes in order."""

    def __init__(
        self,
        wish: TripWish,
        entries: Mapping[str, AnyEntryT],
        availability: AvailabilitySource,
        today: date,
        zones: Sequence[IslandZone],
        routing: RoutingClient | None,
    ) -> None:
        self.wish, self.entries, self.availability = wish, entries, availability
        self.zones = zones
        self.today = today
        self.t0 = datetime.combine(wish.start_date, time(0), LOCAL_TZ)
        self.days = wish.days
        self.party = wish.party.size
        self.positions: list[Position] = []
        self.nodes: list[NodeInfo] = []
        self.node_defs: list[Node] = []
        self.almost_full: dict[tuple[str, int], int] = {}
        self.notes: list[tuple[str, str, dict[str, str]]] = []
        piers = {
            p: loc
            for z in zones
            for p in z.charter_piers
            if p in entries and (loc := location_of(entries[p])) is not None
        }
        self.travel = TravelModel(
            wish.road_vehicle, zones=zones, piers=piers, routing=routing
        )
        self.reasons: dict[str, tuple[Reason, ...]] = {}
        self.zone_of: dict[str, str | None] = {}
        self.prune = True
        """Leave out interchangeable hotels and restaurants (``pruning``)."""
        self.keep_ids: frozenset[str] = frozenset()
        """Entries never pruned (the traveller's locked items)."""
        self.spans = self._spans()

    # -- checks ---------------------------------------------------------------------
    def entry(self, ref: str, what: str) -> AnyEntryT:
        entry = self.entries.get(ref)
        if entry is None:
            raise InfeasibleRequestError(
                "unknown_place",
                f"{what} {ref!r} is not in the catalogue",
                "pick a place from the catalogue search (names work in any language)",
                field=what.replace(" ", "_"),
                context={"ref": ref},
            )
        return entry

    def _spans(self) -> list[tuple[int, int]]:
        w, rules = self.wish, self.wish.rules
        if w.start_date < self.today:
            raise InfeasibleRequestError(
                "dates_in_past",
                f"the trip starts on {w.start_date}, before today ({self.today})",
                f"start on {self.today} or later",
                field="start_date",
            )
        arrive = minute(w.arrival.time) + ARRIVAL_BUFFER_MINUTES[w.arrival.by]
        leave = (self.days - 1) * 1440 + minute(w.departure.time)
        leave -= DEPARTURE_BUFFER_MINUTES[w.departure.by]
        if leave <= arrive:
            raise InfeasibleRequestError(
                "arrival_after_departure",
                f"arriving at {w.arrival.time:%H:%M} on day 1 leaves no time before "
                f"leaving at {w.departure.time:%H:%M} on day {self.days}",
                "arrive earlier, leave later or add a day",
                field="departure.time",
            )
        spans = []
        for d in range(self.days):
            lo = d * 1440 + minute(rules.day_start)
            hi = d * 1440 + minute(rules.day_end)
            if d == 0:
                lo = arrive
            if d == self.days - 1:
                hi = leave
            spans.append((min(lo, hi), hi))
        return spans

    # -- helpers --------------------------------------------------------------------
    def loc(self, pos: Position) -> int:
        """Register a position; its index."""
        self.positions.append(pos)
        return len(self.positions) - 1

    def add(self, info: NodeInfo, node: Node) -> int:
        """Register a node; its index."""
        self.nodes.append(info)
        self.node_defs.append(node)
        return len(self.nodes) - 1

    def accessible(self, entry: AnyEntryT) -> bool:
        return not self.wish.wheelchair or Tag.WHEELCHAIR_ACCESSIBLE in entry.tags

    def open_windows(self, expr: str, duration: int) -> list[tuple[int, int]]:
        end = self.t0 + timedelta(days=self.days)
        out = []
        for iv in oh.open_intervals(expr, self.t0, end):
            a = int((iv.start - self.t0).total_seconds() // 60)
            b = int(((iv.end or end) - self.t0).total_seconds() // 60) - duration
            for lo, hi in self.spans:
                lo2, hi2 = max(a, lo), min(b, hi - duration)
                if lo2 <= hi2:
                    out.append((lo2, hi2))
        return merge_windows(out)

    def price(self, prices: Sequence[object]) -> int:
        party = self.wish.party
        by_unit = {p.unit: p.amount_vnd for p in prices}  # type: ignore[attr-defined]
        if "group" in by_unit:
            return int(by_unit["group"])
        per = by_unit.get("person", by_unit.get("adult", 0))
        child = by_unit.get("child", per)
        senior = by_unit.get("senior", per)
        return int(party.adults * per + party.children * child + party.seniors * senior)

    # -- parts ----------------------------------------------------------------------
    def terminals(self) -> None:
        for what, ref in (("arrival", self.wish.arrival.point),
                          ("departure", self.wish.departure.point)):  # fmt: skip
            entry = self.entry(ref, f"{what} point")
            pos = point_of(entry, self.entries)
            if pos is None or zone_of(entry, self.entries, self.zones) is not None:
                raise InfeasibleRequestError(
                    "unreachable",
                    f"the {what} point {ref!r} has no location on the mainland",
                    "choose an airport, a station, a port or a hotel on the mainland",
                    field=f"{what}.point",
                )
            loc = self.loc(pos)
            self.add(NodeInfo(what, entry.id, loc, loc), Node(name=what))

    def hotels(self) -> list[int]:
        """Candidate hotels as nodes (``hotels.select_hotels``)."""
        return select_hotels(self)

    def candidates(self) -> tuple[list[Stop], dict[str, tuple[AnyEntryT, str]]]:
        """Sights and shows on the mainland (as nodes later) and on islands (stops)."""
        return select_sights(self)

    def meal_applies(self, meal: str, lo: int, hi: int) -> bool:
        """Whether a day span leaves room for ``meal`` (``meals.meal_applies``)."""
        return meal_applies(meal, lo, hi)

    def restaurants(self, zone: str | None) -> list[tuple[Provider, int]]:
        """Suitable restaurants in ``zone`` (``meals.restaurants``)."""
        return restaurants(self, zone)

    def meal_stops(
        self, meal: str, day: int, rest: list[tuple[Provider, int]]
    ) -> list[Stop]:
        """``meal`` on ``day`` at each restaurant (``meals.meal_stops``)."""
        return meal_stops(self, meal, day, rest)
