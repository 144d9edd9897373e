"""A Prometheus-compatible query API: the points ``cdnmon collect`` wrote, read back."""

from __future__ import annotations

from cdnmon.model import MINUTE
from cdnmon.providers.spec import ProviderSpec

from .client import (
    CALLS_PER_SECOND,
    DEFAULT_ENDPOINT,
    PROVIDER,
    RETENTION,
    PrometheusClient,
    origin,
    series_labels,
    series_name,
)

SPEC = ProviderSpec(
    name=PROVIDER,
    title="Prometheus",
    default_endpoint=DEFAULT_ENDPOINT,
    data_delay=0,  # its series keep the delays of the providers they came from (origin)
    retention=RETENTION,
    calls_per_second=CALLS_PER_SECOND,  # cdnmon's own politeness: a query API has no quota
    key_id_var="CDNMON_PROMETHEUS_USER",
    secret_var="CDNMON_PROMETHEUS_PASSWORD",
    key_id_label="user name",
    secret_label="password or token",
    make=PrometheusClient,
    # Asked again for this long past the origin's own revisions: the collector's refresh
    # and push come on top of them before a settled point can be read here.
    revised_for=5 * MINUTE,
    keys_optional=True,
    origin=origin,
)

__all__ = ["SPEC", "PrometheusClient", "origin", "series_labels", "series_name"]
