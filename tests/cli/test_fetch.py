"""``cdnmon fetch`` end to end against the emulator: output format, errors, no secrets."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time

import pytest

from cdnmon.cli import main
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.model import EDGE, HOUR, MINUTE, TimeRange, format_utc
from tests.emulated import first_account, online_domains
from tests.providers.fetch_cli import csv_rows, expected_rows, one_clear_line, run_fetch

# On the real clock: these tests ask for ranges relative to the real "now".
pytestmark = pytest.mark.emulator(real_time=True)


def use_env_account(monkeypatch: pytest.MonkeyPatch, account: DemoAccount) -> None:
    if account.provider == "aliyun":
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", account.key_id)
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", account.secret)
    else:
        monkeypatch.setenv("UCLOUD_PUBLIC_KEY", account.key_id)
        monkeypatch.setenv("UCLOUD_PRIVATE_KEY", account.secret)
        if account.project_id:
            monkeypatch.setenv("UCLOUD_PROJECT_ID", account.project_id)


def past_range() -> TimeRange:
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    return TimeRange(end - 3 * HOUR, end)


@pytest.mark.parametrize(
    ("provider", "signature"), [("aliyun", "v3"), ("aliyun", "v1"), ("ucloud", None)]
)
def test_fetch_prints_sorted_csv_of_what_the_emulator_holds(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provider: str,
    signature: str | None,
) -> None:
    account = first_account(server, provider)
    use_env_account(monkeypatch, account)
    domains = sorted(online_domains(account)[:2], reverse=True)  # output sorts them
    span = past_range()
    argv = [
        "fetch",
        "--provider",
        provider,
        "--endpoint",
        server.url,
        "--start",
        format_utc(span.start),
        "--end",
        format_utc(span.end),
    ]
    argv += [arg for d in domains for arg in ("--domain", d)]
    argv += ["--signature", signature] if signature else []
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("provider,domain,time,bps,provisional\n")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["provisional"] for r in rows} == {"false"}  # the range ended an hour ago
    expected = [
        (provider, domain, format_utc(t), v)
        for domain in sorted(domains)
        for t, v in server.expected_series(provider, account.key_id, domain, span, MINUTE)
    ]
    assert [(r["provider"], r["domain"], r["time"]) for r in rows] == [e[:3] for e in expected]
    assert [float(r["bps"]) for r in rows] == pytest.approx([e[3] for e in expected], abs=1e-3)


@pytest.mark.parametrize("provider", ["aliyun", "ucloud", "edgeone", "huawei"])
def test_fetch_metric_edge_prints_the_edge_points(server: EmulatorServer, provider: str) -> None:
    account = first_account(server, provider)
    domains = [online_domains(account)[0], account.collapsing]
    span = past_range()
    step = 5 * MINUTE if provider == "huawei" else MINUTE
    result = run_fetch(server, account, domains, span, "--metric", "edge", "--interval", str(step))
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    expected = [
        (p, d, t, float(f"{v:.3f}"))
        for p, d, t, v in sorted(
            (provider, domain, format_utc(t), v)
            for domain in domains
            for t, v in server.expected_series(provider, account.key_id, domain, span, step, EDGE)
        )
    ]
    assert [r[:3] for r in rows] == [e[:3] for e in expected] and len(rows) > 50
    assert [r[3] for r in rows] == pytest.approx([e[3] for e in expected])
    origin = csv_rows(run_fetch(server, account, domains, span, "--interval", str(step)).stdout)
    assert origin == expected_rows(server, account, domains, span, step, decimals=3)
    assert all(o[3] < e[3] for o, e in zip(origin, rows, strict=True) if e[3] > 0)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--metric", "hits"], ("unknown metric 'hits'", "origin or edge")),
        (["--metric", "EDGE"], ("unknown metric 'EDGE'",)),
    ],
)
def test_a_bad_metric_is_one_clear_line_and_a_usage_error(
    server: EmulatorServer, options: list[str], words: tuple[str, ...]
) -> None:
    account = first_account(server, "aliyun")
    result = run_fetch(server, account, online_domains(account)[:1], None, *options)
    one_clear_line(result, *words, status=2, output=False)
    assert server.stats.requests() == 0


def test_fetch_json_has_the_same_columns(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "aliyun")
    use_env_account(monkeypatch, account)
    domain = online_domains(account)[0]
    assert (
        main(
            [
                "fetch",
                "--provider",
                "aliyun",
                "--endpoint",
                server.url,
                "--domain",
                domain,
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) == {"provider", "domain", "time", "bps", "provisional"}
    assert isinstance(rows[0]["bps"], float)
    assert {type(r["provisional"]) for r in rows} == {bool}
    # Defaults: the last hour at 1-minute spacing.
    assert 50 <= len(rows) <= 61


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_bad_secret_is_one_clear_line_and_a_failing_status(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    account = first_account(server, provider)
    secret = "wrong-secret-5f2a9b"
    names = {
        "aliyun": ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        "ucloud": ("UCLOUD_PUBLIC_KEY", "UCLOUD_PRIVATE_KEY"),
    }[provider]
    env = {**os.environ, names[0]: account.key_id, names[1]: secret}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cdnmon",
            "fetch",
            "--provider",
            provider,
            "--endpoint",
            server.url,
            "--domain",
            online_domains(account)[0],
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert ("SignatureDoesNotMatch" in lines[0]) or ("(171)" in lines[0])
    assert secret not in result.stderr


def test_unknown_domain_fails_clearly(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_env_account(monkeypatch, first_account(server, "aliyun"))
    assert (
        main(
            [
                "fetch",
                "--provider",
                "aliyun",
                "--endpoint",
                server.url,
                "--domain",
                "nope.example.org",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "InvalidDomain.NotFound" in err and "check the domain name" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "yesterday"], "cannot read the time"),
        (["--start", "2026-01-02T00:00:00Z", "--end", "2026-01-01T00:00:00Z"], "must be after"),
        (["--interval", "7"], "offers origin bandwidth every"),
        (["--endpoint", "http://cdn.example.com/"], "plain http"),
        (["--signature", "v1", "--provider", "ucloud"], "Alibaba Cloud only"),
    ],
)
def test_bad_input_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")
    monkeypatch.setenv("UCLOUD_PUBLIC_KEY", "id")
    monkeypatch.setenv("UCLOUD_PRIVATE_KEY", "secret")
    argv = ["fetch", "--provider", "aliyun", "--domain", "a.example.com", *extra]
    if "ucloud" in extra:
        argv[2] = "ucloud"
    assert main(argv) == 2
    assert message in capsys.readouterr().err
