"""What the planner returns: the chosen visits of every day with their times."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import overload


@dataclass(frozen=True)
class Visit:
    """One visit: arrive at ``arrival``, wait, start at ``start``, leave at ``end``.

    ``node`` is the node's index as numbered in the Problem (and in an instance file).
    """

    node: int
    arrival: int
    start: int
    end: int

    @property
    def wait(self) -> int:
        """Time spent waiting for the site to open (``start - arrival``)."""
        return self.start - self.arrival


@dataclass(frozen=True)
class TourPlan:
    """One day: leave ``start_node`` at ``departure``, visit, reach ``end_node``."""

    start_node: int
    end_node: int
    departure: int
    return_time: int
    visits: tuple[Visit, ...] = ()

    def __iter__(self) -> Iterator[Visit]:
        return iter(self.visits)

    def __len__(self) -> int:
        return len(self.visits)

    @overload
    def __getitem__(self, i: int) -> Visit: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Visit, ...]: ...
    def __getitem__(self, i: int | slice) -> Visit | tuple[Visit, ...]:
        return self.visits[i]

    @property
    def nodes(self) -> tuple[int, ...]:
        """The visited nodes in order (terminals excluded)."""
        return tuple(v.node for v in self.visits)


@dataclass(frozen=True)
class SolveStats:
    """How the search went."""

    iterations: int = 0
    runtime: float = 0.0
    improvements: int = 0
    best_iteration: int = 0
    best_time: float = 0.0
    seed: int = 0
    stopped_by: str = ""
    #: times a recombination of pooled days beat the best plan (``search.pool``)
    recombinations: int = 0
    #: restarts from a crossover of the best and an elite plan (``search.elite``)
    crossovers: int = 0
    #: the search started from the ``initial`` plan given to ``solve``
    warm_start: bool = False


@dataclass(frozen=True)
class Result:
    """The best plan found.

    Attributes
    ----------
    score : float
        Sum of the scores of all visited nodes.
    tours : tuple of TourPlan
        One per day, in the Problem's order.
    stats : SolveStats
        Iterations, runtime and when the best plan was found.
    feasible : bool
        False when the solver could not satisfy every must-visit node or choice group;
        ``check`` lists what is missing.
    """

    score: float
    tours: tuple[TourPlan, ...]
    stats: SolveStats = field(default_factory=SolveStats)
    feasible: bool = True

    @property
    def visited(self) -> frozenset[int]:
        """All visited nodes."""
        return frozenset(v.node for t in self.tours for v in t.visits)

    def summary(self, time_scale: int = 1) -> str:
        """A short human-readable report: score, search statistics, one line per day.

        ``time_scale`` divides the printed times (10 for the Solomon-based benchmark
        files, whose times the reader scales by 10).
        """

        def fmt(x: int) -> str:
            return f"{x / time_scale:g}" if time_scale != 1 else str(x)

        s = self.stats
        lines = [
            f"score {self.score:g} over {len(self.tours)} tour(s), "
            f"{sum(len(t) for t in self.tours)} visits"
            + ("" if self.feasible else " (INCOMPLETE: required visits missing)"),
            f"search: {s.iterations} iterations in {s.runtime:.2f} s, best at "
            f"iteration {s.best_iteration} ({s.best_time:.2f} s), seed {s.seed}"
            + (f", stopped by {s.stopped_by}" if s.stopped_by else ""),
        ]
        for t, tour in enumerate(self.tours):
            stops = " ".join(f"{v.node}@{fmt(v.start)}" for v in tour.visits)
            lines.append(
                f"tour {t}: {tour.start_node}@{fmt(tour.departure)} {stops} "
                f"{tour.end_node}@{fmt(tour.return_time)}".replace("  ", " ")
            )
        return "\n".join(lines)
