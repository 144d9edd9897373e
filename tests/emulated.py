"""Helpers for tests that run real clients against a real EmulatorServer, and the
manual clock it runs on in tests."""

from __future__ import annotations

import time
from collections.abc import Sequence

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.model import HOUR, Series, TimeRange
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.registry import make_client


class ManualClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# Fast retries keep fault tests short; the bounds still apply.
FAST_RETRY = RetryPolicy(attempts=6, base_delay=0.01, max_delay=0.05, deadline=10.0)


def first_account(server: EmulatorServer, provider: str) -> DemoAccount:
    return next(a for a in server.accounts if a.provider == provider)


def online_domains(account: DemoAccount) -> list[str]:
    return [d.name for d in account.domains if d.status == "online"]


def client_for(
    server: EmulatorServer,
    account: DemoAccount,
    *,
    secret: str | None = None,
    signature: str = "",
) -> OriginBandwidthClient:
    creds = Credentials(
        account.key_id, account.secret if secret is None else secret, account.project_id
    )
    return make_client(
        account.provider, creds, account.name, server.url, signature, retry=FAST_RETRY
    )


def settled_range(hours: int) -> TimeRange:
    """Whole hours that end before the provisional tail, so values no longer change."""
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    return TimeRange(end - hours * HOUR, end)


def check_exact(
    server: EmulatorServer,
    account: DemoAccount,
    series: Sequence[Series],
    span: TimeRange,
    interval: int,
) -> None:
    """Each series is the emulator's own points of ``span`` at ``interval``, each once."""
    for one in series:
        expected = server.expected_series(
            account.provider, account.key_id, one.domain, span, interval
        )
        assert list(one.points) == expected, one.domain
        assert one.interval == interval
        stamps = one.timestamps
        assert len(stamps) == len(set(stamps)), "duplicates at window edges"
        assert all(span.start <= t < span.end for t in stamps)
