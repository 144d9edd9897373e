"""The alert rules and targets a person set up, in one file beside the other settings.

The file holds what a person chose and nothing secret: each rule (:meth:`Rule.to_dict`)
and each target's name, kind, pace and switch (:meth:`Target.to_dict`). A target's webhook
URL and signing secret are in the keyring only (:class:`~cdnmon.alerts.targets.TargetSecrets`).

It is JSON, written whole with :func:`~cdnmon.safe_files.write_atomic` (0600: it names
accounts and domains). A file that is not JSON is moved aside and the alerts start empty;
one with entries this version cannot read keeps a copy as it was before it is rewritten
(without them); one written by a newer cdnmon is read, never written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cdnmon import paths
from cdnmon.alerts.journal import reason
from cdnmon.alerts.rules import Rule
from cdnmon.alerts.targets import Target
from cdnmon.messages import Statement
from cdnmon.messages import alerts as said
from cdnmon.model import InputError
from cdnmon.safe_files import copy_aside, move_aside, write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "alert-rules.json"
VERSION = 1
T = TypeVar("T")


@dataclass
class AlertSetup:
    """What the file holds; ``problems`` says, one sentence each, what could not be read
    (statements of :mod:`cdnmon.messages`, which the window says in its language)."""

    rules: list[Rule] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class AlertSettings:
    """``config_dir()/alert-rules.json`` (or ``path``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.config_dir() / FILE_NAME
        self.read_only_reason: Statement | None = None

    def load(self) -> AlertSetup:
        """The rules and targets; never raises (a problem is in ``problems``)."""
        found = AlertSetup()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return found
        except OSError as error:
            self.read_only_reason = said.SETTINGS_UNREADABLE(
                path=self.path, reason=error.strerror or error
            )
            found.problems.append(self.read_only_reason)
            return found
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError(said.NOT_AN_OBJECT_WITH_RULES())
            version = data.get("version", VERSION)
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                raise ValueError(said.VERSION_NOT_A_NUMBER())
            rules, targets = data.get("rules", []), data.get("targets", [])
            if not isinstance(rules, list) or not isinstance(targets, list):
                raise ValueError(said.NOT_LISTS())
        except (ValueError, RecursionError) as error:
            damaged = said.SETTINGS_DAMAGED(reason=reason(error))
            found.problems.append(self._aside(move_aside, damaged))
            return found
        if version > VERSION:
            self.read_only_reason = said.SETTINGS_NEWER(path=self.path, version=version)
            found.problems.append(self.read_only_reason)
        bad: list[str] = []
        found.rules = _read(rules, Rule.from_dict, bad)
        found.targets = _read(targets, Target.from_dict, bad)
        names = [t.name for t in found.targets]
        if len(set(names)) != len(names):  # the keyring holds one entry per name
            bad.append(said.SETTINGS_NAME_TWICE())
            found.targets = list({t.name: t for t in reversed(found.targets)}.values())[::-1]
        if bad:
            found.problems.append(bad[0])
            if self.read_only_reason is None:  # kept before a save leaves them out
                unused = said.SETTINGS_ENTRIES_NOT_USED(count=len(bad))
                found.problems.append(self._aside(copy_aside, unused))
        for problem in found.problems:
            log.warning("alert settings: %s", problem)
        return found

    def save(self, rules: Iterable[Rule], targets: Iterable[Target]) -> None:
        """Write the file; OSError (or a newer cdnmon's file) as InputError in one sentence."""
        if self.read_only_reason is not None:
            raise InputError(self.read_only_reason)
        payload = {
            "version": VERSION,
            "rules": [rule.to_dict() for rule in rules],
            "targets": [target.to_dict() for target in targets],
        }
        try:
            write_atomic(self.path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        except OSError as error:
            raise InputError(
                said.SETTINGS_NOT_SAVED, path=self.path, reason=error.strerror or error
            ) from None

    def _aside(self, keep: Callable[[Path, str], Path], problem: Statement) -> Statement:
        try:
            kept = keep(self.path, "bad")
        except OSError as error:
            self.read_only_reason = said.NOT_SET_ASIDE(
                path=self.path, problem=problem, reason=error.strerror or error
            )
            return self.read_only_reason
        return said.SETTINGS_KEPT_AT(path=self.path, problem=problem, kept=kept)


def _read(items: list, read: Callable[[Any], T], bad: list[str]) -> list[T]:
    found = []
    for item in items:
        try:
            found.append(read(item))
        except InputError as error:
            bad.append(error.said)
    return found
