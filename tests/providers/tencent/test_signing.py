"""TC3-HMAC-SHA256: Tencent's documented example byte for byte, and agreement with the
official SDK's signer (tencentcloud-sdk-python-common) on arbitrary requests."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tencentcloud.common import abstract_client
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

from cdnmon.providers.tencent.signing import (
    authorization,
    canonical_request,
    credential_scope,
    signature,
    string_to_sign,
)

# ---- the documented example ("Signature v3", API 3.0 of any product: CVM DescribeInstances) --

SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3*******"
TIMESTAMP = 1551113065  # 2019-02-25 16:44:25 UTC
PAYLOAD = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
)
HEADERS = {
    "Content-Type": "application/json; charset=utf-8",
    "Host": "cvm.tencentcloudapi.com",
    "X-TC-Action": "DescribeInstances",
}


def test_documented_example_signing_the_action_header() -> None:
    """The current page signs content-type, host and x-tc-action (values lower-cased)."""
    assert hashlib.sha256(PAYLOAD).hexdigest() == (
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    request, signed = canonical_request("POST", "", HEADERS, PAYLOAD)
    assert request == (
        "POST\n/\n\n"
        "content-type:application/json; charset=utf-8\n"
        "host:cvm.tencentcloudapi.com\n"
        "x-tc-action:describeinstances\n"
        "\n"
        "content-type;host;x-tc-action\n"
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    assert signed == "content-type;host;x-tc-action"
    assert credential_scope(TIMESTAMP, "cvm") == "2019-02-25/cvm/tc3_request"
    assert string_to_sign(TIMESTAMP, "cvm", request) == (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    )
    assert authorization(SECRET_ID, SECRET_KEY, TIMESTAMP, "cvm", HEADERS, PAYLOAD) == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/"
        "tc3_request, SignedHeaders=content-type;host;x-tc-action, "
        "Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3"
    )


def test_documented_example_signing_content_type_and_host() -> None:
    """The earlier version of the page signs the two required headers only."""
    headers = {k: v for k, v in HEADERS.items() if k != "X-TC-Action"}
    request, _ = canonical_request("POST", "", headers, PAYLOAD)
    assert string_to_sign(TIMESTAMP, "cvm", request).endswith(
        "\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    assert authorization(SECRET_ID, SECRET_KEY, TIMESTAMP, "cvm", headers, PAYLOAD) == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/"
        "tc3_request, SignedHeaders=content-type;host, "
        "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
    )


def test_header_names_and_values_are_trimmed_and_lower_cased() -> None:
    shouted = {
        " CONTENT-TYPE ": " Application/JSON; charset=UTF-8 ",
        "HOST": "CVM.TencentCloudAPI.com",
    }
    plain = {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"}
    assert signature(SECRET_KEY, TIMESTAMP, "cvm", "post", "", shouted, PAYLOAD) == signature(
        SECRET_KEY, TIMESTAMP, "cvm", "POST", "", plain, PAYLOAD
    )


# ---- agreement with the official SDK -------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
services = st.from_regex(r"[a-z][a-z0-9]{1,11}", fullmatch=True)
hosts = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,40}(:[0-9]{1,5})?", fullmatch=True)
# The SDK refuses secrets with white space; real ones are letters and digits.
secrets = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=40
)
actions = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,30}", fullmatch=True)
timestamps = st.integers(min_value=0, max_value=4_102_444_800)  # up to 2100


def sdk_client(service: str, host: str, secret_key: str) -> AbstractClient:
    kind = type("ServiceClient", (AbstractClient,), {"_service": service, "_apiVersion": "v"})
    profile = ClientProfile(httpProfile=HttpProfile(endpoint=host))
    return kind(Credential("AKIDexample", secret_key), "", profile)


@settings(max_examples=150, deadline=None)
@given(
    params=st.dictionaries(st.text(max_size=10), json_values, max_size=6),
    action=actions,
    timestamp=timestamps,
    service=services,
    host=hosts,
    secret_key=secrets,
)
def test_agrees_with_the_sdk_on_whole_requests(
    params: dict[str, object],
    action: str,
    timestamp: int,
    service: str,
    host: str,
    secret_key: str,
) -> None:
    """The SDK builds and signs a POST JSON request; ours signs the same bytes the same way."""
    client = sdk_client(service, host, secret_key)
    request = RequestInternal(host, "POST", "/")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(abstract_client, "time", SimpleNamespace(time=lambda: timestamp))
        client._build_req_with_tc3_signature(action, params, request)
    body = request.data.encode("utf-8")
    assert json.loads(body) == params
    signed = {"Content-Type": request.header["Content-Type"], "Host": request.header["Host"]}
    assert request.header["Authorization"] == authorization(
        "AKIDexample", secret_key, timestamp, service, signed, body
    )


@settings(max_examples=150, deadline=None)
@given(
    body=st.binary(max_size=200),
    method=st.sampled_from(["POST", "GET"]),
    query=st.from_regex(
        r"([A-Za-z0-9]+=[A-Za-z0-9%]*(&[A-Za-z0-9]+=[A-Za-z0-9%]*)*)?", fullmatch=True
    ),
    timestamp=timestamps,
    service=services,
    host=hosts,
    secret_key=secrets,
)
def test_agrees_with_the_sdk_signature_function(
    body: bytes,
    method: str,
    query: str,
    timestamp: int,
    service: str,
    host: str,
    secret_key: str,
) -> None:
    """``AbstractClient._get_tc3_signature`` on arbitrary payloads and query strings."""
    content_type = "application/json" if method == "POST" else "application/x-www-form-urlencoded"
    request = SimpleNamespace(
        method=method,
        uri="/",
        data=query if method == "GET" else body,
        header={"Content-Type": content_type, "Host": host, "X-TC-Timestamp": str(timestamp)},
    )
    date = credential_scope(timestamp, service).split("/")[0]
    expected = AbstractClient._get_tc3_signature(
        SimpleNamespace(), {}, request, date, service, secret_key
    )
    ours, _ = signature(
        secret_key,
        timestamp,
        service,
        method,
        query if method == "GET" else "",
        {"Content-Type": content_type, "Host": host},
        b"" if method == "GET" else body,
    )
    assert ours == expected
