"""Delivery through the whole service: rules on snapshots, the keyring, worker threads, real
HTTP to loopback stand-ins of the services, and the journal file across a restart."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from datetime import timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from cdnmon.alerts.journal import State
from cdnmon.alerts.outbox import Backoff
from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.service import AlertService
from cdnmon.alerts.targets import Target, TargetKind, TargetSecrets
from cdnmon.alerts.text import TextRenderer
from cdnmon.live import snapshot
from cdnmon.live.keys import SeriesKey
from cdnmon.live.snapshot import Snapshot
from cdnmon.logs import SecretRedactor
from cdnmon.model import TimeRange
from tests.alerts.receivers import (
    ALL_SECRETS,
    DINGTALK_SECRET,
    FEISHU_SECRET,
    WEBHOOK_SECRET,
    Receiver,
    Scripted,
    receiving,
    wait_until,
)

T0 = 1_760_000_000 // 60 * 60
BEIJING = timezone(timedelta(hours=8))
SECRET_OF = {"dingtalk": DINGTALK_SECRET, "feishu": FEISHU_SECRET, "webhook": WEBHOOK_SECRET}
ACCOUNT_RULE = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", (), 1e9, name="origin high")


def shots(*domains: str, bps: float = 1.5e9, minute: int = 0) -> dict[SeriesKey, Snapshot]:
    """One settled point at ``bps`` (``minute`` minutes after T0) for each domain of aliyun
    account prod."""
    made = {}
    at = T0 + 60 * minute
    for domain in domains:
        key = ("aliyun", "prod", domain)
        points = (np.array([float(at)]), np.array([bps]))
        made[key] = snapshot.make(key, 60, points, TimeRange(at, at + 60), at + 60)
    return made


def target_for(
    receiver: Receiver, secrets: TargetSecrets, per_minute: float | None = None
) -> Target:
    target = Target(f"ops-{receiver.kind}", TargetKind(receiver.kind), per_minute)
    secrets.set(target, receiver.url, SECRET_OF.get(receiver.kind, ""))
    return target


def deliveries(service: AlertService, target: str) -> list[State]:
    return [e.deliveries[target].state for e in service.history() if target in e.deliveries]


def test_an_alert_reaches_every_kind_of_target(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    kinds = ("dingtalk", "wecom", "feishu", "slack", "webhook")
    receivers = [Receiver(kind, SECRET_OF.get(kind, "")) for kind in kinds]
    try:
        targets = [target_for(r, target_secrets) for r in receivers]
        service = make_service(
            rules=[ACCOUNT_RULE], targets=targets, renderer=TextRenderer(BEIJING)
        )
        [event] = service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: all(r.texts() for r in receivers))
        for receiver in receivers:
            [text] = receiver.texts()
            assert text.startswith("[cdnmon] ALERT: img.example.com (Alibaba Cloud account 'prod')")
            assert "Origin 1.5 Gbps is at or above 1 Gbps." in text
            assert "Time: 2025-10-09 16:53 (UTC+08:00)" in text
            assert "Rule: 'origin high': origin at or above 1 Gbps" in text
        assert wait_until(lambda: all(deliveries(service, t.name) == [State.SENT] for t in targets))
        assert all(s.queued == 0 and not s.failing for s in service.status())
        assert [e.event.id for e in service.history()] == [event.id]
    finally:
        for receiver in receivers:
            receiver.stop()


def test_delivery_waits_out_a_receiver_that_is_down(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("dingtalk", DINGTALK_SECRET) as receiver:
        target = target_for(receiver, target_secrets, per_minute=600)  # retries are paced too
        receiver.stop()
        service = make_service(rules=[ACCOUNT_RULE], targets=[target])
        service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: service.history()[0].deliveries[target.name].attempts >= 3)
        [status] = service.status()
        assert status.failing and status.queued == 1
        assert "could not connect to 127.0.0.1" in status.last_error
        receiver.start()
        assert wait_until(lambda: receiver.texts())
        assert wait_until(lambda: deliveries(service, target.name) == [State.SENT])
        [status] = service.status()
        assert not status.failing and status.queued == 0


def test_queued_alerts_are_delivered_after_a_restart(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets, journal_path: Path
) -> None:
    with receiving("feishu", FEISHU_SECRET) as receiver:
        target = target_for(receiver, target_secrets)
        receiver.stop()
        first = make_service(rules=[ACCOUNT_RULE], targets=[target])
        [event] = first.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: first.history()[0].deliveries[target.name].attempts >= 1)
        first.close()
        saved = json.loads(journal_path.read_text(encoding="utf-8"))
        [entry] = saved["entries"]
        assert entry["event"]["id"] == event.id
        assert entry["deliveries"][0]["state"] == "queued"

        receiver.start()
        second = make_service(rules=[ACCOUNT_RULE], targets=[target])
        assert wait_until(lambda: receiver.texts())
        assert "img.example.com" in receiver.texts()[0]
        assert wait_until(lambda: deliveries(second, target.name) == [State.SENT])
        # Still firing after the restart: not announced a second time.
        assert second.evaluate(shots("img.example.com", minute=1), now=T0 + 460) == []
        [cleared] = second.evaluate(shots("img.example.com", bps=1e8, minute=2), now=T0 + 520)
        assert cleared.opened_by == event.id


def test_each_target_is_paced(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("webhook", WEBHOOK_SECRET) as receiver:
        target = target_for(receiver, target_secrets, per_minute=120)  # one each 0.53 s
        service = make_service(rules=[ACCOUNT_RULE], targets=[target])
        domains = [f"d{n}.example.com" for n in range(4)]
        assert len(service.evaluate(shots(*domains), now=T0 + 400)) == 4
        assert wait_until(lambda: len(receiver.received) == 4)
        arrivals = [r.at for r in receiver.received]
    gaps = np.diff(arrivals)
    assert gaps.min() >= 60 / 120 - 0.05, gaps  # evenly spaced, never bunched


def test_a_chat_target_gets_the_alerts_waiting_for_its_pace_in_one_message(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("dingtalk", DINGTALK_SECRET) as receiver:
        target = target_for(receiver, target_secrets)  # DingTalk's own 20 a minute
        service = make_service(rules=[ACCOUNT_RULE], targets=[target])
        service.evaluate(shots("a.example.com"), now=T0 + 400)
        assert wait_until(lambda: len(receiver.received) == 1)
        domains = ("a.example.com", "b.example.com", "c.example.com", "d.example.com")
        service.evaluate(shots(*domains, minute=1), now=T0 + 460)
        assert wait_until(lambda: len(receiver.received) == 2, timeout=15)
        first, second = receiver.received
    assert second.at - first.at >= 60 / 20 - 0.05
    assert [name in second.text for name in ("b.", "c.", "d.")] == [True] * 3
    assert second.text.count("[cdnmon] ALERT") == 3


def test_a_retry_waits_as_long_as_the_service_asks(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("slack") as receiver:
        receiver.script.append(Scripted(429, "rate_limited", {"Retry-After": "1"}))
        service = make_service(rules=[ACCOUNT_RULE], targets=[target_for(receiver, target_secrets)])
        started = time.monotonic()
        service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: receiver.received)
        assert receiver.received[0].at - started >= 1.0


def test_a_refused_message_shows_on_its_target_until_the_target_is_fixed(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("dingtalk", DINGTALK_SECRET) as receiver:
        target = Target("ops-dingtalk", TargetKind.DINGTALK, per_minute=600)
        target_secrets.set(target, receiver.url, "SECwrongwrongwrong")
        patient = Backoff(first_s=0.05, max_s=60, give_up_after_s=3600)
        service = make_service(rules=[ACCOUNT_RULE], targets=[target], backoff=patient)
        service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: service.status()[0].failing)
        [status] = service.status()
        assert "DingTalk refused the message: code 310000: sign not match" in status.last_error
        assert status.queued == 1
        # Refused: the next try waits the longest backoff (30 to 60 s here)...
        next_try = service.history()[0].deliveries[target.name].next_try
        assert next_try - time.time() >= 25
        # ...unless a person fixes the target and asks for it now.
        target_secrets.set(target, receiver.url, DINGTALK_SECRET)
        service.retry_now(target.name)
        assert wait_until(lambda: receiver.texts(), timeout=5)
        assert wait_until(lambda: not service.status()[0].failing)


def test_a_delivery_not_made_in_time_is_dropped_and_says_why(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("wecom") as receiver:
        target = target_for(receiver, target_secrets, per_minute=600)
        receiver.stop()
        impatient = Backoff(first_s=0.05, max_s=0.2, give_up_after_s=0.6)
        service = make_service(rules=[ACCOUNT_RULE], targets=[target], backoff=impatient)
        service.evaluate(shots("img.example.com"), now=time.time())
        assert wait_until(lambda: deliveries(service, target.name) == [State.DROPPED])
        delivery = service.history()[0].deliveries[target.name]
        assert delivery.last_error.startswith("not delivered in time after")
        assert "could not connect" in delivery.last_error
        [status] = service.status()
        assert (status.queued, status.dropped) == (0, 1)


def test_a_removed_target_drops_its_queue_and_a_rule_can_name_its_targets(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("slack") as slack, receiving("wecom") as wecom:
        to_slack, to_wecom = target_for(slack, target_secrets), target_for(wecom, target_secrets)
        wecom.stop()
        only_wecom = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", (), 1e9, targets=("ops-wecom",))
        service = make_service(rules=[only_wecom], targets=[to_slack, to_wecom])
        service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: service.history()[0].deliveries["ops-wecom"].attempts >= 1)
        assert "ops-slack" not in service.history()[0].deliveries
        service.set_targets([to_slack])
        assert deliveries(service, "ops-wecom") == [State.DROPPED]
        assert service.history()[0].deliveries["ops-wecom"].last_error == "the target was removed"
        assert slack.received == []


def test_a_test_message_goes_out_now_and_reports_back(
    make_service: Callable[..., AlertService], target_secrets: TargetSecrets
) -> None:
    with receiving("feishu", FEISHU_SECRET) as receiver:
        target = target_for(receiver, target_secrets)
        missing = Target("not-stored", TargetKind.SLACK)
        service = make_service(targets=[target, missing], renderer=TextRenderer(BEIJING))
        outcomes: dict[str, str | None] = {}
        service.send_test(target.name, lambda problem: outcomes.update(sent=problem))
        service.send_test(missing.name, lambda problem: outcomes.update(missing=problem))
        assert wait_until(lambda: len(outcomes) == 2)
        assert outcomes["sent"] is None
        assert "no webhook URL is stored for alert target 'not-stored'" in str(outcomes["missing"])
        [text] = receiver.texts()
        assert text.startswith("[cdnmon] Test message to 'ops-feishu', sent ")
        assert service.history() == []  # a test is not an alert


def every_text(sources: Sequence[object]) -> str:
    return "\n".join(str(s) for s in sources)


def test_secrets_stay_out_of_logs_reprs_and_files(
    make_service: Callable[..., AlertService],
    target_secrets: TargetSecrets,
    journal_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # urllib3 too, whatever an earlier test left it at (``cdnmon.cli.main`` quiets it).
    caplog.set_level(logging.DEBUG, logger="urllib3")
    kinds = ("dingtalk", "wecom", "feishu", "slack", "webhook")
    receivers = [Receiver(kind, SECRET_OF.get(kind, "")) for kind in kinds]
    try:
        targets = [target_for(r, target_secrets) for r in receivers]
        receivers[0].stop()  # one failing target: its problems are logged and kept
        receivers[1].script.append(
            Scripted(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')
        )
        service = make_service(rules=[ACCOUNT_RULE], targets=targets)
        service.evaluate(shots("img.example.com"), now=T0 + 400)
        assert wait_until(lambda: all(r.texts() for r in receivers[2:]))
        assert wait_until(lambda: sum(s.failing for s in service.status()) == 2)
        stored = [target_secrets.get(t.name) for t in targets]
        service.close()
        shown = every_text(
            [*stored, *service.status(), *service.history(), *targets, service.storage_problem]
        )
        ours = every_text(r.getMessage() for r in caplog.records if r.name.startswith("cdnmon"))
        raw = every_text(r.getMessage() for r in caplog.records)
        assert any(secret in raw for secret in ALL_SECRETS)  # urllib3's request lines
        redactor = SecretRedactor()
        for record in caplog.records:  # what the log file gets: every logger, redacted
            redactor.filter(record)
        logged = every_text(r.getMessage() for r in caplog.records)
        saved = journal_path.read_text(encoding="utf-8")
        assert "not delivered" in ours and "could not connect" in saved
        for secret in ALL_SECRETS:
            for where, text in (
                ("shown", shown),
                ("cdnmon's log", ours),
                ("log", logged),
                ("journal", saved),
            ):
                assert secret not in text, f"a secret in the {where}"
        assert oct(journal_path.stat().st_mode & 0o777) == "0o600"
    finally:
        for receiver in receivers:
            receiver.stop()
