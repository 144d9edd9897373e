"""The rules on scripted series: when each fires and clears, hysteresis, durations, scopes,
settled points only, and a restart in the middle of an alert."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from cdnmon.alerts.evaluate import RuleEngine
from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.rules import Rule, RuleKind, rules_for_tile
from cdnmon.live import snapshot
from cdnmon.live.keys import SeriesKey
from cdnmon.live.points import Points
from cdnmon.live.snapshot import Snapshot
from cdnmon.model import DAY, InputError, TimeRange
from cdnmon.providers.registry import DATA_DELAYS
from cdnmon.wall.layout import TileSpec

T0 = 1_760_000_000 // 60 * 60
IMG: SeriesKey = ("aliyun", "prod", "img.example.com")
DL: SeriesKey = ("aliyun", "prod", "dl.example.com")
NAN = math.nan


def points(values: Sequence[float], start: int = T0, interval: int = 60) -> Points:
    """Minute points from ``start``; NaN leaves that minute out (a gap)."""
    times = start + interval * np.arange(len(values), dtype=np.float64)
    array = np.asarray(values, dtype=np.float64)
    keep = ~np.isnan(array)
    return times[keep], array[keep]


def shot(key: SeriesKey, values: Sequence[float], settled: int | None = None) -> Snapshot:
    """A snapshot of ``values``; the last ``len(values) - settled`` are still provisional."""
    held = points(values)
    count = len(values) if settled is None else settled
    end = T0 + 60 * len(values)
    return snapshot.make(key, 60, held, TimeRange(T0, end), T0 + 60 * count)


def run(
    engine: RuleEngine,
    series: dict[SeriesKey, Sequence[float]],
    yesterday: dict[SeriesKey, Points] | None = None,
    edge: dict[SeriesKey, Points] | None = None,
) -> list[tuple[int, AlertEvent]]:
    """Feed the series a minute at a time, as refreshes would; (minute, event) pairs."""
    found = []
    length = max(len(v) for v in series.values())
    for minute in range(1, length + 1):
        shots = {key: shot(key, values[:minute]) for key, values in series.items()}
        now = T0 + 60 * minute + DATA_DELAYS["aliyun"]
        found += [(minute - 1, e) for e in engine.evaluate(now, shots, yesterday, edge)]
    return found


def changes(found: list[tuple[int, AlertEvent]]) -> list[tuple[int, str]]:
    return [(minute, event.change.value) for minute, event in found]


def above(level: float, for_s: int = 0) -> Rule:
    return Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", ("img.example.com",), level, for_s)


def test_origin_above_fires_once_and_clears_only_past_the_hysteresis_band() -> None:
    engine = RuleEngine([above(1000)])  # clears below 900
    series = [500, 800, 1000, 1200, 950, 1100, 899, 950, 1000, 1000]
    found = run(engine, {IMG: series})
    assert changes(found) == [(2, "fired"), (6, "cleared"), (8, "fired")]
    fired, cleared = found[0][1], found[1][1]
    assert (fired.value, fired.at, fired.origin_bps) == (1000, T0 + 120, 1000)
    assert (cleared.value, cleared.opened_by) == (899, fired.id)
    assert fired.subject.title == "img.example.com" and not fired.subject.is_group


def test_a_duration_needs_the_condition_to_hold_that_long() -> None:
    engine = RuleEngine([above(1000, for_s=180)])
    # Two high minutes, a dip that restarts the count, then three high minutes.
    found = run(engine, {IMG: [1000, 1000, 500, 1000, 1000, 1000, 1000]})
    assert changes(found) == [(5, "fired")]


def test_a_missing_minute_neither_confirms_nor_breaks_a_run() -> None:
    engine = RuleEngine([above(1000, for_s=180)])
    found = run(engine, {IMG: [1000, NAN, 1000, 1000]})
    assert changes(found) == [(2, "fired")]  # 10:00 to 10:03 is three minutes held


def test_provisional_points_are_never_judged() -> None:
    engine = RuleEngine([above(1000)])
    now = T0 + 600
    # The spike is in the provider's still-revised tail: nothing yet.
    assert engine.evaluate(now, {IMG: shot(IMG, [500, 500, 5000, 5000], settled=2)}) == []
    # The same minutes settled (at the values they settled to).
    [event] = engine.evaluate(now, {IMG: shot(IMG, [500, 500, 1500, 1200], settled=4)})
    assert (event.change, event.value, event.at) == (Change.FIRED, 1500, T0 + 120)


def test_origin_up_on_yesterday_for_n_minutes_with_hysteresis() -> None:
    rule = Rule(RuleKind.ORIGIN_UP, "aliyun", "prod", ("img.example.com",), 0.5, 180)
    engine = RuleEngine([rule])  # fires at +50% held 3 minutes, clears below +35%
    yesterday = {IMG: points([1000] * 12, start=T0 - DAY)}
    today = [1000, 1600, 1600, 1500, 1400, 1360, 1340, 1000, 1600, 1600, 1600, 1600]
    found = run(engine, {IMG: today}, yesterday=yesterday)
    assert changes(found) == [(3, "fired"), (6, "cleared"), (10, "fired")]
    fired = found[0][1]
    assert fired.value == pytest.approx(0.5) and fired.reference_bps == 1000
    assert found[1][1].value == pytest.approx(0.34)


def test_origin_up_needs_yesterday_and_ignores_small_traffic() -> None:
    rule = Rule(RuleKind.ORIGIN_UP, "aliyun", "prod", ("img.example.com",), 0.5, min_bps=2000)
    series = {IMG: [1000, 1600, 1900, 2400]}
    assert run(RuleEngine([rule]), series) == []  # no yesterday: nothing to compare with
    yesterday = {IMG: points([1000] * 4, start=T0 - DAY)}
    assert changes(run(RuleEngine([rule]), series, yesterday=yesterday)) == [(3, "fired")]


def test_offload_below_on_a_scripted_edge_series() -> None:
    rule = Rule(RuleKind.OFFLOAD_BELOW, "aliyun", "prod", ("img.example.com",), 0.8, 120)
    engine = RuleEngine([rule])  # fires below 80% held 2 minutes, clears at 82% or more
    edge = {IMG: points([10_000] * 8)}
    origin = [1000, 3000, 3000, 2500, 1900, 1700, 3000, 1000]  # offload 90 70 70 75 81 83 70 90
    found = run(engine, {IMG: origin}, edge=edge)
    assert changes(found) == [(2, "fired"), (5, "cleared")]
    fired = found[0][1]
    assert fired.value == pytest.approx(0.7)
    assert (fired.origin_bps, fired.reference_bps) == (3000, 10_000)
    assert run(RuleEngine([rule]), {IMG: origin}) == []  # no edge figures: nothing judged


def test_no_settled_data_fires_once_then_clears_when_data_comes_back() -> None:
    rule = Rule(RuleKind.NO_DATA, "aliyun", "prod", ("img.example.com",), for_s=600)
    engine = RuleEngine([rule])
    delay = DATA_DELAYS["aliyun"]
    stopped = shot(IMG, [1000] * 5)  # newest point 10:04, so data up to 10:05
    first = T0 + 300 + delay
    events = []
    for minute in range(0, 20):
        events += engine.evaluate(first + 60 * minute, {IMG: stopped})
    [fired] = events
    assert fired.change is Change.FIRED and fired.at == first + 600  # ten minutes silent
    assert fired.since == T0 + 240 and fired.value == 600
    resumed = shot(IMG, [1000] * 25)
    [cleared] = engine.evaluate(T0 + 1500 + delay, {IMG: resumed})
    assert cleared.change is Change.CLEARED and cleared.opened_by == fired.id


def test_a_series_never_seen_with_data_counts_its_silence_from_the_first_look() -> None:
    rule = Rule(RuleKind.NO_DATA, "aliyun", "prod", ("img.example.com",), for_s=300)
    engine = RuleEngine([rule])
    waiting = snapshot.waiting(IMG, TimeRange(T0, T0 + 3600), T0)
    delay = DATA_DELAYS["aliyun"]
    assert engine.evaluate(T0, {IMG: waiting}) == []
    assert engine.evaluate(T0 + 299 + delay, {IMG: waiting}) == []
    [fired] = engine.evaluate(T0 + 300 + delay, {IMG: waiting})
    assert fired.since is None


def test_a_group_is_judged_on_its_sum_and_only_when_every_member_is_watched() -> None:
    group = Rule(
        RuleKind.ORIGIN_ABOVE,
        "aliyun",
        "prod",
        ("img.example.com", "dl.example.com"),
        1000,
        title="Shop",
    )
    engine = RuleEngine([group])
    found = run(engine, {IMG: [400, 600, 600], DL: [400, 300, 500]})
    assert changes(found) == [(2, "fired")]
    event = found[0][1]
    assert event.subject.title == "Shop" and event.subject.is_group and event.value == 1100
    assert run(RuleEngine([group]), {IMG: [5000, 5000]}) == []


def test_an_account_rule_judges_each_domain_on_its_own() -> None:
    rule = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", (), 1000)
    other = ("aliyun", "staging", "img.example.com")
    found = run(RuleEngine([rule]), {IMG: [500, 1500], DL: [500, 700], other: [5000, 5000]})
    assert [(m, e.subject.title, e.change.value) for m, e in found] == [
        (1, "img.example.com", "fired")
    ]


def test_the_first_look_judges_only_the_recent_past() -> None:
    engine = RuleEngine([above(1000, for_s=120)])
    now = T0 + 3600
    # A spike an hour ago that is over: no message about it now.
    old = shot(IMG, [500] * 10 + [2000] * 5 + [500] * 45)
    assert engine.evaluate(now, {IMG: old}) == []
    # A spike going on now (two minutes already held): at once.
    ongoing = RuleEngine([above(1000, for_s=120)])
    [event] = ongoing.evaluate(now, {IMG: shot(IMG, [500] * 57 + [2000] * 3)})
    assert event.at == T0 + 58 * 60


def test_a_rule_firing_before_a_restart_is_not_announced_again() -> None:
    rules = [above(1000)]
    before = RuleEngine(rules)
    [fired] = before.evaluate(T0 + 600, {IMG: shot(IMG, [500, 1500, 1500])})
    after = RuleEngine(rules, firing=before.firing)
    assert after.evaluate(T0 + 660, {IMG: shot(IMG, [500, 1500, 1500, 1600])}) == []
    [cleared] = after.evaluate(T0 + 720, {IMG: shot(IMG, [500, 1500, 1500, 1600, 100])})
    assert cleared.change is Change.CLEARED and cleared.opened_by == fired.id
    assert after.firing == {}


def test_changing_a_rule_makes_it_a_new_one() -> None:
    engine = RuleEngine([above(1000)])
    engine.evaluate(T0 + 600, {IMG: shot(IMG, [1500])})
    assert len(engine.firing) == 1
    engine.set_rules([above(2000)])
    assert engine.firing == {}
    assert engine.evaluate(T0 + 660, {IMG: shot(IMG, [1500, 1500])}) == []


def test_rules_read_back_what_they_write_and_refuse_what_cannot_be_judged() -> None:
    rule = Rule(
        RuleKind.OFFLOAD_BELOW,
        "tencent",
        "ops",
        ("a.example.com", "b.example.com"),
        0.75,
        600,
        0.2,
        title="Downloads",
        name="cache",
        targets=("ops-dingtalk",),
    )
    assert Rule.from_dict(rule.to_dict()) == rule and Rule.from_dict(rule.to_dict()).key == rule.key
    bad = [
        ({"kind": "origin_sideways"}, "kind"),
        (
            {"kind": "origin_above", "provider": "akamai", "account": "x", "threshold": 1},
            "provider",
        ),
        ({"kind": "origin_above", "provider": "aliyun", "account": "x", "threshold": 0}, "level"),
        ({"kind": "offload_below", "provider": "aliyun", "account": "x", "threshold": 80}, "100%"),
        ({"kind": "no_data", "provider": "aliyun", "account": "x", "for_s": 10}, "minute"),
        (
            {
                "kind": "origin_above",
                "provider": "aliyun",
                "account": "x",
                "threshold": 1,
                "domains": ["a.com", "b.com"],
            },
            "title",
        ),
        (
            {"kind": "origin_above", "provider": "aliyun", "account": "x", "threshold": "1G"},
            "number",
        ),
    ]
    for data, said in bad:
        with pytest.raises(InputError, match=said):
            Rule.from_dict(data)


def test_the_wall_tiles_thresholds_become_rules() -> None:
    tile = TileSpec("All downloads", "ucloud", "ops", ("a.com", "b.com"), 8e8, 1.2e9)
    warning, critical = rules_for_tile(tile)
    assert (warning.name, warning.threshold, warning.title) == ("warning", 8e8, "All downloads")
    assert (critical.name, critical.threshold, critical.domains) == (
        "critical",
        1.2e9,
        tile.domains,
    )
    assert rules_for_tile(TileSpec("img", "aliyun", "prod", ("img.com",))) == []
