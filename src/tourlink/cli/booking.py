"""``tourlink reseller``, ``tourlink slots`` and ``tourlink booking``: selling sessions.

``reseller add`` issues an OCTo API key; ``slots generate`` opens sessions in bulk;
``booking seed`` makes the catalogue's session experiences bookable; ``booking manifest``
prints who is booked on a slot; ``booking reconcile`` checks the capacity ledger.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import typer
from rich.table import Table

from tourlink import bootstrap
from tourlink.accounts import Role
from tourlink.catalog import Experience
from tourlink.catalog.kinds import EntryType
from tourlink.core.errors import InvalidInputError, TourlinkError
from tourlink.services.booking import SEED_DAYS, ManagedBookingService
from tourlink.services.container import Services

from .common import console, current_settings, reports_errors

resellers = typer.Typer(help="Resellers of the OCTo booking API.", no_args_is_help=True)
slots = typer.Typer(help="Bookable sessions.", no_args_is_help=True)
bookings = typer.Typer(help="Bookings and the capacity ledger.", no_args_is_help=True)


def _booking(services: Services) -> ManagedBookingService:
    if not isinstance(services.booking, ManagedBookingService):
        raise TourlinkError("bookings are not enabled on this installation")
    return services.booking


def _times(text: str) -> list[time]:
    try:
        return [time.fromisoformat(part.strip()) for part in text.split(",") if part]
    except ValueError:
        raise InvalidInputError(
            f"--times {text!r}: give local times like 19:00,20:30", field="times"
        ) from None


@resellers.command("add")
@reports_errors
def add_reseller(
    name: Annotated[str, typer.Argument(help='The reseller ("Lan Ha Travel").')],
) -> None:
    """Issue an API key for a reseller of the OCTo API; printed once on stdout."""
    with bootstrap.open_services(current_settings()) as services:
        issued = services.accounts.issue_api_key(name, Role.RESELLER)
    typer.echo(
        f"reseller API key {issued.key.id} for {issued.key.name!r}; "
        "store it now, it is not shown again:",
        err=True,
    )
    typer.echo(issued.secret)


@slots.command("generate")
@reports_errors
def generate_slots(
    product: Annotated[str, typer.Argument(help="Product id.")],
    date_from: Annotated[
        str, typer.Option("--from", help="First local date (YYYY-MM-DD).")
    ],
    date_to: Annotated[str, typer.Option("--to", help="Last local date, inclusive.")],
    times: Annotated[
        str, typer.Option(help="Local start times, comma-separated: 19:00,20:30.")
    ],
    capacity: Annotated[
        int | None, typer.Option(min=0, help="Set the product's pool capacity.")
    ] = None,
) -> None:
    """Open sessions at the given times on every day of a date range (idempotent)."""
    try:
        first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
    except ValueError:
        raise InvalidInputError(
            "--from and --to must be dates like 2026-12-01", field="from"
        ) from None
    with bootstrap.open_services(current_settings()) as services:
        created = _booking(services).generate_slots(
            product, first, last, _times(times), capacity
        )
    console().print(f"created {len(created)} slots for {product}")


@bookings.command("seed")
@reports_errors
def seed(
    days: Annotated[
        int, typer.Option(min=1, max=366, help="Days of sessions from today.")
    ] = SEED_DAYS,
) -> None:
    """Make every catalogue experience with sessions and a capacity bookable."""
    with bootstrap.open_services(current_settings()) as services:
        experiences = [
            e
            for e in services.catalog.entries(EntryType.EXPERIENCE)
            if isinstance(e, Experience)
        ]
        created = _booking(services).seed(experiences, days=days)
    for product_id, count in created.items():
        console().print(f"{product_id}: {count} new slots")
    console().print(f"{len(created)} bookable products")


@bookings.command("manifest")
@reports_errors
def manifest(
    slot: Annotated[str, typer.Argument(help="Slot id.")],
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead.")] = False,
) -> None:
    """Who is booked on a slot, with units and check-in state."""
    with bootstrap.open_services(current_settings()) as services:
        found = _booking(services).manifest(slot)
    if csv:
        typer.echo(found.to_csv(), nl=False)
        return
    table = Table(title=f"{found.slot_id} — {found.start:%Y-%m-%d %H:%M} UTC")
    for column in ("booking", "name", "phone", "units", "status", "checked in"):
        table.add_column(column)
    for row in found.rows:
        table.add_row(
            row.booking_id,
            row.name,
            row.phone,
            row.units_text,
            row.status.value,
            "yes" if row.checked_in else "",
        )
    out = console()
    out.print(table)
    out.print(f"{found.total_units} booked, {found.checked_in_units} checked in")


@bookings.command("reconcile")
@reports_errors
def reconcile() -> None:
    """Check that every pool's counter equals the sum of its live allocations."""
    with bootstrap.open_services(current_settings()) as services:
        report = _booking(services).reconcile()
    out = console()
    for key, (counter, stored) in report.mismatched.items():
        out.print(f"MISMATCH {key.resource_id} {key.period}: {counter} != {stored}")
    for key, (used, cap) in report.over_capacity.items():
        out.print(f"OVER CAPACITY {key.resource_id} {key.period}: {used} > {cap}")
    for owner_id in report.stray_claims:
        out.print(f"EXPIRING CLAIMS DO NOT MATCH THE ALLOCATION OF {owner_id}")
    if not report.ok:
        raise TourlinkError(
            f"the capacity ledger is inconsistent: {len(report.mismatched)} counters "
            f"differ from their allocations, {len(report.over_capacity)} over capacity, "
            f"{len(report.stray_claims)} owners whose expiring claims do not match"
        )
    out.print(f"ok: {len(report.live_usage)} capacity keys consistent")


__all__ = ["bookings", "resellers", "slots"]
