"""Errors as a person reads them, in the interface language.

The layers below Qt raise typed errors with English text, which the CLI prints. Here each
type gets a translated explanation, and what came from the provider (its error code, its
own message, the request id) stays verbatim beside it: that is what a search, the
provider's documentation or a support ticket needs. In English the text is what
``str(error)`` says. Texts start in lower case, like ``str(error)``; callers showing a whole
sentence capitalise it (:func:`sentence`).

Our own errors (input, accounts, keyring, history file) are matched by class name, so that
showing an error does not import the keyring library the demo never needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cdnmon.gui.i18n import active_language, arg
from cdnmon.gui.labels import account_label, provider_title
from cdnmon.model import InputError
from cdnmon.providers.errors import (
    AuthError,
    DomainError,
    MalformedResponseError,
    NetworkError,
    ProviderError,
    RequestError,
    ServiceError,
    ThrottledError,
)

# pyside6-lupdate finds strings only in calls with a literal context.
translate = QCoreApplication.translate

# What the provider modules advise, in their English wording (the source text).
PROVIDER_HINTS = frozenset(
    {
        QT_TRANSLATE_NOOP("ErrorText", "check the AccessKey ID"),
        QT_TRANSLATE_NOOP("ErrorText", "the AccessKey is disabled: enable or replace it"),
        QT_TRANSLATE_NOOP("ErrorText", "check the AccessKey secret"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "grant this RAM user read access to CDN (AliyunCDNReadOnlyAccess)"
        ),
        QT_TRANSLATE_NOOP("ErrorText", "open or resume the CDN service for this account"),
        QT_TRANSLATE_NOOP("ErrorText", "set this computer's clock right (use NTP)"),
        QT_TRANSLATE_NOOP("ErrorText", "check the domain name"),
        QT_TRANSLATE_NOOP("ErrorText", "check the domain name and that this account owns it"),
        QT_TRANSLATE_NOOP("ErrorText", "the domain is offline: start it in the CDN console"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "the domain is being configured: try again in a few minutes"
        ),
        QT_TRANSLATE_NOOP("ErrorText", "fix the domain's configuration"),
        QT_TRANSLATE_NOOP("ErrorText", "too many calls: cdnmon slows down and retries"),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at Alibaba Cloud: cdnmon retries"),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at UCloud: cdnmon retries"),
        QT_TRANSLATE_NOOP("ErrorText", "check the public and private key"),
        QT_TRANSLATE_NOOP("ErrorText", "check the private key"),
        QT_TRANSLATE_NOOP("ErrorText", "check the public key"),
        QT_TRANSLATE_NOOP("ErrorText", "this computer's IP address is not allowed for the key"),
        QT_TRANSLATE_NOOP("ErrorText", "grant this sub-account read access to UCDN"),
        QT_TRANSLATE_NOOP("ErrorText", "check the project id (sub-accounts must give one)"),
        QT_TRANSLATE_NOOP("ErrorText", "this API is not offered at the endpoint"),
        QT_TRANSLATE_NOOP("ErrorText", "check the spelling, or give its DomainId (ucdn-...)"),
        QT_TRANSLATE_NOOP("ErrorText", "check the network connection and the endpoint"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "a proxy or captive portal may be in the way; check the endpoint"
        ),
        QT_TRANSLATE_NOOP("ErrorText", "the API may have changed; report this with the request id"),
        QT_TRANSLATE_NOOP("ErrorText", "check the SecretKey"),
        QT_TRANSLATE_NOOP("ErrorText", "check the SecretId, and that the key is enabled"),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at Tencent Cloud: cdnmon retries"),
        QT_TRANSLATE_NOOP("ErrorText", "grant this sub-account read access in Tencent Cloud CAM"),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at Huawei Cloud: cdnmon retries"),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at Volcengine: cdnmon retries"),
        QT_TRANSLATE_NOOP("ErrorText", "check the AK and SK"),
        QT_TRANSLATE_NOOP("ErrorText", "check the AK and SK, and that the key is enabled"),
        QT_TRANSLATE_NOOP("ErrorText", "check the Access Key ID, and that the key is enabled"),
        QT_TRANSLATE_NOOP("ErrorText", "check the Secret Access Key"),
        QT_TRANSLATE_NOOP("ErrorText", "grant this IAM user access to the enterprise projects"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "grant this IAM user read access to CDN (CDN ReadOnlyAccess)"
        ),
        QT_TRANSLATE_NOOP("ErrorText", "grant this user read access to CDN in Volcengine IAM"),
        QT_TRANSLATE_NOOP("ErrorText", "open the CDN service for this account"),
        QT_TRANSLATE_NOOP("ErrorText", "the domain is banned: see the CDN console"),
        QT_TRANSLATE_NOOP("ErrorText", "the domain is locked: see the CDN console"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "the domain's state does not allow this: see the CDN console"
        ),
        QT_TRANSLATE_NOOP("ErrorText", "check the AK (Access Key ID), and that the key is enabled"),
        QT_TRANSLATE_NOOP("ErrorText", "check the SK (Secret Access Key)"),
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "after repeated failures the AK is locked for 5 minutes: check the SK, then wait",
        ),
    }
)
# Written by the transport itself as "problem (host)", not by a provider.
NETWORK_PROBLEMS = frozenset(
    {
        QT_TRANSLATE_NOOP("ErrorText", "no answer within the timeout"),
        QT_TRANSLATE_NOOP("ErrorText", "TLS handshake or certificate check failed"),
        QT_TRANSLATE_NOOP("ErrorText", "could not connect, or the connection was dropped"),
    }
)
# Words the keyring and credential messages put inside their sentences.
PHRASES = frozenset(
    {
        QT_TRANSLATE_NOOP("ErrorText", "open the keyring"),
        QT_TRANSLATE_NOOP("ErrorText", "read a secret"),
        QT_TRANSLATE_NOOP("ErrorText", "store the secret"),
        QT_TRANSLATE_NOOP("ErrorText", "delete the secret"),
        QT_TRANSLATE_NOOP("ErrorText", "no recommended backend was found"),
        QT_TRANSLATE_NOOP("ErrorText", "it throws every secret away"),
        QT_TRANSLATE_NOOP("ErrorText", "it stores secrets in plain text"),
        QT_TRANSLATE_NOOP("ErrorText", "it has no usable backend to chain"),
        QT_TRANSLATE_NOOP("ErrorText", "Alibaba Cloud AccessKey ID"),
        QT_TRANSLATE_NOOP("ErrorText", "Alibaba Cloud AccessKey Secret"),
        QT_TRANSLATE_NOOP("ErrorText", "UCloud PublicKey"),
        QT_TRANSLATE_NOOP("ErrorText", "UCloud PrivateKey"),
        QT_TRANSLATE_NOOP("ErrorText", "UCloud project id"),
        QT_TRANSLATE_NOOP("ErrorText", "Tencent Cloud SecretId"),
        QT_TRANSLATE_NOOP("ErrorText", "Tencent Cloud SecretKey"),
        QT_TRANSLATE_NOOP("ErrorText", "Tencent EdgeOne SecretId"),
        QT_TRANSLATE_NOOP("ErrorText", "Tencent EdgeOne SecretKey"),
        QT_TRANSLATE_NOOP("ErrorText", "Huawei Cloud Access Key ID (AK)"),
        QT_TRANSLATE_NOOP("ErrorText", "Huawei Cloud Secret Access Key (SK)"),
        QT_TRANSLATE_NOOP("ErrorText", "Volcengine Access Key ID"),
        QT_TRANSLATE_NOOP("ErrorText", "Volcengine Secret Access Key"),
    }
)


class TranslatedInputError(InputError):
    """Input the window itself rejects, with a message already in the interface language."""


def explain(error: BaseException) -> str:
    """One line saying what went wrong and what to do, in the interface language."""
    if isinstance(error, TranslatedInputError):
        return str(error)
    if isinstance(error, ProviderError):
        return _provider_error(error)
    if _is_own(error):
        return _own_error(error)
    text = translate("ErrorText", "unexpected error (%1); details are in the log")
    return arg(text, type(error).__name__)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _known(text: str, known: frozenset[str]) -> str:
    return translate("ErrorText", text) if text in known else text


# ---- provider errors ----------------------------------------------------------------------


def _kind(error: ProviderError) -> str:
    kinds: list[tuple[type[ProviderError], str]] = [
        (AuthError, translate("ErrorText", "access denied")),
        (DomainError, translate("ErrorText", "domain unavailable")),
        (ThrottledError, translate("ErrorText", "throttled")),
        (ServiceError, translate("ErrorText", "provider-side failure")),
        (RequestError, translate("ErrorText", "request rejected")),
        (NetworkError, translate("ErrorText", "network error")),
        (MalformedResponseError, translate("ErrorText", "unexpected response")),
    ]
    fallback = translate("ErrorText", "request failed")
    return next((text for kind, text in kinds if isinstance(error, kind)), fallback)


def _network_problem(message: str) -> str:
    found = re.fullmatch(r"(.+) \((.+)\)", message)
    if not found or found[1] not in NETWORK_PROBLEMS:
        return message
    template = translate("ErrorText", "%1 (%2)", "network problem (host)")
    return arg(template, _known(found[1], NETWORK_PROBLEMS), found[2])


def _provider_error(error: ProviderError) -> str:
    source = (
        account_label(error.provider, error.account)
        if error.account
        else provider_title(error.provider)
    )
    message = _network_problem(error.message) if isinstance(error, NetworkError) else error.message
    hint = _known(error.hint, PROVIDER_HINTS)
    # One template per shape, so that a translation can put the parts in its own order.
    if error.code and hint:
        template = translate("ErrorText", "%1: %2 (%3): %4 -- %5", "source kind code message hint")
    elif error.code:
        template = translate("ErrorText", "%1: %2 (%3): %4", "source kind code message")
    elif hint:
        template = translate("ErrorText", "%1: %2: %4 -- %5", "source kind message hint")
    else:
        template = translate("ErrorText", "%1: %2: %4", "source kind message")
    text = arg(template, source, _kind(error), error.code, message, hint)
    if error.request_id:
        text = arg(translate("ErrorText", "%1 [request %2]"), text, error.request_id)
    return " ".join(text.split())  # what the provider sent may hold line breaks


def brief(error: BaseException) -> str:
    """Tile-sized: ``access denied (SignatureDoesNotMatch): check the AccessKey secret``;
    the tile already names the provider and the account."""
    if not isinstance(error, ProviderError):
        return explain(error)
    message = _network_problem(error.message) if isinstance(error, NetworkError) else error.message
    advice = _known(error.hint, PROVIDER_HINTS) or message
    if error.code:
        template = translate("ErrorText", "%1 (%2): %3", "kind code advice")
    else:
        template = translate("ErrorText", "%1: %3", "kind advice")
    return " ".join(arg(template, _kind(error), error.code, advice).split())


# ---- our own errors -------------------------------------------------------------------------

OWN_ERRORS = ("InputError", "StoreError")


def _is_own(error: BaseException) -> bool:
    return any(cls.__name__ in OWN_ERRORS for cls in type(error).__mro__)


def _is_a(error: BaseException, name: str) -> bool:
    return any(cls.__name__ == name for cls in type(error).__mro__)


def env_hint_text(provider: str | None = None) -> str:
    """``credentials.env_hint`` in the interface language."""
    from cdnmon.accounts.credentials import ENV_VARS

    def variables(key_id: str, secret: str, project: str) -> str:
        if project:
            return arg(
                translate("ErrorText", "%1 and %2 (plus %3 if needed)"), key_id, secret, project
            )
        return arg(translate("ErrorText", "%1 and %2"), key_id, secret)

    if provider in ENV_VARS:
        return variables(*ENV_VARS[provider])
    # Every provider's set once (Tencent's two products share theirs), as env_hint() lists them.
    hints = list(dict.fromkeys(variables(*names) for names in ENV_VARS.values()))
    text = hints[0]
    for hint in hints[1:]:
        text = arg(translate("ErrorText", "%1 or %2", "two sets of variables"), text, hint)
    return text


def _env(english: str | None) -> str:
    """An ``env_hint`` quoted in an English message, translated."""
    from cdnmon.accounts.credentials import ENV_VARS, env_hint

    if not english:
        return ""
    known = {env_hint(provider): provider for provider in (*ENV_VARS, None)}
    return env_hint_text(known[english]) if english in known else english


def _otherwise(english: str | None) -> str:
    """The ", or set ... in the environment instead" of a keyring message."""
    if not english:
        return ""
    return arg(translate("ErrorText", "; or set %1 in the environment instead"), _env(english))


def _account(english: str) -> str:
    """``Alibaba Cloud account 'prod'`` quoted in an English message, translated."""
    from cdnmon.providers.errors import PROVIDER_TITLES

    for provider, title in PROVIDER_TITLES.items():
        if found := re.fullmatch(re.escape(title) + r" account '(.+)'", english):
            return account_label(provider, found[1])
    return english


def _phrase(english: str | None) -> str:
    return _known(english or "", PHRASES)


def _same(value: str | None) -> str:
    return value or ""


class Rule(NamedTuple):
    """An English message of the layers below (a pattern following the f-string that
    raises it) and its translation; ``parts`` turn the captured groups into ``%1``..."""

    error: str
    pattern: str
    template: str
    parts: tuple[Callable[[str | None], str], ...] = ()


ENV = r"(?:, or set (.+) in the environment instead)?"
RULES = (
    Rule(
        "KeyringUnavailableError",
        r"No secure credential store is available \(keyring backend: (.+?): ([^)]+)\)\. "
        r"Install and unlock .*? session\)" + ENV + r"\. cdnmon never stores secrets in plain "
        r"text\.",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "no secure credential store is available (keyring backend %1: %2). Install and "
            "unlock a Secret Service provider such as GNOME Keyring or KWallet (it needs a "
            "D-Bus session)%3. cdnmon never stores secrets in plain text.",
        ),
        (_same, _phrase, _otherwise),
    ),
    Rule(
        "KeyringTimeoutError",
        r"The keyring \((.+?)\) did not answer within (\S+) s when asked to (.+?); it is "
        r"probably waiting for an unlock prompt: .*? and try again" + ENV,
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the keyring (%1) did not answer within %2 s when asked to %3; it is probably "
            "waiting for an unlock prompt: unlock it (log in to the desktop session, or "
            "`gnome-keyring-daemon --unlock`) and try again%4",
        ),
        (_same, _same, _phrase, _otherwise),
    ),
    Rule(
        "KeyringLockedError",
        r"The keyring \((.+?)\) is locked: .*",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the keyring (%1) is locked: unlock it (log in to the desktop session, or "
            "`gnome-keyring-daemon --unlock`) and try again",
        ),
    ),
    Rule(
        "KeyringAccessError",
        r"The keyring \((.+?)\) could not (open the keyring|read a secret|store the secret|"
        r"delete the secret): (.+)",
        QT_TRANSLATE_NOOP("ErrorText", "the keyring (%1) could not %2: %3"),
        (_same, _phrase, _same),
    ),
    Rule(
        "CredentialError",
        r"no secret is stored for (.+) in the keyring \((.+)\); store it again with (`.+`)",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "no secret is stored for %1 in the keyring (%2): enter it again under Accounts, "
            "or run %3",
        ),
        (_account, _same, _same),
    ),
    Rule(
        "CredentialError",
        r"cannot read (.+): (.+); check its permissions",
        QT_TRANSLATE_NOOP("ErrorText", "cannot read %1: %2; check its permissions"),
    ),
    Rule(
        "CredentialError",
        r"cannot write (.+): (.+); check the directory's permissions",
        QT_TRANSLATE_NOOP("ErrorText", "cannot write %1: %2; check the directory's permissions"),
    ),
    Rule(
        "InputError",
        r"the account name is empty; .+",
        QT_TRANSLATE_NOOP(
            "ErrorText", "the account name is empty; use letters, digits, '-', '_' or '.'"
        ),
    ),
    Rule(
        "InputError",
        r"the account name is (\d+) characters long; the limit is (\d+)",
        QT_TRANSLATE_NOOP("ErrorText", "the account name is %1 characters long; the limit is %2"),
    ),
    Rule(
        "InputError",
        r"the account name (.+) contains '/'; .+",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the account name %1 contains '/'; use letters, digits, '-', '_' or '.'",
        ),
    ),
    Rule(
        "InputError",
        r"the account name (.+) contains control or invisible characters",
        QT_TRANSLATE_NOOP(
            "ErrorText", "the account name %1 contains control or invisible characters"
        ),
    ),
    Rule(
        "InputError",
        r"the account name (.+) starts or ends with a space; remove it",
        QT_TRANSLATE_NOOP(
            "ErrorText", "the account name %1 starts or ends with a space; remove it"
        ),
    ),
    Rule(
        "InputError",
        r"the account name 'env' is reserved for credentials from environment variables "
        r"\((.+)\); choose another name",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the account name 'env' is reserved for credentials from environment variables "
            "(%1); choose another name",
        ),
        (_env,),
    ),
    Rule(
        "InputError",
        r"the (.+) is empty",
        QT_TRANSLATE_NOOP("ErrorText", "the %1 is empty"),
        (_phrase,),
    ),
    Rule(
        "InputError",
        r"the (.+) is not valid: it must be one word of at most 256 characters",
        QT_TRANSLATE_NOOP(
            "ErrorText", "the %1 is not valid: it must be one word of at most 256 characters"
        ),
        (_phrase,),
    ),
    Rule(
        "InputError",
        r"the (.+) contains spaces, line breaks or control characters; paste only the secret "
        r"itself",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the %1 contains spaces, line breaks or control characters; paste only the secret "
            "itself",
        ),
        (_phrase,),
    ),
    Rule(
        "InputError",
        r"the endpoint (.+) is not (?:an http\(s\) URL|a URL like https://cdn\.aliyuncs\.com/).*",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the endpoint %1 is not a URL like https://cdn.aliyuncs.com/; leave it empty for "
            "the provider's default",
        ),
    ),
    Rule(
        "InputError",
        r"the endpoint (.+) uses plain http: only loopback addresses \(the emulator\) may skip "
        r"TLS; use https://",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the endpoint %1 uses plain http: only loopback addresses (the emulator) may skip "
            "TLS; use https://",
        ),
    ),
    Rule(
        "InputError",
        r"the endpoint URL contains a user name or password; remove it",
        QT_TRANSLATE_NOOP(
            "ErrorText", "the endpoint URL contains a user name or password; remove it"
        ),
    ),
    Rule(
        "InputError",
        r"the end time \((.+)\) must be after the start time \((.+)\)",
        QT_TRANSLATE_NOOP("ErrorText", "the end time (%1) must be after the start time (%2)"),
    ),
    Rule(
        "StoreError",
        r"the history store is closed",
        QT_TRANSLATE_NOOP("ErrorText", "the history store is closed"),
    ),
    Rule(
        "StoreError",
        r"cannot open the history file (.+?): (.+)",
        QT_TRANSLATE_NOOP("ErrorText", "cannot open the history file %1: %2"),
    ),
    Rule(
        "StoreError",
        r"the history file (.+) was written by a newer cdnmon \(format (\d+), this one reads "
        r"up to (\d+)\): update cdnmon",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the history file %1 was written by a newer cdnmon (format %2, this one reads up "
            "to %3): update cdnmon",
        ),
    ),
    Rule(
        "StoreError",
        r"the history file (.+) was written by a newer cdnmon \(format (\d+), this one reads "
        r"up to (\d+)\): update cdnmon; history is shown but not added to",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the history file %1 was written by a newer cdnmon (format %2, this one reads up "
            "to %3): update cdnmon; history is shown but not added to",
        ),
    ),
    Rule(
        "StoreError",
        r"the history file (.+) cannot be written \((.+)\): history is shown but not added "
        r"to; make the folder writable, or set CDNMON_DATA_DIR to a folder you can write",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the history file %1 cannot be written (%2): history is shown but not added to; "
            "make the folder writable, or set CDNMON_DATA_DIR to a folder you can write",
        ),
    ),
    Rule(
        "StoreError",
        r"cannot create the folder (.+) for the history file \((.+)\): set CDNMON_DATA_DIR "
        r"to a folder you can write",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "cannot create the folder %1 for the history file (%2): set CDNMON_DATA_DIR to a "
            "folder you can write",
        ),
    ),
    Rule(
        "StoreError",
        r"cannot add to the history file (.+): the disk is full; free some space on it",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "cannot add to the history file %1: the disk is full; free some space on it",
        ),
    ),
    Rule(
        "CredentialError",
        r"(.+) was written by a newer cdnmon \(format (\d+)\); this one reads format (\d+) "
        r"and will not change it: update cdnmon",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "%1 was written by a newer cdnmon (format %2); this one reads format %3 and will "
            "not change it: update cdnmon",
        ),
    ),
    Rule(
        "CredentialError",
        r"(.+) was written by a newer cdnmon \(it has fields this one does not know: (.+)\); "
        r"this one reads format (\d+) and will not change it: update cdnmon",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "%1 was written by a newer cdnmon (it has fields this one does not know: %2); this "
            "one reads format %3 and will not change it: update cdnmon",
        ),
    ),
    Rule(
        "StoreError",
        r"the history file (.+) is damaged and cannot be moved aside \((.+)\): move or delete "
        r"it, then start cdnmon again",
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "the history file %1 is damaged and cannot be moved aside (%2): move or delete it, "
            "then start cdnmon again",
        ),
    ),
)


def matching_rule(error: BaseException) -> tuple[Rule, re.Match[str]] | None:
    """The rule that knows this message, if any (tests keep the rules in step)."""
    text = str(error)
    for rule in RULES:
        if _is_a(error, rule.error) and (found := re.fullmatch(rule.pattern, text, re.DOTALL)):
            return rule, found
    return None


def _lead(error: BaseException) -> str:
    """For a message no rule knows: the type's explanation around the English text."""
    if _is_a(error, "StoreError"):
        return translate("ErrorText", "%1", "a history file error; %1 is the English text")
    if _is_a(error, "CredentialError"):
        return translate("ErrorText", "%1", "an account or keyring error; %1 is the English text")
    return translate("ErrorText", "%1", "an input error; %1 is the English text")


def _own_error(error: BaseException) -> str:
    text = str(error)
    if active_language() == "en":
        return text  # the layers below say it in English already
    matched = matching_rule(error)
    if matched is None:
        return arg(_lead(error), text)
    rule, found = matched
    groups = found.groups()
    parts = rule.parts or (_same,) * len(groups)
    return arg(
        translate("ErrorText", rule.template),
        *(part(group) for part, group in zip(parts, groups, strict=True)),
    )
