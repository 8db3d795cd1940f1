"""What the trip planner needs from the outside world, as Protocols, with test doubles.

``AvailabilitySource`` answers "how many places are left in this session for a party?"
(the booking service implements it later); ``RoutingClient`` answers road travel times
(see :mod:`tourlink.trips.travel` for the great-circle default and the OSRM client).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from tourlink.core.geo import GeoPoint

ALMOST_FULL_PLACES = 10
"""A session with at most this many places left after the party booked is "almost full"."""


class AvailabilitySource(Protocol):
    """Live availability of the sessions of experiences (shows, workshops)."""

    def remaining(self, experience_id: str, start: datetime, party: int) -> int | None:
        """Places left in the session of ``experience_id`` starting at ``start``.

        Parameters
        ----------
        experience_id
            The catalogue id of the experience.
        start
            The session's start (aware).
        party
            The size of the party asking (a source may answer only "fits or not").

        Returns
        -------
        int or None
            Places left for newcomers; ``None`` when unknown (not sold through tourlink):
            the planner then assumes the session is open.
        """
        ...


class RoutingClient(Protocol):
    """Road travel times between points, in whole minutes."""

    def durations(self, points: Sequence[GeoPoint], mode: str) -> list[list[int]]:
        """The matrix of road minutes from every point to every point for ``mode``."""
        ...


class UnknownAvailability:
    """An availability source that knows nothing: every session is assumed open."""

    def remaining(self, experience_id: str, start: datetime, party: int) -> int | None:
        del experience_id, start, party
        return None


class MemoryAvailability:
    """An in-memory availability source: the test double for ``AvailabilitySource``.

    >>> from datetime import datetime
    >>> from tourlink.core.clock import LOCAL_TZ
    >>> s = datetime(2027, 3, 2, 19, 0, tzinfo=LOCAL_TZ)
    >>> src = MemoryAvailability({("ngoc-rong-cave-art-performance", s): 0})
    >>> src.remaining("ngoc-rong-cave-art-performance", s, 2)
    0
    """

    def __init__(
        self,
        remaining: Mapping[tuple[str, datetime], int] | None = None,
        *,
        default: int | None = None,
    ) -> None:
        self._remaining = dict(remaining or {})
        self._default = default
        self.calls = 0

    def set(self, experience_id: str, start: datetime, remaining: int) -> None:
        """Set the places left in one session."""
        self._remaining[(experience_id, start)] = remaining

    def remaining(self, experience_id: str, start: datetime, party: int) -> int | None:
        del party
        self.calls += 1
        return self._remaining.get((experience_id, start), self._default)
