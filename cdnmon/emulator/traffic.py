"""Deterministic traffic: what every emulated domain pulled from its origin, and what its
CDN served to users (the edge).

Origin is a pure function of (domain, minute): a daily cycle peaking around 12:00 UTC
(20:00 in Beijing), a per-domain level between ~2 Mbps and ~5 Gbps, slow wander, per-minute
noise, occasional spikes and occasional short gaps (no data). No state and no Python
``hash()`` (randomised per process): every number comes from a 64-bit mix seeded by
BLAKE2b, computed with numpy so a day of 1-minute data for dozens of domains takes a few
milliseconds.

Edge is origin / (1 - offload): the offload (the share served from cache) wanders smoothly
between 0.80 and 0.97, per domain and hour. Edge is the demand; the cache decides how much
of it reaches the origin. A domain named in ``collapsing`` has its cache collapse every
two hours: for ten minutes the offload drops to 0.2 while the edge goes on as before, so
the origin rises several-fold -- what watching offload is for. Outside those minutes its
origin is exactly the origin of the model above.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cdnmon.emulator.accounts import DemoAccount, account_from_key, demo_accounts
from cdnmon.model import DAY, EDGE, HOUR, METRICS, MINUTE, ORIGIN

__all__ = ["DATA_DELAY", "DemoAccount", "Traffic", "account_from_key", "demo_accounts"]

# Providers publish 1-minute data about five minutes late; newer points are provisional.
DATA_DELAY = 300

_U64 = np.uint64
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_SALT_NOISE, _SALT_WANDER, _SALT_SPIKE, _SALT_GAP = (_U64(s) for s in (1, 2, 3, 4))
_SALT_OFFLOAD, _SALT_COLLAPSE = _U64(5), _U64(6)
_MIN_BPS, _MAX_BPS = 2e6, 5e9
# The share of the edge served from cache: between these, outside a cache collapse.
OFFLOAD_LOW, OFFLOAD_HIGH = 0.80, 0.97
# A cache collapse: the offload falls to this for COLLAPSE_LASTS every COLLAPSE_EVERY.
COLLAPSED_OFFLOAD = 0.2
COLLAPSE_EVERY = 2 * HOUR
COLLAPSE_LASTS = 10 * MINUTE


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: uint64 in, well-spread uint64 out (wraps silently on arrays)."""
    x = x + _GOLDEN
    x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def _uniform(bits: np.ndarray) -> np.ndarray:
    """Floats in [0, 1) from the top 53 bits."""
    return (bits >> _U64(11)).astype(np.float64) * (1.0 / (1 << 53))


@dataclass(frozen=True)
class _Profile:
    seed: np.uint64
    base_bps: float
    peak_shift: float  # fraction of a day the peak sits away from 12:00 UTC
    noise: float
    https_share: float
    offload_level: float  # where in [OFFLOAD_LOW, OFFLOAD_HIGH] the domain's cache mostly is
    collapse_at: int  # minutes into each COLLAPSE_EVERY a collapse starts


@lru_cache(maxsize=4096)
def _profile(domain: str) -> _Profile:
    digest = hashlib.blake2b(domain.encode(), digest_size=16).digest()
    seed, shape = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")
    level = (shape & 0xFFFF) / 0xFFFF
    return _Profile(
        seed=_U64(seed),
        base_bps=_MIN_BPS * (_MAX_BPS / _MIN_BPS) ** level,  # log-uniform spread
        peak_shift=(((shape >> 16) & 0xFF) / 255 - 0.5) / 16,  # within +-45 minutes
        noise=0.04 + ((shape >> 24) & 0xFF) / 255 * 0.08,
        https_share=0.5 + ((shape >> 32) & 0xFF) / 255 * 0.45,
        offload_level=((shape >> 40) & 0xFF) / 255,
        collapse_at=((shape >> 48) & 0xFFFF) % ((COLLAPSE_EVERY - COLLAPSE_LASTS) // MINUTE),
    )


class Traffic:
    """Origin and edge bandwidth of any domain at any minute, and the points a provider
    would serve. The domains in ``collapsing`` have a cache collapse every two hours."""

    def __init__(self, data_delay: int = DATA_DELAY, collapsing: Iterable[str] = ()) -> None:
        self.data_delay = data_delay
        self.collapsing = frozenset(collapsing)
        # Seconds a domain's data runs behind its usual delay (a provider falling behind).
        self.lags: dict[str, float] = {}

    def https_share(self, domain: str) -> float:
        """The fraction of a domain's origin traffic that is HTTPS (for ``HttpsValue``)."""
        return _profile(domain).https_share

    def origin_bps(self, domain: str, t: int) -> float | None:
        """The final 1-minute value at minute ``t`` (a multiple of 60), None in a gap."""
        value = float(self.minute_values(domain, t, 1)[0])
        return None if math.isnan(value) else value

    def minute_values(
        self, domain: str, start: int, count: int, metric: str = ORIGIN
    ) -> np.ndarray:
        """Final 1-minute values of ``metric`` for ``count`` minutes from ``start``; NaN
        marks a gap (the same minutes for origin and edge)."""
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; expected one of {METRICS}")
        origin = self._origin_values(domain, start, count)
        if metric == ORIGIN and domain not in self.collapsing:
            return origin
        usual = self._usual_offload(domain, start, count)
        if metric == EDGE:
            return origin / (1 - usual)
        # In a collapse the edge goes on as usual and the origin serves what the cache
        # no longer does: edge x (1 - the collapsed offload).
        collapsed = origin * ((1 - COLLAPSED_OFFLOAD) / (1 - usual))
        return np.where(self.collapse_mask(domain, start, count), collapsed, origin)

    def offload(self, domain: str, start: int, count: int) -> np.ndarray:
        """The share of the edge served from cache (1 - origin / edge) for ``count`` minutes
        from ``start``, collapses included."""
        usual = self._usual_offload(domain, start, count)
        return np.where(self.collapse_mask(domain, start, count), COLLAPSED_OFFLOAD, usual)

    def collapse_mask(self, domain: str, start: int, count: int) -> np.ndarray:
        """Which of ``count`` minutes from ``start`` are in a cache collapse (never, for a
        domain not in ``collapsing``)."""
        minute = np.arange(start // MINUTE, start // MINUTE + count, dtype=np.int64)
        if domain not in self.collapsing:
            return np.zeros(count, dtype=bool)
        into = minute % (COLLAPSE_EVERY // MINUTE) - _profile(domain).collapse_at
        return (into >= 0) & (into < COLLAPSE_LASTS // MINUTE)

    def _usual_offload(self, domain: str, start: int, count: int) -> np.ndarray:
        """The offload outside collapses: half the domain's own level, half a level drawn
        per hour and moved to linearly across it, so it drifts without jumps."""
        p = _profile(domain)
        minute = np.arange(start // MINUTE, start // MINUTE + count, dtype=np.int64)
        hour = minute.astype(np.uint64) // _U64(HOUR // MINUTE)
        into_hour = (minute % (HOUR // MINUTE)) / 60
        here = _uniform(_mix(p.seed ^ _SALT_OFFLOAD ^ (hour * _GOLDEN)))
        after = _uniform(_mix(p.seed ^ _SALT_OFFLOAD ^ ((hour + _U64(1)) * _GOLDEN)))
        drift = here + (after - here) * into_hour
        return OFFLOAD_LOW + (OFFLOAD_HIGH - OFFLOAD_LOW) * (p.offload_level + drift) / 2

    def _origin_values(self, domain: str, start: int, count: int) -> np.ndarray:
        """The origin model's 1-minute values, before any cache collapse."""
        p = _profile(domain)
        minute = np.arange(start // MINUTE, start // MINUTE + count, dtype=np.int64)
        m = minute.astype(np.uint64)
        t = minute * MINUTE
        day_fraction = (t % DAY) / DAY
        diurnal = 0.2 + 0.8 * ((1 + np.cos(2 * np.pi * (day_fraction - 0.5 - p.peak_shift))) / 2)
        weekday = (t // DAY + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        weekly = np.where(weekday >= 5, 0.85, 1.0)
        # Slow wander: a random level per hour, linearly interpolated across the hour.
        hour, into_hour = m // _U64(HOUR // MINUTE), (minute % (HOUR // MINUTE)) / 60
        wander_at = _uniform(_mix(p.seed ^ _SALT_WANDER ^ (hour * _GOLDEN)))
        wander_next = _uniform(_mix(p.seed ^ _SALT_WANDER ^ ((hour + _U64(1)) * _GOLDEN)))
        wander = 0.85 + 0.3 * (wander_at + (wander_next - wander_at) * into_hour)
        noise = 1 + p.noise * (2 * _uniform(_mix(p.seed ^ _SALT_NOISE ^ (m * _GOLDEN))) - 1)
        values = p.base_bps * diurnal * weekly * wander * noise
        values *= _bursts(p.seed ^ _SALT_SPIKE, m, block=30, chance=0.04, longest=8, scale=3.0)
        gaps = _bursts(p.seed ^ _SALT_GAP, m, block=10, chance=0.02, longest=4, scale=None)
        values[gaps] = np.nan
        return values

    def points(
        self,
        domains: Sequence[str],
        start: int,
        end: int,
        interval: int,
        now: float,
        zero_domains: Sequence[str] = (),
        metric: str = ORIGIN,
    ) -> list[tuple[int, float]]:
        """What a provider serves of ``metric`` (origin or edge bandwidth) for
        ``start <= t <= end`` (both ends inclusive).

        Timestamps are multiples of ``interval``; each value is the mean of the available
        1-minute values in ``[t, t + interval)``, summed over ``domains``. A point with no
        data in any domain is absent. Points at or after ``now`` (less any lag set in ``lags``
        for one of the domains) are absent; those less
        than ``data_delay`` old are provisional, scaled by ``(now - t) / data_delay``.
        ``zero_domains`` (serving nothing, e.g. disabled) report 0 rather than no data.
        """
        if isinstance(domains, str):  # one name, not a sequence of one-letter names
            domains = [domains]
        # A provider running behind publishes nothing newer than its lag.
        behind = max((self.lags.get(d, 0.0) for d in domains), default=0.0)
        first = -(-start // interval) * interval
        last = min(end, math.ceil(now - behind) - 1) // interval * interval
        if last < first:
            return []
        count = (last - first) // interval + 1
        total = np.zeros(count)
        present = np.zeros(count, dtype=bool)
        per_point = interval // MINUTE
        for domain in domains:
            minutes = self.minute_values(domain, first, count * per_point, metric).reshape(
                count, -1
            )
            available = ~np.isnan(minutes)
            n = available.sum(axis=1)
            mean = np.where(n > 0, np.nansum(minutes, axis=1) / np.maximum(n, 1), 0.0)
            total += mean
            present |= n > 0
        if zero_domains:
            present[:] = True
        stamps = first + interval * np.arange(count, dtype=np.int64)
        # Monitoring data lags: the newest points are partial until the delay has passed.
        provisional = np.clip((now - stamps) / self.data_delay, 0.0, 1.0)
        total *= provisional
        return [(int(t), float(v)) for t, v, ok in zip(stamps, total, present, strict=True) if ok]


def _bursts(
    seed: np.uint64,
    minute: np.ndarray,
    block: int,
    chance: float,
    longest: int,
    scale: float | None,
) -> np.ndarray:
    """Short runs at random places: at most one per ``block`` minutes, 1..``longest`` long.

    Returns a boolean mask when ``scale`` is None, else multipliers (1 outside a run,
    between 1.5 and 1.5 + ``scale`` inside one).
    """
    bits = _mix(seed ^ ((minute // _U64(block)) * _GOLDEN))
    happens = _uniform(bits) < chance
    length = 1 + ((bits >> _U64(8)) % _U64(longest)).astype(np.int64)
    offset = ((bits >> _U64(16)) % _U64(block - longest + 1)).astype(np.int64)
    into = (minute % _U64(block)).astype(np.int64)
    inside = happens & (into >= offset) & (into < offset + length)
    if scale is None:
        return inside
    height = 1.5 + scale * ((bits >> _U64(24)) & _U64(0xFF)).astype(np.float64) / 255
    return np.where(inside, height, 1.0)
