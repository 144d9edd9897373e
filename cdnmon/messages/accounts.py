"""What cdnmon says about accounts: their names and keys, the account file, the keyring,
credentials from the environment, and which account a command means."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message, Phrase

# ---- names and keys ---------------------------------------------------------------------

ACCOUNT_NAME_EMPTY = Message(
    "account-name-empty",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the account name is empty; give one with --account NAME (use letters, digits, '-', "
        "'_' or '.')",
    ),
)
ACCOUNT_NAME_TOO_LONG = Message(
    "account-name-too-long",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the account name is {length} characters long; the limit is {limit}"
    ),
)
ACCOUNT_NAME_SLASH = Message(
    "account-name-slash",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the account name {name!r} contains '/'; use letters, digits, '-', '_' or '.'"
    ),
)
ACCOUNT_NAME_INVISIBLE = Message(
    "account-name-invisible",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the account name {name!r} contains control or invisible characters"
    ),
)
ACCOUNT_NAME_SPACE = Message(
    "account-name-space",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the account name {name!r} starts or ends with a space; remove it"
    ),
)
ACCOUNT_NAME_RESERVED = Message(
    "account-name-reserved",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the account name 'env' is reserved for credentials from environment variables "
        "({variables}); choose another name",
    ),
)
# ``field`` is a Phrase: "Alibaba Cloud AccessKey ID", "UCloud project id".
KEY_EMPTY = Message("key-empty", QT_TRANSLATE_NOOP("ErrorText", "the {field} is empty"))
KEY_NOT_ONE_WORD = Message(
    "key-not-one-word",
    QT_TRANSLATE_NOOP(
        "ErrorText", "the {field} is not valid: it must be one word of at most 256 characters"
    ),
)
SECRET_NOT_ONE_WORD = Message(
    "secret-not-one-word",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {field} contains spaces, line breaks or control characters; paste only the "
        "secret itself",
    ),
)
AREA_UNKNOWN = Message(
    "area-unknown",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the {provider} area '{area}' is not known; use {areas}, or leave it out for {default}",
    ),
)

# ---- the account file -------------------------------------------------------------------

FILE_UNREADABLE = Message(
    "accounts-file-unreadable",
    QT_TRANSLATE_NOOP("ErrorText", "cannot read {path}: {reason}; check its permissions"),
)
FILE_UNWRITABLE = Message(
    "accounts-file-unwritable",
    QT_TRANSLATE_NOOP(
        "ErrorText", "cannot write {path}: {reason}; check the directory's permissions"
    ),
)
FILE_NEWER_FORMAT = Message(
    "accounts-file-newer-format",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} was written by a newer cdnmon (format {found}); this one reads format {reads} "
        "and will not change it: update cdnmon",
    ),
)
FILE_NEWER_FIELDS = Message(
    "accounts-file-newer-fields",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} was written by a newer cdnmon (it has fields this one does not know: {names}); "
        "this one reads format {reads} and will not change it: update cdnmon",
    ),
)
FILE_DAMAGED_NOT_MOVED = Message(
    "accounts-file-damaged-not-moved",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} is damaged ({problem}) and could not be moved aside ({reason}); move or delete "
        "it by hand",
    ),
)
FILE_ENTRY_NOT_COPIED = Message(
    "accounts-file-entry-not-copied",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path}: {entry} cannot be read ({problem}) and no copy of the file could be kept "
        "({reason}); accounts cannot be changed until that entry is fixed or the file is "
        "copied by hand",
    ),
)
ENTRY = Message("accounts-entry", QT_TRANSLATE_NOOP("ErrorText", "entry {number}"))
ENTRY_NAMED = Message(
    "accounts-entry-named", QT_TRANSLATE_NOOP("ErrorText", "entry {number} ({provider}/{name})")
)
ENTRY_NOT_OBJECT = Message(
    "accounts-entry-not-object", QT_TRANSLATE_NOOP("ErrorText", "a {kind}, not an object")
)
ENTRY_NOT_TEXT = Message(
    "accounts-entry-not-text", QT_TRANSLATE_NOOP("ErrorText", "{keys} must be text")
)
ENTRY_TWICE = Message(
    "accounts-entry-twice",
    QT_TRANSLATE_NOOP("ErrorText", "an earlier entry has the same provider and name"),
)

# ---- the keyring ------------------------------------------------------------------------

OPEN_THE_KEYRING = Phrase(QT_TRANSLATE_NOOP("ErrorText", "open the keyring"))
READ_A_SECRET = Phrase(QT_TRANSLATE_NOOP("ErrorText", "read a secret"))
STORE_THE_SECRET = Phrase(QT_TRANSLATE_NOOP("ErrorText", "store the secret"))
DELETE_THE_SECRET = Phrase(QT_TRANSLATE_NOOP("ErrorText", "delete the secret"))
THE_SYSTEM_KEYRING = Phrase(QT_TRANSLATE_NOOP("ErrorText", "the system keyring"))
# Why a keyring backend cannot keep a secret.
NO_RECOMMENDED_BACKEND = Phrase(QT_TRANSLATE_NOOP("ErrorText", "no recommended backend was found"))
THROWS_SECRETS_AWAY = Phrase(QT_TRANSLATE_NOOP("ErrorText", "it throws every secret away"))
STORES_PLAIN_TEXT = Phrase(QT_TRANSLATE_NOOP("ErrorText", "it stores secrets in plain text"))
NOTHING_TO_CHAIN = Phrase(QT_TRANSLATE_NOOP("ErrorText", "it has no usable backend to chain"))

KEYRING_UNAVAILABLE = Message(
    "keyring-unavailable",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "No secure credential store is available (keyring backend: {backend}: {reason}). "
        "Install and unlock a Secret Service provider such as GNOME Keyring or KWallet (it "
        "needs a D-Bus session){otherwise}. cdnmon never stores secrets in plain text.",
    ),
)
KEYRING_TIMEOUT = Message(
    "keyring-timeout",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "The keyring ({backend}) did not answer within {timeout:g} s when asked to {action}; "
        "it is probably waiting for an unlock prompt: unlock it (log in to the desktop "
        "session, or `gnome-keyring-daemon --unlock`) and try again{otherwise}",
    ),
)
KEYRING_LOCKED = Message(
    "keyring-locked",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "The keyring ({backend}) is locked: unlock it (log in to the desktop session, or "
        "`gnome-keyring-daemon --unlock`) and try again",
    ),
)
KEYRING_FAILED = Message(
    "keyring-failed",
    QT_TRANSLATE_NOOP("ErrorText", "The keyring ({backend}) could not {action}: {problem}"),
)
# What else a person can do, at the end of a keyring message.
OR_ELSE = Message("or-else", QT_TRANSLATE_NOOP("ErrorText", ", or {hint}"))
SET_IN_ENVIRONMENT = Message(
    "set-in-environment",
    QT_TRANSLATE_NOOP("ErrorText", "set {variables} in the environment instead"),
)

# ---- credentials from the environment ---------------------------------------------------

STS_UNSUPPORTED = Message(
    "env-sts-unsupported",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{token} is set, but cdnmon does not support STS temporary credentials; use a RAM "
        "user's AccessKey in {key_id}/{secret} and unset {token}",
    ),
)
ENV_WITHOUT_KEYS = Message(
    "env-without-keys",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "{variable} is set but {key_id} and {secret} are not; set both of them too, or unset it",
    ),
)
ENV_HALF_PAIR = Message(
    "env-half-pair",
    QT_TRANSLATE_NOOP("ErrorText", "{present} is set but {missing} is not; set both or neither"),
)
FROM_VARIABLE = Message(
    "env-from-variable", QT_TRANSLATE_NOOP("ErrorText", "{problem} (from {variable})")
)
FROM_ENVIRONMENT = Message(
    "env-from-environment",
    QT_TRANSLATE_NOOP("ErrorText", "{problem} (from the environment variables {variables})"),
)

# ---- which account ----------------------------------------------------------------------

ENV_ACCOUNT_UNSET = Message(
    "env-account-unset",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "account 'env' means credentials from environment variables, but {variables} are not set",
    ),
)
NO_SUCH_ACCOUNT = Message(
    "no-such-account",
    QT_TRANSLATE_NOOP("ErrorText", "there is no {account}{known}; add it with {command}"),
)
NO_ACCOUNT_TO_DELETE = Message(
    "no-account-to-delete", QT_TRANSLATE_NOOP("ErrorText", "there is no {account} to delete{known}")
)
KNOWN_ACCOUNTS = Message(
    "known-accounts", QT_TRANSLATE_NOOP("ErrorText", "; known accounts: {names}")
)
NO_ACCOUNT_SET_UP = Message(
    "no-account-set-up",
    QT_TRANSLATE_NOOP(
        "ErrorText", "no {provider} account is set up; add one with {command}, or set {variables}"
    ),
)
SEVERAL_ACCOUNTS = Message(
    "several-accounts",
    QT_TRANSLATE_NOOP("ErrorText", "several {provider} accounts: {names}; pick one with --account"),
)
NO_SECRET = Message(
    "no-secret",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "no secret is stored for {account} in the keyring ({backend}); store it again with "
        "{command}",
    ),
)
