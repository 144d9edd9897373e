"""The alert journal file: nothing in it is lost, a newer cdnmon's file is never written, and
its size stays bounded without forgetting what is queued or firing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from cdnmon.alerts.events import AlertEvent, Change
from cdnmon.alerts.journal import AlertJournal, Delivery, Entry, State, firing, trimmed
from cdnmon.alerts.rules import Rule, RuleKind, Subject
from cdnmon.alerts.service import AlertService
from cdnmon.live import snapshot
from cdnmon.model import TimeRange

RULE = Rule(RuleKind.ORIGIN_ABOVE, "aliyun", "prod", (), 1e9)
T0 = 1_760_000_000 // 60 * 60


def event(n: int, domain: str = "img.example.com", change: Change = Change.FIRED) -> AlertEvent:
    subject = Subject("aliyun", "prod", (domain,), domain)
    return AlertEvent(f"e{n}", RULE, subject, change, 2e9, T0 + n, T0 + n, 2e9)


def high(domain: str = "img.example.com") -> dict:
    key = ("aliyun", "prod", domain)
    points = (np.array([float(T0)]), np.array([2e9]))
    return {key: snapshot.make(key, 60, points, TimeRange(T0, T0 + 60), T0 + 60)}


def test_a_damaged_file_is_moved_aside_and_a_new_history_started(
    make_service: Callable[..., AlertService], journal_path: Path
) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(b'{"version": 1, "entries": [')
    service = make_service(rules=[RULE])
    assert service.history() == [] and service.storage_problem is None
    [aside] = journal_path.parent.glob("alerts.json.bad-*")
    assert aside.read_bytes() == b'{"version": 1, "entries": ['
    service.evaluate(high(), now=T0 + 400)
    service.close()
    assert len(json.loads(journal_path.read_text(encoding="utf-8"))["entries"]) == 1


def test_unreadable_entries_are_kept_in_a_copy_before_the_next_save(journal_path: Path) -> None:
    good = Entry(event(1), "text").to_dict()
    journal_path.parent.mkdir(parents=True)
    journal_path.write_text(json.dumps({"version": 1, "entries": [good, {"event": 3}]}))
    before = journal_path.read_bytes()
    journal = AlertJournal(journal_path)
    [entry] = journal.load()
    assert entry.event == event(1)
    [copy] = journal_path.parent.glob("alerts.json.bad-*")
    assert copy.read_bytes() == before
    journal.save([entry])
    assert journal.read_only_reason is None


def test_a_newer_cdnmons_file_is_read_and_never_written(
    make_service: Callable[..., AlertService], journal_path: Path
) -> None:
    entry = Entry(event(1), "text", {"ops": Delivery("ops", T0, State.SENT, 1, 0.0, "", T0)})
    journal_path.parent.mkdir(parents=True)
    data = {"version": 2, "entries": [entry.to_dict()], "silences": []}
    journal_path.write_text(json.dumps(data))
    before = journal_path.read_bytes()
    service = make_service(rules=[RULE])
    assert [e.event.id for e in service.history()] == ["e1"]
    assert "written by a newer cdnmon (format 2)" in str(service.storage_problem)
    # Its firing alert stays firing: no second message for it.
    assert service.evaluate(high(), now=T0 + 400) == []
    service.evaluate(high("dl.example.com"), now=T0 + 400)
    service.close()
    assert journal_path.read_bytes() == before
    assert len(service.history()) == 2


def test_the_history_is_bounded_but_keeps_what_is_queued_or_firing() -> None:
    entries = [Entry(event(0, "stuck.example.com"), "firing since long ago")]
    entries.append(
        Entry(event(1, "queued.example.com", Change.FIRED), "queued", {"ops": Delivery("ops", T0)})
    )
    cleared = replace(event(2, "queued.example.com", Change.CLEARED), opened_by="e1")
    entries.append(Entry(cleared, "cleared"))
    entries += [Entry(event(n, f"d{n}.example.com", Change.CLEARED), "x") for n in range(3, 20)]
    kept = trimmed(entries, keep=5)
    assert [e.event.id for e in kept] == ["e0", "e1", "e2", "e15", "e16", "e17", "e18", "e19"]
    assert firing(kept) == firing(entries) == {(RULE.key, "aliyun/prod/stuck.example.com"): "e0"}
