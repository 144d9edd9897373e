"""Tencent EdgeOne: origin bandwidth of sites' domains, through Tencent's API 3.0 signer."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec
from cdnmon.providers.tencent import SECRET_ID_VAR, SECRET_KEY_VAR

from .client import (
    API_VERSION,
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    ORIGIN_BANDWIDTH_METRIC,
    PROVIDER,
    RETENTION,
    EdgeOneClient,
)

SPEC = ProviderSpec(
    name=PROVIDER,
    title="Tencent EdgeOne",
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,
    key_id_var=SECRET_ID_VAR,
    secret_var=SECRET_KEY_VAR,
    key_id_label="SecretId",
    secret_label="SecretKey",
    make=EdgeOneClient,
)

__all__ = [
    "API_VERSION",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "ORIGIN_BANDWIDTH_METRIC",
    "SPEC",
    "EdgeOneClient",
]
