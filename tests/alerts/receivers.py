"""Loopback stand-ins for the chat services: each checks a request's signature the way the
service's documentation says to, and answers the way the service does.

The checks are written here from the documents, not taken from ``cdnmon.alerts``: a mistake
in cdnmon's signing must fail them.
- DingTalk custom robot: query ``access_token``, ``timestamp`` (ms, within an hour) and
  ``sign`` = urlEncode(Base64(HmacSHA256(key=secret, timestamp + "\\n" + secret))); answers
  ``{"errcode":0,"errmsg":"ok"}``, a bad signature ``310000``.
- WeCom group robot: query ``key``; answers ``{"errcode":0,"errmsg":"ok"}``, a bad key
  ``93000``.
- Feishu custom bot: body ``timestamp`` (s, within an hour) and ``sign`` =
  Base64(HmacSHA256(key=timestamp + "\\n" + secret, message="")); answers ``{"code":0,...}``,
  a bad signature ``19021``.
- Slack incoming webhook: the path is the key; answers ``ok`` as text, a bad path 404
  ``no_service``.
- Standard Webhooks: ``webhook-signature: v1,`` Base64(HmacSHA256(key=base64decode(secret
  after "whsec_"), id + "." + timestamp + "." + body)), timestamp within 5 minutes.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

# Distinctive values, so a leak anywhere is easy to find.
DINGTALK_TOKEN = "dt0ken5e3c7a9b1f2d4e6a8c0b2d4f6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2"
DINGTALK_SECRET = "SECd1n9741ks3cr3tV4lu3f0rt3st1ngXq8Zr2Lw6Tp0Yk4Hm"
WECOM_KEY = "w3c0m-k3y5-9a7b-4c2d-8e6f0a1b2c3d"
FEISHU_TOKEN = "f3i5hu70-k3n0-4b2c-9d8e-7f6a5b4c3d2e"
FEISHU_SECRET = "f31shuS1gn1ngS3cr3tQw8Er4Ty"
SLACK_PATH = "/services/T0SL4CK01/B0SL4CK02/sl4ckW3bh00kT0k3nXy9Zq"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"standard-webhooks-test-key-0123456789").decode()
ALL_SECRETS = (
    DINGTALK_TOKEN,
    DINGTALK_SECRET,
    WECOM_KEY,
    FEISHU_TOKEN,
    FEISHU_SECRET,
    SLACK_PATH.rsplit("/", 1)[1],
    WEBHOOK_SECRET,
)


@dataclass
class Received:
    """One request the receiver accepted."""

    at: float  # time.monotonic() when it arrived
    text: str  # the message text it carried
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Scripted:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Receiver:
    """One service on 127.0.0.1. ``url`` is what a person would paste into cdnmon."""

    def __init__(self, kind: str, signing_secret: str = "") -> None:
        self.kind = kind
        self.signing_secret = signing_secret
        self.received: list[Received] = []
        self.refused: list[str] = []  # why requests were turned away
        self.script: list[Scripted] = []  # answers to give first, in order
        self.lock = threading.Lock()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.start()

    @property
    def url(self) -> str:
        base = f"http://127.0.0.1:{self.port}"
        return {
            "dingtalk": f"{base}/robot/send?access_token={DINGTALK_TOKEN}",
            "wecom": f"{base}/cgi-bin/webhook/send?key={WECOM_KEY}",
            "feishu": f"{base}/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
            "slack": f"{base}{SLACK_PATH}",
            "webhook": f"{base}/hooks/cdnmon",
        }[self.kind]

    def texts(self) -> list[str]:
        with self.lock:
            return [r.text for r in self.received]

    def start(self) -> None:
        """Listen (again, on the same port once it had one)."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                status, body, headers = receiver.answer(self.path, dict(self.headers), raw)
                payload = body.encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until :meth:`start`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join()
            self._server = None

    # ---- what the service does ----------------------------------------------------------

    def answer(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, str, dict]:
        with self.lock:
            if self.script:
                scripted = self.script.pop(0)
                return scripted.status, scripted.body, scripted.headers
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        check = getattr(self, f"_{self.kind}")
        status, answer, text = check(
            urlsplit(path), {k.lower(): v for k, v in headers.items()}, raw, body
        )
        with self.lock:
            if text is None:
                self.refused.append(answer)
            else:
                self.received.append(Received(time.monotonic(), text, body, headers))
        kind = "text/plain" if self.kind == "slack" else "application/json"
        return status, answer, {"Content-Type": kind}

    def _dingtalk(self, url: Any, headers: dict, raw: bytes, body: Any) -> tuple:
        query = parse_qs(url.query)
        if url.path != "/robot/send" or query.get("access_token") != [DINGTALK_TOKEN]:
            return 200, _code(300001, "token is not exist"), None
        if self.signing_secret:
            stamp = query.get("timestamp", [""])[0]
            raw_sign = dict(p.split("=", 1) for p in url.query.split("&")).get("sign", "")
            string_to_sign = f"{stamp}\n{self.signing_secret}".encode()
            expected = base64.b64encode(
                hmac.new(self.signing_secret.encode(), string_to_sign, hashlib.sha256).digest()
            ).decode()
            fresh = stamp.isdigit() and abs(int(stamp) - time.time() * 1000) < 3_600_000
            if not fresh or raw_sign != quote_plus(expected):
                return 200, _code(310000, "sign not match"), None
        if not _text_message(body, "msgtype", "text", "content"):
            return 200, _code(40035, "缺少参数 json"), None
        return 200, _code(0, "ok"), body["text"]["content"]

    def _wecom(self, url: Any, headers: dict, raw: bytes, body: Any) -> tuple:
        if parse_qs(url.query).get("key") != [WECOM_KEY]:
            return 200, _code(93000, "invalid webhook url"), None
        if not _text_message(body, "msgtype", "text", "content"):
            return 200, _code(44004, "empty content"), None
        if len(body["text"]["content"].encode("utf-8")) > 2048:
            return 200, _code(40058, "content exceed max length 2048"), None
        return 200, _code(0, "ok"), body["text"]["content"]

    def _feishu(self, url: Any, headers: dict, raw: bytes, body: Any) -> tuple:
        if url.path != f"/open-apis/bot/v2/hook/{FEISHU_TOKEN}":
            return (
                404,
                json.dumps(
                    {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
                ),
                None,
            )
        if self.signing_secret:
            stamp = str(body.get("timestamp", "")) if isinstance(body, dict) else ""
            key = f"{stamp}\n{self.signing_secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            fresh = stamp.isdigit() and abs(int(stamp) - time.time()) < 3600
            if not fresh or body.get("sign") != expected:
                said = "sign match fail or timestamp is not within one hour from current time"
                return 200, json.dumps({"code": 19021, "data": {}, "msg": said}), None
        if not _text_message(body, "msg_type", "content", "text"):
            return 200, json.dumps({"code": 9499, "data": {}, "msg": "Bad Request"}), None
        ok = {"StatusCode": 0, "StatusMessage": "success", "code": 0, "data": {}, "msg": "success"}
        return 200, json.dumps(ok), body["content"]["text"]

    def _slack(self, url: Any, headers: dict, raw: bytes, body: Any) -> tuple:
        if url.path != SLACK_PATH:
            return 404, "no_service", None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"]:
            return 400, "invalid_payload", None
        return 200, "ok", body["text"]

    def _webhook(self, url: Any, headers: dict, raw: bytes, body: Any) -> tuple:
        msg_id, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
        key = base64.b64decode(self.signing_secret.removeprefix("whsec_"))
        expected = base64.b64encode(
            hmac.new(key, f"{msg_id}.{stamp}.".encode() + raw, hashlib.sha256).digest()
        ).decode()
        offered = [
            s.split(",", 1)[1]
            for s in headers.get("webhook-signature", "").split(" ")
            if s.startswith("v1,")
        ]
        fresh = stamp.isdigit() and abs(int(stamp) - time.time()) < 300
        if not msg_id or not fresh or not any(hmac.compare_digest(o, expected) for o in offered):
            return 401, json.dumps({"error": "bad signature"}), None
        if not isinstance(body, dict) or "type" not in body or "data" not in body:
            return 400, json.dumps({"error": "not a Standard Webhooks payload"}), None
        return 204, "", body["data"].get("text", "")


def _code(code: int, message: str) -> str:
    return json.dumps({"errcode": code, "errmsg": message}, ensure_ascii=False)


def _text_message(body: Any, kind_field: str, outer: str, inner: str) -> bool:
    if not isinstance(body, dict) or body.get(kind_field) != "text":
        return False
    content = body.get(outer)
    return (
        isinstance(content, dict) and isinstance(content.get(inner), str) and bool(content[inner])
    )


@contextlib.contextmanager
def receiving(kind: str, signing_secret: str = "") -> Iterator[Receiver]:
    receiver = Receiver(kind, signing_secret)
    try:
        yield receiver
    finally:
        receiver.stop()


def wait_until(condition: Any, timeout: float = 10.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())
