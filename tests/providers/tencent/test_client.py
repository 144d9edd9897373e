"""The Tencent Cloud CDN client over real HTTP against the emulator: 30 domains a call,
Beijing-time edges, stitching, errors, retries and the shared 20 calls/s."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import tencent_demo_accounts, wide_account
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers import ratelimit
from cdnmon.providers.base import Credentials, domains_per_call
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    MalformedResponseError,
    RequestError,
    ServiceError,
)
from cdnmon.providers.registry import make_client
from cdnmon.providers.tencent.client import (
    CALLS_PER_SECOND,
    TencentClient,
    format_query_time,
    parse_query_time,
)
from tests.emulated import (
    FAST_RETRY,
    check_exact,
    client_for,
    first_account,
    online_domains,
    settled_range,
)

ORIGIN_DATA = "DescribeOriginData"


pytestmark = pytest.mark.emulator(
    real_time=True, accounts=(*tencent_demo_accounts(), wide_account("tencent", "wide", 45))
)


def test_query_times_are_beijing_wall_clock_whatever_this_machine_s_zone() -> None:
    zone = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "America/Los_Angeles"
        time.tzset()
        assert format_query_time(0) == "1970-01-01 08:00:00"
        assert parse_query_time("2024-06-15 20:43:00") == 1718455380  # 12:43 UTC
    finally:
        if zone is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = zone
        time.tzset()


def test_multi_hour_fetch_at_60_s_is_exactly_what_the_emulator_holds(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "tencent")
    domains = online_domains(account)
    span = settled_range(5)
    series = fetch_series(client_for(server, account), domains, span)
    assert [s.domain for s in series] == domains
    check_exact(server, account, series, span, MINUTE)
    # Nine domains, five hours: one call (1-minute windows are a day long, 30 domains wide).
    assert server.stats.requests("tencent", ORIGIN_DATA) == 1


def test_windows_meet_without_duplicates_or_holes(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    span = settled_range(30)  # two one-day windows
    client = client_for(server, account)
    assert len(client.windows(span)) == 2
    series = fetch_series(client, online_domains(account)[:2], span)
    check_exact(server, account, series, span, MINUTE)
    assert server.stats.requests("tencent", ORIGIN_DATA) == 2


def test_multi_day_fetch_at_300_s(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    end = (int(time.time()) // DAY) * DAY
    span = TimeRange(end - 3 * DAY, end - HOUR)
    series = fetch_series(client_for(server, account), online_domains(account)[:3], span, 300)
    check_exact(server, account, series, span, 5 * MINUTE)
    assert server.stats.requests("tencent", ORIGIN_DATA) == 1


def test_thirty_domains_a_call(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    client = client_for(server, account)
    assert domains_per_call(client) == 30
    span = settled_range(2)
    series = fetch_series(client, [d.name for d in account.domains], span)
    check_exact(server, account, series, span, MINUTE)
    assert server.stats.requests("tencent", ORIGIN_DATA) == 2  # 45 domains: 30 + 15


def test_gaps_stay_gaps_and_stopped_domains_serve_zero(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    span = settled_range(24)
    series = fetch_series(client_for(server, account), [d.name for d in account.domains], span)
    check_exact(server, account, series, span, MINUTE)
    online = [s for s in series if s.domain in online_domains(account)]
    assert sum(span.seconds // MINUTE - len(s.points) for s in online) > 0, "expected some gaps"
    assert all(v > 0 for s in online for v in s.values), "a missing point is absent, not zero"
    [stopped] = [s for s in series if s.domain not in online_domains(account)]
    assert stopped.points and set(stopped.values) == {0.0}


def test_domain_list_covers_every_page() -> None:
    big = wide_account("tencent", "many", 2300)
    with EmulatorServer(accounts=[big]) as server:
        listed = client_for(server, big).list_domains()
        assert [d.name for d in listed] == [d.name for d in big.domains]
        assert server.stats.requests("tencent", "DescribeDomains") == 3  # pages of 1,000


def test_bad_secret_is_an_auth_error_that_names_the_fix(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    wrong = "not-the-secret-8c1d"
    with pytest.raises(AuthError) as caught:
        client = client_for(server, account, secret=wrong)
        fetch_series(client, [account.domains[0].name], settled_range(1))
    text = str(caught.value)
    assert caught.value.code == "AuthFailure.SignatureFailure" and caught.value.request_id
    assert "SecretKey" in text and account.name in text and "Tencent Cloud" in text
    assert wrong not in text and account.secret not in text


def test_unknown_secret_id(server: EmulatorServer) -> None:
    client = make_client("tencent", Credentials("AKIDnobody", "x"), "ghost", server.url)
    with pytest.raises(AuthError) as caught:
        client.list_domains()
    assert caught.value.code == "AuthFailure.SecretIdNotFound" and "SecretId" in str(caught.value)


def test_unknown_domain_is_named_and_the_others_still_come_back(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    good = online_domains(account)[:2]
    span = settled_range(1)
    with pytest.raises(DomainError) as caught:
        fetch_series(client_for(server, account), [*good, "nope.example.org"], span)
    assert caught.value.code == "ResourceNotFound.CdnHostNotExists"
    assert "'nope.example.org'" in str(caught.value) and caught.value.request_id
    failed: dict[str, DomainError] = {}
    client = client_for(server, account)
    series = fetch_series(client, [*good, "nope.example.org"], span, failed=failed)
    assert [s.domain for s in series] == good and list(failed) == ["nope.example.org"]
    check_exact(server, account, series, span, MINUTE)


def test_skewed_clock_is_said_to_be_the_clock() -> None:
    accounts = tencent_demo_accounts()
    with EmulatorServer(accounts=accounts, clock=lambda: time.time() + 10 * MINUTE) as server:
        account = first_account(server, "tencent")
        with pytest.raises(RequestError) as caught:
            client_for(server, account).list_domains()
        assert caught.value.code == "AuthFailure.SignatureExpire"
        assert "clock" in str(caught.value) and "NTP" in str(caught.value)
        assert server.stats.requests("tencent") == 1, "a skewed clock is not retried"


def test_throttling_storm_is_survived(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"tencent"}))
    account = first_account(server, "tencent")
    span = settled_range(100)  # five one-day windows
    series = fetch_series(client_for(server, account), online_domains(account)[:3], span)
    assert server.stats.throttled("tencent") > 0
    check_exact(server, account, series, span, MINUTE)


def test_transient_internal_errors_are_retried_and_bounded(server: EmulatorServer) -> None:
    account = first_account(server, "tencent")
    span = settled_range(2)
    server.faults = FaultPlan("server_error", rate=0.4, seed=3)
    series = fetch_series(client_for(server, account), online_domains(account)[:2], span)
    assert server.stats.faults("server_error") > 0
    check_exact(server, account, series, span, MINUTE)
    server.faults = FaultPlan("server_error", rate=1.0)
    server.stats.reset()
    with pytest.raises(ServiceError) as caught:
        fetch_series(client_for(server, account), online_domains(account)[:1], span)
    assert caught.value.code == "InternalError"
    assert server.stats.requests("tencent", ORIGIN_DATA) == FAST_RETRY.attempts


@pytest.mark.parametrize("kind", ["malformed", "html"])
def test_surprising_answers_are_clear_errors(server: EmulatorServer, kind: str) -> None:
    account = first_account(server, "tencent")
    server.faults = FaultPlan(kind, rate=1.0)
    with pytest.raises(MalformedResponseError) as caught:
        fetch_series(client_for(server, account), online_domains(account)[:1], settled_range(1))
    assert "expected" in str(caught.value)


def test_every_thread_shares_the_20_calls_a_second(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    client = client_for(server, account)
    hours = settled_range(40)
    windows = list(hours.windows(HOUR))
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: client.fetch_window(account.domains[0].name, w), windows))
    elapsed = time.monotonic() - started
    throttled = server.stats.throttled("tencent")
    assert elapsed >= (len(windows) - 1) / (CALLS_PER_SECOND * ratelimit.HEADROOM)
    assert len(server.stats.arrivals(account.key_id)) - throttled == len(windows)
    assert throttled <= 2


def test_overseas_has_no_minutes() -> None:
    with EmulatorServer(accounts=tencent_demo_accounts()) as server:
        account = first_account(server, "tencent")
        creds = Credentials(account.key_id, account.secret)
        client = TencentClient(creds, account.name, server.url, area="overseas", retry=FAST_RETRY)
        assert client.finest_interval == 5 * MINUTE
        [one] = fetch_series(client, online_domains(account)[:1], settled_range(2), MINUTE)
        assert one.interval == 5 * MINUTE and one.points == ()  # the demo serves mainland only


def test_unknown_area_is_refused() -> None:
    with pytest.raises(ValueError, match="mainland or overseas"):
        TencentClient(Credentials("id", "secret"), area="moon")
