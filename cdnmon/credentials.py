"""Named accounts per provider: metadata in ``accounts.json``, secrets in the OS keyring.

An operator often has several accounts at one provider (prod, staging, a customer's), so
an account is ``(provider, name)``. Only identifiers live in the settings file; the secret
goes to the OS keyring under one service name, ``cdnmon``, as user ``provider/name``.
Environment variables override both for scripted use (see :func:`resolve`).

There is deliberately no plain-text fallback: when the keyring cannot be used we say why
and what to do, and the secret stays where it was.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from keyring.backend import KeyringBackend

from cdnmon import paths
from cdnmon.keyring_store import (
    DEFAULT_TIMEOUT,
    CredentialError,
    KeyringAccessError,
    KeyringLockedError,
    KeyringStore,
    KeyringTimeoutError,
    KeyringUnavailableError,
)
from cdnmon.model import InputError
from cdnmon.providers.base import Credentials
from cdnmon.providers.errors import PROVIDER_TITLES

log = logging.getLogger(__name__)

SERVICE = "cdnmon"
ENV_ACCOUNT = "env"  # the account name resolve() gives credentials from the environment
DEFAULT_ACCOUNT = "default"
MAX_NAME = 64
PROVIDERS = tuple(PROVIDER_TITLES)
KEY_ID_LABELS = {"aliyun": "AccessKey ID", "ucloud": "PublicKey"}
SECRET_LABELS = {"aliyun": "AccessKey Secret", "ucloud": "PrivateKey"}
# (key id, secret, project id or "") per provider.
ENV_VARS = {
    "aliyun": ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
    "ucloud": ("UCLOUD_PUBLIC_KEY", "UCLOUD_PRIVATE_KEY", "UCLOUD_PROJECT_ID"),
}
STS_TOKEN_VAR = "ALIBABA_CLOUD_SECURITY_TOKEN"


__all__ = [
    "Account",
    "AccountError",
    "AccountStore",
    "CredentialError",
    "KeyringAccessError",
    "KeyringLockedError",
    "KeyringTimeoutError",
    "KeyringUnavailableError",
    "NoAccountError",
    "SecretStore",
    "delete_account",
    "env_credentials",
    "resolve",
    "store_account",
]


class AccountError(CredentialError):
    """The account asked for is ambiguous, half-configured or has no secret."""


class NoAccountError(AccountError):
    """No account matches: none set up for the provider, or no account by that name."""


def title(provider: str) -> str:
    return PROVIDER_TITLES.get(provider, provider)


def env_hint(provider: str | None = None) -> str:
    """The environment variables that supply credentials without the keyring."""
    hints = {
        "aliyun": "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ucloud": "UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (plus UCLOUD_PROJECT_ID if needed)",
    }
    return hints[provider] if provider in hints else " or ".join(hints.values())


# --- validation --------------------------------------------------------------------------


def check_provider(provider: str) -> str:
    if provider not in PROVIDER_TITLES:
        choices = ", ".join(f"{p} ({t})" for p, t in PROVIDER_TITLES.items())
        raise InputError(f"unknown provider {provider!r}; choose one of: {choices}")
    return provider


def _has_control(text: str) -> bool:
    # Category C: control, format (zero-width), surrogate, private use, unassigned.
    return any(unicodedata.category(ch).startswith("C") for ch in text)


def check_account_name(name: str) -> str:
    allowed = "use letters, digits, '-', '_' or '.'"
    if not name:
        raise InputError(f"the account name is empty; give one with --account NAME ({allowed})")
    if len(name) > MAX_NAME:
        raise InputError(
            f"the account name is {len(name)} characters long; the limit is {MAX_NAME}"
        )
    if "/" in name:
        raise InputError(f"the account name {name!r} contains '/'; {allowed}")
    if _has_control(name):
        raise InputError(f"the account name {name!r} contains control or invisible characters")
    if name != name.strip():
        raise InputError(f"the account name {name!r} starts or ends with a space; remove it")
    return name


def _check_token(label: str, value: str, *, required: bool) -> None:
    # The value is not echoed: someone may have pasted a secret into the wrong field.
    if required and not value:
        raise InputError(f"the {label} is empty")
    if len(value) > 256 or any(ch.isspace() for ch in value) or _has_control(value):
        raise InputError(f"the {label} is not valid: it must be one word of at most 256 characters")


def check_endpoint(endpoint: str) -> str:
    if not endpoint:
        return endpoint
    # Lone surrogates (undecodable command-line bytes) included: `list` could not print them.
    if _has_control(endpoint) or any(ch.isspace() for ch in endpoint):
        raise InputError(
            f"the endpoint {endpoint!r} contains spaces, control or invisible characters"
        )
    parts: SplitResult | None
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:  # also an unclosed "[" of an IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"the endpoint {endpoint!r} is not an http(s) URL; give e.g. https://cdn.example.com "
            "or leave it empty for the provider's default"
        )
    if parts.username or parts.password:
        raise InputError("the endpoint URL contains a user name or password; remove it")
    return endpoint


def check_secret(provider: str, secret: str) -> str:
    label = SECRET_LABELS[provider]
    if not secret:
        raise InputError(f"the {title(provider)} {label} is empty")
    if len(secret) > 1024 or _has_control(secret) or any(ch.isspace() for ch in secret):
        raise InputError(
            f"the {title(provider)} {label} contains spaces, line breaks or control characters; "
            "paste only the secret itself"
        )
    return secret


# --- accounts (non-secret metadata) ------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """One named account at one provider. Holds no secret, so it is safe to show and save.

    ``key_id`` is the Alibaba Cloud AccessKey ID or the UCloud PublicKey (an identifier);
    ``endpoint`` is an override URL, ``""`` meaning the provider's default.
    """

    provider: str
    name: str
    key_id: str
    project_id: str = ""
    endpoint: str = ""

    def __post_init__(self) -> None:
        check_provider(self.provider)
        check_account_name(self.name)
        _check_token(
            f"{title(self.provider)} {KEY_ID_LABELS[self.provider]}", self.key_id, required=True
        )
        if self.project_id and self.provider != "ucloud":
            raise InputError(f"a project id applies to UCloud only, not {title(self.provider)}")
        _check_token("UCloud project id", self.project_id, required=False)
        check_endpoint(self.endpoint)

    @property
    def masked_key_id(self) -> str:
        """``LTAI...1234``: enough to match against the console, not to read off a screen."""
        if len(self.key_id) <= 8:
            return self.key_id[:2] + "..."
        return f"{self.key_id[:4]}...{self.key_id[-4:]}"

    @property
    def label(self) -> str:
        """``UCloud account 'prod'``."""
        return f"{title(self.provider)} account '{self.name}'"


AccountList = list[Account]


def check_not_reserved(account: Account) -> None:
    """Stored accounts cannot be called ``env``: resolve() gives that name to env variables."""
    if account.name == ENV_ACCOUNT:
        raise InputError(
            f"the account name '{ENV_ACCOUNT}' is reserved for credentials from "
            f"environment variables ({env_hint(account.provider)}); choose another name"
        )


class AccountStore:
    """The account metadata in ``config_dir()/accounts.json``, rewritten atomically."""

    VERSION = 1

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / "accounts.json"

    def list(self, provider: str | None = None) -> AccountList:
        if provider is not None:
            check_provider(provider)
        found = [a for a in self._load().values() if provider in (None, a.provider)]
        return sorted(found, key=lambda a: (a.provider, a.name))

    def get(self, provider: str, name: str) -> Account | None:
        check_provider(provider)
        return self._load().get((provider, name))

    def save(self, account: Account) -> None:
        """Add or replace the account of that provider and name."""
        check_not_reserved(account)
        accounts = self._load()
        accounts[(account.provider, account.name)] = account
        self._write(accounts)

    def remove(self, provider: str, name: str) -> bool:
        """Forget the account; False when there was none."""
        accounts = self._load()
        if accounts.pop((provider, name), None) is None:
            return False
        self._write(accounts)
        return True

    def _load(self) -> dict[tuple[str, str], Account]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise CredentialError(
                f"cannot read {self.path}: {err.strerror}; check its permissions"
            ) from err
        try:
            return self._parse(raw.decode("utf-8"))
        # ValueError includes JSON and InputError; RecursionError is JSON nested too deeply.
        except (ValueError, TypeError, AttributeError, RecursionError) as err:
            self._move_aside(err)
            return {}

    def _parse(self, text: str) -> dict[tuple[str, str], Account]:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
            raise ValueError("expected an object with an 'accounts' list")
        accounts: dict[tuple[str, str], Account] = {}
        for entry in data["accounts"]:
            fields = {
                k: entry.get(k, "")
                for k in ("provider", "name", "key_id", "project_id", "endpoint")
            }
            if not all(isinstance(v, str) for v in fields.values()):
                raise TypeError("account fields must be strings")
            account = Account(**fields)
            accounts[(account.provider, account.name)] = account
        return accounts

    def _move_aside(self, err: Exception) -> None:
        bad = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%dT%H%M%S')}")
        try:
            os.replace(self.path, bad)
        except OSError as move_err:
            raise CredentialError(
                f"{self.path} is damaged ({err}) and could not be moved aside "
                f"({move_err.strerror}); move or delete it by hand"
            ) from move_err
        log.warning(
            "%s was not valid account metadata (%s); moved it to %s and starting with no "
            "accounts. Secrets in the keyring are untouched: re-add the accounts with "
            "`cdnmon credentials set PROVIDER --account NAME`.",
            self.path,
            err,
            bad,
        )

    def _write(self, accounts: dict[tuple[str, str], Account]) -> None:
        ordered = sorted(accounts.values(), key=lambda a: (a.provider, a.name))
        payload = {"version": self.VERSION, "accounts": [asdict(a) for a in ordered]}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Temp file in the same directory so os.replace is atomic: a crash leaves
            # either the old file or the new one, never half of one.
            fd, tmp = tempfile.mkstemp(prefix=".accounts-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(payload, out, indent=2)
                    out.write("\n")
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as err:
            raise CredentialError(
                f"cannot write {self.path}: {err.strerror}; check the directory's permissions"
            ) from err


# --- secrets (OS keyring) ----------------------------------------------------------------


class SecretStore(KeyringStore):
    """Secrets in the OS keyring under service ``cdnmon``, user ``provider/name``.

    ``SecretStore(backend)`` injects a keyring backend (tests do). Every call is checked,
    runs with ``timeout`` seconds, and raises a CredentialError subclass whose text never
    contains a secret (see :mod:`cdnmon.keyring_store`).
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        service: str = SERVICE,
    ) -> None:
        super().__init__(backend, service=service, timeout=timeout)

    @property
    def available(self) -> bool:
        """False for an unusable backend; a lock or timeout still raises."""
        try:
            self.check()
        except KeyringUnavailableError:
            return False
        return True

    def check(self, provider: str | None = None) -> None:
        """Raise KeyringUnavailableError unless the backend can keep secrets."""
        self.check_usable(hint=_keyring_hint(provider))

    def get_secret(self, provider: str, name: str) -> str | None:
        return self.get_password(self.username(provider, name), hint=_keyring_hint(provider))

    def has_secret(self, provider: str, name: str) -> bool:
        return self.get_secret(provider, name) is not None

    def set_secret(self, provider: str, name: str, secret: str) -> None:
        check_secret(provider, secret)
        username = self.username(provider, name)
        self.set_password(username, secret, hint=_keyring_hint(provider))

    def delete_secret(self, provider: str, name: str) -> bool:
        """Remove the secret; False when none was stored (not an error)."""
        return self.delete_password(self.username(provider, name), hint=_keyring_hint(provider))

    @staticmethod
    def username(provider: str, name: str) -> str:
        return f"{check_provider(provider)}/{check_account_name(name)}"


def _keyring_hint(provider: str | None) -> str:
    return f"set {env_hint(provider)} in the environment instead"


# --- operations on both stores -----------------------------------------------------------


def store_account(
    account: Account, secret: str, *, accounts: AccountStore, secrets: SecretStore
) -> None:
    """Save the secret, then the metadata, so metadata never names a secret that failed."""
    check_secret(account.provider, secret)
    check_not_reserved(account)
    secrets.set_secret(account.provider, account.name, secret)
    accounts.save(account)


def delete_account(
    provider: str, name: str, *, accounts: AccountStore, secrets: SecretStore
) -> bool:
    """Remove metadata and keyring entry; True when a secret was removed.

    A missing keyring entry is fine. The keyring goes first: if it fails (locked, absent)
    the metadata stays, so the account remains visible and the delete can be retried,
    instead of leaving an orphaned secret nobody knows about.
    """
    check_provider(provider)
    check_account_name(name)
    known = accounts.get(provider, name) is not None
    removed = secrets.delete_secret(provider, name)
    if not known and not removed:
        raise NoAccountError(
            f"there is no {title(provider)} account '{name}' to delete"
            f"{_known_suffix(accounts, provider)}"
        )
    accounts.remove(provider, name)
    return removed


def _known_suffix(accounts: AccountStore, provider: str) -> str:
    names = [a.name for a in accounts.list(provider)]
    return f"; known accounts: {', '.join(names)}" if names else ""


def env_credentials(
    provider: str, environ: Mapping[str, str] = os.environ
) -> tuple[Account, Credentials] | None:
    """Credentials from environment variables as account ``env``; None when none are set.

    A partial set (a key id without its secret, or the reverse) is an error naming the
    missing variable, never a silent fall-through to a stored account.
    """
    id_var, secret_var, project_var = ENV_VARS[check_provider(provider)]
    if provider == "aliyun" and environ.get(STS_TOKEN_VAR) and environ.get(id_var):
        # An STS key id fails without its token, with a confusing "invalid key" answer.
        raise AccountError(
            f"{STS_TOKEN_VAR} is set, but cdnmon does not support STS temporary credentials; "
            f"use a RAM user's AccessKey in {id_var}/{secret_var} and unset {STS_TOKEN_VAR}"
        )
    key_id, secret = environ.get(id_var, ""), environ.get(secret_var, "")
    project_id = environ.get(project_var, "") if project_var else ""
    if not (key_id or secret):
        if project_id:
            raise AccountError(
                f"{project_var} is set but {id_var} and {secret_var} are not; "
                "set both of them too, or unset it"
            )
        return None
    missing = [var for var, value in ((id_var, key_id), (secret_var, secret)) if not value]
    if missing:
        present = secret_var if missing == [id_var] else id_var
        raise AccountError(f"{present} is set but {missing[0]} is not; set both or neither")
    try:
        check_secret(provider, secret)
        account = Account(provider, ENV_ACCOUNT, key_id, project_id)
    except InputError as err:
        raise AccountError(f"{err} (from the environment variables {env_hint(provider)})") from None
    return account, Credentials(key_id, secret, project_id)


def resolve(
    provider: str,
    account_name: str | None = None,
    *,
    accounts: AccountStore | None = None,
    secrets: SecretStore | None = None,
    environ: Mapping[str, str] = os.environ,
) -> tuple[Account, Credentials]:
    """The account and credentials to use for ``provider``.

    Order:

    1. No ``account_name`` (or ``"env"``): environment variables, when set, give an account
       named ``env``. ``"env"`` with nothing set is an error; a half-set pair is an error.
    2. An explicit ``account_name`` other than ``"env"`` always means that stored account:
       the explicit argument beats ambient environment variables (which are then not even
       read), so ``--account prod`` cannot silently run with a key exported for something
       else.
    3. No name: the provider's only stored account; with several, the one named
       ``default``; otherwise an error listing them.

    The keyring is only touched in steps 2 and 3, so scripted use with environment
    variables works on machines with no keyring at all.
    """
    check_provider(provider)
    if account_name is None or account_name == ENV_ACCOUNT:
        found = env_credentials(provider, environ)
        if found is not None:
            return found
        if account_name == ENV_ACCOUNT:
            raise NoAccountError(
                f"account '{ENV_ACCOUNT}' means credentials from environment "
                f"variables, but {env_hint(provider)} are not set"
            )
    accounts = accounts if accounts is not None else AccountStore()
    account = _choose(provider, account_name, accounts)
    secrets = secrets if secrets is not None else SecretStore()
    secret = secrets.get_secret(provider, account.name)
    if secret is None:
        raise AccountError(
            f"no secret is stored for {account.label} in the keyring ({secrets.backend_name}); "
            f"store it again with `cdnmon credentials set {provider} --account {account.name}`"
        )
    return account, Credentials(account.key_id, secret, account.project_id)


def _choose(provider: str, name: str | None, accounts: AccountStore) -> Account:
    add = f"`cdnmon credentials set {provider} --account NAME`"
    if name is not None:
        check_account_name(name)
        account = accounts.get(provider, name)
        if account is None:
            raise NoAccountError(
                f"there is no {title(provider)} account '{name}'"
                f"{_known_suffix(accounts, provider)}; add it with "
                f"`cdnmon credentials set {provider} --account {name}`"
            )
        return account
    found = accounts.list(provider)
    if not found:
        raise NoAccountError(
            f"no {title(provider)} account is set up; add one with {add}, "
            f"or set {env_hint(provider)}"
        )
    if len(found) == 1:
        return found[0]
    default = [a for a in found if a.name == DEFAULT_ACCOUNT]
    if default:
        return default[0]
    names = ", ".join(a.name for a in found)
    raise AccountError(f"several {title(provider)} accounts: {names}; pick one with --account")
