"""``cdnmon report``: the month's peak, average and billing P95 per domain, from history."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from cdnmon.model import format_bps, format_utc

if TYPE_CHECKING:
    from cdnmon.history.month_report import ReportRow

EXIT_STORE_ERROR = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="month-to-date peak, average and 95th percentile per domain and account",
        description=(
            "Billing figures from the stored history: per domain and per account (domain *), "
            "the peak, average and 95th percentile (top 5% of the month's 5-minute points "
            "dropped) of origin bandwidth in bit/s, and the share of the month fetched."
        ),
    )
    parser.add_argument("--month", metavar="YYYY-MM", help="a UTC month (default: this one)")
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default table)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # numpy and SQLite load only for this command, not for every cdnmon start.
    from cdnmon.history.month_report import current_month, describe_span, month_report, month_span
    from cdnmon.history.report_file import write
    from cdnmon.history.store import HistoryStore, StoreError

    now = time.time()
    month = args.month or current_month(now)
    span = month_span(month, now)  # checks the month before the file is opened
    try:
        with HistoryStore.existing() as store:
            rows = month_report(store, month, now)
    except StoreError as error:
        print(f"cdnmon: {error}", file=sys.stderr)
        return EXIT_STORE_ERROR
    if args.format == "table":
        print(f"{month}, {describe_span(span)} UTC, 5-minute points", file=sys.stdout)
        write_table(rows, sys.stdout)
    else:
        write(rows, args.format, sys.stdout)
    return 0


def write_table(rows: Sequence[ReportRow], out: TextIO) -> None:
    if not rows:
        out.write("no history in this month\n")
        return
    header = ("PROVIDER", "ACCOUNT", "DOMAIN", "PEAK", "PEAK AT", "AVERAGE", "P95", "FETCHED")
    lines = [header]
    for r in rows:
        lines.append(
            (
                r.provider,
                r.account,
                "(all domains)" if r.is_total else r.domain,
                _bps(r.peak_bps),
                format_utc(r.peak_time) if r.peak_time is not None else "-",
                _bps(r.average_bps),
                _bps(r.p95_bps),
                f"{r.coverage:.1%}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = {3, 5, 6, 7}  # right-aligned, so the units line up
    for line in lines:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        out.write("  ".join(cells).rstrip() + "\n")


def _bps(value: float | None) -> str:
    return "-" if value is None else format_bps(value)
