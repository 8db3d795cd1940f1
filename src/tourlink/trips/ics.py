"""Export a plan to iCalendar: one VEVENT per visit, show, meal and hotel night.

Events carry ``TZID=Asia/Ho_Chi_Minh`` (with its VTIMEZONE), the place's name and
coordinates as ``LOCATION``/``GEO``, and the "why" and cost as ``DESCRIPTION``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from .timeline import TripPlan

PRODID = "-//tourlink//trip planner//EN"


def to_ics(plan: TripPlan, *, stamp: datetime | None = None) -> bytes:
    """The plan as an ``.ics`` file (travel legs are not events)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    now = stamp or datetime.now(UTC)
    for d, day in enumerate(plan.days):
        for k, item in enumerate(day.items):
            if item.kind == "travel":
                continue
            ev = Event()
            ev.add(
                "uid",
                f"{item.id or item.kind}-{d + 1}-{k}-{item.start:%Y%m%dT%H%M}@tourlink",
            )
            ev.add("dtstamp", now)
            ev.add("dtstart", item.start)
            ev.add("dtend", item.end)
            ev.add("summary", item.name)
            ev.add("categories", [item.kind])
            lines = [item.why] if item.why else []
            if item.cost:
                lines.append(f"{item.cost:,} VND")
            ev.add("description", "\n".join(lines))
            location = plan.built.entries.get(item.id or "")
            ev.add("location", item.name)
            if location is not None and location.location is not None:
                ev.add("geo", (location.location.lat, location.location.lon))
            cal.add_component(ev)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
