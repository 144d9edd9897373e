"""Tencent Cloud CDN and EdgeOne beyond their provider layer: stored accounts from the
command line, history written by ``fetch --store`` and read back by ``export`` and
``report``, all as real ``cdnmon`` processes against the emulator."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from cdnmon.accounts.credentials import Account, AccountStore, SecretStore, resolve, store_account
from cdnmon.emulator import EmulatorServer
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.model import HOUR, MINUTE, TimeRange, format_utc
from cdnmon.providers.registry import make_client
from tests.cdnmon_process import run_cdnmon as cdnmon
from tests.emulated import first_account, online_domains
from tests.keyrings import SECRET

SECRET_ID = "AKID-fake-secret-id-0001"


pytestmark = pytest.mark.emulator(real_time=True, accounts=tencent_demo_accounts())


def rows(csv_text: str) -> list[tuple[str, str, str, float]]:
    return [
        (r["provider"], r["domain"], r["time"], float(r["bps"]))
        for r in csv.DictReader(io.StringIO(csv_text))
    ]


@pytest.mark.parametrize("provider", ["tencent", "edgeone"])
def test_credentials_set_stores_a_tencent_key_with_the_secret_from_stdin(
    isolated_home: Path, provider: str
) -> None:
    done = cdnmon(
        "credentials", "set", provider, "--account", "video", "--key-id", SECRET_ID,
        stdin=SECRET + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    title = {"tencent": "Tencent Cloud", "edgeone": "Tencent EdgeOne"}[provider]
    assert done.stdout.startswith(f"Stored {title} account 'video' (secret in ")
    assert SECRET not in done.stdout + done.stderr
    accounts = AccountStore(isolated_home / "config" / "accounts.json")
    assert accounts.list() == [Account(provider, "video", SECRET_ID)]
    assert SECRET not in accounts.path.read_text(encoding="utf-8")

    # UCloud's project id is refused in one sentence, not stored.
    refused = cdnmon(
        "credentials", "set", provider, "--account", "other", "--key-id", SECRET_ID,
        "--project-id", "org-1", stdin=SECRET + "\n",
    )  # fmt: skip
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("cdnmon: a project id applies to UCloud only")


def test_a_stored_tencent_account_fetches_from_the_emulator(
    server: EmulatorServer, secrets: SecretStore, isolated_home: Path
) -> None:
    known = first_account(server, "tencent")
    accounts = AccountStore(isolated_home / "accounts.json")
    store_account(
        Account("tencent", "video", known.key_id, endpoint=server.url),
        known.secret,
        accounts=accounts,
        secrets=secrets,
    )
    account, credentials = resolve(
        "tencent", "video", accounts=accounts, secrets=secrets, environ={}
    )
    client = make_client("tencent", credentials, account.name, account.endpoint)
    assert [d.name for d in client.list_domains()] == [d.name for d in known.domains]
    client.close()


@pytest.mark.parametrize("provider", ["tencent", "edgeone"])
def test_fetch_store_then_export_and_report_give_the_same_points(
    server: EmulatorServer, isolated_home: Path, provider: str
) -> None:
    account = first_account(server, provider)
    domains = online_domains(account)[:2]
    keys = {"TENCENTCLOUD_SECRET_ID": account.key_id, "TENCENTCLOUD_SECRET_KEY": account.secret}
    end = (int(time.time()) // HOUR) * HOUR - HOUR
    span = TimeRange(end - 3 * HOUR, end)
    window = ["--start", format_utc(span.start), "--end", format_utc(span.end)]
    picked = [arg for domain in domains for arg in ("--domain", domain)]
    fetched: dict[int, list[tuple[str, str, str, float]]] = {}
    for step in (MINUTE, 5 * MINUTE):
        done = cdnmon(
            "fetch", "--provider", provider, "--endpoint", server.url, *picked, *window,
            "--interval", str(step), "--store", env=keys,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        fetched[step] = rows(done.stdout)
        assert len(fetched[step]) > 2 * (span.seconds // step) * 0.9

    for step, expected in fetched.items():
        exported = cdnmon(
            "export", "--provider", provider, "--account", "env", *window,
            "--interval", str(step),
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
        assert rows(exported.stdout) == expected

    month = time.strftime("%Y-%m", time.gmtime(span.start))
    report = cdnmon("report", "--month", month, "--format", "json")
    assert report.returncode == 0, report.stderr
    figures = {(r["provider"], r["account"], r["domain"]): r for r in json.loads(report.stdout)}
    for domain in domains:
        row = figures[(provider, "env", domain)]
        values = [bps for _, name, time_, bps in fetched[5 * MINUTE] if name == domain]
        assert row["points"] == len(values) and row["peak_bps"] == max(values)
    assert (provider, "env", "*") in figures  # the account's own line
