"""The emulator's Huawei Cloud CDN over raw HTTP, signed with the project's SDK-HMAC-SHA256
signer: answer shapes, the gateway's checks, and the documented limits."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import DemoAccount, huawei_demo_accounts
from cdnmon.emulator.huawei import account_id
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers.huawei.signing import authorization, canonical_query, sdk_date

# 2024-06-15T12:43:26Z: deliberately not on a 5-minute boundary.
NOW = 1718455406.0
pytestmark = pytest.mark.emulator(now=NOW, accounts=huawei_demo_accounts())
STATS = "/v1.0/cdn/statistics/domain-stats"
DOMAINS = "/v1.0/cdn/domains"
WWW, IMG, OLD = (f"{host}.books.example.com" for host in ("www", "img", "old"))


def demo(server: EmulatorServer) -> DemoAccount:
    return server.accounts[0]


def call(
    server: EmulatorServer,
    path: str,
    query: dict[str, Any],
    *,
    secret: str | None = None,
    key_id: str | None = None,
    timestamp: float | None = None,
    domain_id: str | None = None,
    signed_query: dict[str, Any] | None = None,
) -> requests.Response:
    """A GET as the client sends it; ``signed_query`` signs other parameters than sent."""
    account = demo(server)
    pairs = [(k, str(v)) for k, v in query.items()]
    signed = {
        "Host": server.endpoint,
        "X-Sdk-Date": sdk_date(server.clock() if timestamp is None else timestamp),
        "X-Domain-Id": account_id(account) if domain_id is None else domain_id,
    }
    signed_pairs = pairs if signed_query is None else [(k, str(v)) for k, v in signed_query.items()]
    headers = {
        **signed,
        "Authorization": authorization(
            key_id or account.key_id,
            secret or account.secret,
            "GET",
            path,
            signed_pairs,
            signed,
        ),
    }
    url = f"{server.url.rstrip('/')}{path}?{canonical_query(pairs)}"
    return requests.get(url, headers=headers, timeout=10)


def error_of(response: requests.Response) -> tuple[int, str]:
    """(HTTP status, code) of an error answer in either documented shape."""
    body = response.json()
    fields = body.get("error", body)
    assert set(fields) >= {"error_code", "error_msg"}
    assert response.headers["X-Request-Id"]
    return response.status_code, fields["error_code"]


def stats(server: EmulatorServer, **params: Any) -> requests.Response:
    end = int(NOW) // HOUR * HOUR - HOUR
    base = {
        "action": "detail",
        "start_time": (end - HOUR) * 1000,
        "end_time": end * 1000,
        "domain_name": WWW,
        "stat_type": "bs_bw",
        "interval": 300,
        "group_by": "domain",
    }
    return call(server, STATS, {k: v for k, v in {**base, **params}.items() if v is not None})


# ---- the gateway -------------------------------------------------------------------------


def test_gateway_errors_have_the_documented_shape(server: EmulatorServer) -> None:
    response = call(server, DOMAINS, {}, secret="wrong")
    body = response.json()
    assert set(body) == {"error_code", "error_msg", "request_id"}
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert (response.status_code, body["error_code"]) == (401, "APIGW.0301")
    assert "verify aksk signature fail" in body["error_msg"]


def test_cdn_errors_have_the_documented_shape(server: EmulatorServer) -> None:
    response = stats(server, domain_name="nope.example.org")
    assert set(response.json()) == {"error"}
    assert error_of(response) == (400, "CDN.0201")


def test_unknown_ak_and_a_revoked_key(server: EmulatorServer) -> None:
    response = call(server, DOMAINS, {}, key_id="NOSUCHAK")
    assert error_of(response) == (401, "APIGW.0301")
    assert "ak not exist" in response.json()["error_msg"]
    assert "NOSUCHAK" not in response.text
    account = demo(server)
    server.revoke("huawei", account.key_id)
    assert error_of(call(server, DOMAINS, {})) == (401, "APIGW.0301")
    server.restore("huawei", account.key_id)
    assert call(server, DOMAINS, {}).status_code == 200


@pytest.mark.parametrize(
    ("skew", "ok"),
    [(-14 * MINUTE, True), (14 * MINUTE, True), (16 * MINUTE, False), (-16 * MINUTE, False)],
)
def test_x_sdk_date_must_be_within_15_minutes(server: EmulatorServer, skew: int, ok: bool) -> None:
    response = call(server, DOMAINS, {}, timestamp=NOW + skew)
    if ok:
        assert response.status_code == 200
    else:
        assert error_of(response) == (401, "APIGW.0303")


def test_the_query_is_signed(server: EmulatorServer) -> None:
    response = call(server, DOMAINS, {"page_size": 1}, signed_query={"page_size": 2})
    assert error_of(response) == (401, "APIGW.0301")


def test_a_cdn_call_names_its_account_but_iam_does_not_ask(
    server: EmulatorServer,
) -> None:
    assert error_of(call(server, DOMAINS, {}, domain_id="0" * 32)) == (
        401,
        "APIGW.0301",
    )
    iam = call(server, "/v3/auth/domains", {}, domain_id="")
    assert iam.status_code == 200
    [domain] = iam.json()["domains"]
    assert domain["id"] == account_id(demo(server)) and len(domain["id"]) == 32


def test_unknown_paths_and_missing_authorization(server: EmulatorServer) -> None:
    assert error_of(call(server, "/v1.0/cdn/statistics/nothing", {})) == (
        404,
        "APIGW.0101",
    )
    bare = requests.get(f"{server.url.rstrip('/')}{DOMAINS}", timeout=10)
    assert error_of(bare) == (401, "APIGW.0301")


def test_fifteen_calls_a_second_per_account(server: EmulatorServer) -> None:
    responses = [call(server, DOMAINS, {}) for _ in range(20)]
    statuses = [r.status_code for r in responses]
    # A loaded machine may spread 20 calls over more than a second: never one of the first
    # 15 refused, and at least the 16th of the first second.
    assert statuses[:15] == [200] * 15
    refused = [r for r in responses if r.status_code != 200]
    assert refused and all(error_of(r) == (429, "APIGW.0308") for r in refused)
    assert server.stats.throttled("huawei") == len(refused)


@pytest.mark.parametrize("kind", ["throttle", "server_error", "drop", "html", "truncated"])
def test_faults_reach_huawei(server: EmulatorServer, kind: str) -> None:
    server.faults = FaultPlan(kind, rate=1.0, providers=frozenset({"huawei"}))
    if kind == "drop":
        with pytest.raises(requests.ConnectionError):
            stats(server)
    elif kind == "truncated":
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            stats(server)
    elif kind == "html":
        assert stats(server).headers["Content-Type"] == "text/html"
    elif kind == "throttle":
        assert error_of(stats(server)) == (429, "APIGW.0308")
    else:
        assert error_of(stats(server)) in ((500, "CDN.0000"), (504, "APIGW.0201"))
    assert server.stats.faults(kind) == 1


# ---- ShowDomainStats -------------------------------------------------------------------


def test_detail_is_one_dense_array_per_domain_from_start_time(
    server: EmulatorServer,
) -> None:
    end = int(NOW) // HOUR * HOUR - HOUR
    span = TimeRange(end - 2 * HOUR, end)
    response = stats(
        server,
        start_time=span.start * 1000,
        end_time=span.end * 1000,
        domain_name=f"{WWW},{IMG},{OLD}",
    )
    body = response.json()
    assert response.status_code == 200 and response.headers["X-Request-Id"]
    assert {k: body[k] for k in ("start_time", "end_time", "stat_type", "action", "interval")} == {
        "start_time": span.start * 1000,
        "end_time": span.end * 1000,
        "stat_type": "bs_bw",
        "action": "detail",
        "interval": 300,
    }
    assert body["group_by"] == "domain"
    assert set(body["result"]) == {WWW, IMG}  # a stopped domain has no data: left out
    key = demo(server).key_id
    for name in (WWW, IMG):
        values = body["result"][name]["bs_bw"]
        assert len(values) == 24  # [start, end): the bucket at end is not there
        assert all(isinstance(v, int) for v in values)
        expected = server.expected_series("huawei", key, name, span, 300)
        assert [(span.start + 300 * i, float(v)) for i, v in enumerate(values)] == expected


def test_buckets_not_begun_are_padding_zeros(server: EmulatorServer) -> None:
    start = int(NOW) // HOUR * HOUR
    response = stats(server, start_time=start * 1000, end_time=(start + HOUR) * 1000)
    values = response.json()["result"][WWW]["bs_bw"]
    begun = (int(NOW) - start) // 300 + 1
    assert len(values) == 12
    assert all(v > 0 for v in values[:begun]) and values[begun:] == [0] * (12 - begun)


def test_without_grouping_the_domains_are_summed_and_summary_is_the_peak(
    server: EmulatorServer,
) -> None:
    both = f"{WWW},{IMG}"
    grouped = stats(server, domain_name=both).json()["result"]
    summed = stats(server, domain_name=both, group_by=None).json()
    assert "group_by" not in summed
    # Each sum is rounded once, the domains' values each on their own: 1 bit/s apart at most.
    assert summed["result"]["bs_bw"] == pytest.approx(
        [a + b for a, b in zip(grouped[WWW]["bs_bw"], grouped[IMG]["bs_bw"], strict=True)],
        abs=1,
    )
    summary = stats(server, action="summary").json()["result"]
    assert summary == {WWW: {"bs_bw": max(grouped[WWW]["bs_bw"])}}
    flux = stats(server, stat_type="bs_bw,bs_flux").json()["result"][WWW]
    assert flux["bs_flux"] == [round(v * 300 / 8) for v in flux["bs_bw"]]


def test_all_names_every_domain_of_the_account(server: EmulatorServer) -> None:
    online = {d.name for d in demo(server).domains if d.status == "online"}
    assert {WWW, IMG} < online
    assert set(stats(server, domain_name="all").json()["result"]) == online


def test_day_buckets_start_at_beijing_midnight(server: EmulatorServer) -> None:
    midnight = (int(NOW) + 8 * HOUR) // DAY * DAY - 8 * HOUR  # today, 00:00 in UTC+8
    response = stats(
        server,
        start_time=(midnight - 3 * DAY) * 1000,
        end_time=midnight * 1000,
        interval=DAY,
    )
    assert len(response.json()["result"][WWW]["bs_bw"]) == 3
    utc_midnight = int(NOW) // DAY * DAY
    off_grid = stats(
        server,
        start_time=(utc_midnight - 3 * DAY) * 1000,
        end_time=utc_midnight * 1000,
        interval=DAY,
    )
    assert error_of(off_grid) == (400, "CDN.0202")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"interval": 300, "span": 2 * DAY + 300}, (400, "CDN.0203")),
        ({"interval": 3600, "span": 7 * DAY + HOUR}, (400, "CDN.0203")),
        ({"interval": 60}, (400, "CDN.0203")),
        ({"interval": 300, "offset": 60}, (400, "CDN.0202")),  # off the 5-minute grid
        ({"start_time": int(NOW) // HOUR * HOUR * 1000}, (400, "CDN.0202")),  # end <= start
        ({"span": 91 * DAY, "interval": None}, (400, "CDN.0202")),  # older than 90 days
        ({"domain_name": ",".join(f"d{i}.example.org" for i in range(21))}, (400, "CDN.0001")),
        ({"domain_name": f"{WWW},nope.example.org"}, (400, "CDN.0201")),
        ({"stat_type": "req_num"}, (400, "CDN.0001")),  # a metric the emulator lacks
        ({"stat_type": "bs_bw,bs_flux,bs_bw,bs_flux,bs_bw,bs_flux"}, (400, "CDN.0001")),
        ({"action": None}, (400, "CDN.0001")),
        ({"group_by": "province"}, (400, "CDN.0001")),
        ({"start_time": "yesterday"}, (400, "CDN.0001")),
    ],
)
def test_documented_limits(
    server: EmulatorServer, params: dict[str, Any], expected: tuple[int, str]
) -> None:
    end = int(NOW) // HOUR * HOUR
    span, offset = params.pop("span", HOUR), params.pop("offset", 0)
    times = {"start_time": (end - span + offset) * 1000, "end_time": end * 1000}
    assert error_of(stats(server, **{**times, **params})) == expected


def test_the_default_interval_is_the_finest_the_span_allows(
    server: EmulatorServer,
) -> None:
    end = int(NOW) // HOUR * HOUR
    for span, interval in ((DAY, 300), (2 * DAY, 300), (3 * DAY, 3600), (8 * DAY, 86400)):
        start = end - span if interval != 86400 else end - span - (end + 8 * HOUR) % DAY
        stop = end if interval != 86400 else end - (end + 8 * HOUR) % DAY
        response = stats(server, start_time=start * 1000, end_time=stop * 1000, interval=None)
        assert response.json()["interval"] == interval, span


# ---- ListDomains and KeystoneListAuthDomains ----------------------------------------------


def test_domains_page_and_filter(server: EmulatorServer) -> None:
    first = call(server, DOMAINS, {"page_size": 5, "page_number": 1}).json()
    second = call(server, DOMAINS, {"page_size": 5, "page_number": 2}).json()
    assert first["total"] == second["total"] == 8
    assert len(first["domains"]) == 5 and len(second["domains"]) == 3
    rows = first["domains"] + second["domains"]
    assert [d["domain_name"] for d in rows] == [d.name for d in demo(server).domains]
    assert (rows[0]["domain_name"], rows[1]["domain_name"], rows[-1]["domain_name"]) == (
        WWW,
        IMG,
        OLD,
    )
    assert [d["domain_status"] for d in rows] == ["online"] * 7 + ["offline"]
    assert all(len(d["id"]) == 32 for d in rows)
    offline = call(server, DOMAINS, {"domain_status": "offline"}).json()
    assert [d["domain_name"] for d in offline["domains"]] == [OLD]
    fuzzy = call(server, DOMAINS, {"domain_name": "img"}).json()
    assert [d["domain_name"] for d in fuzzy["domains"]] == [IMG]
    too_big = call(server, DOMAINS, {"page_size": 10_001})
    assert error_of(too_big) == (400, "CDN.0001")


def test_requests_are_counted_by_action(server: EmulatorServer) -> None:
    call(server, DOMAINS, {})
    stats(server)
    assert server.stats.requests("huawei", "ListDomains") == 1
    assert server.stats.requests("huawei", "ShowDomainStats") == 1
