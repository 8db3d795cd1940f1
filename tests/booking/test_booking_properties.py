"""Property: whatever happens, no pool exceeds its capacity and the ledger reconciles."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tourlink.booking import (
    BookingService,
    InMemoryBookingStore,
    Resource,
    reconcile,
)
from tourlink.core.clock import FixedClock
from tourlink.core.errors import TourlinkError

from .conftest import SECRET, SHOW_START, T0, cave_show, request, show_slot

SLOTS = [
    ("show-1900", "cave-show"),
    ("light-1930", "light-tour"),
    ("show-2200", "cave-show"),
]

units = st.fixed_dictionaries(
    {},
    optional={
        "adult": st.integers(1, 4),
        "child": st.integers(1, 3),
        "group": st.just(1),
    },
)
operation = st.one_of(
    st.tuples(st.just("hold"), st.sampled_from(range(len(SLOTS))), units),
    st.tuples(st.just("book"), st.sampled_from(range(len(SLOTS))), units),
    st.tuples(st.just("confirm"), st.integers(0, 30), st.none()),
    st.tuples(st.just("cancel"), st.integers(0, 30), st.none()),
    st.tuples(st.just("modify"), st.integers(0, 30), units),
    st.tuples(
        st.just("move"), st.integers(0, 30), st.sampled_from(["show-1900", "show-2200"])
    ),
    st.tuples(st.just("extend"), st.integers(0, 30), st.none()),
    st.tuples(st.just("wait"), st.integers(1, 20), st.none()),
)


def _units(extra: object) -> dict[str, int]:
    return dict(extra) if isinstance(extra, dict) and extra else {"adult": 1}


def _world() -> tuple[BookingService, InMemoryBookingStore, FixedClock]:
    clock = FixedClock(T0)
    store = InMemoryBookingStore()
    service = BookingService(store, clock, ticket_secret=SECRET)
    service.register_resource(Resource("cave", "Cave", capacity=12, daily_cap=20))
    service.register_product(cave_show())
    service.register_product(cave_show("light-tour"))
    service.register_slot(show_slot())
    service.register_slot(
        show_slot("light-1930", "light-tour", start=SHOW_START + timedelta(minutes=30))
    )
    service.register_slot(show_slot("show-2200", start=SHOW_START + timedelta(hours=3)))
    return service, store, clock


def _check(store: InMemoryBookingStore, clock: FixedClock) -> None:
    now = clock.now()
    snapshot = store.snapshot()
    report = reconcile(snapshot, now)
    assert report.mismatched == {}, "a counter differs from the sum of its allocations"
    assert report.over_capacity == {}, "a pool exceeds its capacity"
    assert all(
        used <= cap
        for key, used in snapshot.counters.items()
        if (cap := snapshot.capacities.get(key)) is not None
    )
    live_owners = {a.owner_id for a in snapshot.allocations if a.is_live(now)}
    taking = {b.id for b in store.all_bookings() if b.takes_capacity(now)}
    assert taking == live_owners, "live bookings and live allocations disagree"


@settings(max_examples=120, deadline=None)
@given(st.lists(operation, max_size=40))
def test_no_sequence_of_operations_oversells_or_unbalances_the_ledger(
    ops: list[tuple[str, int, object]],
) -> None:
    service, store, clock = _world()
    for name, arg, extra in ops:
        ids = [b.id for b in store.all_bookings()]
        target = (
            ids[arg % len(ids)]
            if ids and name not in {"hold", "book", "wait"}
            else None
        )
        try:
            if name in {"hold", "book"}:
                slot_id, product_id = SLOTS[arg]
                req = request(_units(extra), slot_id=slot_id, product_id=product_id)
                (service.hold if name == "hold" else service.book)(req)
            elif name == "wait":
                clock.advance(minutes=arg)
            elif target is None:
                continue
            elif name == "confirm":
                service.confirm(target)
            elif name == "cancel":
                service.cancel(target)
            elif name == "modify":
                service.modify(target, units=_units(extra))
            elif name == "move":
                service.modify(target, slot_id=str(extra))
            elif name == "extend":
                service.extend_hold(target)
        except TourlinkError:
            pass  # refusals are fine; the invariant must hold either way
        _check(store, clock)
