"""``cdnmon fetch --provider volcengine`` as a user runs it (its own process) against the
emulator, with the key in VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY; and ``cdnmon
emulator --volcengine-key``."""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import time

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import volcengine_demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from tests.cdnmon_process import REPO, cdnmon_environment, run_cdnmon
from tests.emulated import first_account, online_domains
from tests.providers.fetch_cli import (
    csv_rows,
    expected_rows,
    one_clear_line,
    run_fetch,
)

pytestmark = pytest.mark.emulator(real_time=True, accounts=volcengine_demo_accounts())


@pytest.mark.parametrize(("hours", "step"), [(5, MINUTE), (3 * 24, 5 * MINUTE), (3 * 24, HOUR)])
def test_fetch_prints_exactly_the_emulator_s_points(
    server: EmulatorServer, hours: int, step: int
) -> None:
    account = first_account(server, "volcengine")
    domains = [d.name for d in account.domains]  # the stopped one serves zeros
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    span = TimeRange(end - hours * HOUR, end)
    result = run_fetch(server, account, domains, span, "--interval", str(step))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("provider,domain,time,bps")
    got = csv_rows(result.stdout)
    assert got == expected_rows(server, account, domains, span, step, decimals=3)
    assert len(got) >= 3 * hours * HOUR // step * 0.9
    assert len({row[:3] for row in got}) == len(got), "no duplicates at window edges"


def test_fetch_survives_throttling(server: EmulatorServer) -> None:
    account = first_account(server, "volcengine")
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"volcengine"}))
    domains = online_domains(account)[:2]
    end = (int(time.time()) // DAY) * DAY - DAY
    span = TimeRange(end - 4 * DAY, end)  # four one-day windows a domain
    result = run_fetch(server, account, domains, span)
    assert result.returncode == 0, result.stderr
    assert server.stats.throttled("volcengine") > 0
    assert csv_rows(result.stdout) == expected_rows(
        server, account, domains, span, MINUTE, decimals=3
    )


def test_a_bad_key_fails_clearly(server: EmulatorServer) -> None:
    account = first_account(server, "volcengine")
    secret = "wrong-secret-5f2a9b"
    result = run_fetch(server, account, online_domains(account)[:1], secret=secret)
    line = one_clear_line(result, "Volcengine", "SignatureDoesNotMatch", "Secret Access Key")
    assert not result.stdout
    assert secret not in line and account.secret not in result.stderr


def test_an_unknown_domain_fails_clearly_and_the_others_are_printed(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "volcengine")
    good = online_domains(account)[0]
    result = run_fetch(server, account, [good, "nope.example.org"])
    one_clear_line(result, "NotFound.Domain", "'nope.example.org'")
    assert {row[1] for row in csv_rows(result.stdout)} == {good}


def test_the_emulator_takes_a_volcengine_key_and_shows_how_to_fetch() -> None:
    emulator = subprocess.Popen(
        [sys.executable, "-m", "cdnmon", "emulator", "--volcengine-key", "AKLTmine:my-secret"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cdnmon_environment(),
        cwd=REPO,
    )
    try:
        assert emulator.stdout is not None
        printed = []
        for line in emulator.stdout:
            printed.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        text = "".join(printed)
        assert "volcengine" in text and "AKLTmine:my-secret" in text
        # The example, run as printed (with this interpreter for `cdnmon`).
        words = shlex.split(printed[printed.index("Try:\n") + 1])
        assert words[:2] == ["VOLCENGINE_ACCESS_KEY=AKLTmine", "VOLCENGINE_SECRET_KEY=my-secret"]
        assert words[2:6] == ["cdnmon", "fetch", "--provider", "volcengine"]
        done = run_cdnmon(*words[3:], env=dict(word.split("=", 1) for word in words[:2]))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("provider,domain,time,bps") and "volcengine," in done.stdout
    finally:
        emulator.send_signal(signal.SIGTERM)
        out, err = emulator.communicate(timeout=30)
    assert emulator.returncode == 0, err
    assert "emulator stopped" in out
