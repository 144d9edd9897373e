"""The emulator at scale: accounts with thousands of domains (``cdnmon emulator --domains``,
``spread_domains``), listed whole by every provider's client, with their traffic served."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests

from cdnmon.emulator import EmulatorServer, demo_accounts
from cdnmon.emulator.accounts import MAX_DOMAINS, OFFLINE, account_from_key, spread_domains
from cdnmon.fetching import fetch_series
from tests import REPO
from tests.children import child_process
from tests.emulated import client_for, settled_range
from tests.emulator.signed import aliyun_v1_params

WIDE = spread_domains(demo_accounts(), 2000)


def test_domains_are_shared_out_evenly_and_the_accounts_own_come_first() -> None:
    assert [len(a.domains) for a in WIDE] == [250] * 8
    assert [len(a.domains) for a in spread_domains(demo_accounts(), 2003)] == [251] * 3 + [250] * 5
    for own, wide in zip(demo_accounts(), WIDE, strict=True):
        assert wide.domains[: len(own.domains)] == own.domains  # saved choices still there
        added = wide.domains[len(own.domains) :]
        assert all(d.status == "online" for d in added)
        zone = own.domains[0].name.partition(".")[2]
        assert all(re.fullmatch(rf"[a-z]+\d+\.{re.escape(zone)}", d.name) for d in added)
        assert len({d.name for d in wide.domains}) == 250
        if wide.provider in ("ucloud", "tencent", "huawei"):  # ids made from the name
            assert len({d.domain_id for d in wide.domains}) == 250
    assert spread_domains(demo_accounts(), 2000) == WIDE  # the same on every run
    # Fewer than an account's own: the first of them.
    assert spread_domains(demo_accounts(), 16)[0].domains == demo_accounts()[0].domains[:2]
    for total in (7, MAX_DOMAINS + 1):
        with pytest.raises(ValueError):
            spread_domains(demo_accounts(), total)


@pytest.mark.emulator(accounts=WIDE)
def test_every_provider_lists_every_domain_and_serves_the_added_ones(
    server: EmulatorServer,
) -> None:
    span = settled_range(1)
    for account in server.accounts:
        client = client_for(server, account)
        listed = client.list_domains()
        assert sorted(d.name for d in listed) == sorted(d.name for d in account.domains)
        offline = {d.name for d in account.domains if d.status == OFFLINE}
        assert {d.name for d in listed if d.status not in ("online", "enable")} >= offline
        last = account.domains[-1].name  # one of the added domains
        [series] = fetch_series(client, [last], span)
        expected = server.expected_series(
            account.provider, account.key_id, last, span, series.interval
        )
        assert series.values == pytest.approx([v for _, v in expected], rel=1e-9), account
        assert series.values, account.provider


def greeting(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or lines[-1] != "Press Ctrl+C to stop.":
        line = process.stdout.readline()
        assert line, f"the emulator ended before its greeting: {lines}"
        lines.append(line.rstrip("\n"))
    return lines


def stopped(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in err, err
    return out, err


def test_the_emulator_command_serves_thousands_of_domains_and_says_so_on_a_screen() -> None:
    argv = [sys.executable, "-m", "cdnmon", "emulator", "--domains", "2000"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with child_process(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env
    ) as process:
        lines = greeting(process)
        text = "\n".join(lines)
        assert len(lines) <= 40, "keep it to a screen"
        assert text.count("250 domains (1 offline)") == 8
        assert "and 237 more, to" in re.sub(r"\s+", " ", text)
        url = lines[0].split()[-1]
        shop = WIDE[0]
        signed = aliyun_v1_params(
            shop.key_id, shop.secret, "DescribeUserDomains", {"PageSize": "500"}, now=time.time()
        )
        answer = requests.get(url, params=signed, timeout=10).json()
        assert answer["TotalCount"] == 250
        names = [row["DomainName"] for row in answer["Domains"]["PageData"]]
        assert names == [d.name for d in shop.domains]
        stopped(process)


def test_a_key_given_gets_all_the_domains() -> None:
    argv = [sys.executable, "-m", "cdnmon", "emulator", "--aliyun-key", "wide-id:wide-secret"]
    argv += ["--domains", "800"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with child_process(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env
    ) as process:
        lines = greeting(process)
        assert any("wide-id:wide-secret  800 domains (1 offline)" in line for line in lines)
        signed = aliyun_v1_params(
            "wide-id", "wide-secret", "DescribeUserDomains", {}, now=time.time()
        )
        url = lines[0].split()[-1]
        assert requests.get(url, params=signed, timeout=10).json()["TotalCount"] == 800
        stopped(process)
    own = account_from_key("aliyun", "wide-id:wide-secret")
    assert spread_domains([own], 800)[0].domains[: len(own.domains)] == own.domains


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--domains", "7"], "--domains 7: give from 8 (one for each of the 8 accounts) to "),
        (
            ["--aliyun-key", "a:b", "--ucloud-key", "c:d", "--domains", "1"],
            "--domains 1: give from 2 (one for each of the 2 accounts) to 50,000 domains",
        ),
        (
            ["--domains", "50001"],
            "--domains 50001: give from 8 (one for each of the 8 accounts) to 50,000 domains",
        ),
    ],
)
def test_a_scale_no_account_can_take_is_one_sentence(argv: list[str], said: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cdnmon", "emulator", *argv, "--port", "0"],
        capture_output=True, text=True, cwd=REPO, timeout=60, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"cdnmon: {said}") and result.stderr.count("\n") == 1
