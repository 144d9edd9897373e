"""The wall layout file: human units, helpful errors, and a writer that reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdnmon.model import InputError
from cdnmon.providers import registry
from cdnmon.wall.layout import TileSpec, WallLayout, dump_layout, load_layout, parse_layout

EXAMPLE = """
refresh = "30s"
window = "1h"
rotate = "2 min"
stale_after_intervals = 4

[[tile]]
title = "Shop images"
provider = "aliyun"
account = "prod"
domain = "img.example.com"
warning = "800 Mbps"
critical = "1.2 Gbps"

[[tile]]
title = "All downloads"
provider = "ucloud"
account = "ops"
domains = ["dl1.example.com", "dl2.example.com"]

[[tile]]
provider = "aliyun"
account = "prod"
domain = "static.example.com"
warning = 500000000
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_reads_with_human_units(tmp_path: Path) -> None:
    layout = load_layout(write(tmp_path, EXAMPLE))
    assert (layout.refresh_s, layout.window_s, layout.rotate_s) == (30, 3600, 120)
    assert layout.stale_after_intervals == 4
    shop, group, static = layout.tiles
    assert shop == TileSpec("Shop images", "aliyun", "prod", ("img.example.com",), 8e8, 1.2e9)
    assert group.domains == ("dl1.example.com", "dl2.example.com") and group.is_group
    assert group.warning_bps is None and group.critical_bps is None
    assert static.title == "static.example.com" and static.warning_bps == 5e8


@pytest.mark.parametrize("provider", registry.PROVIDERS)
def test_every_provider_is_accepted_and_written_back(provider: str) -> None:
    layout = parse_layout(TILE.replace('provider = "aliyun"', f'provider = "{provider}"'))
    assert layout.tiles[0].provider == provider
    assert parse_layout(dump_layout(layout)) == layout


def test_an_unknown_provider_is_answered_with_every_known_one() -> None:
    with pytest.raises(InputError) as caught:
        parse_layout(TILE.replace('provider = "aliyun"', 'provider = "tencentcloud"'))
    known = "aliyun, edgeone, huawei, prometheus, tencent, ucloud, volcengine"
    assert f"write one of: {known}" in str(caught.value)


def test_defaults() -> None:
    layout = parse_layout('[[tile]]\nprovider = "aliyun"\naccount = "a"\ndomain = "d.com"\n')
    assert (layout.refresh_s, layout.window_s, layout.rotate_s) == (60, 3600, 30)
    assert layout.stale_after_intervals == 3


@pytest.mark.parametrize(
    ("text", "bps"),
    [("800 Mbps", 8e8), ("1.2 Gbps", 1.2e9), ("500kbps", 5e5), ("2 Tbit/s", 2e12), ("1e9", 1e9)],
)
def test_threshold_units(text: str, bps: float) -> None:
    layout = parse_layout(
        f'[[tile]]\nprovider = "aliyun"\naccount = "a"\ndomain = "d"\nwarning = "{text}"\n'
    )
    assert layout.tiles[0].warning_bps == pytest.approx(bps)


@pytest.mark.parametrize(
    ("text", "seconds"), [("45", 45), ("30s", 30), ("5 min", 300), ("1h", 3600), ("1.5 min", 90)]
)
def test_duration_units(text: str, seconds: int) -> None:
    layout = parse_layout(
        f'refresh = "{text}"\nwindow = "2h"\n'
        '[[tile]]\nprovider = "aliyun"\naccount = "a"\ndomain = "d"\n'
    )
    assert layout.refresh_s == seconds


TILE = '[[tile]]\ntitle = "Shop"\nprovider = "aliyun"\naccount = "a"\ndomain = "d"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("refresh = 60\nrefesh = 5\n" + TILE, ["unknown setting 'refesh'", "'refresh'"]),
        ('refresh = "soon"\n' + TILE, ["refresh", "5 min"]),
        (TILE + 'warning = "100 MB/s"\n', ["tile 1 ('Shop')", "warning", "bytes", "800 Mbps"]),
        (TILE + 'warning = "fast"\n', ["tile 1 ('Shop')", "warning", "1.2 Gbps"]),
        (TILE + "warning = -5\n", ["warning", "above zero"]),
        (TILE + "warning = true\n", ["warning", "not a bandwidth"]),
        (TILE + 'warning = "1 Gbps"\ncritical = "800 Mbps"\n', ["critical", "must be above"]),
        (TILE.replace('provider = "aliyun"', 'provider = "akamai"'), ["provider", "ucloud"]),
        (TILE.replace('account = "a"\n', ""), ["tile 1 ('Shop')", "account", "missing"]),
        (TILE.replace('domain = "d"', "domains = []"), ["domains", "list of domain names"]),
        (TILE + 'domains = ["x"]\n', ["either domain"]),
        (TILE.replace('domain = "d"', 'domains = ["a", "a"]'), ["listed twice"]),
        (
            TILE.replace('title = "Shop"\n', "").replace('domain = "d"', 'domains = ["a", "b"]'),
            ["needs a title"],
        ),
        ("refresh = 60\n", ["no tiles", "[[tile]]"]),
        ("tile = 3\n", ["[[tile]]"]),
        ("refresh = 60s\n" + TILE, ["not valid TOML", "double quotes"]),
        ('window = "30s"\n' + TILE, ["window", "shorter than refresh"]),
        ("stale_after_intervals = 0\n" + TILE, ["stale_after_intervals", "1 to 1000"]),
        (TILE + "colour = 1\n", ["unknown setting 'colour'", "tile 1"]),
        (TILE + 'offload = "yes"\n', ["tile 1 ('Shop')", "offload", "offload = true"]),
    ],
)
def test_mistakes_name_file_tile_field_and_fix(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_layout(path)
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--layout"):
        load_layout(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'title = "caf\xe9"\n')
    with pytest.raises(InputError, match="UTF-8"):
        load_layout(bad)


def test_dump_reads_back_identically(tmp_path: Path) -> None:
    layout = load_layout(write(tmp_path, EXAMPLE))
    assert load_layout(write(tmp_path, dump_layout(layout))) == layout


# ---- properties -------------------------------------------------------------------------

names = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
rates = st.one_of(st.none(), st.floats(min_value=1, max_value=1e15, allow_nan=False))
tiles = st.builds(
    TileSpec,
    title=names,
    provider=st.sampled_from(["aliyun", "ucloud"]),
    account=names,
    domains=st.lists(names, min_size=1, max_size=4, unique=True).map(tuple),
    warning_bps=rates,
    critical_bps=rates,
    offload=st.booleans(),
).filter(
    lambda t: t.warning_bps is None or t.critical_bps is None or t.critical_bps > t.warning_bps
)
layouts = st.builds(
    lambda tiles, refresh, extra, rotate, stale: WallLayout(
        tuple(tiles), refresh, refresh + extra, rotate, stale
    ),
    st.lists(tiles, min_size=1, max_size=5),
    st.integers(1, 86400),
    st.integers(0, 86400),
    st.integers(1, 7 * 86400),
    st.integers(1, 1000),
)


@given(layouts)
@settings(max_examples=200, deadline=None)
def test_dump_then_parse_is_identity(layout: WallLayout) -> None:
    assert parse_layout(dump_layout(layout)) == layout


def _parses_or_input_error(text: str) -> None:
    try:
        result = parse_layout(text)
    except InputError as error:
        assert str(error)
    else:
        assert isinstance(result, WallLayout)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_gives_layout_or_input_error(text: str) -> None:
    _parses_or_input_error(text)


toml_values = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=15),
    st.sampled_from(["800 Mbps", "1.2 Gbps", "5 min", "1h", "30s", "1 MB/s", "e9", ".5", "1e999"]),
    st.lists(st.text(max_size=8), max_size=3),
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return (
            '"'
            + "".join(
                f"\\u{ord(c):04X}" if ord(c) < 0x20 or c in '"\\' or ord(c) == 0x7F else c
                for c in value
            )
            + '"'
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


@given(
    st.dictionaries(
        st.sampled_from(["refresh", "window", "rotate", "stale_after_intervals", "extra"]),
        toml_values,
        max_size=4,
    ),
    st.lists(
        st.dictionaries(
            st.sampled_from(
                ["title", "provider", "account", "domain", "domains", "warning", "critical", "x"]
            ),
            toml_values,
            max_size=7,
        ),
        max_size=3,
    ),
)
@settings(max_examples=400, deadline=None)
def test_arbitrary_field_values_give_layout_or_input_error(
    top: dict[str, object], raw_tiles: list[dict[str, object]]
) -> None:
    lines = [f"{key} = {_toml(value)}" for key, value in top.items()]
    for raw in raw_tiles:
        lines.append("[[tile]]")
        lines += [f"{key} = {_toml(value)}" for key, value in raw.items()]
    _parses_or_input_error("\n".join(lines) + "\n")
