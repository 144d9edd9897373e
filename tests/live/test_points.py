"""The array rules of the live core: a fetched window replaces what it covers, history
outside it stays, and points scrolled out of view go."""

from __future__ import annotations

from cdnmon.live.points import from_pairs, merge, pairs
from cdnmon.model import TimeRange

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
