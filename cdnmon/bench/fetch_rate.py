"""How close a big fetch comes to the provider's rate limit, against the emulator.

24 h of 1-minute data for 20 domains on one Alibaba account is 480 one-hour windows; at
10 calls/s the limit allows it in 48 s. The emulator enforces the limit, so a client that
bursts shows up as throttled calls. Baseline: the same 480 calls with pacing off, which is
what the machine and the emulator cost on their own.

    python -m cdnmon.bench.fetch_rate [--domains 20] [--hours 24]
"""

from __future__ import annotations

import argparse
import time

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.fetching import fetch_series
from cdnmon.model import HOUR, TimeRange
from cdnmon.providers import ratelimit
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.aliyun.client import CALLS_PER_SECOND
from cdnmon.providers.base import Credentials, Domain


def bench_account(domains: int) -> DemoAccount:
    names = tuple(Domain(f"site{i:02d}.bench.example.com", status="online") for i in range(domains))
    return DemoAccount("aliyun", "bench", "bench-aliyun-id", "bench-aliyun-secret", "", names)


def busiest_second(arrivals: list[float]) -> int:
    """The most calls that arrived within any one-second window."""
    return max((sum(1 for b in arrivals if a - 1.0 < b <= a) for a in arrivals), default=0)


def timed_fetch(server: EmulatorServer, account: DemoAccount, span: TimeRange) -> float:
    client = AliyunClient(Credentials(account.key_id, account.secret), "bench", server.url)
    started = time.perf_counter()
    series = fetch_series(client, [d.name for d in account.domains], span)
    elapsed = time.perf_counter() - started
    client.close()
    assert all(s.points for s in series)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=20)
    parser.add_argument("--hours", type=int, default=24)
    args = parser.parse_args()
    account = bench_account(args.domains)
    end = (int(time.time()) // HOUR) * HOUR
    span = TimeRange(end - args.hours * HOUR, end)
    calls = args.domains * args.hours
    bound = calls / CALLS_PER_SECOND

    with EmulatorServer([account], aliyun_rate_limit=None) as server:
        # Baseline: pacing off (a huge shared rate), emulator limit off.
        ratelimit.set_rate("aliyun", account.key_id, 1e9)
        unpaced = timed_fetch(server, account, span)
    with EmulatorServer([account]) as server:
        ratelimit.set_rate("aliyun", account.key_id, CALLS_PER_SECOND)
        paced = timed_fetch(server, account, span)
        arrivals = server.stats.arrivals(account.key_id)
        throttled = server.stats.throttled()

    print(f"windows fetched           {calls} ({args.domains} domains x {args.hours} h)")
    print(f"baseline, pacing off      {unpaced:7.2f} s")
    print(f"paced at the 10 calls/s   {paced:7.2f} s")
    print(f"time the limit allows     {bound:7.2f} s")
    print(f"ratio to the limit        {paced / bound:7.3f}x (target <= 1.2x)")
    print(f"calls sent                {len(arrivals)}")
    print(f"busiest second            {busiest_second(arrivals)} calls (limit 10)")
    print(f"throttled answers         {throttled}")


if __name__ == "__main__":
    main()
