"""What cdnmon says about the history file: opening it, reading a newer or damaged one, and
writing to it where it cannot."""

from __future__ import annotations

from cdnmon.messages import QT_TRANSLATE_NOOP, Message

CLOSED = Message("history-closed", QT_TRANSLATE_NOOP("ErrorText", "the history store is closed"))
NONE_YET = Message(
    "history-none-yet",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "there is no history yet at {path}: keep cdnmon's window open on some domains, or run "
        "`cdnmon fetch --store ...`, to collect some",
    ),
)
FOLDER_NOT_CREATED = Message(
    "history-folder-not-created",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot create the folder {folder} for the history file ({reason}): set "
        "CDNMON_DATA_DIR to a folder you can write",
    ),
)
NOT_OPENED = Message(
    "history-not-opened",
    QT_TRANSLATE_NOOP("ErrorText", "cannot open the history file {path}: {problem}"),
)
NOT_CREATED = Message(
    "history-not-created",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot create the history file {path} ({why}): make the folder writable, or set "
        "CDNMON_DATA_DIR to a folder you can write",
    ),
)
NOT_READ = Message(
    "history-not-read",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot read the history file {path} ({reason}): check that this user may read it and "
        "its folder",
    ),
)
UNREADABLE = Message(
    "history-unreadable",
    QT_TRANSLATE_NOOP("ErrorText", "cannot read the history file {path}: {problem}"),
)
RECOVERED = Message(
    "history-recovered",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "The history file {path} could not be read ({problem}). It was moved to {moved} and a "
        "new, empty history was started.",
    ),
)
DAMAGED_NOT_MOVED = Message(
    "history-damaged-not-moved",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} is damaged and cannot be moved aside ({reason}): move or "
        "delete it, then start cdnmon again",
    ),
)
DAMAGED_READ_ONLY = Message(
    "history-damaged-read-only",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} is damaged and cannot be moved aside ({problem}, and its "
        "folder cannot be written): move or delete it, then start cdnmon again",
    ),
)
# What SQLite's own check found (``problem`` above).
DAMAGED = Message("history-damaged", QT_TRANSLATE_NOOP("ErrorText", "damaged: {found}"))
NO_ANSWER = Message("history-no-answer", QT_TRANSLATE_NOOP("ErrorText", "damaged: no answer"))

# ---- read only ----------------------------------------------------------------------------

NEWER = Message(
    "history-newer",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} was written by a newer cdnmon (format {found}, this one reads "
        "up to {reads}): update cdnmon",
    ),
)
NEWER_SHOWN = Message(
    "history-newer-shown",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} was written by a newer cdnmon (format {found}, this one reads "
        "up to {reads}): update cdnmon; history is shown but not added to",
    ),
)
NOT_WRITABLE_SHOWN = Message(
    "history-not-writable-shown",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} cannot be written ({why}): history is shown but not added to; "
        "make the folder writable, or set CDNMON_DATA_DIR to a folder you can write",
    ),
)
NEEDS_UPDATE = Message(
    "history-needs-update",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} must be brought up to date before this cdnmon can read it, "
        "and it cannot be written ({why}): make the folder writable, or set CDNMON_DATA_DIR to "
        "a folder you can write",
    ),
)
# Why it cannot be written (``why`` above).
READ_ONLY_MEDIA = Message(
    "history-read-only-media",
    QT_TRANSLATE_NOOP("ErrorText", "{folder} is on a read-only file system"),
)
FOLDER_NOT_WRITABLE = Message(
    "history-folder-not-writable",
    QT_TRANSLATE_NOOP("ErrorText", "this user may not write in {folder}"),
)
FILE_NOT_WRITABLE = Message(
    "history-file-not-writable", QT_TRANSLATE_NOOP("ErrorText", "this user may not write it")
)

# ---- a write refused ----------------------------------------------------------------------

DISK_FULL = Message(
    "history-disk-full",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot add to the history file {path}: the disk is full; free some space on it",
    ),
)
WRITE_REFUSED = Message(
    "history-write-refused",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "cannot add to the history file {path} ({problem}): make the folder writable, or set "
        "CDNMON_DATA_DIR to a folder you can write",
    ),
)
DISK_ERROR = Message(
    "history-disk-error",
    QT_TRANSLATE_NOOP(
        "ErrorText", "cannot add to the history file {path}: the disk reported an error ({problem})"
    ),
)
LOCKED = Message(
    "history-locked",
    QT_TRANSLATE_NOOP(
        "ErrorText",
        "the history file {path} stayed locked by another program: close it, or try again in a "
        "moment",
    ),
)
