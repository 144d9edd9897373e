"""Which providers exist and how to make a client for an account of each."""

from __future__ import annotations

from cdnmon.model import DAY, MINUTE, InputError, TimeRange
from cdnmon.providers.aliyun import DATA_DELAY as ALIYUN_DELAY
from cdnmon.providers.aliyun import DEFAULT_ENDPOINT as ALIYUN_ENDPOINT
from cdnmon.providers.aliyun import AliyunClient
from cdnmon.providers.aliyun.client import CALLS_PER_SECOND as ALIYUN_RATE
from cdnmon.providers.aliyun.client import RETENTION as ALIYUN_RETENTION
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.edgeone import DATA_DELAY as EDGEONE_DELAY
from cdnmon.providers.edgeone import DEFAULT_ENDPOINT as EDGEONE_ENDPOINT
from cdnmon.providers.edgeone import EdgeOneClient
from cdnmon.providers.edgeone.client import CALLS_PER_SECOND as EDGEONE_RATE
from cdnmon.providers.edgeone.client import RETENTION as EDGEONE_RETENTION
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.tencent import DATA_DELAY as TENCENT_DELAY
from cdnmon.providers.tencent import DEFAULT_ENDPOINT as TENCENT_ENDPOINT
from cdnmon.providers.tencent import TencentClient
from cdnmon.providers.tencent.client import CALLS_PER_SECOND as TENCENT_RATE
from cdnmon.providers.tencent.client import RETENTION as TENCENT_RETENTION
from cdnmon.providers.ucloud import DATA_DELAY as UCLOUD_DELAY
from cdnmon.providers.ucloud import DEFAULT_ENDPOINT as UCLOUD_ENDPOINT
from cdnmon.providers.ucloud import UCloudClient
from cdnmon.providers.ucloud.client import CALLS_PER_SECOND as UCLOUD_RATE
from cdnmon.providers.ucloud.client import RETENTION as UCLOUD_RETENTION

PROVIDERS = tuple(PROVIDER_TITLES)
DEFAULT_ENDPOINTS = {
    "aliyun": ALIYUN_ENDPOINT,
    "ucloud": UCLOUD_ENDPOINT,
    "tencent": TENCENT_ENDPOINT,
    "edgeone": EDGEONE_ENDPOINT,
}
# How far behind real time each provider's newest points are still being revised.
DATA_DELAYS = {
    "aliyun": ALIYUN_DELAY,
    "ucloud": UCLOUD_DELAY,
    "tencent": TENCENT_DELAY,
    "edgeone": EDGEONE_DELAY,
}
# How long each provider keeps each granularity.
RETENTIONS = {
    "aliyun": ALIYUN_RETENTION,
    "ucloud": UCLOUD_RETENTION,
    "tencent": TENCENT_RETENTION,
    "edgeone": EDGEONE_RETENTION,
}

# The calls a second each provider allows one account (UCloud's is cdnmon's own choice).
CALLS_PER_SECOND = {
    "aliyun": ALIYUN_RATE,
    "ucloud": UCLOUD_RATE,
    "tencent": TENCENT_RATE,
    "edgeone": EDGEONE_RATE,
}


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
    area: str = "",
) -> OriginBandwidthClient:
    """A client for one account; ``endpoint`` "" means the provider's public one, ``area``
    "" the provider's default (only Tencent Cloud CDN has areas: mainland or overseas)."""
    if area and provider != "tencent":
        raise InputError(f"an area applies to Tencent Cloud only, not {provider!r}")
    endpoint = endpoint or DEFAULT_ENDPOINTS.get(provider, "")
    if provider == "aliyun":
        return AliyunClient(credentials, account, endpoint, signature=signature, retry=retry)
    if provider == "ucloud":
        return UCloudClient(credentials, account, endpoint, retry=retry)
    if provider == "tencent":
        return TencentClient(credentials, account, endpoint, area=area or "mainland", retry=retry)
    if provider == "edgeone":
        return EdgeOneClient(credentials, account, endpoint, retry=retry)
    raise InputError(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)}")
