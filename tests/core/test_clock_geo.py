from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tourlink.core.clock import FixedClock
from tourlink.core.geo import GeoPoint, haversine_km


def test_fixed_clock_moves_only_when_advanced() -> None:
    clock = FixedClock(datetime(2026, 12, 5, 3, 30, tzinfo=UTC))
    assert clock.now() == clock.now()
    assert clock.advance(minutes=15).now() == datetime(2026, 12, 5, 3, 45, tzinfo=UTC)


def test_fixed_clock_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 12, 5))  # noqa: DTZ001


def test_haversine_hanoi_to_ha_long_is_about_150_km() -> None:
    hanoi = GeoPoint(21.0285, 105.8542)
    ha_long = GeoPoint(20.9517, 107.0800)
    assert 125 < haversine_km(hanoi, ha_long) < 135


def test_geopoint_rejects_out_of_range_latitude() -> None:
    with pytest.raises(ValueError, match="latitude"):
        GeoPoint(91, 0)
