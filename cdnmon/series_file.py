"""Series as the CSV or JSON that ``cdnmon fetch``, ``cdnmon export`` and the window write.

Each point says whether it is provisional: newer than the provider's data delay, so the
provider may still revise it (the same rule for fresh and for stored points). CSV writes
``true``/``false``, JSON the booleans. With edge series beside, each row also has the edge
bandwidth at its time and the offload, ``1 - bps / edge_bps`` (empty where edge has none).
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
EDGE_COLUMNS = ("edge_bps", "offload")
FORMATS = ("csv", "json")


# provider, domain, time, bit/s, provisional, edge bit/s (None: none or not asked)
Row = tuple[str, str, str, float, bool, float | None]


def rows(
    series: Sequence[Series],
    now: float | None = None,
    settled_only: bool = False,
    edge: Sequence[Series] = (),
) -> list[Row]:
    """One row per point, sorted by domain then time; ``now`` (default: the clock) decides
    which points are provisional, and ``settled_only`` leaves those out."""
    now = time.time() if now is None else now
    beside = {(e.provider, e.account, e.domain): dict(e.points) for e in edge}
    table: list[Row] = []
    for s in sorted(series, key=lambda s: s.domain):
        settled = settled_before(s.provider, now, s.domain)
        served = beside.get((s.provider, s.account, s.domain), {})
        for t, v in s.points:
            if not (settled_only and t >= settled):
                row = (s.provider, s.domain, format_utc(t), v, t >= settled, served.get(t))
                table.append(row)
    return table


def offload(bps: float, edge_bps: float | None) -> float | None:
    return None if edge_bps is None or edge_bps <= 0 else 1 - bps / edge_bps


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
    edge: Sequence[Series] | None = None,
) -> None:
    """``edge`` (even empty): the edge columns too."""
    table = rows(series, now, settled_only, edge or ())
    columns = COLUMNS + (EDGE_COLUMNS if edge is not None else ())
    if fmt == "json":
        records = []
        for provider, domain, t, v, provisional, served in table:
            values = (provider, domain, t, float(_bps(v)), provisional)
            record: dict[str, object] = dict(zip(COLUMNS, values, strict=True))
            if edge is not None:
                share = offload(v, served)
                record["edge_bps"] = None if served is None else float(_bps(served))
                record["offload"] = None if share is None else round(share, 6)
            records.append(record)
        json.dump(records, out, indent=1)
        out.write("\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for provider, domain, t, v, provisional, served in table:
        row = [provider, domain, t, _bps(v), "true" if provisional else "false"]
        if edge is not None:
            share = offload(v, served)
            row += ["" if served is None else _bps(served), "" if share is None else f"{share:.6f}"]
        writer.writerow(row)


def _bps(value: float) -> str:
    """Millibit precision is plenty, and hides float noise from unit conversion."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
