"""What every emulated provider API holds, set up once for all of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from cdnmon.emulator.accounts import DemoAccount
from cdnmon.emulator.faults import FaultInjector
from cdnmon.emulator.gateway import EmulatorStats, SlidingWindowLimiter
from cdnmon.emulator.traffic import Traffic


class EmulatedService:
    """One provider's API: its accounts by key id, the server's traffic, clock, faults and
    counters, its own rate limit (None: unlimited) and the keys disabled by a test."""

    provider: ClassVar[str]

    def __init__(
        self,
        accounts: Sequence[DemoAccount],
        traffic: Traffic,
        clock: Callable[[], float],
        faults: FaultInjector,
        stats: EmulatorStats,
        rate_limit: float | None,
    ) -> None:
        self.accounts = {a.key_id: a for a in accounts if a.provider == self.provider}
        self.traffic = traffic
        self.clock = clock
        self.faults = faults
        self.stats = stats
        self.limiter = SlidingWindowLimiter(rate_limit)
        self.revoked: set[str] = set()  # disabled key ids (one set operation at a time)
