"""Plan a trip: build the planner problem, solve it, verify it, explain any failure.

Planning time: by default (``time_limit=SCALED``) a trip of up to ``BASE_DAYS`` days
gets ``DEFAULT_TIME_LIMIT`` seconds in all (building the problem included), and every
further day ``SECONDS_PER_EXTRA_DAY`` more: a week has more than twice as many days to
fill and the search needs the time (see ``docs/benchmarks/trips.md``). An explicit number is
the solver's own time limit, as before. The search runs with ``TRIP_PARAMS``.

A trip of up to ``BASE_DAYS`` days with the scaled budget is planned by
``SEARCHES_PER_SHORT_TRIP`` free searches side by side when ``PARALLEL_SEARCHES``
(threads, each for the whole budget, the best plan kept; two kinds of search,
``SIDE_BY_SIDE_PARAMS``); otherwise by one search.

A trip longer than ``BASE_DAYS`` is planned in ``SEARCHES_PER_LONG_TRIP`` slots. On
a machine with at least that many CPUs they run at the same time in threads (the
planner's kernels release the GIL), each for the whole remaining budget; otherwise
one after the other, sharing it. The traveller waits the same either way. Each slot
first *races*: ``RACERS`` short free searches (other seeds) for ``RACE_SHARE`` of its
time; then the slots *continue* for the rest from the ``CONTINUE_BEST`` best plans of
the whole race (a warm start, ``solve(..., initial=...)``), the last one - when the
best plan lacks a visit that takes most of a day (:func:`day_item`, e.g. a boat day
trip) - with that visit made a must-visit. Before continuing, a slot without such
a visit first tries the race's best plan with one night moved across a change of
hotel (:func:`shifted_nights`: a stay one night shorter, the next one night longer),
each a short search restricted to that night sequence, and continues from the best
of its start and those plans; it also continues briefly from the race's best plan
with whole days moved, nights included (:func:`~tourlink.trips.reorder.reordered_days`:
another region order whose days are already filled). A long trip's score depends
mostly on the order of regions over the nights and on such whole-day visits, which a
search settles early and rarely undoes (``docs/dev/trips.md``, "Race and continue",
"Shifting a night", "Reordering whole days").

The scaled budget is counted on the wall clock; ``plan_trip(clock=time.thread_time)``
counts it in CPU seconds instead (``ClockBudget``; each search on the clock of its own
thread), which is what the benchmark's idle-CPU mode measures on a busy machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Final, Literal, Protocol, TypeVar

from tourlink.catalog import AnyEntryT
from tourlink.planner import PlanningError, Problem, Result, SolveParams, check, solve

from .build import Built, build
from .errors import InfeasibleRequestError
from .nodes import Lock
from .ports import AvailabilitySource, RoutingClient
from .reorder import reordered_days
from .timeline import TripPlan, make_plan
from .wish import TripWish

T = TypeVar("T")

DEFAULT_TIME_LIMIT = 1.5
"""Seconds of planning for a trip of up to ``BASE_DAYS`` days (a traveller waits)."""
BASE_DAYS = 3
SECONDS_PER_EXTRA_DAY = 2.0
"""Extra planning seconds for every day beyond ``BASE_DAYS`` (5 days: 5.5 s, a week:
9.5 s; a product decision - a traveller waits a few seconds more for a week's plan):
long trips need the iterations to come near the 60 s reference; with 1 s per day the
5-day plans fell below 98 % of it on some seeds (``docs/dev/trips.md``, "A longer
budget for long trips")."""
SEARCHES_PER_LONG_TRIP = 2
"""A trip longer than ``BASE_DAYS`` is planned in this many slots (a thread each when
``PARALLEL_SEARCHES``), each racing and then continuing; the best plan is kept. The
spread between seeds is what keeps single long trips below the reference
(``docs/dev/trips.md``)."""
SEARCHES_PER_SHORT_TRIP = 2
"""A trip of up to ``BASE_DAYS`` days is planned by this many free searches side by
side (other seeds, one thread each for the whole budget) when ``PARALLEL_SEARCHES``;
the best plan is kept. A single 1.5 s search sometimes settles in a lesser plan (the
Vietnamese weekenders' 3 days at 97.7 % of the 60 s reference in the quiet run of
``docs/benchmarks/trips.md``); on one CPU a short trip keeps its single search."""
PARALLEL_SEARCHES = (
    len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")
    else os.cpu_count() or 1
) >= SEARCHES_PER_LONG_TRIP
"""Run the searches of a long trip at the same time, one thread each, every one for
the whole remaining budget (twice the iterations of sharing it, in the same wall
time); counted over the CPUs this process may run on, not all of the machine's. The
kernels are compiled with ``nogil``, so the threads use separate CPUs;
on a busy machine they share what there is, and the plan is as good as sharing the
budget would make it (``docs/dev/trips.md``)."""
RACE_SHARE = 0.5
"""Share of a long trip's budget that its searches spend racing (see ``RACERS``)."""
RACERS = 2
"""Short free searches per slot in the race of a long trip."""
CONTINUE_BEST = 2
"""The slots continue from this many of the race's best plans (round robin)."""
DAY_ITEM_MINUTES = 300
"""A visit at least this long takes most of a day (``day_item``)."""
DAY_ITEM_SHARE = 0.05
"""A day item is forced into a continuation only if it scores this share of the plan."""
SHIFTS_PER_SLOT = 2
"""Block-boundary shifts of the race's best plan (:func:`shifted_nights`) that each
continuing slot without a day item tries before it continues."""
SHIFT_SHARE = 0.1
"""Share of a slot's budget for one search restricted to a shifted night sequence."""
REORDERS_PER_SLOT = 2
"""Reorderings of the race's best plan (whole days moved with their nights,
:func:`~tourlink.trips.reorder.reordered_days`, best first, round robin over the
slots) that each continuing slot without a day item tries before it continues:
a search continued from each (free hotels) for ``REORDER_SHARE`` of its time. Two
made 5-day plans below 98 % of the best known rarer than one (``docs/dev/trips.md``,
"Reordering whole days")."""
REORDER_SHARE = 0.1
"""Share of a slot's budget for one search continued from a reordered plan."""
RESTART_SEED = 7919
"""Seed offset of each further search."""
MIN_SOLVE_SECONDS = 0.2
"""The solver always gets at least this, however long building the problem took."""
TRIP_PARAMS = SolveParams(
    start_temperature=1.0,
    pool_max_days=2,
    exchange_probability=0.0,
    slice_probability=0.0,
    relocate_probability=0.0,
    travel_weight=0.0,
    string_probability=0.0,
)
"""Search parameters for trips: a cooler start than the engine's default (3.0 for
several days, 10.0 for one) finds
better plans within the few thousand iterations a traveller can wait for (measured in
``docs/benchmarks/trips.md``). No tail exchange between days, no slice rebuild of a
one-day trip, no relocation, no travel weight, no string removal and the pool of days
at two days only:
these were measured on the TOPTW benchmark only, not on trips."""
CONTINUE_PARAMS = replace(TRIP_PARAMS, start_temperature=0.5)
"""Search parameters of a search that continues from a plan of the race."""
SIDE_BY_SIDE_PARAMS = (
    TRIP_PARAMS,
    replace(TRIP_PARAMS, sequential_probability=0.8, start_temperature=3.0),
)
"""Search parameters of a short trip's side-by-side searches (search ``k`` takes
entry ``k`` modulo their number): the second moves more visits between days (four
in five of its re-insertions sequential, against one in five) and starts at the
engine's default temperature for several days (3.0). With ``TRIP_PARAMS`` both searches of the Vietnamese weekenders'
3 days ended on the same plan (71.33, Ha Long caves on day 2) on every seed
measured; the best known (73.04: Ninh Binh on day 2, the night at Do Son) needs a
whole day's visits exchanged (``docs/dev/trips.md``, "Two kinds of search for short
trips")."""


class TimeBudget(Enum):
    """How long to plan when no explicit time limit is given."""

    SCALED = "scaled"
    """``time_budget(days)`` seconds in all, building the problem included."""


SCALED: Final = TimeBudget.SCALED


@dataclass
class ClockBudget:
    """Stop once ``seconds`` have passed on ``clock`` since creation (a planner
    ``StoppingCriterion``; with ``time.thread_time``, CPU seconds of the thread that
    created it).

    >>> budget = ClockBudget(2.0, clock=iter([0.0, 0.5, 2.5]).__next__)
    >>> budget.progress(0, 0.0), budget.done(0, 0.0)
    (0.25, True)
    """

    seconds: float
    clock: Callable[[], float] = time.perf_counter
    start: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def done(self, iterations: int, elapsed: float) -> bool:  # noqa: ARG002
        """True once the seconds are used."""
        return self.clock() - self.start >= self.seconds

    def progress(self, iterations: int, elapsed: float) -> float:  # noqa: ARG002
        """Used share of the seconds."""
        return min(1.0, (self.clock() - self.start) / self.seconds)


def time_budget(days: int) -> float:
    """Seconds of planning, building included, for a trip of ``days`` days.

    >>> time_budget(3), time_budget(5), time_budget(7)
    (1.5, 5.5, 9.5)
    """
    return DEFAULT_TIME_LIMIT + SECONDS_PER_EXTRA_DAY * max(0, days - BASE_DAYS)


def plan_trip(
    wish: TripWish,
    entries: Mapping[str, AnyEntryT],
    availability: AvailabilitySource,
    today: date,
    *,
    time_limit: float | Literal[TimeBudget.SCALED] | None = SCALED,
    max_iterations: int | None = None,
    seed: int = 0,
    locks: Sequence[Lock] = (),
    moves: Mapping[str, int] | None = None,
    routing: RoutingClient | None = None,
    notes: Sequence[tuple[str, str, dict[str, str]]] = (),
    clock: Callable[[], float] | None = None,
) -> TripPlan:
    """Plan ``wish`` over the catalogue; the plan's planner result passes ``check``.

    ``time_limit`` is the solver's limit in seconds; ``SCALED`` (the default) plans
    for ``time_budget(wish.days)`` seconds in all; ``None`` needs ``max_iterations``.
    ``clock`` counts the time limit on another clock than the wall (e.g.
    ``time.thread_time``: each search's CPU seconds, also when the searches of a long
    trip run in parallel threads).

    Raises
    ------
    InfeasibleRequestError
        With a code, what cannot be met and what would make it possible.
    """
    now = clock or time.perf_counter
    started = now()
    built = build(wish, entries, availability, today, locks=locks, moves=moves,
                  routing=routing)  # fmt: skip
    built.notes.extend(notes)
    limit = time_limit
    runs = 1
    if limit is SCALED:
        spent = now() - started
        limit = max(MIN_SOLVE_SECONDS, time_budget(wish.days) - spent)
        if wish.days > BASE_DAYS:
            runs = SEARCHES_PER_LONG_TRIP
        elif PARALLEL_SEARCHES:
            runs = SEARCHES_PER_SHORT_TRIP

    def search(
        k: int,
        seconds: float | None,
        initial: Result | None,
        force: int | None,
        nights: Sequence[int] | None = None,
        params: SolveParams | None = None,
    ) -> Result:
        """Search number ``k`` (seed ``seed + RESTART_SEED * k``) for ``seconds`` (on
        ``clock`` if given), started in the calling thread so that a per-thread
        clock measures this search; from ``initial`` with ``CONTINUE_PARAMS``, with
        node ``force`` made a must-visit, or with the nights' hotels restricted to
        ``nights`` (one hotel per night, see :func:`shifted_nights`); ``params``
        instead of those parameters if given."""
        stop = [] if clock is None or seconds is None else [ClockBudget(seconds, clock)]
        problem = built.problem
        if force is not None:
            problem = _must_visit(problem, force)
        if nights is not None:
            problem = _restrict_nights(problem, nights)
        found = solve(problem,
                      params=(params if params is not None
                              else TRIP_PARAMS if initial is None
                              else CONTINUE_PARAMS),
                      time_limit=seconds if clock is None else None,
                      max_iterations=max_iterations, seed=seed + RESTART_SEED * k,
                      stop=stop, initial=initial)  # fmt: skip
        if problem is not built.problem:  # rated on the trip's own rules
            found = replace(found, feasible=not check(built.problem, found))
        return found

    try:
        if runs == 1:
            found = [search(0, limit, None, None)]
        elif wish.days <= BASE_DAYS:
            found = _side_by_side(search, runs, limit)
        else:
            found = _race_and_continue(search, built.problem, runs, limit, now,
                                       clock is None)  # fmt: skip
    except PlanningError as exc:
        raise InfeasibleRequestError(
            "must_see_impossible",
            f"the locked items cannot all be kept ({exc})",
            "unlock an item or move it to another day",
        ) from None
    # the first of the best (a tie keeps the first seed's plan)
    result = _best(found)[0]
    violations = check(built.problem, result)
    if not result.feasible or violations:
        diagnose(built, result)
    return make_plan(built, result)


def _side_by_side(search: _Search, runs: int, limit: float | None) -> list[Result]:
    """A short trip's ``runs`` free searches (seeds ``0..runs-1``, search ``k`` with
    ``SIDE_BY_SIDE_PARAMS[k]``, cycling), one thread each for the whole ``limit``:
    the same wall time as one search, and the first seed's plan still wins a tie."""
    kinds = SIDE_BY_SIDE_PARAMS

    def one(k: int) -> Result:
        return search(k, limit, None, None, params=kinds[k % len(kinds)])

    with ThreadPoolExecutor(runs, thread_name_prefix="trip-search") as pool:
        return list(pool.map(one, range(runs)))


def _best(results: Sequence[Result]) -> list[Result]:
    """Feasible plans first, then by score; a tie keeps the earlier search's."""
    return sorted(results, key=lambda r: (r.feasible, r.score), reverse=True)


def _must_visit(problem: Problem, node: int) -> Problem:
    """``problem`` with ``node`` a must-visit."""
    nodes = list(problem.nodes)
    nodes[node] = replace(nodes[node], must_visit=True)
    return replace(problem, nodes=tuple(nodes))


def _restrict_nights(problem: Problem, nights: Sequence[int]) -> Problem:
    """``problem`` with day ``t`` ending at ``nights[t]`` only."""
    tours = list(problem.tours)
    for t, hotel in enumerate(nights):
        tours[t] = replace(tours[t], end=(hotel,))
    return replace(problem, tours=tuple(tours))


def shifted_nights(problem: Problem, plan: Result) -> list[tuple[int, ...]]:
    """The night sequences one block boundary away from ``plan``'s: wherever day
    ``t`` and day ``t + 1`` end at different places, night ``t`` moved to the next
    block's hotel (the earlier stay one night shorter), then night ``t + 1`` moved to
    the earlier block's (one night longer); only hotels that are candidates of that
    night. A plan's region order is what a search settles early and rarely undoes
    (four nights at Van Don with two thin Ha Long days where three nights and a day
    in Hanoi score more); moving a whole night takes re-planning both stays, which
    a search restricted to the shifted sequence does (``docs/dev/trips.md``)."""
    ends = [tp.end_node for tp in plan.tours]
    out: list[tuple[int, ...]] = []
    for t in range(len(ends) - 1):
        if ends[t] == ends[t + 1]:
            continue
        for night, hotel in ((t, ends[t + 1]), (t + 1, ends[t])):
            if hotel not in problem.tours[night].end_choices:
                continue
            seq = list(ends)
            seq[night] = hotel
            if tuple(seq) not in out:
                out.append(tuple(seq))
    return out


def day_item(problem: Problem, plan: Result) -> int | None:
    """The node a continuation of ``plan`` is made to include: the best-scoring
    unvisited node that takes most of a day (``DAY_ITEM_MINUTES``, e.g. a boat day
    trip to Cat Ba), if it scores at least ``DAY_ITEM_SHARE`` of the plan; else
    None. Such a visit needs a whole day emptied and the night near its pier, which
    removing and re-inserting a few visits at a time rarely achieves."""
    visited = plan.visited
    long_ones = [
        (n.score, -i)
        for i, n in enumerate(problem.nodes)
        if n.duration >= DAY_ITEM_MINUTES and n.score > 0 and i not in visited
    ]
    if not long_ones:
        return None
    score, neg = max(long_ones)
    return -neg if score >= DAY_ITEM_SHARE * plan.score else None


class _Search(Protocol):
    """One search of a long trip (``plan_trip``'s ``search``)."""

    def __call__(
        self,
        k: int,
        seconds: float | None,
        initial: Result | None,
        force: int | None,
        nights: Sequence[int] | None = None,
        params: SolveParams | None = None,
    ) -> Result: ...


def _race_and_continue(
    search: _Search,
    problem: Problem,
    slots: int,
    limit: float | None,
    now: Callable[[], float],
    wall: bool,
) -> list[Result]:
    """The searches of a long trip: ``slots`` at a time (threads when
    ``PARALLEL_SEARCHES``, else one after the other sharing ``limit``), first
    ``RACERS`` short free searches each for ``RACE_SHARE`` of its time, then each
    slot continues for the rest from one of the ``CONTINUE_BEST`` best plans of the
    race (round robin) - the last slot, when the best plan lacks a :func:`day_item`,
    from the best plan with that item made a must-visit. Before continuing, each
    slot without a day item tries up to ``SHIFTS_PER_SLOT`` of the best plan's
    :func:`shifted_nights` (round robin over those slots), each a search restricted
    to that night sequence for ``SHIFT_SHARE`` of its time, and up to
    ``REORDERS_PER_SLOT`` of the best plan's ``reordered_days`` (round robin too),
    each continued for ``REORDER_SHARE`` of its time, and continues from the best of
    its start and those plans. Returns every plan found."""
    begun = now()
    parallel = PARALLEL_SEARCHES
    per_slot = None if limit is None else (limit if parallel else limit / slots)
    race = None if per_slot is None else per_slot * RACE_SHARE / RACERS
    shift = None if per_slot is None else per_slot * SHIFT_SHARE
    moved = None if per_slot is None else per_slot * REORDER_SHARE

    def racing(k: int) -> list[Result]:
        return [search(k * RACERS + r, race, None, None) for r in range(RACERS)]

    def rest(k: int, shifted: int, reordered: int) -> float | None:
        if per_slot is None or shift is None or moved is None:
            return None
        if not wall:  # CPU clock: each slot's own remaining seconds
            left = per_slot * (1 - RACE_SHARE) - shift * shifted - moved * reordered
            return max(MIN_SOLVE_SECONDS / 4, left)
        left = (begun + (limit or 0.0)) - now()
        return max(MIN_SOLVE_SECONDS / 4, left if parallel else left / (slots - k))

    def plans(
        raced: list[Result],
    ) -> list[tuple[Result, int | None, list[tuple[int, ...]], list[Result]]]:
        ranked = _best(raced)[:CONTINUE_BEST]
        starts: list[tuple[Result, int | None]] = [
            (ranked[k % len(ranked)], None) for k in range(slots)
        ]
        item = day_item(problem, ranked[0]) if slots > 1 else None
        if item is not None:
            starts[-1] = (ranked[0], item)
        free = [k for k in range(slots) if starts[k][1] is None]

        def dealt(items: list[T], k: int, most: int) -> list[T]:
            """Slot ``k``'s share of ``items``, dealt round robin over the free slots."""
            return items[free.index(k) :: len(free)][:most] if k in free else []

        sequences = shifted_nights(problem, ranked[0])
        reordered = reordered_days(problem, ranked[0]) if REORDERS_PER_SLOT else []
        return [
            (start, force, dealt(sequences, k, SHIFTS_PER_SLOT),
             dealt(reordered, k, REORDERS_PER_SLOT))
            for k, (start, force) in enumerate(starts)
        ]  # fmt: skip

    def going_on(
        k: int,
        start: Result,
        force: int | None,
        sequences: list[tuple[int, ...]],
        reordered: list[Result],
    ) -> list[Result]:
        n = slots * RACERS + slots + k * (SHIFTS_PER_SLOT + REORDERS_PER_SLOT)
        tried = []
        for j, seq in enumerate(sequences):
            try:
                tried.append(search(n + j, shift, None, None, seq))
            except PlanningError:  # no day of that sequence can be driven
                continue
        n += SHIFTS_PER_SLOT
        for j, plan in enumerate(reordered):
            tried.append(search(n + j, moved, plan, None))
        if force is None:
            start = _best([start, *tried])[0]
        left = rest(k, len(tried) - len(reordered), len(reordered))
        return [*tried, search(slots * RACERS + k, left, start, force)]

    if parallel:
        with ThreadPoolExecutor(slots, thread_name_prefix="trip-search") as pool:
            raced = [r for rs in pool.map(racing, range(slots)) for r in rs]
            starts = plans(raced)
            return raced + [
                r
                for rs in pool.map(lambda k: going_on(k, *starts[k]), range(slots))
                for r in rs
            ]
    raced = [r for k in range(slots) for r in racing(k)]
    starts = plans(raced)
    return raced + [r for k in range(slots) for r in going_on(k, *starts[k])]


def diagnose(built: Built, result: Result) -> None:
    """Raise the most specific ``InfeasibleRequestError`` for an incomplete result."""
    p: Problem = built.problem
    visited = result.visited
    missing = [i for i, n in enumerate(p.nodes) if n.must_visit and i not in visited]
    wish = built.wish
    if p.budget is not None:
        must_cost = sum(p.nodes[i].cost for i, n in enumerate(p.nodes) if n.must_visit)
        meal_cost = sum(
            min(p.nodes[v].cost for v in g.nodes) * wish.days for g in p.choice_groups
        )
        if must_cost + meal_cost > p.budget:
            raise InfeasibleRequestError(
                "budget_too_low",
                "the budget does not cover the must-see items and the meals",
                "raise the budget or remove a must-see",
                field="budget_per_person_vnd",
            )
    if missing:
        names = []
        for i in missing:
            ref = built.nodes[i].entry_id or ""
            entry = built.entries.get(ref)
            names.append(entry.name.localize("en") if entry is not None else ref)
        raise InfeasibleRequestError(
            "must_see_impossible",
            f"{', '.join(names)} cannot all fit in {wish.days} day(s) with the opening "
            "hours, travel times and meals",
            "add a day, choose a faster pace or drop one must-see",
            field="must_see",
            context={"refs": ",".join(built.nodes[i].entry_id or "" for i in missing)},
        )
    for g in p.choice_groups:
        members = set(g.nodes)
        for t, tour in enumerate(result.tours):
            if not any(v.node in members for v in tour.visits):
                diet = "" if wish.dietary == "none" else f"{wish.dietary} "
                raise InfeasibleRequestError(
                    "no_meal_in_reach",
                    f"no {diet}restaurant within reach for {g.name} on day {t + 1}",
                    "allow another diet, or plan a day near Ha Long, Hai Phong or Hanoi "
                    "where such restaurants are listed",
                    field="dietary",
                    context={"day": t + 1, "meal": g.name},
                )
    raise InfeasibleRequestError(
        "must_see_impossible",
        "the planner found no plan that keeps every rule",
        "relax the wish: fewer must-see items, a longer trip or a faster pace",
    )
