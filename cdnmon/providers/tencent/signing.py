"""Tencent Cloud API 3.0 request signature: TC3-HMAC-SHA256 (Tencent CDN and EdgeOne).

Pure functions, checked byte for byte against the "Signature v3" documentation example
and against the official SDK's signer (tests/providers/tencent/test_signing.py). The emulator
verifies requests with these same functions.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime

ALGORITHM = "TC3-HMAC-SHA256"
TERMINATOR = "tc3_request"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def credential_date(timestamp: int) -> str:
    """The UTC date of the timestamp, ``YYYY-MM-DD``: the first part of the scope."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def credential_scope(timestamp: int, service: str) -> str:
    return f"{credential_date(timestamp)}/{service}/{TERMINATOR}"


def canonical_request(
    method: str, query: str, headers: Mapping[str, str], body: bytes
) -> tuple[str, str]:
    """The canonical request over ``headers`` (all of them signed), and their names.

    Names and values are lower-cased and trimmed, as the documentation says; ``query`` is
    the URL's query string as sent ("" for POST).
    """
    signed = {name.strip().lower(): value.strip().lower() for name, value in headers.items()}
    names = sorted(signed)
    canonical_headers = "".join(f"{name}:{signed[name]}\n" for name in names)
    signed_headers = ";".join(names)
    request = "\n".join(
        [
            method.upper(),
            "/",
            query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    return request, signed_headers


def string_to_sign(timestamp: int, service: str, request: str) -> str:
    digest = hashlib.sha256(request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{timestamp}\n{credential_scope(timestamp, service)}\n{digest}"


def signing_key(secret_key: str, timestamp: int, service: str) -> bytes:
    """The key derived from the secret: HMAC chain over the date, the service, the terminator."""
    key = f"TC3{secret_key}".encode()
    for part in (credential_date(timestamp), service, TERMINATOR):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(
    secret_key: str,
    timestamp: int,
    service: str,
    method: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[str, str]:
    """The hex signature and the signed header names."""
    request, signed_headers = canonical_request(method, query, headers, body)
    to_sign = string_to_sign(timestamp, service, request)
    key = signing_key(secret_key, timestamp, service)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest(), signed_headers


def authorization(
    secret_id: str,
    secret_key: str,
    timestamp: int,
    service: str,
    headers: Mapping[str, str],
    body: bytes,
    method: str = "POST",
    query: str = "",
) -> str:
    """The ``Authorization`` header value signing ``headers`` (content-type and host at least)."""
    hex_signature, signed_headers = signature(
        secret_key, timestamp, service, method, query, headers, body
    )
    return (
        f"{ALGORITHM} Credential={secret_id}/{credential_scope(timestamp, service)}, "
        f"SignedHeaders={signed_headers}, Signature={hex_signature}"
    )
