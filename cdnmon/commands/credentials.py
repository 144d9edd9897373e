"""``cdnmon credentials set|list|delete``: manage the named accounts of each provider.

The secret is never an argument (it would land in shell history and ``ps``): ``set`` asks
for it with a hidden prompt, or reads one line of stdin when stdin is not a terminal, so
``pass show cdn/prod | cdnmon credentials set aliyun --account prod --key-id LTAI...``
works in scripts. ``list`` shows key ids masked (first 4 and last 4 characters: enough
to match against the console, not enough to read off a shared screen) and never a secret.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from cdnmon.accounts.credentials import (
    AREA_VAR,
    DEFAULT_ACCOUNT,
    ENV_ACCOUNT,
    KEY_ID_LABELS,
    PROVIDERS,
    SECRET_LABELS,
    Account,
    AccountStore,
    CredentialError,
    SecretStore,
    check_account_name,
    check_not_reserved,
    delete_account,
    env_credentials,
    store_account,
    title,
)
from cdnmon.model import InputError

COLUMNS = ("PROVIDER", "ACCOUNT", "KEY ID", "PROJECT", "AREA", "ENDPOINT", "SECRET")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "credentials",
        help="store, list and delete provider accounts",
        description=(
            "Named accounts per provider. Key ids and endpoints go to the settings file, "
            "secrets to the OS keyring (never to a file). Environment variables "
            "ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET and UCLOUD_PUBLIC_KEY/_PRIVATE_KEY "
            "(+ UCLOUD_PROJECT_ID), TENCENTCLOUD_SECRET_ID/_KEY, HUAWEICLOUD_SDK_AK/_SK and "
            "VOLCENGINE_ACCESS_KEY/VOLCENGINE_SECRET_KEY override stored accounts "
            f"when no --account is given; {AREA_VAR}=overseas makes that Tencent Cloud "
            "account's area outside mainland China."
        ),
    )
    actions = parser.add_subparsers(dest="credentials_action", metavar="ACTION", required=True)

    set_parser = actions.add_parser(
        "set",
        help="add an account or replace its secret",
        description=(
            "Store an account. The secret is read from a hidden prompt, or from one line of "
            "standard input when it is not a terminal; never from the command line. Options "
            "left out keep their stored values when the account exists."
        ),
    )
    set_parser.add_argument("provider", choices=PROVIDERS, help="the account's provider")
    set_parser.add_argument(
        "--account", default=DEFAULT_ACCOUNT, metavar="NAME", help="default: %(default)s"
    )
    set_parser.add_argument(
        "--key-id",
        metavar="ID",
        help="AccessKey ID (Alibaba Cloud), PublicKey (UCloud), SecretId (Tencent Cloud, "
        "EdgeOne), AK (Huawei Cloud) or Access Key ID (Volcengine)",
    )
    set_parser.add_argument("--project-id", metavar="P", help="UCloud project id (optional)")
    set_parser.add_argument(
        "--area",
        metavar="AREA",
        help="Tencent Cloud only: where the domains serve, mainland or overseas (outside "
        'mainland China, 5-minute points at the finest); "" for the default, mainland',
    )
    set_parser.add_argument(
        "--endpoint", metavar="URL", help='API endpoint override; "" for the default'
    )
    # Only to answer a likely mistake with advice instead of "unrecognized arguments".
    set_parser.add_argument("--secret", help=argparse.SUPPRESS)

    list_parser = actions.add_parser("list", help="show stored accounts (never secrets)")
    list_parser.add_argument(
        "provider", nargs="?", choices=PROVIDERS, help="only this provider's accounts"
    )

    delete_parser = actions.add_parser(
        "delete", help="remove an account and its secret from the keyring"
    )
    delete_parser.add_argument("provider", choices=PROVIDERS, help="the account's provider")
    delete_parser.add_argument(
        "--account", required=True, metavar="NAME", help="the name of the account to delete"
    )

    parser.set_defaults(func=run)


def run(
    args: argparse.Namespace,
    *,
    accounts: AccountStore | None = None,
    secrets: SecretStore | None = None,
) -> int:
    """Run the parsed action; tests pass their own stores."""
    accounts = accounts if accounts is not None else AccountStore()
    secrets = secrets if secrets is not None else SecretStore()
    action = {"set": set_account, "list": list_accounts, "delete": delete}
    return action[args.credentials_action](args, accounts, secrets)


def set_account(args: argparse.Namespace, accounts: AccountStore, secrets: SecretStore) -> int:
    if args.secret is not None:
        raise InputError(
            "the secret is never taken from the command line (shell history and `ps` would "
            "show it); leave out --secret and type it at the prompt, or pipe it on stdin"
        )
    provider, name = args.provider, check_account_name(args.account)
    existing = accounts.get(provider, name)
    key_id = args.key_id if args.key_id is not None else _ask_key_id(provider, existing)
    project_id = _option(args.project_id, existing.project_id if existing else "")
    endpoint = _option(args.endpoint, existing.endpoint if existing else "")
    area = _option(args.area, existing.area if existing else "")
    # Validate everything and check the keyring before anyone types a secret.
    account = Account(provider, name, key_id.strip(), project_id, endpoint, area)
    check_not_reserved(account)
    accounts.check_writable()
    secrets.check(provider)
    secret = _read_secret(provider, name)
    store_account(account, secret, accounts=accounts, secrets=secrets)
    print(f"Stored {account.label} (secret in {secrets.backend_name})")
    return 0


def list_accounts(args: argparse.Namespace, accounts: AccountStore, secrets: SecretStore) -> int:
    stored = accounts.list(args.provider)
    notes: list[str] = []
    states = _secret_states(stored, secrets, notes)
    rows = [_row(a, state) for a, state in zip(stored, states, strict=True)]
    for provider in [args.provider] if args.provider else PROVIDERS:
        try:
            found = env_credentials(provider)
        except CredentialError as err:
            notes.append(f"environment: {err}")
            continue
        if found is not None:
            rows.append(_row(found[0], "from environment"))
    if rows:
        widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
        for row in [COLUMNS, *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    else:
        which = f"{title(args.provider)} accounts" if args.provider else "accounts"
        provider = args.provider or "|".join(PROVIDERS)
        print(
            f"No {which} stored. Add one with `cdnmon credentials set {provider} --account NAME`."
        )
    for note in notes:
        print(f"cdnmon: {note}", file=sys.stderr)
    return 0


def delete(args: argparse.Namespace, accounts: AccountStore, secrets: SecretStore) -> int:
    provider, name = args.provider, check_account_name(args.account)
    if name == ENV_ACCOUNT:
        raise InputError(f"account '{ENV_ACCOUNT}' is the environment variables; unset them")
    removed = delete_account(provider, name, accounts=accounts, secrets=secrets)
    where = secrets.backend_name
    detail = f"and its secret in {where}" if removed else f"no secret was stored in {where}"
    print(f"Deleted {title(provider)} account '{name}' ({detail})")
    return 0


def _row(account: Account, secret_state: str) -> tuple[str, ...]:
    return (
        account.provider,
        account.name,
        account.masked_key_id,
        account.project_id or "-",
        account.area or "-",
        account.endpoint or "-",
        secret_state,
    )


def _secret_states(stored: list[Account], secrets: SecretStore, notes: list[str]) -> list[str]:
    """yes/no per account; once the keyring fails, "unknown" for the rest (one wait, one note)."""
    states: list[str] = []
    failure: CredentialError | None = None
    for account in stored:
        if failure is None:
            try:
                found = secrets.has_secret(account.provider, account.name)
            except CredentialError as err:  # unusable, locked, timed out
                failure = err
                notes.append(f"secrets not checked: {err}")
            else:
                states.append("yes" if found else "no")
                continue
        states.append("unknown")
    return states


def _option(given: str | None, current: str) -> str:
    return current if given is None else given.strip()


def _ask_key_id(provider: str, existing: Account | None) -> str:
    label = f"{title(provider)} {KEY_ID_LABELS[provider]}"
    if not sys.stdin.isatty():
        # stdin carries the secret: it cannot also answer a question.
        if existing is not None:
            return existing.key_id
        raise InputError(f"give the {label} with --key-id when the secret comes from stdin")
    current = f" [{existing.masked_key_id}]" if existing else ""
    try:
        answer = input(f"{label}{current}: ").strip()
    except EOFError:
        raise InputError(f"no {label} given; pass it with --key-id") from None
    if not answer and existing is not None:
        return existing.key_id
    return answer


def _read_secret(provider: str, name: str) -> str:
    label = f"{title(provider)} {SECRET_LABELS[provider]}"
    if sys.stdin.isatty():
        try:
            secret = getpass.getpass(f"{label} for account '{name}' (input hidden): ")
        except EOFError:
            raise InputError(f"no {label} given") from None
    else:
        secret = sys.stdin.readline()
        if not secret:
            raise InputError(
                f"no {label} on standard input; pipe one line, e.g. "
                f"`pass show cdn/{name} | cdnmon credentials set {provider} --account {name}`"
            )
    # Surrounding whitespace is never part of a key; a pasted or piped newline often is.
    return secret.strip()
