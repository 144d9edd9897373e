"""Errors as a person reads them, in the interface language.

The layers below Qt raise typed errors with English text, which the CLI prints. Here each
type gets a translated explanation, and what came from the provider (its error code, its
own message, the request id) stays verbatim beside it: that is what a search, the
provider's documentation or a support ticket needs. In English the text is what
``str(error)`` says. Texts start in lower case, like ``str(error)``; callers showing a whole
sentence capitalise it (:func:`sentence`).

Our own errors (input, accounts, keyring, history file, wall layout) carry a statement of
:mod:`cdnmon.messages`: a message's code, its English text with named fields, and the
arguments. Here that text is translated and its fields filled with the arguments, each said
in the window's language as its type tells; a few codes have wordings of the window's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cdnmon.gui.i18n import arg
from cdnmon.gui.labels import account_label, provider_title
from cdnmon.messages import (
    CONTEXT,
    AccountLabel,
    Alternatives,
    CodedError,
    EnvVariables,
    Phrase,
    ProviderTitle,
    Statement,
)
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
        # Prometheus (a reader of what the collector wrote)
        QT_TRANSLATE_NOOP(
            "ErrorText", "check the user name and the password or token of this Prometheus"
        ),
        QT_TRANSLATE_NOOP(
            "ErrorText",
            "check the URL: the Prometheus server's address, e.g. http://prometheus:9090/",
        ),
        QT_TRANSLATE_NOOP("ErrorText", "a fault at the Prometheus server: cdnmon retries"),
        QT_TRANSLATE_NOOP(
            "ErrorText", "name a series provider/account/domain, as the domain list shows it"
        ),
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
# The names of the providers' keys, as ``credentials.key_field`` puts them in a message.
KEY_FIELDS = frozenset(
    {
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
        QT_TRANSLATE_NOOP("ErrorText", "Prometheus user name"),
        QT_TRANSLATE_NOOP("ErrorText", "Prometheus password or token"),
    }
)
# Messages the window words its own way, by code: where the command line's advice (an
# option, a command) has a place in the window instead. Same fields, or fewer.
WINDOW_WORDINGS = {
    "account-name-empty": QT_TRANSLATE_NOOP(
        "ErrorText", "the account name is empty; use letters, digits, '-', '_' or '.'"
    ),
    "no-secret": QT_TRANSLATE_NOOP(
        "ErrorText",
        "no secret is stored for {account} in the keyring ({backend}): enter it again under "
        "Accounts, or run {command}",
    ),
}


class TranslatedInputError(InputError):
    """Input the window itself rejects, with a message already in the interface language."""


def explain(error: BaseException) -> str:
    """One line saying what went wrong and what to do, in the interface language."""
    if isinstance(error, TranslatedInputError):
        return str(error)
    if isinstance(error, ProviderError):
        return _provider_error(error)
    if isinstance(error, CodedError):
        if error.statement is not None:
            return say(error.statement)
        # A message no window shows as a rule: the type's explanation around the English.
        return arg(_lead(error), str(error))
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


def say(text: str) -> str:
    """A statement of the layers below (an error's, a store's reason) in the interface
    language; any other text as it is."""
    if not isinstance(text, Statement):
        return text
    template = translate(CONTEXT, WINDOW_WORDINGS.get(text.code, text.message.text))
    values = {name: _argument(value) for name, value in text.params.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):  # a translation that lost or broke a field
        return str(text)


def _argument(value: object) -> object:
    """An argument in the interface language, as its type says; data as it is."""
    if isinstance(value, Statement):
        return say(value)
    if isinstance(value, Phrase):
        return translate(CONTEXT, value)
    if isinstance(value, AccountLabel):
        return account_label(value.provider, value.name)
    if isinstance(value, ProviderTitle):
        return provider_title(value.provider)
    if isinstance(value, EnvVariables):
        return env_hint_text(value.provider)
    if isinstance(value, Alternatives):
        return _either(value.items, translate("ErrorText", "%1 or %2", "values to choose from"))
    return value


def _either(items: Sequence[str], template: str) -> str:
    """``a or b or c`` with the interface language's ``%1 or %2``."""
    text = items[0] if items else ""
    for item in items[1:]:
        text = arg(template, text, item)
    return text


def env_hint_text(provider: str | None = None) -> str:
    """``credentials.env_hint`` in the interface language."""
    from cdnmon.providers.registry import BY_NAME, SPECS

    def variables(key_id: str, secret: str, project: str) -> str:
        if project:
            return arg(
                translate("ErrorText", "%1 and %2 (plus %3 if needed)"), key_id, secret, project
            )
        return arg(translate("ErrorText", "%1 and %2"), key_id, secret)

    if provider in BY_NAME:
        return variables(*BY_NAME[provider].env_vars)
    # Every provider's set once (Tencent's two products share theirs), as env_hint() lists them.
    hints = list(dict.fromkeys(variables(*spec.env_vars) for spec in SPECS))
    return _either(hints, translate("ErrorText", "%1 or %2", "two sets of variables"))


def _is_a(error: BaseException, name: str) -> bool:
    # By name: showing an error must not import the keyring library the demo never needs.
    return any(cls.__name__ == name for cls in type(error).__mro__)


def _lead(error: BaseException) -> str:
    """For an own error without a message: the type's explanation around the English text."""
    if _is_a(error, "StoreError"):
        return translate("ErrorText", "%1", "a history file error; %1 is the English text")
    if _is_a(error, "CredentialError"):
        return translate("ErrorText", "%1", "an account or keyring error; %1 is the English text")
    return translate("ErrorText", "%1", "an input error; %1 is the English text")
