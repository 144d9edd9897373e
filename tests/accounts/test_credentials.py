"""Accounts, the keyring store and its failure modes, env overrides, and the CLI commands.

Keyring failures are forced with keyring's own fail/null/chainer backends and small
in-test backends; the real Secret Service is exercised in test_secret_service.py.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring import backend as keyring_backend
from keyring import errors as keyring_errors
from keyring.backends import chainer, fail, null

from cdnmon.accounts.credentials import (
    Account,
    AccountError,
    AccountStore,
    CredentialError,
    KeyringAccessError,
    KeyringLockedError,
    KeyringTimeoutError,
    KeyringUnavailableError,
    NoAccountError,
    SecretStore,
    delete_account,
    resolve,
    store_account,
)
from cdnmon.commands import credentials as command
from cdnmon.model import InputError
from tests.keyrings import KEY_ID, SECRET, BlockingKeyring, DictKeyring, unregistered


@unregistered
class RaisingKeyring(DictKeyring):
    """Every call raises ``self.error`` (a function of the password, when there is one)."""

    def __init__(self, error: object) -> None:
        super().__init__()
        self.error = error

    def _raise(self, password: str = "") -> None:
        self.calls += 1
        error = self.error(password) if callable(self.error) else self.error
        raise error

    def get_password(self, service: str, username: str) -> str | None:
        self._raise()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._raise(password)


@unregistered
class PlaintextKeyring(DictKeyring):
    """Named like keyrings.alt's plain-text file backend."""


def _chainer(monkeypatch: pytest.MonkeyPatch, *chained: object) -> chainer.ChainerBackend:
    monkeypatch.setattr(keyring_backend, "get_all_keyring", lambda: list(chained))
    return chainer.ChainerBackend()


# --- Account ------------------------------------------------------------------------------


def test_account_validates_with_actionable_messages() -> None:
    Account("ucloud", "prod-1.eu_west", "pubkey", "org-abc", "http://127.0.0.1:8080")
    cases = [
        (("aws", "prod", KEY_ID), "unknown provider 'aws'; choose one of: aliyun"),
        (("aliyun", "", KEY_ID), "account name is empty; give one with --account NAME"),
        (("aliyun", "a/b", KEY_ID), "contains '/'"),
        (("aliyun", "bad\x07", KEY_ID), "control or invisible characters"),
        (("aliyun", "zero\u200bwidth", KEY_ID), "control or invisible characters"),
        (("aliyun", "x" * 65, KEY_ID), "65 characters long; the limit is 64"),
        (("aliyun", " prod", KEY_ID), "starts or ends with a space"),
        (("aliyun", "prod", ""), "the Alibaba Cloud AccessKey ID is empty"),
        (("ucloud", "prod", "has space"), "the UCloud PublicKey is not valid"),
        (("aliyun", "prod", KEY_ID, "org-1"), "a project id applies to UCloud only"),
        (("aliyun", "prod", KEY_ID, "", "ftp://x"), "is not an http(s) URL"),
        (("aliyun", "prod", KEY_ID, "", "https://u:pw@cdn.example"), "user name or password"),
    ]
    for fields, expected in cases:
        with pytest.raises(InputError) as caught:
            Account(*fields)
        assert expected in str(caught.value), fields
    assert Account("aliyun", "x" * 64, KEY_ID).name == "x" * 64  # the limit itself is fine


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=70), key_id=st.text(max_size=20))
def test_any_account_either_round_trips_or_is_refused_clearly(name: str, key_id: str) -> None:
    try:
        account = Account("ucloud", name, key_id)
    except InputError:
        return
    with tempfile.TemporaryDirectory() as folder:
        store = AccountStore(Path(folder) / "accounts.json")
        if name == "env":
            with pytest.raises(InputError, match="reserved"):
                store.save(account)
            return
        store.save(account)
        assert AccountStore(store.path).get("ucloud", name) == account


# --- AccountStore -------------------------------------------------------------------------


def test_account_store_round_trip(isolated_home: Path, accounts: AccountStore) -> None:
    assert accounts.path == isolated_home / "config" / "accounts.json"
    assert accounts.list() == []
    prod = Account("ucloud", "prod", "pubkey-prod", "org-1")
    staging = Account("ucloud", "staging", "pubkey-staging", endpoint="http://127.0.0.1:9")
    ali = Account("aliyun", "main", KEY_ID)
    for account in (staging, ali, prod):
        accounts.save(account)

    again = AccountStore()  # a fresh instance reads the file
    assert again.list() == [ali, prod, staging]
    assert again.list("ucloud") == [prod, staging]
    assert again.get("ucloud", "prod") == prod
    assert again.get("aliyun", "prod") is None

    accounts.save(Account("ucloud", "prod", "rotated-key"))
    assert AccountStore().get("ucloud", "prod") == Account("ucloud", "prod", "rotated-key")
    assert accounts.remove("ucloud", "prod") is True
    assert accounts.remove("ucloud", "prod") is False
    assert [a.name for a in AccountStore().list()] == ["main", "staging"]
    # Atomic writes leave no temp files behind.
    assert sorted(p.name for p in accounts.path.parent.iterdir()) == ["accounts.json"]
    with pytest.raises(InputError, match="unknown provider 'aws'"):
        accounts.list("aws")


def test_env_is_a_reserved_account_name(accounts: AccountStore) -> None:
    with pytest.raises(InputError, match=r"'env' is reserved .* choose another name"):
        accounts.save(Account("aliyun", "env", KEY_ID))


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"version": "2", "accounts": []}',
        b"[1, 2]",
        b"\xff\xfe garbage",
    ],
)
def test_corrupt_file_is_moved_aside_not_fatal(
    accounts: AccountStore, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    accounts.path.parent.mkdir(parents=True)
    accounts.path.write_bytes(content)
    with caplog.at_level("WARNING", logger="cdnmon.accounts.credentials"):
        assert accounts.list() == []
    moved = list(accounts.path.parent.glob("accounts.json.bad-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content
    assert not accounts.path.exists()
    assert str(moved[0]) in caplog.text and "cdnmon credentials set" in caplog.text
    accounts.save(Account("aliyun", "prod", KEY_ID))  # and life goes on
    assert [a.name for a in AccountStore().list()] == ["prod"]


# --- SecretStore --------------------------------------------------------------------------


def test_secret_store_round_trip(secrets: SecretStore, keyring_dict: DictKeyring) -> None:
    assert secrets.backend_name == "keyrings DictKeyring"
    assert secrets.available
    secrets.set_secret("ucloud", "prod", SECRET)
    assert keyring_dict.items == {("cdnmon", "ucloud/prod"): SECRET}  # one service name
    assert secrets.get_secret("ucloud", "prod") == SECRET
    assert secrets.has_secret("ucloud", "prod")
    assert not secrets.has_secret("aliyun", "prod")
    assert secrets.delete_secret("ucloud", "prod") is True
    assert secrets.delete_secret("ucloud", "prod") is False  # missing entry is fine
    assert keyring_dict.items == {}


def test_bad_secrets_are_refused_without_echo(secrets: SecretStore) -> None:
    for bad in ["", f"{SECRET}\nsecond line", f"two {SECRET}"]:
        with pytest.raises(InputError) as caught:
            secrets.set_secret("aliyun", "prod", bad)
        assert SECRET not in str(caught.value)
        assert "AccessKey Secret" in str(caught.value)


@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (lambda mp: fail.Keyring(), "fail Keyring", "no recommended backend"),
        (lambda mp: null.Keyring(), "null Keyring", "throws every secret away"),
        (lambda mp: _chainer(mp), "chainer ChainerBackend", "no usable backend to chain"),
        (lambda mp: _chainer(mp, fail.Keyring(), null.Keyring()), "chainer", "no usable"),
        (lambda mp: PlaintextKeyring(), "PlaintextKeyring", "plain text"),
    ],
    ids=["fail", "null", "empty-chainer", "chainer-of-nothing", "plaintext"],
)
def test_unusable_backends_are_refused_before_use(
    monkeypatch: pytest.MonkeyPatch, make: object, name: str, reason: str
) -> None:
    backend = make(monkeypatch)  # type: ignore[operator]
    store = SecretStore(backend, timeout=5)
    assert not store.available
    assert name in store.backend_name
    for call in (
        lambda: store.set_secret("aliyun", "prod", SECRET),
        lambda: store.get_secret("aliyun", "prod"),
        lambda: store.delete_secret("aliyun", "prod"),
    ):
        with pytest.raises(KeyringUnavailableError) as caught:
            call()
        message = str(caught.value)
        assert message.startswith("No secure credential store is available (keyring backend: ")
        assert name in message and reason in message
        assert "GNOME Keyring or KWallet" in message
        assert "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET" in message
        assert "never stores secrets in plain text" in message
        assert SECRET not in message and "keyrings.alt" not in message
    if isinstance(backend, PlaintextKeyring):
        assert backend.items == {}  # never written


def test_chainer_with_a_real_backend_is_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = DictKeyring()
    store = SecretStore(_chainer(monkeypatch, inner, fail.Keyring()), timeout=5)
    assert store.backend_name == "keyrings DictKeyring"
    store.set_secret("ucloud", "prod", SECRET)
    assert inner.items == {("cdnmon", "ucloud/prod"): SECRET}


def _locked_errors() -> list[object]:
    from secretstorage.exceptions import LockedException

    return [
        keyring_errors.KeyringLocked("Failed to unlock the collection!"),
        keyring_errors.KeyringError("the collection is locked"),
        LockedException("Item is locked!"),
    ]


@pytest.mark.parametrize("error", _locked_errors(), ids=["KeyringLocked", "text", "secretstorage"])
def test_locked_keyring_says_how_to_unlock(error: Exception) -> None:
    store = SecretStore(RaisingKeyring(error), timeout=5)
    for call in (
        lambda: store.set_secret("ucloud", "prod", SECRET),
        lambda: store.get_secret("ucloud", "prod"),
    ):
        with pytest.raises(KeyringLockedError) as caught:
            call()
        assert str(caught.value) == (
            "The keyring (test credentials RaisingKeyring) is locked: unlock it (log in to the "
            "desktop session, or `gnome-keyring-daemon --unlock`) and try again"
        )


def test_a_blocking_keyring_times_out_quickly() -> None:
    blocking = BlockingKeyring()
    store = SecretStore(blocking, timeout=0.2)
    started = time.monotonic()
    try:
        with pytest.raises(KeyringTimeoutError) as caught:
            store.get_secret("ucloud", "prod")
    finally:
        blocking.release.set()
    assert time.monotonic() - started < 10  # the backend would block for 30 s
    message = str(caught.value)
    assert "did not answer within 0.2 s" in message and "unlock it" in message
    assert "UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY" in message


def test_other_backend_failures_never_quote_the_secret() -> None:
    store = SecretStore(RaisingKeyring(lambda pw: RuntimeError(f"cannot save {pw!r}")), timeout=5)
    with pytest.raises(KeyringAccessError) as caught:
        store.set_secret("aliyun", "prod", SECRET)
    assert SECRET not in str(caught.value) and "<hidden>" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    # A backend's own TimeoutError is its failure, not our timeout.
    store = SecretStore(RaisingKeyring(TimeoutError("dbus read timed out")), timeout=5)
    with pytest.raises(KeyringAccessError, match="could not read a secret: TimeoutError: dbus"):
        store.get_secret("aliyun", "prod")


def test_every_credential_error_is_an_input_error() -> None:
    for cls in (
        KeyringUnavailableError,
        KeyringLockedError,
        KeyringTimeoutError,
        KeyringAccessError,
        AccountError,
        NoAccountError,
    ):
        assert issubclass(cls, CredentialError) and issubclass(cls, InputError)


# --- store_account / delete_account -------------------------------------------------------


def test_store_and_delete_keep_both_stores_in_step(
    accounts: AccountStore, secrets: SecretStore, keyring_dict: DictKeyring
) -> None:
    account = Account("ucloud", "prod", "pubkey", "org-1")
    store_account(account, SECRET, accounts=accounts, secrets=secrets)
    assert SECRET not in accounts.path.read_text()
    assert json.loads(accounts.path.read_text())["accounts"][0]["key_id"] == "pubkey"
    assert delete_account("ucloud", "prod", accounts=accounts, secrets=secrets) is True
    assert accounts.list() == [] and keyring_dict.items == {}

    # Metadata whose keyring entry is already gone: still deletable.
    accounts.save(account)
    assert delete_account("ucloud", "prod", accounts=accounts, secrets=secrets) is False
    with pytest.raises(NoAccountError, match="there is no UCloud account 'prod' to delete"):
        delete_account("ucloud", "prod", accounts=accounts, secrets=secrets)


def test_failed_keyring_writes_no_metadata_and_keeps_it_on_delete(accounts: AccountStore) -> None:
    account = Account("aliyun", "prod", KEY_ID)
    with pytest.raises(KeyringUnavailableError):
        store_account(account, SECRET, accounts=accounts, secrets=SecretStore(fail.Keyring()))
    assert not accounts.path.exists()

    accounts.save(account)
    locked = SecretStore(RaisingKeyring(keyring_errors.KeyringLocked("locked")))
    with pytest.raises(KeyringLockedError):
        delete_account("aliyun", "prod", accounts=accounts, secrets=locked)
    assert accounts.get("aliyun", "prod") == account  # still there: retry after unlocking


# --- resolve and environment variables -----------------------------------------------------


def test_env_pair_overrides_and_needs_no_keyring(accounts: AccountStore) -> None:
    accounts.save(Account("aliyun", "prod", "stored-key"))
    no_keyring = SecretStore(fail.Keyring())
    environ = {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}
    account, creds = resolve("aliyun", accounts=accounts, secrets=no_keyring, environ=environ)
    assert (account.name, account.key_id, creds.key_id, creds.secret) == (
        "env",
        KEY_ID,
        KEY_ID,
        SECRET,
    )
    assert SECRET not in repr(creds)
    account, _ = resolve("aliyun", "env", accounts=accounts, secrets=no_keyring, environ=environ)
    assert account.name == "env"

    environ = {"UCLOUD_PUBLIC_KEY": "pub", "UCLOUD_PRIVATE_KEY": SECRET, "UCLOUD_PROJECT_ID": "o-1"}
    account, creds = resolve("ucloud", accounts=accounts, secrets=no_keyring, environ=environ)
    assert (account.name, creds.key_id, creds.project_id) == ("env", "pub", "o-1")


def test_explicit_account_beats_the_environment(
    accounts: AccountStore, secrets: SecretStore
) -> None:
    store_account(
        Account("aliyun", "prod", "stored-key"), SECRET, accounts=accounts, secrets=secrets
    )
    environ = {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "other"}
    account, creds = resolve("aliyun", "prod", accounts=accounts, secrets=secrets, environ=environ)
    assert (account.name, creds.key_id, creds.secret) == ("prod", "stored-key", SECRET)
    # Not even a half-set pair gets in the way of an explicit account.
    account, _ = resolve(
        "aliyun",
        "prod",
        accounts=accounts,
        secrets=secrets,
        environ={"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID},
    )
    assert account.name == "prod"


@pytest.mark.parametrize(
    ("provider", "environ", "expected"),
    [
        (
            "aliyun",
            {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID},
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not; "
            "set both or neither",
        ),
        (
            "aliyun",
            {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET},
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not",
        ),
        (
            "ucloud",
            {"UCLOUD_PUBLIC_KEY": "pub", "UCLOUD_PROJECT_ID": "o-1"},
            "UCLOUD_PUBLIC_KEY is set but UCLOUD_PRIVATE_KEY is not",
        ),
        (
            "ucloud",
            {"UCLOUD_PRIVATE_KEY": SECRET},
            "UCLOUD_PRIVATE_KEY is set but UCLOUD_PUBLIC_KEY is not",
        ),
        (
            "ucloud",
            {"UCLOUD_PROJECT_ID": "o-1"},
            "UCLOUD_PROJECT_ID is set but UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY are not",
        ),
        (
            "aliyun",
            {
                "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.x",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
                "ALIBABA_CLOUD_SECURITY_TOKEN": "tok",
            },
            "does not support STS temporary credentials",
        ),
        (
            "aliyun",
            {
                "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": f"{SECRET} trailing",
            },
            "contains spaces, line breaks or control characters",
        ),
    ],
)
def test_half_set_environment_is_an_error_naming_the_variable(
    accounts: AccountStore,
    secrets: SecretStore,
    provider: str,
    environ: dict[str, str],
    expected: str,
) -> None:
    # A stored account exists, yet a broken environment must not silently fall back to it.
    store_account(
        Account(provider, "prod", "stored"), "stored-secret", accounts=accounts, secrets=secrets
    )
    with pytest.raises(AccountError) as caught:
        resolve(provider, accounts=accounts, secrets=secrets, environ=environ)
    assert expected in str(caught.value)
    assert SECRET not in str(caught.value)


def test_empty_variables_count_as_unset(accounts: AccountStore, secrets: SecretStore) -> None:
    store_account(Account("aliyun", "prod", "stored"), SECRET, accounts=accounts, secrets=secrets)
    environ = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}
    account, _ = resolve("aliyun", accounts=accounts, secrets=secrets, environ=environ)
    assert account.name == "prod"


def test_resolve_picks_an_account_or_explains(accounts: AccountStore, secrets: SecretStore) -> None:
    def pick(name: str | None = None) -> str:
        return resolve("ucloud", name, accounts=accounts, secrets=secrets, environ={})[0].name

    with pytest.raises(NoAccountError) as caught:
        pick()
    assert str(caught.value) == (
        "no UCloud account is set up; add one with `cdnmon credentials set ucloud --account "
        "NAME`, or set UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (plus UCLOUD_PROJECT_ID if needed)"
    )
    with pytest.raises(NoAccountError, match="variables, but UCLOUD_PUBLIC_KEY and"):
        pick("env")

    store_account(Account("ucloud", "staging", "pub-s"), SECRET, accounts=accounts, secrets=secrets)
    assert pick() == "staging"  # the only one
    store_account(Account("ucloud", "prod", "pub-p"), SECRET, accounts=accounts, secrets=secrets)
    with pytest.raises(AccountError) as caught:
        pick()
    assert str(caught.value) == "several UCloud accounts: prod, staging; pick one with --account"
    assert pick("prod") == "prod"
    with pytest.raises(NoAccountError) as caught:
        pick("qa")
    assert str(caught.value) == (
        "there is no UCloud account 'qa'; known accounts: prod, staging; "
        "add it with `cdnmon credentials set ucloud --account qa`"
    )
    store_account(Account("ucloud", "default", "pub-d"), SECRET, accounts=accounts, secrets=secrets)
    assert pick() == "default"  # several, but one is called "default"
    with pytest.raises(InputError, match="contains '/'"):
        pick("a/b")


def test_resolve_reports_a_missing_secret_and_an_unusable_keyring(
    accounts: AccountStore, secrets: SecretStore
) -> None:
    accounts.save(Account("aliyun", "prod", KEY_ID))
    with pytest.raises(AccountError) as caught:
        resolve("aliyun", accounts=accounts, secrets=secrets, environ={})
    assert str(caught.value) == (
        "no secret is stored for Alibaba Cloud account 'prod' in the keyring "
        "(keyrings DictKeyring); store it again with "
        "`cdnmon credentials set aliyun --account prod`"
    )
    with pytest.raises(KeyringUnavailableError, match="or set ALIBABA_CLOUD_ACCESS_KEY_ID"):
        resolve("aliyun", accounts=accounts, secrets=SecretStore(null.Keyring()), environ={})


# --- the credentials command --------------------------------------------------------------


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cdnmon")
    command.register(parser.add_subparsers())
    return parser.parse_args(["credentials", *argv])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(*argv: str, secrets: SecretStore) -> int:
    args = _args(*argv)
    assert args.func is command.run
    return command.run(args, secrets=secrets)


def test_set_list_delete_via_stdin(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    secrets: SecretStore,
    keyring_dict: DictKeyring,
    accounts: AccountStore,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}\n"))
    assert _run("set", "aliyun", "--account", "prod", "--key-id", KEY_ID, secrets=secrets) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}-ucloud\r\n"))
    assert (
        _run(
            "set",
            "ucloud",
            "--key-id",
            "pubkey-0123456789",
            "--project-id",
            "org-7",
            "--endpoint",
            "http://127.0.0.1:8080",
            secrets=secrets,
        )
        == 0
    )
    accounts.save(Account("ucloud", "orphan", "pubkey-orphan"))  # metadata, no secret
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Stored Alibaba Cloud account 'prod' (secret in keyrings DictKeyring)",
        "Stored UCloud account 'default' (secret in keyrings DictKeyring)",
    ]
    assert keyring_dict.items == {
        ("cdnmon", "aliyun/prod"): SECRET,
        ("cdnmon", "ucloud/default"): f"{SECRET}-ucloud",
    }

    monkeypatch.setenv("UCLOUD_PUBLIC_KEY", "envpub-0123456789")
    monkeypatch.setenv("UCLOUD_PRIVATE_KEY", SECRET)
    assert _run("list", secrets=secrets) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "PROVIDER  ACCOUNT  KEY ID       PROJECT  AREA  ENDPOINT               SECRET",
        "aliyun    prod     LTAI...1234  -        -     -                      yes",
        "ucloud    default  pubk...6789  org-7    -     http://127.0.0.1:8080  yes",
        "ucloud    orphan   pubk...phan  -        -     -                      no",
        "ucloud    env      envp...6789  -        -     -                      from environment",
    ]
    assert SECRET not in captured.out + captured.err
    assert SECRET not in accounts.path.read_text()

    assert _run("delete", "aliyun", "--account", "prod", secrets=secrets) == 0
    assert _run("delete", "ucloud", "--account", "orphan", secrets=secrets) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Deleted Alibaba Cloud account 'prod' (and its secret in keyrings DictKeyring)",
        "Deleted UCloud account 'orphan' (no secret was stored in keyrings DictKeyring)",
    ]
    assert [a.name for a in accounts.list()] == ["default"]
    assert ("cdnmon", "aliyun/prod") not in keyring_dict.items
    with pytest.raises(InputError, match="environment variables; unset them"):
        _run("delete", "ucloud", "--account", "env", secrets=secrets)


def test_set_rotates_a_secret_keeping_the_rest(
    monkeypatch: pytest.MonkeyPatch, secrets: SecretStore, accounts: AccountStore
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("first\n"))
    _run(
        "set",
        "ucloud",
        "--account",
        "prod",
        "--key-id",
        "pub",
        "--project-id",
        "org-1",
        secrets=secrets,
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}\nignored second line\n"))
    _run("set", "ucloud", "--account", "prod", secrets=secrets)
    assert accounts.get("ucloud", "prod") == Account("ucloud", "prod", "pub", "org-1")
    assert secrets.get_secret("ucloud", "prod") == SECRET


def test_set_interactive_uses_prompts(
    monkeypatch: pytest.MonkeyPatch, secrets: SecretStore, accounts: AccountStore
) -> None:
    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda p: prompts.append(p) or f" {KEY_ID} ")
    monkeypatch.setattr("getpass.getpass", lambda p: prompts.append(p) or SECRET)
    _run("set", "aliyun", "--account", "prod", secrets=secrets)
    assert prompts == [
        "Alibaba Cloud AccessKey ID: ",
        "Alibaba Cloud AccessKey Secret for account 'prod' (input hidden): ",
    ]
    assert accounts.get("aliyun", "prod") == Account("aliyun", "prod", KEY_ID)
    assert secrets.get_secret("aliyun", "prod") == SECRET


def test_set_refuses_bad_input_clearly(
    monkeypatch: pytest.MonkeyPatch, secrets: SecretStore, accounts: AccountStore
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}\n"))
    with pytest.raises(InputError) as caught:
        _run("set", "aliyun", "--key-id", KEY_ID, "--secret", SECRET, secrets=secrets)
    assert "never taken from the command line" in str(caught.value)
    assert SECRET not in str(caught.value)
    with pytest.raises(InputError, match="give the Alibaba Cloud AccessKey ID with --key-id"):
        _run("set", "aliyun", secrets=secrets)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(InputError, match="no UCloud PrivateKey on standard input; pipe one line"):
        _run("set", "ucloud", "--key-id", "pub", secrets=secrets)
    with pytest.raises(InputError, match="'env' is reserved"):
        _run("set", "ucloud", "--account", "env", "--key-id", "pub", secrets=secrets)
    with pytest.raises(InputError, match="project id applies to UCloud only"):
        _run("set", "aliyun", "--key-id", KEY_ID, "--project-id", "p", secrets=secrets)
    assert accounts.list() == []


def test_set_checks_the_keyring_before_reading_the_secret(
    monkeypatch: pytest.MonkeyPatch, accounts: AccountStore
) -> None:
    stdin = io.StringIO(f"{SECRET}\n")
    monkeypatch.setattr("sys.stdin", stdin)
    with pytest.raises(KeyringUnavailableError) as caught:
        _run("set", "aliyun", "--key-id", KEY_ID, secrets=SecretStore(fail.Keyring()))
    assert "fail Keyring" in str(caught.value) and SECRET not in str(caught.value)
    assert stdin.read() == f"{SECRET}\n"  # not consumed
    assert not accounts.path.exists()


def test_list_with_an_unusable_or_locked_keyring_says_unknown(
    capsys: pytest.CaptureFixture[str], accounts: AccountStore
) -> None:
    assert _run("list", secrets=SecretStore(fail.Keyring())) == 0
    assert capsys.readouterr().out.startswith("No accounts stored. Add one with `cdnmon")

    for name in ("a", "b", "c"):
        accounts.save(Account("ucloud", name, f"pubkey-{name}"))
    assert _run("list", "ucloud", secrets=SecretStore(null.Keyring())) == 0
    captured = capsys.readouterr()
    assert [line.split()[-1] for line in captured.out.splitlines()[1:]] == ["unknown"] * 3
    assert captured.err.count("No secure credential store is available") == 1

    locked = RaisingKeyring(keyring_errors.KeyringLocked("locked"))
    assert _run("list", secrets=SecretStore(locked)) == 0
    captured = capsys.readouterr()
    assert captured.out.count("unknown") == 3
    assert "is locked: unlock it" in captured.err
    assert locked.calls == 1  # asked once, not once per account
