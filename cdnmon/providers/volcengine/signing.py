"""Volcengine OpenAPI request signature: HMAC-SHA256 over a canonical request.

Shaped like AWS SigV4 with Volcengine's own details: the scope is
``YYYYMMDD/region/service/request``, the signing key is an HMAC chain over the scope's
parts starting from the bare secret (no prefix), and the time is the ``X-Date`` header.
Pure functions, checked byte for byte against the documented "签名过程Demo" example and
against the official ``volcengine`` SDK's SignerV4 (tests/providers/volcengine/test_signing.py). The
emulator verifies requests with these same functions.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

ALGORITHM = "HMAC-SHA256"
TERMINATOR = "request"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# Characters RFC 3986 leaves unencoded in a query name or value.
_UNRESERVED = "-_.~"
# Ports a Host header may carry that the signer leaves out, as the official SDK does.
_DEFAULT_PORTS = ("80", "443")

Query = Mapping[str, str | Sequence[str]]


def x_date(timestamp: int) -> str:
    """The ``X-Date`` header for a UTC epoch second: ``20240619T071306Z``."""
    return datetime.fromtimestamp(timestamp, UTC).strftime(DATE_FORMAT)


def parse_x_date(value: str) -> int:
    """An ``X-Date`` value as a UTC epoch second; ValueError if it is not one."""
    return int(datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC).timestamp())


def credential_scope(date: str, region: str, service: str) -> str:
    """``20240619/cn-beijing/iam/request``; ``date`` is an X-Date or its first 8 characters."""
    return f"{date[:8]}/{region}/{service}/{TERMINATOR}"


def canonical_query(query: Query) -> str:
    """Names sorted, names and values percent-encoded (space as %20); a list repeats its name
    with each value in the order given, as the SDK writes it."""
    pairs = []
    for name in sorted(query):
        values = query[name]
        for value in [values] if isinstance(values, str) else values:
            pairs.append(f"{quote(name, safe=_UNRESERVED)}={quote(value, safe=_UNRESERVED)}")
    return "&".join(pairs)


def canonical_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """The canonical header block over every header given, and the signed header names.

    Names are lower-cased, values trimmed (the documentation's Trimall); a Host ending in
    :80 or :443 is signed without the port, as the official SDK signs it.
    """
    signed = {name.strip().lower(): value.strip() for name, value in headers.items()}
    host, _, port = signed.get("host", "").rpartition(":")
    if host and port in _DEFAULT_PORTS:
        signed["host"] = host
    names = sorted(signed)
    return "".join(f"{name}:{signed[name]}\n" for name in names), ";".join(names)


def canonical_request(
    method: str, path: str, query: Query, headers: Mapping[str, str], body_sha256: str
) -> tuple[str, str]:
    """The canonical request and the signed header names."""
    block, signed_headers = canonical_headers(headers)
    request = "\n".join(
        [
            method.upper(),
            quote(path or "/"),  # "/" stays, everything else outside RFC 3986's set is encoded
            canonical_query(query),
            block,
            signed_headers,
            body_sha256,
        ]
    )
    return request, signed_headers


def string_to_sign(date: str, scope: str, request: str) -> str:
    digest = hashlib.sha256(request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{date}\n{scope}\n{digest}"


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """HMAC(HMAC(HMAC(HMAC(secret, YYYYMMDD), region), service), "request")."""
    key = secret.encode("utf-8")
    for part in (date[:8], region, service, TERMINATOR):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(
    secret: str,
    date: str,
    region: str,
    service: str,
    method: str,
    path: str,
    query: Query,
    headers: Mapping[str, str],
    body_sha256: str,
) -> tuple[str, str]:
    """The hex signature of a request dated ``date`` (an X-Date), and its signed headers."""
    request, signed_headers = canonical_request(method, path, query, headers, body_sha256)
    to_sign = string_to_sign(date, credential_scope(date, region, service), request)
    key = signing_key(secret, date, region, service)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest(), signed_headers


def signed_headers(
    key_id: str,
    secret: str,
    timestamp: int,
    region: str,
    service: str,
    method: str,
    path: str,
    query: Query,
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, str]:
    """``headers`` plus X-Date, X-Content-Sha256 and the Authorization signing all of them
    (give Host and Content-Type at least, as the SDK signs them)."""
    body_sha256 = hashlib.sha256(body).hexdigest()
    date = x_date(timestamp)
    headers = {**headers, "X-Date": date, "X-Content-Sha256": body_sha256}
    hex_signature, names = signature(
        secret, date, region, service, method, path, query, headers, body_sha256
    )
    scope = credential_scope(date, region, service)
    return {
        **headers,
        "Authorization": (
            f"{ALGORITHM} Credential={key_id}/{scope}, SignedHeaders={names}, "
            f"Signature={hex_signature}"
        ),
    }
