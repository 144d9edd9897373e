"""Tencent Cloud API 3.0 calls and client skeleton, shared by Tencent CDN and EdgeOne.

Every call is a POST of a JSON body to ``/``, signed with TC3-HMAC-SHA256. Every answer,
success or failure, is HTTP 200 with ``{"Response": {..., "RequestId": ...}}``; a failure
has ``Response.Error = {"Code", "Message"}``. Codes are common to all services
(``AuthFailure.*``, ``RequestLimitExceeded``, ``InternalError``, ``InvalidParameter*``) or
the service's own, which each client adds to the common table.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from cdnmon.providers.base import Credentials
from cdnmon.providers.batches import BatchClient
from cdnmon.providers.batches import Points as Points  # for the clients built on this
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
from cdnmon.providers.parsing import decode_json, malformed_answer

from .signing import JSON_CONTENT_TYPE, authorization

# What the server allows between its clock and X-TC-Timestamp (AuthFailure.SignatureExpire).
CLOCK_SKEW = 5 * 60
SIGNATURE_EXPIRED = "AuthFailure.SignatureExpire"
# Ask for English messages, as the other providers give (the common Language parameter).
LANGUAGE = "en-US"

FAULT_HINT = "a fault at Tencent Cloud: cdnmon retries"
CAM_HINT = "grant this sub-account read access in Tencent Cloud CAM"

Row = TypeVar("Row")
ErrorTable = Mapping[str, tuple[type[ProviderError], str]]
# The common error codes (API 3.0 "Responses" and "Error Codes" pages). A code not listed
# is looked up by its first part (``ResourceNotFound.Foo`` as ``ResourceNotFound``).
COMMON_ERRORS: ErrorTable = {
    "AuthFailure": (AuthError, ""),
    "AuthFailure.SignatureFailure": (AuthError, "check the SecretKey"),
    "AuthFailure.SecretIdNotFound": (AuthError, "check the SecretId, and that the key is enabled"),
    "AuthFailure.InvalidSecretId": (AuthError, "check the SecretId, and that the key is enabled"),
    SIGNATURE_EXPIRED: (RequestError, CLOCK_HINT),
    "AuthFailure.UnauthorizedOperation": (AuthError, CAM_HINT),
    "UnauthorizedOperation": (AuthError, CAM_HINT),
    "RequestLimitExceeded": (ThrottledError, THROTTLED_HINT),
    "InternalError": (ServiceError, FAULT_HINT),
    "ServiceUnavailable": (ServiceError, FAULT_HINT),
    "ResourceNotFound": (DomainError, DOMAIN_HINT),
    "ResourceUnavailable": (DomainError, DOMAIN_HINT),
    "InvalidParameter": (RequestError, ""),
    "InvalidParameterValue": (RequestError, ""),
    "MissingParameter": (RequestError, ""),
    "UnknownParameter": (RequestError, ""),
    "LimitExceeded": (RequestError, ""),
    "InvalidAction": (RequestError, "this API is not offered at the endpoint"),
    "NoSuchVersion": (RequestError, "this API is not offered at the endpoint"),
}


@dataclass(frozen=True)
class Api3Service:
    """One API 3.0 service as cdnmon calls it."""

    provider: str
    service: str  # the signing scope and the default host's first label
    version: str
    calls_per_second: float
    errors: ErrorTable = field(default_factory=dict)

    def error_for(self, status: int, error: Mapping[str, Any], request_id: str) -> ProviderError:
        code = str(error.get("Code") or "")
        message = str(error.get("Message") or "").strip() or f"HTTP {status}"
        table = {**COMMON_ERRORS, **self.errors}
        kind, hint = table.get(code) or table.get(code.split(".")[0]) or (RequestError, "")
        if code == SIGNATURE_EXPIRED:
            # Say what it means: the message alone reads like a key problem.
            message = (
                f"this computer's clock is more than {CLOCK_SKEW // 60} minutes off "
                f"Tencent Cloud's ({message})"
            )
        return kind(
            self.provider,
            message,
            code=code,
            http_status=status,
            request_id=request_id,
            hint=hint,
        )


class Api3Caller:
    """Signed calls of one account to one API 3.0 service; thread-safe, paced, retried."""

    def __init__(
        self,
        service: Api3Service,
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
        self._host = urlsplit(self._endpoint).netloc
        self._clock = clock
        self._transport = Transport.for_account(
            service.provider, account, credentials.key_id, service.calls_per_second, retry, timeout
        )

    def _request(self, action: str, body: bytes) -> requests.Request:
        timestamp = int(self._clock())
        signed = {"Content-Type": JSON_CONTENT_TYPE, "Host": self._host, "X-TC-Action": action}
        key = self._credentials
        headers = {
            **signed,
            "X-TC-Version": self.service.version,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Language": LANGUAGE,
            "Authorization": authorization(
                key.key_id, key.secret, timestamp, self.service.service, signed, body
            ),
        }
        return requests.Request("POST", self._endpoint, headers=headers, data=body)

    def call(self, action: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """The ``Response`` object of a successful call; a typed ProviderError otherwise."""
        body = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        provider = self.service.provider

        def interpret(response: requests.Response) -> dict[str, Any]:
            answer = decode_json(provider, response).get("Response")
            if not isinstance(answer, dict):
                raise malformed_answer(provider, action, "", KeyError("Response"))
            request_id = str(answer.get("RequestId", ""))
            error = answer.get("Error")
            if error is not None:
                if not isinstance(error, dict):
                    raise malformed_answer(provider, action, request_id, TypeError("Error"))
                raise self.service.error_for(response.status_code, error, request_id)
            if response.status_code != 200:
                kind = ServiceError if response.status_code >= 500 else RequestError
                raise kind(
                    provider,
                    f"HTTP {response.status_code}",
                    http_status=response.status_code,
                    request_id=request_id,
                    hint=FAULT_HINT if kind is ServiceError else "",
                )
            return answer

        return self._transport.call(lambda: self._request(action, body), interpret, action)

    @contextmanager
    def reading(self, action: str, answer: Mapping[str, Any]) -> Iterator[None]:
        """Turns a slip in reading ``answer`` into the typed malformed-answer error."""
        try:
            yield
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            request_id = str(answer.get("RequestId", ""))
            raise malformed_answer(self.service.provider, action, request_id, error) from None

    def every_page(
        self,
        action: str,
        params: Mapping[str, Any],
        page_size: int,
        total_key: str,
        rows_key: str,
        row: Callable[[Mapping[str, Any]], Row],
    ) -> list[Row]:
        """Every row of a paged listing (Offset and Limit), read with ``row``, all pages."""
        rows_read: list[Row] = []
        while True:
            answer = self.call(action, {**params, "Offset": len(rows_read), "Limit": page_size})
            with self.reading(action, answer):
                total = int(answer[total_key])
                rows = answer[rows_key]
                rows_read += [row(r) for r in rows]
            if len(rows_read) >= total or not rows:
                return rows_read

    def close(self) -> None:
        self._transport.close()


class Api3Client(BatchClient):
    """What the Tencent CDN and EdgeOne clients share: the batching client, with the API 3.0
    caller of the service in ``_api``."""

    _api: Api3Caller

    def close(self) -> None:
        self._api.close()
