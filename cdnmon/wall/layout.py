"""The wall display's layout file: which tiles, in what order, with which thresholds.

A person edits this file by hand, so it is TOML read with the standard library's
``tomllib``, every value may be written in human units, and every mistake is reported as an
:class:`~cdnmon.model.InputError` that names the file, the tile and the field and says what
to write instead. Example::

    # cdnmon wall layout
    refresh = "60s"              # how often to fetch: "30s", "5 min", "1h" or seconds
    window = "1h"                # how much history each sparkline shows
    rotate = "30s"               # page rotation period when the tiles fill more than a screen
    stale_after_intervals = 3    # grey a tile out after this many refreshes without data

    [[tile]]
    title = "Shop images"        # optional for a single domain (defaults to the domain)
    provider = "aliyun"          # aliyun, ucloud, tencent or edgeone
    account = "prod"
    domain = "img.example.com"
    warning = "800 Mbps"         # optional; "1.2 Gbps", "500 kbps" or plain bit/s
    critical = "1.2 Gbps"        # optional; must be above warning

    [[tile]]                     # read from the team's Prometheus, which `cdnmon collect` feeds
    provider = "prometheus"
    url = "http://prometheus.example.com:9090/"   # account optional: a name for the server
    domain = "aliyun/prod/www.example.com"         # provider/account/domain collected

    [[tile]]
    title = "All downloads"      # required for a group
    provider = "ucloud"
    account = "ops"
    domains = ["dl1.example.com", "dl2.example.com"]   # a group: the tile shows the sum

Tiles appear in the order they are written. :func:`dump_layout` writes this format back
(with durations in seconds and thresholds in bit/s) so that :func:`load_layout` reads the
same layout again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cdnmon.messages import Statement
from cdnmon.messages import layout as said
from cdnmon.model import InputError
from cdnmon.providers.errors import PROVIDER_TITLES
from cdnmon.toml_input import (
    NUMBER,
    Problem,
    as_float,
    check_keys,
    duration,
    parse_toml,
    shown,
    text_field,
)


@dataclass(frozen=True)
class TileSpec:
    """One tile: a domain, or several domains of one account summed into one figure."""

    title: str
    provider: str
    account: str
    domains: tuple[str, ...]
    warning_bps: float | None = None
    critical_bps: float | None = None
    # Where a reader's server is (a Prometheus), when no stored account of it is named.
    url: str = ""
    # Offload (1 - origin / edge) on the tile: edge bandwidth is fetched for it too.
    offload: bool = False

    @property
    def is_group(self) -> bool:
        return len(self.domains) > 1


@dataclass(frozen=True)
class WallLayout:
    tiles: tuple[TileSpec, ...] = field(default_factory=tuple)
    refresh_s: int = 60
    window_s: int = 3600
    rotate_s: int = 30
    stale_after_intervals: int = 3


TOP_KEYS = ("refresh", "window", "rotate", "stale_after_intervals", "tile")
TILE_KEYS = (
    "title", "provider", "account", "url", "domain", "domains", "warning", "critical",
    "offload",
)  # fmt: skip
# The provider whose tiles may name their server by URL instead of a stored account.
READER = "prometheus"

_RATE = re.compile(NUMBER + r"\s*(?:([kKmMgGtT])?\s*(bps|bit/s|b/s|bits?/s|bits?)?)?")
_BYTE_RATE = re.compile(NUMBER + r"\s*([kKmMgGtT])?\s*(B/s|Bps|B)")
_RATE_PREFIX = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}
_MAX_BPS = 1e15  # 1 Pbps: far beyond any origin; larger is a typo


# ---- reading ----------------------------------------------------------------------------


def load_layout(path: str | Path) -> WallLayout:
    """Read a layout file; any problem becomes an InputError naming file, tile and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            said.LAYOUT_UNREADABLE, path=path, reason=error.strerror or str(error)
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(said.LAYOUT_NOT_UTF8, path=path) from None
    return parse_layout(text, source=str(path))


def parse_layout(text: str, source: str = "<layout>") -> WallLayout:
    """Parse layout TOML text; ``source`` names it in error messages."""
    document = parse_toml(text, source, said.LAYOUT_TOML_HINT)
    check_keys(document, TOP_KEYS, source, said.AT_THE_TOP_LEVEL)
    try:
        refresh = duration(document.get("refresh", 60), "refresh")
        window = duration(document.get("window", 3600), "window")
        rotate = duration(document.get("rotate", 30), "rotate")
        stale = _count(document.get("stale_after_intervals", 3))
    except Problem as problem:
        name = problem.args[1] if len(problem.args) > 1 else "stale_after_intervals"
        raise InputError(said.SETTING, source=source, name=name, problem=problem.args[0]) from None
    if window < refresh:
        raise InputError(said.WINDOW_SHORTER, source=source, window=window, refresh=refresh)
    raw_tiles = document.get("tile", [])
    if not isinstance(raw_tiles, list) or not all(isinstance(t, dict) for t in raw_tiles):
        raise InputError(said.TILES_NOT_TABLES, source=source)
    if not raw_tiles:
        raise InputError(said.NO_TILES, source=source)
    tiles = tuple(_tile(raw, index + 1, source) for index, raw in enumerate(raw_tiles))
    return WallLayout(tiles, refresh, window, rotate, stale)


def _tile(raw: dict[str, Any], number: int, source: str) -> TileSpec:
    label = raw.get("title") if isinstance(raw.get("title"), str) else None
    where = said.TILE_TITLED(number=number, title=label) if label else said.TILE(number=number)

    def fail(name: str, problem: Statement) -> InputError:
        return InputError(said.TILE_SETTING, source=source, tile=where, name=name, problem=problem)

    check_keys(raw, TILE_KEYS, source, said.IN_TILE(tile=where))
    provider = text_field(raw, "provider", fail, said.PROVIDER_EXAMPLE)
    if provider not in PROVIDER_TITLES:
        known = ", ".join(sorted(PROVIDER_TITLES))
        raise fail("provider", said.UNKNOWN_PROVIDER(provider=provider, providers=known))
    url = _reader_url(raw, provider, fail) if "url" in raw else ""
    if url and "account" not in raw:
        account = urlsplit(url).netloc  # the server's own name for it
    else:
        account = text_field(raw, "account", fail, said.ACCOUNT_EXAMPLE)
    if "domain" in raw and "domains" in raw:
        raise fail("domains", said.DOMAIN_AND_DOMAINS())
    if "domains" in raw:
        domains = raw["domains"]
        if (
            not isinstance(domains, list)
            or not domains
            or not all(isinstance(d, str) and d.strip() for d in domains)
        ):
            raise fail("domains", said.DOMAINS_NOT_A_LIST())
        domains = tuple(d.strip() for d in domains)
        if len(set(domains)) != len(domains):
            raise fail("domains", said.DOMAIN_TWICE())
    elif "domain" in raw:
        domains = (text_field(raw, "domain", fail, said.DOMAIN_EXAMPLE),)
    else:
        raise fail("domain", said.DOMAIN_MISSING())
    if "title" in raw:
        title = text_field(raw, "title", fail, said.TITLE_EXAMPLE)
    elif len(domains) == 1:
        title = domains[0].rsplit("/", 1)[-1] if url or provider == READER else domains[0]
    else:
        raise fail("title", said.GROUP_WITHOUT_TITLE())
    thresholds = {}
    for name in ("warning", "critical"):
        try:
            thresholds[name] = _rate(raw[name]) if name in raw else None
        except Problem as problem:
            raise fail(name, problem.args[0]) from None
    warning, critical = thresholds["warning"], thresholds["critical"]
    if warning is not None and critical is not None and critical <= warning:
        raise fail("critical", said.CRITICAL_NOT_ABOVE(warning=warning))
    offload = raw.get("offload", False)
    if not isinstance(offload, bool):
        raise fail("offload", said.OFFLOAD_NOT_TRUE_OR_FALSE(yes="true", no="false"))
    return TileSpec(title, provider, account, domains, warning, critical, url, offload)


def _reader_url(raw: dict[str, Any], provider: str, fail: Any) -> str:
    """The tile's Prometheus URL, checked as the client will use it."""
    from cdnmon.providers.base import Credentials
    from cdnmon.providers.prometheus.client import check_url

    if provider != READER:
        raise fail("url", said.URL_NOT_A_READER(provider=provider))
    url = text_field(raw, "url", fail, said.URL_EXAMPLE)
    try:
        return check_url(url, Credentials("", ""))
    except InputError as error:
        raise fail("url", error.said) from None


def _rate(value: Any) -> float:
    """A threshold in bit/s from ``800000000``, ``"800 Mbps"`` or ``"1.2 Gbps"``."""
    example = said.BANDWIDTH_EXAMPLE
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Problem(said.NOT_A_BANDWIDTH(value=shown(value), example=example))
    if isinstance(value, str):
        text = value.strip()
        byte_match = _BYTE_RATE.fullmatch(text)
        if byte_match:
            raise Problem(said.IN_BYTES(value=value, bits=_bits_hint(byte_match)))
        match = _RATE.fullmatch(text)
        if not match:
            raise Problem(said.NOT_READ(value=value, example=example))
        number, prefix, unit = match.group(1), match.group(2) or "", match.group(3)
        if prefix and not unit:
            raise Problem(said.NO_UNIT(value=value, example=example))
        bps = float(number) * _RATE_PREFIX[prefix.lower()]
    else:
        bps = as_float(value)
    if not math.isfinite(bps) or bps <= 0 or bps > _MAX_BPS:
        raise Problem(said.BANDWIDTH_RANGE(value=value, example=example))
    return bps


def _bits_hint(match: re.Match[str]) -> str:
    bits = float(match.group(1)) * 8
    prefix = (match.group(2) or "").upper().replace("K", "k")
    return f'"{bits:g} {prefix}bps"'


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise Problem(said.NOT_A_COUNT(value=shown(value)))
    return value


def layout_for_domains(
    keys: Iterable[tuple[str, str, str]],
    window_s: int = 3600,
    refresh_s: int = 60,
    warning_bps: float | None = None,
) -> WallLayout:
    """A tile per (provider, account, domain), titled by the domain: the wall of a view."""
    tiles = tuple(
        TileSpec(domain, provider, account, (domain,), warning_bps)
        for provider, account, domain in dict.fromkeys(keys)
    )
    return WallLayout(tiles, refresh_s=refresh_s, window_s=window_s)


# ---- writing ----------------------------------------------------------------------------


def dump_layout(layout: WallLayout) -> str:
    """The layout as TOML that :func:`load_layout` reads back to an equal WallLayout."""
    lines = [
        "# cdnmon wall layout (durations in seconds, thresholds in bit/s;",
        '# "5 min" and "800 Mbps" are accepted too)',
        f"refresh = {layout.refresh_s}",
        f"window = {layout.window_s}",
        f"rotate = {layout.rotate_s}",
        f"stale_after_intervals = {layout.stale_after_intervals}",
    ]
    for tile in layout.tiles:
        lines += [
            "",
            "[[tile]]",
            f"title = {_toml_string(tile.title)}",
            f"provider = {_toml_string(tile.provider)}",
            f"account = {_toml_string(tile.account)}",
        ]
        if tile.url:
            lines.append(f"url = {_toml_string(tile.url)}")
        if len(tile.domains) == 1:
            lines.append(f"domain = {_toml_string(tile.domains[0])}")
        else:
            lines.append("domains = [" + ", ".join(map(_toml_string, tile.domains)) + "]")
        for name, value in (("warning", tile.warning_bps), ("critical", tile.critical_bps)):
            if value is not None:
                lines.append(f"{name} = {_toml_number(value)}")
        if tile.offload:
            lines.append("offload = true")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_number(value: float) -> str:
    # repr gives the shortest text that reads back to the same float; TOML floats need a
    # digit after the point, which repr always writes ("800000000.0", "1e+16").
    return repr(float(value))
