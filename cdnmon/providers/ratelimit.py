"""Client-side rate limits, shared by every thread that uses the same account.

Requests are spaced evenly (no bursts): the providers count calls per second, and an
evenly spaced stream at a little under the limit never trips a sliding-window counter,
whatever the threads do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """At most ``rate`` acquisitions per second, each at least ``1/rate`` s after the last."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.spacing = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def acquire(self) -> float:
        """Block until this caller's turn; return the seconds waited.

        The lock is held through the wait, and the next turn counts from when this one
        really began: a thread that wakes late pushes the others back instead of letting
        two calls leave close together.
        """
        with self._lock:
            wait = max(0.0, self._next_slot - self._clock())
            if wait > 0:
                self._sleep(wait)
            self._next_slot = self._clock() + self.spacing
        return wait


# Keep a margin under the documented limit: arrival jitter on the provider's side must not
# make two evenly spaced calls look closer than they were sent.
HEADROOM = 0.95

_shared: dict[tuple[str, str], RateLimiter] = {}
_shared_lock = threading.Lock()


def for_account(provider: str, key_id: str, calls_per_second: float) -> RateLimiter:
    """The one limiter of this account; every client and thread of it shares it."""
    with _shared_lock:
        limiter = _shared.get((provider, key_id))
        if limiter is None:
            limiter = RateLimiter(calls_per_second * HEADROOM)
            _shared[(provider, key_id)] = limiter
        return limiter


def set_rate(provider: str, key_id: str, calls_per_second: float) -> None:
    """Pace this account differently from now on (a raised quota; benchmark baselines)."""
    with _shared_lock:
        _shared[(provider, key_id)] = RateLimiter(calls_per_second * HEADROOM)
