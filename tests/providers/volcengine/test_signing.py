"""Volcengine HMAC-SHA256: the documented example byte for byte ("签名过程Demo", API
signing docs 6369/67270), and agreement with the official SDK's SignerV4 (the ``volcengine``
package) on arbitrary requests."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from volcengine.auth.SignerV4 import SignerV4
from volcengine.base.Request import Request
from volcengine.Credentials import Credentials

from cdnmon.providers.volcengine.signing import (
    canonical_headers,
    canonical_query,
    canonical_request,
    credential_scope,
    parse_x_date,
    signature,
    signed_headers,
    signing_key,
    string_to_sign,
    x_date,
)

# ---- the documented example: IAM ListUsers, GET, an empty body --------------------------------

ACCESS_KEY_ID = "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg"
SECRET_ACCESS_KEY = "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ=="
DATE = "20240619T071306Z"
QUERY = {"Action": "ListUsers", "Version": "2018-01-01", "Limit": "10", "Offset": "0"}
HEADERS = {"Host": "iam.volcengineapi.com", "X-Date": DATE}
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_documented_example_step_by_step() -> None:
    assert hashlib.sha256(b"").hexdigest() == EMPTY_SHA256
    assert canonical_query(QUERY) == "Action=ListUsers&Limit=10&Offset=0&Version=2018-01-01"
    request, signed = canonical_request("GET", "/", QUERY, HEADERS, EMPTY_SHA256)
    assert request == (
        "GET\n/\nAction=ListUsers&Limit=10&Offset=0&Version=2018-01-01\n"
        "host:iam.volcengineapi.com\nx-date:20240619T071306Z\n\n"
        "host;x-date\n" + EMPTY_SHA256
    )
    assert signed == "host;x-date"
    assert hashlib.sha256(request.encode()).hexdigest() == (
        "5ed5bca3905e1fcbf789abb56a17c2d819674a3bcfa468ae476bd1ea80d135cb"
    )
    scope = credential_scope(DATE, "cn-beijing", "iam")
    assert scope == "20240619/cn-beijing/iam/request"
    assert string_to_sign(DATE, scope, request) == (
        "HMAC-SHA256\n20240619T071306Z\n20240619/cn-beijing/iam/request\n"
        "5ed5bca3905e1fcbf789abb56a17c2d819674a3bcfa468ae476bd1ea80d135cb"
    )
    assert signing_key(SECRET_ACCESS_KEY, DATE, "cn-beijing", "iam").hex() == (
        "abee62e533a58934c49954459a3c3237d2fccea517c9a7c8a2651d8ea7779826"
    )
    assert signature(
        SECRET_ACCESS_KEY, DATE, "cn-beijing", "iam", "GET", "/", QUERY, HEADERS, EMPTY_SHA256
    ) == ("e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93", "host;x-date")


def test_documented_example_authorization_header() -> None:
    """The whole header, as the example's last step writes it (the example signs only Host
    and X-Date; the SDK and cdnmon also sign X-Content-Sha256 and Content-Type)."""
    digest, names = signature(
        SECRET_ACCESS_KEY, DATE, "cn-beijing", "iam", "GET", "/", QUERY, HEADERS, EMPTY_SHA256
    )
    scope = credential_scope(DATE, "cn-beijing", "iam")
    assert f"HMAC-SHA256 Credential={ACCESS_KEY_ID}/{scope}, SignedHeaders={names}, " + (
        f"Signature={digest}"
    ) == (
        "HMAC-SHA256 Credential=AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg/20240619/"
        "cn-beijing/iam/request, SignedHeaders=host;x-date, "
        "Signature=e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93"
    )


def test_x_date_is_utc_basic_iso_and_reads_back() -> None:
    assert x_date(1718781186) == DATE
    assert parse_x_date(DATE) == 1718781186
    with pytest.raises(ValueError):
        parse_x_date("2024-06-19T07:13:06Z")


def test_header_names_and_values_are_lower_cased_and_trimmed_and_default_ports_dropped() -> None:
    block, names = canonical_headers(
        {" HOST ": " cdn.volcengineapi.com:443 ", "Content-Type": "application/json"}
    )
    assert block == "content-type:application/json\nhost:cdn.volcengineapi.com\n"
    assert names == "content-type;host"
    assert canonical_headers({"Host": "127.0.0.1:8080"})[0] == "host:127.0.0.1:8080\n"


# ---- agreement with the official SDK ----------------------------------------------------------

names_or_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
queries = st.dictionaries(
    names_or_values, names_or_values | st.lists(names_or_values, max_size=3), max_size=5
)
paths = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=3)
hosts = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,30}(:(80|443|[0-9]{1,5}))?", fullmatch=True)
# The SDK signs every header whose name starts with "X-"; it does not trim values (the
# documentation says to), so values here have no white space at their ends.
extra_headers = st.dictionaries(
    st.from_regex(r"X-[A-Z][a-z0-9]{0,8}", fullmatch=True).filter(
        lambda name: name.lower() not in ("x-date", "x-content-sha256", "x-security-token")
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20).filter(
        lambda value: value == value.strip()
    ),
    max_size=4,
)
regions = st.sampled_from(["cn-north-1", "cn-beijing", "ap-southeast-1"])
services = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}", fullmatch=True)
secrets = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
timestamps = st.integers(min_value=0, max_value=4_102_444_800)  # up to 2100


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    segments=paths,
    query=queries,
    host=hosts,
    extra=extra_headers,
    body=st.binary(max_size=200),
    region=regions,
    service=services,
    secret=secrets,
    timestamp=timestamps,
)
def test_agrees_with_the_sdk_signer(
    method: str,
    segments: list[str],
    query: dict[str, str | list[str]],
    host: str,
    extra: dict[str, str],
    body: bytes,
    region: str,
    service: str,
    secret: str,
    timestamp: int,
) -> None:
    """SignerV4.sign on a whole request (its clock stopped at ``timestamp``) writes the
    same X-Date, X-Content-Sha256 and Authorization as ours."""
    path = "/" + "/".join(segments)
    headers = {"Host": host, "Content-Type": "application/json", **extra}
    request = Request()
    request.method, request.path, request.body = method, path, body
    request.query = OrderedDict(query)
    request.headers = OrderedDict(headers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SignerV4, "get_current_format_date", staticmethod(lambda: x_date(timestamp)))
        SignerV4.sign(request, Credentials("AKLTexample", secret, service, region))
    ours = signed_headers(
        "AKLTexample", secret, timestamp, region, service, method, path, query, headers, body
    )
    for name in ("X-Date", "X-Content-Sha256", "Authorization"):
        assert ours[name] == request.headers[name], name
