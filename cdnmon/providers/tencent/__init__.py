"""Tencent Cloud CDN: the TC3 signer and API 3.0 calls (shared with EdgeOne), the client."""

from .client import API_VERSION, DATA_DELAY, DEFAULT_ENDPOINT, TencentClient
from .signing import authorization

__all__ = ["API_VERSION", "DATA_DELAY", "DEFAULT_ENDPOINT", "TencentClient", "authorization"]
