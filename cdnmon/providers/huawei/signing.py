"""Huawei Cloud API request signature: SDK-HMAC-SHA256 with an AK/SK pair.

As the "API Request Signing Guide" documents it: a canonical request (method, the path
with a trailing slash, the sorted query, the signed headers, the body's SHA-256), hashed
into a string to sign with the ``X-Sdk-Date`` time, signed with HMAC-SHA256 keyed by the
SK itself (no derived key). Pure functions, checked byte for byte against the guide's
example and against the official SDK's signer (tests/providers/huawei/test_signing.py). The emulator
verifies requests with these same functions.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# Sent instead of the body's hash when the body is not signed (the guide's FAQ).
CONTENT_HASH_HEADER = "x-sdk-content-sha256"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def sdk_date(timestamp: float) -> str:
    """``YYYYMMDDTHHMMSSZ`` in UTC: the ``X-Sdk-Date`` value."""
    return datetime.fromtimestamp(int(timestamp), UTC).strftime(DATE_FORMAT)


def parse_sdk_date(text: str) -> int:
    """An ``X-Sdk-Date`` value as an epoch second; ValueError if it is not one."""
    return int(datetime.strptime(text, DATE_FORMAT).replace(tzinfo=UTC).timestamp())


def encode(text: str) -> str:
    """RFC 3986 percent-encoding: only ``A-Z a-z 0-9 - _ . ~`` are kept as they are."""
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Each segment of the (decoded) path encoded, ending in ``/`` whatever was sent."""
    uri = "/".join(encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else f"{uri}/"


def canonical_query(params: Iterable[tuple[str, str]]) -> str:
    """``name=value`` pairs sorted by raw name, then value, each encoded, joined by ``&``."""
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in sorted(params))


def signed_names(headers: Mapping[str, str]) -> list[str]:
    """The header names to sign, lower-cased and sorted: all of them but names with an
    underscore, which proxies may drop on the way (the official SDK skips them too)."""
    return sorted({name.strip().lower() for name in headers if "_" not in name})


def payload_hash(body: bytes, headers: Mapping[str, str]) -> str:
    """The body's SHA-256 hex, or the ``X-Sdk-Content-Sha256`` value when one is sent."""
    if not body:
        return EMPTY_BODY_SHA256
    given = {name.strip().lower(): value for name, value in headers.items()}
    return given.get(CONTENT_HASH_HEADER) or hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes = b"",
) -> tuple[str, str]:
    """The canonical request over ``headers`` and the signed header names (``a;b;c``).

    Header values are trimmed, never lower-cased; ``query`` is the decoded pairs sent.
    """
    values = {name.strip().lower(): str(value).strip() for name, value in headers.items()}
    names = signed_names(headers)
    lines = "".join(f"{name}:{values[name]}\n" for name in names)
    signed = ";".join(names)
    request = "\n".join(
        [
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            lines,
            signed,
            payload_hash(body, headers),
        ]
    )
    return request, signed


def string_to_sign(request: str, date: str) -> str:
    digest = hashlib.sha256(request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{date}\n{digest}"


def signature(
    secret_key: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes = b"",
) -> tuple[str, str]:
    """The hex signature and the signed header names; ``headers`` must hold X-Sdk-Date."""
    date = {name.strip().lower(): value for name, value in headers.items()}[DATE_HEADER.lower()]
    request, signed = canonical_request(method, path, query, headers, body)
    to_sign = string_to_sign(request, str(date).strip())
    digest = hmac.new(secret_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest(), signed


def authorization(
    access_key: str,
    secret_key: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes = b"",
) -> str:
    """The ``Authorization`` header value signing ``headers`` (X-Sdk-Date at least)."""
    hex_signature, signed = signature(secret_key, method, path, query, headers, body)
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={signed}, Signature={hex_signature}"
