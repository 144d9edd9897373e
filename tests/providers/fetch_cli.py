"""``cdnmon fetch`` as a user runs it against the emulator, with the account's key in the
provider's own environment variables: the helpers every provider's CLI tests share."""

from __future__ import annotations

import csv
import io
import subprocess

from cdnmon.accounts.credentials import ENV_VARS
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.model import TimeRange, format_utc
from tests.cdnmon_process import run_cdnmon

Row = tuple[str, str, str, float]


def key_environment(account: DemoAccount, secret: str | None = None) -> dict[str, str]:
    """The provider's variables holding ``account``'s key (with ``secret`` instead, if given)."""
    key_var, secret_var, _ = ENV_VARS[account.provider]
    return {key_var: account.key_id, secret_var: account.secret if secret is None else secret}


def fetch_argv(
    server: EmulatorServer,
    provider: str,
    domains: list[str],
    span: TimeRange | None = None,
    *options: str,
) -> list[str]:
    argv = ["fetch", "--provider", provider, "--endpoint", server.url, *options]
    if span is not None:
        argv += ["--start", format_utc(span.start), "--end", format_utc(span.end)]
    return argv + [arg for domain in domains for arg in ("--domain", domain)]


def run_fetch(
    server: EmulatorServer,
    account: DemoAccount,
    domains: list[str],
    span: TimeRange | None = None,
    *options: str,
    secret: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``cdnmon fetch`` in its own process, the key in the environment."""
    argv = fetch_argv(server, account.provider, domains, span, *options)
    return run_cdnmon(*argv, env=key_environment(account, secret))


def csv_rows(output: str) -> list[Row]:
    return [
        (r["provider"], r["domain"], r["time"], float(r["bps"]))
        for r in csv.DictReader(io.StringIO(output))
    ]


def expected_rows(
    server: EmulatorServer,
    account: DemoAccount,
    domains: list[str],
    span: TimeRange,
    step: int,
    decimals: int | None = None,
) -> list[Row]:
    """The emulator's points as the CSV prints them (``decimals``: rounded as written)."""
    provider = account.provider
    return [
        (provider, domain, format_utc(t), v if decimals is None else float(f"{v:.{decimals}f}"))
        for domain in sorted(domains)
        for t, v in server.expected_series(provider, account.key_id, domain, span, step)
    ]


def one_clear_line(
    result: subprocess.CompletedProcess[str],
    *words: str,
    status: int = 1,
    output: bool | None = None,
) -> str:
    """The one stderr line a failure gives, naming ``words``; ``output``: whether stdout
    holds rows too (None: either)."""
    assert result.returncode == status, result.stderr
    if output is not None:
        assert bool(result.stdout) == output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]
