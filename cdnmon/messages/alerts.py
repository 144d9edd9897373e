"""What cdnmon says about the alerts: a rule or target that cannot be used as written, a
webhook URL or signing secret that is wrong, why a message did not reach its target, and
the alert files that cannot be read or written."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message, Phrase

# ---- the services, as messages name them ------------------------------------------------

DINGTALK = Phrase(QT_TRANSLATE_NOOP("ErrorText", "DingTalk"))
WECOM = Phrase(QT_TRANSLATE_NOOP("ErrorText", "WeCom"))
FEISHU = Phrase(QT_TRANSLATE_NOOP("ErrorText", "Feishu/Lark"))
SLACK = Phrase(QT_TRANSLATE_NOOP("ErrorText", "Slack"))
JSON_WEBHOOK = Phrase(QT_TRANSLATE_NOOP("ErrorText", "JSON webhook"))

# ---- rules --------------------------------------------------------------------------------

RULE_NOT_AN_OBJECT = Message(
    "alerts-rule-not-an-object",
    QT_TRANSLATE_NOOP(
        "ErrorText", "an alert rule must be an object with kind, provider and account"
    ),
)
RULE_KIND_UNKNOWN = Message(
    "alerts-rule-kind-unknown",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's kind {kind!r} is not one of: {kinds}"),
)
RULE_FIELD_NOT_TEXT = Message(
    "alerts-rule-field-not-text",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's {field} must be text"),
)
RULE_FIELD_NOT_NAMES = Message(
    "alerts-rule-field-not-names",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's {field} must be a list of names"),
)
RULE_FIELD_NOT_A_NUMBER = Message(
    "alerts-rule-field-not-a-number",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's {field} must be a number"),
)
RULE_FOR_S_NOT_WHOLE = Message(
    "alerts-rule-for-s-not-whole",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's for_s must be a whole number of seconds"),
)
RULE_PROVIDER_UNKNOWN = Message(
    "alerts-rule-provider-unknown",
    QT_TRANSLATE_NOOP(
        "ErrorText", "an alert rule names the provider {provider!r}; use one of {known}"
    ),
)
RULE_NO_ACCOUNT = Message(
    "alerts-rule-no-account",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule needs the account it watches"),
)
RULE_DOMAIN_TWICE = Message(
    "alerts-rule-domain-twice",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule lists a domain twice; list each domain once"),
)
RULE_GROUP_UNTITLED = Message(
    "alerts-rule-group-untitled",
    QT_TRANSLATE_NOOP(
        "ErrorText", "an alert rule over several domains needs a title for the group"
    ),
)
RULE_THRESHOLD_NOT_FINITE = Message(
    "alerts-rule-threshold-not-finite",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's threshold must be a finite number"),
)
RULE_ORIGIN_LEVEL_RANGE = Message(
    "alerts-rule-origin-level-range",
    QT_TRANSLATE_NOOP("ErrorText", "an origin level must be above 0 and at most 1 Pbps"),
)
RULE_RISE_RANGE = Message(
    "alerts-rule-rise-range",
    QT_TRANSLATE_NOOP("ErrorText", "a rise against yesterday must be above 0% and at most 10000%"),
)
RULE_OFFLOAD_RANGE = Message(
    "alerts-rule-offload-range",
    QT_TRANSLATE_NOOP("ErrorText", "an offload level must be above 0% and at most 100%"),
)
RULE_DURATION_RANGE = Message(
    "alerts-rule-duration-range",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's duration must be from 0 seconds to 7 days"),
)
RULE_NO_DATA_TOO_SHORT = Message(
    "alerts-rule-no-data-too-short",
    QT_TRANSLATE_NOOP("ErrorText", "a no-data rule needs a duration of at least one minute"),
)
RULE_HYSTERESIS_RANGE = Message(
    "alerts-rule-hysteresis-range",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's hysteresis is a fraction from 0 to below 1"),
)
RULE_MIN_ORIGIN_NEGATIVE = Message(
    "alerts-rule-min-origin-negative",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule's minimum origin must be 0 or more bit/s"),
)
RULE_EMPTY_TARGET = Message(
    "alerts-rule-empty-target",
    QT_TRANSLATE_NOOP("ErrorText", "an alert rule names an empty target"),
)

# ---- targets ------------------------------------------------------------------------------

TARGET_PACE_RANGE = Message(
    "alerts-target-pace-range",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the pace of target '{name}' must be above 0 and at most {most:g} messages a minute",
    ),
)
TARGET_NOT_AN_OBJECT = Message(
    "alerts-target-not-an-object",
    QT_TRANSLATE_NOOP("ErrorText", "an alert target must be an object with a name and a kind"),
)
TARGET_KIND_UNKNOWN = Message(
    "alerts-target-kind-unknown",
    QT_TRANSLATE_NOOP(
        "ErrorText", "alert target '{name}': the kind {kind!r} is not one of {kinds}"
    ),
)
TARGET_PACE_NOT_A_NUMBER = Message(
    "alerts-target-pace-not-a-number",
    QT_TRANSLATE_NOOP("ErrorText", "alert target '{name}': per_minute must be a number"),
)
TARGET_ENABLED_NOT_A_SWITCH = Message(
    "alerts-target-enabled-not-a-switch",
    QT_TRANSLATE_NOOP("ErrorText", "alert target '{name}': enabled must be true or false"),
)
TARGET_NAME_EMPTY = Message(
    "alerts-target-name-empty",
    QT_TRANSLATE_NOOP("ErrorText", "an alert target needs a name, e.g. ops-dingtalk"),
)
TARGET_NAME_UNUSABLE = Message(
    "alerts-target-name-unusable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the alert target name {name!r} is not usable: use at most {most} letters, digits, "
        "spaces, '-', '_' or '.', without '/'",
    ),
)
URL_EMPTY = Message(
    "alerts-url-empty",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} webhook URL is empty; give the URL the {service} settings show, like "
        "{example}",
    ),
)
URL_SPACES = Message(
    "alerts-url-spaces",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the {service} webhook URL contains spaces or invisible characters"
    ),
)
URL_UNREADABLE = Message(
    "alerts-url-unreadable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} webhook URL cannot be read; give the URL the {service} settings show, "
        "like {example}",
    ),
)
URL_NOT_HTTPS = Message(
    "alerts-url-not-https",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} webhook URL is not an https:// address; give the URL the {service} "
        "settings show, like {example}",
    ),
)
URL_USER_OR_PASSWORD = Message(
    "alerts-url-user-or-password",
    QT_TRANSLATE_NOOP("ErrorText", "the {service} webhook URL contains a user name or password"),
)
URL_PLAIN_HTTP = Message(
    "alerts-url-plain-http",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} webhook URL uses plain http: only loopback addresses may skip TLS; use "
        "https://",
    ),
)
URL_NO_PARAMETER = Message(
    "alerts-url-no-parameter",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} webhook URL has no {parameter}=...; copy the whole URL, like {example}",
    ),
)
SECRET_REQUIRED = Message(
    "alerts-secret-required",
    QT_TRANSLATE_NOOP("ErrorText", "a {service} target needs its signing secret"),
)
SECRET_NOT_SIGNED = Message(
    "alerts-secret-not-signed",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{service} messages are not signed (the key is in the URL); leave the secret empty",
    ),
)
SECRET_CHARACTERS = Message(
    "alerts-secret-characters",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {service} signing secret contains spaces, line breaks or control characters; "
        "paste only the secret itself",
    ),
)
WEBHOOK_SECRET_FORM = Message(
    "alerts-webhook-secret-form",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "a JSON webhook signing secret is '{prefix}' followed by base64 of 24 to 64 random "
        "bytes (Standard Webhooks); let cdnmon make one",
    ),
)
KEYRING_ENTRY_UNREADABLE = Message(
    "alerts-keyring-entry-unreadable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the keyring entry of alert target '{name}' cannot be read; enter its webhook URL again",
    ),
)

# ---- delivery: why a message has not reached its target ----------------------------------

SERVICE_PROBLEM = Message(
    "alerts-service-problem", QT_TRANSLATE_NOOP("ErrorText", "{service}: {problem}")
)
NO_ANSWER = Message(
    "alerts-no-answer", QT_TRANSLATE_NOOP("ErrorText", "no answer from {host} within {timeout:g} s")
)
TLS_FAILED = Message(
    "alerts-tls-failed",
    QT_TRANSLATE_NOOP("ErrorText", "the TLS handshake with {host} or its certificate check failed"),
)
NOT_CONNECTED = Message(
    "alerts-not-connected",
    QT_TRANSLATE_NOOP("ErrorText", "could not connect to {host}, or the connection was dropped"),
)
REQUEST_FAILED = Message(
    "alerts-request-failed", QT_TRANSLATE_NOOP("ErrorText", "the request to {host} failed")
)
THROTTLING = Message(
    "alerts-throttling",
    QT_TRANSLATE_NOOP("ErrorText", "{service} is throttling: too many messages"),
)
THROTTLING_SAID = Message(
    "alerts-throttling-said", QT_TRANSLATE_NOOP("ErrorText", "{service} is throttling: {said}")
)
REDIRECTED = Message(
    "alerts-redirected",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{service} answered with a redirect (HTTP {status}); enter the URL it leads to",
    ),
)
SERVICE_FAULT = Message(
    "alerts-service-fault", QT_TRANSLATE_NOOP("ErrorText", "{service} answered HTTP {status}")
)
GONE = Message(
    "alerts-gone",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{service}: the receiver answered 410 Gone: it no longer takes these messages",
    ),
)
REFUSED_HTTP = Message(
    "alerts-refused-http",
    QT_TRANSLATE_NOOP("ErrorText", "{service} refused the message: HTTP {status}"),
)
REFUSED_HTTP_SAID = Message(
    "alerts-refused-http-said",
    QT_TRANSLATE_NOOP("ErrorText", "{service} refused the message: HTTP {status} {said}"),
)
REFUSED_CODE = Message(
    "alerts-refused-code",
    QT_TRANSLATE_NOOP("ErrorText", "{service} refused the message: code {code}: {said}"),
)
NOT_ITS_OWN_ANSWER = Message(
    "alerts-not-its-own-answer",
    QT_TRANSLATE_NOOP("ErrorText", "{service} gave an answer that is not its own (HTTP {status})"),
)
NO_URL_STORED = Message(
    "alerts-no-url-stored",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "no webhook URL is stored for alert target '{name}' in the keyring; enter it again in "
        "the alert settings",
    ),
)
NO_SUCH_TARGET = Message(
    "alerts-no-such-target", QT_TRANSLATE_NOOP("ErrorText", "there is no alert target '{name}'")
)
UNEXPECTED = Message(
    "alerts-unexpected", QT_TRANSLATE_NOOP("ErrorText", "an unexpected error (see the log)")
)
TARGET_REMOVED = Message(
    "alerts-target-removed", QT_TRANSLATE_NOOP("ErrorText", "the target was removed")
)
GAVE_UP = Message(
    "alerts-gave-up",
    QT_TRANSLATE_NOOP("ErrorText", "not delivered in time after {tries} tries"),
)
GAVE_UP_SAID = Message(
    "alerts-gave-up-said",
    QT_TRANSLATE_NOOP("ErrorText", "not delivered in time after {tries} tries: {problem}"),
)

# ---- the alert history and the alert settings files --------------------------------------

NOT_AN_OBJECT_WITH_ENTRIES = Message(
    "alerts-history-not-an-object",
    QT_TRANSLATE_NOOP("ErrorText", "expected an object with an 'entries' list"),
)
NOT_AN_OBJECT_WITH_RULES = Message(
    "alerts-settings-not-an-object",
    QT_TRANSLATE_NOOP("ErrorText", "expected an object with 'rules' and 'targets'"),
)
NOT_LISTS = Message(
    "alerts-settings-not-lists",
    QT_TRANSLATE_NOOP("ErrorText", "'rules' and 'targets' must be lists"),
)
VERSION_NOT_A_NUMBER = Message(
    "alerts-version-not-a-number",
    QT_TRANSLATE_NOOP("ErrorText", "'version' is not a format number"),
)
HISTORY_UNREADABLE = Message(
    "alerts-history-unreadable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot read {path} ({reason}): the alert history and queue are kept in memory only; "
        "check the file's permissions",
    ),
)
HISTORY_NEWER = Message(
    "alerts-history-newer",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} was written by a newer cdnmon (format {version}); this one reads it but will "
        "not change it: alerts are queued in memory only",
    ),
)
HISTORY_UNWRITABLE = Message(
    "alerts-history-unwritable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot write {path} ({reason}): queued alerts would be lost if cdnmon stopped now",
    ),
)
HISTORY_DAMAGED = Message(
    "alerts-history-damaged",
    QT_TRANSLATE_NOOP("ErrorText", "not a readable alert history ({reason})"),
)
HISTORY_ENTRIES_UNREADABLE = Message(
    "alerts-history-entries-unreadable",
    QT_TRANSLATE_NOOP("ErrorText", "{count} entries cannot be read"),
)
NOT_SET_ASIDE = Message(
    "alerts-file-not-set-aside",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path}: {problem}, and it could not be set aside ({reason}); move it away by hand",
    ),
)
SETTINGS_UNREADABLE = Message(
    "alerts-settings-unreadable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot read {path} ({reason}): the alert rules are not used or saved in this run; "
        "check the file's permissions",
    ),
)
SETTINGS_NEWER = Message(
    "alerts-settings-newer",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} was written by a newer cdnmon (format {version}); this one uses what it can "
        "read and will not change it",
    ),
)
SETTINGS_DAMAGED = Message(
    "alerts-settings-damaged", QT_TRANSLATE_NOOP("ErrorText", "not readable ({reason})")
)
SETTINGS_NAME_TWICE = Message(
    "alerts-settings-name-twice",
    QT_TRANSLATE_NOOP("ErrorText", "a target name is used twice; the first one is kept"),
)
SETTINGS_ENTRIES_NOT_USED = Message(
    "alerts-settings-entries-not-used", QT_TRANSLATE_NOOP("ErrorText", "{count} entries not used")
)
SETTINGS_KEPT_AT = Message(
    "alerts-settings-kept-at",
    QT_TRANSLATE_NOOP("ErrorText", "{path}: {problem}; the file as it was is kept at {kept}"),
)
SETTINGS_NOT_SAVED = Message(
    "alerts-settings-not-saved",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot save the alert settings to {path} ({reason}); check that its folder can be written",
    ),
)
