"""``cdnmon fetch --provider huawei`` as its own process against the emulator, with the
credentials in HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK."""

from __future__ import annotations

import time

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import huawei_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, format_utc
from tests.emulated import first_account, online_domains
from tests.providers.fetch_cli import (
    csv_rows,
    expected_rows,
    one_clear_line,
    run_fetch,
)

pytestmark = pytest.mark.emulator(real_time=True, accounts=huawei_demo_accounts())


@pytest.mark.parametrize(("span_hours", "step"), [(5, 5 * MINUTE), (5 * 24, HOUR)])
def test_fetch_prints_exactly_the_emulator_s_points(
    server: EmulatorServer, span_hours: int, step: int
) -> None:
    account = first_account(server, "huawei")
    domains = online_domains(account)[:2]
    end = int(time.time()) // HOUR * HOUR - HOUR
    span = TimeRange(end - span_hours * HOUR, end)
    result = run_fetch(server, account, domains, span, "--interval", str(step))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("provider,domain,time,bps")
    printed = csv_rows(result.stdout)
    assert printed == expected_rows(server, account, domains, span, step)
    assert len(printed) == 2 * span_hours * HOUR // step
    assert len({row[:3] for row in printed}) == len(printed), "no duplicates at window edges"


def test_the_finest_interval_is_five_minutes_by_default(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    end = int(time.time()) // HOUR * HOUR - HOUR
    span = TimeRange(end - HOUR, end)
    result = run_fetch(server, account, online_domains(account)[:1], span)
    assert result.returncode == 0, result.stderr
    stamps = [row[2] for row in csv_rows(result.stdout)]
    assert len(stamps) == 12 and stamps[1] == format_utc(span.start + 5 * MINUTE)


def test_fetch_survives_throttling(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"huawei"}))
    domains = online_domains(account)
    end = int(time.time()) // DAY * DAY - DAY
    span = TimeRange(end - 8 * DAY, end)  # four two-day windows
    result = run_fetch(server, account, domains, span)
    assert result.returncode == 0, result.stderr
    assert server.stats.throttled("huawei") > 0
    assert csv_rows(result.stdout) == expected_rows(server, account, domains, span, 300)


def test_bad_key_fails_clearly(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    secret = "wrong-secret-5f2a9b"
    result = run_fetch(server, account, online_domains(account)[:1], secret=secret)
    line = one_clear_line(result, "Huawei Cloud", "APIGW.0301", "SK")
    assert result.stdout == ""
    assert secret not in line and account.secret not in result.stderr


def test_unknown_domain_fails_clearly(server: EmulatorServer) -> None:
    """The domain is named with the reason; the other domain is still printed."""
    account = first_account(server, "huawei")
    good = online_domains(account)[0]
    result = run_fetch(server, account, [good, "nope.example.org"])
    one_clear_line(result, "CDN.0201", "'nope.example.org'")
    assert {row[1] for row in csv_rows(result.stdout)} == {good}


def test_one_minute_points_are_refused_before_any_call(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    result = run_fetch(server, account, online_domains(account)[:1], None, "--interval", "60")
    one_clear_line(result, "Huawei Cloud offers origin bandwidth every 300, 3600 seconds", status=2)
    assert server.stats.requests("huawei", "ShowDomainStats") == 0


def test_a_range_older_than_kept_is_refused(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    end = int(time.time()) - 100 * DAY
    span = TimeRange(end - HOUR, end)
    result = run_fetch(server, account, online_domains(account)[:1], span, "--interval", "300")
    one_clear_line(result, "Huawei Cloud keeps 300-second points for 90 days", status=2)
    assert server.stats.requests("huawei") == 0
