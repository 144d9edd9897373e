"""accounts.json never loses what a person put in it: damaged files and entries are kept
aside, a newer cdnmon's file is only read, and the CLI says so in one sentence."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdnmon.accounts.credentials import (
    Account,
    AccountStore,
    ReadOnlyAccountsError,
    SecretStore,
    delete_account,
    store_account,
)
from tests.cdnmon_process import cdnmon_environment, run_cdnmon
from tests.history_files import require_private_mounts, run_read_only
from tests.keyrings import KEY_ID, SECRET, DictKeyring

GOOD = {"provider": "aliyun", "name": "prod", "key_id": KEY_ID, "project_id": "", "endpoint": ""}
STAGING = {**GOOD, "provider": "ucloud", "name": "staging", "project_id": "org-1"}
BAD = {"provider": "aliyun", "name": "broken", "key_id": "has a space"}


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _file(*entries: object, version: object = 1, **extra: object) -> bytes:
    return json.dumps({"version": version, "accounts": list(entries), **extra}).encode()


def _copies(store: AccountStore) -> list[Path]:
    return sorted(store.path.parent.glob("accounts.json.bad-*"))


def _put(store: AccountStore, content: bytes) -> None:
    """The account file as a person left it, put in place by hand."""
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)


# ---- whole files and entries that cannot be read ----------------------------------------


def test_two_damaged_files_in_the_same_second_keep_both_backups(accounts: AccountStore) -> None:
    first, second = b"{damaged once", b"\xff\xfe damaged twice"
    for _attempt in range(5):  # retried only if the clock turns a second in between
        for old in _copies(accounts):
            old.unlink()
        started = _stamp()
        _put(accounts, first)
        assert accounts.list() == []
        _put(accounts, second)
        assert accounts.list() == []
        if _stamp() == started:
            break
    kept = _copies(accounts)
    assert [p.name for p in kept] == [
        f"accounts.json.bad-{started}",
        f"accounts.json.bad-{started}-2",
    ]
    assert [p.read_bytes() for p in kept] == [first, second]


def test_one_bad_entry_keeps_the_others_and_a_copy_of_the_file(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture
) -> None:
    original = _file(GOOD, BAD, STAGING)
    _put(accounts, original)
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        listed = accounts.list()
    assert [(a.provider, a.name) for a in listed] == [("aliyun", "prod"), ("ucloud", "staging")]
    assert accounts.path.read_bytes() == original  # reading never rewrites
    [copy] = _copies(accounts)
    assert copy.read_bytes() == original
    [warning] = caplog.messages
    assert "entry 2 (aliyun/broken)" in warning and str(copy) in warning
    assert "AccessKey ID is not valid" in warning and "\n" not in warning


def test_the_copy_is_made_once_and_keeps_the_entry_a_save_leaves_out(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture
) -> None:
    original = _file(GOOD, BAD)
    _put(accounts, original)
    for _reading in range(3):
        AccountStore().list()
    [copy] = _copies(accounts)
    accounts.save(Account("ucloud", "new", "pub-new-1"))
    saved = json.loads(accounts.path.read_text(encoding="utf-8"))
    assert [e["name"] for e in saved["accounts"]] == ["prod", "new"]
    assert copy.read_bytes() == original  # the left-out entry is still there, as it was
    caplog.clear()
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        assert len(AccountStore().list()) == 2
    assert caplog.messages == [] and _copies(accounts) == [copy]


def test_a_second_entry_for_the_same_account_is_kept_aside_not_merged(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture
) -> None:
    twin = {**GOOD, "endpoint": "https://cdn.example.com"}
    _put(accounts, _file(GOOD, twin))
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        [account] = accounts.list()
    assert account.endpoint == ""  # the first one counts
    assert "entry 2 (aliyun/prod)" in caplog.text and "same provider and name" in caplog.text
    assert len(_copies(accounts)) == 1


def test_entries_that_are_not_objects_are_named_by_their_number(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture
) -> None:
    _put(accounts, _file("text", GOOD, {"provider": 7, "name": "x\ny"}))
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        assert [a.name for a in accounts.list()] == ["prod"]
    assert "entry 1 cannot be read (a str, not an object)" in caplog.text
    assert "entry 3 cannot be read (provider must be text)" in caplog.text
    assert all("\n" not in message for message in caplog.messages)


def test_a_damaged_file_that_cannot_be_moved_aside_is_read_only(isolated_home: Path) -> None:
    # A read-only folder: the damaged file cannot be renamed, so it stays, and so do writes.
    require_private_mounts()
    config = isolated_home / "config"
    config.mkdir()
    (config / "accounts.json").write_bytes(b"{damaged")
    env = _cli_env(isolated_home, config)
    listed = run_read_only(config, "credentials", "list", env=env)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert "could not be moved aside" in listed.stderr
    argv = ("credentials", "set", "aliyun", "--account", "prod", "--key-id", KEY_ID)
    stored = run_read_only(config, *argv, env=env)
    assert stored.returncode == 1, stored.stderr
    said = stored.stderr.splitlines()[-1]  # after the warning the reading logged
    assert said.startswith("cdnmon: ") and "could not be moved aside" in said
    assert "Traceback" not in stored.stderr
    assert (config / "accounts.json").read_bytes() == b"{damaged"


# ---- a newer cdnmon's file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (_file(GOOD, {**STAGING, "colour": "teal"}, version=2), "(format 2)"),
        (
            _file(GOOD, {**STAGING, "colour": "teal"}),
            "(it has fields this one does not know: colour)",
        ),
        (_file(GOOD, STAGING, groups=["ops"]), "(it has fields this one does not know: groups)"),
    ],
)
def test_a_newer_format_is_read_and_never_written(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture, content: bytes, why: str
) -> None:
    _put(accounts, content)
    keyring = DictKeyring()
    keyring.items[("cdnmon", "aliyun/prod")] = SECRET
    secrets = SecretStore(keyring, timeout=5)
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        assert [a.name for a in accounts.list()] == ["prod", "staging"]
    sentence = (
        f"{accounts.path} was written by a newer cdnmon {why}; this one reads format 1 "
        "and will not change it: update cdnmon"
    )
    assert caplog.messages == [sentence]
    attempts = [
        lambda: accounts.save(Account("aliyun", "new", KEY_ID)),
        lambda: accounts.remove("aliyun", "prod"),
        lambda: store_account(
            Account("aliyun", "prod", KEY_ID), "An0therSecret", accounts=accounts, secrets=secrets
        ),
        lambda: delete_account("aliyun", "prod", accounts=accounts, secrets=secrets),
    ]
    for attempt in attempts:
        with pytest.raises(ReadOnlyAccountsError) as refused:
            attempt()
        assert str(refused.value) == sentence
    assert accounts.path.read_bytes() == content
    # Refused before the keyring: the stored secret is neither replaced nor deleted.
    assert keyring.items == {("cdnmon", "aliyun/prod"): SECRET}
    assert _copies(accounts) == []


def test_a_newer_file_shaped_anew_is_not_taken_for_a_damaged_one(accounts: AccountStore) -> None:
    content = json.dumps({"version": 2, "accounts": {"aliyun": [GOOD]}}).encode()
    _put(accounts, content)
    assert accounts.list() == []
    with pytest.raises(ReadOnlyAccountsError, match=r"newer cdnmon \(format 2\)"):
        accounts.save(Account("aliyun", "prod", KEY_ID))
    assert accounts.path.read_bytes() == content and _copies(accounts) == []


def test_a_newer_files_unreadable_entry_is_skipped_and_left_in_place(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture
) -> None:
    content = _file(GOOD, {"provider": "akamai", "name": "edge", "key_id": "k"}, version=3)
    _put(accounts, content)
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        assert [a.name for a in accounts.list()] == ["prod"]
    assert "entry 2 (akamai/edge) cannot be read" in caplog.text and "left as it is" in caplog.text
    assert accounts.path.read_bytes() == content and _copies(accounts) == []


# ---- the command line ---------------------------------------------------------------------


def _folders(home: Path, config: Path | None = None) -> dict[str, str]:
    return {
        "CDNMON_CONFIG_DIR": str(config or home / "config"),
        "CDNMON_DATA_DIR": str(home / "data"),
        "CDNMON_LOG_DIR": str(home / "logs"),
    }


def _cli_env(home: Path, config: Path | None = None) -> dict[str, str]:
    return cdnmon_environment(_folders(home, config))


def _cdnmon(
    home: Path, *argv: str, stdin: str = "", config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cdnmon(*argv, stdin=stdin, env=_folders(home, config))


def test_cli_list_warns_in_one_line_naming_the_entry_and_its_copy(
    accounts: AccountStore, isolated_home: Path
) -> None:
    _put(accounts, _file(GOOD, BAD))
    done = _cdnmon(isolated_home, "credentials", "list")
    assert done.returncode == 0, done.stderr
    assert "prod" in done.stdout and "broken" not in done.stdout
    [copy] = _copies(accounts)
    [line] = done.stderr.splitlines()
    assert "entry 2 (aliyun/broken) cannot be read" in line and str(copy) in line


NEWER = _file(GOOD, version=2)


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (("credentials", "set", "aliyun", "--account", "ci", "--key-id", KEY_ID), SECRET + "\n"),
        (("credentials", "delete", "aliyun", "--account", "prod"), ""),
    ],
)
def test_cli_refuses_changes_to_a_newer_file_in_one_sentence(
    accounts: AccountStore, isolated_home: Path, argv: tuple[str, ...], stdin: str
) -> None:
    _put(accounts, NEWER)
    done = _cdnmon(isolated_home, *argv, stdin=stdin)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert (
        f"cdnmon: {accounts.path} was written by a newer cdnmon (format 2); this one reads "
        "format 1 and will not change it: update cdnmon"
    ) in done.stderr.splitlines()
    assert accounts.path.read_bytes() == NEWER
    listed = _cdnmon(isolated_home, "credentials", "list")
    assert listed.returncode == 0 and "prod" in listed.stdout


def test_cli_exit_code_for_a_newer_file_is_1(accounts: AccountStore, isolated_home: Path) -> None:
    _put(accounts, NEWER)
    done = _cdnmon(isolated_home, "credentials", "delete", "aliyun", "--account", "prod")
    assert done.returncode == 1, done.stderr


def test_cli_config_folder_that_is_a_file_gets_one_sentence(isolated_home: Path) -> None:
    (isolated_home / "config").write_text("not a folder", encoding="utf-8")
    for argv in (("set", "aliyun", "--key-id", KEY_ID), ("list",)):
        done = _cdnmon(isolated_home, "credentials", *argv, stdin=SECRET + "\n")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.startswith(
            f"cdnmon: cannot read {isolated_home / 'config' / 'accounts.json'}: Not a directory;"
        )
        assert len(done.stderr.splitlines()) == 1 and SECRET not in done.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_cli_config_folder_that_cannot_be_written_gets_one_sentence(isolated_home: Path) -> None:
    # /proc/self is a folder nobody may create files in, not even root (who ignores modes).
    done = _cdnmon(
        isolated_home,
        *("credentials", "set", "aliyun", "--key-id", KEY_ID),
        stdin=SECRET + "\n",
        config=Path("/proc/self"),
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("cdnmon: cannot write /proc/self/accounts.json: ")
    assert done.stderr.rstrip().endswith("; check the directory's permissions")
    assert len(done.stderr.splitlines()) == 1 and SECRET not in done.stderr
