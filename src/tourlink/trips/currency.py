"""Money in the package markets' currencies, with documented rates and rounding.

A package is costed in Vietnamese dong (suppliers invoice in VND) and sold per market in
VND, USD, JPY, KRW or INR. Conversion uses one dated table of reference rates, set by
the operator (the defaults below are **sample** values for demonstration, not a quote):
an amount in VND is divided by the rate (VND per unit of the currency) and rounded
*half up* to the currency's minor unit — whole units for VND, JPY and KRW (no minor unit
in everyday use), cents for USD and paise for INR. All arithmetic is ``Decimal``; no
binary floating point touches a price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Literal

from tourlink.core.errors import InvalidInputError

Currency = Literal["VND", "USD", "JPY", "KRW", "INR"]
CURRENCIES: tuple[Currency, ...] = ("VND", "USD", "JPY", "KRW", "INR")

MINOR_UNIT: Mapping[Currency, Decimal] = MappingProxyType(
    {
        "VND": Decimal(1),
        "USD": Decimal("0.01"),
        "JPY": Decimal(1),
        "KRW": Decimal(1),
        "INR": Decimal("0.01"),
    }
)
"""The smallest amount each currency is rounded to."""

SAMPLE_RATES_AS_OF = date(2026, 11, 1)
SAMPLE_VND_PER_UNIT: Mapping[Currency, Decimal] = MappingProxyType(
    {
        "VND": Decimal(1),
        "USD": Decimal(26_300),
        "JPY": Decimal(172),
        "KRW": Decimal("18.6"),
        "INR": Decimal(300),
    }
)
"""Sample reference rates (VND for one unit of each currency) as of
:data:`SAMPLE_RATES_AS_OF`. Operators replace them with the rates they contract."""


def round_money(amount: Decimal, currency: Currency) -> Decimal:
    """Round ``amount`` half up to ``currency``'s minor unit."""
    return amount.quantize(MINOR_UNIT[currency], rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateTable:
    """Exchange rates as VND per unit of each currency, valid as of a date.

    >>> RateTable().convert(Decimal(2_630_000), "USD")
    Decimal('100.00')
    """

    vnd_per_unit: Mapping[Currency, Decimal] = field(
        default_factory=lambda: SAMPLE_VND_PER_UNIT
    )
    as_of: date = SAMPLE_RATES_AS_OF
    sample: bool = True

    def __post_init__(self) -> None:
        for currency in CURRENCIES:
            rate = self.vnd_per_unit.get(currency)
            if rate is None or rate <= 0:
                msg = f"the rate table needs a positive rate for {currency}"
                raise InvalidInputError(msg, field=f"rates.{currency}")

    def convert(self, amount_vnd: Decimal, currency: str) -> Decimal:
        """``amount_vnd`` in ``currency``, rounded to its minor unit."""
        code = check_currency(currency)
        return round_money(amount_vnd / self.vnd_per_unit[code], code)


def check_currency(currency: str) -> Currency:
    """``currency`` as a supported code, or ``InvalidInputError`` naming the choices."""
    for code in CURRENCIES:
        if code == currency:
            return code
    msg = f"unsupported currency {currency!r}; use one of {', '.join(CURRENCIES)}"
    raise InvalidInputError(msg, field="currency", code="unsupported_currency")
