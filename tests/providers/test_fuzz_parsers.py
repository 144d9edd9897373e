"""Every provider answer, however odd, becomes points, domains or a typed, explained error.

The answers are fed in at the network edge (a Transport whose ``_send`` returns a canned
``requests.Response``, built by requests' own adapter from raw bytes): signing, JSON
decoding, error mapping, field parsing and stitching all run for real, with no server, so
a few thousand answers take seconds.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import urllib3
from hypothesis import example, given, settings
from hypothesis import strategies as st
from requests.adapters import HTTPAdapter

from cdnmon.fetching import fetch_series
from cdnmon.model import HOUR, MINUTE, Series, TimeRange, format_utc
from cdnmon.providers.aliyun.client import AliyunClient
from cdnmon.providers.base import Credentials, Domain, OriginBandwidthClient
from cdnmon.providers.errors import MalformedResponseError, ProviderError
from cdnmon.providers.http import RetryPolicy, Transport
from cdnmon.providers.ucloud.client import UCloudClient

START = 1_790_000_000 // HOUR * HOUR
WINDOW = TimeRange(START, START + HOUR)
ENDPOINT = "http://127.0.0.1:9/"
ONE_TRY = RetryPolicy(attempts=1)
NO_CONTENT = (204, 304)
_ADAPTER = HTTPAdapter()


# ---- the network edge ---------------------------------------------------------------------


class CannedTransport(Transport):
    """Answers each call with the next canned (status, content type, body), then the last."""

    def __init__(self, provider: str, answers: list[tuple[int, str | None, bytes]]) -> None:
        super().__init__(provider, "fuzz", limiter=None, retry=ONE_TRY)  # type: ignore[arg-type]
        self.answers = answers
        self.calls = 0

    def _send(self, request: requests.Request, *_: object) -> requests.Response:
        status, content_type, body = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        headers = {"Content-Type": content_type} if content_type else {}
        if status in NO_CONTENT:
            body = b""  # what the HTTP stack hands over for these, whatever was sent
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(body), headers=headers, status=status, preload_content=False
        )
        return _ADAPTER.build_response(request.prepare(), raw)


def answered(provider: str, *answers: tuple[int, str | None, bytes]) -> OriginBandwidthClient:
    """A real client of ``provider`` whose calls get ``answers`` instead of the network."""
    creds = Credentials("fuzz-key-id", "fuzz-secret")
    client: AliyunClient | UCloudClient
    if provider == "aliyun":
        client = AliyunClient(creds, "fuzz", ENDPOINT, retry=ONE_TRY)
    else:
        client = UCloudClient(creds, "fuzz", ENDPOINT, retry=ONE_TRY)
    client._transport = CannedTransport(provider, list(answers))
    return client


def as_json(body: object) -> bytes:
    # The json module writes NaN and Infinity as bare words, as a broken server might.
    return json.dumps(body, allow_nan=True).encode()


# ---- what counts as an acceptable outcome -------------------------------------------------


def assert_explained(error: ProviderError) -> None:
    text = str(error)
    assert error.message.strip(), repr(error)
    assert len(text.splitlines()) == 1, repr(text)


def assert_valid_series(series: Series, window: TimeRange) -> None:
    assert type(series.interval) is int and series.interval > 0, series.interval
    times = series.timestamps
    assert all(type(t) is int for t in times), times
    assert times == sorted(set(times)), "points must be sorted and distinct"
    assert all(t in window for t in times)
    for value in series.values:
        assert type(value) is float and math.isfinite(value) and value >= 0, value


def assert_valid_domains(domains: list[Domain]) -> None:
    for domain in domains:
        assert isinstance(domain.name, str) and domain.name, domain
        assert isinstance(domain.domain_id, str) and isinstance(domain.status, str), domain


def fetch_outcome(client: OriginBandwidthClient, domain: str, interval: int | None) -> None:
    """fetch_series either yields valid Series or raises a typed, explained error."""
    try:
        [series] = fetch_series(client, [domain], WINDOW, interval, workers=1)
    except ProviderError as error:
        assert_explained(error)
    else:
        assert_valid_series(series, WINDOW)
    finally:
        client.close()


def domains_outcome(client: OriginBandwidthClient) -> None:
    try:
        domains = client.list_domains()
    except ProviderError as error:
        assert_explained(error)
    else:
        assert_valid_domains(domains)
    finally:
        client.close()


# ---- strategies ---------------------------------------------------------------------------

# Past float range and past 64 bits, both signs: JSON itself puts no bound on integers.
huge_ints = st.integers().map(lambda i: i * 10**400 + i) | st.sampled_from([2**63, -(2**64)])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(),  # NaN, infinities, -0.0, subnormals
    st.text(max_size=12),
    st.sampled_from(["", "0", "-1", "1e999", "NaN", "60", "2026-11-22T08:00:00Z", "ucdn-x"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)

statuses = st.sampled_from([200, 200, 200, 400, 403, 404, 429, 500, 503]) | st.integers(200, 599)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json;charset=utf-8",
        "text/html; charset=gbk",
        "text/plain; charset=no-such-codec",
        None,
    ]
)


# The values most likely to slip through a parser, drawn often rather than by luck.
edge_values = st.sampled_from(
    [
        *(math.nan, math.inf, -math.inf, 1e308, -1, -0.5, 10**400, -(10**400), 2**63, True),
        *(None, "", " ", "nan", "-inf", "1e999", "-1", "0x10", "1_000", "\n", [], {}, [[]]),
    ]
)


def maybe(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The documented shape, an edge value or anything at all, a third of the time each."""
    return st.one_of(good, edge_values, json_values)


def in_window(interval: int = MINUTE) -> st.SearchStrategy[int]:
    return st.integers(0, WINDOW.seconds // interval).map(lambda i: WINDOW.start + i * interval)


bps_text = st.floats(0, 1e13, allow_nan=False).map(lambda v: f"{v:.2f}")
aliyun_rows = st.lists(
    st.fixed_dictionaries(
        {
            "TimeStamp": maybe(in_window().map(format_utc)),
            "Value": maybe(st.one_of(bps_text, st.just(""))),
        }
    ),
    max_size=8,
)
ucloud_rows = st.lists(
    st.fixed_dictionaries(
        {"Time": maybe(in_window()), "Bandwidth": maybe(st.floats(0, 1e5, allow_nan=False))}
    ),
    max_size=8,
)
request_ids = maybe(st.uuids().map(str))


def aliyun_bandwidth_body(rows_key: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "RequestId": request_ids,
            "DomainName": maybe(st.just("img.example.com")),
            "DataInterval": maybe(st.sampled_from(["60", "300", "3600", "86400"])),
            "StartTime": maybe(st.just(format_utc(WINDOW.start))),
            rows_key: maybe(st.fixed_dictionaries({"DataModule": maybe(aliyun_rows)})),
        },
    )


aliyun_domains_body = st.fixed_dictionaries(
    {},
    optional={
        "RequestId": request_ids,
        "TotalCount": maybe(st.integers(0, 2000)),
        "PageNumber": maybe(st.just(1)),
        "Domains": maybe(
            st.fixed_dictionaries(
                {
                    "PageData": maybe(
                        st.lists(
                            st.fixed_dictionaries(
                                {"DomainName": maybe(st.text(min_size=1, max_size=20))},
                                optional={"DomainStatus": maybe(st.just("online"))},
                            ),
                            max_size=4,
                        )
                    )
                }
            )
        ),
    },
)
aliyun_error_body = st.fixed_dictionaries(
    {"RequestId": request_ids, "Code": json_values},
    optional={"Message": json_values, "HostId": json_values, "Recommend": json_values},
)
ucloud_bandwidth_body = st.fixed_dictionaries(
    {"RetCode": maybe(st.just(0))},
    optional={
        "Action": maybe(st.just("GetUcdnPassBandwidthV2Response")),
        "RequestUUID": request_ids,
        "BandwidthList": maybe(ucloud_rows),
        "BandwidthDetail": maybe(ucloud_rows),
        "Message": json_values,
    },
)
ucloud_domains_body = st.fixed_dictionaries(
    {"RetCode": maybe(st.just(0))},
    optional={
        "RequestUUID": request_ids,
        "TotalCount": maybe(st.integers(0, 100)),
        "DomainInfoList": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "Domain": maybe(st.text(min_size=1, max_size=20)),
                        "DomainId": maybe(st.text(min_size=1, max_size=12)),
                    },
                    optional={"Status": maybe(st.sampled_from(["enable", "disable"]))},
                ),
                max_size=4,
            )
        ),
    },
)
ucloud_error_body = st.fixed_dictionaries(
    {"RetCode": st.one_of(st.sampled_from([153, 150, 161, 171, 292, 8039]), json_values)},
    optional={"Message": json_values, "RequestUUID": request_ids},
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a JSON value that another value could take."""
    yield prefix
    if isinstance(value, dict | list):
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from paths(child, (*prefix, key))


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(copy[path[0]], path[1:], new)
    return copy


@st.composite
def mutated(draw: st.DrawFn, bodies: st.SearchStrategy[Any]) -> Any:
    """A documented body with one to three places swapped for arbitrary JSON."""
    body = draw(bodies)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(paths(body))))
        body = replaced(body, where, draw(json_values))
    return body


def valid_aliyun_body(rows_key: str, interval: int) -> dict[str, Any]:
    return {
        "RequestId": "F0E1",
        "DataInterval": str(interval),
        rows_key: {
            "DataModule": [
                {"TimeStamp": format_utc(WINDOW.start), "Value": "123.45"},
                {"TimeStamp": format_utc(WINDOW.start + interval), "Value": ""},
            ]
        },
    }


VALID_UCLOUD_BODY = {"RetCode": 0, "BandwidthList": [{"Time": WINDOW.start, "Bandwidth": 1.5}]}
VALID_ALIYUN_DOMAINS = {
    "RequestId": "F0E2",
    "TotalCount": 2,
    "Domains": {
        "PageData": [
            {"DomainName": "img.example.com", "DomainStatus": "online"},
            {"DomainName": "dl.example.com", "DomainStatus": "offline"},
        ]
    },
}
VALID_UCLOUD_DOMAINS = {
    "RetCode": 0,
    "TotalCount": 1,
    "DomainInfoList": [{"Domain": "img.example.com", "DomainId": "ucdn-1", "Status": "enable"}],
}

# ---- Alibaba Cloud ------------------------------------------------------------------------

ALIYUN_BANDWIDTH = [
    ("RealTimeSrcBpsDataPerInterval", MINUTE),
    ("SrcBpsDataPerInterval", 5 * MINUTE),
]


@pytest.mark.parametrize(("rows_key", "interval"), ALIYUN_BANDWIDTH)
def test_documented_answers_parse(rows_key: str, interval: int) -> None:
    """The bodies the fuzzing starts from are what the parsers expect."""
    body = valid_aliyun_body(rows_key, interval)
    client = answered("aliyun", (200, "application/json", as_json(body)))
    [series] = fetch_series(client, ["img.example.com"], WINDOW, interval)
    assert series.points == ((WINDOW.start, 123.45),) and series.interval == interval
    client = answered("aliyun", (200, None, as_json(VALID_ALIYUN_DOMAINS)))
    assert [d.name for d in client.list_domains()] == ["img.example.com", "dl.example.com"]


def test_documented_ucloud_answers_parse() -> None:
    client = answered("ucloud", (200, "application/json", as_json(VALID_UCLOUD_BODY)))
    [series] = fetch_series(client, ["ucdn-x"], WINDOW)
    assert series.points == ((WINDOW.start, 1.5e6),)
    client = answered("ucloud", (200, None, as_json(VALID_UCLOUD_DOMAINS)))
    assert client.domain_id("img.example.com") == "ucdn-1"  # type: ignore[attr-defined]
    refused = {"RetCode": 161, "Message": "no such action"}
    seed = {"RetCode": 0, "BandwidthDetail": VALID_UCLOUD_BODY["BandwidthList"]}
    client = answered("ucloud", (200, None, as_json(refused)), (200, None, as_json(seed)))
    [series] = fetch_series(client, ["ucdn-x"], WINDOW)
    assert series.interval == 5 * MINUTE and series.points == ((WINDOW.start, 1.5e6),)


@pytest.mark.parametrize(("rows_key", "interval"), ALIYUN_BANDWIDTH)
@settings(max_examples=100, deadline=None)
@given(data=st.data(), status=statuses)
def test_aliyun_bandwidth_answers(
    rows_key: str, interval: int, data: st.DataObject, status: int
) -> None:
    body = data.draw(
        st.one_of(
            aliyun_bandwidth_body(rows_key),
            mutated(st.just(valid_aliyun_body(rows_key, interval))),
            aliyun_error_body,
            json_values,
        )
    )
    client = answered("aliyun", (status, "application/json", as_json(body)))
    fetch_outcome(client, "img.example.com", interval)


@settings(max_examples=100, deadline=None)
@given(
    body=st.one_of(
        aliyun_domains_body, mutated(st.just(VALID_ALIYUN_DOMAINS)), aliyun_error_body, json_values
    ),
    status=statuses,
)
def test_aliyun_domain_lists(body: Any, status: int) -> None:
    # A lying TotalCount must not page forever: the page after is empty.
    empty_page = {"TotalCount": 1, "Domains": {"PageData": []}}
    client = answered(
        "aliyun", (status, "application/json", as_json(body)), (200, None, as_json(empty_page))
    )
    domains_outcome(client)


# ---- UCloud -------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    body=st.one_of(
        ucloud_bandwidth_body, mutated(st.just(VALID_UCLOUD_BODY)), ucloud_error_body, json_values
    ),
    status=statuses,
    interval=st.sampled_from([None, MINUTE, 5 * MINUTE, HOUR]),
    v2_refused=st.booleans(),
)
def test_ucloud_bandwidth_answers(
    body: Any, status: int, interval: int | None, v2_refused: bool
) -> None:
    # A DomainId needs no domain list. When V2 is refused the body goes to the seed API.
    answers = [(status, None, as_json(body))]
    if v2_refused:
        answers.insert(0, (200, None, as_json({"RetCode": 161, "Message": "no such action"})))
    fetch_outcome(answered("ucloud", *answers), "ucdn-x", interval)


@settings(max_examples=100, deadline=None)
@given(
    body=st.one_of(
        ucloud_domains_body, mutated(st.just(VALID_UCLOUD_DOMAINS)), ucloud_error_body, json_values
    ),
    status=statuses,
)
def test_ucloud_domain_lists(body: Any, status: int) -> None:
    domains_outcome(answered("ucloud", (status, "application/json", as_json(body))))


@settings(max_examples=100, deadline=None)
@given(body=ucloud_domains_body, name=st.text(max_size=20))
def test_ucloud_domain_names_map_to_ids_or_say_why(body: Any, name: str) -> None:
    client = answered("ucloud", (200, None, as_json(body)))
    try:
        domain_id = client.domain_id(name)  # type: ignore[attr-defined]
    except ProviderError as error:
        assert_explained(error)
    else:
        assert isinstance(domain_id, str) and domain_id
    finally:
        client.close()


# ---- answers that once crashed a parser or gave a bad result ---------------------------------

HUGE = 10**400


def realtime(rows: list[dict[str, Any]], interval: object = "60") -> dict[str, Any]:
    return {"DataInterval": interval, "RealTimeSrcBpsDataPerInterval": {"DataModule": rows}}


def at_start(value: object) -> dict[str, Any]:
    return {"TimeStamp": format_utc(WINDOW.start), "Value": value}


FETCH_REGRESSIONS = {
    # OverflowError from float() and int(): JSON allows integers of any size, and Python's
    # decoder reads Infinity.
    "aliyun value past float range": ("aliyun", realtime([at_start(HUGE)])),
    "aliyun interval infinite": ("aliyun", realtime([], math.inf)),
    # A Series with a zero or negative spacing was returned.
    "aliyun interval negative": ("aliyun", realtime([], "-60")),
    "ucloud time infinite": (
        "ucloud",
        {"RetCode": 0, "BandwidthList": [{"Time": math.inf, "Bandwidth": 1}]},
    ),
    "ucloud bandwidth past float range": (
        "ucloud",
        {"RetCode": 0, "BandwidthList": [{"Time": WINDOW.start, "Bandwidth": HUGE}]},
    ),
    # Finite in Mbps, infinite in bit/s: the check ran before the unit conversion.
    "ucloud bandwidth infinite in bit/s": (
        "ucloud",
        {"RetCode": 0, "BandwidthList": [{"Time": WINDOW.start, "Bandwidth": 1e308}]},
    ),
    # str(error) spread over several lines, or explained nothing.
    "aliyun message with line breaks": (
        "aliyun",
        {"RequestId": "a\nb", "Code": "Throttling.User", "Message": "too\r\nmany"},
    ),
    "aliyun blank message": ("aliyun", {"RequestId": "r", "Code": "Oops", "Message": " "}),
    "ucloud message with line breaks": ("ucloud", {"RetCode": 171, "Message": "bad\nkey"}),
}
DOMAIN_REGRESSIONS = {
    # A Domain whose name was not a string reached the caller.
    "aliyun name null": (
        "aliyun",
        {"TotalCount": 1, "Domains": {"PageData": [{"DomainName": None}]}},
    ),
    "aliyun total infinite": ("aliyun", {"TotalCount": math.inf, "Domains": {"PageData": []}}),
    "ucloud name NaN": (
        "ucloud",
        {"RetCode": 0, "DomainInfoList": [{"Domain": math.nan, "DomainId": "ucdn-1"}]},
    ),
    "ucloud id null": (
        "ucloud",
        {"RetCode": 0, "DomainInfoList": [{"Domain": "a.com", "DomainId": None}]},
    ),
    # TypeError (unhashable) while caching the name -> id map.
    "ucloud name a list": (
        "ucloud",
        {"RetCode": 0, "DomainInfoList": [{"Domain": [], "DomainId": "x"}]},
    ),
}


@pytest.mark.parametrize("case", FETCH_REGRESSIONS)
def test_bandwidth_answers_that_once_crashed(case: str) -> None:
    provider, body = FETCH_REGRESSIONS[case]
    status = 200 if provider == "ucloud" or "Code" not in body else 400
    fetch_outcome(answered(provider, (status, None, as_json(body))), "ucdn-x", None)


@pytest.mark.parametrize("case", DOMAIN_REGRESSIONS)
def test_domain_lists_that_once_crashed(case: str) -> None:
    provider, body = DOMAIN_REGRESSIONS[case]
    client = answered(provider, (200, None, as_json(body)))
    with pytest.raises(MalformedResponseError) as raised:
        if provider == "ucloud":
            client.domain_id("a.com")  # type: ignore[attr-defined]  # reads the domain list
        else:
            client.list_domains()
    assert_explained(raised.value)


# ---- raw bodies: not JSON, not an object, not text ------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@settings(max_examples=100, deadline=None)
@given(
    provider=st.sampled_from(["aliyun", "ucloud"]),
    body=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
        st.text(max_size=100).map(lambda t: t.encode("utf-16")),
        json_values.map(as_json).map(lambda b: b[: len(b) // 2]),  # truncated
    ),
    status=statuses,
    content_type=content_types,
    listing=st.booleans(),
)
@example(provider="aliyun", body=DEEP, status=200, content_type=None, listing=False)
@example(
    provider="ucloud",
    body=b'{"RetCode": 0, "BandwidthList": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    status=200,
    content_type=None,
    listing=False,
)
def test_raw_bodies(
    provider: str, body: bytes, status: int, content_type: str | None, listing: bool
) -> None:
    client = answered(provider, (status, content_type, body))
    if listing:
        domains_outcome(client)
    else:
        fetch_outcome(client, "ucdn-x", None)


def test_a_deeply_nested_answer_is_malformed_not_a_crash() -> None:
    client = answered("aliyun", (200, "application/json", DEEP))
    with pytest.raises(MalformedResponseError, match="nested too deeply"):
        client.fetch_window("img.example.com", WINDOW)
