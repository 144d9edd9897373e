"""``cdnmon fetch``: origin bandwidth of some domains as CSV or JSON on stdout."""

from __future__ import annotations

import argparse
import sys
import time

from cdnmon import credentials
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, HOUR, MINUTE, InputError, TimeRange, check_domain, parse_user_time
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.registry import DATA_DELAYS, PROVIDERS, RETENTIONS, make_client
from cdnmon.series_file import write


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="print origin bandwidth of domains as CSV or JSON",
        description=(
            "Fetch origin-pull bandwidth (bit/s) for one or more domains. Times are ISO 8601; "
            "a time without an offset is UTC. Defaults: the last hour at the finest interval."
        ),
    )
    parser.add_argument("--provider", required=True, choices=PROVIDERS)
    parser.add_argument(
        "--domain",
        required=True,
        action="append",
        metavar="NAME",
        help="a domain name (UCloud also takes a DomainId); repeat for more",
    )
    parser.add_argument("--start", metavar="ISO8601", help="start of the range (inclusive)")
    parser.add_argument("--end", metavar="ISO8601", help="end of the range (exclusive)")
    parser.add_argument(
        "--interval",
        type=int,
        metavar="SECONDS",
        help="point spacing: 60, 300, 3600 or 86400",
    )
    parser.add_argument("--account", metavar="NAME", help="a stored account (see credentials)")
    parser.add_argument("--endpoint", metavar="URL", help="API endpoint, e.g. the emulator's URL")
    parser.add_argument(
        "--signature", choices=("v3", "v1"), help="Alibaba Cloud signature version (default v3)"
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument(
        "--store", action="store_true", help="also save the points in cdnmon's history file"
    )
    parser.set_defaults(func=run)


def time_range_from(start: str | None, end: str | None, now: float) -> TimeRange:
    """The range the options name; a missing end is now, a missing start an hour before."""
    end_ts = parse_user_time(end) if end else None
    start_ts = parse_user_time(start) if start else None
    if end_ts is None:
        end_ts = TimeRange.last(HOUR, now).end if start_ts is None else int(now)
    if start_ts is None:
        start_ts = end_ts - HOUR
    return TimeRange(start_ts, end_ts)


def check_kept(provider: str, time_range: TimeRange, interval: int) -> None:
    """Refuse a range longer than the provider keeps at the interval before making calls:
    none could be answered in full, and a range of centuries is millions of calls."""
    kept = RETENTIONS[provider].get(interval)
    if kept is not None and time_range.seconds > kept:
        coarser = [str(i) for i in sorted(RETENTIONS[provider]) if RETENTIONS[provider][i] > kept]
        advice = f", or a coarser --interval ({', '.join(coarser)})" if coarser else ""
        raise InputError(
            f"{PROVIDER_TITLES[provider]} keeps {interval}-second points for {kept // DAY} days: "
            f"ask for a range of at most that{advice}"
        )


def run(args: argparse.Namespace) -> int:
    if args.signature and args.provider != "aliyun":
        raise InputError("--signature applies to Alibaba Cloud only")
    time_range = time_range_from(args.start, args.end, time.time())
    check_kept(args.provider, time_range, args.interval or MINUTE)
    domains = [check_domain(name) for name in args.domain]
    account, creds = credentials.resolve(args.provider, args.account)
    client = make_client(
        args.provider,
        creds,
        account.name,
        args.endpoint or account.endpoint,
        signature=args.signature or "v3",
    )
    try:
        series = fetch_series(client, domains, time_range, args.interval)
    finally:
        client.close()
    if args.store:
        # Imported here: plain fetches need no SQLite.
        from cdnmon.store import HistoryStore

        with HistoryStore() as store:
            store.save_many(series, time_range, time.time() - DATA_DELAYS[args.provider])
    write(series, args.format, sys.stdout)
    return 0
