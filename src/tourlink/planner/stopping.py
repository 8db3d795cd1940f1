"""When to stop searching: swappable stopping criteria."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class StoppingCriterion(Protocol):
    """Decides, from the iterations done and the seconds elapsed, when to stop.

    ``progress`` (0 at the start, 1 at the end) drives the annealing temperature.
    """

    def done(self, iterations: int, elapsed: float) -> bool:
        """True when the search should stop."""
        ...

    def progress(self, iterations: int, elapsed: float) -> float:
        """Fraction of the search budget used, in [0, 1]."""
        ...


@dataclass(frozen=True)
class MaxRuntime:
    """Stop after ``seconds`` of wall time (a visitor waiting on a web page)."""

    seconds: float

    def __post_init__(self) -> None:
        if not self.seconds > 0:
            raise ValueError(f"MaxRuntime needs seconds > 0, got {self.seconds}")

    def done(self, iterations: int, elapsed: float) -> bool:  # noqa: ARG002
        """True once ``seconds`` have elapsed."""
        return elapsed >= self.seconds

    def progress(self, iterations: int, elapsed: float) -> float:  # noqa: ARG002
        """Elapsed share of the time limit."""
        return min(1.0, elapsed / self.seconds)


@dataclass(frozen=True)
class MaxIterations:
    """Stop after ``iterations`` ruin-and-recreate steps (exactly reproducible)."""

    iterations: int

    def __post_init__(self) -> None:
        if self.iterations < 0:
            raise ValueError(
                f"MaxIterations needs iterations >= 0, got {self.iterations}"
            )

    def done(self, iterations: int, elapsed: float) -> bool:  # noqa: ARG002
        """True once the iteration count is reached."""
        return iterations >= self.iterations

    def progress(self, iterations: int, elapsed: float) -> float:  # noqa: ARG002
        """Share of the iterations done."""
        return 1.0 if self.iterations == 0 else min(1.0, iterations / self.iterations)
