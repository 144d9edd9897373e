"""Alibaba Cloud CDN: signing, client, error mapping."""

from .client import API_VERSION, DATA_DELAY, DEFAULT_ENDPOINT, AliyunClient
from .signing import sign_v1, sign_v3

__all__ = ["API_VERSION", "DATA_DELAY", "DEFAULT_ENDPOINT", "AliyunClient", "sign_v1", "sign_v3"]
