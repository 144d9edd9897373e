"""Tencent EdgeOne: origin bandwidth of sites' domains, through Tencent's API 3.0 signer."""

from .client import (
    API_VERSION,
    DATA_DELAY,
    DEFAULT_ENDPOINT,
    ORIGIN_BANDWIDTH_METRIC,
    EdgeOneClient,
)

__all__ = [
    "API_VERSION",
    "DATA_DELAY",
    "DEFAULT_ENDPOINT",
    "ORIGIN_BANDWIDTH_METRIC",
    "EdgeOneClient",
]
