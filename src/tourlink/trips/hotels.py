"""Hotels a wish may use: on the mainland, accessible if needed, within the budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tourlink.catalog import Provider, ProviderKind
from tourlink.planner import Node

from .errors import InfeasibleRequestError
from .lookup import point_of
from .nodes import NodeInfo
from .pruning import cheapest_per_place
from .scoring import Reason
from .travel import zone_of

if TYPE_CHECKING:
    from .selection import Selector

HOTEL_SHARE = 0.6
"""Hotels may take at most this share of the total budget."""


def select_hotels(sel: Selector) -> list[int]:
    """Register the candidate hotels (cheapest first; one per place, see
    :mod:`~tourlink.trips.pruning`) as nodes; their indices."""
    if sel.days == 1:
        return []
    nights = sel.days - 1
    found, fitting = [], []
    for e in sel.entries.values():
        if not (isinstance(e, Provider) and e.kind == ProviderKind.ACCOMMODATION):
            continue
        pos = point_of(e, sel.entries)
        if pos is None or e.id in sel.wish.never or not sel.accessible(e):
            continue
        if zone_of(e, sel.entries, sel.zones) is not None or not e.prices:
            continue
        units = {p.unit: p.amount_vnd for p in e.prices}
        if "room_night" in units:
            nightly = units["room_night"] * sel.wish.party.rooms
        else:
            nightly = sel.price(e.prices)
        found.append((nightly, e))
        budget = sel.wish.budget_per_person_vnd
        if budget is None or nightly * nights <= HOTEL_SHARE * budget * sel.party:
            fitting.append((nightly, e))
    if not fitting:
        if not found:
            raise InfeasibleRequestError(
                "no_hotel",
                "no suitable hotel on the mainland"
                + (" with wheelchair access" if sel.wish.wheelchair else ""),
                "plan a day trip (1 day) or choose other dates when hotels are listed",
            )
        cheapest = min(n for n, _ in found)
        need = -(-int(cheapest * nights / HOTEL_SHARE) // sel.party)
        raise InfeasibleRequestError(
            "budget_below_hotels",
            f"the cheapest hotel costs {cheapest:,} VND a night for the party, more "
            f"than the budget allows for {nights} night(s)",
            f"raise the budget to at least {need:,} VND per person or shorten the trip",
            field="budget_per_person_vnd",
            context={
                "cheapest_nightly_vnd": cheapest,
                "needed_per_person_vnd": need,
            },
        )
    ordered = sorted(fitting, key=lambda x: (x[0], x[1].id))
    if sel.prune:
        ordered = cheapest_per_place(
            ordered,
            lambda x: point_of(x[1], sel.entries).point,  # type: ignore[union-attr]
            lambda x: (x[0], x[1].id),
            sel.keep_ids,
            lambda x: x[1].id,
        )
    out = []
    for nightly, e in ordered:
        loc = sel.loc(point_of(e, sel.entries))  # type: ignore[arg-type]
        info = NodeInfo("hotel", e.id, loc, loc, cost_kind="hotels", nightly=nightly,
                        reasons=(Reason("hotel"),))  # fmt: skip
        out.append(sel.add(info, Node(name=e.id)))
    return out
