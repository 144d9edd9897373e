"""Helpers for tests that run real clients against a real EmulatorServer."""

from __future__ import annotations

from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.registry import make_client

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
    signature: str = "v3",
) -> OriginBandwidthClient:
    creds = Credentials(
        account.key_id, account.secret if secret is None else secret, account.project_id
    )
    return make_client(
        account.provider, creds, account.name, server.url, signature, retry=FAST_RETRY
    )
