"""The deterministic traffic model and the demo accounts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from cdnmon.emulator import EmulatorServer, account_from_key, demo_accounts, parse_key
from cdnmon.emulator.traffic import (
    COLLAPSE_EVERY,
    COLLAPSE_LASTS,
    COLLAPSED_OFFLOAD,
    OFFLOAD_HIGH,
    OFFLOAD_LOW,
    Traffic,
)
from cdnmon.model import DAY, EDGE, HOUR, MINUTE, ORIGIN, InputError
from tests import REPO
from tests.emulator.signed import FIXED_NOW

DAY_START = int(FIXED_NOW) // DAY * DAY
NAMES = [d.name for a in demo_accounts() for d in a.domains]


def test_same_numbers_in_every_process():
    script = (
        "from cdnmon.emulator.traffic import Traffic;"
        "print(Traffic().minute_values('img.shop.example.com', 1718409600, 1440).tobytes().hex())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
        ).stdout
        for seed in ("1", "2")
    }
    local = Traffic().minute_values("img.shop.example.com", 1718409600, 1440).tobytes().hex()
    assert outputs == {local + "\n"}


def test_gaps_are_rare_short_runs():
    traffic = Traffic()
    values = np.stack(
        [traffic.minute_values(n, DAY_START - 30 * DAY, 30 * 1440) for n in NAMES[:20]]
    )
    missing = np.isnan(values)
    assert 0.003 < missing.mean() < 0.008
    for row in missing:
        runs = np.diff(np.flatnonzero(np.diff(np.concatenate(([0], row.astype(int), [0])))))[::2]
        assert runs.max() <= 4
    assert np.nanmin(values) > 0


def test_daily_cycle_peaks_around_noon_utc():
    traffic = Traffic()
    peaks = 0
    for name in NAMES:
        day = traffic.minute_values(name, DAY_START - DAY, 1440)
        noon, midnight = np.nanmean(day[11 * 60 : 13 * 60]), np.nanmean(np.r_[day[-60:], day[:60]])
        peaks += noon > 2 * midnight
    assert peaks >= 0.9 * len(NAMES)


def test_levels_spread_from_megabits_to_gigabits():
    traffic = Traffic()
    means = [np.nanmean(traffic.minute_values(n, DAY_START, 1440)) for n in NAMES]
    assert 5e5 < min(means) < 5e7 and 5e8 < max(means) < 1e10


def test_coarse_points_are_means_of_minutes():
    traffic = Traffic()
    name = NAMES[0]
    start = DAY_START - DAY
    points = dict(traffic.points([name], start, start + 2 * HOUR, 300, FIXED_NOW))
    minutes = traffic.minute_values(name, start, 5)
    assert points[start] == pytest.approx(np.nanmean(minutes), rel=1e-12)
    assert sorted(points) == list(range(start, start + 2 * HOUR + 1, 300))


def test_gaps_are_absent_from_points():
    traffic = Traffic()
    name = NAMES[3]
    values = traffic.minute_values(name, DAY_START - DAY, 1440)
    gap = DAY_START - DAY + 60 * int(np.flatnonzero(np.isnan(values))[0])
    served = dict(traffic.points([name], gap - 600, gap + 600, 60, FIXED_NOW))
    assert gap not in served and traffic.origin_bps(name, gap) is None
    assert len(served) >= 15


def test_newest_points_are_provisional_then_revised():
    traffic = Traffic()
    name, now = NAMES[0], FIXED_NOW
    early = dict(traffic.points([name], int(now) - 600, int(now), 60, now))
    later = dict(traffic.points([name], int(now) - 600, int(now), 60, now + 600))
    assert sorted(early) == sorted(later) and max(early) > now - 60
    for t, value in early.items():
        full = traffic.origin_bps(name, t)
        assert later[t] == pytest.approx(full)
        expected = full * min(1.0, (now - t) / 300)
        assert value == pytest.approx(expected)
    assert early[max(early)] < 0.3 * later[max(early)]


# ---- accounts -------------------------------------------------------------------------------


def test_demo_accounts():
    accounts = demo_accounts()
    assert [a.provider for a in accounts] == [
        "aliyun", "aliyun", "ucloud", "ucloud", "tencent", "edgeone", "huawei", "volcengine"
    ]  # fmt: skip
    assert len({a.name for a in accounts}) == 8
    assert 60 <= len(NAMES) == len(set(NAMES)) <= 80
    for account in accounts:
        assert 8 <= len(account.domains) <= 12
        assert [d.status for d in account.domains].count("offline") == 1
        assert account.secret not in repr(account)
        for domain in account.domains:
            if account.provider == "ucloud":
                assert re.fullmatch(r"ucdn-[0-9a-f]{8}", domain.domain_id)
            elif account.provider == "tencent":  # the CDN domain's ResourceId
                assert re.fullmatch(r"cdn-[0-9a-f]{8}", domain.domain_id)
            elif account.provider == "edgeone":  # the site (zone) the domain belongs to
                assert re.fullmatch(r"zone-[0-9a-f]{12}", domain.domain_id)
            elif account.provider == "huawei":  # Huawei Cloud CDN's domain id
                assert re.fullmatch(r"[0-9a-f]{32}", domain.domain_id)
            else:
                assert domain.domain_id == ""
    assert accounts == demo_accounts()


def test_account_from_key_is_stable():
    first = account_from_key("ucloud", "my-public:my-private", "lab")
    assert first == account_from_key("ucloud", "my-public:my-private", "lab")
    assert (first.key_id, first.secret, first.name) == ("my-public", "my-private", "lab")
    assert 6 <= len(first.domains) <= 11
    assert all(d.domain_id.startswith("ucdn-") for d in first.domains)
    other = account_from_key("ucloud", "another:my-private", "lab")
    assert {d.name for d in other.domains}.isdisjoint(d.name for d in first.domains)


@pytest.mark.parametrize("text", ["no-colon", ":secret", "id:", ""])
def test_parse_key_rejects(text):
    with pytest.raises(InputError) as raised:
        parse_key(text)
    assert "ID:SECRET" in str(raised.value)


def test_parse_key_never_echoes_the_secret():
    with pytest.raises(InputError) as raised:
        parse_key("id:sec ret")
    assert "sec ret" not in str(raised.value)
    assert parse_key(" id:s3cr:et ") == ("id", "s3cr:et")


# ---- edge bandwidth and offload ------------------------------------------------------------


def test_edge_is_origin_over_one_minus_a_smoothly_wandering_offload() -> None:
    traffic = Traffic()
    for name in NAMES[:12]:
        origin = traffic.minute_values(name, DAY_START - DAY, 1440)
        edge = traffic.minute_values(name, DAY_START - DAY, 1440, EDGE)
        offload = traffic.offload(name, DAY_START - DAY, 1440)
        assert np.array_equal(np.isnan(edge), np.isnan(origin)), "the same gaps"
        present = ~np.isnan(origin)
        np.testing.assert_allclose(1 - origin[present] / edge[present], offload[present])
        assert offload.min() >= OFFLOAD_LOW and offload.max() < OFFLOAD_HIGH
        assert np.abs(np.diff(offload)).max() < 0.01, "no jumps from minute to minute"
        assert offload.max() - offload.min() > 0.02, "it wanders over a day"


def test_a_cache_collapse_raises_the_origin_while_the_edge_goes_on() -> None:
    name = NAMES[1]
    steady, collapsing = Traffic(), Traffic(collapsing=[name])
    start, count = DAY_START - DAY, 1440
    mask = collapsing.collapse_mask(name, start, count)
    # Ten minutes in every two hours, at the same place in each.
    assert mask.sum() == count // (COLLAPSE_EVERY // MINUTE) * (COLLAPSE_LASTS // MINUTE)
    starts = np.flatnonzero(mask[1:] & ~mask[:-1]) + 1
    assert set(np.diff(starts)) == {COLLAPSE_EVERY // MINUTE}
    before = steady.minute_values(name, start, count)
    origin = collapsing.minute_values(name, start, count)
    edge = collapsing.minute_values(name, start, count, EDGE)
    np.testing.assert_array_equal(edge, steady.minute_values(name, start, count, EDGE))
    np.testing.assert_array_equal(origin[~mask], before[~mask])  # unchanged outside
    inside = mask & ~np.isnan(origin)
    assert (origin[inside] > 3 * before[inside]).all()
    np.testing.assert_allclose(1 - origin[inside] / edge[inside], COLLAPSED_OFFLOAD)
    np.testing.assert_allclose(collapsing.offload(name, start, count)[mask], COLLAPSED_OFFLOAD)
    assert not steady.collapse_mask(name, start, count).any()
    with pytest.raises(ValueError, match="unknown metric"):
        steady.minute_values(name, start, 1, "hits")


def test_each_demo_account_has_one_collapsing_online_domain() -> None:
    accounts = demo_accounts()
    for account in accounts:
        found = account.domain(account.collapsing)
        assert found is not None and found.status == "online", account.name
        assert found.name != account.domains[0].name, "the first domain stays steady"
    server = EmulatorServer(clock=lambda: FIXED_NOW)
    try:
        assert server.traffic.collapsing == {a.collapsing for a in accounts}
    finally:
        server.stop()


def test_served_edge_points_follow_the_same_rules_as_origin() -> None:
    traffic = Traffic()
    name = NAMES[0]
    start = DAY_START - DAY
    origin = dict(traffic.points([name], start, start + 2 * HOUR, 300, FIXED_NOW))
    edge = dict(traffic.points([name], start, start + 2 * HOUR, 300, FIXED_NOW, metric=EDGE))
    assert origin.keys() == edge.keys() and len(edge) == 25
    assert all(origin[t] < edge[t] for t in edge)
    # The provisional tail scales both alike: the offload of a fresh point is still right.
    fresh = int(FIXED_NOW) // 60 * 60 - 120
    [(_, young_origin)] = traffic.points([name], fresh, fresh, 60, FIXED_NOW, metric=ORIGIN)
    [(_, young_edge)] = traffic.points([name], fresh, fresh, 60, FIXED_NOW, metric=EDGE)
    assert young_origin / young_edge == pytest.approx(1 - traffic.offload(name, fresh, 1)[0])
