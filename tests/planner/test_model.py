"""Validation of the problem model: clear messages for wrong input."""

from __future__ import annotations

import numpy as np
import pytest

from tourlink.planner import ChoiceGroup, FixedVisit, Node, Problem, Tour

T3 = np.zeros((3, 3), dtype=np.int64)


def make(**kw: object) -> Problem:
    args: dict[str, object] = {
        "nodes": (Node(), Node(score=1), Node(score=2)),
        "travel": T3,
        "tours": (Tour(),),
    }
    args.update(kw)
    return Problem(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"travel": np.zeros((2, 2))}, r"expected \(3, 3\)"),
        ({"travel": T3 + 0.5}, "must be integers"),
        ({"travel": T3 - 1}, ">= 0"),
        ({"tours": ()}, "at least one Tour"),
        ({"tours": (Tour(start=None),)}, "first day needs a start"),
        ({"tours": (Tour(end=7),)}, "tour 0 end refers to node 7"),
        ({"tours": (Tour(earliest=5, latest=1),)}, "earliest 5 is after latest 1"),
        ({"tours": (Tour(matrix=1),)}, "uses matrix 1"),
        ({"category_caps": {"temple": -1}}, "cap >= 0"),
        ({"choice_groups": (ChoiceGroup((1,)), ChoiceGroup((1, 2)))}, "one group only"),
        ({"choice_groups": (ChoiceGroup((0,)),)}, "cannot be in a group"),
        ({"fixed": (FixedVisit(1, 3, 0),)}, "unknown tour 3"),
        ({"fixed": (FixedVisit(1, 0, 0), FixedVisit(1, 0, 5))}, "fixed twice"),
        ({"nodes": (Node(must_visit=True), Node(), Node())}, "cannot be must_visit"),
    ],
)
def test_invalid_problems_are_rejected_with_a_reason(
    kw: dict[str, object], msg: str
) -> None:
    with pytest.raises(ValueError, match=msg):
        make(**kw)


def test_node_windows_must_be_sorted_disjoint_and_open_before_close() -> None:
    with pytest.raises(ValueError, match="opens after it closes"):
        Node(windows=((5, 1),))
    with pytest.raises(ValueError, match="sorted and disjoint"):
        Node(windows=((0, 10), (5, 20)))
    with pytest.raises(ValueError, match="at least one time window"):
        Node(windows=())


def test_per_day_matrices_and_hotel_chain_are_accepted() -> None:
    p = make(
        travel=np.stack([T3, T3 + 1 - np.eye(3, dtype=np.int64)]),
        tours=(Tour(0, (1, 2), 0, 10), Tour(None, 0, 0, 10, matrix=1)),
    )
    assert p.travel.shape == (2, 3, 3)
    assert p.start_choices(1) == (1, 2)
    assert p.terminals == frozenset({0, 1, 2})
