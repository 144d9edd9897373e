"""/metrics: the newest settled points at the provider's time, the poller's health, content
negotiation, promtool's lint, and a real Prometheus scraping it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_om
from prometheus_client.parser import text_string_to_metric_families as parse_text

from cdnmon import __version__
from cdnmon.collect.exposition import (
    BANDWIDTH,
    ERROR_KINDS,
    CollectorState,
    MetricsServer,
    error_kind,
    metrics_registry,
)
from cdnmon.model import InputError
from cdnmon.providers import errors
from tests.prometheus import promtool, running_prometheus, wait_until

# What Prometheus 2.42 sends when it scrapes.
SCRAPER_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)
T0 = 1_700_000_040  # a minute's start


@pytest.fixture
def state() -> CollectorState:
    return CollectorState([("aliyun", "prod"), ("ucloud", "ops")])


@pytest.fixture
def metrics(state: CollectorState) -> Iterator[MetricsServer]:
    with MetricsServer(metrics_registry(state), "127.0.0.1", 0) as running:
        yield running


def samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], tuple[float, float]]:
    """{sorted labels: (value, timestamp)} of one metric in Prometheus text."""
    found = {}
    for family in parse_text(text):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = (sample.value, sample.timestamp)
    return found


def test_the_newest_settled_point_in_bytes_at_its_own_time(
    state: CollectorState, metrics: MetricsServer
) -> None:
    key = (("account", "prod"), ("domain", "img.example.com"), ("provider", "aliyun"))
    assert samples(requests.get(metrics.url, timeout=5).text, BANDWIDTH) == {}

    nan = float("nan")
    state.record_settled(
        "aliyun", "prod", "img.example.com", [T0 - 60, T0, T0 + 60], [8e6, 16e6, nan]
    )
    assert samples(requests.get(metrics.url, timeout=5).text, BANDWIDTH) == {key: (2e6, T0)}

    state.record_settled("aliyun", "prod", "img.example.com", [T0 - 120], [1e9])  # older
    state.record_settled("aliyun", "prod", "img.example.com", [], [])
    assert samples(requests.get(metrics.url, timeout=5).text, BANDWIDTH) == {key: (2e6, T0)}

    state.record_settled("aliyun", "prod", "img.example.com", [T0, T0 + 60], [16e6, 800])
    assert samples(requests.get(metrics.url, timeout=5).text, BANDWIDTH) == {key: (100, T0 + 60)}


def test_health_counters_start_at_zero_and_count(
    state: CollectorState, metrics: MetricsServer
) -> None:
    text = requests.get(metrics.url, timeout=5).text
    errors_seen = samples(text, "cdnmon_fetch_errors_total")
    assert len(errors_seen) == 2 * len(ERROR_KINDS) and {v for v, _ in errors_seen.values()} == {0}
    assert samples(text, "cdnmon_last_success_timestamp_seconds") == {}
    assert "cdnmon_round_duration_seconds" not in text

    state.record_error("aliyun", "prod", error_kind(errors.ThrottledError("aliyun", "slow down")))
    state.record_error("aliyun", "prod", error_kind(errors.ThrottledError("aliyun", "slow down")))
    state.record_error("ucloud", "ops", error_kind(RuntimeError("a bug")))
    state.record_calls("aliyun", "prod", 10, throttled=2)
    state.record_calls("aliyun", "prod", 5)
    state.record_success("aliyun", "prod", T0 + 1.5)
    state.record_success("aliyun", "prod", T0)  # a slower thread reporting late
    state.record_round(0.75)
    text = requests.get(metrics.url, timeout=5).text

    prod = (("account", "prod"), ("provider", "aliyun"))
    errors_seen = samples(text, "cdnmon_fetch_errors_total")
    assert errors_seen[(("account", "prod"), ("kind", "throttled"), ("provider", "aliyun"))][0] == 2
    assert errors_seen[(("account", "ops"), ("kind", "other"), ("provider", "ucloud"))][0] == 1
    assert sum(v for v, _ in errors_seen.values()) == 3
    assert samples(text, "cdnmon_provider_calls_total")[prod] == (15, None)
    assert samples(text, "cdnmon_provider_throttled_answers_total")[prod] == (2, None)
    assert samples(text, "cdnmon_last_success_timestamp_seconds") == {prod: (T0 + 1.5, None)}
    assert samples(text, "cdnmon_round_duration_seconds") == {(): (0.75, None)}
    assert samples(text, "cdnmon_build_info") == {(("version", __version__),): (1, None)}
    assert samples(text, "process_resident_memory_bytes")  # the operator's CPU and memory view


def test_error_kinds_are_a_fixed_list() -> None:
    assert error_kind(errors.AuthError("aliyun", "denied")) == "auth"
    assert error_kind(errors.NetworkError("ucloud", "refused")) == "network"
    assert error_kind(errors.MalformedResponseError("tencent", "not JSON")) == "response"
    assert error_kind(errors.ProviderError("edgeone", "odd")) == "other"
    with pytest.raises(ValueError, match="unknown error kind"):
        CollectorState().record_error("aliyun", "prod", "key id AKID123 was refused")


def test_content_negotiation_and_paths(state: CollectorState, metrics: MetricsServer) -> None:
    state.record_settled("aliyun", "prod", "img.example.com", [T0], [8e6])
    plain = requests.get(metrics.url, timeout=5)
    assert plain.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert (
        f'{BANDWIDTH}{{account="prod",domain="img.example.com",provider="aliyun"}} 1e+06 {T0}000'
        in plain.text
    )

    scraped = requests.get(metrics.url, headers={"Accept": SCRAPER_ACCEPT}, timeout=5)
    assert scraped.headers["Content-Type"].startswith("application/openmetrics-text; version=1.0.0")
    assert scraped.text.endswith("# EOF\n")
    families = {f.name: f for f in parse_om(scraped.text)}  # the strict OpenMetrics parser
    (point,) = families[BANDWIDTH].samples
    assert (point.value, float(point.timestamp.sec)) == (1e6, T0)
    assert families[BANDWIDTH].unit == "bytes_per_second" and families[BANDWIDTH].type == "gauge"
    assert families["cdnmon_fetch_errors"].type == "counter"

    root = metrics.url.removesuffix("/metrics")
    assert 'href="/metrics"' in requests.get(root + "/", timeout=5).text
    missing = requests.get(root + "/favicon.ico", timeout=5)
    assert missing.status_code == 404 and "/metrics" in missing.text


def test_promtool_finds_nothing_to_say(state: CollectorState, metrics: MetricsServer) -> None:
    state.record_settled("aliyun", "prod", "img.example.com", [T0], [8e6])
    state.record_settled("ucloud", "ops", "dl.example.com", [T0 - 60], [1.5e9])
    state.record_success("aliyun", "prod", T0 + 3)
    state.record_error("ucloud", "ops", "network")
    state.record_calls("aliyun", "prod", 3, 1)
    state.record_round(1.25)
    text = requests.get(metrics.url, timeout=5).text
    checked = promtool("check", "metrics", stdin=text)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


def test_only_names_become_labels(state: CollectorState, metrics: MetricsServer) -> None:
    # Nothing an account holds reaches the state: labels are names and a fixed list of kinds.
    state.record_settled("aliyun", "prod", "img.example.com", [T0], [8e6])
    state.record_error("aliyun", "prod", "auth")
    cdnmon_labels = set()
    for family in parse_text(requests.get(metrics.url, timeout=5).text):
        if family.name.startswith("cdnmon_"):
            for sample in family.samples:
                cdnmon_labels |= set(sample.labels)
    assert cdnmon_labels == {"provider", "account", "domain", "kind", "version"}


def test_stop_frees_the_port_and_a_taken_port_is_one_sentence(state: CollectorState) -> None:
    server = MetricsServer(metrics_registry(state), "127.0.0.1", 0)
    port = server.port
    assert requests.get(server.url, timeout=5).status_code == 200
    with pytest.raises(InputError) as caught:
        MetricsServer(metrics_registry(state), "127.0.0.1", port)
    assert str(caught.value) == (
        f"cannot serve /metrics on 127.0.0.1:{port}: Address already in use; choose another "
        "listen address in the config, or stop the program using it"
    )
    server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url, timeout=5)
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
    assert not [t for t in threading.enumerate() if t.name == "metrics-server"]


def test_updates_from_many_threads_while_scraped(
    state: CollectorState, metrics: MetricsServer
) -> None:
    def poll(domain: str) -> None:
        for minute in range(200):
            state.record_settled("aliyun", "prod", domain, [T0 + 60 * minute], [8.0 * minute])
            state.record_calls("aliyun", "prod", 1)

    pollers = [threading.Thread(target=poll, args=(f"d{n}.example.com",)) for n in range(4)]
    for poller in pollers:
        poller.start()
    while any(p.is_alive() for p in pollers):
        assert requests.get(metrics.url, timeout=5).status_code == 200
    for poller in pollers:
        poller.join()
    text = requests.get(metrics.url, timeout=5).text
    newest = samples(text, BANDWIDTH)
    assert {v for v in newest.values()} == {(199.0, T0 + 60 * 199)} and len(newest) == 4
    assert samples(text, "cdnmon_provider_calls_total")[
        (("account", "prod"), ("provider", "aliyun"))
    ] == (800, None)


@pytest.mark.slow  # Prometheus 2.42 starts scraping new targets after 5 s
def test_prometheus_scrapes_the_points_at_their_own_times(
    state: CollectorState, metrics: MetricsServer, tmp_path: Path
) -> None:
    # Settled points are minutes old when they appear: the newest minute is ~6 minutes back.
    minute = int(time.time()) // 60 * 60 - 7 * 60
    state.record_settled("aliyun", "prod", "img.example.com", [minute], [8e6])
    state.record_settled("ucloud", "ops", "dl.example.com", [minute - 60], [2.4e9])
    state.record_success("aliyun", "prod", minute + 400.5)
    with running_prometheus(tmp_path / "prometheus", scrape=f"127.0.0.1:{metrics.port}") as prom:
        img = '{domain="img.example.com"}'
        first = wait_until(lambda: prom.samples(BANDWIDTH + img), what="the first scrape")
        state.record_settled("aliyun", "prod", "img.example.com", [minute + 60], [24e6])
        wait_until(
            lambda: len(next(iter(prom.samples(BANDWIDTH + img).values()))) == 2,
            what="the second point",
        )
        stored = prom.samples(BANDWIDTH)
        up = prom.query('up{job="cdnmon"}')["result"]
        success = prom.query("cdnmon_last_success_timestamp_seconds")["result"]
    target = (("instance", f"127.0.0.1:{metrics.port}"), ("job", "cdnmon"))
    img_key = tuple(
        sorted(
            (*target, ("provider", "aliyun"), ("account", "prod"), ("domain", "img.example.com"))
        )
    )
    dl_key = tuple(
        sorted((*target, ("provider", "ucloud"), ("account", "ops"), ("domain", "dl.example.com")))
    )
    assert list(first) == [img_key]
    # Each point once, at the provider's minute, in bytes per second: no scrape-time copies.
    assert stored == {img_key: [(minute, 1e6), (minute + 60, 3e6)], dl_key: [(minute - 60, 3e8)]}
    assert [float(r["value"][1]) for r in up] == [1.0]
    assert [float(r["value"][1]) for r in success] == [minute + 400.5]
