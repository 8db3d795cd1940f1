"""Boat day trips to islands reached only by scheduled boats (Co To, Cat Ba, Quan Lan).

The planner's travel matrix is static, so a timetabled crossing cannot be a plain leg.
Instead each island zone becomes one *excursion* node: be at the mainland pier
``PIER_BUFFER_MINUTES`` before an outbound departure, sail, visit the island's best
sights (and, when the trip spans lunch, eat at a suitable island restaurant), sail back
on a return departure. The node lasts from the pier to the mainland arrival; its windows
are the days the pattern runs. One pattern (outbound and return times of day) is chosen
per zone: the one worth most over the trip's days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .travel import PIER_BUFFER_MINUTES, Crossing


@dataclass(frozen=True)
class Stop:
    """Something to do on a day: a sight, a show or a meal, with its start windows in
    trip minutes (0 = midnight before day 1)."""

    key: str
    entry_id: str
    kind: str
    loc: int
    windows: tuple[tuple[int, int], ...]
    duration: int
    score: float = 0.0
    cost: int = 0
    must: bool = False
    meal: str | None = None


@dataclass(frozen=True)
class TimedStop:
    """A stop with its times."""

    stop: Stop
    arrival: int
    start: int
    end: int


@dataclass(frozen=True)
class IslandDay:
    """What an excursion does on one day."""

    day: int
    out: Crossing
    back: Crossing
    depart_out: int
    arrive_out: int
    depart_back: int
    arrive_back: int
    stops: tuple[TimedStop, ...]
    score: float
    cost: int


@dataclass(frozen=True)
class Excursion:
    """An island zone's day trip: a fixed pattern, and what happens on each day."""

    zone: str
    days: dict[int, IslandDay]
    duration: int
    score: float
    cost: int
    in_pier: str
    out_pier: str
    covers_lunch: bool


def time_sequence(
    stops: Sequence[Stop],
    start: int,
    start_loc: int,
    end_loc: int,
    deadline: int,
    travel: Callable[[int, int], int],
) -> list[TimedStop] | None:
    """Time ``stops`` in order from ``start`` (earliest start everywhere); ``None`` if a
    window is missed or the end is reached after ``deadline``."""
    out: list[TimedStop] = []
    t, loc = start, start_loc
    for stop in stops:
        arrival = t + travel(loc, stop.loc)
        begin = next((max(arrival, o) for o, c in stop.windows if arrival <= c), None)
        if begin is None:
            return None
        out.append(TimedStop(stop, arrival, begin, begin + stop.duration))
        t, loc = begin + stop.duration, stop.loc
    if t + travel(loc, end_loc) > deadline:
        return None
    return out


def plan_island_day(
    sights: Sequence[Stop],
    lunches: Sequence[Stop],
    start: int,
    start_loc: int,
    end_loc: int,
    deadline: int,
    travel: Callable[[int, int], int],
) -> list[TimedStop] | None:
    """Greedy best insertion of sights (must-sees first, then by score) around one
    lunch stop when ``lunches`` is given; ``None`` if no lunch or must-see fits."""
    best: list[TimedStop] | None = None
    options: list[list[Stop]] = [[lunch] for lunch in lunches] if lunches else [[]]
    order = sorted(sights, key=lambda s: (not s.must, -s.score, s.key))
    for seq in options:
        if time_sequence(seq, start, start_loc, end_loc, deadline, travel) is None:
            continue
        for sight in order:
            placed = False
            for pos in range(len(seq) + 1):
                trial = [*seq[:pos], sight, *seq[pos:]]
                if time_sequence(trial, start, start_loc, end_loc, deadline, travel):
                    seq, placed = trial, True
                    break
            if sight.must and not placed:
                seq = []
                break
        if lunches and not seq:
            continue
        timed = time_sequence(seq, start, start_loc, end_loc, deadline, travel)
        if timed is not None and (best is None or _score(timed) > _score(best)):
            best = timed
    return best


def _score(timed: Sequence[TimedStop]) -> float:
    return sum(t.stop.score for t in timed)


def build_excursion(
    zone: str,
    sights: Sequence[Stop],
    lunches_by_day: dict[int, list[Stop]],
    outs: Sequence[Crossing],
    backs: Sequence[Crossing],
    dates: Sequence[date],
    day_spans: Sequence[tuple[int, int]],
    pier_loc: Callable[[str], int],
    travel: Callable[[int, int], int],
    lunch_needed: Callable[[int, int], bool],
    party: int,
    early: int = 0,
) -> Excursion | None:
    """The best single-pattern excursion to ``zone`` over the trip, or ``None``."""
    patterns: dict[tuple[str, int, str, int], dict[int, IslandDay]] = {}
    for d, day in enumerate(dates):
        base = d * 1440
        lo, hi = day_spans[d]
        for out in outs:
            for dep in out.departures_on(day):
                t_out = base + dep.hour * 60 + dep.minute
                if t_out - PIER_BUFFER_MINUTES < (
                    lo if d == 0 else min(lo, base + early)
                ):
                    continue
                arrive = t_out + out.duration_minutes
                for back in backs:
                    for ret in back.departures_on(day):
                        t_back = base + ret.hour * 60 + ret.minute
                        home = t_back + back.duration_minutes
                        if t_back - PIER_BUFFER_MINUTES < arrive + 60 or home > hi:
                            continue
                        needs = lunch_needed(t_out, home)
                        lunches = lunches_by_day.get(d, []) if needs else []
                        if needs and not lunches:
                            continue
                        timed = plan_island_day(
                            sights, lunches, arrive, pier_loc(out.to_id),
                            pier_loc(back.from_id), t_back - PIER_BUFFER_MINUTES, travel,
                        )  # fmt: skip
                        if not timed or not any(t.stop.kind != "meal" for t in timed):
                            continue
                        if any(s.must for s in sights) and not all(
                            any(t.stop.key == s.key for t in timed)
                            for s in sights
                            if s.must
                        ):
                            continue
                        cost = (out.fare_vnd + back.fare_vnd) * party + sum(
                            t.stop.cost for t in timed
                        )
                        key = (out.link_id + out.from_id, t_out - base,
                               back.link_id + back.from_id, t_back - base)  # fmt: skip
                        patterns.setdefault(key, {})[d] = IslandDay(
                            d, out, back, t_out, arrive, t_back, home, tuple(timed),
                            round(_score(timed), 4), cost,
                        )  # fmt: skip
    if not patterns:
        return None
    key, days = max(
        patterns.items(),
        key=lambda kv: (sum(x.score for x in kv[1].values()), -kv[0][1], kv[0]),
    )
    first = next(iter(days.values()))
    return Excursion(
        zone=zone,
        days=days,
        duration=first.arrive_back - (first.depart_out - PIER_BUFFER_MINUTES),
        score=min(x.score for x in days.values()),
        cost=max(x.cost for x in days.values()),
        in_pier=first.out.from_id,
        out_pier=first.back.to_id,
        covers_lunch=any(t.stop.kind == "meal" for t in first.stops),
    )


def day_date(start: date, day: int) -> date:
    """The date of trip day ``day`` (0-based)."""
    return start + timedelta(days=day)
