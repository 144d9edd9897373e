"""``cdnmon emulator``: both providers' APIs on a loopback port, for demos and tests."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from cdnmon.accounts.credentials import ENV_VARS
from cdnmon.emulator import EmulatorServer, FaultPlan, account_from_key, run_emulator
from cdnmon.emulator.accounts import (
    OFFLINE,
    PROVIDERS,
    check_domain_count,
    demo_accounts,
    spread_domains,
)
from cdnmon.emulator.faults import FAULT_KINDS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "emulator",
        help="serve every provider's API locally, with demo accounts or the keys given",
        description=(
            "Serve every provider's API with realistic demo traffic, checking every "
            "signature. Without keys, the demo accounts are served; their keys are fake. "
            "On start it prints its URL, each account's key and domains, and a `cdnmon "
            "fetch` command line to try."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default loopback; others are reachable from the network)",
    )
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument(
        "--aliyun-key",
        action="append",
        default=[],
        metavar="ID:SECRET",
        help="accept this Alibaba Cloud key (repeatable)",
    )
    parser.add_argument(
        "--ucloud-key",
        action="append",
        default=[],
        metavar="PUBLIC:PRIVATE",
        help="accept this UCloud key pair (repeatable)",
    )
    parser.add_argument(
        "--tencent-key",
        action="append",
        default=[],
        metavar="SECRETID:SECRETKEY",
        help="accept this Tencent Cloud API key for CDN (repeatable)",
    )
    parser.add_argument(
        "--edgeone-key",
        action="append",
        default=[],
        metavar="SECRETID:SECRETKEY",
        help="accept this Tencent Cloud API key for EdgeOne (repeatable)",
    )
    parser.add_argument(
        "--huawei-key",
        action="append",
        default=[],
        metavar="AK:SK",
        help="accept this Huawei Cloud access key (AK and SK) for CDN (repeatable)",
    )
    parser.add_argument(
        "--volcengine-key",
        action="append",
        default=[],
        metavar="ACCESSKEYID:SECRETACCESSKEY",
        help="accept this Volcengine access key for CDN (repeatable)",
    )
    parser.add_argument(
        "--domains",
        type=int,
        metavar="N",
        help="serve N domains in all, shared out evenly over the accounts, for trying cdnmon "
        "at scale (default: the demo accounts' own 73, or 6-11 for each key given)",
    )
    parser.add_argument(
        "--fault",
        metavar="KIND[:RATE[:LATENCY_S]]",
        help=f"inject faults: {', '.join(FAULT_KINDS)}; e.g. throttle:0.3",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    accounts = [
        account_from_key(provider, key)
        for provider in PROVIDERS
        for key in getattr(args, f"{provider}_key")
    ]
    faults = FaultPlan.parse(args.fault) if args.fault else None
    if args.domains is not None:
        accounts = accounts or list(demo_accounts())
        check_domain_count(args.domains, len(accounts), "--domains")
        accounts = list(spread_domains(accounts, args.domains))
    with sigterm_as_ctrl_c():
        run_emulator(args.host, args.port, accounts or None, faults, example=example_fetch)
    return 0


def example_fetch(server: EmulatorServer) -> str:
    """A ``cdnmon fetch`` that works against ``server`` as typed in a POSIX shell: the
    first account's first online domain, its key in the variables fetch reads."""
    account = server.accounts[0]
    online = [d for d in account.domains if d.status != OFFLINE] or list(account.domains)
    key_var, secret_var, project_var = ENV_VARS[account.provider]
    words = [f"{key_var}={account.key_id}", f"{secret_var}={account.secret}"]
    if account.project_id and project_var:
        words.append(f"{project_var}={account.project_id}")
    words += ["cdnmon", "fetch", "--provider", account.provider, "--endpoint", _reachable(server)]
    words += ["--domain", online[0].name] if online else []
    return shlex.join(words)


def _reachable(server: EmulatorServer) -> str:
    """The URL to call: loopback when it listens on every address (0.0.0.0 or ::)."""
    try:
        unspecified = ipaddress.ip_address(server.host).is_unspecified
    except ValueError:
        unspecified = False
    if not unspecified:
        return server.url
    return f"http://{'[::1]' if ':' in server.host else '127.0.0.1'}:{server.port}/"


@contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (`kill`, a service manager, a script's clean-up) stops the emulator as Ctrl+C
    does: the port closed, "emulator stopped", exit 0. Scripts need it most: a background
    job started by a non-interactive shell ignores SIGINT, so Ctrl+C's signal cannot stop it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers (and receives the signals)
        return

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
