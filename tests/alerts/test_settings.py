"""The alert set-up file: what a person set up is read back, a damaged file is kept aside
and a newer cdnmon's file is never written over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdnmon.alerts.rules import Rule, RuleKind
from cdnmon.alerts.settings import AlertSettings
from cdnmon.alerts.targets import Target, TargetKind
from cdnmon.model import InputError

RULE = Rule(RuleKind.ORIGIN_UP, "aliyun", "prod", ("img.example.com",), 0.5, 600, min_bps=1e6)
TARGET = Target("ops-dingtalk", TargetKind.DINGTALK, per_minute=10)


def test_rules_and_targets_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "alert-rules.json"
    AlertSettings(path).save([RULE], [TARGET])
    found = AlertSettings(path).load()
    assert (found.rules, found.targets, found.problems) == ([RULE], [TARGET], [])
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_damaged_file_is_moved_aside_and_a_bad_entry_kept_in_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "alert-rules.json"
    path.write_text("{not json", encoding="utf-8")
    found = AlertSettings(path).load()
    assert found.rules == [] and "not readable" in found.problems[0]
    assert not path.exists() and len(list(tmp_path.glob("alert-rules.json.bad-*"))) == 1

    bad = {"kind": "origin_above", "provider": "nowhere", "account": "prod"}
    path.write_text(json.dumps({"version": 1, "rules": [RULE.to_dict(), bad]}), encoding="utf-8")
    found = AlertSettings(path).load()
    assert found.rules == [RULE]
    assert "provider 'nowhere'" in found.problems[0]
    assert len(list(tmp_path.glob("alert-rules.json.bad-*"))) == 2  # the file as it was


def test_a_newer_cdnmons_file_is_read_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "alert-rules.json"
    text = json.dumps({"version": 2, "rules": [RULE.to_dict()], "targets": []})
    path.write_text(text, encoding="utf-8")
    settings = AlertSettings(path)
    assert settings.load().rules == [RULE]
    with pytest.raises(InputError, match="newer cdnmon"):
        settings.save([], [])
    assert path.read_text(encoding="utf-8") == text
