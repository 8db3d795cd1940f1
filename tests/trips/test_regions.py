"""Night-region sequences of long trips: regions, candidates, screen, restriction."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import tourlink.trips.plan as plan_module
from tourlink.planner import Node, Problem, Result, Tour, solve
from tourlink.trips import TRIP_PARAMS, TripWish, UnknownAvailability, build, plan_trip
from tourlink.trips.regions import (
    MAX_BLOCKS,
    candidate_sequences,
    changes,
    hotel_regions,
    restrict,
    screen,
)

from .fixtures import TODAY, entries, wish

# Places on a line, in minutes of travel: arrival and departure at 0, region A
# (two hotels) near them, region B a long drive away, region C beyond B and out of a
# day's reach of both ends; a big sight next to C, a small one next to A.
POSITIONS = {0: 0, 1: 0, 2: 10, 3: 15, 4: 600, 5: 1000, 6: 20, 7: 1010}
HOTELS = (2, 3, 4, 5)
A, B, C = 0, 1, 2  # region indices in node order


def line_problem(days: int = 4) -> Problem:
    """A trip over ``POSITIONS``: days of 08:00-22:00 (840 minutes)."""
    n = len(POSITIONS)
    travel = np.array(
        [[abs(POSITIONS[i] - POSITIONS[j]) for j in range(n)] for i in range(n)]
    )
    nodes = [Node(name=f"n{i}") for i in range(6)]
    nodes += [Node(5.0, 60, name="small-sight"), Node(50.0, 60, name="big-sight")]
    tours = tuple(
        Tour(start=0 if d == 0 else None, end=1 if d == days - 1 else HOTELS,
             earliest=d * 1440 + 480, latest=d * 1440 + 1320)
        for d in range(days)
    )  # fmt: skip
    return Problem(nodes=tuple(nodes), travel=travel, tours=tours)


def test_hotels_a_short_drive_apart_form_one_region() -> None:
    assert hotel_regions(line_problem()) == [(2, 3), (4,), (5,)]


def test_candidate_sequences_respect_arrival_and_departure() -> None:
    """The first night is within a day of the arrival, the last within a day of the
    departure, and each night within a day of the one before."""
    p = line_problem()
    seqs = candidate_sequences(p, hotel_regions(p))
    assert seqs
    assert all(s[0] != C and s[-1] != C for s in seqs)
    assert (B, C, B) in seqs
    assert (A, C, B) not in seqs  # A to C is more than a day's drive


def test_candidate_sequences_have_few_blocks_of_nights() -> None:
    p = line_problem(days=7)
    seqs = candidate_sequences(p, hotel_regions(p))
    assert len(seqs) == len(set(seqs))
    assert all(changes(s) <= MAX_BLOCKS - 1 for s in seqs)
    assert (A,) * 6 in seqs


def test_the_screen_ranks_the_sequence_that_reaches_the_big_sight_first() -> None:
    (best,) = screen(line_problem(), 1)
    assert best.regions == (B, C, B)
    assert best.value == 55.0


def test_restricting_limits_each_night_to_its_regions() -> None:
    p = line_problem()
    sequences = screen(p, 2)
    restricted = restrict(p, sequences)
    for d, tour in enumerate(restricted.tours[:-1]):
        allowed = {h for s in sequences for h in hotel_regions(p)[s.regions[d]]}
        assert set(tour.end_choices) == allowed
    assert restricted.tours[-1] == p.tours[-1]
    assert restrict(p, []) is p


def test_a_night_with_a_locked_hotel_gets_no_sequences() -> None:
    p = line_problem()
    tours = list(p.tours)
    tours[1] = Tour(start=None, end=(4,), earliest=tours[1].earliest,
                    latest=tours[1].latest)  # fmt: skip
    locked = Problem(nodes=p.nodes, travel=p.travel, tours=tuple(tours))
    assert screen(locked, 3) == []


def test_short_trips_get_no_sequences() -> None:
    assert screen(line_problem(days=2), 3) == []


def test_the_unrestricted_search_is_always_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long trip's first search plans the whole problem; the others follow the
    screen's night regions."""
    problems: list[Problem] = []
    real = plan_module.solve  # type: ignore[attr-defined]

    def spy(problem: Problem, **kw: Any) -> Result:
        problems.append(problem)
        return real(problem, **{**kw, "time_limit": None, "max_iterations": 50})

    monkeypatch.setattr(plan_module, "solve", spy)
    monkeypatch.setattr(plan_module, "PARALLEL_SEARCHES", False)
    monkeypatch.setattr(plan_module, "REGION_SEQUENCES", 3)
    w = TripWish.parse(wish(days=5))
    plan_trip(w, entries(), UnknownAvailability(), TODAY, seed=1)
    full = build(w, entries(), UnknownAvailability(), TODAY).problem
    assert len(problems) == plan_module.SEARCHES_PER_LONG_TRIP
    assert [t.end for t in problems[0].tours] == [t.end for t in full.tours]
    for tour, whole in zip(problems[1].tours, full.tours, strict=True):
        assert set(tour.end_choices) <= set(whole.end_choices)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_plan_never_scores_below_the_unrestricted_search(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Same seed and iterations: the portfolio keeps the unrestricted plan if the
    restricted one is worse."""
    monkeypatch.setattr(plan_module, "REGION_SEQUENCES", 3)
    w = TripWish.parse(wish(days=5))
    plan = plan_trip(w, entries(), UnknownAvailability(), TODAY, seed=seed,
                     max_iterations=120)  # fmt: skip
    problem = build(w, entries(), UnknownAvailability(), TODAY).problem
    alone = solve(problem, params=TRIP_PARAMS, max_iterations=120, seed=seed)
    assert plan.result.score >= alone.score
