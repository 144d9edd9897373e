"""Volcengine CDN: the HMAC-SHA256 signer, OpenAPI calls and the client."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec

from .client import (
    API_VERSION,
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    REVISED_FOR,
    TITLE,
    VolcengineClient,
)
from .signing import signed_headers

# The names Volcengine's own tools (its CLI, the volcengine-python-sdk) read.
ACCESS_KEY_VAR = "VOLCENGINE_ACCESS_KEY"
SECRET_KEY_VAR = "VOLCENGINE_SECRET_KEY"

SPEC = ProviderSpec(
    name=PROVIDER,
    title=TITLE,
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    revised_for=REVISED_FOR,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,
    key_id_var=ACCESS_KEY_VAR,
    secret_var=SECRET_KEY_VAR,
    key_id_label="Access Key ID",
    secret_label="Secret Access Key",
    make=VolcengineClient,
)

__all__ = [
    "ACCESS_KEY_VAR",
    "API_VERSION",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "SECRET_KEY_VAR",
    "SPEC",
    "VolcengineClient",
    "signed_headers",
]
