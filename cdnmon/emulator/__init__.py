"""A loopback HTTP server speaking Alibaba Cloud CDN's and UCloud UCDN's APIs.

``cdnmon --demo`` runs the real app against it and the tests use it instead of mocks, so it
checks signatures, limits and parameters the way the providers document them.
"""

from cdnmon.emulator.accounts import DemoAccount, account_from_key, demo_accounts, parse_key
from cdnmon.emulator.faults import FAULT_KINDS, FaultPlan
from cdnmon.emulator.server import EmulatorServer, run_emulator
from cdnmon.emulator.traffic import Traffic

__all__ = [
    "FAULT_KINDS",
    "DemoAccount",
    "EmulatorServer",
    "FaultPlan",
    "Traffic",
    "account_from_key",
    "demo_accounts",
    "parse_key",
    "run_emulator",
]
