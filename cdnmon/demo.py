"""Demo mode: the real program against an in-process emulator, with demo accounts."""

from __future__ import annotations

from collections.abc import Iterable

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import DemoAccount, demo_accounts, spread_domains
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.registry import make_client

# Two of each account: all six providers fit one first window (16 charts).
DOMAINS_PER_ACCOUNT = 2


def start_demo(domains: int | None = None) -> tuple[EmulatorServer, list[OriginBandwidthClient]]:
    """A running emulator on a free loopback port and a client for each demo account;
    ``domains``: that many in all, shared out over the accounts (``--demo-domains``)."""
    server = EmulatorServer(served_accounts(domains)).start()
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


def served_accounts(domains: int | None = None) -> tuple[DemoAccount, ...]:
    """The demo accounts, with ``domains`` in all when given."""
    return demo_accounts() if domains is None else spread_domains(demo_accounts(), domains)


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


def usable_selection(
    saved: list[tuple[str, str, str]] | None, accounts: Iterable[DemoAccount]
) -> list[tuple[str, str, str]]:
    """The saved choice, less the domains these demo accounts do not have (one demo size
    remembers domains another lacks); the default if nothing of it is left."""
    accounts = list(accounts)
    if saved is None:
        return default_selection(accounts)
    served = {(a.provider, a.name, d.name) for a in accounts for d in a.domains}
    kept = [key for key in saved if key in served]
    return kept if kept or not saved else default_selection(accounts)
