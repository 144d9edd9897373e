"""SDK-HMAC-SHA256: the API Request Signing Guide's example byte for byte, and agreement with
the official SDK's signer (huaweicloudsdkcore) on arbitrary requests."""

from __future__ import annotations

import hashlib

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import given, settings
from hypothesis import strategies as st

from cdnmon.providers.huawei.signing import (
    EMPTY_BODY_SHA256,
    authorization,
    canonical_query,
    canonical_request,
    canonical_uri,
    parse_sdk_date,
    sdk_date,
    signature,
    string_to_sign,
)

# ---- the guide's example ("Example of the API Signature Authentication Mechanism") ----------

AK = "QTWAOYTTINDUT2QVKYUC"
SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
QUERY = [("limit", "2"), ("marker", "13551d6b-755d-4757-b956-536f674975c0")]
HEADERS = {
    "Content-Type": "application/json",
    "Host": "service.region.example.com",
    "X-Sdk-Date": "20191115T033655Z",
}
CANONICAL_REQUEST = (
    "GET\n"
    "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n"
    "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
    "content-type:application/json\n"
    "host:service.region.example.com\n"
    "x-sdk-date:20191115T033655Z\n"
    "\n"
    "content-type;host;x-sdk-date\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)


def test_the_guide_s_example_byte_for_byte() -> None:
    request, signed = canonical_request("GET", PATH, QUERY, HEADERS)
    assert request == CANONICAL_REQUEST
    assert signed == "content-type;host;x-sdk-date"
    assert hashlib.sha256(request.encode()).hexdigest() == (
        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    )
    assert string_to_sign(request, "20191115T033655Z") == (
        "SDK-HMAC-SHA256\n20191115T033655Z\n"
        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    )
    assert signature(SK, "GET", PATH, QUERY, HEADERS) == (
        "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
        "content-type;host;x-sdk-date",
    )
    assert authorization(AK, SK, "GET", PATH, QUERY, HEADERS) == (
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    )


def test_the_date_header_is_basic_iso_8601_utc() -> None:
    assert sdk_date(1573789015) == "20191115T033655Z"
    assert parse_sdk_date("20191115T033655Z") == 1573789015


def test_uri_always_ends_in_a_slash_and_each_segment_is_encoded() -> None:
    assert canonical_uri("/") == "/"
    assert canonical_uri("/v1.0/cdn/statistics/domain-stats") == (
        "/v1.0/cdn/statistics/domain-stats/"
    )
    assert canonical_uri("/a b/c%2Fd/") == "/a%20b/c/d/"  # decoded first, as sent on the wire


def test_query_is_sorted_by_name_then_value_and_encoded() -> None:
    pairs = [("domain_name", "b.example.com,a.example.com"), ("action", "detail"), ("a", "x y")]
    assert canonical_query(pairs) == (
        "a=x%20y&action=detail&domain_name=b.example.com%2Ca.example.com"
    )


def test_values_are_trimmed_not_lower_cased_and_underscored_names_are_not_signed() -> None:
    headers = {**HEADERS, "X-Domain-Id": "  AbC  ", "X_Custom": "ignored"}
    request, signed = canonical_request("get", PATH, QUERY, headers)
    assert "x-domain-id:AbC\n" in request and "x_custom" not in request
    assert signed == "content-type;host;x-domain-id;x-sdk-date"


def test_an_unsigned_payload_is_named_in_place_of_its_hash() -> None:
    headers = {**HEADERS, "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"}
    request, _ = canonical_request("POST", PATH, [], headers, b"{}")
    assert request.endswith("\nUNSIGNED-PAYLOAD")
    empty, _ = canonical_request("POST", PATH, [], headers, b"")
    assert empty.endswith(f"\n{EMPTY_BODY_SHA256}")


# ---- agreement with the official SDK -------------------------------------------------------

segments = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/"))
paths = st.lists(segments, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts))
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
queries = st.lists(st.tuples(texts, texts), max_size=6)
header_names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True).filter(
    lambda name: (
        name.lower()
        not in ("host", "x-sdk-date", "content-type", "authorization", "x-sdk-content-sha256")
    )
)
header_values = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
timestamps = st.integers(min_value=0, max_value=4_102_444_800)  # up to 2100
secrets = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    path=paths,
    query=queries,
    extra=st.dictionaries(header_names, header_values, max_size=5),
    body=st.binary(max_size=200),
    unsigned_body=st.booleans(),
    timestamp=timestamps,
    host=st.from_regex(r"[a-z0-9][a-z0-9.-]{0,30}(:[0-9]{1,5})?", fullmatch=True),
    secret=secrets,
)
def test_agrees_with_the_sdk_signer(
    method: str,
    path: str,
    query: list[tuple[str, str]],
    extra: dict[str, str],
    body: bytes,
    unsigned_body: bool,
    timestamp: int,
    host: str,
    secret: str,
) -> None:
    """The SDK signs a request; ours signs the same method, path, query, headers and body
    into the same Authorization header."""
    unique = {name.lower(): name for name in extra}  # one spelling of each name
    headers = {
        "Host": host,
        "X-Sdk-Date": sdk_date(timestamp),
        "Content-Type": "application/json",
        **{name: extra[name] for name in unique.values()},
    }
    if unsigned_body:
        headers["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD"
    request = SdkRequest(
        method=method,
        schema="https",
        host=host,
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    Signer(BasicCredentials("AKEXAMPLE", secret)).sign(request)
    assert request.header_params["Authorization"] == authorization(
        "AKEXAMPLE", secret, method, path, query, headers, body
    )
