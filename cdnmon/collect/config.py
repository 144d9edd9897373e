"""The collector's configuration file: what ``cdnmon collect --config FILE`` polls and serves.

An operator writes it by hand, so it is TOML read like the wall layout (see
:mod:`cdnmon.toml_input`) and every mistake is one sentence naming the file, the line and
the field. Example::

    listen = "127.0.0.1:9464"     # where /metrics is served (default: loopback only)
    refresh = "60s"               # how often to poll the providers; at least 10 s
    remote_write = "http://127.0.0.1:9090/api/v1/write"   # optional

    [[source]]
    provider = "aliyun"           # aliyun, ucloud, tencent or edgeone
    account = "prod"              # a stored account, or "env" for environment variables
    endpoint = "https://..."      # optional: the provider's API endpoint
    domains = ["img.example.com"] # optional: default is every domain of the account
    edge = true                   # optional: edge bandwidth too (one more call a window)
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cdnmon.accounts.credentials import (
    ENV_ACCOUNT,
    check_account_name,
    check_endpoint,
    env_hint,
)
from cdnmon.model import InputError, check_domain
from cdnmon.providers.registry import CDN_PROVIDERS as PROVIDERS
from cdnmon.providers.registry import TITLES
from cdnmon.toml_input import (
    KeyLines,
    Problem,
    check_keys,
    duration,
    parse_toml,
    place,
    shown,
    text_field,
)

if TYPE_CHECKING:
    from cdnmon.accounts.credentials import AccountStore

DEFAULT_LISTEN = "127.0.0.1:9464"
DEFAULT_REFRESH_S = 60
# Every provider settles a minute's point minutes later; polling faster only burns calls.
MIN_REFRESH_S = 10
TOP_KEYS = ("listen", "refresh", "remote_write", "source")
SOURCE_KEYS = ("provider", "account", "endpoint", "domains", "edge")

_HOST_NAME = re.compile(
    r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
)
_LISTEN_EXAMPLE = 'write e.g. listen = "127.0.0.1:9464"'


@dataclass(frozen=True)
class SourceSpec:
    """One account to poll; no ``domains`` means every domain the account has."""

    provider: str
    account: str
    endpoint: str = ""
    domains: tuple[str, ...] = ()
    edge: bool = False  # edge bandwidth polled beside the origin
    # Where it was written, for messages about it later (a missing account, say).
    where: str = field(default="", compare=False)

    @property
    def from_environment(self) -> bool:
        return self.account == ENV_ACCOUNT


@dataclass(frozen=True)
class CollectConfig:
    sources: tuple[SourceSpec, ...]
    listen_host: str = "127.0.0.1"
    listen_port: int = 9464  # 0: a free port, chosen when the server starts
    refresh_s: int = DEFAULT_REFRESH_S
    remote_write: str = ""  # "": no remote write


def load_config(path: str | Path) -> CollectConfig:
    """Read a config file; any problem becomes an InputError naming file, line and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"cannot read the collector config {path}: {error.strerror or error}; "
            "check the path given to --config"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the config file must be saved as UTF-8 text") from None
    return parse_config(text, source=str(path))


def parse_config(text: str, source: str = "<config>") -> CollectConfig:
    """Parse config TOML text; ``source`` names it in error messages."""
    document = parse_toml(
        text,
        source,
        'strings need double quotes, e.g. refresh = "60s", and each source starts with a '
        "[[source]] line",
    )
    lines = KeyLines(text)

    def fail(name: str, message: str) -> InputError:
        return InputError(f"{place(source, lines.line(name))}: {name}: {message}")

    check_keys(document, TOP_KEYS, source, "at the top level", lines.line)
    try:
        host, port = _listen(document.get("listen", DEFAULT_LISTEN))
        refresh = duration(document.get("refresh", DEFAULT_REFRESH_S), "refresh")
        remote_write = _remote_write(document.get("remote_write", ""))
    except Problem as problem:
        raise fail(problem.args[1], problem.args[0]) from None
    if refresh < MIN_REFRESH_S:
        raise fail(
            "refresh",
            f"{refresh} s is too often: providers settle a minute's point minutes later; "
            f'write at least {MIN_REFRESH_S} seconds, e.g. refresh = "60s"',
        )
    raw_sources = document.get("source")
    if raw_sources is None:
        raise InputError(
            f"{source}: the config has no sources; add a [[source]] section with provider "
            'and account, e.g. provider = "aliyun" and account = "prod"'
        )
    if not isinstance(raw_sources, list) or not all(isinstance(s, dict) for s in raw_sources):
        line = lines.line("source") or lines.line(None, "source", 0)  # a [source] table
        raise InputError(
            f"{place(source, line)}: source: must be a list of tables; start each source "
            "with a [[source]] line"
        )
    sources: list[SourceSpec] = []
    for index, raw in enumerate(raw_sources):
        spec = _source(raw, index, source, lines)
        for number, earlier in enumerate(sources, start=1):
            if (earlier.provider, earlier.account) == (spec.provider, spec.account):
                raise InputError(
                    f"{spec.where}: repeats source {number} ({spec.provider} account "
                    f"{spec.account!r}); list all of an account's domains in one [[source]]"
                )
        sources.append(spec)
    return CollectConfig(tuple(sources), host, port, refresh, remote_write)


def _source(raw: dict[str, Any], index: int, source: str, lines: KeyLines) -> SourceSpec:
    where = f"{place(source, lines.line(None, 'source', index))}: source {index + 1}"

    def fail(name: str, message: str) -> InputError:
        at = place(source, lines.line(name, "source", index))
        return InputError(f"{at}: source {index + 1}: {name}: {message}")

    check_keys(
        raw,
        SOURCE_KEYS,
        source,
        f"in source {index + 1}",
        lambda key: lines.line(key, "source", index),
    )
    provider = text_field(raw, "provider", fail, 'e.g. provider = "aliyun"')
    if provider not in PROVIDERS:
        close = difflib.get_close_matches(provider, PROVIDERS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "write one of: " + ", ".join(PROVIDERS)
        raise fail("provider", f"{provider!r} is not a provider cdnmon knows; {hint}")
    account = text_field(
        raw, "account", fail, f'a stored account\'s name, e.g. "prod", or "{ENV_ACCOUNT}"'
    )
    endpoint = raw.get("endpoint", "")
    if not isinstance(endpoint, str):
        raise fail(
            "endpoint", f'{shown(endpoint)} is not a URL; write e.g. endpoint = "https://..."'
        )
    domains = raw.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise fail("domains", 'write a list of domain names, e.g. domains = ["a.com", "b.com"]')
    if "domains" in raw and not domains:
        raise fail("domains", "the list is empty; leave domains out to poll every domain")
    try:
        check_account_name(account)
    except InputError as error:
        raise fail("account", str(error)) from None
    try:
        check_endpoint(endpoint.strip())
    except InputError as error:
        raise fail("endpoint", str(error)) from None
    try:
        names = tuple(check_domain(d.strip()) for d in domains)
    except InputError as error:
        raise fail("domains", str(error)) from None
    if len(set(names)) != len(names):
        raise fail("domains", "a domain is listed twice; list each domain once")
    edge = raw.get("edge", False)
    if not isinstance(edge, bool):
        raise fail("edge", "write edge = true (edge bandwidth polled too) or edge = false")
    return SourceSpec(provider, account, endpoint.strip(), names, edge, where)


def _listen(value: Any) -> tuple[str, int]:
    """``host:port`` or ``[v6 address]:port``; port 0 lets the system choose."""
    if not isinstance(value, str):
        raise Problem(f"{shown(value)} is not an address; {_LISTEN_EXAMPLE}", "listen")
    text = value.strip()
    if "://" in text:
        raise Problem(f"{value!r} is a URL; give only host and port, {_LISTEN_EXAMPLE}", "listen")
    host, colon, port = text.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        if not _is_ip(host, 6):
            raise Problem(f"{host!r} is not an IPv6 address; {_LISTEN_EXAMPLE}", "listen")
    elif ":" in host:
        raise Problem(
            f'{value!r}: write an IPv6 address in brackets, e.g. listen = "[::1]:9464"',
            "listen",
        )
    if not colon or not port.isascii() or not port.isdigit() or int(port) > 65535:
        raise Problem(f"{value!r} has no port from 0 to 65535; {_LISTEN_EXAMPLE}", "listen")
    if not host:
        raise Problem(
            f'{value!r} has no host; write listen = "0.0.0.0:{int(port)}" to serve on every '
            f'interface, or "127.0.0.1:{int(port)}" for this machine only',
            "listen",
        )
    if not (_is_ip(host, 4) or _is_ip(host, 6) or _HOST_NAME.fullmatch(host)):
        raise Problem(f"{host!r} is not a host name or IP address; {_LISTEN_EXAMPLE}", "listen")
    return host, int(port)


def _is_ip(text: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False


def _remote_write(value: Any) -> str:
    """An http(s) URL with no user name or password in it (it would show in messages)."""
    example = 'write e.g. remote_write = "http://127.0.0.1:9090/api/v1/write"'
    if not isinstance(value, str):
        raise Problem(f"{shown(value)} is not a URL; {example}", "remote_write")
    url = value.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() or not ch.isprintable() for ch in url)
    ):
        raise Problem(f"{value!r} is not an http(s) URL; {example}", "remote_write")
    if parts.username or parts.password:
        raise Problem(
            "the URL contains a user name or password; remove it (it would show in logs)",
            "remote_write",
        )
    return url


def check_accounts(config: CollectConfig, accounts: AccountStore) -> None:
    """An InputError at the first source whose account is not stored (``env`` aside), so
    the collector refuses to start rather than poll nothing for it."""
    for spec in config.sources:
        if spec.from_environment or accounts.get(spec.provider, spec.account) is not None:
            continue
        raise InputError(
            f"{spec.where}: account: there is no {TITLES[spec.provider]} account "
            f"{spec.account!r}; add it with `cdnmon credentials set {spec.provider} "
            f'--account {spec.account}`, or write account = "{ENV_ACCOUNT}" to use '
            f"{env_hint(spec.provider)}"
        )
