"""A Tencent Cloud CDN account's area (mainland China or overseas): an account setting kept
in accounts.json, set and listed from the command line and the window, carried to the
client, and honoured by the emulator, where overseas has no 1-minute data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cdnmon.accounts import credentials
from cdnmon.accounts.credentials import (
    Account,
    AccountError,
    AccountStore,
    ReadOnlyAccountsError,
    env_credentials,
)
from cdnmon.emulator import DemoAccount, EmulatorServer
from cdnmon.emulator.accounts import tencent_demo_accounts
from cdnmon.fetching import fetch_series
from cdnmon.gui.dialogs.accounts import AccountsDialog
from cdnmon.model import MINUTE, InputError, TimeRange, format_utc, parse_utc
from cdnmon.providers.base import Credentials
from cdnmon.providers.registry import make_client
from tests.cdnmon_process import run_cdnmon
from tests.emulated import FAST_RETRY, first_account, online_domains, settled_range
from tests.keyrings import KEY_ID, SECRET

SECRET_ID = "AKID-fake-secret-id-0001"


def overseas_accounts() -> tuple[DemoAccount, ...]:
    """The Tencent demo accounts, the CDN one serving outside mainland China."""
    return tuple(
        replace(a, area="overseas") if a.provider == "tencent" else a
        for a in tencent_demo_accounts()
    )


pytestmark = pytest.mark.emulator(real_time=True, accounts=overseas_accounts())


# ---- the account ----------------------------------------------------------------------


def test_an_area_is_tencent_s_and_only_mainland_or_overseas() -> None:
    assert Account("tencent", "asia", SECRET_ID, area="overseas").area == "overseas"
    assert Account("tencent", "cn", SECRET_ID, area="mainland").area == "mainland"
    assert Account("tencent", "cn", SECRET_ID).area == ""  # the default: mainland
    for provider, title in (("aliyun", "Alibaba Cloud"), ("edgeone", "Tencent EdgeOne")):
        with pytest.raises(InputError) as caught:
            Account(provider, "prod", KEY_ID, area="overseas")
        assert str(caught.value) == f"an area applies to Tencent Cloud only, not {title}"
    for wrong in ("global", "Overseas", "over\nseas"):
        with pytest.raises(InputError) as caught:
            Account("tencent", "asia", SECRET_ID, area=wrong)
        message = str(caught.value)
        assert message.endswith("is not known; use mainland or overseas, or leave it out for "
                                "mainland")  # fmt: skip
        assert "\n" not in message


# ---- accounts.json --------------------------------------------------------------------


def test_a_file_without_areas_is_byte_for_byte_the_old_format(tmp_path: Path) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    accounts.save(Account("tencent", "video", SECRET_ID))
    accounts.save(Account("ucloud", "games", "pub-1", "org-1", "http://127.0.0.1:8080"))
    # What the format had before areas: every field, in this order, none added.
    assert accounts.path.read_text(encoding="utf-8") == (
        "{\n"
        '  "version": 1,\n'
        '  "accounts": [\n'
        "    {\n"
        '      "provider": "tencent",\n'
        '      "name": "video",\n'
        f'      "key_id": "{SECRET_ID}",\n'
        '      "project_id": "",\n'
        '      "endpoint": ""\n'
        "    },\n"
        "    {\n"
        '      "provider": "ucloud",\n'
        '      "name": "games",\n'
        '      "key_id": "pub-1",\n'
        '      "project_id": "org-1",\n'
        '      "endpoint": "http://127.0.0.1:8080"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_an_overseas_account_round_trips_with_its_area_and_no_new_version(
    tmp_path: Path,
) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    asia = Account("tencent", "asia", SECRET_ID, area="overseas")
    video = Account("tencent", "video", SECRET_ID)
    accounts.save(asia)
    accounts.save(video)
    data = json.loads(accounts.path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["accounts"][0] == {
        "provider": "tencent",
        "name": "asia",
        "key_id": SECRET_ID,
        "project_id": "",
        "endpoint": "",
        "area": "overseas",
    }
    assert "area" not in data["accounts"][1]  # written only when set
    assert AccountStore(accounts.path).list() == [asia, video]
    # Saving again (another account changed) keeps the area.
    accounts.save(Account("aliyun", "prod", KEY_ID))
    assert AccountStore(accounts.path).get("tencent", "asia") == asia


def test_a_cdnmon_without_areas_reads_an_area_as_a_newer_file_and_never_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    accounts.save(Account("tencent", "asia", SECRET_ID, area="overseas"))
    content = accounts.path.read_bytes()
    # The fields a cdnmon from before areas knew.
    monkeypatch.setattr(credentials, "ACCOUNT_FIELDS", tuple(credentials.ACCOUNT_FIELDS[:-1]))
    older = AccountStore(accounts.path)
    assert [a.name for a in older.list()] == ["asia"]
    with pytest.raises(ReadOnlyAccountsError, match="fields this one does not know: area"):
        older.save(Account("aliyun", "prod", KEY_ID))
    assert accounts.path.read_bytes() == content


def test_an_entry_with_a_wrong_area_is_set_aside_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    entry = {"provider": "aliyun", "name": "prod", "key_id": KEY_ID, "area": "overseas"}
    path.write_text(json.dumps({"version": 1, "accounts": [entry]}), encoding="utf-8")
    assert AccountStore(path).list() == []
    [copy] = tmp_path.glob("accounts.json.bad-*")
    assert json.loads(copy.read_text(encoding="utf-8"))["accounts"] == [entry]


# ---- environment variables ------------------------------------------------------------


def test_the_environment_account_takes_its_area_from_cdnmon_tencent_area() -> None:
    keys = {"TENCENTCLOUD_SECRET_ID": SECRET_ID, "TENCENTCLOUD_SECRET_KEY": SECRET}
    found = env_credentials("tencent", {**keys, "CDNMON_TENCENT_AREA": "overseas"})
    assert found is not None and found[0].area == "overseas"
    found = env_credentials("tencent", keys)
    assert found is not None and found[0].area == ""
    # EdgeOne reads the same key, and has no area.
    found = env_credentials("edgeone", {**keys, "CDNMON_TENCENT_AREA": "overseas"})
    assert found is not None and found[0].area == ""

    with pytest.raises(AccountError) as caught:
        env_credentials("tencent", {**keys, "CDNMON_TENCENT_AREA": "moon"})
    assert str(caught.value) == (
        "the Tencent Cloud area 'moon' is not known; use mainland or overseas, or leave it "
        "out for mainland (from CDNMON_TENCENT_AREA)"
    )
    with pytest.raises(AccountError) as caught:
        env_credentials("tencent", {"CDNMON_TENCENT_AREA": "overseas"})
    assert str(caught.value) == (
        "CDNMON_TENCENT_AREA is set but TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY "
        "are not; set both of them too, or unset it"
    )


# ---- the client and the emulator ------------------------------------------------------


def test_make_client_carries_the_area_and_not_through_the_project_id() -> None:
    creds = Credentials(SECRET_ID, SECRET)
    assert make_client("tencent", creds).area == "mainland"
    assert make_client("tencent", creds, area="overseas").area == "overseas"
    assert make_client("tencent", Credentials(SECRET_ID, SECRET, "overseas")).area == "mainland"
    with pytest.raises(InputError, match="area applies to Tencent Cloud only"):
        make_client("edgeone", creds, area="overseas")


def test_an_overseas_account_is_asked_at_5_minutes_and_gets_its_points(
    server: EmulatorServer,
) -> None:
    known = first_account(server, "tencent")
    creds = Credentials(known.key_id, known.secret)
    span = settled_range(2)
    domains = online_domains(known)[:2]
    for area, served in (("overseas", True), ("", False)):
        client = make_client("tencent", creds, known.name, server.url, retry=FAST_RETRY, area=area)
        try:
            assert {d.name for d in client.list_domains()} == {d.name for d in known.domains}
            series = fetch_series(client, domains, span, None)
        finally:
            client.close()
        step = 5 * MINUTE if area else MINUTE
        for one in series:
            assert one.interval == step
            if served:
                expected = server.expected_series("tencent", known.key_id, one.domain, span, step)
                assert list(one.points) == expected and len(expected) == span.seconds // step
            else:
                assert one.points == ()  # the mainland has none of this account's traffic


# ---- the command line -----------------------------------------------------------------


def cdnmon(
    home: Path, *argv: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``cdnmon ARGV`` with a keyring that several processes share through a file outside
    cdnmon's folders."""
    shared = {"CDNMON_TEST_KEYRING_FILE": str(home / "keyring.json"), **(env or {})}
    return run_cdnmon(*argv, stdin=stdin, env=shared, keyring="tests.keyrings.FileKeyring")


def fetched(
    home: Path, server: EmulatorServer, domain: str, span: TimeRange, *options: str, **env: str
) -> list[tuple[int, float]]:
    done = cdnmon(
        home, "fetch", "--provider", "tencent", "--domain", domain,
        "--start", format_utc(span.start), "--end", format_utc(span.end), *options, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stdout + done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["domain"] for r in rows} <= {domain}
    return [(parse_utc(r["time"]), float(r["bps"])) for r in rows]


def test_cli_set_list_and_fetch_an_overseas_account(
    server: EmulatorServer, isolated_home: Path
) -> None:
    known = first_account(server, "tencent")
    domain = online_domains(known)[0]
    span = settled_range(3)
    for name, area in (("asia", ["--area", "overseas"]), ("video", [])):
        done = cdnmon(
            isolated_home, "credentials", "set", "tencent", "--account", name,
            "--key-id", known.key_id, "--endpoint", server.url, *area,
            stdin=known.secret + "\n",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    accounts = AccountStore(isolated_home / "config" / "accounts.json")
    assert accounts.get("tencent", "asia") == Account(
        "tencent", "asia", known.key_id, endpoint=server.url, area="overseas"
    )
    assert accounts.get("tencent", "video").area == ""

    listed = cdnmon(isolated_home, "credentials", "list", "tencent")
    assert listed.returncode == 0, listed.stderr
    header, *lines = [line.split() for line in listed.stdout.splitlines()]
    assert header == ["PROVIDER", "ACCOUNT", "KEY", "ID", "PROJECT", "AREA", "ENDPOINT", "SECRET"]
    assert [line[:2] + line[3:5] for line in lines] == [
        ["tencent", "asia", "-", "overseas"],
        ["tencent", "video", "-", "-"],
    ]

    expected = server.expected_series("tencent", known.key_id, domain, span, 5 * MINUTE)
    assert len(expected) == span.seconds // (5 * MINUTE)
    # No interval asked for, or 1 minute: overseas has 5-minute points at the finest.
    assert fetched(isolated_home, server, domain, span, "--account", "asia") == expected
    asked = ("--account", "asia", "--interval", "60")
    assert fetched(isolated_home, server, domain, span, *asked) == expected
    # The same key as a mainland account: the emulator serves it nothing there.
    assert fetched(isolated_home, server, domain, span, "--account", "video") == []

    # An area where it does not apply is refused in one sentence, and nothing is stored.
    before = accounts.path.read_bytes()
    refused = cdnmon(
        isolated_home, "credentials", "set", "edgeone", "--account", "x",
        "--key-id", known.key_id, "--area", "overseas", stdin=known.secret + "\n",
    )  # fmt: skip
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == "cdnmon: an area applies to Tencent Cloud only, not Tencent EdgeOne\n"
    assert accounts.path.read_bytes() == before


def test_cli_fetch_with_the_environment_account_overseas(
    server: EmulatorServer, isolated_home: Path
) -> None:
    known = first_account(server, "tencent")
    domain = online_domains(known)[0]
    span = settled_range(2)
    keys = {"TENCENTCLOUD_SECRET_ID": known.key_id, "TENCENTCLOUD_SECRET_KEY": known.secret}
    endpoint = ("--endpoint", server.url)
    expected = server.expected_series("tencent", known.key_id, domain, span, 5 * MINUTE)
    points = fetched(
        isolated_home, server, domain, span, *endpoint, **keys, CDNMON_TENCENT_AREA="overseas"
    )
    assert points == expected and len(points) == span.seconds // (5 * MINUTE)
    assert fetched(isolated_home, server, domain, span, *endpoint, **keys) == []


# ---- the window ----------------------------------------------------------------------


def test_the_account_form_offers_the_area_for_tencent_cloud_only(
    qtbot, tmp_path: Path, secrets, keyring_dict, pool
) -> None:
    accounts = AccountStore(tmp_path / "accounts.json")
    dialog = AccountsDialog(accounts, secrets, pool)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: pool.in_flight == 0)
    form = dialog.form
    for provider in ("aliyun", "ucloud", "tencent", "edgeone"):
        form.provider_combo.setCurrentIndex(form.provider_combo.findData(provider))
        assert form.area_combo.isVisible() == (provider == "tencent"), provider
    areas = form.area_combo
    assert [areas.itemText(i) for i in range(areas.count())] == [
        "Mainland China",
        "Outside mainland China",
    ]
    assert form.plain_label(areas) == "Area" and "5 minutes" in areas.toolTip()

    form.provider_combo.setCurrentIndex(form.provider_combo.findData("tencent"))
    form.name_edit.setText("asia")
    form.key_id_edit.setText(SECRET_ID)
    form.secret_edit.setText(SECRET)
    areas.setCurrentIndex(areas.findData("overseas"))
    with qtbot.waitSignal(dialog.accounts_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    asia = Account("tencent", "asia", SECRET_ID, area="overseas")
    assert accounts.list() == [asia]

    # Editing shows the stored area; an area chosen, then another provider, is not kept.
    dialog.new_account("tencent")
    assert areas.currentData() == ""
    form.load(asia)
    assert areas.currentText() == "Outside mainland China"
    dialog.new_account("tencent")
    areas.setCurrentIndex(areas.findData("overseas"))
    form.provider_combo.setCurrentIndex(form.provider_combo.findData("edgeone"))
    form.name_edit.setText("store")
    form.key_id_edit.setText(SECRET_ID)
    form.secret_edit.setText(SECRET)
    assert form.read()[0] == Account("edgeone", "store", SECRET_ID)
