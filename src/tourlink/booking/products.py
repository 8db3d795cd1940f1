"""Products: what an experience is sold as, its options, unit types and prices.

A product refers to the catalogue's experience by id only (the booking package never
imports the catalogue). Prices are integers in Vietnamese đồng.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import InvalidBookingDataError, InvalidUnitsError, OptionNotFoundError
from .holds import HoldPolicy
from .policies import CancellationPolicy

Units = Mapping[str, int]
"""A party as counts per unit type id: ``{"adult": 2, "child": 1}``."""


@dataclass(frozen=True)
class UnitType:
    """A kind of ticket within an option, with its price and the places it takes.

    For the cave art performance an ``adult`` costs 450 000 VND and takes one place in the
    cave; a ``group`` of ten costs 3 600 000 VND and takes ten places.

    Parameters
    ----------
    id : str
        ``"adult"``, ``"child"``, ``"senior"``, ``"group"``...
    price_vnd : int
        Price of one unit, in whole đồng.
    uses : Mapping[str, int]
        Places taken on each resource by one unit, by resource id.
    """

    id: str
    price_vnd: int
    uses: Mapping[str, int]
    label: str = ""

    def __post_init__(self) -> None:
        if self.price_vnd < 0:
            raise InvalidBookingDataError(
                f"unit {self.id!r}: price {self.price_vnd} VND is negative",
                field="price_vnd",
            )
        if not self.uses or any(p < 0 for p in self.uses.values()):
            raise InvalidBookingDataError(
                f"unit {self.id!r} must use at least one resource, with places ≥ 0",
                field="uses",
            )
        object.__setattr__(self, "uses", MappingProxyType(dict(self.uses)))


@dataclass(frozen=True)
class ProductOption:
    """One way a product is sold, with its own unit types.

    The night light show in a Vung Duc cave is sold as ``standard`` and as ``with-dinner``;
    both draw on the same cave pool.
    """

    id: str
    units: tuple[UnitType, ...]
    title: str = ""

    def __post_init__(self) -> None:
        ids = [u.id for u in self.units]
        if not ids or len(set(ids)) != len(ids):
            raise InvalidBookingDataError(
                f"option {self.id!r} needs at least one unit type, with distinct ids",
                field="units",
            )

    def unit(self, unit_id: str) -> UnitType:
        """The unit type ``unit_id``; :class:`InvalidUnitsError` if unknown."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        known = ", ".join(u.id for u in self.units)
        raise InvalidUnitsError(
            f"option {self.id!r} has no unit type {unit_id!r}; use one of: {known}",
            field=f"units.{unit_id}",
            context={"unit": unit_id, "known": known},
        )

    def resource_ids(self) -> tuple[str, ...]:
        """Every resource any unit of this option uses, sorted."""
        return tuple(sorted({r for u in self.units for r in u.uses}))


@dataclass(frozen=True)
class Product:
    """A bookable product: an experience from the catalogue, sold in timed slots.

    ``Product("vung-duc-cave-show", experience_id="vung-duc-cave-art-performance",
    options=(...))`` sells the art performance staged inside a cave of the Vung Duc area.

    Parameters
    ----------
    id : str
        Product id.
    experience_id : str
        The catalogue experience it sells (id only).
    options : tuple of ProductOption
        The ways it is sold.
    hold_policy : HoldPolicy
        How long holds last (default 15 minutes) and how far they extend.
    cancellation : CancellationPolicy
        How refunds depend on the notice given.
    offer_minutes : int
        How long a waiting-list offer stays open.
    """

    id: str
    experience_id: str
    options: tuple[ProductOption, ...]
    title: str = ""
    hold_policy: HoldPolicy = field(default_factory=HoldPolicy)
    cancellation: CancellationPolicy = field(default_factory=CancellationPolicy)
    offer_minutes: int = 30

    def __post_init__(self) -> None:
        ids = [o.id for o in self.options]
        if not ids or len(set(ids)) != len(ids):
            raise InvalidBookingDataError(
                f"product {self.id!r} needs at least one option, with distinct ids",
                field="options",
            )
        if self.offer_minutes < 1:
            raise InvalidBookingDataError(
                "offer_minutes must be at least 1", field="offer_minutes"
            )

    def option(self, option_id: str) -> ProductOption:
        """The option ``option_id``; :class:`OptionNotFoundError` if unknown."""
        for option in self.options:
            if option.id == option_id:
                return option
        known = ", ".join(o.id for o in self.options)
        raise OptionNotFoundError(
            f"product {self.id!r} has no option {option_id!r}; use one of: {known}",
            field="option_id",
            context={"option_id": option_id, "known": known},
        )


def validate_units(option: ProductOption, units: Units) -> dict[str, int]:
    """Check a party against an option and return it as a plain sorted dict.

    Raises
    ------
    InvalidUnitsError
        No units, a count below 1, a non-integer count or an unknown unit type.
    """
    if not units:
        raise InvalidUnitsError(
            "the party is empty; book at least one unit, e.g. {'adult': 1}",
            field="units",
        )
    clean: dict[str, int] = {}
    for unit_id in sorted(units):
        count = units[unit_id]
        option.unit(unit_id)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidUnitsError(
                f"unit {unit_id!r} has count {count!r}; counts must be whole numbers ≥ 1 "
                "(leave a unit type out instead of sending 0)",
                field=f"units.{unit_id}",
                context={"unit": unit_id, "count": count},
            )
        clean[unit_id] = count
    return clean


def places_per_resource(option: ProductOption, units: Units) -> dict[str, int]:
    """Places the party takes on each resource: ``sum(count × unit.uses[resource])``."""
    need: dict[str, int] = {}
    for unit_id, count in units.items():
        for resource_id, places in option.unit(unit_id).uses.items():
            need[resource_id] = need.get(resource_id, 0) + count * places
    return {r: n for r, n in sorted(need.items()) if n > 0}


def price_of(option: ProductOption, units: Units) -> int:
    """Total price of the party in VND (exact integer sum)."""
    return sum(option.unit(u).price_vnd * count for u, count in units.items())


def total_units(units: Units) -> int:
    """How many units the party counts (a group unit counts as one)."""
    return sum(units.values())
