"""Alerts that leave the screen: rules over the live snapshots, and chat messages about them.

- :mod:`~cdnmon.alerts.rules`: what to watch (origin above a level, up against yesterday,
  offload below a share, no settled data) for a domain, a group or a whole account.
- :mod:`~cdnmon.alerts.evaluate`: the rules run over snapshots' settled points, with
  hysteresis: one event when a rule fires, one when it clears.
- :mod:`~cdnmon.alerts.targets` and :mod:`~cdnmon.alerts.webhooks`: DingTalk, WeCom,
  Feishu/Lark, Slack and a generic signed JSON webhook; their URLs and secrets live in the
  OS keyring only.
- :mod:`~cdnmon.alerts.outbox` and :mod:`~cdnmon.alerts.journal`: delivery on worker
  threads, retried with backoff, paced per target, and queued in a file across restarts.
- :mod:`~cdnmon.alerts.service`: the one object a window or a headless process holds.

No Qt here: the words come from a renderer the caller passes (:mod:`~cdnmon.alerts.text`).
"""
