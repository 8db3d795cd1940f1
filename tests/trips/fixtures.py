"""A small hand-made catalogue around Ha Long, Van Don and Co To for trip tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tourlink.catalog import AnyEntryT, parse_entry
from tourlink.core.clock import FixedClock

TODAY = date(2027, 1, 10)
CLOCK = FixedClock(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
START = date(2027, 3, 2)  # a Tuesday
FAST: dict[str, Any] = {"time_limit": None, "max_iterations": 300, "seed": 1}

ACC = "wheelchair_accessible"


def _e(etype: str, entry_id: str, lat: float, lon: float, **fields: Any) -> AnyEntryT:
    body: dict[str, Any] = {
        "type": etype,
        "id": entry_id,
        "name": {"vi": fields.pop("vi", entry_id), "en": fields.pop("en", entry_id)},
        "location": {"lat": lat, "lon": lon},
        "sample": True,
    }
    body.update(fields)
    return parse_entry(body)


def entries() -> dict[str, AnyEntryT]:
    """The fixture catalogue by id."""
    items = [
        _e("place", "van-don-airport", 21.1178, 107.4142, kind="hub",
           vi="Sân bay Vân Đồn", en="Van Don Airport"),
        _e("place", "ha-long-bus-station", 20.966, 107.004, kind="hub"),
        _e("place", "cai-rong-port", 21.0615, 107.429, kind="hub"),
        _e("place", "co-to-port", 20.973, 107.7645, kind="hub"),
        _e("place", "co-to-island", 20.98, 107.77, kind="island", visit_minutes=1440,
           tags=["islands", "beaches", "nature"], popularity=0.7),
        _e("place", "ngoc-rong-cave", 21.0105, 107.2875, kind="cave", visit_minutes=60,
           tags=["caves", "nature"], popularity=0.6, opening_hours="Mo-Su 08:00-17:00"),
        _e("place", "quang-ninh-museum", 20.952, 107.088, kind="museum", visit_minutes=90,
           tags=["heritage", "history", ACC], popularity=0.7,
           opening_hours="Tu-Su 08:00-11:30,13:30-17:00",
           admission=[{"unit": "adult", "amount_vnd": 40000}]),
        _e("place", "yen-tu", 21.1555, 106.7215, kind="relic_site", visit_minutes=180,
           tags=["unesco_world_heritage", "spiritual", "heritage", ACC], popularity=0.85,
           opening_hours="Mo-Su 06:00-18:00",
           admission=[{"unit": "adult", "amount_vnd": 40000}]),
        _e("place", "chu-dau-village", 20.975, 106.39, kind="craft_village",
           visit_minutes=120, tags=["crafts", "heritage", ACC], popularity=0.45),
        _e("place", "bai-chay-beach", 20.955, 107.04, kind="beach", visit_minutes=90,
           tags=["beaches", "nature"], popularity=0.5, opening_hours="24/7"),
        _e("experience", "cave-show", 21.0105, 107.2875, kind="cave_performance",
           place_id="ngoc-rong-cave", duration_minutes=60, sessions=["19:00", "20:30"],
           night_time=True, tags=["caves", "performances", "night_time"],
           prices=[{"unit": "adult", "amount_vnd": 350000},
                   {"unit": "child", "amount_vnd": 200000}]),
        _e("experience", "puppet-show", 20.953, 107.082, kind="water_puppetry",
           duration_minutes=50, sessions=["18:00", "20:00"], night_time=True,
           tags=["performances", "night_time", ACC],
           prices=[{"unit": "adult", "amount_vnd": 150000}]),
        _e("provider", "halal-ha-long", 20.956, 107.047, kind="restaurant",
           dietary=["halal"], opening_hours="Mo-Su 10:00-22:00", tags=["food", ACC],
           prices=[{"unit": "person", "amount_vnd": 250000}]),
        _e("provider", "veg-ha-long", 20.951, 107.079, kind="restaurant",
           dietary=["vegan"], opening_hours="Mo-Su 07:00-21:30", tags=["food"],
           prices=[{"unit": "person", "amount_vnd": 150000}]),
        _e("provider", "seafood-ha-long", 20.953, 107.06, kind="restaurant",
           opening_hours="Mo-Su 10:00-22:00", tags=["food"],
           prices=[{"unit": "person", "amount_vnd": 300000}]),
        _e("provider", "seafood-van-don", 21.06, 107.427, kind="restaurant",
           opening_hours="Mo-Su 10:00-22:00", tags=["food"],
           prices=[{"unit": "person", "amount_vnd": 280000}]),
        _e("provider", "seafood-cam-pha", 21.012, 107.29, kind="restaurant",
           opening_hours="Mo-Su 10:00-22:00", tags=["food"],
           prices=[{"unit": "person", "amount_vnd": 200000}]),
        _e("provider", "seafood-co-to", 20.974, 107.765, kind="restaurant",
           opening_hours="Mo-Su 10:00-22:00", tags=["food"],
           prices=[{"unit": "person", "amount_vnd": 300000}]),
        _e("provider", "hotel-ha-long", 20.9535, 107.045, kind="accommodation",
           tags=[ACC], prices=[{"unit": "room_night", "amount_vnd": 1_500_000}]),
        _e("provider", "guesthouse-ha-long", 20.96, 107.05, kind="accommodation",
           prices=[{"unit": "room_night", "amount_vnd": 400_000}]),
        _e("transport_link", "cai-rong-co-to-speedboat", 21.0615, 107.429,
           mode="speedboat", from_id="cai-rong-port", to_id="co-to-port",
           duration_minutes=80, departures=[{"time": "07:00"}, {"time": "13:30"}],
           prices=[{"unit": "adult", "amount_vnd": 280000}]),
    ]  # fmt: skip
    return {e.id: e for e in items}


def wish(**over: Any) -> dict[str, Any]:
    """A raw wish: two adults, three days from Van Don airport back to it."""
    raw: dict[str, Any] = {
        "start_date": START.isoformat(),
        "days": 3,
        "arrival": {"point": "van-don-airport", "time": "09:00", "by": "flight"},
        "departure": {"point": "van-don-airport", "time": "20:00", "by": "flight"},
        "party": {"adults": 2},
        "interests": {"caves": 4, "heritage": 3},
    }
    raw.update(over)
    return raw
