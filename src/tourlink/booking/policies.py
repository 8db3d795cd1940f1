"""Cancellation policies and the exact refund arithmetic, in whole Vietnamese đồng.

A policy is a list of tiers ``(hours before the start, percent refunded)``. The first tier
whose notice is met applies; with no tier met the refund is nothing. All arithmetic is on
integers: ``refund = price * percent // 100`` rounds *down* to the đồng (VND has no
subunit), so a refund never exceeds what the policy promises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .errors import InvalidBookingDataError


class RefundKind(StrEnum):
    """How much of the price comes back: all of it, part of it, or nothing."""

    FULL = "FULL"
    PARTIAL = "PARTIAL"
    NONE = "NONE"


@dataclass(frozen=True)
class RefundTier:
    """One step of a cancellation policy: cancel at least ``hours_before`` the start and
    get ``percent`` back.

    Examples
    --------
    >>> RefundTier(hours_before=48, percent=100)  # two days' notice: everything back
    RefundTier(hours_before=48, percent=100)
    """

    hours_before: int
    percent: int

    def __post_init__(self) -> None:
        if self.hours_before < 0:
            raise InvalidBookingDataError(
                f"refund tier hours_before {self.hours_before} is negative; use 0 or more",
                field="hours_before",
            )
        if not 0 <= self.percent <= 100:
            raise InvalidBookingDataError(
                f"refund tier percent {self.percent} must be between 0 and 100",
                field="percent",
            )


@dataclass(frozen=True)
class Refund:
    """The money due back on a cancellation.

    Examples
    --------
    >>> Refund(amount_vnd=225_000, price_vnd=450_000, percent=50, kind=RefundKind.PARTIAL).kind
    <RefundKind.PARTIAL: 'PARTIAL'>
    """

    amount_vnd: int
    price_vnd: int
    percent: int
    kind: RefundKind


@dataclass(frozen=True)
class CancellationPolicy:
    """A per-product rule turning the notice given into a refund.

    The cave art performance refunds everything up to 48 hours before the show, half up to
    24 hours before, and nothing after that::

        CancellationPolicy((RefundTier(48, 100), RefundTier(24, 50)))

    Tiers are checked from the longest notice down; notice exactly equal to a tier's hours
    counts as meeting it ("up to 48 hours before" includes 48:00:00).
    """

    tiers: tuple[RefundTier, ...] = (RefundTier(24, 100),)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.tiers, key=lambda t: -t.hours_before))
        hours = [t.hours_before for t in ordered]
        if len(set(hours)) != len(hours):
            raise InvalidBookingDataError(
                "cancellation policy has two tiers with the same hours_before; merge them",
                field="tiers",
            )
        object.__setattr__(self, "tiers", ordered)

    def percent_for(self, notice: timedelta) -> int:
        """The refund percentage for cancelling ``notice`` before the start."""
        for tier in self.tiers:
            if notice >= timedelta(hours=tier.hours_before):
                return tier.percent
        return 0

    def refund(self, price_vnd: int, start: datetime, now: datetime) -> Refund:
        """The refund for cancelling at ``now`` a booking worth ``price_vnd`` starting at
        ``start``."""
        return refund_of(price_vnd, self.percent_for(start - now))


NON_REFUNDABLE = CancellationPolicy(())
"""A policy with no refund at any notice."""


def refund_of(price_vnd: int, percent: int) -> Refund:
    """The refund of ``percent`` of ``price_vnd``, rounded down to the whole đồng.

    Examples
    --------
    >>> refund_of(333_333, 50).amount_vnd
    166666
    """
    if price_vnd < 0:
        raise InvalidBookingDataError(
            f"price {price_vnd} VND is negative", field="price_vnd"
        )
    amount = price_vnd * percent // 100
    if amount == price_vnd:
        kind = RefundKind.FULL
    elif amount == 0:
        kind = RefundKind.NONE
    else:
        kind = RefundKind.PARTIAL
    return Refund(amount_vnd=amount, price_vnd=price_vnd, percent=percent, kind=kind)
