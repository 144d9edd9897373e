"""Reading provider answers defensively: anything undocumented becomes a typed error."""

from __future__ import annotations

import json
import math
from typing import Any

import requests

from cdnmon.providers.errors import MalformedResponseError


def decode_json(provider: str, response: requests.Response) -> dict[str, Any]:
    """The body as a JSON object, or MalformedResponseError saying what came instead."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        start = response.text[:60].strip().replace("\n", " ")
        raise MalformedResponseError(
            provider,
            f"expected JSON, got {kind} starting {start!r} (HTTP {response.status_code})",
            http_status=response.status_code,
            hint="a proxy or captive portal may be in the way; check the endpoint",
        ) from None
    if not isinstance(body, dict):
        raise MalformedResponseError(
            provider,
            f"expected a JSON object, got {json.dumps(body)[:60]}",
            http_status=response.status_code,
        )
    return body


def malformed_answer(
    provider: str, action: str, request_id: str, error: Exception
) -> MalformedResponseError:
    """The error for an answer that parsed as JSON but is not shaped as documented."""
    return MalformedResponseError(
        provider,
        f"{action} answer not as documented ({type(error).__name__}: {error})",
        request_id=request_id,
        hint="the API may have changed; report this with the request id",
    )


def bandwidth(value: float) -> float:
    """A bandwidth reading, which must be a finite, non-negative number."""
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"bandwidth {value!r} is not a non-negative number")
    return value
