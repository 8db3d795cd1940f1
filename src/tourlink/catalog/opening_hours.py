"""Opening hours in OpenStreetMap ``opening_hours`` syntax, evaluated in the region's time zone.

Parsing and evaluation are delegated to ``opening-hours-py`` (a maintained implementation of
the OSM specification, with Vietnamese public holidays via ``PH``). We add what tourlink needs
on top: timezone-aware answers in ``Asia/Ho_Chi_Minh`` and "next open interval".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import opening_hours as _oh

from tourlink.core.clock import LOCAL_TZ


class OpeningHoursSyntaxError(ValueError):
    """The text is not valid ``opening_hours`` syntax."""


@dataclass(frozen=True, slots=True)
class OpenInterval:
    """A stretch of time when a place is open, e.g. 07:30-17:00 on a Tuesday (local time)."""

    start: datetime
    end: datetime | None
    comment: str = ""


@lru_cache(maxsize=4096)
def _parse(expression: str) -> _oh.OpeningHours:
    try:
        return _oh.OpeningHours(expression, timezone=LOCAL_TZ, country="VN")
    except (_oh.ParserError, SyntaxError) as exc:  # type: ignore[attr-defined]
        detail = " ".join(str(exc).split())
        msg = f"not valid opening_hours syntax: {expression!r} ({detail})"
        raise OpeningHoursSyntaxError(msg) from None


def validate(expression: str) -> str:
    """Return ``expression`` unchanged if it parses, else raise ``OpeningHoursSyntaxError``."""
    _parse(expression)
    return expression


def _local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        msg = "pass an aware datetime (e.g. datetime.now(UTC))"
        raise ValueError(msg)
    return instant.astimezone(LOCAL_TZ)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(LOCAL_TZ)


def is_open(expression: str, at: datetime) -> bool:
    """Whether the place is open at instant ``at`` (an aware datetime)."""
    return bool(_parse(expression).is_open(_local(at)))


def next_open_interval(
    expression: str, after: datetime, *, horizon: timedelta = timedelta(days=366)
) -> OpenInterval | None:
    """The open interval containing ``after``, or the next one to start; ``None`` if none.

    The answer's datetimes are aware, in ``Asia/Ho_Chi_Minh``; ``end`` is ``None`` for a
    place that never closes (``24/7``).
    """
    start = _local(after)
    until = start + horizon
    for begin, end, state, comment in _parse(expression).intervals(start, until):
        if str(state).upper().endswith("OPEN"):
            return OpenInterval(
                start=max(_aware(begin), start),
                end=_aware(end) if end is not None and _aware(end) < until else None,
                comment=comment or "",
            )
    return None


def open_intervals(
    expression: str, start: datetime, end: datetime
) -> list[OpenInterval]:
    """Every open interval overlapping ``[start, end)``, clipped to it."""
    lo, hi = _local(start), _local(end)
    out: list[OpenInterval] = []
    for begin, finish, state, comment in _parse(expression).intervals(lo, hi):
        if str(state).upper().endswith("OPEN"):
            stop = min(_aware(finish), hi) if finish is not None else hi
            out.append(OpenInterval(max(_aware(begin), lo), stop, comment or ""))
    return out
