"""Reading provider answers defensively: anything undocumented becomes a typed error."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import requests

from cdnmon.model import DAY
from cdnmon.providers.errors import MalformedResponseError


def decode_json(provider: str, response: requests.Response) -> dict[str, Any]:
    """The body as a JSON object, or MalformedResponseError saying what came instead."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        problem = (
            "JSON nested too deeply to read"
            if isinstance(error, RecursionError)
            else f"expected JSON, got {kind}"
        )
        raise MalformedResponseError(
            provider,
            f"{problem} starting {_start(response)!r} (HTTP {response.status_code})",
            http_status=response.status_code,
            hint="a proxy or captive portal may be in the way; check the endpoint",
        ) from None
    if not isinstance(body, dict):
        # The text, not the decoded value: re-encoding a deeply nested one can overflow.
        raise MalformedResponseError(
            provider,
            f"expected a JSON object, got {_start(response)!r}",
            http_status=response.status_code,
        )
    return body


def _start(response: requests.Response) -> str:
    return response.text[:60].strip().replace("\n", " ")


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


def error_message(body: Mapping[str, Any], status: int) -> str:
    """An error answer's own Message, or its HTTP status when the message is blank."""
    return str(body.get("Message") or "").strip() or f"HTTP {status}"


def bandwidth(value: float | str, unit_bps: float = 1.0) -> float:
    """A reading converted to bit/s, which must come out finite and non-negative."""
    try:
        bps = float(value) * unit_bps
    except OverflowError:  # an integer too large for a float
        bps = math.inf
    if not math.isfinite(bps) or bps < 0:
        raise ValueError(f"bandwidth {value!r} is not a non-negative number")
    return bps


def reported_interval(value: object) -> int:
    """A reported point spacing: whole seconds from 1 to a day, as a number or a string."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"interval is {type(value).__name__}, not a whole number of seconds")
    seconds = int(value)
    if not 1 <= seconds <= DAY:
        raise ValueError(f"interval {value!r} is not between 1 second and a day")
    return seconds


def text(value: object, name: str) -> str:
    """A field that must be a non-empty string, such as a domain name or id."""
    # Named by type, not shown: a decoded value can be too deeply nested to print.
    if not isinstance(value, str):
        raise TypeError(f"{name} is {type(value).__name__}, not a string")
    if not value:
        raise ValueError(f"{name} is empty")
    return value
