"""Alibaba Cloud CDN: signing, client, error mapping."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec

from .client import (
    API_VERSION,
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    SIGNATURES,
    AliyunClient,
)
from .signing import sign_v1, sign_v3

SPEC = ProviderSpec(
    name=PROVIDER,
    title="Alibaba Cloud",
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,
    key_id_var="ALIBABA_CLOUD_ACCESS_KEY_ID",
    secret_var="ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    key_id_label="AccessKey ID",
    secret_label="AccessKey Secret",
    signatures=SIGNATURES,
    make=AliyunClient,
)

__all__ = [
    "API_VERSION",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "SPEC",
    "AliyunClient",
    "sign_v1",
    "sign_v3",
]
