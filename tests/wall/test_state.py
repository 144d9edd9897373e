"""Wall tile states, threshold hysteresis and group sums, without Qt."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdnmon.live.points import coarsened, from_pairs, pairs, sum_group
from cdnmon.wall.state import Level, ThresholdTracker, TileState, classify, format_age

NOW = 1_800_000_000.0


def state(**overrides: object) -> TileState:
    arguments = {
        "now": NOW,
        "last_success": NOW - 10,
        "last_error": None,
        "newest_point_time": NOW - 60,
        "late_before": NOW - 420,
        "refresh_s": 60,
        "stale_after_intervals": 3,
    }
    arguments.update(overrides)
    return classify(**arguments)  # type: ignore[arg-type]


def test_live_while_data_keeps_the_providers_usual_delay() -> None:
    assert state() is TileState.LIVE
    assert state(newest_point_time=NOW - 420) is TileState.LIVE
    assert state(late_before=None, newest_point_time=NOW - 9999) is TileState.LIVE


def test_late_when_the_provider_falls_behind_its_delay() -> None:
    assert state(newest_point_time=NOW - 421) is TileState.LATE
    assert state(newest_point_time=NOW - 3600) is TileState.LATE


def test_no_data_when_provider_reports_none_or_nothing_fetched_yet() -> None:
    assert state(newest_point_time=None) is TileState.NO_DATA
    assert state(last_success=None) is TileState.NO_DATA


def test_stale_after_n_intervals_without_success() -> None:
    assert state(last_success=NOW - 179) is TileState.LIVE
    assert state(last_success=NOW - 180) is TileState.STALE
    assert state(last_success=NOW - 180, newest_point_time=None) is TileState.STALE


def test_transient_failure_keeps_data_until_stale() -> None:
    assert state(last_error=NOW - 5) is TileState.LIVE
    assert state(last_success=NOW - 400, last_error=NOW - 5) is TileState.STALE


def test_error_when_persistent_or_never_succeeded() -> None:
    assert state(last_error=NOW - 5, persistent_error=True) is TileState.ERROR
    assert state(last_success=None, last_error=NOW - 5) is TileState.ERROR
    # An older error no longer counts once an update has succeeded since.
    assert state(last_error=NOW - 20, persistent_error=True) is TileState.LIVE


@pytest.mark.parametrize(
    ("seconds", "text"), [(5, "5 s"), (420, "7 min"), (3600, "1 h"), (7500, "2 h 5 min")]
)
def test_format_age(seconds: float, text: str) -> None:
    assert format_age(seconds) == text


def test_levels_step_up_at_once() -> None:
    tracker = ThresholdTracker(warning=800, critical=1200)
    assert tracker.update(500, at=1) is Level.NORMAL
    assert tracker.update(800, at=2) is Level.WARNING
    assert tracker.update(1300, at=3) is Level.CRITICAL
    fresh = ThresholdTracker(warning=800, critical=1200)
    assert fresh.update(5000, at=1) is Level.CRITICAL


def test_hysteresis_does_not_flicker_around_threshold() -> None:
    tracker = ThresholdTracker(warning=800, critical=None, hysteresis=0.1)
    levels = [tracker.update(v, at=i) for i, v in enumerate([810, 790, 805, 730, 801, 795])]
    assert levels == [Level.WARNING] * 6
    assert len(tracker.crossings) == 1
    assert tracker.update(719, at=10) is Level.NORMAL
    assert [(c.before, c.after, c.value) for c in tracker.crossings] == [
        (Level.NORMAL, Level.WARNING, 810),
        (Level.WARNING, Level.NORMAL, 719),
    ]


def test_stepping_down_from_critical_lands_on_the_level_the_value_holds() -> None:
    tracker = ThresholdTracker(warning=800, critical=1200)
    tracker.update(1300, at=1)
    assert tracker.update(1100, at=2) is Level.CRITICAL  # within 10% of critical
    assert tracker.update(1000, at=3) is Level.WARNING
    assert tracker.update(100, at=4) is Level.NORMAL
    tracker.update(1300, at=5)
    assert tracker.update(100, at=6) is Level.NORMAL
    assert tracker.crossings[-1].before is Level.CRITICAL


def test_missing_values_leave_the_level_alone() -> None:
    tracker = ThresholdTracker(warning=800, critical=1200)
    tracker.update(900, at=1)
    assert tracker.update(None) is Level.WARNING
    assert tracker.update(math.nan) is Level.WARNING
    assert len(tracker.crossings) == 1


def test_no_thresholds_means_always_normal() -> None:
    tracker = ThresholdTracker(None, None)
    assert tracker.update(1e15) is Level.NORMAL


@given(st.lists(st.floats(700, 900, allow_nan=False), max_size=100))
def test_values_hovering_near_threshold_change_level_at_most_once(values: list[float]) -> None:
    # Everything from 720 up holds WARNING once reached: one crossing at most.
    tracker = ThresholdTracker(warning=800, critical=None, hysteresis=0.1)
    for i, value in enumerate(v for v in values if v > 720):
        tracker.update(value, at=i)
    assert len(tracker.crossings) <= 1


def test_sum_group_only_where_every_member_has_a_point() -> None:
    a = [(0, 1.0), (60, 2.0), (120, 3.0)]
    b = [(0, 10.0), (120, 30.0), (180, 40.0)]
    assert pairs(sum_group([from_pairs(a), from_pairs(b)], 60)) == ((0, 11.0), (120, 33.0))
    assert pairs(sum_group([from_pairs(a)], 60)) == tuple(a)
    assert pairs(sum_group([], 60)) == ()
    assert pairs(sum_group([from_pairs(a), from_pairs([])], 60)) == ()


def test_a_one_minute_member_joins_a_five_minute_group_as_its_means() -> None:
    """Huawei's 5-minute points beside Alibaba's minutes: the minutes are averaged into the
    provider's own 5-minute buckets, never sampled at :00 or invented between."""
    minutes = from_pairs([(t, float(t // 60)) for t in range(0, 600, 60)])  # 0..9
    fives = from_pairs([(0, 100.0), (300, 200.0)])
    assert pairs(coarsened(minutes, 300)) == ((0, 2.0), (300, 7.0))
    assert pairs(sum_group([minutes, fives], 300)) == ((0, 102.0), (300, 207.0))
    # A minute missing from a bucket is left out of its mean, as the providers do.
    holed = from_pairs([(0, 1.0), (60, 3.0), (300, 5.0)])
    assert pairs(coarsened(holed, 300)) == ((0, 2.0), (300, 5.0))
    # Curve arrays (NaN at gaps) come out as points; coarse ones pass through.
    curve = (np.array([0.0, 300.0, 330.0, 600.0]), np.array([1.0, 2.0, np.nan, 3.0]))
    assert pairs(coarsened(curve, 300)) == ((0, 1.0), (300, 2.0), (600, 3.0))


@given(
    st.lists(
        st.dictionaries(st.integers(0, 20), st.floats(0, 1e12, allow_nan=False), max_size=15),
        min_size=1,
        max_size=4,
    )
)
def test_sum_group_never_sums_a_partial_set(members: list[dict[int, float]]) -> None:
    summed = dict(pairs(sum_group([from_pairs(sorted(m.items())) for m in members], 1)))
    for t in range(21):
        if all(t in m for m in members):
            assert summed[t] == pytest.approx(sum(m[t] for m in members))
        else:
            assert t not in summed
