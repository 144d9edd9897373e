"""Huawei Cloud CDN: the SDK-HMAC-SHA256 signer, the client, error mapping."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec

from .client import (
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    TITLE,
    HuaweiClient,
)
from .signing import authorization

# The names Huawei's own SDKs and tools read. CDN is a global service: no project id; the
# account id it needs is looked up from the key.
AK_VAR = "HUAWEICLOUD_SDK_AK"
SK_VAR = "HUAWEICLOUD_SDK_SK"

SPEC = ProviderSpec(
    name=PROVIDER,
    title=TITLE,
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,
    key_id_var=AK_VAR,
    secret_var=SK_VAR,
    key_id_label="Access Key ID (AK)",
    secret_label="Secret Access Key (SK)",
    make=HuaweiClient,
)

__all__ = [
    "AK_VAR",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "SK_VAR",
    "SPEC",
    "HuaweiClient",
    "authorization",
]
