"""Trip-planning use cases: plan a wish, re-plan after edits, resolve typed names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tourlink.catalog import AnyEntryT
from tourlink.catalog.search import SearchQuery
from tourlink.core.clock import LOCAL_TZ, Clock
from tourlink.trips import (
    AvailabilitySource,
    Edit,
    InfeasibleRequestError,
    RoutingClient,
    TimeBudget,
    TripPlan,
    TripWish,
    plan_trip,
    replan,
)
from tourlink.trips.plan import SCALED

from .catalog import CatalogService


@dataclass
class TripService:
    """Plan and re-plan trips over the catalogue.

    Parameters
    ----------
    catalog
        Entries and the multilingual search used to resolve typed names.
    availability
        Live availability of show sessions.
    clock
        "Today" for rejecting trips in the past.
    time_limit
        Seconds the planner searches per request; ``SCALED`` (default): 1.5 s in all
        for up to three days, 2 s more per further day (``trips.time_budget``).
    max_iterations
        Instead of (or as well as) a time limit, for reproducible runs.
    seed
        The planner's random seed.
    routing
        Road durations (great-circle by default; OSRM when configured).
    """

    catalog: CatalogService
    availability: AvailabilitySource
    clock: Clock
    time_limit: float | TimeBudget | None = SCALED
    max_iterations: int | None = None
    seed: int = 0
    routing: RoutingClient | None = None

    def resolve(self, ref: str) -> str:
        """The catalogue id for an id or a name typed in any language (diacritics optional).

        Raises
        ------
        InfeasibleRequestError
            ``unknown_place`` when nothing matches.
        """
        if self.catalog.repository.get(ref) is not None:
            return ref
        page = self.catalog.search(SearchQuery(text=ref[:200], limit=1))
        if page.items:
            return page.items[0].entry.id
        raise InfeasibleRequestError(
            "unknown_place",
            f"nothing in the catalogue is called {ref!r}",
            "check the spelling or pick a suggestion from the catalogue search",
            context={"ref": ref},
        )

    def resolve_wish(self, wish: TripWish) -> TripWish:
        """The wish with every point, must-see and never item resolved to an id."""
        return wish.model_copy(
            update={
                "arrival": wish.arrival.model_copy(
                    update={"point": self.resolve(wish.arrival.point)}
                ),
                "departure": wish.departure.model_copy(
                    update={"point": self.resolve(wish.departure.point)}
                ),
                "must_see": tuple(
                    dict.fromkeys(self.resolve(r) for r in wish.must_see)
                ),
                "never": tuple(dict.fromkeys(self.resolve(r) for r in wish.never)),
            }
        )

    def plan(self, wish: TripWish) -> TripPlan:
        """Plan ``wish``; the plan's planner result passes the independent checker."""
        return plan_trip(
            self.resolve_wish(wish),
            self._entries(),
            self.availability,
            self._today(),
            time_limit=self.time_limit,
            max_iterations=self.max_iterations,
            seed=self.seed,
            routing=self.routing,
        )

    def replan(self, plan: TripPlan, edits: Sequence[Edit]) -> TripPlan:
        """Apply edits (lock, remove, add, move, change pace) and re-plan the rest."""
        resolved = [
            type(e)(**{**e.__dict__, "id": self.resolve(e.id)})
            if hasattr(e, "id")
            else e
            for e in edits
        ]
        return replan(
            plan,
            resolved,
            self._entries(),
            self.availability,
            self._today(),
            max_iterations=self.max_iterations,
            seed=self.seed,
            routing=self.routing,
        )

    def _entries(self) -> dict[str, AnyEntryT]:
        return {e.id: e for e in self.catalog.entries()}

    def _today(self) -> date:
        return self.clock.now().astimezone(LOCAL_TZ).date()
