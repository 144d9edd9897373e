"""The collector's config file: defaults, human units, and errors that name field and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdnmon.accounts.credentials import Account, AccountStore
from cdnmon.collect.config import (
    CollectConfig,
    SourceSpec,
    check_accounts,
    load_config,
    parse_config,
)
from cdnmon.model import InputError
from cdnmon.providers.registry import CDN_PROVIDERS as PROVIDERS
from cdnmon.toml_input import KeyLines

EXAMPLE = """\
# cdnmon collector
listen = "127.0.0.1:9464"
refresh = "5 min"
remote_write = "http://127.0.0.1:9090/api/v1/write"

[[source]]
provider = "aliyun"
account = "prod"
domains = [
  "img.example.com",
  "dl.example.com",
]

[[source]]
provider = "ucloud"        # every domain of the account
account = "env"
endpoint = "http://127.0.0.1:8080"
"""


def errors_of(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_config(text, source="collect.toml")
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_example_reads_with_its_lines_remembered() -> None:
    config = parse_config(EXAMPLE, source="collect.toml")
    assert config == CollectConfig(
        sources=(
            SourceSpec("aliyun", "prod", "", ("img.example.com", "dl.example.com")),
            SourceSpec("ucloud", "env", "http://127.0.0.1:8080", ()),
        ),
        listen_host="127.0.0.1",
        listen_port=9464,
        refresh_s=300,
        remote_write="http://127.0.0.1:9090/api/v1/write",
    )
    assert [s.where for s in config.sources] == [
        "collect.toml:6: source 1",
        "collect.toml:14: source 2",
    ]
    assert config.sources[1].from_environment and not config.sources[0].from_environment


def test_defaults_are_loopback_a_minute_and_no_remote_write() -> None:
    config = parse_config('[[source]]\nprovider = "tencent"\naccount = "ops"\n')
    assert (config.listen_host, config.listen_port) == ("127.0.0.1", 9464)
    assert config.refresh_s == 60 and config.remote_write == ""


@pytest.mark.parametrize(
    ("listen", "host", "port"),
    [
        ("0.0.0.0:9100", "0.0.0.0", 9100),
        ("[::1]:9464", "::1", 9464),
        ("localhost:0", "localhost", 0),
    ],
)
def test_listen_addresses(listen: str, host: str, port: int) -> None:
    config = parse_config(f'listen = "{listen}"\n[[source]]\nprovider = "aliyun"\naccount = "a"\n')
    assert (config.listen_host, config.listen_port) == (host, port)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Unknown keys: the line, and the closest known key.
        (
            ('refresh = "5 min"', 'refesh = "5 min"'),
            "collect.toml:3: unknown setting 'refesh' at the top level; did you mean 'refresh'?",
        ),
        (
            ('endpoint = "http', 'endpiont = "http'),
            "collect.toml:17: unknown setting 'endpiont' in source 2; did you mean 'endpoint'?",
        ),
        (
            ('account = "env"', 'acount = "env"'),
            "collect.toml:16: unknown setting 'acount' in source 2; did you mean 'account'?",
        ),
        (
            ('refresh = "5 min"', 'colour = "red"'),
            "collect.toml:3: unknown setting 'colour' at the top level; "
            "allowed: listen, refresh, remote_write, source",
        ),
        # Values: file, line, source, field, and what to write.
        (('refresh = "5 min"', 'refresh = "5s"'), "collect.toml:3: refresh: 5 s is too often"),
        (('refresh = "5 min"', 'refresh = "soon"'), "collect.toml:3: refresh: cannot read 'soon'"),
        (
            ('provider = "ucloud"', 'provider = "ucluod"'),
            "collect.toml:15: source 2: provider: 'ucluod' is not a provider cdnmon knows; "
            "did you mean 'ucloud'?",
        ),
        (
            ('provider = "ucloud"', 'provider = "akamai"'),
            "collect.toml:15: source 2: provider: 'akamai' is not a provider cdnmon knows; "
            "write one of: " + ", ".join(PROVIDERS),
        ),
        (
            ('account = "prod"\n', ""),
            "collect.toml:6: source 1: account: missing; write a stored account's name",
        ),
        (
            ('account = "prod"', 'account = "a/b"'),
            "collect.toml:8: source 1: account: the account name 'a/b' contains '/'",
        ),
        (
            ('endpoint = "http://127.0.0.1:8080"', 'endpoint = "ftp://x"'),
            "collect.toml:17: source 2: endpoint: the endpoint 'ftp://x' is not an http(s) URL",
        ),
        (
            ('"dl.example.com"', '"img.example.com"'),
            "collect.toml:9: source 1: domains: a domain is listed twice",
        ),
        (
            ('"dl.example.com"', '"dl example.com"'),
            "collect.toml:9: source 1: domains: the domain name 'dl example.com' contains spaces",
        ),
        (
            ('listen = "127.0.0.1:9464"', 'listen = "http://0.0.0.0:9464"'),
            "collect.toml:2: listen: 'http://0.0.0.0:9464' is a URL",
        ),
        (
            ('listen = "127.0.0.1:9464"', 'listen = ":9464"'),
            "collect.toml:2: listen: ':9464' has no host; "
            'write listen = "0.0.0.0:9464" to serve on every interface',
        ),
        (
            ('listen = "127.0.0.1:9464"', 'listen = "127.0.0.1:99999"'),
            "collect.toml:2: listen: '127.0.0.1:99999' has no port from 0 to 65535",
        ),
        (
            ('listen = "127.0.0.1:9464"', 'listen = "::1:9464"'),
            "collect.toml:2: listen: '::1:9464': write an IPv6 address in brackets",
        ),
        (
            ('listen = "127.0.0.1:9464"', "listen = 9464"),
            "collect.toml:2: listen: 9464 is not an address",
        ),
        (
            ('remote_write = "http://', 'remote_write = "http://me:pw@'),
            "collect.toml:4: remote_write: the URL contains a user name or password",
        ),
        (
            ('remote_write = "http://', 'remote_write = "udp://'),
            "collect.toml:4: remote_write: 'udp://127.0.0.1:9090/api/v1/write' "
            "is not an http(s) URL",
        ),
    ],
)
def test_errors_name_the_line_and_field(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in EXAMPLE
    message = errors_of(EXAMPLE.replace(old, new, 1))
    assert message.startswith(expected), message


def test_the_repeated_source_says_which_one_it_repeats() -> None:
    message = errors_of(
        EXAMPLE.replace('provider = "ucloud"', 'provider = "aliyun"').replace('"env"', '"prod"')
    )
    assert message == (
        "collect.toml:14: source 2: repeats source 1 (aliyun account 'prod'); list all of an "
        "account's domains in one [[source]]"
    )


def test_whole_file_mistakes() -> None:
    assert errors_of('refresh = "1m"\n').startswith("collect.toml: the config has no sources")
    assert "(at line 1, column 14)" in errors_of('refresh = "1m\n')
    assert errors_of('[source]\nprovider = "aliyun"\n').startswith(
        "collect.toml:1: source: must be a list of tables"
    )
    assert errors_of('[[source]]\nprovider = "aliyun"\naccount = "a"\ndomains = []\n').startswith(
        "collect.toml:4: source 1: domains: the list is empty; leave domains out"
    )


def test_load_config_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"cannot read the collector config .*missing.toml.*--config"
    ):
        load_config(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('listen = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="must be saved as UTF-8"):
        load_config(latin)
    good = tmp_path / "collect.toml"
    good.write_text(EXAMPLE, encoding="utf-8")
    assert load_config(good).sources[0].where == f"{good}:6: source 1"


def test_check_accounts_wants_stored_accounts_or_env(tmp_path: Path) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    config = parse_config(EXAMPLE, source="collect.toml")
    with pytest.raises(InputError) as caught:
        check_accounts(config, accounts)
    assert str(caught.value) == (
        "collect.toml:6: source 1: account: there is no Alibaba Cloud account 'prod'; add it "
        'with `cdnmon credentials set aliyun --account prod`, or write account = "env" to use '
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    )
    accounts.save(Account("aliyun", "prod", "key-id-123"))
    check_accounts(config, accounts)  # ucloud's is "env": not looked up


def test_key_lines_skip_multiline_strings_and_arrays() -> None:
    text = 'a = 1\nb = """\nc = 2\n"""\n[[t]]\nx = [\n  "y = 3",\n]\n[[t]]\n"quoted key" = 1\n'
    lines = KeyLines(text)
    assert lines.line("a") == 1 and lines.line("b") == 2 and lines.line("c") is None
    assert lines.line(None, "t", 0) == 5 and lines.line("x", "t", 0) == 6
    assert lines.line("y", "t", 0) == 5  # not a key: the table's header instead
    assert lines.line("quoted key", "t", 1) == 10 and lines.line(None, "t", 1) == 9


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    listen=_TEXT,
    refresh=st.one_of(_TEXT, st.integers(), st.floats()),
    provider=_TEXT,
    account=_TEXT,
    domains=st.lists(_TEXT, max_size=3),
)
def test_any_values_parse_or_give_one_sentence(
    listen: str, refresh: object, provider: str, account: str, domains: list[str]
) -> None:
    def toml(value: object) -> str:
        if isinstance(value, str):
            return (
                '"'
                + "".join(
                    f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}" for c in value
                )
                + '"'
            )
        if isinstance(value, float) and value != value:
            return "nan"
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        if isinstance(value, list):
            return "[" + ", ".join(map(toml, value)) + "]"
        return repr(value)

    text = (
        f"listen = {toml(listen)}\nrefresh = {toml(refresh)}\n[[source]]\n"
        f"provider = {toml(provider)}\naccount = {toml(account)}\ndomains = {toml(domains)}\n"
    )
    try:
        config = parse_config(text, source="c.toml")
    except InputError as error:
        assert str(error).startswith("c.toml:") and "\n" not in str(error)
        return
    assert config.refresh_s >= 10 and 0 <= config.listen_port <= 65535


def test_a_source_may_poll_edge_bandwidth_too() -> None:
    with_edge = EXAMPLE.replace('account = "env"\n', 'account = "env"\nedge = true\n')
    config = parse_config(with_edge, source="collect.toml")
    assert [source.edge for source in config.sources] == [False, True]
    message = errors_of(EXAMPLE.replace('account = "env"\n', 'account = "env"\nedge = "yes"\n'))
    assert message.startswith("collect.toml:17: source 2: edge: write edge = true"), message
