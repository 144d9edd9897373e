"""Alibaba Cloud request signatures: V1 (RPC, HMAC-SHA1) and V3 (ACS3-HMAC-SHA256).

Pure functions, checked byte for byte against the official examples and against the
official SDKs' signers (tests/providers/test_signing.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote

V3_ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def percent_encode(text: str) -> str:
    """RFC 3986 encoding as Alibaba wants it: only ``A-Z a-z 0-9 - _ . ~`` kept."""
    return quote(text, safe="-_.~", encoding="utf-8")


def canonical_query(params: Mapping[str, str]) -> str:
    """``k=v`` pairs sorted by raw name (UTF-8 byte order), encoded, joined by ``&``."""
    return "&".join(
        f"{percent_encode(name)}={percent_encode(params[name])}"
        for name in sorted(params)
        if name != "Signature"
    )


def string_to_sign_v1(method: str, params: Mapping[str, str]) -> str:
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def sign_v1(method: str, params: Mapping[str, str], secret: str) -> str:
    """The base64 HMAC-SHA1 signature over every parameter but ``Signature``."""
    digest = hmac.new(
        f"{secret}&".encode(), string_to_sign_v1(method, params).encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def canonical_request_v3(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body_sha256: str,
) -> tuple[str, str]:
    """The V3 canonical request over ``headers`` (all of them are signed), and their names."""
    signed = {name.lower(): value.strip() for name, value in headers.items()}
    names = sorted(signed)
    canonical_headers = "".join(f"{name}:{signed[name]}\n" for name in names)
    signed_headers = ";".join(names)
    request = "\n".join(
        [
            method.upper(),
            path or "/",
            canonical_query(query),
            canonical_headers,
            signed_headers,
            body_sha256,
        ]
    )
    return request, signed_headers


def sign_v3(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    body_sha256: str,
    access_key_id: str,
    secret: str,
) -> str:
    """The ``Authorization`` header value signing ``headers`` (host, x-acs-*, content-type)."""
    request, signed_headers = canonical_request_v3(method, path, query, headers, body_sha256)
    string_to_sign = f"{V3_ALGORITHM}\n{hashlib.sha256(request.encode()).hexdigest()}"
    signature = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{V3_ALGORITHM} Credential={access_key_id},"
        f"SignedHeaders={signed_headers},Signature={signature}"
    )
