from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tourlink.catalog import opening_hours
from tourlink.core.clock import LOCAL_TZ

MUSEUM = "Tu-Su 08:00-11:30,13:30-17:00; Mo off"


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def test_open_during_morning_hours_in_local_time() -> None:
    assert opening_hours.is_open(MUSEUM, local(2026, 11, 24, 9, 0))


def test_closed_at_lunch_and_on_mondays() -> None:
    assert not opening_hours.is_open(MUSEUM, local(2026, 11, 24, 12, 0))
    assert not opening_hours.is_open(MUSEUM, local(2026, 11, 23, 9, 0))


def test_instants_in_utc_are_evaluated_in_vietnam_time() -> None:
    # 02:00 UTC is 09:00 in Hanoi; 11:00 UTC is 18:00, after closing.
    assert opening_hours.is_open(MUSEUM, datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    assert not opening_hours.is_open(MUSEUM, datetime(2026, 11, 24, 11, 0, tzinfo=UTC))


def test_next_open_interval_after_lunch_starts_at_half_past_one() -> None:
    interval = opening_hours.next_open_interval(MUSEUM, local(2026, 11, 24, 12, 0))
    assert interval is not None
    assert interval.start == local(2026, 11, 24, 13, 30)
    assert interval.end == local(2026, 11, 24, 17, 0)


def test_next_open_interval_while_open_starts_now() -> None:
    now = local(2026, 11, 24, 9, 15)
    interval = opening_hours.next_open_interval(MUSEUM, now)
    assert interval is not None
    assert interval.start == now


def test_next_open_interval_on_monday_evening_is_tuesday_morning() -> None:
    interval = opening_hours.next_open_interval(MUSEUM, local(2026, 11, 23, 18, 0))
    assert interval is not None
    assert interval.start == local(2026, 11, 24, 8, 0)


def test_always_open_place_has_no_end() -> None:
    interval = opening_hours.next_open_interval("24/7", local(2026, 11, 24, 3, 0))
    assert interval is not None
    assert interval.end is None


def test_never_open_place_has_no_next_interval() -> None:
    now = local(2026, 11, 24, 3, 0)
    assert (
        opening_hours.next_open_interval("off", now, horizon=timedelta(days=30)) is None
    )


def test_vietnamese_public_holiday_closes_ph_off_places() -> None:
    # 2 September is National Day.
    assert not opening_hours.is_open(
        "Mo-Su 07:00-17:00; PH off", local(2026, 9, 2, 10, 0)
    )


def test_open_intervals_lists_both_halves_of_a_split_day() -> None:
    got = opening_hours.open_intervals(
        MUSEUM, local(2026, 11, 24, 0, 0), local(2026, 11, 25, 0, 0)
    )
    assert [(i.start.hour, i.end.hour if i.end else None) for i in got] == [
        (8, 11),
        (13, 17),
    ]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        opening_hours.is_open(MUSEUM, datetime(2026, 11, 24, 9, 0))  # noqa: DTZ001


def test_invalid_syntax_is_reported_with_the_expression() -> None:
    with pytest.raises(opening_hours.OpeningHoursSyntaxError, match="Mo-Xx"):
        opening_hours.validate("Mo-Xx 08:00-17:00")
