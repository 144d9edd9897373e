"""``cdnmon fetch --provider tencent|edgeone`` end to end against the emulator, with the
credentials in TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY."""

from __future__ import annotations

import time

import pytest

from cdnmon.cli import main
from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from tests.emulated import first_account, online_domains
from tests.providers.fetch_cli import (
    csv_rows,
    expected_rows,
    fetch_argv,
    key_environment,
    one_clear_line,
    run_fetch,
)

pytestmark = pytest.mark.emulator(real_time=True, accounts=tencent_demo_accounts())


@pytest.mark.parametrize("provider", ["tencent", "edgeone"])
@pytest.mark.parametrize(("span_hours", "step"), [(5, MINUTE), (3 * 24, 5 * MINUTE)])
def test_fetch_prints_exactly_the_emulator_s_points(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provider: str,
    span_hours: int,
    step: int,
) -> None:
    account = first_account(server, provider)
    for name, value in key_environment(account).items():
        monkeypatch.setenv(name, value)
    domains = online_domains(account)[:3]
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    span = TimeRange(end - span_hours * HOUR, end)
    argv = [*fetch_argv(server, provider, domains, span), "--interval", str(step)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("provider,domain,time,bps")
    rows = csv_rows(out)
    expected = expected_rows(server, account, domains, span, step)
    assert rows == expected and len(rows) > 3 * 50
    assert len({row[:3] for row in rows}) == len(rows), "no duplicates at window edges"


def test_fetch_survives_throttling(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "tencent")
    for name, value in key_environment(account).items():
        monkeypatch.setenv(name, value)
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"tencent"}))
    domains = online_domains(account)[:2]
    end = (int(time.time()) // DAY) * DAY - DAY
    span = TimeRange(end - 4 * DAY, end)  # four one-day windows
    assert main(fetch_argv(server, "tencent", domains, span)) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert server.stats.throttled("tencent") > 0
    expected = expected_rows(server, account, domains, span, MINUTE)
    assert rows == expected


@pytest.mark.parametrize("provider", ["tencent", "edgeone"])
def test_bad_key_fails_clearly(server: EmulatorServer, provider: str) -> None:
    account = first_account(server, provider)
    secret = "wrong-secret-5f2a9b"
    result = run_fetch(server, account, online_domains(account)[:1], secret=secret)
    line = one_clear_line(result, "AuthFailure.SignatureFailure", "SecretKey", output=False)
    assert secret not in line and account.secret not in result.stderr


def test_unknown_domain_fails_clearly(server: EmulatorServer) -> None:
    """The domain is named with the reason; the other domain is still printed."""
    account = first_account(server, "tencent")
    good = online_domains(account)[0]
    result = run_fetch(server, account, [good, "nope.example.org"])
    one_clear_line(result, "ResourceNotFound.CdnHostNotExists", "'nope.example.org'", output=True)
    printed = {row[1] for row in csv_rows(result.stdout)}
    assert printed == {good}


def test_skewed_clock_fails_clearly() -> None:
    accounts = tencent_demo_accounts()
    with EmulatorServer(accounts=accounts, clock=lambda: time.time() + 10 * MINUTE) as server:
        account = first_account(server, "tencent")
        result = run_fetch(server, account, online_domains(account)[:1])
    one_clear_line(result, "AuthFailure.SignatureExpire", "clock", "NTP", output=False)
