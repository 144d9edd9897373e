"""Tencent Cloud CDN: the TC3 signer and API 3.0 calls (shared with EdgeOne), the client."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec

from .client import (
    API_VERSION,
    AREAS,
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    TencentClient,
)
from .signing import authorization

# The names Tencent's own tools use; EdgeOne takes the same API key of the same account.
SECRET_ID_VAR = "TENCENTCLOUD_SECRET_ID"
SECRET_KEY_VAR = "TENCENTCLOUD_SECRET_KEY"


SPEC = ProviderSpec(
    name=PROVIDER,
    title="Tencent Cloud",
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,
    key_id_var=SECRET_ID_VAR,
    secret_var=SECRET_KEY_VAR,
    key_id_label="SecretId",
    secret_label="SecretKey",
    areas=AREAS,
    make=TencentClient,
)

__all__ = [
    "API_VERSION",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "SECRET_ID_VAR",
    "SECRET_KEY_VAR",
    "SPEC",
    "TencentClient",
    "authorization",
]
