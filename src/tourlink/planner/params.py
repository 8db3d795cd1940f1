"""Tuning knobs of the search."""

from __future__ import annotations

from dataclasses import dataclass

#: Start temperature (share of the mean node score) of plans of several days.
START_TEMPERATURE = 3.0

#: Start temperature of one-day plans (hotter: see ``SolveParams``).
ONE_DAY_START_TEMPERATURE = 10.0


@dataclass(frozen=True)
class SolveParams:
    """Parameters of the ruin-and-recreate search; defaults suit most trips.

    Parameters
    ----------
    noise : float
        Random spread of the insertion priorities (0.5 = ±50 %); 0 is pure greedy.
    ruin_fraction : float
        At most this share of the visits is removed per iteration.
    ruin_max : int
        At most this many visits are removed per iteration.
    hotel_probability : float
        Chance per iteration to move a day's end to another candidate hotel.
    restart_after : int
        Iterations without improvement before resuming from the best plan.
    start_temperature, end_temperature : float
        Annealing temperature at the start and end, as a share of the mean node
        score (3.0: losing a typical site is accepted with probability e^-1/3).
        ``start_temperature`` None (the default) means ``ONE_DAY_START_TEMPERATURE``
        (10.0) for plans of one day and ``START_TEMPERATURE`` (3.0) otherwise: one
        day at 10 s reached pr19's 560 in 6 of 12 runs with 10 (1 of 15 with 3)
        and was otherwise unchanged (docs/dev/planner.md).
    operator_weights : tuple of 4 floats
        Relative frequency of random, segment, related and worst removal.
    sequential_probability : float
        Share of iterations that re-insert nodes one by one, in noisy score order,
        into random days before the greedy insertion: moves sites between days, and
        builds differently from the ratio greedy (which, alone, keeps returning to
        the same plans on large instances with wide windows).
    pool_size : int
        Number of distinct good days kept for recombination when a trip has several
        interchangeable days (0: no pool). See ``search.pool``.
    pool_interval : int
        Iterations between two recombinations of the pooled days.
    pool_max_days : int
        The pool (and with it the tail exchange) is used for plans of 2 up to this
        many days. At two days it took the strong-row gap on pr01-pr20 (10 s) from
        1.05 % to 0.68 %. At four days, pool and exchange together reached PyVRP's
        score on 20 of 24 rows on each of 4 seeds (16-18 without) and raised the
        sum of the seed means by 75-112 points; at three days they were even (10
        CPU s, pr01-pr20 and the r/rc rows below PyVRP; docs/dev/planner.md).
    elite_size : int
        Number of distinct plans kept from the restarts for crossover (0, the
        default: none). See ``search.elite`` and docs/dev/planner.md: at 10 CPU s
        c201 (m = 2) reached 1460 on 4 of 6 seeds (2 of 6 without), but in the
        quiet-machine benchmark (seed 1) it lost on pr15 at m = 3 and 4 and at 1 s
        on m = 1, so it stays off until it is better there.
    crossover_probability : float
        Share of the restarts that continue from a crossover of the best plan and
        an elite plan instead of the best plan.
    whole_day_probability : float
        With several days, share of the crossovers that exchange a whole day
        instead of a time slice of one.
    slice_probability : float
        Plans of one day only (ignored with several days): share of the
        iterations that rebuild a slice of the day in time order
        (``search.oneday``) instead of the random ruin. With 0.1 pr19 (m = 1,
        10 s) ended on 560 from every seed measured, against 2 of 6 before;
        0.2 did that too but lost at 1 s (docs/dev/planner.md).
    exchange_probability : float
        Share of the iterations that, instead of a ruin, swap the tails of two days
        at a feasible pair of cuts (2-opt*, ``search.exchange``) before recreate
        refills. Only where the pool of days is used (2 to ``pool_max_days`` days,
        no choice of hotels) and the problem has no category caps or choice groups;
        one-day plans and the rest are searched as without it. At 10 CPU s it took
        c201, pr11 and pr15 at m = 2 to PyVRP's score or above on every seed
        measured (docs/dev/planner.md).
    relocate_probability : float
        Once the search has gone 50 iterations without a new best plan, share of
        the iterations that, instead of a ruin, move one visit to a random other
        position of its day where it fits (``search.ruin.relocate``) and keep the
        result only if recreate then fits more: the greedy re-insertion alone never
        changes a day's order to one that is not the cheapest, which can leave no
        room for a site that another order of the same visits would take
        (docs/dev/planner.md, "Relocation probes").
    travel_weight : float
        Score points that the plan's whole travel time is worth in the annealing's
        acceptance: a candidate that changes the travel by a share f of the current
        plan's counts ``travel_weight * f`` points less, and a plan of the best score
        with less travel replaces the best plan. Among plans that collect the same a
        visitor wants the shorter, and a shorter plan of the same sites leaves room
        for more. 0 ignores travel (the search of before).
    string_probability : float
        Plans of 2 up to ``string_max_days`` days: share of the ruins that instead
        cut a run of consecutive visits from a random visit's day and from the day
        of the visit nearest to it (``search.ruin.STRINGS``), so that recreate may
        give the place where two days meet to either of them. At 10 CPU s on
        19 pr rows at three days (seeds 1-4) it raised the sum of the seed means by
        35 points; at two days it was even and at four it lost about 38
        (docs/dev/planner.md, "String removal at two and three days").
    string_max_days : int
        Longest plan that uses ``string_probability``; other plans are searched as
        without it.
    """

    noise: float = 0.5
    ruin_fraction: float = 0.5
    ruin_max: int = 40
    hotel_probability: float = 0.2
    restart_after: int = 1000
    start_temperature: float | None = None
    end_temperature: float = 0.1
    operator_weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    sequential_probability: float = 0.2
    pool_size: int = 500
    pool_interval: int = 100
    pool_max_days: int = 4
    elite_size: int = 0
    crossover_probability: float = 0.5
    whole_day_probability: float = 0.5
    slice_probability: float = 0.1
    exchange_probability: float = 0.1
    relocate_probability: float = 0.05
    travel_weight: float = 30.0
    string_probability: float = 0.25
    string_max_days: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.noise < 1:
            raise ValueError(f"noise must be in [0, 1), got {self.noise}")
        if not 0 < self.ruin_fraction <= 1:
            raise ValueError(
                f"ruin_fraction must be in (0, 1], got {self.ruin_fraction}"
            )
        if self.ruin_max < 1:
            raise ValueError(f"ruin_max must be >= 1, got {self.ruin_max}")
        if not 0 <= self.hotel_probability <= 1:
            raise ValueError(
                f"hotel_probability must be in [0, 1], got {self.hotel_probability}"
            )
        if self.restart_after < 1:
            raise ValueError(f"restart_after must be >= 1, got {self.restart_after}")
        low = min(self.start_temperature_for(1), self.start_temperature_for(2))
        if not low >= self.end_temperature >= 0:
            raise ValueError(
                "temperatures must satisfy start_temperature >= end_temperature >= 0, "
                f"got {low} and {self.end_temperature}"
            )
        if not 0 <= self.sequential_probability <= 1:
            raise ValueError(
                "sequential_probability must be in [0, 1], got "
                f"{self.sequential_probability}"
            )
        if self.pool_size < 0:
            raise ValueError(f"pool_size must be >= 0, got {self.pool_size}")
        if self.pool_interval < 1:
            raise ValueError(f"pool_interval must be >= 1, got {self.pool_interval}")
        if self.pool_max_days < 2:
            raise ValueError(f"pool_max_days must be >= 2, got {self.pool_max_days}")
        if self.string_max_days < 2:
            raise ValueError(
                f"string_max_days must be >= 2, got {self.string_max_days}"
            )
        if self.elite_size < 0:
            raise ValueError(f"elite_size must be >= 0, got {self.elite_size}")
        for name in (
            "crossover_probability",
            "whole_day_probability",
            "slice_probability",
            "exchange_probability",
            "relocate_probability",
            "string_probability",
        ):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ValueError(f"{name} must be in [0, 1], got {v}")
        if not 0 <= self.travel_weight < float("inf"):
            raise ValueError(
                f"travel_weight must be finite and >= 0, got {self.travel_weight}"
            )
        w = self.operator_weights
        if len(w) != 4 or min(w) < 0 or sum(w) <= 0:
            raise ValueError(
                "operator_weights needs 4 non-negative weights with a positive sum "
                f"(random, segment, related, worst), got {w}"
            )

    def start_temperature_for(self, days: int) -> float:
        """The start temperature of a plan of ``days`` days."""
        if self.start_temperature is not None:
            return self.start_temperature
        return ONE_DAY_START_TEMPERATURE if days == 1 else START_TEMPERATURE
