"""What showing edge beside origin costs: the live core selecting N domains of one account
with and without their edge bandwidth, at the providers' rate limits, against the emulator.

Edge is fetched in the same batches as the origin, so it costs one more call a window for
a batch of domains: a call per domain where the provider answers for one domain a call
(Alibaba Cloud, EdgeOne's edge), a call per 30 (Tencent Cloud) or 20 (Huawei Cloud)
domains where it answers for several. Baseline: the same selection without edge, in the
same run, each in a fresh emulator and core.

    python -m cdnmon.bench.edge_cost [--domains 60] [--providers aliyun tencent ...]
"""

from __future__ import annotations

import argparse
import time

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import wide_account
from cdnmon.live.core import LiveCore
from cdnmon.live.runner import HeadlessRunner
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.registry import CDN_PROVIDERS, make_client


def select(provider: str, count: int, edge: bool) -> tuple[int, float]:
    """Calls made and seconds taken to fetch the last hour of ``count`` domains."""
    account = wide_account(provider, "wide", count)
    with EmulatorServer([account]) as server:
        credentials = Credentials(account.key_id, account.secret, account.project_id)
        client = make_client(provider, credentials, account.name, server.url)
        core = LiveCore(HeadlessRunner())
        core.add_source(client, list_domains=False)
        keys = [(provider, account.name, d.name) for d in account.domains]
        began = time.perf_counter()
        core.set_selection(keys, edge=keys if edge else [])
        finished = core.runner.run(until=lambda: core.in_flight == 0, timeout_s=600)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - began
        assert finished, "the fetches did not finish"
        assert all(core.snapshot(k).has_points for k in keys)  # type: ignore[union-attr]
        if edge:
            assert all(core.snapshot(k).edge is not None for k in keys)  # type: ignore[union-attr]
        calls = server.stats.requests(provider)
        core.shutdown()
    return calls, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=60)
    parser.add_argument("--providers", nargs="+", default=list(CDN_PROVIDERS))
    args = parser.parse_args()
    print(f"edge cost: the last hour of {args.domains} domains, at the providers' limits")
    print(f"{'provider':<16} {'origin only':>20} {'origin + edge':>20} {'ratio':>12}")
    for provider in args.providers:
        calls, seconds = select(provider, args.domains, edge=False)
        edge_calls, edge_seconds = select(provider, args.domains, edge=True)
        print(
            f"{PROVIDER_TITLES[provider]:<16} {calls:>7} calls {seconds:>6.2f} s "
            f"{edge_calls:>7} calls {edge_seconds:>6.2f} s "
            f"{edge_calls / calls:>5.2f}x {edge_seconds / seconds:>5.2f}x"
        )


if __name__ == "__main__":
    main()
