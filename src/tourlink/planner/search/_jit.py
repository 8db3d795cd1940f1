"""Typed wrapper around ``numba.njit`` (cached compilation, no Python objects)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])

#: Larger than any time in a schedule; marks "no feasible start".
INF = 1 << 60


def jit(func: F) -> F:
    """Compile ``func`` in nopython mode; the machine code is cached on disk."""
    return cast("F", numba.njit(cache=True, nogil=True)(func))


def jit_inline(func: F) -> F:
    """Like ``jit``, but inlined into its callers at compile time: for small hot
    helpers whose arguments (the data tuples) cost more to pass than the work."""
    return cast("F", numba.njit(cache=True, nogil=True, inline="always")(func))
