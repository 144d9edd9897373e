"""Volcengine OpenAPI calls as CDN takes them: a signed POST of JSON to
``/?Action=...&Version=...``, and the answer's ``ResponseMetadata``.

Every answer is ``{"ResponseMetadata": {"RequestId", "Action", "Version", "Service",
"Region"}, "Result": {...}}``; a failure has ``ResponseMetadata.Error = {"Code",
"Message"}`` instead of a Result (the gateway's own errors add a numeric ``CodeN``). The
gateway answers its errors with 4xx or 5xx, while CDN answers some of its own with 2xx, so
the Error, not the HTTP status, decides: the CDN documentation's own advice ("API 响应").
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from cdnmon.model import MINUTE
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import (
    CLOCK_HINT,
    DOMAIN_HINT,
    THROTTLED_HINT,
    AuthError,
    DomainError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
)
from cdnmon.providers.http import RetryPolicy, Transport, validate_endpoint
from cdnmon.providers.parsing import decode_json, error_message, malformed_answer

from .signing import canonical_query, signed_headers

JSON_CONTENT_TYPE = "application/json"  # exactly what the official SDK sends and signs
# How long a signature stays valid (the X-Expires default, 900 s): the clock may be off by
# this much before the gateway answers InvalidTimestamp.
CLOCK_SKEW = 15 * MINUTE
CLOCK_CODE = "InvalidTimestamp"

FAULT_HINT = "a fault at Volcengine: cdnmon retries"
KEY_ID_HINT = "check the Access Key ID, and that the key is enabled"
IAM_HINT = "grant this user read access to CDN in Volcengine IAM"
NOT_OFFERED_HINT = "this API is not offered at the endpoint"

ErrorTable = Mapping[str, tuple[type[ProviderError], str]]
# The gateway's common codes (公共错误码) and CDN's own (CDN 错误码). A code not listed is
# looked up by its first part (``InvalidParameter.Interval`` as ``InvalidParameter``),
# then by the HTTP status.
ERRORS: ErrorTable = {
    "InvalidAccessKey": (AuthError, KEY_ID_HINT),
    "SignatureDoesNotMatch": (AuthError, "check the Secret Access Key"),
    "InvalidSecretToken": (AuthError, ""),
    "MissingAuthenticationToken": (AuthError, ""),
    "MissingSignature": (AuthError, ""),
    "InvalidAuthorization": (AuthError, ""),
    "InvalidCredential": (AuthError, ""),
    "AccessDenied": (AuthError, IAM_HINT),  # and CDN's AccessDenied.IAMUnauthorized
    "LackPolicy": (AuthError, IAM_HINT),
    "LackProjectPolicy": (AuthError, IAM_HINT),
    CLOCK_CODE: (RequestError, CLOCK_HINT),
    "FlowLimitExceeded": (ThrottledError, THROTTLED_HINT),
    "InternalError": (ServiceError, FAULT_HINT),  # and CDN's InternalError.<what>
    "InternalServiceError": (ServiceError, FAULT_HINT),
    "InternalServiceTimeout": (ServiceError, FAULT_HINT),
    "ServiceUnavailableTemp": (ServiceError, FAULT_HINT),
    "UndefinedError": (ServiceError, FAULT_HINT),
    "ServiceNotFound": (RequestError, NOT_OFFERED_HINT),
    "InvalidActionOrVersion": (RequestError, NOT_OFFERED_HINT),
    "MissingParameter": (RequestError, ""),
    "MissingRequestInfo": (RequestError, ""),
    "InvalidParameter": (RequestError, ""),
    "NotFound.Domain": (DomainError, DOMAIN_HINT),
}


@dataclass(frozen=True)
class OpenApiService:
    """One Volcengine service as cdnmon calls it."""

    provider: str
    title: str  # the provider, as a message about its clock names it
    service: str  # the signing scope's service name
    region: str
    version: str
    calls_per_second: float

    def error_for(self, status: int, error: Mapping[str, Any], request_id: str) -> ProviderError:
        code = str(error.get("Code") or "")
        found = ERRORS.get(code) or ERRORS.get(code.split(".")[0])
        kind, hint = found or _by_status(status)
        message = error_message(error, status)
        if code == CLOCK_CODE:
            # Say what it means: "the Signature of the request is expired" blames the key.
            message = (
                f"this computer's clock is more than {CLOCK_SKEW // MINUTE} minutes off "
                f"{self.title}'s ({message})"
            )
        return kind(
            self.provider, message, code=code, http_status=status, request_id=request_id, hint=hint
        )


def _by_status(status: int) -> tuple[type[ProviderError], str]:
    """The kind of an error whose code is unknown (or missing), from the HTTP status."""
    if status == 429:
        return ThrottledError, THROTTLED_HINT
    if status >= 500:
        return ServiceError, FAULT_HINT
    if status in (401, 403):
        return AuthError, ""
    return RequestError, ""


class OpenApiCaller:
    """Signed calls of one account to one Volcengine service; thread-safe, paced, retried."""

    def __init__(
        self,
        service: OpenApiService,
        credentials: Credentials,
        account: str,
        endpoint: str,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self._credentials = credentials
        self._endpoint = validate_endpoint(endpoint)
        parts = urlsplit(self._endpoint)
        self._host, self._path = parts.netloc, parts.path
        self._clock = clock
        self._transport = Transport.for_account(
            service.provider, account, credentials.key_id, service.calls_per_second, retry, timeout
        )

    def _request(self, action: str, body: bytes) -> requests.Request:
        query = {"Action": action, "Version": self.service.version}
        key = self._credentials
        headers = signed_headers(
            key.key_id,
            key.secret,
            int(self._clock()),
            self.service.region,
            self.service.service,
            "POST",
            self._path,
            query,
            {"Host": self._host, "Content-Type": JSON_CONTENT_TYPE},
            body,
        )
        # The query string exactly as signed (requests leaves these characters alone).
        url = f"{self._endpoint}?{canonical_query(query)}"
        return requests.Request("POST", url, headers=headers, data=body)

    def call(self, action: str, params: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """The ``Result`` of a successful call and its request id; a typed ProviderError
        otherwise."""
        body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        provider = self.service.provider

        def interpret(response: requests.Response) -> tuple[dict[str, Any], str]:
            answer = decode_json(provider, response)
            metadata = answer.get("ResponseMetadata")
            if not isinstance(metadata, dict):
                raise malformed_answer(provider, action, "", KeyError("ResponseMetadata"))
            request_id = str(metadata.get("RequestId") or "")
            error = metadata.get("Error")
            if error is not None or response.status_code != 200:
                if not isinstance(error, dict | None):
                    raise malformed_answer(provider, action, request_id, TypeError("Error"))
                raise self.service.error_for(response.status_code, error or {}, request_id)
            result = answer.get("Result")
            if not isinstance(result, dict):
                raise malformed_answer(provider, action, request_id, KeyError("Result"))
            return result, request_id

        return self._transport.call(lambda: self._request(action, body), interpret, action)

    def close(self) -> None:
        self._transport.close()
