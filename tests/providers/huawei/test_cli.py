"""``cdnmon fetch --provider huawei`` as its own process against the emulator, with the
credentials in HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK."""

from __future__ import annotations

import csv
import io
import subprocess
import time

import pytest

from cdnmon.emulator import DemoAccount, EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import huawei_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, format_utc
from tests.cdnmon_process import run_cdnmon
from tests.emulated import first_account, online_domains

pytestmark = pytest.mark.emulator(real_time=True, accounts=huawei_demo_accounts())


def environment(account: DemoAccount, secret: str | None = None) -> dict[str, str]:
    return {
        "HUAWEICLOUD_SDK_AK": account.key_id,
        "HUAWEICLOUD_SDK_SK": account.secret if secret is None else secret,
    }


def fetch(
    server: EmulatorServer,
    account: DemoAccount,
    domains: list[str],
    span: TimeRange | None = None,
    *extra: str,
    secret: str | None = None,
) -> subprocess.CompletedProcess[str]:
    argv = ["fetch", "--provider", "huawei", "--endpoint", server.url, *extra]
    if span is not None:
        argv += ["--start", format_utc(span.start), "--end", format_utc(span.end)]
    argv += [arg for domain in domains for arg in ("--domain", domain)]
    return run_cdnmon(*argv, env=environment(account, secret))


def rows(output: str) -> list[tuple[str, str, str, float]]:
    return [
        (r["provider"], r["domain"], r["time"], float(r["bps"]))
        for r in csv.DictReader(io.StringIO(output))
    ]


def expected_rows(
    server: EmulatorServer, account: DemoAccount, domains: list[str], span: TimeRange, step: int
) -> list[tuple[str, str, str, float]]:
    return [
        ("huawei", domain, format_utc(t), v)
        for domain in sorted(domains)
        for t, v in server.expected_series("huawei", account.key_id, domain, span, step)
    ]


def one_clear_line(result: subprocess.CompletedProcess[str], status: int, *words: str) -> str:
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("span_hours", "step"), [(5, 5 * MINUTE), (5 * 24, HOUR)])
def test_fetch_prints_exactly_the_emulator_s_points(
    server: EmulatorServer, span_hours: int, step: int
) -> None:
    account = first_account(server, "huawei")
    domains = online_domains(account)[:2]
    end = int(time.time()) // HOUR * HOUR - HOUR
    span = TimeRange(end - span_hours * HOUR, end)
    result = fetch(server, account, domains, span, "--interval", str(step))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("provider,domain,time,bps")
    printed = rows(result.stdout)
    assert printed == expected_rows(server, account, domains, span, step)
    assert len(printed) == 2 * span_hours * HOUR // step
    assert len({row[:3] for row in printed}) == len(printed), "no duplicates at window edges"


def test_the_finest_interval_is_five_minutes_by_default(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    end = int(time.time()) // HOUR * HOUR - HOUR
    span = TimeRange(end - HOUR, end)
    result = fetch(server, account, online_domains(account)[:1], span)
    assert result.returncode == 0, result.stderr
    stamps = [row[2] for row in rows(result.stdout)]
    assert len(stamps) == 12 and stamps[1] == format_utc(span.start + 5 * MINUTE)


def test_fetch_survives_throttling(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"huawei"}))
    domains = online_domains(account)
    end = int(time.time()) // DAY * DAY - DAY
    span = TimeRange(end - 8 * DAY, end)  # four two-day windows
    result = fetch(server, account, domains, span)
    assert result.returncode == 0, result.stderr
    assert server.stats.throttled("huawei") > 0
    assert rows(result.stdout) == expected_rows(server, account, domains, span, 300)


def test_bad_key_fails_clearly(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    secret = "wrong-secret-5f2a9b"
    result = fetch(server, account, online_domains(account)[:1], secret=secret)
    line = one_clear_line(result, 1, "Huawei Cloud", "APIGW.0301", "SK")
    assert result.stdout == ""
    assert secret not in line and account.secret not in result.stderr


def test_unknown_domain_fails_clearly(server: EmulatorServer) -> None:
    """The domain is named with the reason; the other domain is still printed."""
    account = first_account(server, "huawei")
    good = online_domains(account)[0]
    result = fetch(server, account, [good, "nope.example.org"])
    one_clear_line(result, 1, "CDN.0201", "'nope.example.org'")
    assert {row[1] for row in rows(result.stdout)} == {good}


def test_one_minute_points_are_refused_before_any_call(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    result = fetch(server, account, online_domains(account)[:1], None, "--interval", "60")
    one_clear_line(result, 2, "Huawei Cloud offers origin bandwidth every 300, 3600 seconds")
    assert server.stats.requests("huawei", "ShowDomainStats") == 0


def test_a_range_older_than_kept_is_refused(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    end = int(time.time()) - 100 * DAY
    span = TimeRange(end - HOUR, end)
    result = fetch(server, account, online_domains(account)[:1], span, "--interval", "300")
    one_clear_line(result, 2, "Huawei Cloud keeps 300-second points for 90 days")
    assert server.stats.requests("huawei") == 0
