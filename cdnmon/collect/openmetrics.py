"""Stored points as an OpenMetrics file, for a one-off backfill of a Prometheus:

    cdnmon export --format openmetrics > cdnmon.om
    promtool tsdb create-blocks-from openmetrics cdnmon.om data/

The same metric as ``/metrics`` serves (one gauge family, bytes per second, labelled by
provider, account and domain), every point with its own timestamp in seconds, each
series' points together and in time order, ``# EOF`` last. Written as it goes, so years of
history need no more memory than one series.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

import numpy as np
from prometheus_client.utils import floatToGoString

from cdnmon.collect.exposition import BANDWIDTH, BANDWIDTH_HELP

# (provider, account, domain, UTC seconds, bit/s; NaN = no point)
StoredSeries = tuple[str, str, str, Sequence[float] | np.ndarray, Sequence[float] | np.ndarray]


def write_openmetrics(series: Iterable[StoredSeries], out: TextIO) -> int:
    """Write the series to ``out``; returns how many points. Each (provider, account,
    domain) may come once: a series' points must not be split in the file."""
    out.write(
        f"# HELP {BANDWIDTH} {_escape(BANDWIDTH_HELP)}\n"
        f"# TYPE {BANDWIDTH} gauge\n"
        f"# UNIT {BANDWIDTH} bytes_per_second\n"
    )
    seen: set[tuple[str, str, str]] = set()
    written = 0
    for provider, account, domain, times, bps in series:
        if (provider, account, domain) in seen:
            raise ValueError(f"{provider}/{account}/{domain} given twice; give each series once")
        seen.add((provider, account, domain))
        t = np.asarray(times, dtype=float)
        v = np.asarray(bps, dtype=float)
        keep = np.isfinite(t) & np.isfinite(v)
        t, v = t[keep].astype(np.int64), v[keep]
        if not len(t):
            continue
        order = np.argsort(t, kind="stable")
        t, v = t[order], v[order]
        # One value per second: the last given for it, as a store would hold.
        last = np.append(t[1:] != t[:-1], True)
        t, v = t[last], v[last]
        labels = (
            f'{{account="{_escape(account)}",domain="{_escape(domain)}",'
            f'provider="{_escape(provider)}"}}'
        )
        prefix = BANDWIDTH + labels + " "
        out.writelines(
            f"{prefix}{floatToGoString(value / 8)} {time_s}\n"
            for time_s, value in zip(t.tolist(), v.tolist(), strict=True)
        )
        written += len(t)
    out.write("# EOF\n")
    return written


def _escape(value: str) -> str:
    """A label value or help text as OpenMetrics writes it."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
