"""Region sequences for the nights of a long trip (issue #6).

A long trip loses most of its score to the *order of regions* over the nights: a plan
that sleeps Ha Long, Hai Phong, Hanoi, Hai Phong zig-zags and has no time left for
Tam Coc, where Ha Long x2 then Hanoi x2 stays put. The search's hotel move changes one
night at a time and rarely undoes such an order, so a long trip's second search is
given one good order to follow: every night may only end at the hotels of its region.

* A **region** is a group of candidate hotels within ``REGION_MINUTES`` of each other
  by road (single linkage on the problem's travel times): Tam Coc and Ninh Binh town
  are one region, Hanoi another.
* A **sequence** gives each night a region, in at most ``MAX_BLOCKS`` contiguous
  blocks (Ha Long, Ha Long, Hanoi, Hanoi: two blocks), consistent with the arrival
  point, the departure point and the length of each day (a day must be able to reach
  its night's region from the previous night's, or from the arrival).
* The **screen** rates every sequence by a cheap estimate of what its days can hold
  (:func:`sequence_value`): each day takes the best-scoring sights it can reach from
  its morning region and still end at its night region, as many as the per-day caps
  and the day's minutes allow, each sight once over the trip. It needs no search, so
  the choice is the same for every seed and machine.

Everything here reads the planner problem only (travel times, windows, scores), so it
works for any catalogue and is tested on small synthetic problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise, product

from tourlink.planner import Problem

REGION_MINUTES = 35
"""Hotels this close by road (both ways) are interchangeable as a night's region."""
MAX_BLOCKS = 3
"""At most this many contiguous blocks of nights (two changes of region)."""
MEAL_MINUTES = 150
"""Minutes of a day the estimate keeps free for lunch and dinner."""
VISIT_GAP_MINUTES = 20
"""Minutes the estimate adds between two visits of a day (short hops)."""


@dataclass(frozen=True)
class RegionSequence:
    """A region for every night and the screen's estimate of what it allows.

    ``regions[d]`` is the index (into :func:`hotel_regions`) of night ``d``'s region;
    a 5-day trip has four nights, e.g. ``(2, 2, 0, 0)``: Ha Long twice, then Hanoi.
    """

    regions: tuple[int, ...]
    value: float


def hotel_regions(problem: Problem) -> list[tuple[int, ...]]:
    """The candidate hotels of the problem's nights grouped into regions.

    Two hotels are in one region when a chain of hotels links them, each within
    ``REGION_MINUTES`` of the next both ways. Regions and their hotels are in node
    order, so the result depends on the problem only.
    """
    hotels = sorted({h for t in problem.tours[:-1] for h in t.end_choices})
    parent = {h: h for h in hotels}

    def root(h: int) -> int:
        while parent[h] != h:
            h = parent[h]
        return h

    travel = problem.travel.min(axis=0)
    for a, b in combinations(hotels, 2):
        if max(travel[a, b], travel[b, a]) <= REGION_MINUTES:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for h in hotels:
        groups.setdefault(root(h), []).append(h)
    return [tuple(groups[r]) for r in sorted(groups)]


def _span(problem: Problem, day: int) -> int:
    tour = problem.tours[day]
    return tour.latest - tour.earliest


def _reach(
    problem: Problem, day: int, starts: Sequence[int], ends: Sequence[int]
) -> int:
    """Fastest time on day ``day`` from any of ``starts`` to any of ``ends``."""
    travel = problem.travel[problem.tours[day].matrix]
    return int(travel[list(starts)][:, list(ends)].min())


def candidate_sequences(
    problem: Problem, regions: Sequence[tuple[int, ...]]
) -> list[tuple[int, ...]]:
    """Every night-region sequence of at most ``MAX_BLOCKS`` blocks that the days can
    travel: day 0 reaches the first night's region from the arrival, each day the
    next night's region from the previous one, and the last day the departure.

    Only nights whose candidates are all the problem's hotels take part (a night with
    a locked hotel keeps it); with fewer than two nights or one region, none.
    """
    tours = problem.tours
    nights = len(tours) - 1
    if nights < 2 or len(regions) < 2:
        return []
    every = {h for r in regions for h in r}
    if any(set(t.end_choices) != every for t in tours[:-1]):
        return []
    first = tours[0].start
    last = tours[-1].end_choices
    if first is None:
        return []
    out: list[tuple[int, ...]] = []
    for blocks in range(1, MAX_BLOCKS + 1):
        for cuts in combinations(range(1, nights), blocks - 1):
            bounds = (0, *cuts, nights)
            for picks in product(range(len(regions)), repeat=blocks):
                if any(a == b for a, b in pairwise(picks)):
                    continue
                seq = tuple(
                    picks[k]
                    for k in range(blocks)
                    for _ in range(bounds[k], bounds[k + 1])
                )
                if _travelable(problem, regions, seq, first, last):
                    out.append(seq)
    return out


def _travelable(
    problem: Problem,
    regions: Sequence[tuple[int, ...]],
    seq: tuple[int, ...],
    first: int,
    last: tuple[int, ...],
) -> bool:
    points: list[Sequence[int]] = [(first,), *(regions[r] for r in seq), last]
    return all(
        _reach(problem, d, points[d], points[d + 1]) <= _span(problem, d)
        for d in range(len(points) - 1)
    )


DayOptions = list[tuple[float, int, int, int, str]]
"""A day's reachable sights: (score, node, detour minutes, duration, category), best
score first."""


def day_options(
    problem: Problem, day: int, starts: Sequence[int], ends: Sequence[int]
) -> DayOptions:
    """The sights (score > 0) day ``day`` can visit between leaving one of ``starts``
    and reaching one of ``ends``: open in time, and the detour plus the visit fit in
    the day less ``MEAL_MINUTES``; best score first (ties: node order)."""
    tour = problem.tours[day]
    travel = problem.travel[tour.matrix]
    scoring = [i for i, n in enumerate(problem.nodes) if n.score > 0]
    if not scoring:
        return []
    into = travel[list(starts)][:, scoring].min(axis=0)
    back = travel[scoring][:, list(ends)].min(axis=1)
    free = tour.latest - tour.earliest - MEAL_MINUTES
    options = []
    for k, i in enumerate(scoring):
        node = problem.nodes[i]
        detour = int(into[k] + back[k])
        if detour + node.duration > free:
            continue
        lo = tour.earliest + int(into[k])
        hi = tour.latest - int(back[k]) - node.duration
        if any(o <= hi and c >= lo for o, c in node.windows):
            options.append((node.score, i, detour, node.duration, node.category or ""))
    options.sort(key=lambda x: (-x[0], x[1]))
    return options


def sequence_value(
    problem: Problem,
    regions: Sequence[tuple[int, ...]],
    seq: tuple[int, ...],
    cache: dict[tuple[int, int, int], DayOptions] | None = None,
) -> float:
    """The screen's estimate of the score a night-region sequence leaves room for.

    Day by day, the unused sights of :func:`day_options` are taken best score first
    while the per-day category caps allow and the day's minutes (less
    ``MEAL_MINUTES``) cover the longest detour plus the visits' durations and a
    ``VISIT_GAP_MINUTES`` hop between visits. Not a bound in the strict sense: a
    ranking that is cheap and the same for every seed. ``cache`` keeps each
    (day, morning region, night region)'s options between calls.
    """
    tours = problem.tours
    first = tours[0].start
    assert first is not None
    points: list[Sequence[int]] = [(first,), *(regions[r] for r in seq),
                                   tours[-1].end_choices]  # fmt: skip
    keys = [-1, *seq, -1]
    caps = dict(problem.category_caps)
    cache = {} if cache is None else cache
    used: set[int] = set()
    total = 0.0
    for d, tour in enumerate(tours):
        key = (d, keys[d], keys[d + 1])
        if key not in cache:
            cache[key] = day_options(problem, d, points[d], points[d + 1])
        free = tour.latest - tour.earliest - MEAL_MINUTES
        left = dict(caps)
        longest, busy = 0, 0
        for score, i, detour, duration, category in cache[key]:
            if i in used or left.get(category, 1) <= 0:
                continue
            gap = VISIT_GAP_MINUTES if busy else 0
            if max(longest, detour) + busy + gap + duration > free:
                continue
            longest, busy = max(longest, detour), busy + gap + duration
            if category in left:
                left[category] -= 1
            used.add(i)
            total += score
            if busy >= free:
                break
    return total


def screen(problem: Problem, count: int) -> list[RegionSequence]:
    """The ``count`` candidate sequences with the highest estimate (ties: fewer
    changes of region, then the sequence itself), best first."""
    regions = hotel_regions(problem)
    cache: dict[tuple[int, int, int], DayOptions] = {}
    rated = [
        RegionSequence(seq, sequence_value(problem, regions, seq, cache))
        for seq in candidate_sequences(problem, regions)
    ]
    rated.sort(key=lambda r: (-r.value, changes(r.regions), r.regions))
    return rated[:count]


def changes(seq: Sequence[int]) -> int:
    """How often the region changes from one night to the next."""
    return sum(a != b for a, b in pairwise(seq))


def restrict(problem: Problem, sequences: Sequence[RegionSequence]) -> Problem:
    """The problem with every night's hotels limited to the regions ``sequences``
    give that night (all of them: the problem unchanged)."""
    if not sequences:
        return problem
    regions = hotel_regions(problem)
    tours = list(problem.tours)
    for d in range(len(tours) - 1):
        allowed = {h for s in sequences for h in regions[s.regions[d]]}
        tours[d] = replace(tours[d], end=tuple(sorted(allowed)))
    return replace(problem, tours=tuple(tours))


def follow_regions(problem: Problem, count: int) -> Problem:
    """The problem restricted (:func:`restrict`) to the best ``count`` sequences of
    the screen; unchanged when there are none (short trips, one region, a locked
    hotel)."""
    return restrict(problem, screen(problem, count))
