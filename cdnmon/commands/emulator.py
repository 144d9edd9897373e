"""``cdnmon emulator``: both providers' APIs on a loopback port, for demos and tests."""

from __future__ import annotations

import argparse

from cdnmon.emulator import FaultPlan, account_from_key, run_emulator
from cdnmon.emulator.faults import FAULT_KINDS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "emulator",
        help="serve Alibaba Cloud CDN and UCloud UCDN APIs locally",
        description=(
            "Serve both providers' APIs with realistic demo traffic, checking every "
            "signature. Without keys, four demo accounts are served."
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
        "--fault",
        metavar="KIND[:RATE[:LATENCY_S]]",
        help=f"inject faults: {', '.join(FAULT_KINDS)}; e.g. throttle:0.3",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    accounts = [account_from_key("aliyun", key) for key in args.aliyun_key]
    accounts += [account_from_key("ucloud", key) for key in args.ucloud_key]
    faults = FaultPlan.parse(args.fault) if args.fault else None
    run_emulator(args.host, args.port, accounts or None, faults)
    return 0
