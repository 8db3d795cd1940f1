"""The race of a long trip's searches, the day item a continuation must include and
the shifted night sequences a continuation may start from."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from tourlink.planner import (
    Node,
    PlanningError,
    Problem,
    Result,
    SolveParams,
    Tour,
    TourPlan,
    Visit,
)
from tourlink.trips import plan
from tourlink.trips.plan import DAY_ITEM_MINUTES, day_item, shifted_nights


def _trip(scores_and_minutes: list[tuple[float, int]]) -> Problem:
    """A one-day trip from node 0 back to node 0 with the given sights (1, 2, ...)."""
    nodes = [Node(0.0, 0), *(Node(s, d) for s, d in scores_and_minutes)]
    n = len(nodes)
    travel = np.full((n, n), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    return Problem(tuple(nodes), travel, (Tour(0, 0, 0, 1440),))


def _plan(score: float, visits: tuple[int, ...] = ()) -> Result:
    return Result(
        score, (TourPlan(0, 0, 0, 0, tuple(Visit(v, 0, 0, 0) for v in visits)),)
    )


def test_day_item_is_the_best_scoring_unvisited_long_visit() -> None:
    long_ = DAY_ITEM_MINUTES
    p = _trip([(20.0, long_ + 300), (30.0, 120), (25.0, long_), (5.0, long_ + 60)])
    assert day_item(p, _plan(100.0)) == 3
    assert day_item(p, _plan(100.0, (3,))) == 1


def test_day_item_worth_too_little_of_the_plan_is_not_forced() -> None:
    p = _trip([(4.0, DAY_ITEM_MINUTES + 100), (30.0, 60)])
    assert day_item(p, _plan(60.0)) == 1
    assert day_item(p, _plan(200.0)) is None
    assert day_item(_trip([(30.0, 60)]), _plan(10.0)) is None


def _nights_trip() -> Problem:
    """Four days from the arrival (0) to the departure (1); hotels 2 and 3 are the
    candidates of the first three nights, the last day ends at the departure."""
    nodes = [Node(0.0, 0), Node(0.0, 0), Node(0.0, 0), Node(0.0, 0), Node(5.0, 60)]
    travel = np.full((5, 5), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    hotels = (2, 3)
    tours = (
        Tour(0, hotels, 0, 1440),
        Tour(None, hotels, 1440, 2880),
        Tour(None, hotels, 2880, 4320),
        Tour(None, 1, 4320, 5760),
    )
    return Problem(tuple(nodes), travel, tours)


def _ending(ends: tuple[int, ...], score: float = 0.0) -> Result:
    starts = (0, *ends[:-1])
    return Result(
        score, tuple(TourPlan(s, e, 0, 0) for s, e in zip(starts, ends, strict=True))
    )


def test_shifted_nights_move_one_night_across_each_hotel_change() -> None:
    p = _nights_trip()
    assert shifted_nights(p, _ending((2, 2, 3, 1))) == [(2, 3, 3, 1), (2, 2, 2, 1)]
    # a one-night stay in between: each neighbour may take it over (once each)
    assert shifted_nights(p, _ending((2, 3, 2, 1))) == [
        (3, 3, 2, 1),
        (2, 2, 2, 1),
        (2, 3, 3, 1),
    ]


def test_shifted_nights_keep_to_each_night_s_candidate_hotels() -> None:
    # the departure (1) is no hotel, and the last day cannot end at a hotel
    assert shifted_nights(_nights_trip(), _ending((3, 3, 3, 1))) == []


class _FakeSearch:
    """Race plans end (2, 2, 3, 1); a search restricted to ``better`` scores 20,
    to any other sequence 5; a continuation adds 1 to its start."""

    def __init__(self, better: tuple[int, ...], impossible: tuple[int, ...] = ()):
        self.better, self.impossible = better, impossible
        self.restricted: list[tuple[int, ...]] = []
        self.continued_from: list[float] = []

    def __call__(
        self,
        k: int,
        seconds: float | None,  # noqa: ARG002
        initial: Result | None,
        force: int | None,  # noqa: ARG002
        nights: Sequence[int] | None = None,
        params: SolveParams | None = None,  # noqa: ARG002
    ) -> Result:
        if nights is not None:
            self.restricted.append(tuple(nights))
            if tuple(nights) == self.impossible:
                raise PlanningError("no hotel works")
            return _ending(tuple(nights), 20.0 if tuple(nights) == self.better else 5.0)
        if initial is not None:
            self.continued_from.append(initial.score)
            return replace(initial, score=initial.score + 1)
        return _ending((2, 2, 3, 1), 10.0 + k)


@pytest.mark.parametrize("parallel", [False, True])
def test_long_trip_continues_from_a_shifted_night_sequence_that_scores_more(
    monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    monkeypatch.setattr(plan, "PARALLEL_SEARCHES", parallel)
    fake = _FakeSearch(better=(2, 3, 3, 1))
    found = plan._race_and_continue(
        fake, _nights_trip(), 2, 4.0, time.perf_counter, True
    )
    assert sorted(fake.restricted) == [(2, 2, 2, 1), (2, 3, 3, 1)]
    assert 20.0 in fake.continued_from
    assert max(r.score for r in found) == 21.0
    assert plan._best(found)[0].tours[1].end_node == 3


def test_a_shifted_sequence_worse_than_the_race_is_not_continued_from() -> None:
    fake = _FakeSearch(better=(9, 9, 9, 9), impossible=(2, 3, 3, 1))
    found = plan._race_and_continue(
        fake, _nights_trip(), 2, None, time.perf_counter, True
    )
    assert sorted(fake.restricted) == [(2, 2, 2, 1), (2, 3, 3, 1)]
    assert 5.0 not in fake.continued_from
    assert max(r.score for r in found) == 10.0 + 2 * plan.RACERS - 1 + 1


class _ReorderFake(_FakeSearch):
    """As ``_FakeSearch``; a search from a fresh plan (score 0: a reordering) ending
    ``better_start`` scores 30."""

    def __init__(self, better_start: tuple[int, ...]):
        super().__init__(better=(9, 9, 9, 9))
        self.better_start = better_start
        self.started_from: list[tuple[int, ...]] = []

    def __call__(
        self,
        k: int,
        seconds: float | None,
        initial: Result | None,
        force: int | None,
        nights: Sequence[int] | None = None,
        params: SolveParams | None = None,
    ) -> Result:
        if initial is not None and nights is None:
            ends = tuple(t.end_node for t in initial.tours)
            self.started_from.append(ends)
            if ends == self.better_start and initial.score == 0.0:
                return replace(initial, score=30.0)
        return super().__call__(k, seconds, initial, force, nights, params)


@pytest.mark.parametrize("parallel", [False, True])
def test_long_trip_continues_from_a_reordered_plan_that_scores_more(
    monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    monkeypatch.setattr(plan, "PARALLEL_SEARCHES", parallel)
    fake = _ReorderFake(better_start=(3, 2, 2, 1))
    found = plan._race_and_continue(
        fake, _nights_trip(), 2, 4.0, time.perf_counter, True
    )
    # the race's best plan ends (2, 2, 3, 1): its last night's stay moved first
    assert (3, 2, 2, 1) in fake.started_from
    assert 30.0 in fake.continued_from
    assert max(r.score for r in found) == 31.0
