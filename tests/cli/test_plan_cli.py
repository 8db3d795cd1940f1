"""``tourlink plan``: a plan as JSON, a Rich timeline, .ics/PDF files, plain errors."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from .conftest import Cli

FIRST = date.today() + timedelta(days=30)  # noqa: DTZ011 - the CLI plans from today
LAST = FIRST + timedelta(days=2)


def plan_args(*extra: str) -> list[str]:
    """The documented example call, moved to dates a month ahead."""
    return [
        "plan",
        "--start", "Van Don International Airport",
        "--arrive", f"{FIRST}T10:30",
        "--end", "Hanoi",
        "--depart", f"{LAST}T18:00",
        "--adults", "2",
        "--interests", "caves=3,crafts=2,food=1",
        "--diet", "halal",
        "--pace", "normal",
        "--budget", "9000000",
        "--lang", "ko",
        "--time-limit", "0.3",
        *extra,
    ]  # fmt: skip


def test_plan_json_prints_days_of_items_with_costs_warnings_and_route(cli: Cli) -> None:
    result = cli(*plan_args("--json"))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["language"] == "ko"
    assert [d["date"] for d in plan["days"]] == [
        str(FIRST + timedelta(days=n)) for n in range(3)
    ]
    items = [i for d in plan["days"] for i in d["items"]]
    assert set(items[0]) == {"kind", "id", "name", "start", "end", "mode", "minutes",
                             "cost", "why"}  # fmt: skip
    assert {i["kind"] for i in items} <= {"visit", "show", "meal", "hotel", "travel"}
    assert all(i["start"].endswith("+07:00") for i in items)
    assert plan["total_cost"]["total"] <= 2 * 9_000_000
    assert {"score", "warnings", "route"} <= set(plan)
    meals = [i for i in items if i["kind"] == "meal"]
    assert meals
    assert all("할랄" in i["why"] for i in meals)  # "halal lunch/dinner"


def test_plan_prints_a_timeline_and_writes_a_calendar(cli: Cli, tmp_path: Path) -> None:
    ics = tmp_path / "trip.ics"
    result = cli(*plan_args("--ics", str(ics)))
    assert result.exit_code == 0, result.stderr
    assert "Day 1" in result.stdout
    assert "Total" in result.stdout
    assert ics.read_text("utf-8").startswith("BEGIN:VCALENDAR")


def test_plan_names_a_place_it_cannot_find_and_exits_1(cli: Cli) -> None:
    args = plan_args()
    args[args.index("Hanoi")] = "Atlantis"
    result = cli(*args)
    assert result.exit_code == 1
    assert "Atlantis" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_refuses_a_departure_before_the_arrival(cli: Cli) -> None:
    args = plan_args()
    args[args.index(f"{LAST}T18:00")] = f"{FIRST}T08:00"
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the departure")
