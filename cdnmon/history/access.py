"""Where the history file can be written, and how to read it where it cannot.

A history on read-only media, in a folder this user may not write, or from a newer cdnmon is
still the user's: it is read, never written. In WAL mode even reading needs the ``-shm``
beside the file (SQLite creates it, and the ``-wal``, on first read), which a read-only
folder refuses, so reading picks the first of these that works:

1. ``mode=ro``: the usual read-only open. It works wherever the ``-shm`` exists or can be
   made, and then sees every commit, those still in the ``-wal`` included.
2. When the ``-shm`` cannot be made and the ``-wal`` holds commits (a cdnmon killed, or the
   files copied without the ``-shm``): a private copy of the file and its ``-wal`` in the
   temporary folder, read there. ``immutable`` would skip the ``-wal`` and lose those commits.
3. Otherwise ``immutable=1``: no ``-shm``, no locks, and the ``-wal`` is not looked at. That
   is right only while nothing changes the file. Here nothing has: the ``-wal`` holds no
   commit to skip, and no ``-shm`` means no process has the file open in WAL mode. Nothing
   can start to on read-only media; in a folder only this user may not write, another user's
   cdnmon could, and a long read might then meet a half-checkpointed page and fail, but
   never write (the next open sees the file right).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from cdnmon.messages import Statement
from cdnmon.messages import history as said

log = logging.getLogger(__name__)


def cannot_write(path: Path) -> Statement | None:
    """Why the history file ``path`` (or a new one there) cannot be written, in a few words
    for a sentence naming the file; None when it can. The folder must exist."""
    folder = path.parent
    if _on_read_only_media(folder):
        return said.READ_ONLY_MEDIA(folder=folder)
    # The folder too: SQLite keeps the -wal and -shm beside the file, and a damaged file is
    # moved aside in it. (A file that cannot be read is damage: moved aside, as before.)
    if not os.access(folder, os.W_OK | os.X_OK):
        return said.FOLDER_NOT_WRITABLE(folder=folder)
    if path.exists() and not os.access(path, os.W_OK):
        return said.FILE_NOT_WRITABLE()
    return None


def _on_read_only_media(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def read_only_database(path: Path) -> tuple[str, Path | None]:
    """A URI that reads ``path`` and never writes it, and the private folder of the copy it
    reads instead when there is one (the caller removes it when done).

    OSError: the file cannot be read, or the copy cannot be made.
    """
    reading = read_only_uri(path)
    if _opens(reading):
        return reading, None
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        folder = Path(tempfile.mkdtemp(prefix="cdnmon-history-"))
        log.info("reading a copy of %s: its -wal holds commits, and no -shm can be made", path)
        try:
            for source in (path, wal):
                shutil.copyfile(source, folder / source.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return f"{(folder / path.name).as_uri()}?mode=ro", folder
    return f"{reading}&immutable=1", None


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` for reading only (it may still create -wal and -shm)."""
    return f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"


def _opens(uri: str) -> bool:
    """Whether a first read works (that is when SQLite opens, or fails to open, the -shm)."""
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.OperationalError:
        return False
    try:
        connection.execute("PRAGMA user_version").fetchone()
        return True
    except sqlite3.OperationalError as error:
        if _code(error) in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
            return False
        raise  # damage and the like: the caller says so
    finally:
        connection.close()


def write_failure(path: Path, error: sqlite3.Error) -> Statement | None:
    """One sentence for a write to the history file that SQLite refused, or None when the
    error is not about the file or its disk."""
    code = _code(error)
    if code == sqlite3.SQLITE_FULL:
        return said.DISK_FULL(path=path)
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return said.WRITE_REFUSED(path=path, problem=str(error))
    if code == sqlite3.SQLITE_IOERR:
        return said.DISK_ERROR(path=path, problem=str(error))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return said.LOCKED(path=path)
    return None


def _code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF
