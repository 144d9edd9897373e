"""The collector's cost and latency: CPU and memory polling 200 domains every 60 s, and the
time from a point settling to Prometheus answering a query for it.

The emulator serves one Alibaba Cloud account of ``--domains`` domains (``wide_account``)
at its real rate limit (10 calls/s); a real ``cdnmon collect`` process polls every domain
every ``--refresh`` seconds, and a real Prometheus scrapes it every ``--scrape`` and takes its
remote writes. After the start-up backfill, ``--minutes`` of steady polling are measured:
the collector's CPU time and resident memory (from /proc), and for every minute that
settles meanwhile (its end plus the provider's data delay), how long until Prometheus had
its sample, scraped and pushed. Figures only; nothing here passes or fails.

    python -m cdnmon.bench.collector [--domains 200] [--refresh 60] [--minutes 5]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import requests

from cdnmon.accounts.credentials import ENV_VARS
from cdnmon.bench.processes import child_process
from cdnmon.bench.prometheus import Prometheus, find_tool, free_port, running_prometheus
from cdnmon.collect.exposition import BANDWIDTH
from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.model import MINUTE
from cdnmon.providers.registry import DATA_DELAYS

PROVIDER = "aliyun"
TICK_S = os.sysconf("SC_CLK_TCK")
PATHS = {"scraped": '{job="cdnmon"}', "pushed": '{job=""}'}
LOOK_BACK = "15m"  # a settled point is ~6 minutes old: past the default 5-minute look-back


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK_S  # utime, stime


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.M))
    return int(found["VmRSS"]) / 1024, int(found["VmHWM"]) / 1024


def newest_points(url: str) -> int:
    try:
        return requests.get(url, timeout=5).text.count(BANDWIDTH + "{")
    except requests.RequestException:
        return 0


def watch_samples(
    prom: Prometheus, until: float
) -> tuple[dict[tuple[str, str, float], float], float]:
    """When each (path, domain, minute) sample was first seen in Prometheus, and the longest
    a look took (the figures' resolution). The newest sample of every series is read with
    ``timestamp()``, which the look-back of ``LOOK_BACK`` lets reach minutes-old samples."""
    seen: dict[tuple[str, str, float], float] = {}
    longest = 0.0
    while time.time() < until:
        started = time.time()
        for path, selector in PATHS.items():
            found = prom.query(f"timestamp({BANDWIDTH}{selector})")["result"]
            now = time.time()
            for series in found:
                seen.setdefault((path, series["metric"]["domain"], float(series["value"][1])), now)
        longest = max(longest, time.time() - started)
        time.sleep(0.2)
    return seen, longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--refresh", type=int, default=60, help="seconds between rounds")
    parser.add_argument("--minutes", type=float, default=5, help="steady polling measured")
    parser.add_argument("--scrape", default="15s", help="Prometheus's scrape interval")
    args = parser.parse_args()
    if args.domains < 1 or args.refresh < 10 or args.minutes <= 0:
        parser.error("--domains >= 1, --refresh >= 10 and --minutes > 0, please")
    account = wide_account(PROVIDER, "bench", args.domains)
    key_var, secret_var, _ = ENV_VARS[PROVIDER]
    binary = find_tool("prometheus")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cdnmon-bench-")))
        server = stack.enter_context(EmulatorServer([account]))
        receiver = free_port()
        config = folder / "collect.toml"
        config.write_text(
            f'listen = "127.0.0.1:0"\nrefresh = "{args.refresh}s"\n'
            f'remote_write = "http://127.0.0.1:{receiver}/api/v1/write"\n'
            f'[[source]]\nprovider = "{PROVIDER}"\naccount = "env"\nendpoint = "{server.url}"\n',
            encoding="utf-8",
        )
        env = {
            **os.environ,
            key_var: account.key_id,
            secret_var: account.secret,
            **{f"CDNMON_{n}_DIR": str(folder / n.lower()) for n in ("CONFIG", "DATA", "LOG")},
        }
        log_path = folder / "collector.log"
        log = stack.enter_context(log_path.open("w", encoding="utf-8"))
        started = time.monotonic()
        collector = stack.enter_context(
            child_process(
                [sys.executable, "-m", "cdnmon", "collect", "--config", str(config)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        )
        while not (found := re.search(r"/metrics at (http://\S+/metrics);", log_path.read_text())):
            time.sleep(0.1)
        url = found[1]
        while newest_points(url) < args.domains:  # the start-up backfill
            if collector.poll() is not None:
                raise SystemExit(f"the collector ended:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.5)
        backfill_s = time.monotonic() - started
        backfill_cpu = cpu_seconds(collector.pid)
        prom = None
        if binary is not None:
            target = url.removeprefix("http://").removesuffix("/metrics")
            prom = stack.enter_context(
                running_prometheus(
                    binary,
                    folder / "prometheus",
                    port=receiver,
                    scrape=target,
                    scrape_interval=args.scrape,
                    options=(f"--query.lookback-delta={LOOK_BACK}",),
                )
            )
        measured_from, cpu_from = time.time(), cpu_seconds(collector.pid)
        until = measured_from + args.minutes * 60
        seen, resolution = watch_samples(prom, until) if prom else ({}, 0.0)
        while time.time() < until:
            time.sleep(1.0)
        cpu = cpu_seconds(collector.pid) - cpu_from
        wall = time.time() - measured_from
        rss, peak = memory_mb(collector.pid)
        calls = len(server.stats.arrivals(account.key_id))
        throttled = server.stats.throttled(PROVIDER)

    delay = DATA_DELAYS[PROVIDER]
    print(f"collector                 {args.domains} domains, one Alibaba Cloud account")
    print(f"refresh                   {args.refresh} s; measured {wall:.0f} s of steady polling")
    print(f"start-up backfill         {backfill_s:.1f} s, {backfill_cpu:.2f} s of CPU (last hour)")
    print(
        f"CPU while polling         {100 * cpu / wall:.2f}% of a core ({cpu:.2f} s in {wall:.0f} s)"
    )
    print(f"memory                    {rss:.0f} MB resident, {peak:.0f} MB at the peak")
    print(f"calls to the provider     {calls} in all, {throttled} throttled")
    if prom is None:
        print("settled to queryable      not measured (no prometheus: apt-get install prometheus)")
        return
    for path in PATHS:
        # Minutes that settled while measured: the minute's end plus the data delay.
        waits = [
            at - (t + MINUTE + delay)
            for (p, _, t), at in seen.items()
            if p == path and t + MINUTE + delay >= measured_from + 30
        ]
        if waits:
            print(
                f"settled to queryable, {path:7} median {statistics.median(waits):5.1f} s, "
                f"max {max(waits):5.1f} s over {len(waits)} points (scrape every {args.scrape}; "
                f"looked every {resolution + 0.2:.1f} s at most)"
            )
        else:
            print(f"settled to queryable, {path:7} no minute settled while measured")


if __name__ == "__main__":
    main()
