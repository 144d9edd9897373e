"""Reading and checking Alibaba Cloud request signatures, V1 (RPC HMAC-SHA1) and V3
(ACS3-HMAC-SHA256), on the receiving side.

Verification rebuilds what the client signed with the project's own signer
(``cdnmon.providers.aliyun.signing``), so the emulator and the clients cannot drift apart
without the official-SDK tests noticing.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from dataclasses import dataclass

from cdnmon.emulator.gateway import ApiRequest
from cdnmon.providers.aliyun.signing import V3_ALGORITHM, sign_v1, sign_v3, string_to_sign_v1

V1_REQUIRED = ("AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp")
V3_REQUIRED = ("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce")


class AliyunError(Exception):
    """An error answer: HTTP status, Alibaba error code and message."""

    def __init__(
        self, status: int, code: str, message: str, retry_after_ms: int | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_ms = retry_after_ms


def missing(name: str) -> AliyunError:
    # Wording of Alibaba's generic MissingParameter answer.
    return AliyunError(
        400,
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request '
        "is not supplied.",
    )


def incomplete(detail: str) -> AliyunError:
    # IncompleteSignature is Alibaba's code for a signature it cannot even evaluate.
    return AliyunError(
        400,
        "IncompleteSignature",
        f"The request signature does not conform to Aliyun standards. {detail}",
    )


def mismatch(detail: str = "") -> AliyunError:
    message = "Specified signature is not matched with our calculation."
    return AliyunError(400, "SignatureDoesNotMatch", f"{message} {detail}".strip())


@dataclass(frozen=True)
class SignedCall:
    """An RPC call with its claimed identity, before the signature is checked."""

    scheme: str  # "V1" or "V3"
    key_id: str
    action: str
    version: str
    params: dict[str, str]  # the API's own parameters (query and form body)
    timestamp: str
    nonce: str
    request: ApiRequest

    def check_signature(self, secret: str) -> None:
        """Raise SignatureDoesNotMatch unless the request was signed with ``secret``."""
        if self.scheme == "V1":
            _check_v1(self, secret)
        else:
            _check_v3(self, secret)


def read_call(request: ApiRequest) -> SignedCall:
    """Tell V3 (``Authorization: ACS3-HMAC-SHA256 ...``) from V1 (``Signature`` parameter)."""
    params = {**request.query, **request.form()}
    authorization = request.headers.get("authorization", "")
    if authorization.startswith(V3_ALGORITHM):
        return _read_v3(request, params, authorization)
    if authorization:
        raise incomplete(f"Unsupported Authorization scheme {authorization.split()[0]!r}.")
    for name in V1_REQUIRED:
        if not params.get(name):
            raise missing(name)
    if params["SignatureMethod"] != "HMAC-SHA1":
        raise incomplete(f"Unsupported SignatureMethod {params['SignatureMethod']!r}.")
    return SignedCall(
        scheme="V1",
        key_id=params["AccessKeyId"],
        action=params.get("Action", ""),
        version=params.get("Version", ""),
        params=params,
        timestamp=params["Timestamp"],
        nonce=params["SignatureNonce"],
        request=request,
    )


def _read_v3(request: ApiRequest, params: dict[str, str], authorization: str) -> SignedCall:
    fields = _authorization_fields(authorization)
    if not all(fields.get(name) for name in ("Credential", "SignedHeaders", "Signature")):
        raise incomplete("Authorization needs Credential, SignedHeaders and Signature.")
    headers = request.headers
    for name in V3_REQUIRED:
        if not headers.get(name):
            raise missing(name)
    return SignedCall(
        scheme="V3",
        key_id=fields["Credential"],
        action=headers["x-acs-action"],
        version=headers["x-acs-version"],
        params=params,
        timestamp=headers["x-acs-date"],
        nonce=headers["x-acs-signature-nonce"],
        request=request,
    )


def _authorization_fields(authorization: str) -> dict[str, str]:
    """``Credential``, ``SignedHeaders`` and ``Signature`` from a V3 Authorization header."""
    parts = (part.strip().partition("=") for part in authorization[len(V3_ALGORITHM) :].split(","))
    return {name: value for name, _, value in parts}


def _check_v1(call: SignedCall, secret: str) -> None:
    unsigned = {name: value for name, value in call.params.items() if name != "Signature"}
    expected = sign_v1(call.request.method, unsigned, secret)
    if not hmac.compare_digest(expected, call.params["Signature"]):
        # Alibaba shows its string to sign, which lets a client find its encoding bug.
        raise mismatch(
            f"server string to sign is:{string_to_sign_v1(call.request.method, unsigned)}"
        )


def _check_v3(call: SignedCall, secret: str) -> None:
    request, headers = call.request, call.request.headers
    fields = _authorization_fields(headers["authorization"])
    signed_names = [name.strip().lower() for name in fields["SignedHeaders"].split(";")]
    unsigned = [n for n in headers if n.startswith("x-acs-") and n not in signed_names]
    if "host" not in signed_names:
        unsigned.insert(0, "host")
    if unsigned:
        raise incomplete(f"These headers must be signed: {', '.join(sorted(unsigned))}.")
    body_sha256 = hashlib.sha256(request.body).hexdigest()
    if headers.get("x-acs-content-sha256", "").lower() != body_sha256:
        raise mismatch("The x-acs-content-sha256 header is not the SHA-256 of the request body.")
    absent = [name for name in signed_names if name not in headers]
    if absent:
        raise mismatch(f"Signed headers not in the request: {', '.join(absent)}.")
    authorization = sign_v3(
        request.method,
        request.path,
        dict(request.query),
        {name: headers[name] for name in signed_names},
        body_sha256,
        call.key_id,
        secret,
    )
    expected = authorization.rpartition("Signature=")[2]
    if not hmac.compare_digest(expected, fields["Signature"].lower()):
        raise mismatch()


class NonceCache:
    """Nonces seen in the last ``ttl`` seconds per key; bounded, oldest forgotten first."""

    def __init__(self, ttl: float = 900.0, capacity: int = 100_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._lock = threading.Lock()
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()

    def use(self, key_id: str, nonce: str, now: float) -> bool:
        """Record the nonce; False if it was already used within ``ttl``."""
        with self._lock:
            while self._seen and (
                len(self._seen) >= self.capacity or next(iter(self._seen.values())) < now - self.ttl
            ):
                self._seen.popitem(last=False)
            seen_at = self._seen.get((key_id, nonce))
            if seen_at is not None and now - seen_at <= self.ttl:
                return False
            self._seen[key_id, nonce] = now
            self._seen.move_to_end((key_id, nonce))
            return True
