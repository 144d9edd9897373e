"""The month report as CSV or JSON: the command line and the report dialog write the same."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import TextIO

from cdnmon.history.month_report import ReportRow
from cdnmon.model import format_utc

COLUMNS = (
    "provider",
    "account",
    "domain",
    "points",
    "peak_bps",
    "peak_time",
    "average_bps",
    "p95_bps",
    "coverage",
    "edge_p95_bps",
    "offload",
)


def records(rows: Sequence[ReportRow]) -> list[dict[str, object]]:
    """Plain values: bit/s, times in UTC ISO 8601, coverage as a fraction."""
    return [
        {
            "provider": r.provider,
            "account": r.account,
            "domain": r.domain,
            "points": r.points,
            "peak_bps": _round(r.peak_bps),
            "peak_time": format_utc(r.peak_time) if r.peak_time is not None else None,
            "average_bps": _round(r.average_bps),
            "p95_bps": _round(r.p95_bps),
            "coverage": round(r.coverage, 6),
            "edge_p95_bps": _round(r.edge_p95_bps),
            "offload": None if r.offload is None else round(r.offload, 6),
        }
        for r in rows
    ]


def write(rows: Sequence[ReportRow], fmt: str, out: TextIO) -> None:
    table = records(rows)
    if fmt == "json":
        json.dump(table, out, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in table)


def _round(value: float | None) -> float | None:
    """Millibit precision, as ``cdnmon fetch`` prints."""
    return None if value is None else round(value, 3)
