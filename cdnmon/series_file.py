"""Series as the CSV or JSON that ``cdnmon fetch``, ``cdnmon export`` and the window write."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import TextIO

from cdnmon.model import Series, format_utc

COLUMNS = ("provider", "domain", "time", "bps")


def rows(series: Sequence[Series]) -> list[dict[str, str]]:
    """One row per point, sorted by domain then time."""
    return [
        {"provider": s.provider, "domain": s.domain, "time": format_utc(t), "bps": _bps(v)}
        for s in sorted(series, key=lambda s: s.domain)
        for t, v in s.points
    ]


def write(series: Sequence[Series], fmt: str, out: TextIO) -> None:
    table = rows(series)
    if fmt == "json":
        json.dump([{**row, "bps": float(row["bps"])} for row in table], out, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)


def _bps(value: float) -> str:
    """Millibit precision is plenty, and hides float noise from unit conversion."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
