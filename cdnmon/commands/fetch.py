"""``cdnmon fetch``: origin (or edge) bandwidth of some domains as CSV or JSON on stdout."""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from cdnmon.accounts import credentials
from cdnmon.fetching import fetch_series
from cdnmon.model import (
    DAY,
    HOUR,
    METRICS,
    MINUTE,
    ORIGIN,
    InputError,
    Series,
    TimeRange,
    check_domain,
    check_metric,
    format_utc,
    parse_user_time,
)
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import PROVIDER_TITLES, DomainError
from cdnmon.providers.http import SLOW_AFTER, SLOW_CALLS, RetryPolicy, validate_endpoint
from cdnmon.providers.registry import (
    BY_NAME,
    DATA_DELAYS,
    PROVIDERS,
    RETENTIONS,
    make_client,
    signature_titles,
)
from cdnmon.series_file import add_output_options, write

if TYPE_CHECKING:
    from cdnmon.emulator import EmulatorServer

DEFAULT_DEADLINE = RetryPolicy().deadline
MAX_TIMEOUT = 3600


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="print origin (or edge) bandwidth of domains as CSV or JSON",
        description=(
            "Fetch origin-pull bandwidth (bit/s) for one or more domains, or with --metric edge "
            "the bandwidth the CDN served to users. Times are ISO 8601; "
            "a time without an offset is UTC. Defaults: the last hour at the finest interval. "
            f"Points newer than the provider's data delay ({_delays()}) are marked "
            "provisional: the provider still revises them. An API call that gets no answer "
            f"is retried and given up after --timeout seconds (default {DEFAULT_DEADLINE:g}, "
            f"DNS look-ups aside); once a call has waited {SLOW_AFTER:g} seconds, a line on "
            "stderr says what cdnmon is waiting for. A domain the provider refuses is named on "
            "stderr with the reason; the other domains are still printed, and the exit status "
            "is 1."
        ),
    )
    parser.add_argument(
        "--provider", required=True, choices=PROVIDERS, help="the CDN provider to ask"
    )
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
    parser.add_argument(
        "--metric",
        default=ORIGIN,
        metavar="|".join(METRICS),
        help="origin: what the CDN pulled from the origin (the default); edge: what it "
        "served to users, for offload = 1 - origin / edge",
    )
    parser.add_argument("--account", metavar="NAME", help="a stored account (see credentials)")
    parser.add_argument("--endpoint", metavar="URL", help="API endpoint, e.g. the emulator's URL")
    parser.add_argument(
        "--signature", choices=("v3", "v1"), help="Alibaba Cloud signature version (default v3)"
    )
    add_output_options(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_DEADLINE,
        metavar="SECONDS",
        help="give up on an API call with no answer after this long, retries included "
        "(default %(default)g)",
    )
    parser.add_argument(
        "--store", action="store_true", help="also save the points in cdnmon's history file"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # so it does not undo `cdnmon --demo fetch`
        help="fetch from a built-in emulator's demo accounts (no account needed), e.g. "
        "--provider aliyun --domain www.shop.example.com; `cdnmon emulator` lists the domains",
    )
    parser.set_defaults(func=run, takes_demo=True)


def _delays() -> str:
    """The providers' data delays, as the help states them: "5 minutes", "5-6 minutes"."""
    minutes = sorted({delay // MINUTE for delay in DATA_DELAYS.values()})
    span = f"{minutes[0]}" if len(minutes) == 1 else f"{minutes[0]}-{minutes[-1]}"
    return f"{span} minutes"


def time_range_from(start: str | None, end: str | None, now: float) -> TimeRange:
    """The range the options name; a missing end is now, a missing start an hour before."""
    end_ts = parse_user_time(end) if end else None
    start_ts = parse_user_time(start) if start else None
    if end_ts is None:
        end_ts = TimeRange.last(HOUR, now).end if start_ts is None else int(now)
    if start_ts is None:
        start_ts = end_ts - HOUR
    return TimeRange(start_ts, end_ts)


def check_kept(
    provider: str, time_range: TimeRange, interval: int, now: float, start: str | None = None
) -> None:
    """Refuse a range the provider no longer keeps at the interval before making calls.

    Starting too long ago, the provider answers with a message about the end time; too
    long, none could be answered in full (and a range of centuries is millions of calls).
    ``start`` is the --start as typed, to quote it back.
    """
    kept = RETENTIONS[provider]
    if interval not in kept:
        return  # the client says which intervals exist
    too_long = time_range.seconds > kept[interval]
    too_old = time_range.start < now - kept[interval]
    if not (too_long or too_old):
        return
    # Age first: a start kept is a range kept, unless the range runs into the future.
    if too_old and start is not None:
        problem, fix = f"--start {start.strip()} is older", "a later --start"
    elif too_old:
        problem = f"the range's start ({format_utc(time_range.start)}) is older"
        fix = "a later --end"
    else:
        problem, fix = "the range asked for is longer", "a shorter range"
    coarser = [
        i
        for i in sorted(kept)
        if i > interval and time_range.seconds <= kept[i] and time_range.start >= now - kept[i]
    ]
    advice = f"--interval {coarser[0]} ({kept[coarser[0]] // DAY} days) or " if coarser else ""
    raise InputError(
        f"{PROVIDER_TITLES[provider]} keeps {interval}-second points for "
        f"{kept[interval] // DAY} days: {problem}; use {advice}{fix}"
    )


def run(args: argparse.Namespace) -> int:
    demo = getattr(args, "demo", False)
    check_options(args, demo)
    now = time.time()
    time_range = time_range_from(args.start, args.end, now)
    check_kept(args.provider, time_range, args.interval or MINUTE, now, args.start)
    domains = [check_domain(name) for name in args.domain]
    failed: dict[str, DomainError] = {}
    with ExitStack() as cleanup:
        if demo:
            # Imported here: only the demo serves an emulator.
            from cdnmon.emulator import EmulatorServer

            server = cleanup.enter_context(EmulatorServer())
            account_name, creds = demo_account(server, args.provider, args.account, domains)
            endpoint, area = server.url, ""
        else:
            account, creds = credentials.resolve(args.provider, args.account)
            account_name, endpoint = account.name, args.endpoint or account.endpoint
            area = account.area
        client = make_client(
            args.provider,
            creds,
            account_name,
            endpoint,
            signature=args.signature or "",
            retry=RetryPolicy(deadline=args.timeout),
            area=area,
        )
        cleanup.callback(client.close)
        cleanup.enter_context(slow_calls_on_stderr())
        series = fetch_series(
            client, domains, time_range, args.interval, failed=failed, metric=args.metric
        )
    unkept = store_points(series, time_range, args.provider) if args.store else None
    # Not kept is not lost: the points still go out, then why they were not kept.
    print_results(args, domains, series, failed)
    if unkept is not None:
        print(f"cdnmon: {unkept}", file=sys.stderr)
        return 1  # a history error, as for export and report
    return 1 if failed else 0


def store_points(series: list[Series], time_range: TimeRange, provider: str) -> Exception | None:
    """Keep the points in the history; the reason they could not be kept, if so."""
    # Imported here: plain fetches need no SQLite.
    from cdnmon.history.store import HistoryStore, StoreError

    try:
        with HistoryStore() as store:
            store.save_many(series, time_range, time.time() - DATA_DELAYS[provider])
    except StoreError as unkept:
        return unkept
    return None


def print_results(
    args: argparse.Namespace,
    domains: list[str],
    series: list[Series],
    failed: dict[str, DomainError],
) -> None:
    """The points fetched on stdout, if any; each domain refused on stderr, in the order
    given, with the provider's reason."""
    if series:
        write(series, args.format, sys.stdout, now=time.time(), settled_only=args.settled_only)
    sys.stdout.flush()  # the points first, when both streams go to one terminal
    for name in dict.fromkeys(domains):
        if name in failed:
            print(f"cdnmon: {name}: {failed[name]}", file=sys.stderr)


def check_options(args: argparse.Namespace, demo: bool) -> None:
    """What can be refused from the command line alone, before any account or call."""
    args.metric = check_metric(args.metric)
    if args.signature and not BY_NAME[args.provider].signatures:
        raise InputError(f"--signature applies to {signature_titles()} only")
    if not (math.isfinite(args.timeout) and 1 <= args.timeout <= MAX_TIMEOUT):
        raise InputError(f"--timeout is a number of seconds from 1 to {MAX_TIMEOUT}")
    if demo and args.endpoint:
        raise InputError("--endpoint does not go with --demo, which serves its own emulator")
    if demo and args.store:
        raise InputError("--store does not go with --demo: demo points are not real history")
    if args.endpoint:
        validate_endpoint(args.endpoint)


def demo_account(
    server: EmulatorServer, provider: str, name: str | None, domains: list[str]
) -> tuple[str, Credentials]:
    """The demo account named, else the one holding the first domain, else the first."""
    offered = [a for a in server.accounts if a.provider == provider]
    if not offered:
        raise InputError(f"the demo has no {PROVIDER_TITLES[provider]} account")
    if name is not None:
        chosen = next((a for a in offered if a.name == name), None)
        if chosen is None:
            names = ", ".join(a.name for a in offered)
            raise InputError(
                f"there is no {PROVIDER_TITLES[provider]} demo account {name!r}; "
                f"use one of: {names}"
            )
    else:
        chosen = next((a for a in offered if a.domain(domains[0])), offered[0])
    return chosen.name, Credentials(chosen.key_id, chosen.secret, chosen.project_id)


@contextmanager
def slow_calls_on_stderr() -> Iterator[None]:
    """Print the HTTP layer's notices of calls still waiting for an answer, as they come."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("cdnmon: %(message)s"))
    level = SLOW_CALLS.level
    SLOW_CALLS.setLevel(logging.INFO)  # whatever the root logger's level
    SLOW_CALLS.addHandler(handler)
    try:
        yield
    finally:
        SLOW_CALLS.removeHandler(handler)
        SLOW_CALLS.setLevel(level)
