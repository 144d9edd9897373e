"""Real clients over real HTTP against the emulator: stitching, units, errors, retries."""

from __future__ import annotations

import itertools
import logging
import time

import pytest

from cdnmon.emulator import EmulatorServer, FaultPlan
from cdnmon.fetching import fetch_series
from cdnmon.model import DAY, HOUR, MINUTE, TimeRange
from cdnmon.providers import ratelimit
from cdnmon.providers.aliyun.client import CALLS_PER_SECOND
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    MalformedResponseError,
    NetworkError,
    ServiceError,
)
from cdnmon.providers.http import SLOW_CALLS, RetryPolicy, SlowCall
from cdnmon.providers.registry import interval_for, make_client
from tests.emulated import client_for, first_account, online_domains, settled_range
from tests.silent_server import silent_endpoint

# The emulator as ``cdnmon emulator`` runs it: the real clock, and the rate limits the
# clients must stay under.
pytestmark = pytest.mark.emulator(real_time=True)


@pytest.mark.parametrize("signature", ["v3", "v1"])
def test_aliyun_multi_hour_fetch_is_exactly_what_the_emulator_holds(
    server: EmulatorServer, signature: str
) -> None:
    account = first_account(server, "aliyun")
    domains = online_domains(account)[:2]
    span = settled_range(5)
    client = client_for(server, account, signature=signature)
    series = fetch_series(client, domains, span)
    for one in series:
        expected = server.expected_series("aliyun", account.key_id, one.domain, span, MINUTE)
        assert list(one.points) == expected
        assert one.interval == MINUTE
        timestamps = one.timestamps
        assert len(timestamps) == len(set(timestamps)), "duplicates at window edges"
        assert all(span.start <= t < span.end for t in timestamps)
    # One call per hour-long window per domain: 1-minute data needs windows of at most 1 h.
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData") == 5 * 2


def test_gaps_stay_gaps(server: EmulatorServer) -> None:
    account = first_account(server, "aliyun")
    span = settled_range(24)
    client = client_for(server, account)
    gaps = 0
    for one in fetch_series(client, online_domains(account)[:3], span):
        expected = server.expected_series("aliyun", account.key_id, one.domain, span, MINUTE)
        assert list(one.points) == expected
        gaps += span.seconds // MINUTE - len(one.points)
        assert all(v > 0 for v in one.values), "a missing point must be absent, not zero"
    assert gaps > 0, "the emulator's traffic should include some gaps over 72 domain-hours"


def test_ucloud_fetch_converts_mbps_and_stitches_days(server: EmulatorServer) -> None:
    account = first_account(server, "ucloud")
    domain = online_domains(account)[0]
    span = settled_range(30)  # two one-day windows
    client = client_for(server, account)
    [one] = fetch_series(client, [domain], span)
    expected = server.expected_series("ucloud", account.key_id, domain, span, MINUTE)
    assert one.timestamps == [t for t, _ in expected]
    assert one.values == pytest.approx([v for _, v in expected], rel=1e-12)
    assert min(one.values) > 1000, "values are bit/s, not Mbps"
    assert one.interval == MINUTE


def test_ucloud_accepts_domain_ids_too(server: EmulatorServer) -> None:
    account = first_account(server, "ucloud")
    domain = account.domains[0]
    client = client_for(server, account)
    span = settled_range(1)
    [by_name] = fetch_series(client, [domain.name], span)
    [by_id] = fetch_series(client, [domain.domain_id], span)
    assert by_name.points == by_id.points


def test_ucloud_falls_back_to_the_seed_api_when_v2_is_refused() -> None:
    with EmulatorServer(ucloud_v2_enabled=False) as server:
        account = first_account(server, "ucloud")
        domain = online_domains(account)[0]
        client = client_for(server, account)
        span = settled_range(3)
        [one] = fetch_series(client, [domain], span)
        assert one.interval == 5 * MINUTE
        expected = server.expected_series("ucloud", account.key_id, domain, span, 5 * MINUTE)
        assert one.values == pytest.approx([v for _, v in expected], rel=1e-12)
        assert client.finest_interval == 5 * MINUTE


def test_domain_lists_cover_every_page(server: EmulatorServer) -> None:
    for provider in ("aliyun", "ucloud"):
        account = first_account(server, provider)
        listed = client_for(server, account).list_domains()
        assert {d.name for d in listed} == {d.name for d in account.domains}


def test_throttling_storm_is_survived(server: EmulatorServer) -> None:
    server.faults = FaultPlan("throttle", rate=0.3)
    account = first_account(server, "aliyun")
    span = settled_range(4)
    client = client_for(server, account)
    series = fetch_series(client, online_domains(account)[:2], span)
    assert server.stats.throttled() > 0
    for one in series:
        assert list(one.points) == server.expected_series(
            "aliyun", account.key_id, one.domain, span, MINUTE
        )


def test_client_stays_under_the_rate_limit(server: EmulatorServer) -> None:
    account = first_account(server, "aliyun")
    client = client_for(server, account)
    started = time.monotonic()
    fetch_series(client, online_domains(account)[:5], settled_range(5), workers=8)
    elapsed = time.monotonic() - started
    arrivals = server.stats.arrivals(account.key_id)
    throttled = server.stats.throttled()
    # Eight threads, one pace: 25 calls take at least 24 spacings. A loaded machine can
    # delay and bunch arrivals at the server; the odd throttled answer is then retried.
    assert elapsed >= 24 / (CALLS_PER_SECOND * ratelimit.HEADROOM)
    assert len(arrivals) - throttled == 25 and throttled <= 2


def test_the_rate_limiter_spaces_calls_from_every_thread() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds + 0.003  # threads wake a little late

    rate = CALLS_PER_SECOND * ratelimit.HEADROOM  # the pace clients use
    limiter = ratelimit.RateLimiter(rate, clock=lambda: now[0], sleep=sleep)
    slots = []
    for burst in range(5):  # bursts of callers arriving together, as threads do
        now[0] = max(now[0], burst * 0.25)
        for _ in range(8):
            limiter.acquire()
            slots.append(now[0])
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert min(gaps) >= 1 / rate - 1e-9
    assert max(sum(1 for t in slots if s - 1.0 < t <= s) for s in slots) <= 10


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_bad_secret_is_an_auth_error_that_names_the_fix(
    server: EmulatorServer, provider: str
) -> None:
    account = first_account(server, provider)
    wrong = "not-the-secret-8c1d"
    client = client_for(server, account, secret=wrong)
    with pytest.raises(AuthError) as caught:
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    text = str(caught.value)
    assert caught.value.code in ("SignatureDoesNotMatch", "171")
    assert account.name in text and ("secret" in text or "private key" in text)
    assert wrong not in text and account.secret not in text


@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_unknown_domain_is_a_domain_error(server: EmulatorServer, provider: str) -> None:
    client = client_for(server, first_account(server, provider))
    with pytest.raises(DomainError) as caught:
        fetch_series(client, ["no-such.example.org"], settled_range(1))
    assert "no-such.example.org" in str(caught.value) or caught.value.code


def test_offline_domain_is_a_domain_error(server: EmulatorServer) -> None:
    account = first_account(server, "aliyun")
    offline = next(d.name for d in account.domains if d.status == "offline")
    with pytest.raises(DomainError) as caught:
        fetch_series(client_for(server, account), [offline], settled_range(1))
    assert caught.value.code == "InvalidDomain.Offline"


@pytest.mark.parametrize("workers", [1, 4])
def test_a_refused_domain_can_be_set_aside_while_the_others_come_back(
    server: EmulatorServer, workers: int
) -> None:
    account = first_account(server, "aliyun")
    client = client_for(server, account)
    good = online_domains(account)[:2]
    offline = next(d.name for d in account.domains if d.status == "offline")
    span = settled_range(3)
    failed: dict[str, DomainError] = {}
    series = fetch_series(
        client, [good[0], "no-such.example.org", offline, good[1]], span, workers=workers,
        failed=failed,
    )  # fmt: skip
    assert [s.domain for s in series] == good
    for one in series:
        assert list(one.points) == server.expected_series(
            "aliyun", account.key_id, one.domain, span, MINUTE
        )
    assert list(failed) == ["no-such.example.org", offline]
    assert failed[offline].code == "InvalidDomain.Offline" and failed[offline].domain == offline
    # One call per refused domain: its other windows are not asked for.
    calls = server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData")
    assert calls <= 2 * 3 + 2 * workers


def test_without_a_place_for_them_a_refused_domain_stops_the_fetch(
    server: EmulatorServer,
) -> None:
    account = first_account(server, "aliyun")
    domains = [online_domains(account)[0], "no-such.example.org"]
    with pytest.raises(DomainError) as caught:
        fetch_series(client_for(server, account), domains, settled_range(3))
    assert caught.value.domain == "no-such.example.org"


@pytest.mark.parametrize(
    ("kind", "error"),
    [("malformed", MalformedResponseError), ("html", MalformedResponseError)],
)
@pytest.mark.parametrize("provider", ["aliyun", "ucloud"])
def test_surprising_answers_are_clear_errors(
    server: EmulatorServer, provider: str, kind: str, error: type
) -> None:
    account = first_account(server, provider)
    client = client_for(server, account)
    if provider == "ucloud":
        client.list_domains()  # the name lookup is not what this test is about
    server.faults = FaultPlan(kind, rate=1.0)
    with pytest.raises(error) as caught:
        fetch_series(client, online_domains(account)[:1], settled_range(1))
    assert "expected" in str(caught.value) or "not as documented" in str(caught.value)


def test_transient_server_errors_are_retried(server: EmulatorServer) -> None:
    server.faults = FaultPlan("server_error", rate=0.4, seed=3)
    account = first_account(server, "aliyun")
    span = settled_range(3)
    [one] = fetch_series(client_for(server, account), online_domains(account)[:1], span)
    assert server.stats.faults("server_error") > 0
    assert list(one.points) == server.expected_series(
        "aliyun", account.key_id, one.domain, span, MINUTE
    )


def test_retries_are_bounded(server: EmulatorServer) -> None:
    server.faults = FaultPlan("server_error", rate=1.0)
    account = first_account(server, "aliyun")
    with pytest.raises(ServiceError):
        fetch_series(client_for(server, account), online_domains(account)[:1], settled_range(1))
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData") == 6


def test_dropped_connections_are_network_errors_without_the_signed_url(
    server: EmulatorServer,
) -> None:
    server.faults = FaultPlan("drop", rate=1.0)
    account = first_account(server, "aliyun")
    with pytest.raises(NetworkError) as caught:
        fetch_series(
            client_for(server, account, signature="v1"),
            online_domains(account)[:1],
            settled_range(1),
        )
    assert "Signature" not in str(caught.value) and "AccessKeyId" not in str(caught.value)


def test_a_slow_call_is_announced_with_what_it_waits_for_and_bounded() -> None:
    """The HTTP layer's notice, as a listener such as the window would take it."""
    notices: list[SlowCall] = []

    class Listener(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notices.append(record.slow_call)  # type: ignore[attr-defined]

    listener = Listener()
    SLOW_CALLS.addHandler(listener)
    SLOW_CALLS.setLevel(logging.INFO)
    try:
        with silent_endpoint() as url:
            creds = Credentials("fake-key-id-slow", "fake-secret-slow")
            client = make_client("ucloud", creds, "prod", url, retry=RetryPolicy(deadline=3.0))
            started = time.monotonic()
            with pytest.raises(NetworkError) as caught:
                client.list_domains()
            took = time.monotonic() - started
            client.close()
    finally:
        SLOW_CALLS.removeHandler(listener)
        SLOW_CALLS.setLevel(logging.NOTSET)
    host = url.removeprefix("http://").rstrip("/")
    assert [(n.provider, n.host, n.action) for n in notices] == [
        ("ucloud", host, "GetUcdnDomainInfoList")
    ]
    assert 1.5 <= notices[0].waited < 2.5 and 0 < notices[0].gives_up_in <= 1.5
    assert "fake-secret-slow" not in str(notices[0])
    assert "no answer within the timeout" in str(caught.value)
    assert 2.9 <= took < 4.5, took


def test_connection_refused_is_a_network_error() -> None:
    with EmulatorServer() as server:
        account = first_account(server, "ucloud")
    client = client_for(server, account)  # the server has stopped: nothing listens there
    with pytest.raises(NetworkError) as caught:
        client.list_domains()
    assert "could not connect" in str(caught.value)


@pytest.mark.parametrize("interval", [5 * MINUTE, HOUR])
def test_aliyun_coarse_points_come_from_the_history_api(
    server: EmulatorServer, interval: int
) -> None:
    account = first_account(server, "aliyun")
    domain = online_domains(account)[0]
    end = (int(time.time()) // DAY) * DAY - DAY
    span = TimeRange(end - 20 * DAY, end)  # past the 7 days 1-minute points are kept
    [one] = fetch_series(client_for(server, account), [domain], span, interval)
    assert one.interval == interval
    assert list(one.points) == server.expected_series(
        "aliyun", account.key_id, domain, span, interval
    )
    assert server.stats.requests("aliyun", "DescribeDomainRealTimeSrcBpsData") == 0
    longest = {5 * MINUTE: 3 * DAY, HOUR: 31 * DAY}[interval]
    assert server.stats.requests("aliyun", "DescribeDomainSrcBpsData") == -(-20 * DAY // longest)


@pytest.mark.parametrize(
    ("days_ago", "span_h", "expected"),
    [(0, 1, MINUTE), (0, 24, MINUTE), (0, 48, 5 * MINUTE), (10, 1, 5 * MINUTE),
     (100, 24, HOUR), (200, 24, DAY)],
)  # fmt: skip
def test_resolution_follows_span_and_retention(days_ago: int, span_h: int, expected: int) -> None:
    now = 1_790_000_000
    end = now - days_ago * DAY
    assert interval_for("aliyun", TimeRange(end - span_h * HOUR, end), now) == expected
