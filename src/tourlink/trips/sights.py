"""Sights and shows a wish may use, with their windows, prices and scores."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tourlink.catalog import AnyEntryT, Experience, Place, PlaceKind

from .errors import InfeasibleRequestError
from .excursions import Stop
from .lookup import entry_name, minute, opening_of, point_of, position_at
from .ports import ALMOST_FULL_PLACES
from .scoring import score_entry, with_diversity
from .travel import zone_of

if TYPE_CHECKING:
    from .selection import Selector

MAX_VISIT_MINUTES = 180
"""A planned visit lasts at most 3 h (an island "visit" of 24 h becomes a half day)."""


def select_sights(sel: Selector) -> tuple[list[Stop], dict[str, tuple[AnyEntryT, str]]]:
    """Sights and shows on the mainland (as nodes later) and on islands (stops)."""
    w = sel.wish
    for ref in (*w.must_see, *w.never):
        sel.entry(ref, "must-see" if ref in w.must_see else "never item")
    chosen: dict[str, tuple[AnyEntryT, str | None]] = {}
    for e in sel.entries.values():
        ok_kind = isinstance(e, Experience) or (
            isinstance(e, Place) and e.kind != PlaceKind.HUB
        )
        if not ok_kind or e.id in w.never:
            continue
        if not sel.accessible(e):
            if e.id in w.must_see:
                raise InfeasibleRequestError(
                    "not_accessible",
                    f"{entry_name(sel.entries, e.id)} is not wheelchair accessible",
                    "remove it from the must-see list or plan without wheelchair",
                    field="must_see", context={"ref": e.id},
                )  # fmt: skip
            continue
        if point_of(e, sel.entries) is not None:
            chosen[e.id] = (e, zone_of(e, sel.entries, sel.zones))
    for ref in w.must_see:
        if ref not in chosen:
            raise InfeasibleRequestError(
                "not_plannable",
                f"{entry_name(sel.entries, ref)} is not a place or experience with a location",
                "list places, shows or activities as must-see; hotels and "
                "restaurants are chosen by the planner",
                field="must_see", context={"ref": ref},
            )  # fmt: skip
    scored = {k: score_entry(e, w, sel.entries) for k, (e, _) in chosen.items()}
    scores = with_diversity(scored)
    stops: list[Stop] = []
    for k, (e, zone) in chosen.items():
        assert isinstance(e, Place | Experience)
        stop = _stop(sel, e, scores[k], zone)
        if stop is not None:
            stops.append(stop)
    sel.reasons = {k: s.reasons for k, s in scored.items()}
    sel.zone_of = {k: z for k, (_, z) in chosen.items()}
    return stops, {k: (e, z or "") for k, (e, z) in chosen.items()}


def _stop(
    sel: Selector, e: Place | Experience, score: float, zone: str | None
) -> Stop | None:
    loc = sel.loc(position_at(e, sel.entries, zone))
    must = e.id in sel.wish.must_see
    if isinstance(e, Experience) and e.sessions:
        windows = []
        for d in range(sel.days):
            lo, hi = sel.spans[d]
            for s in e.sessions:
                t = d * 1440 + minute(s)
                if not lo <= t <= hi - e.duration_minutes:
                    continue
                left = sel.availability.remaining(e.id, sel.t0 + timedelta(minutes=t),
                                                   sel.party)  # fmt: skip
                if left is not None and left < sel.party:
                    continue
                if left is not None and left - sel.party <= ALMOST_FULL_PLACES:
                    sel.almost_full[(e.id, t)] = left
                windows.append((t, t))
        if not windows:
            if must:
                sel.notes.append(("show_sold_out", e.id, {}))
            return None
        cost = sel.price(e.prices)
        return Stop(e.id, e.id, "show", loc, tuple(windows), e.duration_minutes,
                    score, cost, must)  # fmt: skip
    duration = (
        e.duration_minutes if isinstance(e, Experience) else (e.visit_minutes or 60)
    )
    duration = min(duration, MAX_VISIT_MINUTES)
    windows = sel.open_windows(opening_of(e, sel.entries), duration)
    if not windows:
        if must:
            raise InfeasibleRequestError(
                "must_see_impossible",
                f"{entry_name(sel.entries, e.id)} is not open during the trip",
                "choose other dates or remove it from the must-see list",
                field="must_see", context={"ref": e.id},
            )  # fmt: skip
        return None
    prices = e.prices if isinstance(e, Experience) else e.admission
    return Stop(e.id, e.id, "visit", loc, tuple(windows), duration,
                score, sel.price(prices), must)  # fmt: skip
