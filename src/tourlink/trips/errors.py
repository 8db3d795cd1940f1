"""Errors of the trip planner: every refusal names what cannot be met and how to fix it.

``InfeasibleRequestError`` is an ``InvalidInputError`` (HTTP 422) with a stable ``code``
and two texts in ``context``: ``explanation`` (what cannot be met) and ``suggestion``
(what would make it possible). The delivery layer localises by ``code``; the English
``message`` joins both texts for developers and logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tourlink.core.errors import InvalidInputError

CODES: dict[str, str] = {
    "invalid_wish": "the wish breaks a field rule (see errors)",
    "dates_in_past": "the trip starts before today",
    "arrival_after_departure": "the traveller arrives after they must leave",
    "unknown_place": "a point or a must-see names nothing in the catalogue",
    "not_plannable": "a must-see or never item cannot be planned at all",
    "not_accessible": "a must-see is not wheelchair accessible",
    "must_see_impossible": "the must-see items do not fit together in the trip",
    "budget_below_hotels": "the budget does not cover the cheapest hotel",
    "budget_too_low": "the budget does not cover the must-see items and meals",
    "no_hotel": "no suitable hotel in the catalogue",
    "no_meal_in_reach": "no suitable restaurant for a meal on some day",
    "unreachable": "an arrival, departure or must-see point cannot be reached",
    "invalid_edit": "a re-planning edit refers to nothing in the plan",
}
"""Every code ``InfeasibleRequestError`` uses, with what it means."""


class InfeasibleRequestError(InvalidInputError):
    """A trip wish that cannot be planned as asked.

    Parameters
    ----------
    code
        One of :data:`CODES`, e.g. ``"no_meal_in_reach"``.
    explanation
        What cannot be met: ``"no halal restaurant within reach on day 2"``.
    suggestion
        What would make it possible: ``"allow vegetarian or add a day in Ha Long"``.
    field
        The wish field at fault, when there is one (``"departure.time"``).
    context
        Further parameters for a localised rendering (``{"day": 2}``).
    """

    default_code = "infeasible_request"

    def __init__(
        self,
        code: str,
        explanation: str,
        suggestion: str,
        *,
        field: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        if code not in CODES:
            msg = f"unknown trip error code {code!r}"
            raise ValueError(msg)
        ctx = {"explanation": explanation, "suggestion": suggestion, **(context or {})}
        super().__init__(
            f"{explanation}; {suggestion}", code=code, field=field, context=ctx
        )
        self.explanation = explanation
        self.suggestion = suggestion
