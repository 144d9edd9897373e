"""Which providers exist and how to make a client for an account of each."""

from __future__ import annotations

from cdnmon.model import InputError
from cdnmon.providers.aliyun import DATA_DELAY as ALIYUN_DELAY
from cdnmon.providers.aliyun import DEFAULT_ENDPOINT as ALIYUN_ENDPOINT
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.ucloud import DATA_DELAY as UCLOUD_DELAY
from cdnmon.providers.ucloud import DEFAULT_ENDPOINT as UCLOUD_ENDPOINT
from cdnmon.providers.ucloud import UCloudClient

PROVIDERS = tuple(PROVIDER_TITLES)
DEFAULT_ENDPOINTS = {"aliyun": ALIYUN_ENDPOINT, "ucloud": UCLOUD_ENDPOINT}
# How far behind real time each provider's newest points are still being revised.
DATA_DELAYS = {"aliyun": ALIYUN_DELAY, "ucloud": UCLOUD_DELAY}


def make_client(
    provider: str,
    credentials: Credentials,
    account: str = "default",
    endpoint: str = "",
    signature: str = "v3",
    retry: RetryPolicy | None = None,
) -> OriginBandwidthClient:
    """A client for one account; ``endpoint`` "" means the provider's public one."""
    endpoint = endpoint or DEFAULT_ENDPOINTS.get(provider, "")
    if provider == "aliyun":
        return AliyunClient(credentials, account, endpoint, signature=signature, retry=retry)
    if provider == "ucloud":
        return UCloudClient(credentials, account, endpoint, retry=retry)
    raise InputError(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)}")
