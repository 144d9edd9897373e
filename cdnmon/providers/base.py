"""What every provider client offers the rest of the program, and the types it speaks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cdnmon.model import ORIGIN, TimeRange


@dataclass(frozen=True)
class Credentials:
    """An account's key pair. ``repr`` never shows the secret."""

    key_id: str
    secret: str = field(repr=False)
    project_id: str = ""

    def __repr__(self) -> str:
        return f"Credentials(key_id={self.key_id!r}, secret=<hidden>)"


# The statuses of a domain that serves traffic, as the providers word them ("": not given).
ONLINE_STATUSES = frozenset({"", "online", "enable"})


@dataclass(frozen=True)
class Domain:
    """A CDN domain as the provider lists it; ``domain_id`` is the provider's own id."""

    name: str
    domain_id: str = ""
    status: str = ""

    @property
    def online(self) -> bool:
        return self.status in ONLINE_STATUSES


class OriginBandwidthClient(Protocol):
    """One account at one provider. Methods are thread-safe and raise ProviderError."""

    provider: str
    account: str

    @property
    def finest_interval(self) -> int: ...

    def list_domains(self) -> list[Domain]: ...

    def windows(self, time_range: TimeRange, interval: int | None = None) -> list[TimeRange]:
        """The calls ``time_range`` needs at ``interval`` (None: the finest offered)."""
        ...

    def fetch_window(
        self, domain: str, window: TimeRange, interval: int | None = None, *, metric: str = ORIGIN
    ) -> tuple[int, list[tuple[int, float]]]:
        """One call: the interval the provider served and its (epoch second, bit/s) points
        of ``metric`` (``model.ORIGIN`` or ``model.EDGE``; InputError for any other).

        Points may fall on both window edges; ``cdnmon.fetching`` stitches windows.
        """
        ...

    def close(self) -> None: ...


class MultiDomainClient(OriginBandwidthClient, Protocol):
    """A client whose API answers for several domains in one call (Tencent CDN: 30,
    EdgeOne: 100). ``cdnmon.fetching`` sends it domains in batches; ``fetch_window`` still
    serves one domain."""

    domains_per_call: int
    # A smaller batch for edge bandwidth, when the edge API answers for fewer domains
    # (EdgeOne: one); absent or None, the same as origin.
    edge_domains_per_call: int | None

    def fetch_window_many(
        self,
        domains: Sequence[str],
        window: TimeRange,
        interval: int | None = None,
        *,
        metric: str = ORIGIN,
    ) -> tuple[int, dict[str, list[tuple[int, float]]]]:
        """One call for up to ``domains_per_call`` domains (of ``metric``): the interval
        served and the points of every domain asked for (each one a key, perhaps with no
        points)."""
        ...


def domains_per_call(client: OriginBandwidthClient, metric: str = ORIGIN) -> int:
    """How many domains one call of ``client`` covers for ``metric``: 1 unless it fetches
    several."""
    if not callable(getattr(client, "fetch_window_many", None)):
        return 1
    size = getattr(client, "domains_per_call", 1)
    if metric != ORIGIN:
        size = getattr(client, "edge_domains_per_call", None) or size
    return max(1, int(size))
