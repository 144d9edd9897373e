"""UCloud UCDN: signing, client, error mapping."""

from __future__ import annotations

from cdnmon.providers.spec import ProviderSpec

from .client import (
    BANDWIDTH_UNIT_BPS,
    CALLS_PER_SECOND,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    UCloudClient,
)
from .signing import sign

SPEC = ProviderSpec(
    name=PROVIDER,
    title="UCloud",
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=DATA_DELAY,
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,  # cdnmon's own choice: UCloud documents none
    key_id_var="UCLOUD_PUBLIC_KEY",
    secret_var="UCLOUD_PRIVATE_KEY",
    project_var="UCLOUD_PROJECT_ID",
    key_id_label="PublicKey",
    secret_label="PrivateKey",
    make=UCloudClient,
)

__all__ = [
    "BANDWIDTH_UNIT_BPS",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "SPEC",
    "UCloudClient",
    "sign",
]
