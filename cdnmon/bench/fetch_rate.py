"""How close a big fetch comes to the provider's rate limit, against the emulator.

24 h of 1-minute data for 20 domains on one Alibaba account is 480 one-hour windows (one
domain a call); at 10 calls/s the limit allows it in 48 s. Tencent Cloud CDN brings up to
30 domains' 24 h of 1-minute points in one call, at 20 calls/s. The emulator enforces each
provider's limit, so a client that bursts shows up as throttled calls. Baseline: the same
fetch with pacing off and the emulator's limit lifted, which is what the machine and the
emulator cost on their own. The bound is the calls actually sent at the provider's rate.

    python -m cdnmon.bench.fetch_rate [--provider aliyun] [--domains 20] [--hours 24]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.fetching import fetch_series
from cdnmon.model import HOUR, TimeRange
from cdnmon.providers import ratelimit
from cdnmon.providers.base import Credentials, domains_per_call
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.registry import CALLS_PER_SECOND, make_client

UNPACED = 1e9  # calls a second: no pacing at all


def busiest_second(arrivals: list[float]) -> int:
    """The most calls that arrived within any one-second window."""
    return max((sum(1 for b in arrivals if a - 1.0 < b <= a) for a in arrivals), default=0)


def timed_fetch(
    server: EmulatorServer, account: DemoAccount, span: TimeRange
) -> tuple[float, int, int]:
    """Seconds the fetch took, the points it brought, and the domains the client asks
    for in one call."""
    credentials = Credentials(account.key_id, account.secret, account.project_id)
    client = make_client(account.provider, credentials, account.name, server.url)
    started = time.perf_counter()
    series = fetch_series(client, [d.name for d in account.domains], span)
    elapsed = time.perf_counter() - started
    client.close()
    assert all(s.points for s in series)
    return elapsed, sum(len(s.points) for s in series), domains_per_call(client)


def measure(account: DemoAccount, span: TimeRange, paced: bool) -> dict[str, Any]:
    """One fetch of every domain over ``span``: paced at the provider's rate against the
    emulator's limit, or with both off (the baseline)."""
    provider, rate = account.provider, CALLS_PER_SECOND[account.provider]
    limit = {} if paced else {f"{provider}_rate_limit": None}
    with EmulatorServer([account], **limit) as server:
        ratelimit.set_rate(provider, account.key_id, rate if paced else UNPACED)
        elapsed, points, per_call = timed_fetch(server, account, span)
        arrivals = server.stats.arrivals(account.key_id)
        return {
            "seconds": elapsed,
            "points": points,
            "per_call": per_call,
            "calls": len(arrivals),
            "actions": ", ".join(f"{a} {n}" for (_, a), n in server.stats.by_action().items()),
            "busiest": busiest_second(arrivals),
            "throttled": server.stats.throttled(provider),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=tuple(CALLS_PER_SECOND), default="aliyun")
    parser.add_argument("--domains", type=int, default=20)
    parser.add_argument("--hours", type=int, default=24)
    args = parser.parse_args()
    if args.domains < 1 or args.hours < 1:
        parser.error("--domains and --hours must be at least 1")
    account = wide_account(args.provider, "bench", args.domains)
    end = (int(time.time()) // HOUR) * HOUR
    span = TimeRange(end - args.hours * HOUR, end)
    rate = CALLS_PER_SECOND[args.provider]

    unpaced = measure(account, span, paced=False)
    paced = measure(account, span, paced=True)
    bound = paced["calls"] / rate

    title, per_call = PROVIDER_TITLES[args.provider], paced["per_call"]
    domains = "1 domain" if per_call == 1 else f"up to {per_call:.0f} domains"
    print(f"provider                  {title}: {domains} a call, {rate:g} calls/s")
    print(f"fetched                   {args.domains} domains x {args.hours} h of 1-minute data")
    print(f"points                    {paced['points']:.0f}")
    print(f"calls sent                {paced['calls']:.0f} ({paced['actions']})")
    print(f"baseline, pacing off      {unpaced['seconds']:7.2f} s ({unpaced['calls']:.0f} calls)")
    print(f"paced at the limit        {paced['seconds']:7.2f} s")
    print(f"time the limit allows     {bound:7.2f} s ({paced['calls']:.0f} calls at {rate:g}/s)")
    print(f"ratio to the limit        {paced['seconds'] / bound:7.3f}x (target <= 1.2x)")
    print(f"busiest second            {paced['busiest']:.0f} calls (limit {rate:g})")
    print(f"throttled answers         {paced['throttled']:.0f}")


if __name__ == "__main__":
    main()
