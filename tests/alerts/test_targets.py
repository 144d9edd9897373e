"""Targets: their settings, their secrets in the keyring only, and what a mistyped URL or
secret is told; plus the English message text."""

from __future__ import annotations

import json
from datetime import timedelta, timezone

import pytest

from cdnmon.accounts.keyring_store import CredentialError
from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.rules import Rule, RuleKind, Subject
from cdnmon.alerts.targets import (
    Target,
    TargetKind,
    TargetSecret,
    TargetSecrets,
    check_webhook_url,
    new_webhook_secret,
    webhook_key,
)
from cdnmon.alerts.text import TextRenderer
from cdnmon.model import InputError
from tests.alerts.receivers import DINGTALK_SECRET, DINGTALK_TOKEN, WEBHOOK_SECRET, WECOM_KEY
from tests.keyrings import DictKeyring

DINGTALK_URL = f"https://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}"


def test_a_targets_url_and_secret_live_in_one_keyring_entry() -> None:
    keyring = DictKeyring()
    secrets = TargetSecrets(keyring, timeout=5)
    target = Target("ops dingtalk", TargetKind.DINGTALK)
    secrets.set(target, f"  {DINGTALK_URL} ", DINGTALK_SECRET)
    [(service, user)] = keyring.items
    assert (service, user) == ("cdnmon", "alert-target/ops dingtalk")
    assert json.loads(keyring.items[(service, user)]) == {
        "url": DINGTALK_URL,
        "signing_secret": DINGTALK_SECRET,
    }
    found = secrets.get("ops dingtalk")
    assert found == TargetSecret(DINGTALK_URL, DINGTALK_SECRET)
    assert repr(found) == str(found) == "TargetSecret(url=<hidden>, signing_secret=<hidden>)"
    assert secrets.get("another") is None
    assert secrets.delete("ops dingtalk") and secrets.get("ops dingtalk") is None
    # A target's settings hold no secret at all.
    assert "http" not in json.dumps(target.to_dict())


def test_an_unreadable_keyring_entry_says_what_to_do() -> None:
    keyring = DictKeyring()
    keyring.items[("cdnmon", "alert-target/ops")] = "not json"
    with pytest.raises(CredentialError, match="enter its webhook URL again"):
        TargetSecrets(keyring, timeout=5).get("ops")


@pytest.mark.parametrize(
    ("kind", "url", "said"),
    [
        (
            TargetKind.DINGTALK,
            f"http://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}",
            "plain http",
        ),
        (TargetKind.DINGTALK, "https://oapi.dingtalk.com/robot/send", "no access_token"),
        (
            TargetKind.WECOM,
            f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?k={WECOM_KEY}",
            "no key=",
        ),
        (TargetKind.SLACK, f"https://user:{WECOM_KEY}@hooks.slack.com/services/x", "user name"),
        (TargetKind.FEISHU, f"open.feishu.cn/open-apis/bot/v2/hook/{WECOM_KEY}", "https://"),
        (TargetKind.SLACK, f"https://hooks.slack.com/services/{WECOM_KEY} x", "spaces"),
        (TargetKind.WEBHOOK, "", "empty"),
    ],
)
def test_a_bad_url_is_told_without_quoting_it(kind: TargetKind, url: str, said: str) -> None:
    with pytest.raises(InputError, match=said) as raised:
        check_webhook_url(kind, url)
    assert DINGTALK_TOKEN not in str(raised.value) and WECOM_KEY not in str(raised.value)


def test_loopback_may_use_plain_http() -> None:
    url = f"http://127.0.0.1:8080/robot/send?access_token={DINGTALK_TOKEN}"
    assert check_webhook_url(TargetKind.DINGTALK, url) == url


def test_signing_secrets_are_checked_for_their_kind() -> None:
    secrets = TargetSecrets(DictKeyring(), timeout=5)
    wecom = Target("wecom", TargetKind.WECOM)
    url = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"
    with pytest.raises(InputError, match="not signed"):
        secrets.set(wecom, url, "something")
    hook = Target("hook", TargetKind.WEBHOOK)
    with pytest.raises(InputError, match="whsec_"):
        secrets.set(hook, "https://alerts.example.com/in", "plain-password")
    with pytest.raises(InputError, match="whsec_"):
        secrets.set(hook, "https://alerts.example.com/in", "whsec_c2hvcnQ=")  # 5 bytes
    made = new_webhook_secret()
    assert len(webhook_key(made)) == 32 and made != new_webhook_secret()
    secrets.set(hook, "https://alerts.example.com/in", WEBHOOK_SECRET)
    assert secrets.get("hook") == TargetSecret("https://alerts.example.com/in", WEBHOOK_SECRET)


def test_target_settings_read_back_and_refuse_nonsense() -> None:
    target = Target("ops-feishu", TargetKind.FEISHU, per_minute=30, enabled=False)
    assert Target.from_dict(target.to_dict()) == target
    assert target.rate_per_minute == 30
    assert Target("d", TargetKind.DINGTALK).rate_per_minute == 20
    assert Target("w", TargetKind.WECOM).rate_per_minute == 20
    assert Target("f", TargetKind.FEISHU).rate_per_minute == 100
    assert Target("s", TargetKind.SLACK).rate_per_minute == 60
    for data, said in (
        ({"name": "x", "kind": "telegram"}, "not one of"),
        ({"name": "a/b", "kind": "slack"}, "without '/'"),
        ({"name": "x", "kind": "slack", "per_minute": 0}, "above 0"),
        ({"name": "x", "kind": "slack", "enabled": "yes"}, "true or false"),
    ):
        with pytest.raises(InputError, match=said):
            Target.from_dict(data)


def test_the_english_text_names_domain_account_value_rule_and_local_time() -> None:
    renderer = TextRenderer(timezone(timedelta(hours=8)))
    rule = Rule(
        RuleKind.OFFLOAD_BELOW,
        "tencent",
        "ops",
        ("a.example.com", "b.example.com"),
        0.8,
        600,
        title="Downloads",
        name="cache",
    )
    subject = Subject("tencent", "ops", rule.domains, "Downloads")
    fired = AlertEvent(
        "1", rule, subject, Change.FIRED, 0.62, 1_760_000_040, 1_760_000_400, 3.8e8, 1e9
    )
    assert renderer.alert_text(fired).splitlines() == [
        "[cdnmon] ALERT: Downloads (Tencent Cloud account 'ops')",
        "Offload 62% (origin 380 Mbps of 1 Gbps at the edge) is below 80% for 10 min.",
        "Domains: a.example.com, b.example.com",
        "Time: 2025-10-09 16:54 (UTC+08:00)",
        "Rule: 'cache': offload below 80% for 10 min",
    ]
    silent = Rule(RuleKind.NO_DATA, "huawei", "cn", ("img.example.com",), for_s=1800)
    quiet = AlertEvent(
        "2",
        silent,
        Subject("huawei", "cn", ("img.example.com",), "img.example.com"),
        Change.FIRED,
        2400,
        1_760_003_600,
        1_760_003_600,
        since=1_760_000_040,
    )
    lines = renderer.alert_text(quiet).splitlines()
    assert lines[0] == "[cdnmon] ALERT: img.example.com (Huawei Cloud account 'cn')"
    assert lines[1] == (
        "No settled data for 40 min past the provider's delay "
        "(newest point 2025-10-09 16:54 (UTC+08:00))."
    )
