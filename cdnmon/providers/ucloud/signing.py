"""UCloud request signature: SHA-1 over sorted ``name + value`` pairs and the private key.

Checked against the official examples and the official SDK (tests/providers/test_signing.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping


def encode_value(value: object) -> str:
    """How UCloud stringifies a value: ``true``/``false``, whole floats as integers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sign(params: Mapping[str, object], private_key: str) -> str:
    """Lower-case hex SHA-1 of every parameter but ``Signature`` (``PublicKey`` included)."""
    payload = "".join(
        f"{name}{encode_value(params[name])}" for name in sorted(params) if name != "Signature"
    )
    return hashlib.sha1(f"{payload}{private_key}".encode()).hexdigest()
