"""The history file is never lost: damaged files moved aside whole, newer files left as they
are, read-only folders and media read, and writes that cannot happen said in one sentence.
Read-only folders are real mounts (``tests.history_files``)."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdnmon.cli import main
from cdnmon.emulator import EmulatorServer
from cdnmon.history.schema import MIGRATIONS
from cdnmon.history.store import FILE_NAME, HistoryStore, SeriesKey, StoreError
from cdnmon.model import DAY, HOUR, MINUTE, Series, TimeRange, format_utc
from tests.emulated import first_account, online_domains
from tests.history_files import (
    digest,
    killed_writer,
    make_newer,
    require_private_mounts,
    run_on_small_disk,
    run_read_only,
)

T0 = 1_718_409_600  # 2024-06-15T00:00:00Z
KEY = ("aliyun", "shop", "www.example.com", MINUTE)
ADVICE = "make the folder writable, or set CDNMON_DATA_DIR to a folder you can write"


def minute_series(minutes: int = 60, domain: str = "www.example.com") -> Series:
    points = tuple((T0 + i * MINUTE, 1e6 + i) for i in range(minutes))
    return Series("aliyun", "shop", domain, MINUTE, points)


def saved_history(path: Path, minutes: int = 60) -> Path:
    with HistoryStore(path) as store:
        store.save(minute_series(minutes), TimeRange(T0, T0 + minutes * MINUTE))
    return path


def files_of(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def exported(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


@pytest.fixture
def data(isolated_home: Path) -> Path:
    folder = isolated_home / "data"
    folder.mkdir()
    return folder


# The emulator on the real clock, for a CLI that reads the real clock.
pytestmark = pytest.mark.emulator(real_time=True)


def fetch_argv(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], str, int]:
    """``fetch --store`` of three settled hours of one domain, with its credentials set, and
    how many points the emulator serves for it (its traffic has gaps now and then)."""
    account = first_account(server, "aliyun")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", account.key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", account.secret)
    domain = online_domains(account)[0]
    end = int(time.time()) // HOUR * HOUR - HOUR
    span = TimeRange(end - 3 * HOUR, end)
    argv = [
        "fetch", "--provider", "aliyun", "--domain", domain, "--endpoint", server.url,
        "--start", format_utc(span.start), "--end", format_utc(span.end), "--store",
    ]  # fmt: skip
    served = server.expected_series("aliyun", account.key_id, domain, span, MINUTE)
    assert served, "the emulator serves this domain"
    return argv, domain, len(served)


# ---- damaged files ---------------------------------------------------------------------------


def garbage_with_companions(folder: Path) -> dict[str, bytes]:
    """A file that is not SQLite, with a -wal and -shm of its own."""
    folder.mkdir()
    found = {}
    for suffix in ("", "-wal", "-shm"):
        found[suffix] = f"not a database{suffix}\n".encode() * 300
        (folder / (FILE_NAME + suffix)).write_bytes(found[suffix])
    return found


def damaged_with_unsaved_wal(folder: Path) -> dict[str, bytes]:
    """A real history with two pages turned to noise and a killed writer's -wal beside it."""
    folder.mkdir()
    path = folder / FILE_NAME
    with HistoryStore(path) as store:
        for day in range(5):
            span = TimeRange(T0 + day * DAY, T0 + (day + 1) * DAY)
            points = tuple((span.start + i * MINUTE, 1e6 + i) for i in range(1440))
            store.save(Series(*KEY[:3], MINUTE, points), span)
    killed_writer(path, "late.example.com")
    data = bytearray(path.read_bytes())
    data[10 * 4096 : 12 * 4096] = os.urandom(2 * 4096)
    path.write_bytes(bytes(data))
    return {suffix: (folder / (FILE_NAME + suffix)).read_bytes() for suffix in ("", "-wal")}


def test_two_damaged_files_in_one_second_are_both_kept_whole_with_their_companions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / FILE_NAME
    path.parent.mkdir()
    for attempt in range(3):
        garbage = garbage_with_companions(tmp_path / f"garbage{attempt}")
        damaged = damaged_with_unsaved_wal(tmp_path / f"damaged{attempt}")
        time.sleep(1.05 - time.time() % 1)  # both at the start of one second
        moved = []
        for staged in (tmp_path / f"garbage{attempt}", tmp_path / f"damaged{attempt}"):
            for file in staged.iterdir():
                file.replace(path.parent / file.name)
            with HistoryStore(path) as store:
                assert store.recovered_from is not None
                assert store.series_keys() == []  # a new, empty history
                moved.append(store.recovered_from)
        if moved[1].name == moved[0].name + "-2":
            break
        for file in path.parent.iterdir():  # a second began in between: again
            file.unlink()
    else:
        pytest.fail(f"no two damaged files in one second in three tries: {moved}")
    assert moved[0].name.startswith(f"{FILE_NAME}.corrupt-")
    # File and -wal as they were (the killed writer's commit still in the -wal, never
    # checkpointed into the damaged file); the -shm is SQLite's index of the -wal, which it
    # rebuilds on reading, so it is only checked to be beside them.
    for backup, content in [(moved[0], garbage), (moved[1], damaged)]:
        for suffix in ("", "-wal"):
            assert backup.with_name(backup.name + suffix).read_bytes() == content[suffix]
        assert backup.with_name(backup.name + "-shm").exists()
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [FILE_NAME] + [m.name + suffix for m in moved for suffix in ("", "-wal", "-shm")]
    )


# ---- files from a newer cdnmon ---------------------------------------------------------------


def newer_sentence(path: Path) -> str:
    return (
        f"the history file {path} was written by a newer cdnmon (format {len(MIGRATIONS) + 1},"
        f" this one reads up to {len(MIGRATIONS)}): update cdnmon"
    )


def test_a_newer_file_that_older_cdnmons_may_read_is_read_and_never_written(
    tmp_path: Path,
) -> None:
    path = saved_history(tmp_path / FILE_NAME)
    make_newer(path, oldest_reader=1)
    before = digest(path)
    with HistoryStore(path) as store:
        refusal = f"{newer_sentence(path)}; history is shown but not added to"
        assert store.read_only_reason == refusal and not store.writable
        assert store.points(*KEY, TimeRange(T0, T0 + HOUR)) == minute_series()
        assert store.series_keys() == [SeriesKey(*KEY)]
        with pytest.raises(StoreError) as refused:
            store.save(minute_series(), TimeRange(T0, T0 + 2 * HOUR))
        assert str(refused.value) == refusal
        retention = store.apply_retention(now=T0 + 1000 * DAY)  # would fold and expire all
        assert (retention.aggregated, retention.expired) == (0, 0)
    assert digest(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
    conn.close()


@pytest.mark.parametrize("oldest_reader", [None, len(MIGRATIONS) + 1])
def test_a_newer_file_that_does_not_say_older_ones_may_read_it_is_refused(
    tmp_path: Path, oldest_reader: int | None
) -> None:
    # Its tables may no longer mean what this build takes them to mean: no reading at all.
    path = saved_history(tmp_path / FILE_NAME)
    make_newer(path, oldest_reader)
    before = digest(path)
    with pytest.raises(StoreError) as refused:
        HistoryStore(path)
    assert str(refused.value) == newer_sentence(path)
    assert digest(path) == before
    # Reading the format made SQLite's companions, as any reader does; nothing was moved.
    assert {p.name for p in tmp_path.iterdir()} <= {
        FILE_NAME,
        f"{FILE_NAME}-wal",
        f"{FILE_NAME}-shm",
    }


def test_cli_reads_a_newer_file_and_refuses_to_add_to_it(
    data: Path, server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved_history(data / FILE_NAME)
    make_newer(path, oldest_reader=1)
    before = digest(path)
    run = [sys.executable, "-m", "cdnmon"]
    export = subprocess.run([*run, "export"], capture_output=True, text=True, timeout=60)
    assert export.returncode == 0, export.stderr
    assert len(exported(export.stdout)) == 60 and export.stderr == ""
    argv, domain, served = fetch_argv(server, monkeypatch)
    fetch = subprocess.run([*run, *argv], capture_output=True, text=True, timeout=60)
    assert fetch.returncode == 1
    assert {row["domain"] for row in exported(fetch.stdout)} == {domain}  # still printed
    assert len(exported(fetch.stdout)) == served
    assert fetch.stderr == f"cdnmon: {newer_sentence(path)}; history is shown but not added to\n"
    assert digest(path) == before


# ---- read-only folders and media -------------------------------------------------------------


def test_export_and_report_read_history_in_a_read_only_folder(data: Path) -> None:
    require_private_mounts()
    saved_history(data / FILE_NAME)
    before = files_of(data)
    assert list(before) == [FILE_NAME]  # checkpointed and closed: no -wal or -shm to use
    export = run_read_only(data, "export")
    assert export.returncode == 0, export.stderr
    assert [float(r["bps"]) for r in exported(export.stdout)] == [1e6 + i for i in range(60)]
    report = run_read_only(data, "report", "--month", "2024-06", "--format", "csv")
    assert report.returncode == 0, report.stderr
    assert [r["domain"] for r in exported(report.stdout)] == ["www.example.com", "*"]
    assert export.stderr == report.stderr == ""
    assert files_of(data) == before


@pytest.mark.parametrize("shm", ["kept", "lost"])
def test_a_killed_writers_commits_in_the_wal_are_read_in_a_read_only_folder(
    data: Path, tmp_path: Path, shm: str
) -> None:
    require_private_mounts()
    path = data / FILE_NAME
    killed_writer(path)
    if shm == "lost":  # as when the file and its -wal were copied onto read-only media
        path.with_name(FILE_NAME + "-shm").unlink()
    assert path.with_name(FILE_NAME + "-wal").stat().st_size > 0
    # The file alone has no tables yet: all of the save is in the -wal, which an immutable
    # open (the only one possible without a -shm) would skip.
    immutable = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    assert immutable.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    immutable.close()
    before = files_of(data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    export = run_read_only(data, "export", env={**os.environ, "TMPDIR": str(scratch)})
    assert export.returncode == 0, export.stderr
    assert [float(r["bps"]) for r in exported(export.stdout)] == [1e6 + i for i in range(60)]
    assert files_of(data) == before
    assert list(scratch.iterdir()) == []  # the private copy read without a -shm is gone


def test_fetch_store_into_a_read_only_folder_prints_the_points_then_says_why_not_kept(
    data: Path, server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_private_mounts()
    path = saved_history(data / FILE_NAME)
    before = files_of(data)
    argv, domain, served = fetch_argv(server, monkeypatch)
    fetch = run_read_only(data, *argv)
    assert fetch.returncode == 1
    assert {row["domain"] for row in exported(fetch.stdout)} == {domain}
    assert len(exported(fetch.stdout)) == served
    assert fetch.stderr == (
        f"cdnmon: the history file {path} cannot be written ({data} is on a read-only file "
        f"system): history is shown but not added to; {ADVICE}\n"
    )
    assert files_of(data) == before


def test_fetch_store_where_the_data_folder_cannot_be_created_says_so_after_the_points(
    tmp_path: Path, server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_private_mounts()
    media = tmp_path / "media"
    media.mkdir()
    folder = media / "cdnmon" / "data"
    monkeypatch.setenv("CDNMON_DATA_DIR", str(folder))
    argv, _, served = fetch_argv(server, monkeypatch)
    fetch = run_read_only(media, *argv, env=dict(os.environ))
    assert fetch.returncode == 1
    assert len(exported(fetch.stdout)) == served
    assert fetch.stderr == (
        f"cdnmon: cannot create the folder {folder} for the history file (Read-only file "
        "system): set CDNMON_DATA_DIR to a folder you can write\n"
    )
    assert list(media.iterdir()) == []


def test_fetch_store_into_an_empty_read_only_folder_names_the_file_it_cannot_create(
    data: Path, server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_private_mounts()
    argv, _, served = fetch_argv(server, monkeypatch)
    fetch = run_read_only(data, *argv)
    assert fetch.returncode == 1 and len(exported(fetch.stdout)) == served
    assert fetch.stderr == (
        f"cdnmon: cannot create the history file {data / FILE_NAME} ({data} is on a read-only "
        f"file system): {ADVICE}\n"
    )


def test_fetch_store_creates_a_missing_data_folder(
    tmp_path: Path,
    server: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("CDNMON_DATA_DIR", str(folder))
    argv, domain, served = fetch_argv(server, monkeypatch)
    assert main(argv) == 0
    assert len(exported(capsys.readouterr().out)) == served
    with HistoryStore.existing(folder / FILE_NAME) as store:
        assert [k.domain for k in store.series_keys()] == [domain]


# Fills the history's disk, then reads back what was there before.
FILL_THE_DISK = """
import sys
from pathlib import Path
from cdnmon.model import DAY, MINUTE, Series, TimeRange
from cdnmon.history.store import HistoryStore, StoreError

T0 = 1_718_409_600
with HistoryStore(Path(sys.argv[1])) as store:
    try:
        for day in range(1, 30):
            span = TimeRange(T0 + day * DAY, T0 + (day + 1) * DAY)
            points = tuple((span.start + i * MINUTE, 1.0) for i in range(1440))
            store.save(Series("aliyun", "shop", "www.example.com", MINUTE, points), span)
    except StoreError as error:
        print(error)
with HistoryStore(Path(sys.argv[1])) as store:
    first_day = store.points("aliyun", "shop", "www.example.com", MINUTE, TimeRange(T0, T0 + DAY))
    print(len(first_day.points))
"""


def test_a_full_disk_is_one_sentence_and_what_was_stored_stays(tmp_path: Path) -> None:
    require_private_mounts()
    seed = saved_history(tmp_path / FILE_NAME)
    disk = tmp_path / "disk"
    disk.mkdir()
    run = run_on_small_disk(disk, seed, FILL_THE_DISK)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"cannot add to the history file {disk / FILE_NAME}: the disk is full; free some space "
        "on it",
        "60",
    ]
