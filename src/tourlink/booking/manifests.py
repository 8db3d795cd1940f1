"""Slot manifests: who is booked on a session, with units and check-in state, as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .bookings import Booking, BookingStatus
from .products import total_units

MANIFEST_STATUSES = frozenset({BookingStatus.CONFIRMED, BookingStatus.REDEEMED})
"""Bookings listed on a manifest: sold ones (holds and cancellations are left out)."""

CSV_COLUMNS = (
    "booking_id",
    "name",
    "phone",
    "email",
    "units",
    "total_units",
    "status",
    "checked_in_at",
    "reference",
)


@dataclass(frozen=True)
class ManifestRow:
    """One party on the list the guide holds at the cave entrance."""

    booking_id: str
    name: str
    phone: str
    email: str
    units: Mapping[str, int]
    status: BookingStatus
    checked_in_at: datetime | None
    reference: str

    @property
    def units_text(self) -> str:
        """Units as ``adult×2 child×1``."""
        return " ".join(f"{u}×{n}" for u, n in sorted(self.units.items()))

    @property
    def checked_in(self) -> bool:
        """Whether the party has been scanned in."""
        return self.checked_in_at is not None


@dataclass(frozen=True)
class Manifest:
    """The list of parties booked on one slot, in booking order.

    The guide of the 19:00 cave show prints it, or the scanner app shows who is still
    missing.
    """

    slot_id: str
    product_id: str
    start: datetime
    rows: tuple[ManifestRow, ...]

    @property
    def total_units(self) -> int:
        """Units booked on the slot."""
        return sum(total_units(r.units) for r in self.rows)

    @property
    def checked_in_units(self) -> int:
        """Units already checked in."""
        return sum(total_units(r.units) for r in self.rows if r.checked_in)

    def to_csv(self) -> str:
        """The manifest as CSV text (header row, then one row per booking).

        Cells starting with ``= + - @`` are prefixed with ``'`` so spreadsheets do not run
        them as formulas (a phone number ``+84 ...`` shows as ``'+84 ...``).
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for r in self.rows:
            writer.writerow(
                (
                    r.booking_id,
                    _cell(r.name),
                    _cell(r.phone),
                    _cell(r.email),
                    r.units_text,
                    total_units(r.units),
                    r.status.value,
                    r.checked_in_at.isoformat() if r.checked_in_at else "",
                    _cell(r.reference),
                )
            )
        return buffer.getvalue()


def _cell(text: str) -> str:
    """A text cell safe to open in a spreadsheet: a leading ``= + - @`` (a formula) is
    quoted with an apostrophe."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def build_manifest(
    slot_id: str, product_id: str, start: datetime, bookings: Iterable[Booking]
) -> Manifest:
    """The manifest of a slot from its bookings (sold ones only, oldest first)."""
    rows = tuple(
        ManifestRow(
            booking_id=b.id,
            name=b.contact.name if b.contact else "",
            phone=(b.contact.phone or "") if b.contact else "",
            email=(b.contact.email or "") if b.contact else "",
            units=b.units,
            status=b.status,
            checked_in_at=b.checked_in_at,
            reference=b.reference or "",
        )
        for b in sorted(bookings, key=lambda b: b.created_at)
        if b.status in MANIFEST_STATUSES
    )
    return Manifest(slot_id=slot_id, product_id=product_id, start=start, rows=rows)
