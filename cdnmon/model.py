"""Plain data shared by every layer: time ranges, bandwidth series, units.

Inside the program bandwidth is always bits per second and time is always UTC epoch
seconds; providers convert at their edge and the GUI converts for display.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np

from cdnmon.messages import CodedError
from cdnmon.messages import domains as domain_said
from cdnmon.messages import endpoints as said

MINUTE = 60
HOUR = 3600
DAY = 86400
# The last second ``format_utc`` can write (9999-12-31T23:59:59Z).
LATEST_TIME = 253_402_300_799
# DNS's limit on a whole name.
MAX_DOMAIN = 253

# What a series measures: the bandwidth the CDN pulls from the origin, or the bandwidth it
# serves to users (the edge). Offload, the share of the edge served from cache, is
# 1 - origin / edge.
ORIGIN = "origin"
EDGE = "edge"
METRICS = (ORIGIN, EDGE)
Metric = Literal["origin", "edge"]


class InputError(CodedError, ValueError):
    """Something a person typed is not usable; the message says what to type instead."""

    exit_status = 2  # the command line's usage error


def check_metric(metric: str) -> Metric:
    """``metric`` if it is one cdnmon fetches; InputError naming the ones it does otherwise."""
    if metric == ORIGIN:
        return ORIGIN
    if metric == EDGE:
        return EDGE
    raise InputError(f"unknown metric {metric!r}: use {' or '.join(METRICS)}")


@dataclass(frozen=True, order=True)
class TimeRange:
    """A half-open span of UTC epoch seconds: ``start <= t < end``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        # Plain ints, whatever made them: SQLite stores a numpy integer as a blob, and a
        # span stored so would never be found again.
        object.__setattr__(self, "start", int(self.start))
        object.__setattr__(self, "end", int(self.end))
        if self.end <= self.start:
            raise InputError(
                said.END_BEFORE_START, end=_shown_time(self.end), start=_shown_time(self.start)
            )

    @classmethod
    def last(cls, seconds: int, now: float, align: int = MINUTE) -> TimeRange:
        """The trailing ``seconds`` up to ``now``, with the end rounded up to ``align``."""
        end = -(-int(now) // align) * align
        return cls(end - seconds, end)

    @property
    def seconds(self) -> int:
        return self.end - self.start

    def __contains__(self, timestamp: object) -> bool:
        return isinstance(timestamp, int | float) and self.start <= timestamp < self.end

    def windows(self, span: int) -> Iterator[TimeRange]:
        """Consecutive sub-ranges of at most ``span`` seconds covering this range."""
        start = self.start
        while start < self.end:
            end = min(start + span, self.end)
            yield TimeRange(start, end)
            start = end


@dataclass(frozen=True)
class Series:
    """Bandwidth of one domain: sorted ``(epoch second, bit/s)`` points of ``metric``
    (origin pull unless said otherwise).

    A missing point is absent, never zero. ``interval`` is the spacing the provider
    reported, in seconds.
    """

    provider: str
    account: str
    domain: str
    interval: int
    points: tuple[tuple[int, float], ...]
    metric: Metric = ORIGIN

    @classmethod
    def from_points(
        cls,
        provider: str,
        account: str,
        domain: str,
        interval: int,
        points: Iterable[tuple[int, float]],
        within: TimeRange | None = None,
        metric: Metric = ORIGIN,
    ) -> Series:
        """Sort and de-duplicate points (the last one given for a timestamp wins)."""
        by_time = {t: v for t, v in points if within is None or t in within}
        return cls(provider, account, domain, interval, tuple(sorted(by_time.items())), metric)

    @property
    def timestamps(self) -> list[int]:
        return [t for t, _ in self.points]

    @property
    def values(self) -> list[float]:
        return [v for _, v in self.points]


# ---- time -------------------------------------------------------------------------------

_ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def format_utc(timestamp: float) -> str:
    """``YYYY-MM-DDThh:mm:ssZ``, the form both the providers and our CSV use."""
    return datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _shown_time(timestamp: int) -> str:
    """A time for a message, even one outside the years a datetime can hold."""
    try:
        return format_utc(timestamp)
    except (ValueError, OverflowError, OSError):  # OSError: the C library's own range
        return said.SECONDS_SINCE_1970(seconds=timestamp)


def parse_utc(text: str) -> int:
    """Parse a provider timestamp in exactly ``YYYY-MM-DDThh:mm:ssZ``; ValueError otherwise."""
    if not _ISO_Z.match(text):
        raise ValueError(f"not a UTC timestamp of the form YYYY-MM-DDThh:mm:ssZ: {text!r}")
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def parse_user_time(text: str) -> int:
    """Parse a time a person typed: ISO 8601 with an optional offset; no offset means UTC."""
    cleaned = text.strip()
    if cleaned.endswith(("z", "Z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InputError(
            f"cannot read the time {text!r}: use ISO 8601, for example "
            "2026-11-22T08:00:00Z or 2026-11-22T16:00:00+08:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    timestamp = int(moment.timestamp())
    # No CDN data predates 1970; near year 1 or past 9999 the time, or the hour before it
    # that a default range starts from, could not be written back in UTC.
    if not 0 <= timestamp <= LATEST_TIME:
        raise InputError(
            f"the time {text!r} is not between 1970-01-01 and 9999-12-31 (UTC); "
            "give a time in that span"
        )
    return timestamp


# ---- domain names -----------------------------------------------------------------------


def check_domain(name: str) -> str:
    """A domain name (or a provider's domain id) as typed; InputError for what no provider
    could hold: an empty or over-long name, or one with spaces or invisible characters."""
    if not name:
        raise InputError(domain_said.DOMAIN_EMPTY)
    if len(name) > MAX_DOMAIN:
        raise InputError(domain_said.DOMAIN_TOO_LONG, length=len(name), limit=MAX_DOMAIN)
    # Categories C (control, format, surrogate: undecodable command-line bytes) and Z.
    if any(unicodedata.category(ch)[0] in "CZ" for ch in name):
        raise InputError(domain_said.DOMAIN_INVISIBLE, name=name)
    return name


# ---- units ------------------------------------------------------------------------------

_BPS_PREFIXES = ((1e12, "Tbps"), (1e9, "Gbps"), (1e6, "Mbps"), (1e3, "Kbps"))


def bps_scale(peak_bps: float) -> tuple[float, str]:
    """The SI (powers of 1000) divisor and unit name that suit values up to ``peak_bps``."""
    for factor, unit in _BPS_PREFIXES:
        if abs(peak_bps) >= factor:
            return factor, unit
    return 1.0, "bps"


def format_bps(bps: float, digits: int = 3) -> str:
    """``12.3 Mbps``: three significant digits, SI prefixes."""
    factor, unit = bps_scale(bps)
    return f"{bps / factor:.{digits}g} {unit}"


# ---- statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Offload:
    """How much of what users were served came from the CDN's cache: ``1 - origin / edge``
    (0.9 is 90%), now and at its worst over the range."""

    latest: float
    latest_time: int
    lowest: float
    lowest_time: int


@dataclass(frozen=True)
class Summary:
    """What an operator reads off a series: now, worst, typical, and the billing figure."""

    latest: float
    latest_time: int
    peak: float
    peak_time: int
    average: float
    p95: float
    count: int
    offload: Offload | None = None  # where edge bandwidth was fetched beside


def summarize_offload(
    times: np.ndarray, values: np.ndarray, settled_before: float | None = None
) -> Offload | None:
    """``latest`` is the newest settled offload (a partial minute's origin and edge need not
    be equally partial), ``lowest`` the first time the worst was reached."""
    if values.size == 0:
        return None
    lowest_at = int(np.argmin(values))
    latest_at = _newest_settled(times, settled_before)
    return Offload(
        latest=float(values[latest_at]),
        latest_time=int(times[latest_at]),
        lowest=float(values[lowest_at]),
        lowest_time=int(times[lowest_at]),
    )


def _newest_settled(times: np.ndarray, settled_before: float | None) -> int:
    """The index of the newest point before ``settled_before``, or of the newest point
    when none is settled yet."""
    settled = times.size if settled_before is None else int(np.searchsorted(times, settled_before))
    return settled - 1 if settled else times.size - 1


def billing_p95(values: Sequence[float] | np.ndarray) -> float:
    """The 95th percentile as CDN bills use it: drop the top 5% of points, take the highest
    left (numpy's ``percentile(..., method="inverted_cdf")``)."""
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    dropped = ordered.size * 5 // 100
    return float(ordered[ordered.size - 1 - dropped])


def summarize(
    times: np.ndarray, values: np.ndarray, settled_before: float | None = None
) -> Summary | None:
    """Latest, peak (first time reached), mean and billing P95 of sorted points; None if
    there are none.

    ``latest`` is the newest point before ``settled_before`` when there is one: the
    provider's newest minutes are still partial and would read as a sudden drop.
    """
    if values.size == 0:
        return None
    peak_at = int(np.argmax(values))  # the first time the peak was reached
    latest_at = _newest_settled(times, settled_before)
    return Summary(
        latest=float(values[latest_at]),
        latest_time=int(times[latest_at]),
        peak=float(values[peak_at]),
        peak_time=int(times[peak_at]),
        average=float(values.mean()),
        p95=billing_p95(values),
        count=int(values.size),
    )
