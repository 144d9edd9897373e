"""The array rules of the live core: a fetched window replaces what it covers, history
outside it stays, points scrolled out of view go, and offload is origin over edge."""

from __future__ import annotations

import pytest

from cdnmon.live import snapshot
from cdnmon.live.points import from_pairs, merge, offload, pairs
from cdnmon.model import TimeRange

KEY = ("aliyun", "prod", "img.example.com")

HELD = from_pairs([(0, 1.0), (60, 2.0), (120, 3.0), (180, 4.0)])


def test_a_window_replaces_what_it_covers_and_the_new_value_wins() -> None:
    fetched = from_pairs([(120, 30.0), (240, 50.0)])  # 180 was revised away
    merged = merge(HELD, fetched, TimeRange(120, 300), keep_from=60)
    assert pairs(merged) == ((60, 2.0), (120, 30.0), (240, 50.0))


def test_without_a_window_it_is_the_union() -> None:
    stored_only = from_pairs([(0, 1.0), (60, 2.0)])  # past the provider's retention
    fetched = from_pairs([(60, 20.0), (120, 3.0)])
    assert pairs(merge(stored_only, fetched)) == ((0, 1.0), (60, 20.0), (120, 3.0))


def test_merging_nothing_gives_nothing() -> None:
    empty = from_pairs([])
    assert pairs(merge(empty, empty, TimeRange(0, 60))) == ()


def test_offload_is_computed_where_both_have_a_point_and_edge_served_something() -> None:
    origin = from_pairs([(0, 10.0), (60, 50.0), (120, 5.0), (240, 8.0)])
    edge = from_pairs([(0, 100.0), (60, 60.0), (120, 0.0), (180, 90.0), (240, 4.0)])
    # 180 has no origin point, 120 no edge traffic: no offload there, never a made-up one.
    # 240: origin above edge (a purge refilling the cache) reads below zero, as it is.
    assert pairs(offload(origin, edge)) == ((0, 0.9), (60, 1 - 50 / 60), (240, -1.0))


def test_a_snapshot_with_edge_says_the_offload_now_and_at_its_worst() -> None:
    times = [float(t) for t in range(0, 600, 60)]
    edge = from_pairs((t, 100.0) for t in times)
    origin = from_pairs((t, 60.0 if t == 240 else 10.0) for t in times)  # a cache collapse
    shot = snapshot.make(KEY, 60, origin, TimeRange(0, 600), provisional_after=540, edge=edge)
    assert shot.edge is not None and shot.summary is not None
    figures = shot.summary.offload
    assert figures is not None
    assert (figures.latest_time, figures.lowest_time) == (480, 240)  # 540 is provisional
    assert figures.latest == pytest.approx(0.9) and figures.lowest == pytest.approx(0.4)
    assert shot.edge.summary is not None and shot.edge.summary.p95 == 100.0
    assert shot.edge_series() is not None and shot.edge_series().metric == "edge"
    # Without edge asked for, nothing of it is made up.
    assert snapshot.make(KEY, 60, origin, TimeRange(0, 600), 540).edge is None
