"""Reader for the standard OPTW/TOPTW benchmark files (Righini & Salani, Vansteenwegen
et al., Montemanni & Gambardella)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from tourlink.planner.model import Node, Problem, Tour


class InstanceFormatError(ValueError):
    """The file does not follow the TOPTW text format; the message names the line."""


def _numbers(line: str, lineno: int, path: Path) -> list[Decimal]:
    try:
        return [Decimal(tok) for tok in line.split()]
    except InvalidOperation:
        raise InstanceFormatError(
            f"{path.name}: line {lineno}: not a list of numbers: {line.strip()!r}"
        ) from None


def _decimals(x: Decimal) -> int:
    exp = x.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def read_toptw(
    path: str | Path, tours: int = 1, *, decimals: int | None = None
) -> Problem:
    """Read a TOPTW benchmark instance as a Problem with ``tours`` identical days.

    The format: line 1 ``k v N t``, line 2 ignored, then N+1 vertex lines
    ``i x y d S f a l_1..l_a O C`` (vertex 0 is the depot, whose ``C`` is the day
    length). Travel time is the Euclidean distance truncated to ``decimals`` decimals
    - one for the Solomon-based files (coordinates with 2 decimals), two for the
    Cordeau-based ``pr`` files (3 decimals) - so by default one decimal fewer than the
    coordinates. All times are multiplied by ``10**decimals`` and kept as integers, so
    the model is exact; ``Problem.time_scale`` records the factor.

    Parameters
    ----------
    path : str or Path
        The instance file, e.g. ``c101.txt``.
    tours : int
        Number of tours m (not part of the file): 1 for the OPTW, 2-4 for the TOPTW.
    decimals : int, optional
        Override the truncation precision of travel times.

    Raises
    ------
    InstanceFormatError
        With the file name and line number, e.g.
        ``"c101.txt: line 14: expected at least 9 numbers, found 5"``.
    """
    path = Path(path)
    if tours < 1:
        raise ValueError(f"tours must be >= 1, got {tours}")
    lines = path.read_text().splitlines()
    rows = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
    if len(rows) < 3:
        raise InstanceFormatError(
            f"{path.name}: {len(rows)} non-empty lines; expected a header line, "
            "a second line and one line per vertex"
        )
    lineno, header = rows[0]
    head = _numbers(header, lineno, path)
    if len(head) < 3:
        raise InstanceFormatError(
            f"{path.name}: line {lineno}: expected 'k v N t', found {len(head)} numbers"
        )
    n_customers = int(head[2])
    vertex_rows = rows[2:]
    if len(vertex_rows) < n_customers + 1:
        raise InstanceFormatError(
            f"{path.name}: header says N = {n_customers} customers, so "
            f"{n_customers + 1} vertex lines are needed; found {len(vertex_rows)}"
        )
    parsed = []
    for k, (lineno, line) in enumerate(vertex_rows[: n_customers + 1]):
        nums = _numbers(line, lineno, path)
        if len(nums) < 9:
            raise InstanceFormatError(
                f"{path.name}: line {lineno}: expected at least 9 numbers, "
                f"found {len(nums)}"
            )
        a = int(nums[6])
        if len(nums) != 9 + a:
            raise InstanceFormatError(
                f"{path.name}: line {lineno}: a = {a} announces {9 + a} numbers, "
                f"found {len(nums)}"
            )
        if int(nums[0]) != k:
            raise InstanceFormatError(
                f"{path.name}: line {lineno}: vertex number {nums[0]}, expected {k}"
            )
        parsed.append(nums)
    coord_dec = max(_decimals(x) for row in parsed for x in row[1:3])
    dec = max(coord_dec - 1, 0) if decimals is None else decimals
    scale = 10**dec
    cscale = 10 ** max(coord_dec, dec)
    xs = [int(row[1] * cscale) for row in parsed]
    ys = [int(row[2] * cscale) for row in parsed]
    shrink = cscale // scale
    n = len(parsed)
    travel = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i != j:
                d2 = (xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2
                travel[i, j] = math.isqrt(d2) // shrink

    def as_time(x: Decimal, lineno: int) -> int:
        v = x * scale
        if v != v.to_integral_value():
            raise InstanceFormatError(
                f"{path.name}: line {lineno}: time {x} has more than {dec} decimals"
            )
        return int(v)

    nodes = []
    for (lineno, _), row in zip(vertex_rows, parsed, strict=False):
        opening, closing = as_time(row[-2], lineno), as_time(row[-1], lineno)
        if opening > closing:
            raise InstanceFormatError(
                f"{path.name}: line {lineno}: window opens at {row[-2]} after it "
                f"closes at {row[-1]}"
            )
        nodes.append(
            Node(
                score=float(row[4]),
                duration=as_time(row[3], lineno),
                windows=((opening, closing),),
                name=str(int(row[0])),
            )
        )
    depot_line = vertex_rows[0][0]
    tmax = as_time(parsed[0][-1], depot_line)
    nodes[0] = Node(windows=((0, tmax),), name="depot")
    day = Tour(start=0, end=0, earliest=as_time(parsed[0][-2], depot_line), latest=tmax)
    return Problem(
        nodes=tuple(nodes),
        travel=travel,
        tours=(day,) * tours,
        name=path.stem,
        time_scale=scale,
    )
