"""``tourlink plan``: plan a trip in the terminal (a Rich timeline, JSON, .ics or PDF).

Place names in ``--start``, ``--end``, ``--must`` and ``--never`` match the catalogue in
any language, with or without diacritics. The catalogue is the database's; a database
without a schema or without entries falls back to the bundled catalogue (or ``--data``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.table import Table

from tourlink import bootstrap
from tourlink.catalog import load_catalog
from tourlink.core.errors import InvalidInputError, TourlinkError
from tourlink.core.i18n import LANGUAGES
from tourlink.services.container import Services, memory_services
from tourlink.services.trips import TripService
from tourlink.trips import (
    InfeasibleRequestError,
    TripPlan,
    TripWish,
    UnknownAvailability,
    to_ics,
)
from tourlink.trips.wish import MAX_DAYS, Arrival

from .common import console, current_settings, reports_errors, status_console

KIND_MARKS = {"visit": "◆", "show": "★", "meal": "●", "hotel": "⌂", "travel": "→"}


def parse_interests(text: str | None) -> dict[str, int]:
    """``caves=3,crafts=2,food`` → ``{"caves": 3, "crafts": 2, "food": 3}``."""
    out: dict[str, int] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, weight = part.partition("=")
        try:
            out[name.strip()] = int(weight) if weight.strip() else 3
        except ValueError:
            raise InvalidInputError(
                f"--interests: {part.strip()!r} is not NAME=WEIGHT (a weight 0-5)",
                field="interests",
            ) from None
    return out


def arrival_mode(point_id: str) -> Arrival:
    """How one arrives at or leaves a point, guessed from its id."""
    for word, mode in (
        ("airport", "flight"),
        ("station", "train"),
        ("pier", "boat"),
        ("port", "boat"),
    ):
        if word in point_id:
            return cast("Arrival", mode)
    return "road"


def _when(value: str, option: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{option} {value!r} is not a date and time like 2026-12-05T10:30",
            field=option.lstrip("-"),
        ) from None


@contextmanager
def planning_services(data: Path | None) -> Iterator[Services]:
    """Services over the database, else over catalogue files (``--data`` or bundled)."""
    settings = current_settings()
    if data is None:
        try:
            with bootstrap.open_services(settings) as services:
                if services.catalog.entries():
                    yield services
                    return
        except (bootstrap.SchemaOutdatedError, bootstrap.DatabaseError):
            pass
        status_console().print(
            "[dim]The database has no catalogue; planning over the bundled one.[/dim]"
        )
    with status_console().status("Reading the catalogue…"):
        entries = list(load_catalog(data or settings.data_dir))
    yield memory_services(entries)


def render_timeline(plan: TripPlan) -> None:
    """The plan as one Rich table per day, then costs and warnings."""
    out = console()
    for day in plan.days:
        table = Table(
            title=f"Day {day.day} · {day.date.isoformat()}", title_justify="left"
        )
        table.add_column("Time", no_wrap=True)
        table.add_column("")
        table.add_column("What")
        table.add_column("VND", justify="right")
        table.add_column("Why", style="dim")
        for item in day.items:
            when = f"{item.start:%H:%M}–{item.end:%H:%M}"
            name = item.name
            if item.kind == "travel":
                name = f"[dim]{item.mode} {item.minutes} min → {item.name}[/dim]"
            cost = f"{item.cost:,}" if item.cost else ""
            table.add_row(when, KIND_MARKS[item.kind], name, cost, item.why)
        out.print(table)
    c = plan.total_cost
    out.print(
        f"Total [bold]{c.total:,} VND[/bold] (tickets {c.tickets:,}, meals {c.meals:,}, "
        f"hotels {c.hotels:,}, transport {c.transport:,})"
    )
    for warning in plan.warnings:
        out.print(f"[yellow]![/yellow] {warning.message}")


@reports_errors
def plan(
    start: Annotated[str, typer.Option(help="Arrival point: a name in any language.")],
    arrive: Annotated[str, typer.Option(help="Arrival, local: 2026-12-05T10:30.")],
    end: Annotated[str, typer.Option(help="Departure point.")],
    depart: Annotated[str, typer.Option(help="Departure, local: 2026-12-07T18:00.")],
    adults: Annotated[int, typer.Option(min=0)] = 1,
    children: Annotated[int, typer.Option(min=0)] = 0,
    seniors: Annotated[int, typer.Option(min=0)] = 0,
    interests: Annotated[
        str | None, typer.Option(help="Weights 0-5: caves=3,crafts=2,food=1.")
    ] = None,
    diet: Annotated[str, typer.Option(help="none, halal or vegetarian.")] = "none",
    pace: Annotated[str, typer.Option(help="relaxed, normal or packed.")] = "normal",
    budget: Annotated[
        int | None, typer.Option(help="VND per person, everything included.")
    ] = None,
    lang: Annotated[str, typer.Option(help="vi, en, ja, ko, zh or hi.")] = "en",
    must: Annotated[
        list[str] | None, typer.Option(help="Must-see (repeatable).")
    ] = None,
    never: Annotated[list[str] | None, typer.Option(help="Never (repeatable).")] = None,
    wheelchair: Annotated[bool, typer.Option(help="Wheelchair access only.")] = False,
    arrive_by: Annotated[
        str | None, typer.Option(help="flight, train, boat or road (guessed).")
    ] = None,
    depart_by: Annotated[str | None, typer.Option(help="As --arrive-by.")] = None,
    time_limit: Annotated[
        float, typer.Option(min=0.05, max=60, help="Seconds of planning.")
    ] = 1.5,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the plan as JSON.")
    ] = False,
    ics: Annotated[Path | None, typer.Option(help="Write an iCalendar file.")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write a PDF file.")] = None,
    data: Annotated[
        Path | None, typer.Option(help="Plan over these catalogue files.")
    ] = None,
) -> None:
    """Plan a trip: arrival and departure, party, interests, pace, budget, diet."""
    if lang not in LANGUAGES:
        raise InvalidInputError(
            f"--lang {lang!r}: choose one of {', '.join(LANGUAGES)}", field="lang"
        )
    arrival, departure = _when(arrive, "--arrive"), _when(depart, "--depart")
    if departure <= arrival:
        raise InfeasibleRequestError(
            "arrival_after_departure",
            f"the departure ({depart}) is not after the arrival ({arrive})",
            "give a --depart later than --arrive",
            field="departure",
        )
    days = (departure.date() - arrival.date()).days + 1
    if days > MAX_DAYS:
        raise InvalidInputError(
            f"the trip lasts {days} days; plan at most {MAX_DAYS} days at once",
            field="depart",
        )
    with planning_services(data) as services:
        trips = services.trips or TripService(
            services.catalog, UnknownAvailability(), services.clock
        )
        trips.time_limit = time_limit
        start_id, end_id = trips.resolve(start), trips.resolve(end)
        raw: dict[str, Any] = {
            "start_date": arrival.date(),
            "days": days,
            "arrival": {
                "point": start_id,
                "time": arrival.time(),
                "by": arrive_by or arrival_mode(start_id),
            },
            "departure": {
                "point": end_id,
                "time": departure.time(),
                "by": depart_by or arrival_mode(end_id),
            },
            "party": {"adults": adults, "children": children, "seniors": seniors},
            "interests": parse_interests(interests),
            "must_see": tuple(must or ()),
            "never": tuple(never or ()),
            "pace": pace,
            "budget_per_person_vnd": budget,
            "dietary": diet,
            "wheelchair": wheelchair,
            "language": lang,
        }
        with status_console().status("Planning…"):
            the_plan = trips.plan(TripWish.parse(raw))
    _write_outputs(the_plan, ics, pdf)
    if as_json:
        typer.echo(json.dumps(the_plan.to_json(), ensure_ascii=False, indent=2))
    else:
        render_timeline(the_plan)


def _write_outputs(the_plan: TripPlan, ics: Path | None, pdf: Path | None) -> None:
    try:
        if ics is not None:
            ics.write_bytes(to_ics(the_plan))
        if pdf is not None:
            # fpdf2 and its font tables load only when a PDF is asked for.
            from tourlink.services.trip_pdf import plan_pdf

            pdf.write_bytes(plan_pdf(the_plan))
    except OSError as err:
        raise TourlinkError(f"cannot write {err.filename}: {err.strerror}") from None
