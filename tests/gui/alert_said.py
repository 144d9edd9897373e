"""What the alerts say, made to happen for real: a rule or target written wrong, a webhook
URL or secret typed wrong, a message that does not reach its target (over real sockets: a
closed port, a receiver that never answers, TLS to a plain HTTP server), and alert files
that cannot be read or written. For the checks that every such text is one of cdnmon's
messages and reads in the window's language (test_error_text)."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from cdnmon.alerts import webhooks
from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.journal import AlertJournal, State
from cdnmon.alerts.outbox import Backoff, Outbox
from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.settings import AlertSettings
from cdnmon.alerts.targets import (
    Target,
    TargetKind,
    TargetSecret,
    TargetSecrets,
    check_signing_secret,
    check_target_name,
    check_webhook_url,
)
from cdnmon.messages import Statement
from tests.keyrings import DictKeyring

GOOD_RULE = {"kind": "origin_above", "provider": "aliyun", "account": "a", "threshold": 1e6}
BAD_RULES = [
    5,
    {**GOOD_RULE, "kind": "x"},
    {**GOOD_RULE, "title": 5},
    {**GOOD_RULE, "domains": "d"},
    {**GOOD_RULE, "threshold": "1"},
    {**GOOD_RULE, "for_s": 1.5},
    {**GOOD_RULE, "provider": "akamai"},
    {**GOOD_RULE, "account": " "},
    {**GOOD_RULE, "domains": ["a.com", "a.com"]},
    {**GOOD_RULE, "domains": ["a.com", "b.com"]},
    {**GOOD_RULE, "threshold": float("nan")},
    {**GOOD_RULE, "threshold": 0},
    {**GOOD_RULE, "kind": "origin_up", "threshold": 101},
    {**GOOD_RULE, "kind": "offload_below", "threshold": 2},
    {**GOOD_RULE, "for_s": 10**7},
    {**GOOD_RULE, "kind": "no_data", "for_s": 30},
    {**GOOD_RULE, "hysteresis": 1},
    {**GOOD_RULE, "min_bps": -1},
    {**GOOD_RULE, "targets": [" "]},
]
BAD_TARGETS = [
    5,
    {"name": "t", "kind": "x"},
    {"name": "t", "kind": "slack", "per_minute": "1"},
    {"name": "t", "kind": "slack", "enabled": 1},
    {"name": "t", "kind": "dingtalk", "per_minute": 1000},
]
# One for each thing check_webhook_url finds wrong.
BAD_URLS = [
    (TargetKind.DINGTALK, ""),
    (TargetKind.WECOM, "https://a b"),
    (TargetKind.FEISHU, "https://x:99999/"),
    (TargetKind.SLACK, "ftp://x"),
    (TargetKind.WEBHOOK, "https://u:p@x.com/"),
    (TargetKind.SLACK, "http://x.com/"),
    (TargetKind.DINGTALK, "https://oapi.dingtalk.com/robot/send"),
]
BAD_SECRETS = [
    (TargetKind.WECOM, "abc"),
    (TargetKind.FEISHU, "a b"),
    (TargetKind.WEBHOOK, "whsec_x"),
]


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except Exception as error:
        return error
    raise AssertionError("nothing was raised")


def alert_errors(tmp_path: Path) -> list[BaseException]:
    """The errors a person's rule, target, URL, secret or settings file gets."""
    keyring = DictKeyring()
    keyring.set_password("cdnmon", "alert-target/t", "not json")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    (tmp_path / "folder.json").mkdir()
    unreadable = AlertSettings(tmp_path / "folder.json")
    unreadable.load()
    return [
        *(raised(lambda data=data: Rule.from_dict(data)) for data in BAD_RULES),
        *(raised(lambda data=data: Target.from_dict(data)) for data in BAD_TARGETS),
        raised(lambda: check_target_name("")),
        raised(lambda: check_target_name("a/b")),
        *(raised(lambda k=kind, u=url: check_webhook_url(k, u)) for kind, url in BAD_URLS),
        *(raised(lambda k=kind, s=s: check_signing_secret(k, s)) for kind, s in BAD_SECRETS),
        raised(lambda: TargetSecrets(keyring, timeout=5).get("t")),
        raised(lambda: unreadable.save([], [])),
        raised(lambda: AlertSettings(blocker / "alert-rules.json").save([], [])),
    ]


# ---- delivery --------------------------------------------------------------------------


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _receivers() -> Iterator[tuple[int, int, int]]:
    """A closed port, a socket that takes connections and never answers, and a plain HTTP
    server (which a TLS handshake fails against)."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    plain = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    serving = threading.Thread(target=plain.serve_forever, daemon=True)
    serving.start()
    try:
        yield closed_port, silent.getsockname()[1], plain.server_address[1]
    finally:
        plain.shutdown()
        plain.server_close()
        silent.close()


def _deliver(kind: TargetKind, url: str, secret: str = "") -> str:
    message = webhooks.Message("id-1", "[cdnmon] test")
    with requests.Session() as session:
        answer = webhooks.deliver(
            session, Target("t", kind), TargetSecret(url, secret), message, time.time(), (2, 0.5)
        )
    assert not answer.delivered
    return answer.problem


# What services answer: throttled, redirected, failing, gone, refusing, someone else.
ANSWERS = [
    (TargetKind.DINGTALK, 429, "", "7"),
    (TargetKind.WECOM, 302, "", None),
    (TargetKind.FEISHU, 503, "", None),
    (TargetKind.WEBHOOK, 410, "", None),
    (TargetKind.SLACK, 404, "no_service", None),
    (TargetKind.WEBHOOK, 400, "", None),
    (TargetKind.DINGTALK, 200, "<html>portal</html>", None),
    (TargetKind.DINGTALK, 200, '{"errcode": 130101, "errmsg": "send too fast"}', None),
    (TargetKind.FEISHU, 400, '{"code": 19021, "msg": "sign match fail"}', None),
]


def _event() -> AlertEvent:
    rule = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "a", ("d.example.com",), 1e6)
    (subject,) = rule.subjects([("aliyun", "a", "d.example.com")])
    return AlertEvent("event-1", rule, subject, Change.FIRED, 2e6, 1000.0, 1000.0)


def _wait(done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "the outbox did not get there"
        time.sleep(0.02)


def _problems(outbox: Outbox) -> list[str]:
    return [d.last_error for e in outbox.entries() for d in e.deliveries.values()]


def delivery_problems(tmp_path: Path) -> list[str]:
    """Why messages did not reach their targets, as the outbox records and reports them."""
    said: list[str] = []
    with _receivers() as (closed, silent, plain):
        said += [
            _deliver(TargetKind.SLACK, f"http://127.0.0.1:{closed}/hook"),
            _deliver(TargetKind.SLACK, f"http://127.0.0.1:{silent}/hook"),
            _deliver(TargetKind.SLACK, f"https://127.0.0.1:{plain}/hook"),
            _deliver(TargetKind.SLACK, "http://127.0.0.1:99999/hook"),
            _deliver(TargetKind.WEBHOOK, f"http://127.0.0.1:{plain}/hook", "whsec_x"),
        ]
    said += [webhooks.read_answer(*answer).problem for answer in ANSWERS]

    # A target without a URL fails until its deliveries are given up; a test message says so.
    secrets = TargetSecrets(DictKeyring(), timeout=5)
    quick = Backoff(first_s=0.01, max_s=0.02, give_up_after_s=0.3)
    store = AlertJournal(tmp_path / "alerts.json")
    outbox = Outbox(store, [Target("no-url", TargetKind.SLACK)], secrets, backoff=quick)
    tested: list[str | None] = []
    try:
        outbox.send_test("nobody", "[cdnmon] test", tested.append)
        outbox.send_test("no-url", "[cdnmon] test", tested.append)
        outbox.add([(_event(), "[cdnmon] alert")])
        _wait(lambda: len(tested) == 2 and outbox.entries()[0].deliveries["no-url"].done_at)
        said += [problem for problem in tested if problem] + _problems(outbox)
    finally:
        outbox.close()

    # A clock that runs fast gives up before any try.
    moments = itertools.count(0.0, 60.0)
    store = AlertJournal(tmp_path / "fast.json")
    fast = Backoff(give_up_after_s=1.0)
    late = [Target("late", TargetKind.SLACK)]
    outbox = Outbox(store, late, secrets, backoff=fast, clock=lambda: next(moments))
    try:
        outbox.add([(_event(), "[cdnmon] alert")])
        _wait(lambda: outbox.entries()[0].deliveries["late"].state is State.DROPPED)
        said += _problems(outbox)
    finally:
        outbox.close()

    # A target removed while its alert waits for the next try drops it.
    store = AlertJournal(tmp_path / "removed.json")
    outbox = Outbox(store, [Target("removed", TargetKind.SLACK)], secrets)
    try:
        outbox.add([(_event(), "[cdnmon] alert")])
        _wait(lambda: outbox.entries()[0].deliveries["removed"].attempts == 1)
        outbox.set_targets([])
        said += _problems(outbox)[-1:]
    finally:
        outbox.close()
    return said


def file_problems(tmp_path: Path) -> list[str]:
    """What the alert history and settings files say when they cannot be used as they are."""
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "blocker").write_text("not a folder")
    newer = tmp_path / "newer.json"
    newer.write_text('{"version": 9, "entries": [], "rules": [], "targets": []}')
    said: list[str] = []
    for path in (tmp_path / "folder.json", newer):
        journal = AlertJournal(path)
        journal.load()
        said.append(journal.read_only_reason)
    journal = AlertJournal(tmp_path / "blocker" / "alerts.json")
    journal.save([])
    said.append(journal.save_error)
    target = {"name": "t", "kind": "slack"}
    files = {
        "unreadable": None,
        "newer": None,
        "damaged": b"{damaged",
        "not-text": b"\xff",
        "not-an-object": b"[]",
        "no-version": b'{"version": "one"}',
        "not-lists": b'{"rules": 5}',
        "bad-entries": json.dumps({"rules": [{"kind": "x"}], "targets": [target, target]}),
        "same-name": json.dumps({"rules": [], "targets": [target, target]}),
    }
    for name, content in files.items():
        path = {"unreadable": tmp_path / "folder.json", "newer": newer}.get(name)
        if path is None:
            path = tmp_path / f"{name}.json"
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        said += AlertSettings(path).load().problems
    return said


def alert_statements(tmp_path: Path) -> list[Statement]:
    said = [*delivery_problems(tmp_path), *file_problems(tmp_path)]
    for text in said:
        assert isinstance(text, Statement), f"not one of cdnmon's messages: {text!r}"
    return said
