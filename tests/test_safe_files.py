"""Writing in one rename, and setting files aside without ever replacing another file."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdnmon.safe_files import copy_aside, move_aside, write_atomic


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_replaces_the_file_by_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "accounts.json"
    write_atomic(path, "first\n")
    before = path.stat().st_ino
    write_atomic(path, b"second\n")
    assert path.read_bytes() == b"second\n"
    # A new inode: the old file was never opened for writing, so it could not be half-written.
    assert path.stat().st_ino != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert _leftovers(path.parent) == []


def test_write_atomic_mode_for_files_meant_to_be_shared(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_atomic(path, "a,b\n", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    # A non-empty folder where the file should go: the final rename fails.
    target = tmp_path / "layout.toml"
    target.mkdir()
    (target / "kept").write_text("mine", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert (target / "kept").read_text(encoding="utf-8") == "mine"
    assert _leftovers(tmp_path) == []


def test_a_folder_that_cannot_be_made_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(blocker / "accounts.json", "{}")
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "accounts.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "config" / "accounts.json"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert _leftovers(dotfiles) == [] and _leftovers(link.parent) == []


def test_two_files_moved_aside_in_the_same_second_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    for _attempt in range(5):  # retried only if the clock turns a second in between
        for old in tmp_path.iterdir():
            old.unlink()
        started = _stamp()
        path.write_bytes(b"first damaged file")
        (tmp_path / "history.sqlite3-wal").write_bytes(b"its journal")
        first = move_aside(path, "damaged", companions=("-wal", "-shm"))
        path.write_bytes(b"second damaged file")
        second = move_aside(path, "damaged", companions=("-wal", "-shm"))
        if _stamp() == started:
            break
    assert first.name == f"history.sqlite3.damaged-{started}"
    assert second.name == f"history.sqlite3.damaged-{started}-2"
    assert first.read_bytes() == b"first damaged file"
    assert second.read_bytes() == b"second damaged file"
    assert Path(f"{first}-wal").read_bytes() == b"its journal"
    assert not path.exists() and not Path(f"{second}-wal").exists()


def test_a_name_taken_only_by_a_companion_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    for _attempt in range(5):  # retried only if the clock turns a second in between
        for old in tmp_path.iterdir():
            old.unlink()
        stamp = _stamp()
        path.write_bytes(b"db")
        (tmp_path / "history.sqlite3-wal").write_bytes(b"wal")
        squatter = tmp_path / f"history.sqlite3.damaged-{stamp}-wal"
        squatter.write_bytes(b"someone else's")
        moved = move_aside(path, "damaged", companions=("-wal",))
        if _stamp() == stamp:
            break
    assert moved.name == f"history.sqlite3.damaged-{stamp}-2"
    assert squatter.read_bytes() == b"someone else's"
    assert Path(f"{moved}-wal").read_bytes() == b"wal"


def test_copy_aside_keeps_the_file_and_never_copies_over_another(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_bytes(b'{"accounts": [1]}')
    path.chmod(0o600)
    stamp = _stamp()
    squatter = tmp_path / f"accounts.json.bad-{stamp}"
    squatter.write_bytes(b"an earlier, different copy")
    copy = copy_aside(path, "bad")
    assert path.read_bytes() == copy.read_bytes() == b'{"accounts": [1]}'
    assert squatter.read_bytes() == b"an earlier, different copy"
    assert copy != squatter
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_copy_aside_reuses_a_copy_with_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_bytes(b"v1")
    first = copy_aside(path, "bad")
    assert copy_aside(path, "bad") == first
    path.write_bytes(b"v2")
    second = copy_aside(path, "bad")
    assert second != first
    assert (first.read_bytes(), second.read_bytes()) == (b"v1", b"v2")
    assert len(list(tmp_path.glob("accounts.json.bad-*"))) == 2
