"""Where alert messages go: chat robots and webhooks, their limits, and their secrets.

A target's name, kind and pace are plain settings (:class:`Target`). Its webhook URL and
signing secret are secrets: the URL alone lets anyone post to the team's chat (DingTalk's
``access_token``, WeCom's ``key``, Slack's and Feishu's path). They live in the OS keyring
only (:class:`TargetSecrets`, service ``cdnmon``, user ``alert-target/<name>``), never in a
file, a log line, an exception or a repr; messages about a bad URL never quote it.

Documented limits (the pace each target is sent at by default):
- DingTalk custom robot: 20 messages a minute per robot; past that it is throttled for
  10 minutes.
- WeCom group robot: 20 messages a minute per robot; a text of at most 2048 bytes.
- Feishu/Lark custom bot: 100 requests a minute and 5 a second; a body of at most 20 KB.
- Slack incoming webhook: about 1 message a second (short bursts allowed).
- Generic JSON webhook: cdnmon's own choice of 1 a second.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import parse_qs, urlsplit

from keyring.backend import KeyringBackend

from cdnmon import logs
from cdnmon.accounts.keyring_store import DEFAULT_TIMEOUT, CredentialError, KeyringStore
from cdnmon.messages import Phrase
from cdnmon.messages import alerts as said
from cdnmon.model import InputError
from cdnmon.providers.http import is_loopback

SERVICE = "cdnmon"  # the accounts' keyring service (cdnmon.accounts.credentials.SERVICE)
MAX_NAME = 64
WEBHOOK_SECRET_PREFIX = "whsec_"
TOKEN_LENGTH = 16


class TargetKind(Enum):
    DINGTALK = "dingtalk"
    WECOM = "wecom"
    FEISHU = "feishu"
    SLACK = "slack"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class KindSpec:
    title: Phrase  # the service's name, which the window says in its language
    per_minute: float  # the documented limit (or our choice), the default pace
    signed: bool  # takes a signing secret (optional unless ``secret_required``)
    max_text_bytes: int  # one message's text, UTF-8
    batches: bool  # several alerts waiting may go as one message
    throttled_wait_s: float  # how long a throttled sender is held back
    example_url: str
    secret_required: bool = False
    url_parameter: str = ""  # the query parameter the URL must carry


KINDS: dict[TargetKind, KindSpec] = {
    TargetKind.DINGTALK: KindSpec(
        said.DINGTALK, 20, True, 18_000, True, 600,
        "https://oapi.dingtalk.com/robot/send?access_token=...", url_parameter="access_token",
    ),
    TargetKind.WECOM: KindSpec(
        said.WECOM, 20, False, 2048, True, 60,
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...", url_parameter="key",
    ),
    TargetKind.FEISHU: KindSpec(
        said.FEISHU, 100, True, 16_000, True, 60,
        "https://open.feishu.cn/open-apis/bot/v2/hook/...",
    ),
    TargetKind.SLACK: KindSpec(
        said.SLACK, 60, False, 30_000, True, 60, "https://hooks.slack.com/services/...",
    ),
    TargetKind.WEBHOOK: KindSpec(
        said.JSON_WEBHOOK, 60, True, 16_000, False, 60, "https://alerts.example.com/cdnmon",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One place alerts go. Holds no secret: safe to save and show."""

    name: str
    kind: TargetKind
    per_minute: float | None = None  # None: the kind's documented limit
    enabled: bool = True

    def __post_init__(self) -> None:
        check_target_name(self.name)
        limit = KINDS[self.kind].per_minute
        if self.per_minute is not None and not 0 < self.per_minute <= max(limit, 600):
            raise InputError(said.TARGET_PACE_RANGE, name=self.name, most=max(limit, 600))

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    @property
    def rate_per_minute(self) -> float:
        return self.per_minute if self.per_minute is not None else self.spec.per_minute

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "per_minute": self.per_minute,
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
            raise InputError(said.TARGET_NOT_AN_OBJECT)
        try:
            kind = TargetKind(data.get("kind"))
        except ValueError:
            kinds = ", ".join(k.value for k in TargetKind)
            raise InputError(
                said.TARGET_KIND_UNKNOWN, name=data["name"], kind=data.get("kind"), kinds=kinds
            ) from None
        pace = data.get("per_minute")
        if pace is not None and (isinstance(pace, bool) or not isinstance(pace, int | float)):
            raise InputError(said.TARGET_PACE_NOT_A_NUMBER, name=data["name"])
        enabled = data.get("enabled", True)
        if not isinstance(enabled, bool):
            raise InputError(said.TARGET_ENABLED_NOT_A_SWITCH, name=data["name"])
        return cls(data["name"], kind, None if pace is None else float(pace), enabled)


@dataclass(frozen=True, repr=False)
class TargetSecret:
    """A target's webhook URL and signing secret ("" when the target is not signed)."""

    url: str
    signing_secret: str = ""

    def __repr__(self) -> str:
        signed = "<hidden>" if self.signing_secret else "''"
        return f"TargetSecret(url=<hidden>, signing_secret={signed})"

    __str__ = __repr__

    def register_for_redaction(self) -> None:
        """Have the log redact the URL, its token and the secret wherever they appear. A
        token is a query value or last path part of 16 characters or more (the robots' are
        32 to 64): a short one ("send", "prod") is ordinary text."""
        logs.register_secret(self.url)
        parts = urlsplit(self.url)
        tokens = [v for values in parse_qs(parts.query).values() for v in values]
        tokens.append(parts.path.rstrip("/").rpartition("/")[2])
        for token in tokens:
            if len(token) >= TOKEN_LENGTH:
                logs.register_secret(token)
        if self.signing_secret:
            logs.register_secret(self.signing_secret)


# --- checks ------------------------------------------------------------------------------


def _unprintable(text: str) -> bool:
    return any(unicodedata.category(ch)[0] == "C" for ch in text)


def check_target_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InputError(said.TARGET_NAME_EMPTY)
    if len(name) > MAX_NAME or "/" in name or _unprintable(name) or name != name.strip():
        raise InputError(said.TARGET_NAME_UNUSABLE, name=name[:MAX_NAME], most=MAX_NAME)
    return name


def check_webhook_url(kind: TargetKind, url: str) -> str:
    """The URL, stripped; InputError saying what is wrong with it, never quoting it."""
    spec = KINDS[kind]
    text = url.strip()
    named = {"service": spec.title}
    like = {**named, "example": spec.example_url}
    if not text:
        raise InputError(said.URL_EMPTY, **like)
    if any(ch.isspace() for ch in text) or _unprintable(text):
        raise InputError(said.URL_SPACES, **named)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- ValueError unless absent or a number from 0 to 65535
    except ValueError:
        raise InputError(said.URL_UNREADABLE, **like) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(said.URL_NOT_HTTPS, **like)
    if parts.username or parts.password:
        raise InputError(said.URL_USER_OR_PASSWORD, **named)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InputError(said.URL_PLAIN_HTTP, **named)
    if spec.url_parameter and not parse_qs(parts.query).get(spec.url_parameter):
        raise InputError(said.URL_NO_PARAMETER, parameter=spec.url_parameter, **like)
    return text


def check_signing_secret(kind: TargetKind, secret: str) -> str:
    spec = KINDS[kind]
    if not secret:
        if spec.secret_required:
            raise InputError(said.SECRET_REQUIRED, service=spec.title)
        return secret
    if not spec.signed:
        raise InputError(said.SECRET_NOT_SIGNED, service=spec.title)
    if len(secret) > 1024 or any(ch.isspace() for ch in secret) or _unprintable(secret):
        raise InputError(said.SECRET_CHARACTERS, service=spec.title)
    if kind is TargetKind.WEBHOOK:
        webhook_key(secret)  # raises InputError unless whsec_ and base64
    return secret


def webhook_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret ``whsec_<base64>`` (24 to 64 bytes)."""
    wrong = InputError(said.WEBHOOK_SECRET_FORM, prefix=WEBHOOK_SECRET_PREFIX)
    if not secret.startswith(WEBHOOK_SECRET_PREFIX):
        raise wrong
    try:
        key = base64.b64decode(secret[len(WEBHOOK_SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise wrong from None
    if not 24 <= len(key) <= 64:
        raise wrong
    return key


def new_webhook_secret() -> str:
    """A fresh Standard Webhooks signing secret, for the receiver to be given too."""
    return WEBHOOK_SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


# --- the keyring -------------------------------------------------------------------------


class TargetSecrets(KeyringStore):
    """Targets' URLs and signing secrets in the OS keyring; each entry is one JSON object,
    so a URL and its secret are always stored and replaced together."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        service: str = SERVICE,
    ) -> None:
        super().__init__(backend, service=service, timeout=timeout)

    @staticmethod
    def username(name: str) -> str:
        return f"alert-target/{check_target_name(name)}"

    def get(self, name: str) -> TargetSecret | None:
        stored = self.get_password(self.username(name))
        if stored is None:
            return None
        try:
            data = json.loads(stored)
            found = TargetSecret(str(data["url"]), str(data.get("signing_secret", "")))
        except (ValueError, TypeError, KeyError):
            raise CredentialError(said.KEYRING_ENTRY_UNREADABLE, name=name) from None
        found.register_for_redaction()
        return found

    def set(self, target: Target, url: str, signing_secret: str = "") -> None:
        """Check and store the target's URL and secret (InputError before anything is kept)."""
        found = TargetSecret(
            check_webhook_url(target.kind, url), check_signing_secret(target.kind, signing_secret)
        )
        found.register_for_redaction()
        payload = json.dumps({"url": found.url, "signing_secret": found.signing_secret})
        self.set_password(self.username(target.name), payload)

    def delete(self, name: str) -> bool:
        return self.delete_password(self.username(name))
