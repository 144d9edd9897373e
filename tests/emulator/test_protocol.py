"""The documented edges of both emulated APIs, over real HTTP with a frozen data clock."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import pytest
import requests

from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.gateway import SlidingWindowLimiter
from cdnmon.emulator.ucloud import flatten
from cdnmon.model import DAY, HOUR, format_utc, parse_utc
from tests.emulator.signed import (
    FIXED_NOW,
    GAMES_PRIVATE,
    GAMES_PUBLIC,
    MEDIA_ID,
    MEDIA_SECRET,
    NEWS_PRIVATE,
    NEWS_PUBLIC,
    SHOP_ID,
    SHOP_SECRET,
    aliyun_v1_params,
    aliyun_v3_headers,
    ucloud_params,
    ucloud_query,
)

IMG = "img.shop.example.com"
WWW = "www.shop.example.com"
HOUR_BEFORE = int(FIXED_NOW) // HOUR * HOUR - HOUR  # 11:00 UTC, an hour before "now"


pytestmark = pytest.mark.emulator(now=FIXED_NOW)


def aliyun_get(
    http: requests.Session,
    server: EmulatorServer,
    action: str,
    params: dict[str, str],
    key: tuple[str, str] = (SHOP_ID, SHOP_SECRET),
    **signing: object,
) -> requests.Response:
    signed = aliyun_v1_params(*key, action, params, now=server.clock(), **signing)  # type: ignore[arg-type]
    return http.get(server.url, params=signed, timeout=5)


def realtime(
    http: requests.Session,
    server: EmulatorServer,
    start: int | str | None,
    end: int | str | None,
    domain: str = IMG,
) -> requests.Response:
    params = {"DomainName": domain}
    for name, value in (("StartTime", start), ("EndTime", end)):
        if value is not None:
            params[name] = format_utc(value) if isinstance(value, int) else value
    return aliyun_get(http, server, "DescribeDomainRealTimeSrcBpsData", params)


def modules(response: requests.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return response.json()["RealTimeSrcBpsDataPerInterval"]["DataModule"]


def assert_error(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["Code"] == code, body
    return body


# ---- Alibaba: DescribeDomainRealTimeSrcBpsData ----------------------------------------------


def test_window_includes_both_ends_and_matches_traffic(http, server):
    start, end = HOUR_BEFORE, HOUR_BEFORE + 600
    response = realtime(http, server, start, end)
    body = response.json()
    assert set(body) == {
        "DomainName",
        "DataInterval",
        "StartTime",
        "EndTime",
        "RequestId",
        "RealTimeSrcBpsDataPerInterval",
    }
    assert (body["DomainName"], body["DataInterval"]) == (IMG, "60")
    assert (body["StartTime"], body["EndTime"]) == (format_utc(start), format_utc(end))
    expected = [
        (format_utc(t), str(round(v)))
        for t in range(start, end + 1, 60)
        if (v := server.traffic.origin_bps(IMG, t)) is not None
    ]
    assert [(m["TimeStamp"], m["Value"]) for m in modules(response)] == expected
    assert len(expected) >= 10


@pytest.mark.parametrize(
    ("span", "interval"),
    [(HOUR, 60), (HOUR + 60, 300), (3 * DAY, 300), (3 * DAY + 60, 3600), (31 * DAY, 3600)],
)
def test_granularity_follows_the_span(http, server, span, interval):
    end = HOUR_BEFORE
    response = realtime(http, server, end - span, end)
    assert response.json()["DataInterval"] == str(interval)
    stamps = [parse_utc(m["TimeStamp"]) for m in modules(response)]
    assert all(t % interval == 0 and end - span <= t <= end for t in stamps)
    assert len(stamps) >= span // interval * 0.95


def test_span_longer_than_31_days_is_refused(http, server):
    response = realtime(http, server, HOUR_BEFORE - 31 * DAY - HOUR, HOUR_BEFORE)
    assert_error(response, 400, "InvalidStartTime.ValueNotSupported")


@pytest.mark.parametrize(
    ("age_days", "span", "status"),
    [
        (6.9, HOUR, 200),
        (8, HOUR, 400),
        (8, 2 * HOUR, 200),
        (100, 2 * HOUR, 400),
        (100, 4 * DAY, 200),
    ],
)
def test_retention_depends_on_granularity(http, server, age_days, span, status):
    start = int(FIXED_NOW - age_days * DAY) // HOUR * HOUR + HOUR
    response = realtime(http, server, start, start + span)
    if status == 400:
        assert_error(response, 400, "InvalidStartTime.ValueNotSupported")
    else:
        assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (HOUR_BEFORE, None, "MissingParameter"),
        (None, HOUR_BEFORE, "MissingParameter"),
        ("2024-06-15 11:00:00", HOUR_BEFORE, "InvalidStartTime.Malformed"),
        (HOUR_BEFORE, "2024-06-15T11:10:00", "InvalidEndTime.Malformed"),
        (HOUR_BEFORE, HOUR_BEFORE - 60, "InvalidEndTime.Mismatch"),
        (HOUR_BEFORE, HOUR_BEFORE, "InvalidEndTime.Mismatch"),
    ],
)
def test_bad_time_parameters(http, server, start, end, code):
    body = assert_error(realtime(http, server, start, end), 400, code)
    if code == "MissingParameter":
        assert body["Message"] == "StartTime and EndTime can not be single."


def test_no_times_means_the_last_hour(http, server):
    body = realtime(http, server, None, None).json()
    minute = int(FIXED_NOW) // 60 * 60
    assert (body["StartTime"], body["EndTime"]) == (format_utc(minute - HOUR), format_utc(minute))
    assert body["DataInterval"] == "60"


@pytest.mark.parametrize(
    ("domain", "code"),
    [
        ("nope.example.com", "InvalidDomain.NotFound"),
        ("video.media.example.com", "InvalidDomain.NotFound"),  # another account's
        ("promo.shop.example.com", "InvalidDomain.Offline"),
        (f"{IMG},promo.shop.example.com", "InvalidDomain.Offline"),
    ],
)
def test_domain_must_be_ours_and_online(http, server, domain, code):
    assert_error(realtime(http, server, HOUR_BEFORE, HOUR_BEFORE + 600, domain), 404, code)


def test_domain_name_is_required(http, server):
    response = aliyun_get(http, server, "DescribeDomainRealTimeSrcBpsData", {})
    assert_error(response, 400, "MissingParameter")


def test_several_domains_give_one_summed_series(http, server):
    start, end = HOUR_BEFORE, HOUR_BEFORE + 1200
    both = {
        m["TimeStamp"]: int(m["Value"])
        for m in modules(realtime(http, server, start, end, f"{IMG},{WWW}"))
    }
    expected = server.traffic.points([IMG, WWW], start, end, 60, FIXED_NOW)
    assert both == {format_utc(t): round(v) for t, v in expected}


# ---- Alibaba: signatures, timestamps, nonces -------------------------------------------------


def realtime_params() -> dict[str, str]:
    return {
        "DomainName": IMG,
        "StartTime": format_utc(HOUR_BEFORE),
        "EndTime": format_utc(HOUR_BEFORE + 300),
    }


def test_v1_by_post_form_and_post_query(http, server):
    action = "DescribeDomainRealTimeSrcBpsData"
    signed = aliyun_v1_params(
        SHOP_ID, SHOP_SECRET, action, realtime_params(), now=FIXED_NOW, method="POST"
    )
    assert http.post(server.url, data=signed, timeout=5).status_code == 200
    signed = aliyun_v1_params(
        SHOP_ID, SHOP_SECRET, action, realtime_params(), now=FIXED_NOW, method="POST"
    )
    assert http.post(server.url, params=signed, timeout=5).status_code == 200


def test_v1_wrong_secret_or_key(http, server):
    action = "DescribeDomainRealTimeSrcBpsData"
    response = aliyun_get(http, server, action, realtime_params(), key=(SHOP_ID, "wrong"))
    body = assert_error(response, 400, "SignatureDoesNotMatch")
    assert "server string to sign is:GET&%2F&" in body["Message"]
    assert "wrong" not in body["Message"]
    response = aliyun_get(http, server, action, realtime_params(), key=("nobody", "x"))
    assert_error(response, 404, "InvalidAccessKeyId.NotFound")


def test_v1_method_is_part_of_the_signature(http, server):
    signed = aliyun_v1_params(
        SHOP_ID, SHOP_SECRET, "DescribeUserDomains", {}, now=FIXED_NOW, method="POST"
    )
    assert_error(http.get(server.url, params=signed, timeout=5), 400, "SignatureDoesNotMatch")


@pytest.mark.parametrize(("skew", "status"), [(-14 * 60, 200), (-16 * 60, 400), (16 * 60, 400)])
def test_timestamp_must_be_within_15_minutes(http, server, skew, status):
    signed = aliyun_v1_params(SHOP_ID, SHOP_SECRET, "DescribeUserDomains", {}, now=FIXED_NOW + skew)
    response = http.get(server.url, params=signed, timeout=5)
    if status == 400:
        assert_error(response, 400, "InvalidTimeStamp.Expired")
    else:
        assert response.status_code == 200


def test_nonce_reuse_is_refused_per_key_for_15_minutes(http, server, clock):
    call = "DescribeUserDomains"
    assert aliyun_get(http, server, call, {}, nonce="n-1").status_code == 200
    again = aliyun_get(http, server, call, {"PageSize": "5"}, nonce="n-1")
    assert_error(again, 400, "SignatureNonceUsed")
    other_key = aliyun_get(http, server, call, {}, key=(MEDIA_ID, MEDIA_SECRET), nonce="n-1")
    assert other_key.status_code == 200
    clock.advance(901)
    assert aliyun_get(http, server, call, {}, nonce="n-1").status_code == 200


def v3_post(http, server, query, *, body=b"", content_type="", tamper=None, **signing):
    headers = aliyun_v3_headers(
        server.url,
        signing.pop("key_id", SHOP_ID),
        signing.pop("secret", SHOP_SECRET),
        signing.pop("action", "DescribeDomainRealTimeSrcBpsData"),
        query,
        now=signing.pop("now", FIXED_NOW),
        body=body,
        content_type=content_type,
        **signing,
    )
    if tamper:
        tamper(headers)
    return http.post(server.url, params=query, data=body, headers=headers, timeout=5)


def test_v3_signed_call(http, server):
    assert len(modules(v3_post(http, server, realtime_params()))) >= 5


def test_v3_parameters_in_a_form_body(http, server):
    body = urlencode(realtime_params()).encode()
    response = v3_post(
        http, server, {}, body=body, content_type="application/x-www-form-urlencoded"
    )
    assert len(modules(response)) >= 5


def test_v3_body_hash_must_match_the_body(http, server):
    def lie_about_body(headers):
        headers["x-acs-content-sha256"] = hashlib.sha256(b"something else").hexdigest()

    body = urlencode(realtime_params()).encode()
    response = v3_post(
        http,
        server,
        {},
        body=body,
        content_type="application/x-www-form-urlencoded",
        tamper=lie_about_body,
    )
    body = assert_error(response, 400, "SignatureDoesNotMatch")
    assert "x-acs-content-sha256" in body["Message"]


def test_v3_every_acs_header_must_be_signed(http, server):
    response = v3_post(
        http, server, realtime_params(), tamper=lambda h: h.update({"x-acs-extra": "1"})
    )
    assert_error(response, 400, "IncompleteSignature")


def test_v3_wrong_secret_expired_date_and_reused_nonce(http, server):
    query = realtime_params()
    assert_error(v3_post(http, server, query, secret="wrong"), 400, "SignatureDoesNotMatch")
    expired = v3_post(http, server, query, now=FIXED_NOW - 901)
    assert_error(expired, 400, "InvalidTimeStamp.Expired")
    assert v3_post(http, server, query, nonce="v3-nonce").status_code == 200
    assert_error(v3_post(http, server, query, nonce="v3-nonce"), 400, "SignatureNonceUsed")


def test_v3_tampered_query_does_not_verify(http, server):
    headers = aliyun_v3_headers(
        server.url,
        SHOP_ID,
        SHOP_SECRET,
        "DescribeDomainRealTimeSrcBpsData",
        realtime_params(),
        now=FIXED_NOW,
    )
    tampered = {**realtime_params(), "DomainName": WWW}
    response = http.post(server.url, params=tampered, headers=headers, timeout=5)
    assert_error(response, 400, "SignatureDoesNotMatch")


def test_unknown_action_and_wrong_version(http, server):
    assert_error(aliyun_get(http, server, "DescribeNothing", {}), 404, "InvalidAction.NotFound")
    response = aliyun_get(http, server, "DescribeUserDomains", {}, version="2014-11-11")
    assert_error(response, 400, "InvalidVersion")


def test_error_body_shape_and_fresh_request_ids(http, server):
    first = aliyun_get(http, server, "DescribeNothing", {})
    second = aliyun_get(http, server, "DescribeNothing", {})
    body = first.json()
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["RequestId"] == body["RequestId"].upper() and len(body["RequestId"]) == 36
    assert first.headers["x-acs-request-id"] == body["RequestId"]
    assert body["RequestId"] != second.json()["RequestId"]


# ---- Alibaba: DescribeUserDomains, DescribeDomainSrcBpsData, throttling -------------------


def test_user_domains_pages(http, server):
    names, statuses = [], {}
    for page in (1, 2, 3):
        response = aliyun_get(
            http, server, "DescribeUserDomains", {"PageSize": "4", "PageNumber": str(page)}
        )
        body = response.json()
        assert (body["PageNumber"], body["PageSize"], body["TotalCount"]) == (page, 4, 10)
        for item in body["Domains"]["PageData"]:
            assert {"DomainName", "DomainStatus", "Cname", "CdnType", "GmtCreated"} <= set(item)
            names.append(item["DomainName"])
            statuses[item["DomainName"]] = item["DomainStatus"]
    assert names == [d.name for d in server.account("aliyun", SHOP_ID).domains]
    assert statuses["promo.shop.example.com"] == "offline"
    default = aliyun_get(http, server, "DescribeUserDomains", {}).json()
    assert (default["PageSize"], len(default["Domains"]["PageData"])) == (20, 10)


@pytest.mark.parametrize("page_size", ["0", "501", "ten"])
def test_user_domains_page_size_limits(http, server, page_size):
    response = aliyun_get(http, server, "DescribeUserDomains", {"PageSize": page_size})
    assert_error(response, 400, "InvalidParameter")


def test_src_bps_history(http, server):
    end = HOUR_BEFORE
    params = {
        "DomainName": IMG,
        "StartTime": format_utc(end - DAY),
        "EndTime": format_utc(end),
        "Interval": "3600",
    }
    response = aliyun_get(http, server, "DescribeDomainSrcBpsData", params)
    body = response.json()
    assert body["DataInterval"] == "3600"
    points = body["SrcBpsDataPerInterval"]["DataModule"]
    assert len(points) == 25
    assert all(parse_utc(p["TimeStamp"]) % 3600 == 0 for p in points)
    assert all(0 < int(p["HttpsValue"]) <= int(p["Value"]) for p in points)
    bad = aliyun_get(http, server, "DescribeDomainSrcBpsData", {**params, "Interval": "60"})
    assert_error(bad, 400, "InvalidParameter")


def test_ten_calls_per_second_per_key(http, clock):
    with EmulatorServer(clock=clock) as limited:
        limited.aliyun.limiter.clock = lambda: 1000.0  # all 15 calls in the same instant
        answers = [
            aliyun_get(http, limited, "DescribeUserDomains", {}).status_code for _ in range(15)
        ]
        other_key = aliyun_get(
            http, limited, "DescribeUserDomains", {}, key=(MEDIA_ID, MEDIA_SECRET)
        )
        throttled = aliyun_get(http, limited, "DescribeUserDomains", {})
        assert throttled.json()["Message"] == "Request was denied due to request throttling."
        assert 1 <= int(throttled.headers["x-acs-retry-after"]) <= 1000  # milliseconds
        assert limited.stats.throttled("aliyun", SHOP_ID) == 6
    assert answers == [200] * 10 + [503] * 5
    assert other_key.status_code == 200


def test_sliding_window_counts_the_last_second():
    now = [0.0]
    limiter = SlidingWindowLimiter(10, clock=lambda: now[0])
    for i in range(10):
        now[0] = i * 0.09
        assert limiter.admit("k")
    now[0] = 0.95
    assert not limiter.admit("k")  # ten calls in (-0.05, 0.95]
    now[0] = 1.0
    assert limiter.admit("k")  # the call at 0.0 has left (0.0, 1.0]
    assert not limiter.admit("k")
    assert limiter.admit("another key")


# ---- UCloud ---------------------------------------------------------------------------------

GAMES_KEY = (GAMES_PUBLIC, GAMES_PRIVATE)


def ucloud_call(http, server, action, params, key=GAMES_KEY, style="form"):
    signed = ucloud_params(*key, action, params) if key else {"Action": action, **params}
    if style == "get":
        response = http.get(f"{server.url}?{ucloud_query(signed)}", timeout=5)
    elif style == "json":
        response = http.post(server.url, json=signed, timeout=5)
    else:
        response = http.post(server.url, data={k: str(v) for k, v in signed.items()}, timeout=5)
    assert response.status_code == 200
    return response.json()


def games_ids(server, count=2):
    return [d.domain_id for d in server.account("ucloud", GAMES_PUBLIC).domains[:count]]


def bandwidth_params(server, **extra):
    ids = games_ids(server)
    return {
        "Type": 3,
        "BeginTime": HOUR_BEFORE,
        "EndTime": HOUR_BEFORE + 600,
        **{f"DomainId.{i}": d for i, d in enumerate(ids)},
        **extra,
    }


@pytest.mark.parametrize("style", ["form", "get", "json"])
def test_ucloud_request_styles_agree(http, server, style):
    body = ucloud_call(
        http, server, "GetUcdnPassBandwidthV2", bandwidth_params(server), style=style
    )
    assert (body["RetCode"], body["Action"]) == (0, "GetUcdnPassBandwidthV2Response")
    names = [d.name for d in server.account("ucloud", GAMES_PUBLIC).domains[:2]]
    expected = server.traffic.points(names, HOUR_BEFORE, HOUR_BEFORE + 600, 60, FIXED_NOW)
    assert body["BandwidthList"] == [
        {"Time": t, "Bandwidth": round(v / 1e6, 6)} for t, v in expected
    ]
    assert len(expected) >= 10


def test_ucloud_json_body_with_a_list(http, server):
    params = {
        "Action": "GetUcdnPassBandwidthV2",
        "PublicKey": GAMES_PUBLIC,
        "Type": 3,
        "BeginTime": HOUR_BEFORE,
        "EndTime": HOUR_BEFORE + 600,
        "DomainId": games_ids(server),
        "IsDcdn": False,
    }
    signed = ucloud_params(GAMES_PUBLIC, GAMES_PRIVATE, params["Action"], flatten(params))
    body = http.post(server.url, json={**params, "Signature": signed["Signature"]}, timeout=5)
    assert body.json()["RetCode"] == 0, body.text


@pytest.mark.parametrize(
    ("action", "params", "key", "ret_code"),
    [
        ("", {"PublicKey": GAMES_PUBLIC}, None, 160),
        ("DescribeUHostInstance", {}, GAMES_KEY, 161),
        ("GetUcdnDomainInfoList", {"PublicKey": GAMES_PUBLIC}, None, 170),
        ("GetUcdnDomainInfoList", {}, (GAMES_PUBLIC, "wrong"), 171),
        ("GetUcdnDomainInfoList", {}, ("nobody", "x"), 172),
        ("GetUcdnPassBandwidthV2", {"Type": 3, "EndTime": HOUR_BEFORE}, GAMES_KEY, 230),
        ("GetUcdnPassBandwidthV2", {"BeginTime": HOUR_BEFORE}, GAMES_KEY, 230),
        ("GetUcdnPassBandwidthV2", {"Type": 7}, GAMES_KEY, 230),
        ("GetUcdnPassBandwidthV2", {"Type": 3, "BeginTime": "soon"}, GAMES_KEY, 230),
        (
            "GetUcdnPassBandwidthV2",
            {"Type": 3, "BeginTime": HOUR_BEFORE - 32 * DAY, "EndTime": HOUR_BEFORE},
            GAMES_KEY,
            230,
        ),
        ("GetUcdnPassBandwidth", {"Type": 3}, GAMES_KEY, 230),  # 1-minute is V2 only
        ("GetUcdnPassBandwidthV2", {"Type": 0, "DomainId.0": "ucdn-00000000"}, GAMES_KEY, 8039),
        ("GetUcdnDomainInfoList", {"ProjectId": "org-other"}, GAMES_KEY, 292),
    ],
)
def test_ucloud_ret_codes(http, server, action, params, key, ret_code):
    body = ucloud_call(http, server, action, params, key=key)
    assert body["RetCode"] == ret_code, body
    assert body["Message"]
    if action:
        assert body["Action"] == f"{action}Response"


def test_ucloud_domain_of_another_account_is_unknown(http, server):
    other = server.account("ucloud", NEWS_PUBLIC).domains[0].domain_id
    body = ucloud_call(http, server, "GetUcdnPassBandwidthV2", {"Type": 0, "DomainId.0": other})
    assert body["RetCode"] == 8039


def test_ucloud_defaults_to_the_last_day_of_all_domains(http, server):
    body = ucloud_call(http, server, "GetUcdnPassBandwidthV2", {"Type": 0})
    account = server.account("ucloud", GAMES_PUBLIC)
    online = [d.name for d in account.domains if d.status == "online"]
    offline = [d.name for d in account.domains if d.status == "offline"]
    now = int(FIXED_NOW)
    expected = server.traffic.points(online, now - DAY, now, 300, FIXED_NOW, offline)
    assert body["BandwidthList"] == [
        {"Time": t, "Bandwidth": round(v / 1e6, 6)} for t, v in expected
    ]
    assert len(expected) == 288


def test_ucloud_disabled_domain_serves_zero(http, server):
    beta = server.account("ucloud", GAMES_PUBLIC).domain("beta.games.example.com")
    params = {
        "Type": 1,
        "DomainId.0": beta.domain_id,
        "BeginTime": HOUR_BEFORE - DAY,
        "EndTime": HOUR_BEFORE,
    }
    points = ucloud_call(http, server, "GetUcdnPassBandwidthV2", params)["BandwidthList"]
    assert len(points) == 25 and {p["Bandwidth"] for p in points} == {0.0}


def test_ucloud_domain_list_paging(http, server):
    everything = ucloud_call(http, server, "GetUcdnDomainInfoList", {"PageIndex": 0})
    assert everything["TotalCount"] == 10 and len(everything["DomainInfoList"]) == 10
    item = everything["DomainInfoList"][0]
    assert item["DomainId"].startswith("ucdn-") and item["Status"] == "enable"
    page = ucloud_call(http, server, "GetUcdnDomainInfoList", {"PageIndex": 2, "PageSize": 3})
    assert [d["Domain"] for d in page["DomainInfoList"]] == [
        d["Domain"] for d in everything["DomainInfoList"][3:6]
    ]
    first = ucloud_call(http, server, "GetUcdnDomainInfoList", {"PageSize": 4})
    assert len(first["DomainInfoList"]) == 4  # no PageIndex: page 1, as UCloud documents


def test_ucloud_seed_api_and_v2_switch(http, clock):
    with EmulatorServer(clock=clock, ucloud_v2_enabled=False) as old_endpoint:
        params = bandwidth_params(old_endpoint, Type=0)
        v2 = ucloud_call(http, old_endpoint, "GetUcdnPassBandwidthV2", params)
        assert v2["RetCode"] == 161
        seed = ucloud_call(http, old_endpoint, "GetUcdnPassBandwidth", params)
        assert seed["RetCode"] == 0 and seed["Action"] == "GetUcdnPassBandwidthResponse"
        assert len(seed["BandwidthDetail"]) == 3
        assert "BandwidthList" not in seed


def test_ucloud_optional_rate_limit(http, clock):
    with EmulatorServer(clock=clock, ucloud_rate_limit=2) as limited:
        codes = [
            ucloud_call(http, limited, "GetUcdnDomainInfoList", {"PageIndex": 0})["RetCode"]
            for _ in range(3)
        ]
        news = ucloud_call(
            http, limited, "GetUcdnDomainInfoList", {}, key=(NEWS_PUBLIC, NEWS_PRIVATE)
        )
    assert codes == [0, 0, 153]
    assert news["RetCode"] == 0
