"""The deterministic traffic model and the demo accounts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from cdnmon.emulator import account_from_key, demo_accounts, parse_key
from cdnmon.emulator.traffic import Traffic
from cdnmon.model import DAY, HOUR, InputError
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
