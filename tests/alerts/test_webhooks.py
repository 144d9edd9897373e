"""Each target kind against a loopback stand-in of its service that checks the signature as
the service documents it and answers as the service does."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests

from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.rules import Rule, RuleKind, Subject
from cdnmon.alerts.targets import Target, TargetKind, TargetSecret
from cdnmon.alerts.webhooks import Answer, Message, deliver
from tests.alerts.receivers import (
    DINGTALK_SECRET,
    FEISHU_SECRET,
    WEBHOOK_SECRET,
    Scripted,
    receiving,
)

TEXT = "[cdnmon] ALERT: img.example.com 源站带宽 1.2 Gbps"
SIGNED = [
    ("dingtalk", DINGTALK_SECRET),
    ("dingtalk", ""),  # a robot guarded by a keyword instead
    ("wecom", ""),
    ("feishu", FEISHU_SECRET),
    ("feishu", ""),
    ("slack", ""),
    ("webhook", WEBHOOK_SECRET),
]
SECRETS = {"dingtalk": DINGTALK_SECRET, "feishu": FEISHU_SECRET, "webhook": WEBHOOK_SECRET}


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


def send(
    session: requests.Session,
    kind: str,
    url: str,
    secret: str,
    message: Message | None = None,
    now: float | None = None,
) -> Answer:
    target = Target(f"ops-{kind}", TargetKind(kind))
    message = message or Message("3f2a9c", TEXT)
    return deliver(
        session,
        target,
        TargetSecret(url, secret),
        message,
        time.time() if now is None else now,
        (2.0, 5.0),
    )


@pytest.mark.parametrize(
    ("kind", "secret"), SIGNED, ids=[f"{k}-{'signed' if s else 'unsigned'}" for k, s in SIGNED]
)
def test_each_kind_is_accepted_by_its_service(
    session: requests.Session, kind: str, secret: str
) -> None:
    with receiving(kind, secret) as receiver:
        assert send(session, kind, receiver.url, secret) == Answer(True)
        assert receiver.texts() == [TEXT] and receiver.refused == []


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("dingtalk", "code 310000: sign not match"),
        ("feishu", "code 19021: sign match fail"),
        ("webhook", "HTTP 401"),
    ],
)
def test_a_wrong_signing_secret_is_refused(session: requests.Session, kind: str, said: str) -> None:
    real = SECRETS.get(kind, "")
    wrong = "whsec_" + "QUJD" * 8 if kind == "webhook" else real[:-4] + "XXXX"
    with receiving(kind, real) as receiver:
        answer = send(session, kind, receiver.url, wrong)
        assert not answer.delivered and answer.refused and said in answer.problem
        assert receiver.received == [] and len(receiver.refused) == 1


def test_an_unsigned_message_to_a_signed_robot_is_refused(session: requests.Session) -> None:
    with receiving("dingtalk", DINGTALK_SECRET) as receiver:
        answer = send(session, "dingtalk", receiver.url, "")
        assert answer.refused and "310000" in answer.problem


def test_a_signature_from_a_clock_an_hour_wrong_is_refused(session: requests.Session) -> None:
    for kind in ("dingtalk", "feishu"):
        secret = SECRETS.get(kind, "")
        with receiving(kind, secret) as receiver:
            answer = send(session, kind, receiver.url, secret, now=time.time() - 3700)
            assert answer.refused, answer


@pytest.mark.parametrize(
    ("kind", "url_change", "said"),
    [
        ("dingtalk", ("access_token=", "access_token=0"), "code 300001"),
        ("wecom", ("key=", "key=0"), "code 93000: invalid webhook url"),
        ("slack", ("/services/", "/services/X"), "HTTP 404 no_service"),
    ],
)
def test_a_wrong_url_is_refused_with_the_services_reason(
    session: requests.Session, kind: str, url_change: tuple[str, str], said: str
) -> None:
    with receiving(kind) as receiver:
        answer = send(session, kind, receiver.url.replace(*url_change), "")
        assert answer.refused and said in answer.problem, answer


@pytest.mark.parametrize(
    ("kind", "scripted", "wait"),
    [
        (
            "dingtalk",
            Scripted(
                200, '{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}'
            ),
            600,
        ),
        ("wecom", Scripted(200, '{"errcode":45009,"errmsg":"api freq out of limit"}'), 60),
        ("feishu", Scripted(200, '{"code":11232,"data":{},"msg":"frequency limited"}'), 60),
        ("slack", Scripted(429, "rate_limited", {"Retry-After": "7"}), 7),
        ("webhook", Scripted(503, "", {"Retry-After": "3"}), 3),
    ],
)
def test_throttling_asks_for_a_wait(
    session: requests.Session, kind: str, scripted: Scripted, wait: float
) -> None:
    secret = SECRETS.get(kind, "")
    with receiving(kind, secret) as receiver:
        receiver.script.append(scripted)
        answer = send(session, kind, receiver.url, secret)
        assert (answer.delivered, answer.refused, answer.wait_s) == (False, False, wait)


def test_an_answer_that_is_not_the_services_own_is_tried_again(session: requests.Session) -> None:
    with receiving("wecom") as receiver:
        receiver.script.append(Scripted(200, "<html>captive portal</html>"))
        answer = send(session, "wecom", receiver.url, "")
        assert not answer.delivered and not answer.refused


def test_a_closed_port_is_a_network_problem_naming_only_the_host(session: requests.Session) -> None:
    with receiving("dingtalk", DINGTALK_SECRET) as receiver:
        url = receiver.url
    answer = send(session, "dingtalk", url, DINGTALK_SECRET)
    assert not answer.delivered and not answer.refused
    assert "could not connect to 127.0.0.1:" in answer.problem
    assert "access_token" not in answer.problem and DINGTALK_SECRET not in answer.problem


def test_the_json_webhook_carries_the_alert_with_its_id_on_every_try(
    session: requests.Session,
) -> None:
    rule = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", ("img.example.com",), 1e9, name="high")
    subject = Subject("aliyun", "prod", ("img.example.com",), "img.example.com")
    event = AlertEvent(
        "a1b2c3", rule, subject, Change.FIRED, 1.2e9, 1_760_000_040, 1_760_000_400, 1.2e9
    )
    message = Message(event.id, TEXT, (event,))
    with receiving("webhook", WEBHOOK_SECRET) as receiver:
        receiver.script.append(Scripted(500, ""))
        assert not send(session, "webhook", receiver.url, WEBHOOK_SECRET, message).delivered
        assert send(session, "webhook", receiver.url, WEBHOOK_SECRET, message).delivered
        [got] = receiver.received
    assert got.headers["webhook-id"] == "a1b2c3"
    assert got.body["type"] == "cdnmon.alert.fired"
    assert got.body["timestamp"] == "2025-10-09T08:54:00Z"
    data = got.body["data"]
    assert (data["value"], data["subject"]["title"], data["rule"]["name"]) == (
        1.2e9,
        "img.example.com",
        "high",
    )
    assert data["text"] == TEXT
    assert AlertEvent.from_dict({k: v for k, v in data.items() if k != "text"}) == event
    assert json.dumps(got.body, ensure_ascii=False).count(TEXT) == 1


def test_a_long_text_is_cut_to_what_the_service_takes(session: requests.Session) -> None:
    with receiving("wecom") as receiver:
        assert send(session, "wecom", receiver.url, "", Message("x", "告警" * 2000)).delivered
        [text] = receiver.texts()
    assert len(text.encode("utf-8")) <= 2048 and text.endswith("…")
