"""The planning problem: sites, days, travel times and the rules a trip must obey.

All times are integers in one unit of the caller's choice (minutes, seconds, or the
tenths of a unit used by the benchmark reader), so that every schedule is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

#: A time larger than any schedule the planner will ever compute ("open until late").
OPEN_END = 10**15


@dataclass(frozen=True)
class Node:
    """A place a trip may visit: a site, a show, a restaurant, or a hotel.

    Parameters
    ----------
    score : float
        What the visit is worth (e.g. 8.5 for a cathedral, 3 for a viewpoint).
    duration : int
        How long the visit lasts once it has started.
    windows : tuple of (open, close)
        Time windows in which the visit may *start*, sorted and disjoint. A museum
        closed at lunch has two, ``((540, 720), (840, 1020))``; a show with sessions
        at 19:00 and 20:30 has ``((1140, 1140), (1230, 1230))``.
    cost : float
        Entrance fee or ticket price, counted against ``Problem.budget``.
    category : str or None
        For per-day caps, e.g. ``"pagoda"`` with ``Problem.category_caps``.
    must_visit : bool
        The visit must be part of any acceptable plan.
    name : str
        Free text shown in summaries.
    """

    score: float = 0.0
    duration: int = 0
    windows: tuple[tuple[int, int], ...] = ((0, OPEN_END),)
    cost: float = 0.0
    category: str | None = None
    must_visit: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        if self.duration < 0:
            raise ValueError(f"node {self.name!r}: duration {self.duration} < 0")
        if not self.windows:
            raise ValueError(
                f"node {self.name!r}: needs at least one time window; "
                "use ((0, OPEN_END),) for 'always open'"
            )
        last_close = None
        for open_, close in self.windows:
            if open_ > close:
                raise ValueError(
                    f"node {self.name!r}: window ({open_}, {close}) opens after it "
                    "closes; give (open, close) with open <= close"
                )
            if last_close is not None and open_ <= last_close:
                raise ValueError(
                    f"node {self.name!r}: windows must be sorted and disjoint, "
                    f"got {self.windows}"
                )
            last_close = close


@dataclass(frozen=True)
class Tour:
    """One day (one route) of the trip.

    Parameters
    ----------
    start : int or None
        Node the day starts at, e.g. the hotel. ``None`` means "where the previous day
        ended", which is how a chain of hotels is expressed (not allowed for day 0).
    end : int or tuple of int
        Node the day ends at, or a tuple of candidate hotels of which the solver picks
        one (orienteering with hotel selection).
    earliest, latest : int
        Leave ``start`` at ``earliest`` (08:00), be at ``end`` by ``latest`` (22:00).
    matrix : int
        Which travel-time matrix the day uses (e.g. a weekday and a Sunday timetable).
    """

    start: int | None = 0
    end: int | tuple[int, ...] = 0
    earliest: int = 0
    latest: int = OPEN_END
    matrix: int = 0

    @property
    def end_choices(self) -> tuple[int, ...]:
        """The nodes the day may end at."""
        return self.end if isinstance(self.end, tuple) else (self.end,)


@dataclass(frozen=True)
class ChoiceGroup:
    """Exactly one of ``nodes`` on every day, visited inside ``[earliest, latest]``.

    Lunch at one of the suitable restaurants between 11:00 and 13:30:
    ``ChoiceGroup((12, 13, 14), earliest=660, latest=810)`` - the visit must start at or
    after ``earliest`` and end at or before ``latest``.
    """

    nodes: tuple[int, ...]
    earliest: int = 0
    latest: int = OPEN_END
    name: str = ""


@dataclass(frozen=True)
class FixedVisit:
    """A visit already booked: ``node`` on day ``tour`` starting exactly at ``start``."""

    node: int
    tour: int
    start: int


@dataclass(frozen=True, eq=False)
class Problem:
    """A trip to plan: which nodes to visit on which day, in which order, and when.

    Parameters
    ----------
    nodes : sequence of Node
        Node ``i`` is referred to by its index ``i`` everywhere (travel matrix, tours,
        results). Nodes used as a tour start or end are terminals, never visits.
    travel : array of int, shape (n, n) or (k, n, n)
        ``travel[i, j]`` is the (possibly asymmetric) travel time from i to j; with a
        third dimension, one matrix per timetable, chosen by ``Tour.matrix``.
    tours : sequence of Tour
        The days of the trip.
    category_caps : mapping of str to int
        At most ``cap`` nodes of the category per day ("not three pagodas a day").
    budget : float or None
        Upper bound on the sum of the visited nodes' costs.
    choice_groups : sequence of ChoiceGroup
        One node of each group per day; a node belongs to at most one group.
    fixed : sequence of FixedVisit
        Visits that stay where they are while the rest is planned around them.
    name : str
        Shown in summaries and benchmark tables.
    time_scale : int
        Problem time units per display unit (10 when times are tenths of a minute).

    Examples
    --------
    A depot (0) and two sites, one day from 0 to 100:

    >>> import numpy as np
    >>> p = Problem(
    ...     nodes=[Node(), Node(score=5, duration=10), Node(score=3, duration=5)],
    ...     travel=np.array([[0, 10, 20], [10, 0, 15], [20, 15, 0]]),
    ...     tours=[Tour(start=0, end=0, earliest=0, latest=100)],
    ... )
    >>> p.n_nodes
    3
    """

    nodes: tuple[Node, ...]
    travel: npt.NDArray[np.int64]
    tours: tuple[Tour, ...]
    category_caps: Mapping[str, int] = field(default_factory=dict)
    budget: float | None = None
    choice_groups: tuple[ChoiceGroup, ...] = ()
    fixed: tuple[FixedVisit, ...] = ()
    name: str = ""
    time_scale: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "tours", tuple(self.tours))
        object.__setattr__(self, "choice_groups", tuple(self.choice_groups))
        object.__setattr__(self, "fixed", tuple(self.fixed))
        object.__setattr__(
            self, "category_caps", MappingProxyType(dict(self.category_caps))
        )
        travel = np.asarray(self.travel)
        if travel.ndim == 2:
            travel = travel[np.newaxis]
        n = len(self.nodes)
        if travel.ndim != 3 or travel.shape[1:] != (n, n):
            raise ValueError(
                f"travel has shape {np.asarray(self.travel).shape}; expected ({n}, {n})"
                f" or (k, {n}, {n}) for {n} nodes"
            )
        if not np.issubdtype(travel.dtype, np.integer) and (
            not np.all(np.isfinite(travel)) or np.any(travel != np.floor(travel))
        ):
            raise ValueError(
                "travel times must be integers; scale them (e.g. to tenths of a "
                "minute) and round consistently before building the Problem"
            )
        if np.any(travel < 0):
            raise ValueError("travel times must be >= 0")
        travel = travel.astype(np.int64)
        travel.setflags(write=False)
        object.__setattr__(self, "travel", travel)
        _validate(self)

    @property
    def n_nodes(self) -> int:
        """Number of nodes, terminals included."""
        return len(self.nodes)

    @property
    def n_tours(self) -> int:
        """Number of tours (days)."""
        return len(self.tours)

    def start_choices(self, t: int) -> tuple[int, ...]:
        """Nodes day ``t`` may start at (the previous day's ends when chained)."""
        start = self.tours[t].start
        if start is None:
            return self.tours[t - 1].end_choices
        return (start,)

    @property
    def terminals(self) -> frozenset[int]:
        """Nodes used as starts, ends or hotel candidates; they are never visits."""
        out: set[int] = set()
        for tour in self.tours:
            if tour.start is not None:
                out.add(tour.start)
            out.update(tour.end_choices)
        return frozenset(out)

    def group_of(self) -> dict[int, int]:
        """Map node -> index of its choice group."""
        return {v: g for g, grp in enumerate(self.choice_groups) for v in grp.nodes}


def _validate(p: Problem) -> None:
    n = p.n_nodes
    k = p.travel.shape[0]
    if not p.tours:
        raise ValueError("a Problem needs at least one Tour (one day)")

    def node_ok(v: int, what: str) -> None:
        if not 0 <= v < n:
            raise ValueError(f"{what} refers to node {v}; valid nodes are 0..{n - 1}")

    for t, tour in enumerate(p.tours):
        if tour.start is None and t == 0:
            raise ValueError("tour 0 has start=None; the first day needs a start node")
        if tour.start is not None:
            node_ok(tour.start, f"tour {t} start")
        if not tour.end_choices:
            raise ValueError(f"tour {t} has no end node")
        for e in tour.end_choices:
            node_ok(e, f"tour {t} end")
        if tour.earliest > tour.latest:
            raise ValueError(
                f"tour {t}: earliest {tour.earliest} is after latest {tour.latest}"
            )
        if not 0 <= tour.matrix < k:
            raise ValueError(
                f"tour {t} uses matrix {tour.matrix} but travel has {k} matrices"
            )
    terminals = p.terminals
    for cat, cap in p.category_caps.items():
        if cap < 0:
            raise ValueError(f"category cap for {cat!r} is {cap}; use a cap >= 0")
    seen: dict[int, int] = {}
    for g, grp in enumerate(p.choice_groups):
        if not grp.nodes:
            raise ValueError(f"choice group {g} ({grp.name!r}) has no nodes")
        for v in grp.nodes:
            node_ok(v, f"choice group {g}")
            if v in seen:
                raise ValueError(
                    f"node {v} is in choice groups {seen[v]} and {g}; a node may "
                    "belong to one group only"
                )
            if v in terminals:
                raise ValueError(
                    f"node {v} is a tour start/end; it cannot be in a group"
                )
            seen[v] = g
    fixed_nodes: set[int] = set()
    for f in p.fixed:
        node_ok(f.node, "fixed visit")
        if not 0 <= f.tour < p.n_tours:
            raise ValueError(f"fixed visit of node {f.node} on unknown tour {f.tour}")
        if f.node in terminals:
            raise ValueError(f"fixed visit of node {f.node}: it is a tour start/end")
        if f.node in fixed_nodes:
            raise ValueError(f"node {f.node} is fixed twice; fix it once")
        fixed_nodes.add(f.node)
    for v in terminals:
        if p.nodes[v].must_visit:
            raise ValueError(f"node {v} is a tour start/end and cannot be must_visit")
