"""``cdnmon`` with arbitrary arguments: an exit status and one line of explanation, never a
traceback.

Only the commands that finish on their own are driven (fetch, export, report, credentials,
and emulator options that cannot bind): no credentials exist, so fetch stops before the
network; the keyring is an in-memory one; config and data live in the test's folder.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import keyring
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cdnmon.cli import main
from cdnmon.history.store import HistoryStore
from cdnmon.model import MINUTE, Series, TimeRange
from tests.keyrings import DictKeyring

# The function-scoped fixtures (the in-memory keyring, a history file) are meant to be
# shared by every example of a test.
FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text as it reaches argv, lone surrogates (undecodable bytes) included.
args_text = st.text(st.characters(exclude_categories=()), max_size=25) | st.binary(max_size=25).map(
    lambda raw: raw.decode("utf-8", "surrogateescape")
)


def mostly(*good: str) -> st.SearchStrategy[str]:
    """One of the values a command accepts, now and then anything at all."""
    return st.integers(0, 7).flatmap(lambda pick: args_text if pick == 7 else st.sampled_from(good))


providers = mostly("aliyun", "ucloud")
times = mostly(
    "2026-11-22T08:00:00Z",
    "2026-11-22",
    "2026-11-22T16:00:00+08:00",
    "1970-01-01T00:30:00Z",
    "9999-12-31",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "now",
)
numbers = st.integers(-(10**20), 10**20).map(str) | mostly("60", "300", "86400", "0", "1e3")
names = mostly("prod", "img.example.com", "ucdn-abc", "env", "", " ", "a/b", "x" * 300)


def option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return values.map(lambda value: [name, value])


def flat(groups: list[list[str]]) -> list[str]:
    return [token for group in groups for token in group]


def command_line(
    command: list[str],
    required: list[st.SearchStrategy[list[str]]],
    optional: list[st.SearchStrategy[list[str]]],
) -> st.SearchStrategy[list[str]]:
    """The command, its required options, some others, and once in a while stray words."""
    stray = st.one_of(st.just([]), st.just([]), st.just([]), st.lists(args_text, max_size=2))
    return st.tuples(
        st.tuples(*required).map(flat) if required else st.just([]),
        st.lists(st.one_of(*optional), max_size=5).map(flat),
        stray,
    ).map(lambda parts: [*command, *parts[0], *parts[1], *parts[2]])


fetch_lines = command_line(
    ["fetch"],
    [option("--provider", providers), option("--domain", names)],
    [
        option("--domain", names),
        option("--start", times),
        option("--end", times),
        option("--interval", numbers),
        option("--account", names),
        option("--endpoint", mostly("http://127.0.0.1:9/", "http://[::1", "ftp://x")),
        option("--signature", mostly("v3", "v1")),
        option("--format", mostly("csv", "json")),
        st.just(["--store"]),
    ],
)
export_lines = command_line(
    ["export"],
    [],
    [
        option("--provider", providers),
        option("--account", names),
        option("--domain", names),
        option("--start", times),
        option("--end", times),
        option("--interval", numbers),
        option("--format", mostly("csv", "json")),
    ],
)
report_lines = command_line(
    ["report"],
    [],
    [
        option("--month", mostly("2026-11", "1970-01", "0000-01", "9999-12", "2026-13", "٢٠٢٦-01")),
        option("--format", mostly("table", "csv", "json")),
    ],
)
account_options = [
    option("--account", names),
    option("--key-id", mostly("LTAI-fake-fuzz-id", "", "two words")),
    option("--project-id", mostly("org-1", "")),
    option("--endpoint", mostly("", "https://cdn.example.com", "http://[", "http://h:99999")),
    option("--secret", args_text),
]
credentials_lines = st.one_of(
    command_line(["credentials", "set"], [providers.map(lambda p: [p])], account_options),
    command_line(["credentials", "delete"], [providers.map(lambda p: [p])], account_options[:1]),
    command_line(["credentials", "list"], [], [providers.map(lambda p: [p])]),
    st.lists(args_text, max_size=3).map(lambda rest: ["credentials", *rest]),
)
# A port that cannot be bound comes last, so the emulator always stops at start-up.
emulator_lines = st.tuples(
    st.lists(
        st.one_of(
            option("--fault", mostly("throttle:0.3", "latency:1:nan", "latency:1:inf", "drop:2")),
            option("--aliyun-key", mostly("id:secret", "id:", "id secret:x")),
            option("--ucloud-key", mostly("public:private")),
            option("--domains", mostly("2000", "0", "-5", "99999999", "x")),
        ),
        max_size=3,
    ).map(flat),
    st.sampled_from(["-1", "65536", "99999", "x"]),
).map(lambda parts: ["emulator", *parts[0], "--port", parts[1]])


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[DictKeyring]:
    """Every keyring lookup in this module gets an in-memory backend, never the system's."""
    backend = DictKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    yield backend


@pytest.fixture
def history() -> None:
    """A small history file, so export and report get past opening it."""
    start = int(time.time()) // 3600 * 3600 - 7200
    span = TimeRange(start, start + 3600)
    points = [(t, 1e6 + t % 7) for t in range(span.start, span.end, MINUTE)]
    with HistoryStore() as store:
        store.save(Series.from_points("aliyun", "prod", "img.example.com", MINUTE, points), span)


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    """Exit status and stderr of ``cdnmon argv``, checked for the one-line rule.

    The streams behave as the interpreter's own: stdout strict UTF-8, stderr escaping
    what it cannot encode (argparse echoes undecodable arguments there).
    """
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        patch.setattr("sys.stdout", out)
        patch.setattr("sys.stderr", err)
        try:
            status = main(argv)
        except SystemExit as leaving:  # argparse: --help (0) or a usage error (2)
            status = leaving.code if isinstance(leaving.code, int) else 2
            text = written(err)
            assert status in (0, 2) and "Traceback" not in text, (argv, text)
            return status, text
    text = written(err)
    assert "Traceback" not in text, (argv, text)
    assert status in (0, 1, 2), (argv, status)
    if status:
        lines = text.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cdnmon: "), (argv, text)
        assert len(lines[0]) > len("cdnmon: ") + 10, (argv, text)
    return status, text


def written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode()  # type: ignore[attr-defined]


@FUZZ
@given(argv=fetch_lines)
@example(argv=["fetch", "--provider", "aliyun", "--domain", "a.com", "--start", "0001-01-01"])
@example(
    argv=["fetch", "--provider", "aliyun", "--domain", "a", "--end", "9999-12-31T23:59:59-05:00"]
)
def test_fetch(argv: list[str]) -> None:
    run(argv)


@FUZZ
@given(argv=export_lines)
def test_export(argv: list[str], history: None) -> None:
    run(argv)


@FUZZ
@given(argv=report_lines)
@example(argv=["report", "--month", "0000-01"])
@example(argv=["report", "--month", "9999-12"])
def test_report(argv: list[str], history: None) -> None:
    run(argv)


@FUZZ
@given(argv=credentials_lines, secret=st.just("") | args_text.map(lambda s: s + "\n"))
@example(
    argv=["credentials", "set", "aliyun", "--key-id", "LTAI-fake-k", "--endpoint", "http://["],
    secret="s3cret\n",
)
def test_credentials(argv: list[str], secret: str) -> None:
    run(argv, stdin=secret)


@FUZZ
@given(argv=emulator_lines)
@example(argv=["emulator", "--port", "99999"])
@example(argv=["emulator", "--fault", "latency:1:nan", "--port", "-1"])
def test_emulator_options(argv: list[str]) -> None:
    assert run(argv)[0] == 2


def test_fetch_refuses_a_range_no_provider_keeps_before_any_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Credentials present and an endpoint nobody answers: only the range check stops it.
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-fake-fuzz-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "fuzz-secret")
    argv = ["fetch", "--provider", "aliyun", "--domain", "a.com", "--endpoint"]
    argv += ["http://127.0.0.1:9/", "--start", "2026-01-01", "--end", "2026-02-01"]
    status, err = run(argv)
    assert status == 2 and "keeps 60-second points for 7 days" in err


def test_fetch_refuses_undecodable_domain_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Signing the request once raised UnicodeEncodeError on the lone surrogate.
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-fake-fuzz-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "fuzz-secret")
    argv = [
        "fetch",
        "--provider",
        "aliyun",
        "--domain",
        b"\xff.com".decode("utf-8", "surrogateescape"),
    ]
    status, err = run([*argv, "--endpoint", "http://127.0.0.1:9/"])
    assert status == 2 and "invisible characters" in err


def test_the_fuzzed_commands_reach_the_in_memory_keyring(memory_keyring: DictKeyring) -> None:
    argv = ["credentials", "set", "aliyun", "--account", "prod", "--key-id", "LTAI-fake-fuzz-id"]
    assert run(argv, stdin="s3cret\n")[0] == 0
    assert memory_keyring.items == {("cdnmon", "aliyun/prod"): "s3cret"}


def test_an_endpoint_that_cannot_be_printed_is_not_stored() -> None:
    # It was stored, and every later `credentials list` died writing it to stdout.
    argv = [
        "credentials",
        "set",
        "aliyun",
        "--key-id",
        "LTAI-fake-k",
        "--endpoint",
        "http://\udc80",
    ]
    status, err = run(argv, stdin="s3cret\n")
    assert status == 2 and "control or invisible characters" in err
    assert run(["credentials", "list"])[0] == 0
