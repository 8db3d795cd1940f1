"""The audit log: every change to bookings, slots and allotments, with who and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

AuditValue = str | int | bool | None


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: who did what to which subject, when.

    ``AuditEntry(at, actor="desk:ha-long-1", action="booking.cancelled",
    subject_id="bk_9f...", details={"refund_vnd": 225000})`` records a ticket desk in Ha
    Long cancelling a booking with a partial refund.
    """

    at: datetime
    actor: str
    action: str
    subject_id: str
    details: Mapping[str, AuditValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))
