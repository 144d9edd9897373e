"""``cdnmon export``: stored history as CSV or JSON, in the columns ``cdnmon fetch`` prints,
or as OpenMetrics to backfill a Prometheus."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdnmon.model import DAY, EDGE, InputError, Series, TimeRange, parse_user_time
from cdnmon.providers.registry import PROVIDERS
from cdnmon.series_file import add_output_options, write

if TYPE_CHECKING:
    from cdnmon.collect.openmetrics import StoredSeries
    from cdnmon.history.store import HistoryStore, SeriesKey

EXIT_STORE_ERROR = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="print stored bandwidth history as CSV, JSON or OpenMetrics (no API calls)",
        description=(
            "Print origin-pull bandwidth (bit/s) from cdnmon's history file, in the columns "
            "of `cdnmon fetch`. Without filters, every stored domain and all of its history; "
            "each domain at its finest stored interval unless --interval is given (history "
            "older than 90 days is kept at 300 seconds). Times are ISO 8601, UTC by default. "
            "--format openmetrics writes the settled points as the collector's metric (bytes "
            "per second), for `promtool tsdb create-blocks-from openmetrics FILE DIR`."
        ),
    )
    parser.add_argument("--provider", choices=PROVIDERS, help="only this provider's history")
    parser.add_argument("--account", metavar="NAME", help="a stored account's name")
    parser.add_argument(
        "--domain", action="append", metavar="NAME", help="a domain name; repeat for more"
    )
    parser.add_argument("--start", metavar="ISO8601", help="start of the range (inclusive)")
    parser.add_argument("--end", metavar="ISO8601", help="end of the range (exclusive)")
    parser.add_argument("--interval", type=int, metavar="SECONDS", help="e.g. 60 or 300")
    parser.add_argument(
        "--edge",
        action="store_true",
        help="add edge_bps and offload (1 - bps / edge_bps) columns, from the edge bandwidth "
        "stored beside (fetched where edge was shown or collected)",
    )
    add_output_options(
        parser,
        also=("openmetrics",),
        also_help="; openmetrics: settled points only, to backfill a Prometheus",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # numpy and SQLite load only for this command, not for every cdnmon start.
    from cdnmon.collect.openmetrics import write_openmetrics
    from cdnmon.history.store import HistoryStore, StoreError

    time_range = _time_range(args.start, args.end, time.time())
    try:
        with HistoryStore.existing() as store:
            keys = store.series_keys(args.provider, args.account, args.domain, args.interval)
            if not keys:
                raise InputError(
                    "nothing stored matches: leave out a filter, or check its spelling"
                )
            if args.format == "openmetrics":
                # Written as read: years of history need no more memory than one series.
                write_openmetrics(_settled(store, finest(keys), time_range), sys.stdout)
                return 0
            series = [store.points(*k, time_range) for k in finest(keys)]
            edge = [store.points(*k, time_range, EDGE) for k in finest(keys)] if args.edge else None
    except StoreError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_STORE_ERROR
    write(_ordered(series), args.format, sys.stdout, settled_only=args.settled_only, edge=edge)
    return 0


def finest(keys: list[SeriesKey]) -> list[SeriesKey]:
    """One series per (provider, account, domain): the one with the shortest interval."""
    chosen: dict[tuple[str, str, str], SeriesKey] = {}
    for key in keys:
        held = chosen.get(key[:3])
        if held is None or key.interval < held.interval:
            chosen[key[:3]] = key
    return list(chosen.values())


def _settled(
    store: HistoryStore, keys: list[SeriesKey], time_range: TimeRange
) -> Iterator[StoredSeries]:
    """Each series' settled points: a block a Prometheus is backfilled with cannot be
    revised later."""
    for key in sorted(keys):
        yield (key.provider, key.account, key.domain, *store.settled_arrays(*key, time_range))


def _ordered(series: list[Series]) -> list[Series]:
    # fetch's writer sorts by domain only; keep accounts apart within a domain.
    return sorted(series, key=lambda s: (s.domain, s.provider, s.account, s.interval))


def _time_range(start: str | None, end: str | None, now: float) -> TimeRange:
    """All of history unless bounded: nothing stored is newer than now."""
    start_ts = parse_user_time(start) if start else 0
    end_ts = parse_user_time(end) if end else int(now) + DAY
    return TimeRange(start_ts, end_ts)
