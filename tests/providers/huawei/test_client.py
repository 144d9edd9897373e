"""The Huawei Cloud CDN client over real HTTP against the emulator: 20 domains a call,
5-minute and hourly grids, stitching, errors, retries and the shared 15 calls/s."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import huawei_demo_accounts, wide_account
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, HOUR, MINUTE, InputError, TimeRange
from cdnmon.providers import ratelimit, registry
from cdnmon.providers.base import Credentials, domains_per_call
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    MalformedResponseError,
    RequestError,
    ServiceError,
    ThrottledError,
)
from cdnmon.providers.huawei import client as huawei_client
from cdnmon.providers.huawei.client import CALLS_PER_SECOND, HuaweiClient, iam_endpoint
from tests.emulated import (
    FAST_RETRY,
    check_exact,
    client_for,
    first_account,
    online_domains,
    settled_range,
)

pytestmark = pytest.mark.emulator(
    real_time=True, accounts=(*huawei_demo_accounts(), wide_account("huawei", "wide", 45))
)

STATS = "ShowDomainStats"


def test_the_window_shows_huawei_at_five_minutes() -> None:
    now = time.time()
    hour = TimeRange(int(now) - HOUR, int(now))
    assert registry.interval_for("huawei", hour, now) == 5 * MINUTE
    assert registry.interval_for("huawei", TimeRange(int(now) - 3 * DAY, int(now)), now) == 300
    assert MINUTE not in registry.RETENTIONS["huawei"]  # no 1-minute data at all


def test_multi_hour_fetch_is_exactly_what_the_emulator_holds(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "huawei")
    domains = online_domains(account)
    span = settled_range(5)
    series = fetch_series(client_for(server, account), domains, span)
    assert [s.domain for s in series] == domains
    check_exact(server, account, series, span, 5 * MINUTE)
    assert all(len(s.points) == 60 for s in series)
    # Two domains, five hours: one call (5-minute windows are two days long, 20 domains wide).
    assert server.stats.requests("huawei", STATS) == 1


def test_windows_meet_without_duplicates_or_holes(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    span = settled_range(60)  # two-day windows: two calls
    client = client_for(server, account)
    assert len(client.windows(span)) == 2
    series = fetch_series(client, online_domains(account), span)
    check_exact(server, account, series, span, 5 * MINUTE)
    assert server.stats.requests("huawei", STATS) == 2


def test_a_range_off_the_grid_is_asked_on_it_and_cut_to_the_range(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "huawei")
    settled = settled_range(3)
    span = TimeRange(settled.start + 3 * MINUTE + 7, settled.end - 2 * MINUTE)
    client = client_for(server, account)
    [window] = client.windows(span)
    assert (window.start % 300, window.end % 300) == (0, 0)
    series = fetch_series(client, online_domains(account)[:1], span)
    check_exact(server, account, series, span, 5 * MINUTE)
    assert series[0].timestamps[0] == settled.start + 5 * MINUTE


def test_multi_day_fetch_at_an_hour(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    end = int(time.time()) // DAY * DAY
    span = TimeRange(end - 10 * DAY, end - HOUR)
    client = client_for(server, account)
    series = fetch_series(client, online_domains(account), span, HOUR)
    check_exact(server, account, series, span, HOUR)
    assert server.stats.requests("huawei", STATS) == 2  # seven-day windows


def test_twenty_domains_a_call(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    client = client_for(server, account)
    assert domains_per_call(client) == 20
    span = settled_range(2)
    series = fetch_series(client, [d.name for d in account.domains], span)
    check_exact(server, account, series, span, 5 * MINUTE)
    assert server.stats.requests("huawei", STATS) == 3  # 45 domains: 20 + 20 + 5


def test_a_stopped_domain_has_no_points(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    span = settled_range(2)
    names = [d.name for d in account.domains]
    series = fetch_series(client_for(server, account), names, span)
    check_exact(server, account, series, span, 5 * MINUTE)
    [stopped] = [s for s in series if s.domain not in online_domains(account)]
    assert stopped.points == ()  # left out of the answer: no data, not zeros
    assert all(v > 0 for s in series if s is not stopped for v in s.values)


def test_buckets_not_begun_are_not_points(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    now = int(time.time())
    span = TimeRange(now - HOUR, now + HOUR)
    [one] = fetch_series(client_for(server, account), online_domains(account)[:1], span)
    assert one.points and max(one.timestamps) <= now
    assert max(one.timestamps) > now - 2 * 5 * MINUTE


def test_one_minute_points_are_refused_clearly(server: EmulatorServer) -> None:
    client = client_for(server, first_account(server, "huawei"))
    assert client.finest_interval == 5 * MINUTE
    with pytest.raises(InputError, match="Huawei Cloud offers origin bandwidth every 300, 3600"):
        client.windows(settled_range(1), MINUTE)


def test_the_account_id_is_asked_once_per_key(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    client = client_for(server, account)
    client.list_domains()
    client_for(server, account).list_domains()
    assert server.stats.requests("huawei", "KeystoneListAuthDomains") <= 1
    assert server.stats.requests("huawei", "ListDomains") == 2


def test_iam_sits_beside_cdn_at_huawei_and_with_it_elsewhere() -> None:
    assert iam_endpoint("https://cdn.myhuaweicloud.com/") == "https://iam.myhuaweicloud.com/"
    assert iam_endpoint("https://cdn.myhuaweicloud.eu/") == "https://iam.myhuaweicloud.eu/"
    assert iam_endpoint("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/"


def test_domain_list_covers_every_page(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    monkeypatch.setattr(huawei_client, "DOMAINS_PAGE_SIZE", 20)
    listed = client_for(server, account).list_domains()
    assert [d.name for d in listed] == [d.name for d in account.domains]
    assert [d.domain_id for d in listed] == [d.domain_id for d in account.domains]
    assert server.stats.requests("huawei", "ListDomains") == 3


def test_bad_sk_is_an_auth_error_that_names_the_fix(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    wrong = "not-the-secret-8c1d"
    with pytest.raises(AuthError) as caught:
        client = client_for(server, account, secret=wrong)
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    text = str(caught.value)
    assert caught.value.code == "APIGW.0301" and caught.value.request_id
    assert caught.value.http_status == 401
    assert "SK" in text and account.name in text and "Huawei Cloud" in text
    assert wrong not in text and account.secret not in text


def test_unknown_ak(server: EmulatorServer) -> None:
    creds = Credentials("NOSUCHAKEXAMPLE", "x")
    client = registry.make_client("huawei", creds, "ghost", server.url, retry=FAST_RETRY)
    with pytest.raises(AuthError) as caught:
        client.list_domains()
    assert caught.value.code == "APIGW.0301" and "check the AK" in str(caught.value)


def test_unknown_domain_is_named_and_the_others_still_come_back(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "huawei")
    good = online_domains(account)
    span = settled_range(1)
    with pytest.raises(DomainError) as caught:
        fetch_series(client_for(server, account), [*good, "nope.example.org"], span)
    assert caught.value.code == "CDN.0201" and caught.value.request_id
    assert "'nope.example.org'" in str(caught.value)
    failed: dict[str, DomainError] = {}
    client = client_for(server, account)
    series = fetch_series(client, [*good, "nope.example.org"], span, failed=failed)
    assert [s.domain for s in series] == good and list(failed) == ["nope.example.org"]
    check_exact(server, account, series, span, 5 * MINUTE)


def test_skewed_clock_is_said_to_be_the_clock() -> None:
    accounts = huawei_demo_accounts()
    with EmulatorServer(accounts=accounts, clock=lambda: time.time() + 20 * MINUTE) as server:
        account = first_account(server, "huawei")
        with pytest.raises(RequestError) as caught:
            client_for(server, account).list_domains()
        assert caught.value.code == "APIGW.0303"
        assert "clock" in str(caught.value) and "NTP" in str(caught.value)
        assert server.stats.requests("huawei") == 1, "a skewed clock is not retried"


def test_throttling_storm_is_survived(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"huawei"}))
    account = first_account(server, "huawei")
    span = settled_range(200)  # five two-day windows
    series = fetch_series(client_for(server, account), online_domains(account), span)
    assert server.stats.throttled("huawei") > 0
    check_exact(server, account, series, span, 5 * MINUTE)


def test_transient_faults_are_retried_and_bounded(server: EmulatorServer) -> None:
    account = first_account(server, "huawei")
    span = settled_range(2)
    server.faults = FaultPlan("server_error", rate=0.4, seed=3)
    series = fetch_series(client_for(server, account), online_domains(account), span)
    assert server.stats.faults("server_error") > 0
    check_exact(server, account, series, span, 5 * MINUTE)
    server.faults = FaultPlan("server_error", rate=1.0)
    server.stats.reset()
    with pytest.raises(ServiceError) as caught:
        fetch_series(client_for(server, account), online_domains(account)[:1], span)
    assert caught.value.code in ("CDN.0000", "APIGW.0201")
    assert server.stats.requests("huawei", STATS) == FAST_RETRY.attempts


@pytest.mark.parametrize("kind", ["malformed", "html"])
def test_surprising_answers_are_clear_errors(server: EmulatorServer, kind: str) -> None:
    account = first_account(server, "huawei")
    client = client_for(server, account)
    client.list_domains()  # the account id first, untouched by the fault
    server.faults = FaultPlan(kind, rate=1.0)
    with pytest.raises(MalformedResponseError) as caught:
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    assert "expected" in str(caught.value)


def test_every_thread_shares_the_15_calls_a_second(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    client = client_for(server, account)
    client.list_domains()
    server.stats.reset()
    windows = list(settled_range(30).windows(HOUR))
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: client.fetch_window(account.domains[0].name, w), windows))
    elapsed = time.monotonic() - started
    throttled = server.stats.throttled("huawei")
    assert elapsed >= (len(windows) - 1) / (CALLS_PER_SECOND * ratelimit.HEADROOM)
    assert len(server.stats.arrivals(account.key_id)) - throttled == len(windows)
    assert throttled <= 2


def test_the_client_is_the_registry_s() -> None:
    client = registry.make_client("huawei", Credentials("AK", "SK"), "prod")
    assert isinstance(client, HuaweiClient) and client.provider == "huawei"
    with pytest.raises(InputError, match="an area applies to"):
        registry.make_client("huawei", Credentials("AK", "SK"), area="overseas")


def test_error_answers_of_every_documented_shape_are_read() -> None:
    gateway = {"error_code": "APIGW.0308", "error_msg": "throttled", "request_id": "r1"}
    service = {"error": {"error_code": "CDN.0201", "error_msg": "Domain name error."}}
    iam = {"error": {"code": 401, "message": "needs authentication", "title": "Unauthorized"}}
    assert huawei_client.error_fields(gateway) == ("APIGW.0308", "throttled", "r1")
    assert huawei_client.error_fields(service) == ("CDN.0201", "Domain name error.", "")
    assert huawei_client.error_fields(iam) == ("401", "needs authentication", "")
    assert huawei_client.error_fields({"result": {}, "interval": 300}) == ("", "", "")
    # The CDN table documents its errors with HTTP 200: the body decides, not the status.
    error = huawei_client.error_for(200, service, "r2")
    assert isinstance(error, DomainError) and error.request_id == "r2"
    assert isinstance(huawei_client.error_for(429, gateway, ""), ThrottledError)
    assert isinstance(huawei_client.error_for(503, {}, ""), ServiceError)
    locked = {"error_code": "APIGW.0301", "error_msg": "AK access failed to reach the limit"}
    assert "locked for 5 minutes" in huawei_client.error_for(401, locked, "").hint
