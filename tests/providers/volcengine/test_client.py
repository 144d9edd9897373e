"""The Volcengine CDN client over real HTTP against the emulator: one domain a call, exact
points at each interval, stitching, errors, retries and the shared 20 calls/s."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.emulator.accounts import volcengine_demo_accounts, wide_account
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
)
from cdnmon.providers.volcengine import SPEC, VolcengineClient
from cdnmon.providers.volcengine.client import CALLS_PER_SECOND
from tests.emulated import (
    FAST_RETRY,
    check_exact,
    client_for,
    first_account,
    online_domains,
    settled_range,
)

pytestmark = pytest.mark.emulator(
    real_time=True, accounts=(*volcengine_demo_accounts(), wide_account("volcengine", "wide", 4))
)

ORIGIN_DATA = "DescribeOriginData"


def test_the_spec_states_the_documented_facts() -> None:
    assert SPEC.name == "volcengine" and registry.BY_NAME["volcengine"] is SPEC
    assert SPEC.default_endpoint == "https://cdn.volcengineapi.com/"
    assert SPEC.calls_per_second == 20
    assert SPEC.retention == {MINUTE: 92 * DAY, 5 * MINUTE: 92 * DAY, HOUR: 92 * DAY}
    # About 5 minutes late, and values "settle gradually within 12 hours", the docs say.
    assert SPEC.data_delay == 5 * MINUTE and SPEC.revised_for == 12 * HOUR
    now = 1_800_000_000
    assert registry.settled_before("volcengine", now) == now - 5 * MINUTE
    assert registry.revised_after("volcengine", now) == now - 12 * HOUR
    assert registry.revised_after("aliyun", now) == registry.settled_before("aliyun", now)
    assert (SPEC.key_id_var, SPEC.secret_var) == ("VOLCENGINE_ACCESS_KEY", "VOLCENGINE_SECRET_KEY")
    client = registry.make_client("volcengine", Credentials("AKLTexample", "secret"))
    assert isinstance(client, VolcengineClient) and domains_per_call(client) == 1


def test_windows_follow_the_span_rules() -> None:
    client = VolcengineClient(Credentials("AKLTexample", "secret"))
    span = TimeRange(0, 10 * DAY)
    assert len(client.windows(span)) == 10  # 1 minute: a day a call
    assert len(client.windows(span, 5 * MINUTE)) == 4  # 3 days a call
    assert len(client.windows(TimeRange(0, 40 * DAY), HOUR)) == 2  # 31 days a call
    with pytest.raises(InputError, match="every 60, 300, 3600 seconds"):
        client.windows(span, DAY)


@pytest.mark.parametrize(("hours", "interval", "calls"), [(5, MINUTE, 2), (30, MINUTE, 4)])
def test_fetch_is_exactly_what_the_emulator_holds(
    server: EmulatorServer, hours: int, interval: int, calls: int
) -> None:
    """One call per domain and window: two domains, and 30 hours are two one-day windows."""
    account = first_account(server, "volcengine")
    domains = online_domains(account)[:2]
    span = settled_range(hours)
    series = fetch_series(client_for(server, account), domains, span, interval)
    assert [s.domain for s in series] == domains
    check_exact(server, account, series, span, interval)
    assert server.stats.requests("volcengine", ORIGIN_DATA) == calls


def test_multi_day_fetch_at_five_minutes_and_hours(server: EmulatorServer) -> None:
    account = first_account(server, "volcengine")
    end = (int(time.time()) // DAY) * DAY
    span = TimeRange(end - 4 * DAY, end - HOUR)  # two three-day windows at 5 minutes
    client = client_for(server, account)
    name = online_domains(account)[:1]
    check_exact(server, account, fetch_series(client, name, span, 5 * MINUTE), span, 300)
    check_exact(server, account, fetch_series(client, name, span, HOUR), span, HOUR)
    assert server.stats.requests("volcengine", ORIGIN_DATA) == 3


def test_gaps_stay_gaps_and_a_stopped_domain_serves_zero(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "volcengine")
    span = settled_range(24)
    client = client_for(server, account)
    series = fetch_series(client, [d.name for d in account.domains], span)
    check_exact(server, account, series, span, MINUTE)
    online = [s for s in series if s.domain in online_domains(account)]
    assert sum(span.seconds // MINUTE - len(s.points) for s in online) > 0, "expected some gaps"
    assert all(v > 0 for s in online for v in s.values), "a missing point is absent, not zero"
    [stopped] = [s for s in series if s.domain not in online_domains(account)]
    assert stopped.points and set(stopped.values) == {0.0}


def test_domain_list_covers_every_page() -> None:
    big = wide_account("volcengine", "many", 230)
    with EmulatorServer(accounts=[big]) as emulator:
        listed = client_for(emulator, big).list_domains()
        assert [d.name for d in listed] == [d.name for d in big.domains]
        assert {d.status for d in listed} == {"online"}
        assert emulator.stats.requests("volcengine", "ListCdnDomains") == 3  # pages of 100


def test_a_bad_secret_is_an_auth_error_that_names_the_fix(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "volcengine")
    wrong = "not-the-secret-8c1d"
    with pytest.raises(AuthError) as caught:
        client = client_for(server, account, secret=wrong)
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    text = str(caught.value)
    assert caught.value.code == "SignatureDoesNotMatch" and caught.value.request_id
    assert "Secret Access Key" in text and account.name in text and "Volcengine" in text
    assert wrong not in text and account.secret not in text
    assert server.stats.requests("volcengine") == 1, "a bad key is not retried"


def test_an_unknown_access_key(server: EmulatorServer) -> None:
    creds = Credentials("AKLTnobody", "x")
    client = registry.make_client("volcengine", creds, "ghost", server.url)
    with pytest.raises(AuthError) as caught:
        client.list_domains()
    assert caught.value.code == "InvalidAccessKey" and "Access Key ID" in str(caught.value)


def test_an_unknown_domain_is_named_and_the_others_still_come_back(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "volcengine")
    good = online_domains(account)
    span = settled_range(1)
    client = client_for(server, account)
    with pytest.raises(DomainError) as caught:
        fetch_series(client, [*good, "nope.example.org"], span)
    assert caught.value.code == "NotFound.Domain" and caught.value.request_id
    assert "no domain 'nope.example.org' in this account" in str(caught.value)
    assert caught.value.domain == "nope.example.org"
    failed: dict[str, DomainError] = {}
    series = fetch_series(client, [*good, "nope.example.org"], span, failed=failed)
    assert [s.domain for s in series] == good and list(failed) == ["nope.example.org"]
    check_exact(server, account, series, span, MINUTE)


def test_a_skewed_clock_is_said_to_be_the_clock() -> None:
    accounts = volcengine_demo_accounts()
    with EmulatorServer(accounts=accounts, clock=lambda: time.time() + 20 * MINUTE) as emulator:
        account = first_account(emulator, "volcengine")
        with pytest.raises(RequestError) as caught:
            client_for(emulator, account).list_domains()
        assert caught.value.code == "InvalidTimestamp"
        assert "15 minutes" in str(caught.value) and "NTP" in str(caught.value)
        assert emulator.stats.requests("volcengine") == 1, "a skewed clock is not retried"


def test_a_throttling_storm_is_survived(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", rate=0.5, providers=frozenset({"volcengine"}))
    account = first_account(server, "volcengine")
    span = settled_range(100)  # five one-day windows
    client = client_for(server, account)
    series = fetch_series(client, online_domains(account), span)
    assert server.stats.throttled("volcengine") > 0
    check_exact(server, account, series, span, MINUTE)


def test_internal_errors_are_retried_and_bounded(server: EmulatorServer) -> None:
    account = first_account(server, "volcengine")
    span = settled_range(2)
    server.faults = FaultPlan("server_error", rate=0.4, seed=3)
    client = client_for(server, account)
    series = fetch_series(client, online_domains(account), span)
    assert server.stats.faults("server_error") > 0
    check_exact(server, account, series, span, MINUTE)
    server.faults = FaultPlan("server_error", rate=1.0)
    server.stats.reset()
    with pytest.raises(ServiceError) as caught:
        fetch_series(client_for(server, account), online_domains(account)[:1], span)
    assert caught.value.code == "InternalError" and caught.value.http_status == 500
    assert server.stats.requests("volcengine", ORIGIN_DATA) == FAST_RETRY.attempts


@pytest.mark.parametrize("kind", ["malformed", "html"])
def test_surprising_answers_are_clear_errors(server: EmulatorServer, kind: str) -> None:
    account = first_account(server, "volcengine")
    server.faults = FaultPlan(kind, rate=1.0)
    client = client_for(server, account)
    with pytest.raises(MalformedResponseError) as caught:
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    assert "expected" in str(caught.value)


def test_every_thread_shares_the_20_calls_a_second(server: EmulatorServer) -> None:
    account = next(a for a in server.accounts if a.name == "wide")
    client = client_for(server, account)
    windows = list(settled_range(40).windows(HOUR))
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: client.fetch_window(account.domains[0].name, w), windows))
    elapsed = time.monotonic() - started
    throttled = server.stats.throttled("volcengine")
    assert elapsed >= (len(windows) - 1) / (CALLS_PER_SECOND * ratelimit.HEADROOM)
    assert len(server.stats.arrivals(account.key_id)) - throttled == len(windows)
    assert throttled <= 2
