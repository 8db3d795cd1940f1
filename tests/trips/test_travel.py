"""Travel-time assumptions: detour factor, speeds, boat-only islands, ferry timetables."""

from __future__ import annotations

import math
from datetime import datetime

import httpx
import pytest

from tourlink.core.clock import LOCAL_TZ
from tourlink.core.geo import GeoPoint, haversine_km
from tourlink.trips.travel import (
    CHARTER_BOARDING_MINUTES,
    DETOUR_FACTOR,
    PIER_BUFFER_MINUTES,
    ROAD_STOP_MINUTES,
    SPEED_KMH,
    UNREACHABLE,
    Crossing,
    OsrmRouting,
    Position,
    RoutingError,
    TravelModel,
    boat_leg,
    road_minutes,
)

HA_LONG = GeoPoint(20.95, 107.07)
VAN_DON = GeoPoint(21.1178, 107.4142)


def test_road_legs_use_the_detour_factor_and_mode_speeds() -> None:
    km = haversine_km(HA_LONG, VAN_DON)
    assert DETOUR_FACTOR == 1.35
    assert SPEED_KMH == {"car": 50.0, "coach": 42.0, "motorbike": 35.0}
    for mode, speed in SPEED_KMH.items():
        expected = math.ceil(km * DETOUR_FACTOR / speed * 60) + ROAD_STOP_MINUTES
        assert road_minutes(HA_LONG, VAN_DON, mode) == expected
    assert road_minutes(HA_LONG, VAN_DON, "coach") > road_minutes(
        HA_LONG, VAN_DON, "car"
    )


def test_scheduled_islands_are_unreachable_by_road_and_bays_need_a_boat() -> None:
    model = TravelModel("car", piers={"tuan-chau-port": GeoPoint(20.9225, 106.9878)})
    m = model.matrix([
        Position(HA_LONG), Position(GeoPoint(20.98, 107.77), "co-to"),
        Position(GeoPoint(20.8566, 107.0915), "ha-long-bay"),
    ])  # fmt: skip
    assert m[0, 1] == UNREACHABLE
    assert m[1, 0] == UNREACHABLE
    by_road_to_pier = road_minutes(HA_LONG, GeoPoint(20.9225, 106.9878))
    assert m[0, 2] > by_road_to_pier + CHARTER_BOARDING_MINUTES
    assert (
        model.mode_between(Position(HA_LONG), Position(HA_LONG, "ha-long-bay"))
        == "car+boat"
    )


def test_a_ferry_traveller_waits_for_the_next_departure() -> None:
    c = Crossing("x", "speedboat", "cai-rong-port", "co-to-port", 80,
                 ((7 * 60, "Mo-Su"), (13 * 60 + 30, "Mo-Su"), (14 * 60 + 30, "Fr-Su")), 280000)  # fmt: skip
    tuesday = datetime(2027, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
    leg = boat_leg(c, tuesday)
    assert leg is not None
    assert leg.depart == datetime(2027, 3, 2, 13, 30, tzinfo=LOCAL_TZ)
    assert leg.wait_minutes == 4 * 60 + 30
    assert (leg.arrive - leg.depart).total_seconds() == 80 * 60
    friday_late = datetime(2027, 3, 5, 13, 20, tzinfo=LOCAL_TZ)
    leg = boat_leg(c, friday_late)
    assert leg is not None
    assert leg.depart.hour == 14  # the Friday-to-Sunday boat
    assert PIER_BUFFER_MINUTES == 15


def test_osrm_client_reads_durations_and_scales_for_coaches() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert "/table/v1/driving/107.070000,20.950000;107.414200,21.117800" in str(
            request.url
        )
        return httpx.Response(
            200, json={"code": "Ok", "durations": [[0, 3000], [3100, 0]]}
        )

    client = httpx.Client(transport=httpx.MockTransport(handler))
    osrm = OsrmRouting("https://osrm.test", client=client)
    assert osrm.durations([HA_LONG, VAN_DON], "car") == [[0, 50], [52, 0]]
    coach = osrm.durations([HA_LONG, VAN_DON], "coach")
    assert coach[0][1] == math.ceil(50 * 50 / 42)


def test_osrm_client_failure_is_a_routing_error() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(500)))
    with pytest.raises(RoutingError):
        OsrmRouting("https://osrm.test", client=client).durations(
            [HA_LONG, VAN_DON], "car"
        )
