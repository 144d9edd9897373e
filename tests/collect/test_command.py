"""``cdnmon collect`` as an operator runs it: a real process against the emulator, scraped
by a real Prometheus and pushing into its remote-write receiver (origin, and edge where the
config asks for it); SIGTERM ends it with exit 0; a mistake is one sentence and exit 2. And
``cdnmon export --format openmetrics``, which ``promtool`` turns into blocks holding exactly
the settled history."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from cdnmon.cli import main
from cdnmon.collect.exposition import BANDWIDTH, BANDWIDTH_NAMES
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.history.store import HistoryStore
from cdnmon.model import EDGE, HOUR, MINUTE, ORIGIN, Metric, Series, TimeRange
from cdnmon.providers.registry import settled_before
from tests.cdnmon_process import REPO, cdnmon_environment
from tests.children import child_process
from tests.emulated import first_account, online_domains
from tests.prometheus import Samples, free_port, promtool, running_prometheus, wait_until
from tests.providers.fetch_cli import key_environment

STOP_S = 30
# On the real clock, as the collector's process is (it asks for "now"); no server-side
# Alibaba limit, so a loaded machine's bunched calls are not throttled.
pytestmark = pytest.mark.emulator(real_time=True, aliyun_rate_limit=None)


def config_text(
    endpoint: str, domains: list[str], remote_write: str = "", edge: bool = False
) -> str:
    listed = ", ".join(f'"{d}"' for d in domains)
    return (
        'listen = "127.0.0.1:0"\nrefresh = "10s"\n'
        + (f'remote_write = "{remote_write}"\n' if remote_write else "")
        + f'\n[[source]]\nprovider = "aliyun"\naccount = "env"\nendpoint = "{endpoint}"\n'
        + f"domains = [{listed}]\n"
        + ("edge = true\n" if edge else "")
    )


def said(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Exit status and stderr of ``cdnmon ARGV`` run in this process."""
    status = main(list(argv))
    return status, capsys.readouterr().err


# ---- mistakes ---------------------------------------------------------------------------


def test_a_mistake_in_the_config_is_one_sentence_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "collect.toml"
    config.write_text('listen = "127.0.0.1:0"\nrefesh = "60s"\n', encoding="utf-8")
    status, err = said(capsys, "collect", "--config", str(config))
    assert status == 2
    assert err == (
        f"cdnmon: {config}:2: unknown setting 'refesh' at the top level; did you mean 'refresh'?\n"
    )
    status, err = said(capsys, "collect")
    assert status == 2 and err.startswith("cdnmon: give the collector its config file: ")
    status, err = said(capsys, "collect", "--config", str(tmp_path / "none.toml"))
    assert status == 2 and "check the path given to --config" in err and err.count("\n") == 1


def test_an_account_it_cannot_use_is_named_with_its_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "collect.toml"
    config.write_text(config_text("http://127.0.0.1:9/", ["a.example.com"]), encoding="utf-8")
    status, err = said(capsys, "collect", "--config", str(config))
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"cdnmon: {config}:4: source 1: account 'env' means credentials ")
    stored = config.read_text(encoding="utf-8").replace('"env"', '"prod"')
    config.write_text(stored, encoding="utf-8")
    status, err = said(capsys, "collect", "--config", str(config))
    assert status == 2
    assert err.startswith(
        f"cdnmon: {config}:4: source 1: account: there is no Alibaba Cloud account 'prod'; "
    )


def test_a_listen_address_in_use_is_one_sentence(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = first_account(server, "aliyun")
    for name, value in key_environment(account).items():
        monkeypatch.setenv(name, value)
    config = tmp_path / "collect.toml"
    text = config_text(server.url, online_domains(account)[:1])
    config.write_text(text.replace("127.0.0.1:0", f"127.0.0.1:{server.port}"), encoding="utf-8")
    status, err = said(capsys, "collect", "--config", str(config))
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"cdnmon: cannot serve /metrics on 127.0.0.1:{server.port}: ")


# ---- the real thing ---------------------------------------------------------------------


def by_domain(samples: Samples) -> dict[str, list[tuple[float, float]]]:
    return {dict(labels)["domain"]: points for labels, points in samples.items()}


def expected(
    server: EmulatorServer,
    account: DemoAccount,
    domain: str,
    start: float,
    end: float,
    metric: Metric = ORIGIN,
) -> list[tuple[float, float]]:
    """The emulator's points of ``[start, end]`` as Prometheus holds them: bytes/s."""
    span = TimeRange(int(start), int(end) + 1)
    served = server.expected_series("aliyun", account.key_id, domain, span, MINUTE, metric)
    return [(float(t), v / 8) for t, v in served]


@pytest.mark.slow  # a minute has to settle while Prometheus scrapes
def test_prometheus_holds_the_emulator_points_by_scrape_and_by_remote_write(
    tmp_path: Path, server: EmulatorServer
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:3]
    receiver = free_port()  # nothing listens there yet: the receiver is down at first
    config = tmp_path / "collect.toml"
    write_url = f"http://127.0.0.1:{receiver}/api/v1/write"
    config.write_text(config_text(server.url, domains, write_url, edge=True), encoding="utf-8")
    log = tmp_path / "collector.log"
    started = time.time()
    with (
        log.open("w", encoding="utf-8") as stderr,
        child_process(
            [sys.executable, "-m", "cdnmon", "collect", "--config", str(config)],
            cwd=REPO,
            env=cdnmon_environment(key_environment(account)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        ) as collector,
    ):
        found = wait_until(
            lambda: re.search(r"/metrics at (http://\S+/metrics);", log.read_text()),
            what="the collector's address",
        )
        url = found[1]
        # The start-up backfill is done once every domain has its newest settled point.
        wait_until(lambda: requests.get(url, timeout=5).text.count(BANDWIDTH + "{") == 3)
        backfilled = time.time()
        wait_until(lambda: "failed (ConnectionError)" in log.read_text(), what="a failed push")
        text = requests.get(url, timeout=5).text
        checked = promtool("check", "metrics", stdin=text)
        assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
        target = url.removeprefix("http://").removesuffix("/metrics")
        with running_prometheus(tmp_path / "prometheus", port=receiver, scrape=target) as prom:
            # Scraped: the newest settled point at its own minute, one sample per minute.
            def scraped_twice() -> Samples | None:
                found = prom.samples(BANDWIDTH + '{job="cdnmon"}')
                enough = len(found) == 3 and all(len(p) >= 2 for p in found.values())
                return found if enough else None

            scraped = wait_until(scraped_twice, timeout_s=100, what="a second scraped minute")
            # Pushed: the backfill, kept while the receiver was down, then every new minute;
            # the edge beside the origin, as the source has edge = true.
            pushed = {m: prom.samples(BANDWIDTH_NAMES[m] + '{job=""}') for m in (ORIGIN, EDGE)}
            # Stopped while its receiver still runs: a push in between would fail and warn.
            collector.send_signal(signal.SIGTERM)
            assert collector.wait(STOP_S) == 0
    said_text = log.read_text()
    assert "cdnmon collector: stopped, history closed" in said_text
    assert "Traceback" not in said_text
    # The one warning: the receiver was down at first.
    warnings = [line for line in said_text.splitlines() if " WARNING " in line]
    assert len(warnings) == 1, warnings
    assert f"remote write to {write_url} failed (ConnectionError)" in warnings[0]
    for domain, points in by_domain(scraped).items():
        first, last = points[0][0], points[-1][0]
        assert points == [p for p in expected(server, account, domain, first, last)]
    backfill_starts = {TimeRange.last(HOUR, t).start for t in (started, backfilled)}
    for metric, series in pushed.items():
        assert sorted(by_domain(series)) == sorted(domains), metric
        for domain, points in by_domain(series).items():
            first, last = points[0][0], points[-1][0]
            assert first in backfill_starts
            # Up to the newest minute the server had settled by the backfill (its gaps of up
            # to four minutes can fall right there, so not simply "a minute or two ago").
            settled = settled_before("aliyun", backfilled) - 2 * MINUTE
            assert last >= expected(server, account, domain, first, settled, metric)[-1][0]
            # Every minute the server has, none it lacks (its gaps), each value exact.
            assert points == expected(server, account, domain, first, last, metric), metric


def test_sigterm_while_the_receiver_is_down_exits_0_and_keeps_the_points(
    tmp_path: Path, server: EmulatorServer
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:1]
    config = tmp_path / "collect.toml"
    write_url = f"http://127.0.0.1:{free_port()}/api/v1/write"
    config.write_text(config_text(server.url, domains, write_url), encoding="utf-8")
    log = tmp_path / "collector.log"
    with (
        log.open("w", encoding="utf-8") as stderr,
        child_process(
            [sys.executable, "-m", "cdnmon", "collect", "--config", str(config)],
            cwd=REPO,
            env=cdnmon_environment(key_environment(account)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        ) as collector,
    ):
        found = wait_until(
            lambda: re.search(r"/metrics at (http://\S+/metrics);", log.read_text()),
            what="the collector's address",
        )
        wait_until(lambda: BANDWIDTH + "{" in requests.get(found[1], timeout=5).text)
        wait_until(lambda: "failed (ConnectionError)" in log.read_text(), what="a failed push")
        collector.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        assert collector.wait(STOP_S) == 0
    assert time.monotonic() - stopping < 10
    text = log.read_text()
    assert "remote write to http://127.0.0.1:" in text and "stopped, history closed" in text
    with HistoryStore() as store:
        [key] = store.series_keys("aliyun", "env", domains, MINUTE)
        times, _ = store.settled_arrays(*key, TimeRange(0, int(time.time())))
        assert times.size >= 50
        # All still to send, from the backfill's start: the next start sends them.
        [unsent] = store.unsent(write_url, key, 0)
        assert unsent.start == times[0] and unsent.end > times[-1]


def test_demo_collects_the_emulator_accounts_into_the_demo_history(
    tmp_path: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "collect.toml"
    config.write_text(
        'listen = "127.0.0.1:0"\n[[source]]\nprovider = "aliyun"\naccount = "prod"\n',
        encoding="utf-8",
    )
    status, err = said(capsys, "--demo", "collect", "--config", str(config))
    assert status == 2
    assert err == (
        f"cdnmon: {config}:2: source 1: the demo has no Alibaba Cloud account 'prod'; its "
        "accounts: demo-shop, demo-media\n"
    )
    config.write_text(config.read_text().replace('"prod"', '"demo-media"'), encoding="utf-8")
    log = tmp_path / "collector.log"
    with (
        log.open("w", encoding="utf-8") as stderr,
        child_process(
            [sys.executable, "-m", "cdnmon", "--demo", "collect", "--config", str(config)],
            cwd=REPO,
            env=cdnmon_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        ) as collector,
    ):
        found = wait_until(
            lambda: re.search(r"/metrics at (http://\S+/metrics);", log.read_text()),
            what="the collector's address",
        )
        text = wait_until(
            lambda: (t := requests.get(found[1], timeout=5).text).count(BANDWIDTH + "{") >= 8 and t
        )
        collector.send_signal(signal.SIGTERM)
        assert collector.wait(STOP_S) == 0
    assert 'account="demo-media"' in text and "demo-shop" not in text
    data = isolated_home / "data"
    assert (data / "demo-history.sqlite3").exists() and not (data / "history.sqlite3").exists()


# ---- export for a backfill --------------------------------------------------------------


def test_export_openmetrics_is_what_promtool_turns_into_blocks_settled_points_only(
    tmp_path: Path,
) -> None:
    now = time.time()
    start = int(now) // HOUR * HOUR - 3 * HOUR
    points = tuple((start + i * MINUTE, 8.0 * i) for i in range(3 * 60) if i % 50 != 7)
    with HistoryStore() as store:
        store.save(
            Series("aliyun", "prod", "img.example.com", MINUTE, points),
            TimeRange(start, start + 3 * HOUR),
            start + 2 * HOUR,  # the last hour still provisional: not for a backfill
        )
    exported = subprocess.run(
        [sys.executable, "-m", "cdnmon", "export", "--format", "openmetrics"],
        cwd=REPO,
        env=cdnmon_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.endswith("# EOF\n")
    path = tmp_path / "cdnmon.om"
    path.write_text(exported.stdout, encoding="utf-8")
    blocks = tmp_path / "blocks"
    made = promtool("tsdb", "create-blocks-from", "openmetrics", str(path), str(blocks))
    assert made.returncode == 0, made.stdout + made.stderr
    (blocks / "wal").mkdir()  # dump reads the head's write-ahead log too
    dumped = promtool("tsdb", "dump", str(blocks))
    assert dumped.returncode == 0, dumped.stderr
    found = sorted(
        (int(millis) // 1000, float(value))
        for value, millis in re.findall(r"^\{.*\} (\S+) (\d+)$", dumped.stdout, flags=re.M)
    )
    assert found == [(t, v / 8) for t, v in points if t < start + 2 * HOUR]
