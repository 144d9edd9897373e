"""Writing and setting aside the user's files so that nothing is ever half-written or lost.

Two rules, in one place for every file cdnmon owns (accounts, settings, layouts, history):
- a file is written to a temporary name in its own folder, flushed, then renamed over the
  old one, so a crash or a full disk leaves the old file or the new one, never half of one;
- a file that cannot be read is moved aside (or, when part of it can be read, copied
  aside) under a name no other file has, never over another file: a second damaged file
  in the same second gets its own name.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path


def write_atomic(
    path: Path, data: str | bytes, *, mode: int = 0o600, make_folder: bool = True
) -> None:
    """Replace ``path`` with ``data`` in one rename; the parent folder is created unless
    ``make_folder`` is False (a place a person chose: a missing one is their typo).

    A symbolic link is written through (its target is replaced), so a settings file kept
    in, say, a dotfiles folder stays linked. ``mode`` is the new file's permission: 0o600
    for anything naming an account, 0o644 for what a person exports to share.
    OSError propagates: the caller turns it into one sentence naming the file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = _through_links(path)
    if make_folder:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = _write_temporary(path, payload, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def move_aside(path: Path, tag: str, companions: Sequence[str] = ()) -> Path:
    """Move ``path`` (and ``path + suffix`` for each companion that exists) to a new name.

    The new name is ``<name>.<tag>-<UTC time>``, with ``-2``, ``-3``... added when that
    name, or a companion's, is taken. Returns the new path of the main file.
    """

    def move(target: Path) -> None:
        _move_no_clobber(path, target)
        for companion in companions:
            side = path.with_name(path.name + companion)
            if side.exists():
                _move_no_clobber(side, target.with_name(target.name + companion))

    return _to_free_name(path, tag, companions, move)


def copy_aside(path: Path, tag: str) -> Path:
    """Keep a copy of ``path`` as it is now under a name no other file has, named as
    :func:`move_aside` names it, and leave ``path`` where it is.

    A copy with the same bytes made earlier is returned instead of a new one, so reading
    the same damaged file again and again does not fill the folder with copies.
    """
    payload = path.read_bytes()
    pattern = f"{glob.escape(path.name)}.{glob.escape(tag)}-*"
    for earlier in sorted(path.parent.glob(pattern)):
        with contextlib.suppress(OSError):
            if earlier.is_file() and earlier.read_bytes() == payload:
                return earlier
    tmp = _write_temporary(path, payload, stat.S_IMODE(path.stat().st_mode))
    try:
        return _to_free_name(path, tag, (), lambda target: _move_no_clobber(tmp, target))
    finally:
        tmp.unlink(missing_ok=True)


def _to_free_name(
    path: Path, tag: str, companions: Sequence[str], place: Callable[[Path], None]
) -> Path:
    """Call ``place`` with the first free ``<name>.<tag>-<UTC time>[-N]``; that name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 10_000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        target = path.with_name(f"{path.name}.{tag}-{stamp}{suffix}")
        taken = [target, *(target.with_name(target.name + c) for c in companions)]
        if any(os.path.lexists(p) for p in taken):
            continue
        try:
            place(target)
        except FileExistsError:
            continue  # another process took the name between the check and the move
        _sync_folder(path.parent)
        return target
    raise FileExistsError(errno.EEXIST, "no free name to set the file aside", str(path))


def _write_temporary(path: Path, payload: bytes, mode: int) -> Path:
    """``payload`` in a new, flushed temporary file beside ``path``."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _through_links(path: Path) -> Path:
    # The link's target, however many links deep; a dangling link's target is created.
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _move_no_clobber(source: Path, target: Path) -> None:
    # A hard link fails if the target exists, atomically; rename would silently replace it.
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links (FAT, some network shares): check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "target exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed (POSIX; not on Windows).
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
