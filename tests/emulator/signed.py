"""The demo keys and requests signed by hand, for tests that call a real EmulatorServer
over raw HTTP. Requests are signed with the project's own signing functions.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from cdnmon.model import format_utc
from cdnmon.providers.aliyun.signing import EMPTY_BODY_SHA256, sign_v1, sign_v3
from cdnmon.providers.ucloud.signing import sign as sign_ucloud

ALIYUN_VERSION = "2018-05-10"
# 2024-06-15T12:43:26Z: a Saturday near the daily peak, deliberately not minute-aligned.
FIXED_NOW = 1718455406.0

SHOP_ID, SHOP_SECRET = "demo-aliyun-shop-id", "demo-aliyun-shop-secret"
MEDIA_ID, MEDIA_SECRET = "demo-aliyun-media-id", "demo-aliyun-media-secret"
GAMES_PUBLIC, GAMES_PRIVATE = "demo-ucloud-games-public", "demo-ucloud-games-private"
NEWS_PUBLIC, NEWS_PRIVATE = "demo-ucloud-news-public", "demo-ucloud-news-private"


def aliyun_v1_params(
    key_id: str,
    secret: str,
    action: str,
    params: Mapping[str, str],
    *,
    now: float,
    method: str = "GET",
    nonce: str | None = None,
    version: str = ALIYUN_VERSION,
) -> dict[str, str]:
    """Every parameter of a V1-signed RPC call, ``Signature`` included."""
    signed = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": key_id,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "Timestamp": format_utc(now),
        **params,
    }
    signed["Signature"] = sign_v1(method, signed, secret)
    return signed


def aliyun_v3_headers(
    url: str,
    key_id: str,
    secret: str,
    action: str,
    query: Mapping[str, str],
    *,
    now: float,
    method: str = "POST",
    body: bytes = b"",
    content_type: str = "",
    nonce: str | None = None,
    version: str = ALIYUN_VERSION,
) -> dict[str, str]:
    """Headers of a V3 (ACS3-HMAC-SHA256) call with ``query`` in the URL."""
    headers = {
        "host": urlsplit(url).netloc,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": format_utc(now),
        "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest() if body else EMPTY_BODY_SHA256,
    }
    if content_type:
        headers["content-type"] = content_type
    body_hash = headers["x-acs-content-sha256"]
    headers["Authorization"] = sign_v3(method, "/", query, headers, body_hash, key_id, secret)
    return headers


def ucloud_params(
    public_key: str, private_key: str, action: str, params: Mapping[str, object]
) -> dict[str, object]:
    """A UCloud call's parameters with ``PublicKey`` and ``Signature`` (values as given)."""
    signed: dict[str, object] = {"Action": action, "PublicKey": public_key, **params}
    signed["Signature"] = sign_ucloud(signed, private_key)
    return signed


def ucloud_query(params: Mapping[str, object]) -> str:
    return urlencode({k: str(v) for k, v in params.items()})
