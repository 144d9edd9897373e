"""Every mistake on the command line gets a clear answer, through the real ``cdnmon`` CLI
against the real emulator: a range the provider no longer keeps, domains it refuses, an
endpoint that cannot be right or never answers, help for every option, ``--demo``, the
emulator's greeting; and points the provider still revises are marked provisional.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from cdnmon.accounts.credentials import ENV_VARS
from cdnmon.cli import build_parser, main
from cdnmon.emulator import DemoAccount, EmulatorServer, demo_accounts
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange, format_utc, parse_utc
from cdnmon.providers.registry import DATA_DELAYS
from tests import REPO
from tests.emulated import first_account, online_domains
from tests.silent_server import silent_endpoint

# On the real clock: these tests ask for "now" and for ranges relative to it.
pytestmark = pytest.mark.emulator(real_time=True)


def key_env(account: DemoAccount) -> dict[str, str]:
    """The environment variables ``cdnmon fetch`` reads this account's key from."""
    key_var, secret_var, project_var = ENV_VARS[account.provider]
    env = {key_var: account.key_id, secret_var: account.secret}
    if project_var and account.project_id:
        env[project_var] = account.project_id
    return env


def use_key(monkeypatch: pytest.MonkeyPatch, account: DemoAccount) -> None:
    for name, value in key_env(account).items():
        monkeypatch.setenv(name, value)


def fetch_argv(endpoint: str, provider: str, domains: list[str], *extra: str) -> list[str]:
    argv = ["fetch", "--provider", provider, "--endpoint", endpoint]
    return [*argv, *[arg for d in domains for arg in ("--domain", d)], *extra]


def settled_span(hours: int) -> list[str]:
    end = int(time.time()) // HOUR * HOUR - HOUR
    return ["--start", format_utc(end - hours * HOUR), "--end", format_utc(end)]


# ---- 1. a start older than the provider keeps ----------------------------------------------


@pytest.mark.parametrize(("provider", "title"), [("aliyun", "Alibaba Cloud"), ("ucloud", "UCloud")])
def test_a_start_older_than_kept_is_refused_before_any_call_with_what_is_kept(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provider: str,
    title: str,
) -> None:
    account = first_account(server, provider)
    use_key(monkeypatch, account)
    domain = online_domains(account)[0]
    day = int(time.time()) // DAY * DAY - 10 * DAY
    start = time.strftime("%Y-%m-%d", time.gmtime(day))  # a date, as a person types it
    argv = fetch_argv(server.url, provider, [domain], "--start", start)
    argv += ["--end", format_utc(day + 6 * HOUR)]

    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"cdnmon: {title} keeps 60-second points for 7 days: --start {start} is older; "
        "use --interval 300 (93 days) or a later --start\n"
    )
    assert server.stats.requests() == 0  # refused here, not by the provider

    # The advice works.
    assert main([*argv, "--interval", "300"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 6 * HOUR // 300


def test_a_start_older_than_every_interval_is_kept_only_asks_for_a_later_start(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "aliyun")
    use_key(monkeypatch, account)
    domain = online_domains(account)[:1]
    start = format_utc(time.time() - 200 * DAY)
    argv = fetch_argv(server.url, "aliyun", domain, "--start", start, "--interval", "3600")
    assert main([*argv, "--end", format_utc(time.time() - 199 * DAY)]) == 2
    assert capsys.readouterr().err == (
        f"cdnmon: Alibaba Cloud keeps 3600-second points for 186 days: --start {start} is "
        "older; use --interval 86400 (366 days) or a later --start\n"
    )
    start = format_utc(time.time() - 400 * DAY)
    argv = fetch_argv(server.url, "aliyun", domain, "--start", start, "--interval", "86400")
    assert main([*argv, "--end", format_utc(time.time() - 399 * DAY)]) == 2
    assert capsys.readouterr().err == (
        f"cdnmon: Alibaba Cloud keeps 86400-second points for 366 days: --start {start} is "
        "older; use a later --start\n"
    )
    assert server.stats.requests() == 0


# ---- 2. some domains refused, the others printed ---------------------------------------------


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_the_good_domains_are_printed_and_each_refused_one_is_named(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provider: str,
) -> None:
    account = first_account(server, provider)
    use_key(monkeypatch, account)
    good = online_domains(account)[:2]
    offline = next(d.name for d in account.domains if d.status == "offline")
    unknown = "nope.example.org"
    span = settled_span(3)  # several windows per domain: fetched in parallel
    argv = fetch_argv(server.url, provider, [unknown, good[0], offline, good[1]], *span)

    assert main(argv) == 1
    out, err = capsys.readouterr()

    # Alibaba refuses offline domains; UCloud serves them (as zeros).
    printed = good if provider == "aliyun" else [good[0], offline, good[1]]
    rows = list(csv.DictReader(io.StringIO(out)))
    time_range = TimeRange(parse_utc(span[1]), parse_utc(span[3]))
    expected = [
        (domain, format_utc(t), v)
        for domain in sorted(printed)
        for t, v in server.expected_series(provider, account.key_id, domain, time_range, MINUTE)
    ]
    assert [(r["domain"], r["time"]) for r in rows] == [e[:2] for e in expected]
    assert [float(r["bps"]) for r in rows] == pytest.approx([e[2] for e in expected], abs=1e-3)

    lines = err.splitlines()
    if provider == "aliyun":
        assert len(lines) == 2, err
        assert lines[0].startswith(
            f"cdnmon: {unknown}: Alibaba Cloud account 'env': domain unavailable "
            "(InvalidDomain.NotFound): "
        )
        assert lines[1].startswith(
            f"cdnmon: {offline}: Alibaba Cloud account 'env': domain unavailable "
            "(InvalidDomain.Offline): "
        )
        assert "check the domain name" in lines[0]
    else:
        # UCloud has no code for it: cdnmon looks the name up in the account's domain list.
        assert lines == [
            f"cdnmon: {unknown}: UCloud account 'env': domain unavailable: no domain "
            f"'{unknown}' in this account -- check the spelling, or give its DomainId "
            "(ucdn-...)"
        ]


def test_an_error_for_the_whole_account_is_still_one_line(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "aliyun")
    use_key(monkeypatch, account)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong-secret-for-the-test")
    domains = [*online_domains(account)[:2], "nope.example.org"]
    assert main(fetch_argv(server.url, "aliyun", domains, *settled_span(2))) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and "SignatureDoesNotMatch" in err, err


# ---- 3. an endpoint that never answers -----------------------------------------------------


@pytest.fixture
def silent() -> Iterator[str]:
    with silent_endpoint() as url:
        yield url


def test_a_silent_endpoint_is_named_once_while_waiting_and_given_up_in_time(
    silent: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "never-printed-secret-7c1d"
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-fake-silent-test")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
    # Three windows, so three workers wait at once; one notice covers them all.
    argv = fetch_argv(silent, "aliyun", ["www.example.com"], *settled_span(3))
    started = time.monotonic()
    assert main([*argv, "--timeout", "2"]) == 1
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    host = silent.removeprefix("http://").rstrip("/")
    assert out == ""
    assert err.splitlines() == [
        f"cdnmon: waiting for Alibaba Cloud at {host} (DescribeDomainRealTimeSrcBpsData): "
        "no answer after 1 s; giving up in at most 1 s",
        f"cdnmon: Alibaba Cloud account 'env': network error: no answer within the timeout "
        f"({host}) -- check the network connection and the endpoint",
    ]
    assert secret not in err
    assert 1.9 <= took < 5, took


def test_the_wait_bound_is_in_the_fetch_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fetch", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "given up after --timeout seconds (default 60" in text
    assert "once a call has waited 5 seconds, a line on stderr says what cdnmon is waiting for" in (
        text
    )


@pytest.mark.parametrize("timeout", ["0", "-3", "nan", "inf", "3601"])
def test_a_timeout_out_of_range_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], timeout: str
) -> None:
    argv = fetch_argv("https://cdn.aliyuncs.com/", "aliyun", ["a.example.com"])
    assert main([*argv, "--timeout", timeout]) == 2
    assert capsys.readouterr().err == "cdnmon: --timeout is a number of seconds from 1 to 3600\n"


# ---- 4. endpoints that cannot be right -----------------------------------------------------

UNDECODABLE = b"\xff".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("{url}" + UNDECODABLE, "it contains control, invisible or undecodable characters"),
        ("{bare}", "it needs https:// in front (http:// only for the emulator on loopback)"),
        ("{url}a b", "it contains a space"),
        ("{url}é", "its path may hold only ASCII letters, digits and / - . _ ~"),
        ("ftp://{bare}", "ftp:// is not http:// or https://"),
        ("https:///cdn", "it names no host"),
        ("https://例子..测试/", "the host name '例子..测试' cannot be written for DNS (IDNA)"),
        ("https://cdn..example.com/", "the host name 'cdn..example.com' is not valid"),
        ("http://[::1/", "its host cannot be read"),  # an IPv6 address left open
        ("https://cdn.example.com:99999/", "its port is not a number from 0 to 65535"),
    ],
)
def test_a_malformed_endpoint_says_what_is_wrong_before_any_call(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    endpoint: str,
    reason: str,
) -> None:
    account = first_account(server, "aliyun")
    use_key(monkeypatch, account)  # the right key: only the endpoint is wrong
    endpoint = endpoint.format(url=server.url, bare=server.url.removeprefix("http://"))
    argv = fetch_argv(endpoint, "aliyun", online_domains(account)[:1])
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"cdnmon: the endpoint {endpoint!r} is not a URL like https://cdn.aliyuncs.com/: {reason}\n"
    )
    assert server.stats.requests() == 0


def test_an_endpoint_with_a_password_is_refused_without_repeating_it(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "aliyun")
    use_key(monkeypatch, account)
    endpoint = server.url.replace("http://", "http://admin:hunter2-pw@")
    assert main(fetch_argv(endpoint, "aliyun", online_domains(account)[:1])) == 2
    err = capsys.readouterr().err
    assert err == "cdnmon: the endpoint URL contains a user name or password; remove it\n"
    assert server.stats.requests() == 0


@pytest.mark.parametrize(
    ("provider", "signature"), [("aliyun", "v3"), ("aliyun", "v1"), ("ucloud", "")]
)
def test_an_endpoint_with_a_path_is_signed_as_sent(
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    provider: str,
    signature: str,
) -> None:
    # A path once reached the provider unsigned, and the answer blamed the secret.
    account = first_account(server, provider)
    use_key(monkeypatch, account)
    extra = ["--signature", signature] if signature else []
    argv = fetch_argv(server.url + "cdn/api", provider, online_domains(account)[:1], *extra)
    assert main(argv) == 0, capsys.readouterr().err
    assert len(capsys.readouterr().out.splitlines()) > 50


# ---- 5. help for every option --------------------------------------------------------------


def parsers(
    parser: argparse.ArgumentParser, name: str = "cdnmon"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from parsers(sub, f"{name} {command}")


def test_every_option_of_every_command_has_help() -> None:
    for name, parser in parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                described = {choice.dest for choice in action._choices_actions if choice.help}
                assert described == set(action.choices), name
            else:
                shown = "/".join(action.option_strings) or action.dest
                assert action.help, f"`{name}`: {shown} has no help"
        text = parser.format_help()  # also: every %-placeholder in the help expands
        assert "%%" not in text and "%(" not in text, name


def test_report_help_prints_a_single_percent_sign(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["report", "--help"])
    assert leaving.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(top 5% of the month's" in text and "%%" not in text


# ---- 6. --demo -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "provider", "domain"),
    [
        (["--demo", "fetch"], "aliyun", "www.shop.example.com"),
        (["fetch", "--demo"], "aliyun", "www.media.example.com"),
        (["--demo", "fetch"], "ucloud", "www.news.example.com"),
    ],
)
def test_demo_fetch_needs_no_account(
    capsys: pytest.CaptureFixture[str], head: list[str], provider: str, domain: str
) -> None:
    argv = [*head, "--provider", provider, "--domain", domain, "--format", "json"]
    assert main(argv) == 0, capsys.readouterr().err
    rows = json.loads(capsys.readouterr().out)
    assert {r["domain"] for r in rows} == {domain}  # the demo account holding it was used
    assert 50 <= len(rows) <= 61  # the last hour at 1-minute spacing
    assert any(r["provisional"] for r in rows) and not all(r["provisional"] for r in rows)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ("--demo report", "--demo applies to the window, fetch and collect only"),
        ("--demo export", "--demo applies to the window, fetch and collect only"),
        ("--demo credentials list", "--demo applies to the window, fetch and collect only"),
        ("--demo emulator --port 0", "--demo applies to the window, fetch and collect only"),
        (
            "--demo fetch --provider aliyun --domain a.example.com --store",
            "--store does not go with --demo: demo points are not real history",
        ),
        (
            "fetch --demo --provider aliyun --domain a.example.com --endpoint https://x.example/",
            "--endpoint does not go with --demo, which serves its own emulator",
        ),
        (
            "--demo fetch --provider ucloud --domain a.example.com --account prod",
            "there is no UCloud demo account 'prod'; use one of: demo-games, demo-news",
        ),
    ],
)
def test_demo_where_it_makes_no_sense_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: str, message: str
) -> None:
    assert main(argv.split()) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"cdnmon: {message}\n")


# ---- 7. the emulator's greeting --------------------------------------------------------------


def expand_braces(text: str) -> str:
    """``{www,img}.shop.example.com`` -> ``www.shop.example.com, img.shop.example.com``."""
    return re.sub(
        r"\{([^}]*)\}\.([^\s;,]+)",
        lambda found: ", ".join(f"{host}.{found[2]}" for host in found[1].split(",")),
        text,
    )


def test_the_emulator_lists_its_keys_and_domains_and_a_fetch_that_works() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cdnmon", "emulator"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        greeting: list[str] = []
        while not greeting or greeting[-1] != "Press Ctrl+C to stop.":
            line = process.stdout.readline()
            assert line, "the emulator ended before its greeting"
            greeting.append(line.rstrip("\n"))
        text = "\n".join(greeting)
        assert re.fullmatch(r"cdnmon emulator listening on http://127\.0\.0\.1:\d+/", greeting[0])
        assert "valid only here" in text  # the keys are no one's real keys
        listed = expand_braces(text)
        for account in demo_accounts():
            assert f"{account.key_id}:{account.secret}" in text
            for domain in account.domains:
                assert domain.name in listed, domain.name
        assert len(greeting) <= 40, "keep it to a screen"

        # The example, run as printed (with this interpreter for `cdnmon`).
        example = greeting[greeting.index("Try:") + 1].strip()
        words = shlex.split(example)
        env = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
        command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
        assert command[:2] == ["cdnmon", "fetch"]
        done = subprocess.run(
            [sys.executable, "-m", "cdnmon", *command[1:]],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("provider,domain,time,bps,provisional\n")
        assert len(done.stdout.splitlines()) > 50
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=10)
        finally:
            process.kill()
    assert process.returncode == 0


# ---- 8. provisional points -------------------------------------------------------------------


def test_fetch_marks_provisional_points_and_can_leave_them_out(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "aliyun")
    use_key(monkeypatch, account)
    now = int(time.time())
    span = ["--start", format_utc(now - 40 * MINUTE), "--end", format_utc(now)]  # both calls
    argv = fetch_argv(server.url, "aliyun", online_domains(account)[:1], *span)
    delay = DATA_DELAYS["aliyun"]

    before = time.time()
    assert main(argv) == 0
    after = time.time()
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["provisional"] for r in rows} == {"true", "false"}
    for row in rows:
        t = parse_utc(row["time"])
        if t >= after - delay:
            assert row["provisional"] == "true", row
        elif t < before - delay:
            assert row["provisional"] == "false", row

    assert main([*argv, "--settled-only", "--format", "json"]) == 0
    settled = json.loads(capsys.readouterr().out)
    assert settled and all(r["provisional"] is False for r in settled)
    assert all(parse_utc(r["time"]) < time.time() - delay for r in settled)
    # The points settled before, and perhaps one that settled in between.
    earlier = [r["time"] for r in rows if r["provisional"] == "false"]
    assert [r["time"] for r in settled][: len(earlier)] == earlier
    assert len(settled) - len(earlier) <= 1


def test_export_marks_stored_points_by_the_same_rule(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    account = first_account(server, "ucloud")
    use_key(monkeypatch, account)
    domain = online_domains(account)[0]
    assert main([*fetch_argv(server.url, "ucloud", [domain]), "--store"]) == 0
    fetched = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    assert main(["export", "--provider", "ucloud", "--domain", domain]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(exported[0]) == ["provider", "domain", "time", "bps", "provisional"]
    assert [r["time"] for r in exported] == [r["time"] for r in fetched]
    assert {r["provisional"] for r in exported} == {"true", "false"}
    cut = time.time() - DATA_DELAYS["ucloud"]
    assert all(r["provisional"] == "false" for r in exported if parse_utc(r["time"]) < cut - 60)

    assert main(["export", "--provider", "ucloud", "--domain", domain, "--settled-only"]) == 0
    settled = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert settled and {r["provisional"] for r in settled} == {"false"}
    assert len(settled) < len(exported)


def test_a_reader_that_stops_early_ends_fetch_quietly() -> None:
    """`cdnmon fetch ... | head -1`: the pipe closes under the writer; no traceback."""
    # A reader already gone, so the first write meets a closed pipe whatever the buffer size.
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait(timeout=10)
    assert reader.stdin is not None
    start = format_utc(int(time.time()) // HOUR * HOUR - 6 * HOUR)
    done = subprocess.run(
        [sys.executable, "-m", "cdnmon", "--demo", "fetch", "--provider", "aliyun",
         "--domain", "www.shop.example.com", "--start", start],
        stdout=reader.stdin, stderr=subprocess.PIPE, text=True, timeout=60,
    )  # fmt: skip
    reader.stdin.close()
    assert (done.returncode, done.stderr) == (141, "")
