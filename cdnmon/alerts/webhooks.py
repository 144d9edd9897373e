"""One message to one target: the request each service wants, signed as it documents, and
what its answer means.

Signing, as each service documents it:
- DingTalk custom robot ("加签"): ``string_to_sign = timestamp + "\\n" + secret``, HMAC-SHA256
  keyed with the secret, Base64, then URL-encoded (UTF-8); sent as the query parameters
  ``timestamp`` (milliseconds, within an hour of DingTalk's clock) and ``sign``.
- Feishu/Lark custom bot ("签名校验"): ``timestamp + "\\n" + secret`` is the HMAC-SHA256 *key*,
  the message is empty, Base64; sent in the JSON body as ``timestamp`` (seconds) and ``sign``.
- WeCom group robot and Slack incoming webhook: not signed; the key is the URL itself.
- Generic JSON webhook: Standard Webhooks 1.0 (symmetric): headers ``webhook-id``,
  ``webhook-timestamp`` (seconds) and ``webhook-signature: v1,<base64>``, the HMAC-SHA256 of
  ``{id}.{timestamp}.{body}`` keyed with the base64-decoded part of ``whsec_...``. The id is
  the alert's, the same on every retry, so a receiver can drop a repeat.

Answers: DingTalk and WeCom say ``{"errcode": 0, "errmsg": "ok"}``, Feishu ``{"code": 0}``,
Slack the text ``ok``; the webhook any 2xx. A problem is one sentence without the URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus, urlsplit

import requests

from cdnmon import __version__, logs
from cdnmon.alerts.events import AlertEvent
from cdnmon.alerts.targets import KINDS, Target, TargetKind, TargetSecret, webhook_key
from cdnmon.messages import Statement
from cdnmon.messages import alerts as said
from cdnmon.model import InputError

USER_AGENT = f"cdnmon/{__version__}"
# (connect, read) seconds: the Standard Webhooks advice is 15 to 30 s for an answer.
DEFAULT_TIMEOUT = (5.0, 20.0)
# Codes that mean "too many messages": DingTalk's "send too fast" and its throttle, WeCom's
# "api freq out of limit", Feishu's frequency control.
THROTTLED_CODES = {
    TargetKind.DINGTALK: {130101, 410100},
    TargetKind.WECOM: {45009},
    TargetKind.FEISHU: {11232},
}
_DETAIL = 160  # characters of a service's own error text kept in a problem


@dataclass(frozen=True)
class Message:
    """What goes out in one request: the text, and the alerts it is about (none for a test
    message). ``id`` is the alert's id for a single alert (the webhook's idempotency key)."""

    id: str
    text: str
    events: tuple[AlertEvent, ...] = ()


@dataclass(frozen=True)
class Answer:
    """How one try went. ``problem`` is a statement of :mod:`cdnmon.messages.alerts` (the
    window says it in its language). ``wait_s``: the service asked to be left alone this
    long. ``refused``: it refused the message itself (signature, keyword, a dead URL), so
    trying again soon will not help until a person changes something."""

    delivered: bool
    problem: str = ""
    wait_s: float | None = None
    refused: bool = False


# --- signatures --------------------------------------------------------------------------


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Base64 HMAC-SHA256 of ``timestamp\\nsecret`` keyed with the secret (not URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Base64 HMAC-SHA256 keyed with ``timestamp\\nsecret`` over an empty message."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def standard_webhook_signature(secret: str, msg_id: str, timestamp_s: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``."""
    signed = f"{msg_id}.{timestamp_s}.".encode() + body
    digest = hmac.new(webhook_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


# --- requests ----------------------------------------------------------------------------


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-8 bytes (ending in "…" when cut)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode("utf-8", errors="ignore") + "…"


def prepare(target: Target, secret: TargetSecret, message: Message, now: float) -> requests.Request:
    """The signed request for ``message``; ``now`` is the real time (the services check it)."""
    kind, url = target.kind, secret.url
    text = fit(message.text, KINDS[kind].max_text_bytes)
    headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json; charset=utf-8"}
    payload: dict[str, Any]
    if kind in (TargetKind.DINGTALK, TargetKind.WECOM):
        payload = {"msgtype": "text", "text": {"content": text}}
        if kind is TargetKind.DINGTALK and secret.signing_secret:
            stamp = int(now * 1000)
            sign = quote_plus(dingtalk_sign(secret.signing_secret, stamp))
            url += f"&timestamp={stamp}&sign={sign}"
    elif kind is TargetKind.FEISHU:
        payload = {"msg_type": "text", "content": {"text": text}}
        if secret.signing_secret:
            stamp = int(now)
            payload = {
                "timestamp": str(stamp),
                "sign": feishu_sign(secret.signing_secret, stamp),
                **payload,
            }
    elif kind is TargetKind.SLACK:
        payload = {"text": text}
    else:
        payload = webhook_payload(message, text, now)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if kind is TargetKind.WEBHOOK:
        stamp = int(now)
        headers |= {"webhook-id": message.id, "webhook-timestamp": str(stamp)}
        if secret.signing_secret:
            headers["webhook-signature"] = standard_webhook_signature(
                secret.signing_secret, message.id, stamp, body
            )
    return requests.Request("POST", url, headers=headers, data=body)


def webhook_payload(message: Message, text: str, now: float) -> dict[str, Any]:
    """The generic webhook's body, shaped as Standard Webhooks recommends: type, timestamp,
    data (the alert's fields in the program's units, and the rendered text)."""
    if not message.events:
        return {"type": "cdnmon.test", "timestamp": _iso(now), "data": {"text": text}}
    (event,) = message.events
    return {
        "type": f"cdnmon.alert.{event.change.value}",
        "timestamp": _iso(event.at),
        "data": {**event.to_dict(), "text": text},
    }


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def deliver(
    session: requests.Session,
    target: Target,
    secret: TargetSecret,
    message: Message,
    now: float,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> Answer:
    """Send ``message`` once; never raises for what the network or the service does."""
    title = KINDS[target.kind].title
    try:
        request = prepare(target, secret, message, now)
        host = urlsplit(secret.url).netloc
    except InputError as error:  # a stored secret that no longer passes
        return Answer(False, said.SERVICE_PROBLEM(service=title, problem=error.said), refused=True)
    except ValueError as error:  # the library's own words about the URL, which it does not quote
        return Answer(False, said.SERVICE_PROBLEM(service=title, problem=str(error)), refused=True)
    problem: Statement
    try:
        response = session.send(
            session.prepare_request(request), timeout=timeout, allow_redirects=False
        )
    except requests.Timeout:
        problem = said.NO_ANSWER(host=host, timeout=timeout[1])
    except requests.exceptions.SSLError:
        problem = said.TLS_FAILED(host=host)
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
        problem = said.NOT_CONNECTED(host=host)
    except requests.RequestException:
        problem = said.REQUEST_FAILED(host=host)
    else:
        with response:
            return read_answer(
                target.kind,
                response.status_code,
                response.text,
                response.headers.get("Retry-After"),
            )
    # The exception's own text holds the URL: only the host is said.
    return Answer(False, said.SERVICE_PROBLEM(service=title, problem=problem))


# --- answers -----------------------------------------------------------------------------


def read_answer(kind: TargetKind, status: int, body: str, retry_after: str | None) -> Answer:
    spec = KINDS[kind]
    title = spec.title
    detail = _detail(body)
    if status == 429:
        return Answer(
            False,
            said.THROTTLING(service=title),
            _seconds(retry_after) or spec.throttled_wait_s,
        )
    if 300 <= status < 400:
        return Answer(False, said.REDIRECTED(service=title, status=status), refused=True)
    if status >= 500:
        return Answer(
            False, said.SERVICE_FAULT(service=title, status=status), _seconds(retry_after)
        )
    if kind in (TargetKind.SLACK, TargetKind.WEBHOOK):
        if 200 <= status < 300:
            return Answer(True)
        if status == 410 and kind is TargetKind.WEBHOOK:
            return Answer(False, said.GONE(service=title), refused=True)
        # Slack's body is the reason: invalid_payload, no_service, channel_is_archived...
        refused = (
            said.REFUSED_HTTP_SAID(service=title, status=status, said=detail)
            if detail
            else said.REFUSED_HTTP(service=title, status=status)
        )
        return Answer(False, refused, refused=True)
    return _read_code(kind, status, body)


def _read_code(kind: TargetKind, status: int, body: str) -> Answer:
    """DingTalk, WeCom and Feishu answer with a code in JSON (Feishu also with HTTP 400)."""
    title = KINDS[kind].title
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        # Not the service speaking (a proxy's page, a captive portal): try again later.
        return Answer(False, said.NOT_ITS_OWN_ANSWER(service=title, status=status))
    if kind is TargetKind.FEISHU:
        code = answer.get("code", answer.get("StatusCode"))
        words = answer.get("msg", answer.get("StatusMessage", ""))
    else:
        code, words = answer.get("errcode"), answer.get("errmsg", "")
    if code == 0 and status == 200:
        return Answer(True)
    detail = _detail(str(words))
    if code in THROTTLED_CODES.get(kind, ()):
        throttled = said.THROTTLING_SAID(service=title, said=detail)
        return Answer(False, throttled, KINDS[kind].throttled_wait_s)
    refused = said.REFUSED_CODE(service=title, code=code, said=detail)
    return Answer(False, refused, refused=True)


def _detail(text: str) -> str:
    """A service's own words, on one line, short, with anything secret-looking redacted."""
    line = " ".join(text.split())
    line = line if len(line) <= _DETAIL else line[: _DETAIL - 1] + "…"
    return logs.redact(line)


def _seconds(retry_after: str | None) -> float | None:
    """Retry-After in seconds (the form these services use), None when absent or a date."""
    try:
        seconds = float(retry_after) if retry_after else None
    except ValueError:
        return None
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None
