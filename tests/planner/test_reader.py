"""Reading the TOPTW benchmark format."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tourlink.planner import InstanceFormatError, check, read_toptw, schedule_routes

SOLOMON = """\
4 10 3 1
0 200
  0 40.00 50.00 0.00 0.00 0 0 0 1236
  1 45.00 68.00 90.00 10.00 1 1 1 912 967
  2 45.00 70.00 90.00 30.00 1 1 1 825 870
  3 42.00 66.00 90.00 10.00 1 1 1 65 146
"""

DATA = Path(
    os.environ.get(
        "TOURLINK_TOPTW_DATA",
        Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "toptw",
    )
)


def write(tmp_path: Path, text: str, name: str = "x101.txt") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_solomon_file_scales_times_by_ten_and_truncates_distances(
    tmp_path: Path,
) -> None:
    p = read_toptw(write(tmp_path, SOLOMON), tours=2)
    assert (p.n_nodes, p.n_tours, p.time_scale) == (4, 2, 10)
    # |(40,50)-(45,68)| = 18.681.. -> 18.6 -> 186
    assert p.travel[0, 0, 1] == 186
    assert p.nodes[1].windows == ((9120, 9670),)
    assert p.nodes[1].duration == 900
    assert p.tours[0].latest == 12360
    assert p.nodes[2].score == 30


def test_cordeau_line_with_long_list_reads_last_two_fields(tmp_path: Path) -> None:
    text = """\
5 3 2 4
500 200
 0 -10.442 19.999 0 0 0 0 0 1000
 1 -29.730 64.136 2 12 4 1 15 354 509
 2 -37.933 -21.613 10 21 1 4 1 2 4 8 123 302
"""
    p = read_toptw(write(tmp_path, text, "pr99.txt"))
    assert p.time_scale == 100
    assert p.nodes[2].windows == ((12300, 30200),)
    # sqrt(19.288^2 + 44.137^2) = 48.167.. -> 48.16
    assert p.travel[0, 0, 1] == 4816


def test_short_vertex_line_names_the_line(tmp_path: Path) -> None:
    text = SOLOMON.replace(
        "  2 45.00 70.00 90.00 30.00 1 1 1 825 870", "  2 45.00 70.00 90.00 30.00"
    )
    with pytest.raises(
        InstanceFormatError, match="line 5: expected at least 9 numbers, found 5"
    ):
        read_toptw(write(tmp_path, text))


def test_list_length_mismatch_and_garbage_are_reported(tmp_path: Path) -> None:
    text = SOLOMON.replace("1 1 1 912 967", "1 3 1 912 967")
    with pytest.raises(
        InstanceFormatError, match="line 4: a = 3 announces 12 numbers, found 10"
    ):
        read_toptw(write(tmp_path, text))
    with pytest.raises(InstanceFormatError, match="line 6: not a list of numbers"):
        read_toptw(write(tmp_path, SOLOMON.replace("42.00", "4x.00")))


def test_missing_vertex_lines_and_bad_header(tmp_path: Path) -> None:
    with pytest.raises(InstanceFormatError, match="4 vertex lines are needed; found 3"):
        read_toptw(write(tmp_path, "\n".join(SOLOMON.splitlines()[:-1])))
    with pytest.raises(InstanceFormatError, match="line 1: expected 'k v N t'"):
        read_toptw(write(tmp_path, "4 10\n" + "\n".join(SOLOMON.splitlines()[1:])))
    with pytest.raises(ValueError, match="tours must be >= 1"):
        read_toptw(write(tmp_path, SOLOMON), tours=0)


@pytest.mark.skipif(
    not (DATA / "instances").is_dir(), reason="benchmark data not present"
)
def test_real_instances_read_and_optimal_c101_route_checks() -> None:
    for name in ("c101", "pr01", "pr20", "c204"):
        p = read_toptw(DATA / "instances" / f"{name}.txt", tours=1)
        assert p.n_nodes > 40
    p = read_toptw(DATA / "instances" / "r101.txt")
    # a route being feasible under truncated distances: a single near visit
    r = schedule_routes(p, [[2]])
    assert check(p, r) == []
