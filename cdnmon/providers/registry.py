"""Which providers exist and how to make a client for an account of each."""

from __future__ import annotations

from cdnmon.model import DAY, MINUTE, InputError, TimeRange
from cdnmon.providers import aliyun, edgeone, huawei, prometheus, tencent, ucloud, volcengine
from cdnmon.providers.base import Credentials, OriginBandwidthClient
from cdnmon.providers.http import RetryPolicy
from cdnmon.providers.spec import ProviderSpec

# Every provider, in the order pickers and listings show them. Adding a provider means
# adding its package's SPEC here; the tables below are views of these.
SPECS: tuple[ProviderSpec, ...] = (
    aliyun.SPEC,
    ucloud.SPEC,
    tencent.SPEC,
    edgeone.SPEC,
    huawei.SPEC,
    volcengine.SPEC,
    prometheus.SPEC,  # not a CDN: reads back what `cdnmon collect` wrote
)
BY_NAME = {spec.name: spec for spec in SPECS}

PROVIDERS = tuple(BY_NAME)
TITLES = {spec.name: spec.title for spec in SPECS}
DEFAULT_ENDPOINTS = {spec.name: spec.default_endpoint for spec in SPECS}
# How far behind real time each provider's newest points are still being revised.
DATA_DELAYS = {spec.name: spec.data_delay for spec in SPECS}
REVISIONS = {spec.name: max(spec.data_delay, spec.revised_for) for spec in SPECS}
# How long each provider keeps each granularity.
RETENTIONS = {spec.name: spec.retention for spec in SPECS}
# The calls a second each provider allows one account (UCloud's is cdnmon's own choice).
CALLS_PER_SECOND = {spec.name: spec.calls_per_second for spec in SPECS}


# The CDN providers: what the collector and the emulator serve (readers are not among them).
CDN_PROVIDERS = tuple(spec.name for spec in SPECS if spec.origin is None)


def origin_of(provider: str, domain: str = "") -> str:
    """The provider whose delays a domain's points keep: its own, or for a reader
    (Prometheus) the provider the series came from."""
    spec = BY_NAME.get(provider)
    if spec is None or spec.origin is None or not domain:
        return provider
    return spec.origin(domain)


def settled_before(provider: str, now: float, domain: str = "") -> float:
    """Points at or after this time are provisional: the provider still revises them.
    The one place "now minus the provider's data delay" is worked out."""
    return now - DATA_DELAYS.get(origin_of(provider, domain), 0)


def revised_after(provider: str, now: float, domain: str = "") -> float:
    """Points at or after this time may still change, so the store asks for them again:
    the settling period where a provider revises longer than its data delay (Volcengine).
    A reader's series are asked again for its own time to take them in on top (Prometheus:
    the collector's refresh and push), or a minute it had not yet would never be asked."""
    origin = origin_of(provider, domain)
    extra = REVISIONS.get(provider, 0) if origin != provider else 0
    return now - REVISIONS.get(origin, 0) - extra


def area_titles() -> str:
    """``Tencent Cloud``: the providers whose accounts have an area, for a message."""
    return " and ".join(spec.title for spec in SPECS if spec.takes_area)


def signature_titles() -> str:
    """``Alibaba Cloud``: the providers with a choice of signature version, for a message."""
    return " and ".join(spec.title for spec in SPECS if spec.signatures)


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
    signature: str = "",
    retry: RetryPolicy | None = None,
    area: str = "",
) -> OriginBandwidthClient:
    """A client for one account; "" means the provider's own default: for ``endpoint`` its
    public one, for ``signature`` (Alibaba Cloud's v3 or v1) and ``area`` (only Tencent
    Cloud CDN has areas: mainland or overseas) what its client starts with."""
    spec = BY_NAME.get(provider)
    if spec is None:
        raise InputError(f"unknown provider {provider!r}: use one of {', '.join(PROVIDERS)}")
    if area and not spec.takes_area:
        raise InputError(f"an area applies to {area_titles()} only, not {provider!r}")
    if signature and not spec.signatures:
        raise InputError(f"a signature version applies to {signature_titles()} only")
    endpoint = endpoint or spec.default_endpoint
    options = {k: v for k, v in (("signature", signature), ("area", area)) if v}
    return spec.make(credentials, account, endpoint, retry=retry, **options)
