"""Signers: the providers' official examples byte for byte, and agreement with the SDKs."""

from __future__ import annotations

import base64
import hashlib
from types import SimpleNamespace

from alibabacloud_tea_openapi.utils import Utils as TeaUtils
from aliyunsdkcore.auth.algorithm import sha_hmac1
from aliyunsdkcore.auth.composer import rpc_signature_composer
from hypothesis import given
from hypothesis import strategies as st
from ucloud.core.auth._cfg import verify_ac

from cdnmon.providers.aliyun import sign_v1, sign_v3
from cdnmon.providers.aliyun.signing import (
    EMPTY_BODY_SHA256,
    canonical_request_v3,
    string_to_sign_v1,
)
from cdnmon.providers.ucloud import sign

# ---- the official examples ---------------------------------------------------------------

V1_EXAMPLE = {
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "Format": "XML",
    "Version": "2014-05-26",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "SignatureVersion": "1.0",
    "Timestamp": "2016-02-23T12:46:24Z",
}


def test_v1_official_example() -> None:
    assert string_to_sign_v1("GET", V1_EXAMPLE) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
        "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
        "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
        "%26Version%3D2014-05-26"
    )
    assert sign_v1("GET", V1_EXAMPLE, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_v1_ignores_an_existing_signature_parameter() -> None:
    signed = {**V1_EXAMPLE, "Signature": "whatever"}
    assert sign_v1("GET", signed, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_v1_typo_example_differs() -> None:
    # The older doc page's value comes from the key spelled TimeStamp; ours must not match it.
    typo = {k if k != "Timestamp" else "TimeStamp": v for k, v in V1_EXAMPLE.items()}
    assert sign_v1("GET", typo, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="
    assert sign_v1("GET", V1_EXAMPLE, "testsecret") != "CT9X0VtwR86fNWSnsc6v8YGOjuE="


V3_HEADERS = {
    "host": "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-version": "2014-05-26",
}
V3_QUERY = {
    "ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
    "RegionId": "cn-shanghai",
}


def test_v3_official_example() -> None:
    request, _ = canonical_request_v3("POST", "/", V3_QUERY, V3_HEADERS, EMPTY_BODY_SHA256)
    assert hashlib.sha256(request.encode()).hexdigest() == (
        "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    )
    authorization = sign_v3(
        "POST",
        "/",
        V3_QUERY,
        V3_HEADERS,
        EMPTY_BODY_SHA256,
        "YourAccessKeyId",
        "YourAccessKeySecret",
    )
    assert authorization == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
        "x-acs-signature-nonce;x-acs-version,"
        "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    )


UCLOUD_PUBLIC = "ucloudsomeone@example.com1296235120854146120"
UCLOUD_PRIVATE = "46f09bb9fab4f12dfc160dae12273d5332b5debe"


def test_ucloud_official_examples() -> None:
    create = {
        "Action": "CreateUHostInstance",
        "Region": "cn-bj2",
        "Zone": "cn-bj2-04",
        "ImageId": "f43736e1-65a5-4bea-ad2e-8a46e18883c2",
        "CPU": 2,
        "Memory": 2048,
        "DiskSpace": 10,
        "LoginMode": "Password",
        "Password": "VUNsb3VkLmNu",
        "Name": "Host01",
        "ChargeType": "Month",
        "Quantity": 1,
        "PublicKey": UCLOUD_PUBLIC,
    }
    assert sign(create, UCLOUD_PRIVATE) == "4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65"
    describe = {
        "Action": "DescribeUHostInstance",
        "Region": "cn-bj2",
        "Limit": 10,
        "PublicKey": UCLOUD_PUBLIC,
    }
    assert sign(describe, UCLOUD_PRIVATE) == "cba5cf5ec4d4233d206b1b54951e3787350a642f"


# ---- agreement with the official SDKs on arbitrary input ---------------------------------

# Text that stresses encoders: unicode, spaces, the reserved characters, empty strings.
tricky_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" *~+/=&%-_.:?#[]@!$'(),;")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=20,
)
names = tricky_text.filter(lambda name: name not in ("Signature", ""))
secrets = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
methods = st.sampled_from(["GET", "POST"])


def sdk_v1_signature(method: str, params: dict[str, str], secret: str) -> str:
    compose = getattr(rpc_signature_composer, "__compose_string_to_sign")
    return sha_hmac1.get_sign_string(compose(method, params), secret + "&")


@given(params=st.dictionaries(names, tricky_text, max_size=8), secret=secrets, method=methods)
def test_v1_agrees_with_aliyun_sdk_core(params: dict[str, str], secret: str, method: str) -> None:
    assert sign_v1(method, params, secret) == sdk_v1_signature(method, params, secret)
    base64.b64decode(sign_v1(method, params, secret), validate=True)


# The SDK's V3 signer leaves query *names* unencoded (the documentation says encode them),
# so names are drawn from characters where the two readings coincide; values are arbitrary.
plain_names = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~",
    min_size=1,
    max_size=12,
)
header_values = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)


@given(
    query=st.dictionaries(plain_names, tricky_text, max_size=8),
    extra_headers=st.dictionaries(
        plain_names.map(lambda name: f"x-acs-{name.lower()}"), header_values, max_size=3
    ),
    secret=secrets,
    method=methods,
    body=st.binary(max_size=64),
)
def test_v3_agrees_with_tea_openapi(
    query: dict[str, str],
    extra_headers: dict[str, str],
    secret: str,
    method: str,
    body: bytes,
) -> None:
    digest = hashlib.sha256(body).hexdigest()
    headers = {
        "host": "cdn.aliyuncs.com",
        "x-acs-action": "DescribeDomainRealTimeSrcBpsData",
        "x-acs-version": "2018-05-10",
        "x-acs-date": "2026-11-22T10:00:00Z",
        **extra_headers,
        "x-acs-content-sha256": digest,
    }
    ours = sign_v3(method, "/", query, headers, digest, "AKID", secret)
    request = SimpleNamespace(pathname="/", query=query, headers=headers, method=method)
    theirs = TeaUtils.get_authorization(request, "ACS3-HMAC-SHA256", digest, "AKID", secret)
    assert ours == theirs


ucloud_values = st.one_of(
    tricky_text,
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
)


@given(
    params=st.dictionaries(names, ucloud_values, max_size=8),
    private_key=secrets,
)
def test_ucloud_agrees_with_ucloud_sdk(params: dict[str, object], private_key: str) -> None:
    assert sign(params, private_key) == verify_ac(private_key, dict(params))
