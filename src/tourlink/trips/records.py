"""What the package and plan stores keep, as values and as JSON documents.

The stores live in two layers that must not know each other (services keep packages and
plans in memory, storage keeps them in SQL), so the values both need and their JSON
forms are defined here, in the domain:

* :class:`PackageRecord` (a :class:`~tourlink.trips.packages.Package` with its owner,
  publication and :class:`GroupHold` s), the errors a package store raises and the
  :class:`PackageStore` protocol both stores implement;
* :func:`package_document` / :func:`package_from_document` and :func:`hold_document` /
  :func:`hold_from_document`: packages and holds as JSON (decimals as strings, dates as
  ISO 8601);
* :func:`plan_document` / :func:`restore_plan`: a :class:`~tourlink.trips.TripPlan` as JSON
  (its wish, the plan, locks, moves and the planner's tours by node key) and back again
  over the catalogue, so that a plan made by one process can be read, edited and booked by
  another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from tourlink.catalog import AnyEntryT
from tourlink.core.clock import LOCAL_TZ
from tourlink.core.errors import ConflictError, NotFoundError
from tourlink.core.i18n import I18nText
from tourlink.planner import Result, TourPlan, Visit

from .build import build
from .errors import InfeasibleRequestError
from .nodes import Lock
from .packages import BundleDiscount, Component, Departure, Guest, Package
from .ports import UnknownAvailability
from .timeline import TripPlan
from .wish import TripWish

PLAN_DOCUMENT_VERSION = 1
"""Bumped when the plan document changes shape; older documents are not restored."""


class PackageNotFoundError(NotFoundError):
    """No operator package with this id."""

    default_code = "package_not_found"


class PackageExistsError(ConflictError):
    """Another package has this id already."""

    default_code = "package_exists"


class PackageSoldOutError(ConflictError):
    """The departure has fewer seats left than the group, or a session is full;
    nothing was held (``context``: ``seats_left``, ``item``, ``reason``)."""

    default_code = "package_sold_out"


class PlanNotRestorableError(NotFoundError):
    """A stored plan can no longer be read back (the catalogue changed under it)."""

    default_code = "plan_not_found"


@dataclass(frozen=True)
class HeldSession:
    """A show or workshop of the package held for the group in the booking service."""

    entry_id: str
    slot_id: str
    start: datetime
    booking_id: str = ""


@dataclass(frozen=True)
class GroupHold:
    """Seats held for a group on one departure (and its sessions, if any)."""

    id: str
    departure: date
    group_size: int
    holder: str
    created_at: datetime
    booking_package_id: str | None = None
    sessions: tuple[HeldSession, ...] = ()
    expires_at: datetime | None = None
    key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "departure": self.departure.isoformat(),
            "group_size": self.group_size,
            "holder": self.holder,
            "created_at": self.created_at.isoformat(),
            "booking_package_id": self.booking_package_id,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "sessions": [
                {
                    "entry_id": s.entry_id,
                    "slot_id": s.slot_id,
                    "start": s.start.astimezone(LOCAL_TZ).isoformat(),
                    "booking_id": s.booking_id,
                }
                for s in self.sessions
            ],
        }


@dataclass(frozen=True)
class PackageRecord:
    """A stored package: the domain value plus owner, publication and holds."""

    package: Package
    owner: str
    published: bool = False
    holds: tuple[GroupHold, ...] = ()

    @property
    def id(self) -> str:
        return self.package.id

    def seats_left(self, day: date) -> int:
        departure = self.package.departure_on(day)
        held = sum(h.group_size for h in self.holds if h.departure == day)
        return departure.seats - held


class PackageStore(Protocol):
    """Operator packages by id, with the group holds on their departures.

    ``save`` writes the package, its owner and publication; holds change only through
    ``add_hold`` and ``remove_hold`` (the holds of the record given to ``save`` are
    ignored once the package exists), so that concurrent holds never overwrite each
    other and a departure never has more seats held than it has.
    """

    def create(self, package_id: str, package: PackageRecord) -> None:
        """Store a new package; raises :class:`PackageExistsError` when the id is taken.

        Atomic: of two concurrent creations with one id, exactly one succeeds.
        """
        ...

    def save(self, package_id: str, package: PackageRecord) -> None:
        """Create or replace the package (its holds are kept)."""
        ...

    def get(self, package_id: str) -> PackageRecord:
        """The package with its holds; raises :class:`PackageNotFoundError`."""
        ...

    def all(self) -> list[PackageRecord]:
        """Every package, oldest first."""
        ...

    def add_hold(self, package_id: str, hold: GroupHold) -> GroupHold:
        """Take ``hold.group_size`` seats of the departure ``hold.departure``, atomically.

        Returns the hold that stands: ``hold`` itself, or - when the package already
        has a hold with the same idempotency key (``hold.key``) - that earlier hold,
        taking no seats (a retried request never holds twice, whichever worker serves
        it). Raises :class:`PackageSoldOutError` (``context["seats_left"]``) when fewer
        seats are left, :class:`PackageNotFoundError` for an unknown package.
        """
        ...

    def remove_hold(self, package_id: str, hold_id: str) -> GroupHold | None:
        """Give the hold's seats back; the removed hold, or ``None`` if there was none."""
        ...


def sold_out(day: date, seats_left: int, group_size: int) -> PackageSoldOutError:
    """The error of a departure with fewer than ``group_size`` seats left."""
    return PackageSoldOutError(
        f"departure {day.isoformat()} has {seats_left} seat(s) left, "
        f"fewer than the group of {group_size}; nothing was held",
        field="group_size",
        context={"seats_left": seats_left, "reason": "seats"},
    )


def package_exists(package_id: str) -> PackageExistsError:
    """The error of creating a package under an id that is taken."""
    return PackageExistsError(
        f"a package {package_id!r} exists already; choose another id",
        field="id",
        code="package_exists",
        context={"package_id": package_id},
    )


def package_not_found(package_id: str) -> PackageNotFoundError:
    return PackageNotFoundError(
        f"no package {package_id!r}", context={"package_id": package_id}
    )


# --- packages as JSON ------------------------------------------------------------------
def component_document(component: Component) -> dict[str, Any]:
    """One component of a package as JSON."""
    return {
        "entry_id": component.entry_id,
        "role": component.role,
        "unit_cost_vnd": component.unit_cost_vnd,
        "basis": component.basis,
        "quantity": component.quantity,
        "day": component.day,
    }


def package_document(package: Package) -> dict[str, Any]:
    """The package as JSON (decimals as strings, dates as ISO 8601)."""
    return {
        "id": package.id,
        "name": dict(package.name),
        "description": dict(package.description),
        "days": package.days,
        "components": [component_document(c) for c in package.components],
        "departures": [
            {"start": d.start.isoformat(), "seats": d.seats} for d in package.departures
        ],
        "group_min": package.group_min,
        "group_max": package.group_max,
        "margin_percent": str(package.margin_percent),
        "discounts": [
            {
                "name": d.name,
                "entry_ids": list(d.entry_ids),
                "percent": str(d.percent),
                "min_group": d.min_group,
            }
            for d in package.discounts
        ],
        "markets": dict(package.markets) if package.markets is not None else None,
        "famtrip": package.famtrip,
        "guests": [
            {"name": g.name, "organisation": g.organisation, "market": g.market}
            for g in package.guests
        ],
        "operator": package.operator,
        "sample": package.sample,
    }


def package_from_document(data: Mapping[str, Any]) -> Package:
    """The package of :func:`package_document`."""
    return Package(
        id=data["id"],
        name=I18nText(data["name"]),
        description=I18nText(data.get("description") or {}),
        days=int(data["days"]),
        components=tuple(
            Component(
                c["entry_id"],
                c["role"],
                int(c["unit_cost_vnd"]),
                c["basis"],
                int(c["quantity"]),
                c["day"],
            )
            for c in data["components"]
        ),
        departures=tuple(
            Departure(date.fromisoformat(d["start"]), int(d["seats"]))
            for d in data["departures"]
        ),
        group_min=int(data["group_min"]),
        group_max=int(data["group_max"]),
        margin_percent=Decimal(data["margin_percent"]),
        discounts=tuple(
            BundleDiscount(
                d["name"],
                tuple(d["entry_ids"]),
                Decimal(d["percent"]),
                int(d["min_group"]),
            )
            for d in data["discounts"]
        ),
        markets=dict(data["markets"]) if data.get("markets") is not None else None,
        famtrip=bool(data["famtrip"]),
        guests=tuple(
            Guest(g["name"], g["organisation"], g["market"]) for g in data["guests"]
        ),
        operator=data["operator"],
        sample=bool(data["sample"]),
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def hold_document(hold: GroupHold) -> dict[str, Any]:
    """The group hold as JSON (aware datetimes as ISO 8601)."""
    return {
        "id": hold.id,
        "departure": hold.departure.isoformat(),
        "group_size": hold.group_size,
        "holder": hold.holder,
        "created_at": hold.created_at.isoformat(),
        "booking_package_id": hold.booking_package_id,
        "sessions": [
            {
                "entry_id": s.entry_id,
                "slot_id": s.slot_id,
                "start": s.start.isoformat(),
                "booking_id": s.booking_id,
            }
            for s in hold.sessions
        ],
        "expires_at": hold.expires_at.isoformat() if hold.expires_at else None,
        "key": hold.key,
    }


def hold_from_document(data: Mapping[str, Any]) -> GroupHold:
    """The group hold of :func:`hold_document`."""
    return GroupHold(
        id=data["id"],
        departure=date.fromisoformat(data["departure"]),
        group_size=int(data["group_size"]),
        holder=data["holder"],
        created_at=datetime.fromisoformat(data["created_at"]),
        booking_package_id=data.get("booking_package_id"),
        sessions=tuple(
            HeldSession(
                s["entry_id"],
                s["slot_id"],
                datetime.fromisoformat(s["start"]),
                s.get("booking_id", ""),
            )
            for s in data.get("sessions", ())
        ),
        expires_at=_when(data.get("expires_at")),
        key=data.get("key"),
    )


# --- plans as JSON ---------------------------------------------------------------------
def plan_document(plan: TripPlan) -> dict[str, Any]:
    """Everything needed to read and re-plan ``plan`` elsewhere, as JSON.

    The planner problem is not kept (it is rebuilt from the wish on restore); the
    planner's tours are kept by node *key* and rank (stable across rebuilds), which is
    what locking an item needs.
    """
    built, result = plan.built, plan.result
    keys = built.node_refs()
    return {
        "version": PLAN_DOCUMENT_VERSION,
        "wish": built.wish.model_dump(mode="json"),
        "plan": plan.to_json(),
        "locks": [
            {"entry_id": lk.entry_id, "day": lk.day, "start": lk.start.isoformat()}
            for lk in built.locks
        ],
        "moves": dict(built.moves),
        "result": {
            "score": result.score,
            "feasible": result.feasible,
            "tours": [
                {
                    "start": keys[t.start_node],
                    "end": keys[t.end_node],
                    "departure": t.departure,
                    "return_time": t.return_time,
                    "visits": [
                        [keys[v.node], v.arrival, v.start, v.end] for v in t.visits
                    ],
                }
                for t in result.tours
            ],
        },
    }


def restore_plan(
    document: Mapping[str, Any], entries: Mapping[str, AnyEntryT], today: date
) -> TripPlan:
    """The plan of :func:`plan_document`, its planner problem rebuilt over ``entries``.

    The problem is rebuilt without live availability and as of the trip's first day at
    the latest (a trip that has started still reads back). The plan itself (days, items,
    costs, warnings) is exactly the stored one.

    Raises
    ------
    PlanNotRestorableError
        The document is of another version, or the catalogue no longer has what the
        plan was built from.
    """
    plan_id = str(document.get("id", ""))
    if document.get("version") != PLAN_DOCUMENT_VERSION:
        raise _not_restorable(plan_id, "it was stored by another version")
    plan = TripPlan.model_validate(document["plan"])
    wish = TripWish.model_validate(document["wish"])
    locks = tuple(
        Lock(lk["entry_id"], int(lk["day"]), datetime.fromisoformat(lk["start"]))
        for lk in document["locks"]
    )
    moves = {str(k): int(v) for k, v in document["moves"].items()}
    try:
        built = build(wish, entries, UnknownAvailability(), min(today, wish.start_date),
                      locks=locks, moves=moves)  # fmt: skip
    except InfeasibleRequestError as exc:
        raise _not_restorable(plan_id, exc.message) from None
    index = {ref: i for i, ref in enumerate(built.node_refs())}
    stored = document["result"]
    tours = []
    for t in stored["tours"]:
        if t["start"] not in index or t["end"] not in index:
            raise _not_restorable(plan_id, "a hotel or end point left the catalogue")
        visits = tuple(
            Visit(index[key], arrival, start, end)
            for key, arrival, start, end in t["visits"]
            if key in index
        )
        tours.append(
            TourPlan(
                index[t["start"]],
                index[t["end"]],
                int(t["departure"]),
                int(t["return_time"]),
                visits,
            )
        )
    result = Result(
        float(stored["score"]), tuple(tours), feasible=bool(stored["feasible"])
    )
    return plan.attach(built, result)


def _not_restorable(plan_id: str, why: str) -> PlanNotRestorableError:
    return PlanNotRestorableError(
        f"plan {plan_id!r} can no longer be read back ({why}); plan the trip again",
        context={"plan_id": plan_id},
    )


__all__ = [
    "PLAN_DOCUMENT_VERSION",
    "GroupHold",
    "HeldSession",
    "PackageExistsError",
    "PackageNotFoundError",
    "PackageRecord",
    "PackageSoldOutError",
    "PackageStore",
    "PlanNotRestorableError",
    "component_document",
    "hold_document",
    "hold_from_document",
    "package_document",
    "package_exists",
    "package_from_document",
    "package_not_found",
    "plan_document",
    "restore_plan",
    "sold_out",
]
