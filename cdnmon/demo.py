"""Demo mode: the real program against an in-process emulator, with demo accounts."""

from __future__ import annotations

from collections.abc import Iterable

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import DemoAccount, demo_accounts
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.registry import make_client

# Two of each account: all six providers fit one first window (16 charts).
DOMAINS_PER_ACCOUNT = 2


def start_demo() -> tuple[EmulatorServer, list[OriginBandwidthClient]]:
    """A running emulator on a free loopback port and a client for each demo account."""
    server = EmulatorServer().start()
    clients = [
        make_client(
            account.provider,
            Credentials(account.key_id, account.secret, account.project_id),
            account.name,
            server.url,
        )
        for account in server.accounts
    ]
    return server, clients


def default_selection(
    accounts: Iterable[DemoAccount] | None = None,
) -> list[tuple[str, str, str]]:
    """A few online domains of every demo account, so the first window is not empty."""
    return [
        (account.provider, account.name, domain.name)
        for account in (demo_accounts() if accounts is None else accounts)
        for domain in [d for d in account.domains if d.status in ("online", "enable")][
            :DOMAINS_PER_ACCOUNT
        ]
    ]
