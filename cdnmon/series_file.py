"""Series as the CSV or JSON that ``cdnmon fetch``, ``cdnmon export`` and the window write.

Each point says whether it is provisional: newer than the provider's data delay, so the
provider may still revise it (the same rule for fresh and for stored points). CSV writes
``true``/``false``, JSON the booleans.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Sequence
from typing import TextIO

from cdnmon.model import Series, format_utc
from cdnmon.providers.registry import settled_before

COLUMNS = ("provider", "domain", "time", "bps", "provisional")
FORMATS = ("csv", "json")


Row = tuple[str, str, str, float, bool]  # provider, domain, time, bit/s, provisional


def rows(
    series: Sequence[Series], now: float | None = None, settled_only: bool = False
) -> list[Row]:
    """One row per point, sorted by domain then time; ``now`` (default: the clock) decides
    which points are provisional, and ``settled_only`` leaves those out."""
    now = time.time() if now is None else now
    table: list[Row] = []
    for s in sorted(series, key=lambda s: s.domain):
        settled = settled_before(s.provider, now, s.domain)
        for t, v in s.points:
            if not (settled_only and t >= settled):
                table.append((s.provider, s.domain, format_utc(t), v, t >= settled))
    return table


def add_output_options(
    parser: argparse.ArgumentParser, also: tuple[str, ...] = (), also_help: str = ""
) -> None:
    """The options of a command that prints series with ``write``: --format, --settled-only;
    ``also`` are formats of its own, which ``also_help`` describes."""
    parser.add_argument(
        "--format",
        choices=FORMATS + also,
        default="csv",
        help="output format (default csv); csv and json carry a provisional column" + also_help,
    )
    parser.add_argument(
        "--settled-only",
        action="store_true",
        help="leave out provisional points (newer than the provider's data delay)",
    )


def write(
    series: Sequence[Series],
    fmt: str,
    out: TextIO,
    now: float | None = None,
    settled_only: bool = False,
) -> None:
    table = rows(series, now, settled_only)
    if fmt == "json":
        records = [
            dict(zip(COLUMNS, (provider, domain, t, float(_bps(v)), provisional), strict=True))
            for provider, domain, t, v, provisional in table
        ]
        json.dump(records, out, indent=1)
        out.write("\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(
        (provider, domain, t, _bps(v), "true" if provisional else "false")
        for provider, domain, t, v, provisional in table
    )


def _bps(value: float) -> str:
    """Millibit precision is plenty, and hides float noise from unit conversion."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
