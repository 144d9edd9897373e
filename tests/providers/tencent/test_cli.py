"""``cdnmon fetch --provider tencent|edgeone`` end to end against the emulator, with the
credentials in TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time

import pytest

from cdnmon.cli import main
from cdnmon.emulator import DemoAccount, EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, format_utc
from tests.emulated import first_account, online_domains

pytestmark = pytest.mark.emulator(real_time=True, accounts=tencent_demo_accounts())


def environment(account: DemoAccount, secret: str | None = None) -> dict[str, str]:
    return {
        "TENCENTCLOUD_SECRET_ID": account.key_id,
        "TENCENTCLOUD_SECRET_KEY": account.secret if secret is None else secret,
    }


def fetch_argv(
    server: EmulatorServer, provider: str, domains: list[str], span: TimeRange | None = None
) -> list[str]:
    argv = ["fetch", "--provider", provider, "--endpoint", server.url]
    if span is not None:
        argv += ["--start", format_utc(span.start), "--end", format_utc(span.end)]
    return argv + [arg for domain in domains for arg in ("--domain", domain)]


def run_cli(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cdnmon", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def expected_rows(
    server: EmulatorServer, account: DemoAccount, domains: list[str], span: TimeRange, step: int
) -> list[tuple[str, str, str, float]]:
    return [
        (account.provider, domain, format_utc(t), v)
        for domain in sorted(domains)
        for t, v in server.expected_series(account.provider, account.key_id, domain, span, step)
    ]


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
    for name, value in environment(account).items():
        monkeypatch.setenv(name, value)
    domains = online_domains(account)[:3]
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    span = TimeRange(end - span_hours * HOUR, end)
    argv = [*fetch_argv(server, provider, domains, span), "--interval", str(step)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("provider,domain,time,bps")
    rows = [
        (r["provider"], r["domain"], r["time"], float(r["bps"]))
        for r in csv.DictReader(io.StringIO(out))
    ]
    expected = expected_rows(server, account, domains, span, step)
    assert rows == expected and len(rows) > 3 * 50
    assert len({row[:3] for row in rows}) == len(rows), "no duplicates at window edges"


def test_fetch_survives_throttling(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "tencent")
    for name, value in environment(account).items():
        monkeypatch.setenv(name, value)
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"tencent"}))
    domains = online_domains(account)[:2]
    end = (int(time.time()) // DAY) * DAY - DAY
    span = TimeRange(end - 4 * DAY, end)  # four one-day windows
    assert main(fetch_argv(server, "tencent", domains, span)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert server.stats.throttled("tencent") > 0
    expected = expected_rows(server, account, domains, span, MINUTE)
    assert [(r["provider"], r["domain"], r["time"], float(r["bps"])) for r in rows] == expected


def assert_one_clear_line(
    result: subprocess.CompletedProcess[str], *words: str, output: bool = False
) -> str:
    assert result.returncode == 1, result.stderr
    assert bool(result.stdout) == output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("provider", ["tencent", "edgeone"])
def test_bad_key_fails_clearly(server: EmulatorServer, provider: str) -> None:
    account = first_account(server, provider)
    secret = "wrong-secret-5f2a9b"
    result = run_cli(
        fetch_argv(server, provider, online_domains(account)[:1]), environment(account, secret)
    )
    line = assert_one_clear_line(result, "AuthFailure.SignatureFailure", "SecretKey")
    assert secret not in line and account.secret not in result.stderr


def test_unknown_domain_fails_clearly(server: EmulatorServer) -> None:
    """The domain is named with the reason; the other domain is still printed."""
    account = first_account(server, "tencent")
    good = online_domains(account)[0]
    result = run_cli(
        fetch_argv(server, "tencent", [good, "nope.example.org"]), environment(account)
    )
    assert_one_clear_line(
        result, "ResourceNotFound.CdnHostNotExists", "'nope.example.org'", output=True
    )
    printed = {row["domain"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert printed == {good}


def test_skewed_clock_fails_clearly() -> None:
    accounts = tencent_demo_accounts()
    with EmulatorServer(accounts=accounts, clock=lambda: time.time() + 10 * MINUTE) as server:
        account = first_account(server, "tencent")
        result = run_cli(
            fetch_argv(server, "tencent", online_domains(account)[:1]), environment(account)
        )
    assert_one_clear_line(result, "AuthFailure.SignatureExpire", "clock", "NTP")
