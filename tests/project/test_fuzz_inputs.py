"""Everything a person types or edits gives a value or an InputError that names the problem.

Times, months, domain names, endpoints, account fields, environment variables, the
accounts file, wall layouts and the emulator's options, each fed arbitrary text (with
the lone surrogates that undecodable command-line bytes turn into) and arbitrary bytes.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cdnmon.accounts.credentials import (
    ENV_VARS,
    Account,
    AccountStore,
    check_account_name,
    check_endpoint,
    env_credentials,
)
from cdnmon.commands.fetch import time_range_from
from cdnmon.emulator import FaultPlan, parse_key
from cdnmon.history.month_report import month_span
from cdnmon.model import InputError, TimeRange, check_domain, format_utc, parse_user_time
from cdnmon.providers.http import is_loopback, validate_endpoint
from cdnmon.wall.layout import WallLayout, dump_layout, load_layout, parse_layout

T = TypeVar("T")
NOW = 1_790_000_000.0

# Text as it reaches the program: any code point, including the lone surrogates Python
# makes of command-line bytes that are not UTF-8.
any_text = st.text(st.characters(exclude_categories=()), max_size=40) | st.binary(max_size=40).map(
    lambda raw: raw.decode("utf-8", "surrogateescape")
)


def value_or_input_error(call: Callable[[], T]) -> T | None:
    """The call's value, or None after an InputError whose message is one readable line."""
    try:
        return call()
    except InputError as error:
        message = str(error)
        assert message.strip() and "\n" not in message, repr(message)
        message.encode("utf-8")  # no raw lone surrogate: a UTF-8 log file would refuse it
        return None


# ---- times ----------------------------------------------------------------------------------

iso_like = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}".format,
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(["", "Z", "z", "+00:00", "+23:59", "-23:59", "+08:00", "+24:00", " "]),
)
user_times = any_text | iso_like


@settings(max_examples=200, deadline=None)
@given(text=user_times)
@example(text="0001-01-01T00:00:00+05:00")  # before year 1 in UTC
@example(text="9999-12-31T23:59:59-05:00")  # after year 9999 in UTC
def test_user_times(text: str) -> None:
    moment = value_or_input_error(lambda: parse_user_time(text))
    if moment is not None:
        assert type(moment) is int
        format_utc(moment)  # within what every later step can print


@settings(max_examples=200, deadline=None)
@given(start=st.none() | user_times, end=st.none() | user_times)
@example(start="0001-01-01T00:00:00+05:00", end="0001-01-01T00:00:00+05:00")
@example(start=None, end="0001-01-01T00:30:00Z")  # the start an hour before is year 0
@example(start="9999-12-31T23:59:59-05:00", end=None)
def test_time_ranges(start: str | None, end: str | None) -> None:
    span = value_or_input_error(lambda: time_range_from(start, end, NOW))
    if span is not None:
        assert isinstance(span, TimeRange) and span.end > span.start
        assert format_utc(span.start) and format_utc(span.end)  # both can go to the API


@settings(max_examples=100, deadline=None)
@given(start=st.integers(), end=st.integers())
@example(start=10**12, end=10**12)  # the message once failed to print year 33658
@example(start=-(10**30), end=-(10**30))
@example(start=0, end=-67_768_040_609_740_801)  # OSError (EOVERFLOW) from the C library
def test_time_ranges_of_any_seconds(start: int, end: int) -> None:
    span = value_or_input_error(lambda: TimeRange(start, end))
    assert span is None or span.seconds > 0


@settings(max_examples=150, deadline=None)
@given(month=any_text | st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13)))
@example(month="0000-01")
@example(month="9999-12")
def test_report_months(month: str) -> None:
    span = value_or_input_error(lambda: month_span(month, NOW))
    if span is not None:
        assert span.start < span.end <= NOW


# ---- domain names ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(name=any_text | st.from_regex(r"[a-z0-9.-]{1,30}", fullmatch=True))
@example(name="\udcff.example.com")  # a byte that is not UTF-8, as argv decodes it
@example(name="a" * 254)
def test_domain_names(name: str) -> None:
    checked = value_or_input_error(lambda: check_domain(name))
    if checked is not None:
        assert checked == name
        name.encode("utf-8")
        assert name.strip() == name and not any(ch.isspace() for ch in name)


# ---- endpoints ------------------------------------------------------------------------------

urls = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https", "HTTPS", "ftp", "", "http:"]),
    st.sampled_from(
        ["127.0.0.1", "localhost", "[::1]", "cdn.aliyuncs.com", "[::1", "[fe80::1%eth0]", ""]
    )
    | any_text,
    st.sampled_from(["", ":0", ":8080", ":99999", ":-1", ":x", ":"]),
    st.sampled_from(["", "/", "/api?x=1", "#frag", " "]) | any_text,
)


@settings(max_examples=200, deadline=None)
@given(url=urls | any_text)
@example(url="http://[::1")
@example(url="https://cdn.example.com:99999/")
@example(url="https://exa mple.com/")
def test_endpoints(url: str) -> None:
    endpoint = value_or_input_error(lambda: validate_endpoint(url))
    if endpoint is not None:
        prepared = requests.Request("GET", endpoint).prepare()  # requests can send it
        host = requests.utils.urlparse(prepared.url).hostname
        assert endpoint.startswith("https://") or is_loopback(host or "")
    stored = value_or_input_error(lambda: check_endpoint(url))
    assert stored is None or stored == url


# ---- accounts -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    provider=st.sampled_from(["aliyun", "ucloud"]) | any_text,
    name=any_text,
    key_id=any_text,
    project_id=st.just("") | any_text,
    endpoint=st.just("") | urls,
)
@example(provider="aliyun", name="prod", key_id="LTAI-fake", project_id="", endpoint="http://[::1")
@example(provider="aliyun", name="0", key_id="0", project_id="", endpoint="http://\udc80")
def test_account_fields(
    provider: str, name: str, key_id: str, project_id: str, endpoint: str
) -> None:
    value_or_input_error(lambda: check_account_name(name))
    account = value_or_input_error(lambda: Account(provider, name, key_id, project_id, endpoint))
    if account is not None:
        assert account.masked_key_id and account.label
        for field in (account.name, account.key_id, account.project_id, account.endpoint):
            field.encode("utf-8")


@settings(max_examples=100, deadline=None)
@given(
    provider=st.sampled_from(["aliyun", "ucloud"]),
    values=st.lists(st.just("") | any_text, min_size=3, max_size=3),
    token=st.sampled_from(["", "sts-token"]),
)
def test_environment_credentials(provider: str, values: list[str], token: str) -> None:
    names = [n for n in ENV_VARS[provider] if n]
    environ = dict(zip(names, values, strict=False))
    if token:
        environ["ALIBABA_CLOUD_SECURITY_TOKEN"] = token
    found = value_or_input_error(lambda: env_credentials(provider, environ))
    if found is not None:
        account, credentials = found
        assert account.name == "env" and credentials.key_id == account.key_id


@settings(max_examples=100, deadline=None)
@given(
    raw=st.binary(max_size=200)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=10,
    ).map(lambda v: json.dumps({"version": 1, "accounts": v}).encode())
)
@example(raw=b"[" * 100_000)
def test_accounts_files(raw: bytes) -> None:
    """A damaged accounts file is moved aside and reads as empty; it never crashes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.json"
        path.write_bytes(raw)
        accounts = value_or_input_error(AccountStore(path).list)
        assert accounts is not None  # CredentialError is only for an unmovable file
        assert all(isinstance(a, Account) for a in accounts)


def test_a_deeply_nested_accounts_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_bytes(b"[" * 100_000)
    assert AccountStore(path).list() == []
    assert not path.exists() and list(tmp_path.glob("accounts.json.bad-*"))


# ---- wall layouts ---------------------------------------------------------------------------

toml_scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, 0, -1]),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["800 Mbps", "1e999 Gbps", "5 min", "1h", "1 MB/s", "0x10", "60s", " "]),
    st.datetimes().map(lambda d: d.isoformat()),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


def toml_value(value: Any) -> str:
    """TOML text for a value; strings become TOML strings, dicts inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(value), repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = "".join(
            f"\\u{ord(c):04X}" if ord(c) < 0x20 or c in '"\\' or ord(c) == 0x7F else c
            for c in value
        )
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


GOOD_TILE = {
    "title": "Images",
    "provider": "aliyun",
    "account": "prod",
    "domain": "img.example.com",
    "warning": "800 Mbps",
    "critical": "1.2 Gbps",
}
GOOD_TOP = {"refresh": "60s", "window": "1h", "rotate": "30s", "stale_after_intervals": 3}


@st.composite
def layout_documents(draw: st.DrawFn) -> str:
    """The documented shape with some values swapped for other types, sizes and nestings."""
    top = {k: draw(st.just(v) | toml_values) for k, v in GOOD_TOP.items() if draw(st.booleans())}
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items()]
    for _ in range(draw(st.integers(0, 3))):
        tile = {k: draw(st.just(v) | st.just(v) | toml_values) for k, v in GOOD_TILE.items()}
        if draw(st.booleans()):
            tile["domains"] = draw(st.lists(st.text(max_size=8), max_size=3) | toml_values)
        lines.append("[[tile]]")
        lines += [f"{key} = {toml_value(value)}" for key, value in tile.items()]
    return "\n".join(lines) + "\n"


def layout_or_input_error(text: str) -> None:
    layout = value_or_input_error(lambda: parse_layout(text))
    if layout is not None:
        assert isinstance(layout, WallLayout) and layout.tiles
        assert parse_layout(dump_layout(layout)) == layout


@settings(max_examples=150, deadline=None)
@given(text=layout_documents())
@example(text="refresh = " + "9" * 400 + "\n")  # an integer past float range
@example(text='[[tile]]\nprovider = "aliyun"\naccount = "a"\ndomain = "d"\nwarning = 1' + "0" * 400)
@example(text="refresh = " + "9" * 5000 + "\n")  # past Python's integer-digit limit
@example(text="a = " + "[" * 5000 + "]" * 5000 + "\n")  # nested past the stack
@example(text="refresh." + ".".join(["a"] * 3000) + " = 1\n")  # a table nested 3000 deep
def test_layout_documents(text: str) -> None:
    layout_or_input_error(text)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_layout_files(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wall.toml"
        path.write_bytes(raw)
        value_or_input_error(lambda: load_layout(path))


def test_layout_numbers_and_nesting_past_limits_are_explained() -> None:
    with pytest.raises(InputError, match="refresh"):
        parse_layout("refresh = " + "9" * 400 + "\n")
    with pytest.raises(InputError, match="nested too deeply"):
        parse_layout("a = " + "[" * 5000 + "]" * 5000 + "\n")


# ---- the emulator's options -------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    text=any_text
    | st.builds(
        "{}:{}:{}".format,
        st.sampled_from(["latency", "drop"]),
        st.sampled_from(["1", "nan", "0.5", "-1"]),
        st.sampled_from(["nan", "inf", "1e999", "2", "-0"]),
    )
)
@example(text="latency:1:nan")
@example(text="latency:1:inf")
def test_fault_plans(text: str) -> None:
    plan = value_or_input_error(lambda: FaultPlan.parse(text))
    if plan is not None:
        assert 0 <= plan.rate <= 1 and math.isfinite(plan.latency_s) and plan.latency_s >= 0


@settings(max_examples=100, deadline=None)
@given(text=any_text)
def test_emulator_keys(text: str) -> None:
    pair = value_or_input_error(lambda: parse_key(text))
    if pair is not None:
        assert all(pair) and ":" in text
