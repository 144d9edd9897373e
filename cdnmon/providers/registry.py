"""Which providers exist and how to make a client for an account of each."""

from __future__ import annotations

from cdnmon.model import DAY, MINUTE, InputError, TimeRange
from cdnmon.providers.aliyun import DATA_DELAY as ALIYUN_DELAY
from cdnmon.providers.aliyun import DEFAULT_ENDPOINT as ALIYUN_ENDPOINT
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.aliyun.client import RETENTION as ALIYUN_RETENTION
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.ucloud import DATA_DELAY as UCLOUD_DELAY
from cdnmon.providers.ucloud import DEFAULT_ENDPOINT as UCLOUD_ENDPOINT
from cdnmon.providers.ucloud import UCloudClient
from cdnmon.providers.ucloud.client import RETENTION as UCLOUD_RETENTION

PROVIDERS = tuple(PROVIDER_TITLES)
DEFAULT_ENDPOINTS = {"aliyun": ALIYUN_ENDPOINT, "ucloud": UCLOUD_ENDPOINT}
# How far behind real time each provider's newest points are still being revised.
DATA_DELAYS = {"aliyun": ALIYUN_DELAY, "ucloud": UCLOUD_DELAY}
# How long each provider keeps each granularity.
RETENTIONS = {"aliyun": ALIYUN_RETENTION, "ucloud": UCLOUD_RETENTION}


def interval_for(provider: str, time_range: TimeRange, now: float) -> int:
    """The point spacing to show ``time_range`` at: 1 minute up to a day's span, 5 minutes
    beyond (1-minute points would cost 24 calls a day), and never finer than the provider
    still keeps for the range's start."""
    wanted = MINUTE if time_range.seconds <= DAY else 5 * MINUTE
    kept = RETENTIONS.get(provider, {})
    for interval in sorted(kept):
        if interval >= wanted and time_range.start >= now - kept[interval]:
            return interval
    return max(kept, default=wanted)


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
