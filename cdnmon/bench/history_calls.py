"""API calls in a day of 1-minute auto-refresh: the history planner against re-fetching.

20 domains, a refresh every minute for 24 hours, the chart showing the last hour or day.
Baseline: every refresh fetches the whole visible range (what the window did before the
history). Planner: every refresh fetches what the store lacks, that is the provisional
tail plus the new minute, after one initial fill. Both are counted from the providers' own
window splits; then a stretch of refreshes is run for real against the emulator, with a
real store, and the calls the emulator saw are compared with the count.

    python -m cdnmon.bench.history_calls [--domains 20] [--verify-refreshes 15]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.history import coverage
from cdnmon.history.backfill import fetch_into_store
from cdnmon.history.store import HistoryStore
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers import ratelimit
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.base import Credentials, Domain
from cdnmon.providers.registry import DATA_DELAYS
from cdnmon.providers.ucloud import UCloudClient

Windows = Callable[[TimeRange], Sequence[TimeRange]]
REFRESH = MINUTE
SCENARIOS = ((HOUR, MINUTE), (DAY, MINUTE), (7 * DAY, 5 * MINUTE))


def planner_spans(
    visible: int, interval: int, refreshes: int, start: float, delay: int
) -> list[list[TimeRange]]:
    """What each refresh asks for, per domain, when only what is missing is fetched; by the
    store's own rule (a fetch is covered except its provisional tail)."""
    covered: list[TimeRange] = []
    asked = []
    for k in range(refreshes):
        now = start + k * REFRESH
        wanted = coverage.aligned(TimeRange.last(visible, now, align=interval), interval)
        missing = coverage.subtract(wanted, covered)
        asked.append(missing)
        settled = [coverage.settled_part(s, now - delay, interval) for s in missing]
        covered = coverage.merge([*covered, *(s for s in settled if s is not None)])
    return asked


def naive_spans(visible: int, interval: int, refreshes: int, start: float) -> list[list[TimeRange]]:
    """What each refresh asks for, per domain, when the whole visible range is re-fetched."""
    return [
        [TimeRange.last(visible, start + k * REFRESH, align=interval)] for k in range(refreshes)
    ]


def calls(asked: list[list[TimeRange]], windows: Windows, domains: int) -> list[int]:
    """API calls per refresh for ``domains`` domains."""
    return [domains * sum(len(windows(span)) for span in spans) for spans in asked]


def points(asked: list[list[TimeRange]], interval: int, domains: int) -> int:
    """Points transferred in all (the ranges' length; gaps would make it a little less)."""
    return domains * sum(span.seconds // interval for spans in asked for span in spans)


def verify(domains: int, refreshes: int, visible: int) -> tuple[int, int]:
    """Run ``refreshes`` planner refreshes against the emulator; (calls seen, calls counted)."""
    names = tuple(Domain(f"site{i:02d}.bench.example.com", status="online") for i in range(domains))
    account = DemoAccount("aliyun", "bench", "bench-history-id", "bench-history-secret", "", names)
    # The emulator's clock runs a minute per refresh, starting early enough that it stays
    # within the 15 minutes of signature-time skew Alibaba allows.
    clock = [time.time() - refreshes * MINUTE / 2]
    start = clock[0]
    with (
        EmulatorServer([account], clock=lambda: clock[0], aliyun_rate_limit=None) as server,
        tempfile.TemporaryDirectory(prefix="cdnmon-bench-") as folder,
        HistoryStore(Path(folder) / "history.sqlite3") as store,
    ):
        ratelimit.set_rate("aliyun", account.key_id, 1e9)  # count calls, do not pace them
        client = AliyunClient(Credentials(account.key_id, account.secret), "bench", server.url)
        for _ in range(refreshes):
            span = TimeRange.last(visible, clock[0])
            fetch_into_store(client, store, [d.name for d in names], span, MINUTE, now=clock[0])
            clock[0] += REFRESH
        client.close()
        seen = server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData")
    asked = planner_spans(visible, MINUTE, refreshes, start, DATA_DELAYS["aliyun"])
    return seen, sum(calls(asked, lambda s: client.windows(s, MINUTE), domains))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=20)
    parser.add_argument("--verify-refreshes", type=int, default=15)
    args = parser.parse_args()
    refreshes = DAY // REFRESH
    start = time.time() // DAY * DAY + 26  # refreshes fall 26 s into each minute
    dummy = Credentials("bench-id", "bench-secret")
    clients = {
        "aliyun": AliyunClient(dummy, "bench", "http://127.0.0.1:9/"),
        "ucloud": UCloudClient(dummy, "bench", "http://127.0.0.1:9/"),
    }
    print(f"{args.domains} domains, a refresh every minute for 24 h ({refreshes} refreshes);")
    print("planner: calls of the first refresh (filling the range), then of a typical one")
    print(
        f"{'provider':8} {'visible':>7} {'every':>5} | {'calls/day: re-fetch':>19} "
        f"{'planner':>8} {'first':>6} {'then':>5} {'fewer':>6} | "
        f"{'points/day: re-fetch':>20} {'planner':>9}"
    )
    for provider, client in clients.items():
        for visible, interval in SCENARIOS:
            windows: Windows = lambda s, c=client, i=interval: c.windows(s, i)  # noqa: E731
            naive = naive_spans(visible, interval, refreshes, start)
            planned = planner_spans(visible, interval, refreshes, start, DATA_DELAYS[provider])
            naive_calls = calls(naive, windows, args.domains)
            planned_calls = calls(planned, windows, args.domains)
            steady = sorted(planned_calls[1:])[len(planned_calls) // 2]
            print(
                f"{provider:8} {_span(visible):>7} {interval:>4}s | {sum(naive_calls):>19,} "
                f"{sum(planned_calls):>8,} {planned_calls[0]:>6,} {steady:>5} "
                f"{sum(naive_calls) / sum(planned_calls):>5.1f}x | "
                f"{points(naive, interval, args.domains):>20,} "
                f"{points(planned, interval, args.domains):>9,}"
            )
        client.close()

    for visible in (HOUR, DAY):
        seen, counted = verify(args.domains, args.verify_refreshes, visible)
        print(
            f"check against the emulator, {_span(visible)} visible, {args.verify_refreshes} "
            f"refreshes: {seen} calls made, {counted} counted"
            + ("" if seen == counted else "  MISMATCH")
        )


def _span(seconds: int) -> str:
    return f"{seconds // DAY} d" if seconds >= DAY else f"{seconds // HOUR} h"


if __name__ == "__main__":
    main()
