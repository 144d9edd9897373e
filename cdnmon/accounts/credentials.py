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
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from keyring.backend import KeyringBackend

from cdnmon import paths
from cdnmon.accounts.keyring_store import (
    DEFAULT_TIMEOUT,
    CredentialError,
    KeyringAccessError,
    KeyringLockedError,
    KeyringStore,
    KeyringTimeoutError,
    KeyringUnavailableError,
)
from cdnmon.messages import (
    AccountLabel,
    Alternatives,
    EnvVariables,
    Phrase,
    ProviderTitle,
    Statement,
)
from cdnmon.messages import accounts as said
from cdnmon.messages import endpoints as endpoint_said
from cdnmon.model import InputError
from cdnmon.providers.base import Credentials
from cdnmon.providers.registry import BY_NAME, SPECS, TITLES, area_titles
from cdnmon.safe_files import copy_aside, move_aside, write_atomic

log = logging.getLogger(__name__)

SERVICE = "cdnmon"
ENV_ACCOUNT = "env"  # the account name resolve() gives credentials from the environment
DEFAULT_ACCOUNT = "default"
MAX_NAME = 64
# Views of the providers' specs (cdnmon.providers.spec), kept for the callers that use them.
PROVIDERS = tuple(TITLES)
KEY_ID_LABELS = {spec.name: spec.key_id_label for spec in SPECS}
SECRET_LABELS = {spec.name: spec.secret_label for spec in SPECS}
# (key id, secret, project id or "") per provider.
ENV_VARS = {spec.name: spec.env_vars for spec in SPECS}
STS_TOKEN_VAR = "ALIBABA_CLOUD_SECURITY_TOKEN"
# Tencent Cloud has no variable of its own for the CDN area: the environment account's area.
AREA_VAR = "CDNMON_TENCENT_AREA"


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
    "ReadOnlyAccountsError",
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


def _project_titles() -> str:
    return " and ".join(spec.title for spec in SPECS if spec.takes_project_id)


def title(provider: str) -> str:
    return TITLES.get(provider, provider)


def env_hint(provider: str | None = None) -> EnvVariables:
    """The environment variables that supply credentials without the keyring."""
    if provider in BY_NAME:
        return EnvVariables(BY_NAME[provider].env_hint, provider)
    # Every set once: Tencent Cloud CDN and EdgeOne share theirs.
    return EnvVariables(" or ".join(dict.fromkeys(spec.env_hint for spec in SPECS)), None)


# --- validation --------------------------------------------------------------------------


def check_provider(provider: str) -> str:
    if provider not in TITLES:
        choices = ", ".join(f"{p} ({t})" for p, t in TITLES.items())
        raise InputError(f"unknown provider {provider!r}; choose one of: {choices}")
    return provider


def _has_control(text: str) -> bool:
    # Category C: control, format (zero-width), surrogate, private use, unassigned.
    return any(unicodedata.category(ch).startswith("C") for ch in text)


def check_account_name(name: str) -> str:
    if not name:
        raise InputError(said.ACCOUNT_NAME_EMPTY)
    if len(name) > MAX_NAME:
        raise InputError(said.ACCOUNT_NAME_TOO_LONG, length=len(name), limit=MAX_NAME)
    if "/" in name:
        raise InputError(said.ACCOUNT_NAME_SLASH, name=name)
    if _has_control(name):
        raise InputError(said.ACCOUNT_NAME_INVISIBLE, name=name)
    if name != name.strip():
        raise InputError(said.ACCOUNT_NAME_SPACE, name=name)
    return name


def key_field(provider: str, label: str) -> Phrase:
    """``Alibaba Cloud AccessKey ID``: a key's name in a message (the window translates it)."""
    return Phrase(f"{title(provider)} {label}")


def _check_token(field: Phrase, value: str, *, required: bool) -> None:
    # The value is not echoed: someone may have pasted a secret into the wrong field.
    if required and not value:
        raise InputError(said.KEY_EMPTY, field=field)
    if len(value) > 256 or any(ch.isspace() for ch in value) or _has_control(value):
        raise InputError(said.KEY_NOT_ONE_WORD, field=field)


def check_endpoint(endpoint: str) -> str:
    if not endpoint:
        return endpoint
    # Lone surrogates (undecodable command-line bytes) included: `list` could not print them.
    if _has_control(endpoint) or any(ch.isspace() for ch in endpoint):
        raise InputError(endpoint_said.ENDPOINT_INVISIBLE, endpoint=endpoint)
    parts: SplitResult | None
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:  # also an unclosed "[" of an IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(endpoint_said.ENDPOINT_NOT_HTTP, endpoint=endpoint)
    if parts.username or parts.password:
        raise InputError(endpoint_said.ENDPOINT_USER_INFO)
    return endpoint


def check_area(provider: str, area: str) -> str:
    """``""`` (the provider's default) or, for a provider with areas (Tencent Cloud CDN),
    where the domains serve."""
    if not area:
        return area
    areas = BY_NAME[check_provider(provider)].areas
    if not areas:
        raise InputError(f"an area applies to {area_titles()} only, not {title(provider)}")
    if area not in areas:
        raise InputError(
            said.AREA_UNKNOWN,
            provider=ProviderTitle(provider),
            area=_printable(area),
            areas=Alternatives(areas),
            default=areas[0],
        )
    return area


def check_secret(provider: str, secret: str) -> str:
    """The secret, checked; "" only where the source needs none (a team's Prometheus)."""
    field = key_field(provider, SECRET_LABELS[provider])
    if not secret:
        if BY_NAME[check_provider(provider)].keys_optional:
            return secret
        raise InputError(said.KEY_EMPTY, field=field)
    if len(secret) > 1024 or _has_control(secret) or any(ch.isspace() for ch in secret):
        raise InputError(said.SECRET_NOT_ONE_WORD, field=field)
    return secret


# --- accounts (non-secret metadata) ------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """One named account at one provider. Holds no secret, so it is safe to show and save.

    ``key_id`` is the Alibaba Cloud AccessKey ID or the UCloud PublicKey (an identifier);
    ``endpoint`` is an override URL, ``""`` meaning the provider's default; ``area`` is
    where a Tencent Cloud CDN account's domains serve, ``""`` meaning mainland China.
    """

    provider: str
    name: str
    key_id: str
    project_id: str = ""
    endpoint: str = ""
    area: str = ""

    def __post_init__(self) -> None:
        check_provider(self.provider)
        check_account_name(self.name)
        _check_token(
            key_field(self.provider, KEY_ID_LABELS[self.provider]),
            self.key_id,
            required=not BY_NAME[self.provider].keys_optional,
        )
        if self.project_id and not BY_NAME[self.provider].takes_project_id:
            raise InputError(
                f"a project id applies to {_project_titles()} only, not {title(self.provider)}"
            )
        _check_token(key_field(self.provider, "project id"), self.project_id, required=False)
        check_endpoint(self.endpoint)
        check_area(self.provider, self.area)

    @property
    def masked_key_id(self) -> str:
        """``LTAI...1234``: enough to match against the console, not to read off a screen."""
        if not self.key_id:
            return ""
        if len(self.key_id) <= 8:
            return self.key_id[:2] + "..."
        return f"{self.key_id[:4]}...{self.key_id[-4:]}"

    @property
    def label(self) -> AccountLabel:
        """``UCloud account 'prod'``."""
        return AccountLabel(self.provider, self.name)


AccountList = list[Account]


def check_not_reserved(account: Account) -> None:
    """Stored accounts cannot be called ``env``: resolve() gives that name to env variables."""
    if account.name == ENV_ACCOUNT:
        raise InputError(said.ACCOUNT_NAME_RESERVED, variables=env_hint(account.provider))


class ReadOnlyAccountsError(CredentialError):
    """``accounts.json`` cannot be rewritten without losing something (a newer cdnmon's
    format or fields, or entries no copy keeps): it is read, and left as it is."""

    exit_status = 1  # not a typing mistake: this cdnmon is too old to change the file


@dataclass
class _Book:
    """What ``accounts.json`` holds, and why it must not be rewritten ("" if it may be)."""

    accounts: dict[tuple[str, str], Account]
    refusal: str = ""


ACCOUNT_FIELDS = tuple(field.name for field in fields(Account))
# Written only when set, so a file without them reads the same to a cdnmon that predates
# them; one that has them is a newer cdnmon's file to it (unknown fields: read-only).
OPTIONAL_FIELDS = ("area",)


class AccountStore:
    """The account metadata in ``config_dir()/accounts.json``, rewritten atomically.

    Nothing in it is ever lost: a file that cannot be read at all is moved aside; one with
    some unreadable entries keeps the rest in use and a copy of itself beside it (before
    any rewrite could drop those entries); a newer cdnmon's file is read and never written.
    """

    VERSION = 1

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / "accounts.json"
        self._said: set[str] = set()  # warnings already logged by this store

    def list(self, provider: str | None = None) -> AccountList:
        if provider is not None:
            check_provider(provider)
        found = [a for a in self._load().accounts.values() if provider in (None, a.provider)]
        return sorted(found, key=lambda a: (a.provider, a.name))

    def get(self, provider: str, name: str) -> Account | None:
        check_provider(provider)
        return self._load().accounts.get((provider, name))

    def check_writable(self) -> None:
        """Raise ReadOnlyAccountsError if a change could not be saved without a loss;
        called before the keyring is touched, so a refused change changes nothing."""
        refusal = self._load().refusal
        if refusal:
            raise ReadOnlyAccountsError(refusal)

    def save(self, account: Account) -> None:
        """Add or replace the account of that provider and name."""
        check_not_reserved(account)
        accounts = self._writable()
        accounts[(account.provider, account.name)] = account
        self._write(accounts)

    def remove(self, provider: str, name: str) -> bool:
        """Forget the account; False when there was none."""
        accounts = self._writable()
        if accounts.pop((provider, name), None) is None:
            return False
        self._write(accounts)
        return True

    def _writable(self) -> dict[tuple[str, str], Account]:
        book = self._load()
        if book.refusal:
            raise ReadOnlyAccountsError(book.refusal)
        return book.accounts

    def _load(self) -> _Book:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _Book({})
        except OSError as err:
            raise CredentialError(
                said.FILE_UNREADABLE, path=self.path, reason=err.strerror
            ) from err
        try:
            data = json.loads(raw.decode("utf-8"))
            version = _format_of(data)
        # ValueError includes JSON and UTF-8 errors; RecursionError is JSON nested too deeply.
        except (ValueError, RecursionError) as err:
            return self._set_aside(err)
        entries = data.get("accounts")
        accounts, bad = _read_entries(entries if isinstance(entries, list) else [])
        newer = self._newer_format(data, version)
        if newer:
            self._warn(newer)
            for where, why in bad:  # the file stays as it is: no copy needed
                self._warn(f"{self.path}: {where} cannot be read ({why}); it is left as it is")
            return _Book(accounts, newer)
        if not bad:
            return _Book(accounts)
        return self._keep_copy(accounts, bad)

    def _newer_format(self, data: dict[str, Any], version: int) -> str:
        """Why this file is a newer cdnmon's (a rewrite would drop what it added), or ""."""
        if version > self.VERSION:
            return said.FILE_NEWER_FORMAT(path=self.path, found=version, reads=self.VERSION)
        unknown = sorted(set(data) - {"version", "accounts"}) + sorted(
            {key for entry in data.get("accounts", []) if isinstance(entry, dict) for key in entry}
            - set(ACCOUNT_FIELDS)
        )
        if unknown:
            names = ", ".join(_printable(str(name)) for name in unknown[:5])
            return said.FILE_NEWER_FIELDS(path=self.path, names=names, reads=self.VERSION)
        return ""

    def _set_aside(self, err: BaseException) -> _Book:
        """The whole file is unreadable: move it aside and start with no accounts."""
        try:
            moved = move_aside(self.path, "bad")
        except OSError as move_err:
            refusal = said.FILE_DAMAGED_NOT_MOVED(
                path=self.path, problem=str(err), reason=move_err.strerror or str(move_err)
            )
            self._warn(refusal)
            return _Book({}, refusal)
        self._warn(
            f"{self.path} was not valid account metadata ({err}); moved it to {moved} and "
            "starting with no accounts. Secrets in the keyring are untouched: re-add the "
            "accounts with `cdnmon credentials set PROVIDER --account NAME`."
        )
        return _Book({})

    def _keep_copy(self, accounts: dict[tuple[str, str], Account], bad: list[_Bad]) -> _Book:
        """Some entries are unreadable: the rest are used, and the file as it is now is
        copied aside, so the next save (which leaves those entries out) loses nothing."""
        try:
            copy = copy_aside(self.path, "bad")
        except OSError as err:
            refusal = said.FILE_ENTRY_NOT_COPIED(
                path=self.path, entry=bad[0][0], problem=bad[0][1], reason=err.strerror or str(err)
            )
            self._warn(refusal)
            return _Book(accounts, refusal)
        for where, why in bad:
            self._warn(
                f"{self.path}: {where} cannot be read ({why}); the other accounts are used "
                f"and the file as it was is kept at {copy}: fix that entry, or add the "
                "account again with `cdnmon credentials set PROVIDER --account NAME`"
            )
        return _Book(accounts)

    def _warn(self, text: str) -> None:
        # Once per store: the CLI and the window read the file several times per action.
        if text not in self._said:
            self._said.add(text)
            log.warning("%s", text)

    def _write(self, accounts: dict[tuple[str, str], Account]) -> None:
        ordered = sorted(accounts.values(), key=lambda a: (a.provider, a.name))
        payload = {"version": self.VERSION, "accounts": [_entry(a) for a in ordered]}
        try:
            write_atomic(self.path, json.dumps(payload, indent=2) + "\n", mode=0o600)
        except OSError as err:
            raise CredentialError(
                said.FILE_UNWRITABLE, path=self.path, reason=err.strerror or str(err)
            ) from err


_Bad = tuple[str, str]  # (which entry, why it cannot be read)


def _entry(account: Account) -> dict[str, str]:
    return {k: v for k, v in asdict(account).items() if v or k not in OPTIONAL_FIELDS}


def _format_of(data: object) -> int:
    """The file's format number; ValueError unless it is an object with a format number and
    (in a format this cdnmon knows) an accounts list. A newer format may be shaped anew:
    it is read for what can be, not set aside as damaged."""
    if not isinstance(data, dict):
        raise ValueError("expected an object with an 'accounts' list")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"'version' is {_printable(json.dumps(version))}, not a format number")
    if version <= AccountStore.VERSION and not isinstance(data.get("accounts"), list):
        raise ValueError("expected an object with an 'accounts' list")
    return version


def _read_entries(entries: list[Any]) -> tuple[dict[tuple[str, str], Account], list[_Bad]]:
    """The readable accounts, and which entries (1-based) are not, and why."""
    accounts: dict[tuple[str, str], Account] = {}
    bad: list[_Bad] = []
    for number, entry in enumerate(entries, start=1):
        where = said.ENTRY(number=number)
        try:
            if not isinstance(entry, dict):
                raise InputError(said.ENTRY_NOT_OBJECT, kind=type(entry).__name__)
            provider, name = entry.get("provider"), entry.get("name")
            if isinstance(provider, str) and isinstance(name, str):
                printable = {"provider": _printable(provider), "name": _printable(name)}
                where = said.ENTRY_NAMED(number=number, **printable)
            found = {key: entry.get(key, "") for key in ACCOUNT_FIELDS}
            strange = [key for key, value in found.items() if not isinstance(value, str)]
            if strange:
                raise InputError(said.ENTRY_NOT_TEXT, keys=", ".join(strange))
            account = Account(**found)
            if (account.provider, account.name) in accounts:
                raise InputError(said.ENTRY_TWICE)
        except InputError as err:
            bad.append((where, err.said))
            continue
        accounts[(account.provider, account.name)] = account
    return accounts, bad


def _printable(text: str, limit: int = 64) -> str:
    """``text`` on one line for a message: control characters escaped, long text cut."""
    shown = json.dumps(text, ensure_ascii=False)[1:-1]
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# --- secrets (OS keyring) ----------------------------------------------------------------


class SecretStore(KeyringStore):
    """Secrets in the OS keyring under service ``cdnmon``, user ``provider/name``.

    ``SecretStore(backend)`` injects a keyring backend (tests do). Every call is checked,
    runs with ``timeout`` seconds, and raises a CredentialError subclass whose text never
    contains a secret (see :mod:`cdnmon.accounts.keyring_store`).
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


def _keyring_hint(provider: str | None) -> Statement:
    return said.SET_IN_ENVIRONMENT(variables=env_hint(provider))


# --- operations on both stores -----------------------------------------------------------


def store_account(
    account: Account, secret: str, *, accounts: AccountStore, secrets: SecretStore
) -> None:
    """Save the secret, then the metadata, so metadata never names a secret that failed.

    A metadata file that may not be rewritten is found out first, before the keyring holds
    a secret (or has one replaced) for a change that would then not be saved.
    """
    check_secret(account.provider, secret)
    check_not_reserved(account)
    accounts.check_writable()
    if secret:
        secrets.set_secret(account.provider, account.name, secret)
    else:  # a source that needs none: an old one must not be sent any more
        secrets.delete_secret(account.provider, account.name)
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
    accounts.check_writable()  # before the keyring: a refused delete leaves the secret
    known = accounts.get(provider, name) is not None
    removed = secrets.delete_secret(provider, name)
    if not known and not removed:
        raise NoAccountError(
            said.NO_ACCOUNT_TO_DELETE,
            account=AccountLabel(provider, name),
            known=_known_suffix(accounts, provider),
        )
    accounts.remove(provider, name)
    return removed


def _known_suffix(accounts: AccountStore, provider: str) -> str:
    names = [a.name for a in accounts.list(provider)]
    return said.KNOWN_ACCOUNTS(names=", ".join(names)) if names else ""


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
            said.STS_UNSUPPORTED, token=STS_TOKEN_VAR, key_id=id_var, secret=secret_var
        )
    key_id, secret = environ.get(id_var, ""), environ.get(secret_var, "")
    project_id = environ.get(project_var, "") if project_var else ""
    area = environ.get(AREA_VAR, "").strip() if BY_NAME[provider].takes_area else ""
    if not (key_id or secret):
        for var, value in ((project_var, project_id), (AREA_VAR, area)):
            if value:
                raise AccountError(
                    said.ENV_WITHOUT_KEYS, variable=var, key_id=id_var, secret=secret_var
                )
        return None
    missing = [var for var, value in ((id_var, key_id), (secret_var, secret)) if not value]
    if missing and not BY_NAME[provider].keys_optional:
        present = secret_var if missing == [id_var] else id_var
        raise AccountError(said.ENV_HALF_PAIR, present=present, missing=missing[0])
    try:
        check_area(provider, area)
    except InputError as err:
        raise AccountError(said.FROM_VARIABLE, problem=err.said, variable=AREA_VAR) from None
    try:
        check_secret(provider, secret)
        account = Account(provider, ENV_ACCOUNT, key_id, project_id, area=area)
    except InputError as err:
        raise AccountError(
            said.FROM_ENVIRONMENT, problem=err.said, variables=env_hint(provider)
        ) from None
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
            raise NoAccountError(said.ENV_ACCOUNT_UNSET, variables=env_hint(provider))
    accounts = accounts if accounts is not None else AccountStore()
    account = _choose(provider, account_name, accounts)
    secrets = secrets if secrets is not None else SecretStore()
    secret = secrets.get_secret(provider, account.name)
    if secret is None and BY_NAME[provider].keys_optional:
        secret = ""
    if secret is None:
        raise AccountError(
            said.NO_SECRET,
            account=account.label,
            backend=secrets.backend_name,
            command=f"`cdnmon credentials set {provider} --account {account.name}`",
        )
    return account, Credentials(account.key_id, secret, account.project_id)


def _choose(provider: str, name: str | None, accounts: AccountStore) -> Account:
    add = f"`cdnmon credentials set {provider} --account NAME`"
    if name is not None:
        check_account_name(name)
        account = accounts.get(provider, name)
        if account is None:
            raise NoAccountError(
                said.NO_SUCH_ACCOUNT,
                account=AccountLabel(provider, name),
                known=_known_suffix(accounts, provider),
                command=f"`cdnmon credentials set {provider} --account {name}`",
            )
        return account
    found = accounts.list(provider)
    if not found:
        raise NoAccountError(
            said.NO_ACCOUNT_SET_UP,
            provider=ProviderTitle(provider),
            command=add,
            variables=env_hint(provider),
        )
    if len(found) == 1:
        return found[0]
    default = [a for a in found if a.name == DEFAULT_ACCOUNT]
    if default:
        return default[0]
    names = ", ".join(a.name for a in found)
    raise AccountError(said.SEVERAL_ACCOUNTS, provider=ProviderTitle(provider), names=names)
