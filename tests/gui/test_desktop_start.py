"""Starting the window: the display and Qt's libraries checked before Qt loads, and the
desktop options (--size, --screenshot, --screenshot-timeout) checked before any window."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from cdnmon import cli
from cdnmon.display_check import (
    NO_DISPLAY_HINT,
    QT_LIBRARIES,
    XCB_LIBRARIES,
    LibraryFinder,
    display_problem,
    display_reachable,
    missing_libraries,
    parse_loader_cache,
    qt_platforms,
    system_library_finder,
)
from cdnmon.gui.app import SCREENSHOT_SIZE
from cdnmon.gui.monitor import Monitor
from cdnmon.gui.window.main_window import MainWindow
from cdnmon.gui.window.settings import WindowSettings
from cdnmon.gui.workers import WorkerPool
from cdnmon.model import InputError
from tests import REPO
from tests.children import child_process

QT = Path(__import__("PySide6").__file__).parent / "Qt"
ABSENT = "libcdnmon-absent.so.1"
# In every Debian/Ubuntu system (apt needs them), so the tables leave them out.
ALWAYS_THERE = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1",
                "libzstd.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}  # fmt: skip


def found_all(soname: str) -> bool:
    return True


def missing(*sonames: str) -> LibraryFinder:
    return lambda soname: soname not in sonames


def never_asked(display: str) -> bool | None:
    raise AssertionError(f"probed {display}")


# ---- the check, on made-up environments ------------------------------------------------


def test_other_systems_and_explicit_platforms_need_no_display() -> None:
    assert display_problem({}, platform="darwin", find=missing("libEGL.so.1")) is None
    assert display_problem({}, platform="win32") is None
    for platform in ("offscreen", "minimal", "offscreen:fontengine=freetype", "vnc", "wayland"):
        environ = {"QT_QPA_PLATFORM": platform}
        assert display_problem(environ, "linux", found_all, never_asked) is None


def test_no_display_says_how_to_run_without_one() -> None:
    problem = display_problem({}, "linux", found_all, never_asked)
    assert problem == (
        "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "without a display, save a picture instead: QT_QPA_PLATFORM=offscreen cdnmon --demo "
        "--screenshot demo.png (or run cdnmon under xvfb-run)"
    )
    # xcb asked for by name needs an X display: Wayland's does not do.
    environ = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}
    assert display_problem(environ, "linux", found_all, never_asked) == (
        f"no X display to open the window on (DISPLAY is not set); {NO_DISPLAY_HINT}"
    )


def test_missing_xcb_libraries_are_named_with_their_debian_packages() -> None:
    find = missing("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    for environ in ({"DISPLAY": ":0"}, {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}):
        assert display_problem(environ, "linux", find, never_asked) == (
            "Qt needs libraries that are not installed here "
            "(libxcb-icccm.so.4, libxcb-keysyms.so.1); "
            "on Debian/Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
        )


def test_a_package_holding_two_missing_libraries_is_named_once() -> None:
    find = missing("libglib-2.0.so.0", "libgthread-2.0.so.0", "libEGL.so.1")
    problem = display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", find, never_asked)
    assert problem is not None
    assert problem.endswith("sudo apt-get install libegl1 libglib2.0-0")


def test_offscreen_needs_qt_libraries_but_not_xcb() -> None:
    environ = {"QT_QPA_PLATFORM": "offscreen"}
    assert display_problem(environ, "linux", missing(*XCB_LIBRARIES), never_asked) is None
    problem = display_problem(environ, "linux", missing("libEGL.so.1"), never_asked)
    assert problem is not None and problem.endswith("sudo apt-get install libegl1")


def test_without_a_display_only_what_offscreen_needs_is_asked_for() -> None:
    find = missing("libxcb-cursor.so.0", "libfontconfig.so.1")
    problem = display_problem({}, "linux", find, never_asked)
    assert problem is not None and problem.endswith("sudo apt-get install libfontconfig1")


def test_a_display_nobody_answers_on_is_said_before_qt_aborts() -> None:
    def nobody(display: str) -> bool:
        assert display == ":7"
        return False

    assert display_problem({"DISPLAY": ":7"}, "linux", found_all, nobody) == (
        f"no X server answers on the display DISPLAY=:7; {NO_DISPLAY_HINT}"
    )
    # No answer in time, or a form not understood: Qt decides.
    assert display_problem({"DISPLAY": ":7"}, "linux", found_all, lambda _: None) is None
    assert display_problem({"DISPLAY": ":7"}, "linux", found_all, lambda _: True) is None


def test_wayland_sessions_are_left_to_qt() -> None:
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}
    # Qt tries Wayland first there: missing xcb libraries do not stop it.
    assert display_problem(wayland, "linux", missing(*XCB_LIBRARIES), never_asked) is None
    assert display_problem({"WAYLAND_DISPLAY": "w"}, "linux", found_all, never_asked) is None
    listed = {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}
    assert display_problem(listed, "linux", missing(*XCB_LIBRARIES), never_asked) is None
    problem = display_problem(wayland, "linux", missing("libGL.so.1"), never_asked)
    assert problem is not None and problem.endswith("install libgl1")


def test_an_unreadable_loader_cache_blocks_nothing() -> None:
    assert missing_libraries(XCB_LIBRARIES, None) is None  # what cannot be known
    assert system_library_finder({"PATH": "/nonexistent"}) is not None or not any(
        Path(ldconfig).exists() for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig")
    )


def test_platform_names_lose_their_options() -> None:
    environ = {"QT_QPA_PLATFORM": " XCB:foo=1 ; offscreen ;"}
    assert qt_platforms(environ) == ["xcb", "offscreen"]
    assert qt_platforms({}) == []


# ---- the real lookup -------------------------------------------------------------------


@pytest.fixture
def finder() -> LibraryFinder:
    find = system_library_finder({"PATH": os.environ.get("PATH", "")})
    if find is None:
        pytest.skip("no ldconfig here: the library check stands aside")
    return find


def test_the_real_lookup_finds_what_is_there_and_not_what_is_not(finder: LibraryFinder) -> None:
    assert finder("libc.so.6")
    assert not finder(ABSENT)
    problem = missing_libraries({"libc.so.6": "libc6", ABSENT: "libcdnmon-absent1"}, finder)
    assert problem == (
        f"Qt needs libraries that are not installed here ({ABSENT}); "
        "on Debian/Ubuntu: sudo apt-get install libcdnmon-absent1"
    )


def test_the_real_lookup_searches_ld_library_path_for_this_machine_only(
    tmp_path: Path, finder: LibraryFinder
) -> None:
    cached = parse_loader_cache(ldconfig_lines())["libc.so.6"]
    libc = next(path for path in cached if path.exists())
    shutil.copyfile(libc, tmp_path / ABSENT)
    foreign = bytearray(libc.read_bytes()[:4096])
    foreign[18:20] = b"\xff\x7f"  # another e_machine: the loader would refuse it
    (tmp_path / "libcdnmon-foreign.so.1").write_bytes(foreign)
    environ = {"PATH": os.environ.get("PATH", ""), "LD_LIBRARY_PATH": f"/nonexistent:{tmp_path}"}
    find = system_library_finder(environ)
    assert find is not None
    assert find(ABSENT)
    assert not find("libcdnmon-foreign.so.1")
    assert not finder(ABSENT)  # without that LD_LIBRARY_PATH


def ldconfig_lines() -> list[str]:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    if not Path(ldconfig).exists():
        pytest.skip("no ldconfig here")
    return subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout.splitlines()


def test_loader_cache_lines_are_read() -> None:
    lines = [
        "1234 libs found in cache `/etc/ld.so.cache'",
        "\tlibxcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb.so.1",
        "\tlibxcb.so.1 (libc6) => /lib/i386-linux-gnu/libxcb.so.1",
        "Cache generated by: ldconfig (GNU libc) stable release version 2.36",
    ]
    assert parse_loader_cache(lines) == {
        "libxcb.so.1": [
            Path("/lib/x86_64-linux-gnu/libxcb.so.1"),
            Path("/lib/i386-linux-gnu/libxcb.so.1"),
        ]
    }


def needed(*binaries: Path) -> set[str]:
    """The sonames these ELF files link against (their DT_NEEDED entries)."""
    readelf = shutil.which("readelf") or pytest.skip("readelf is not installed")
    names: set[str] = set()
    for binary in binaries:
        listing = subprocess.run([readelf, "-d", str(binary)], capture_output=True, text=True)
        for line in listing.stdout.splitlines():
            if "(NEEDED)" in line:
                names.add(line.split("[", 1)[1].rstrip("]"))
    return {n for n in names if not n.startswith(("libQt6", "libicu")) and n not in ALWAYS_THERE}


def test_the_tables_are_what_the_installed_qt_links_against() -> None:
    """A PySide6 upgrade that links another library fails here, not on a user's machine."""
    xcb = needed(QT / "plugins/platforms/libqxcb.so", QT / "lib/libQt6XcbQpa.so.6")
    libraries = [QT / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "DBus")]
    base = needed(*libraries, QT / "lib/libQt6Svg.so.6", QT / "plugins/platforms/libqoffscreen.so")
    assert base == set(QT_LIBRARIES)
    assert xcb - base == set(XCB_LIBRARIES)


def test_the_packages_are_the_ones_holding_those_libraries() -> None:
    dpkg = shutil.which("dpkg") or pytest.skip("not a Debian/Ubuntu system")
    tables = {**QT_LIBRARIES, **XCB_LIBRARIES}
    listing = subprocess.run(
        [dpkg, "-S", *(f"*/{soname}" for soname in tables)], capture_output=True, text=True
    ).stdout
    owners: dict[str, set[str]] = {}
    for line in listing.splitlines():
        package, _, path = line.partition(": ")
        owners.setdefault(Path(path).name, set()).add(package.split(":")[0])
    absent = [soname for soname in tables if soname not in owners]
    if absent:
        pytest.skip(f"not installed here: {absent}")
    wrong = {soname: owners[soname] for soname in tables if tables[soname] not in owners[soname]}
    assert not wrong


def test_display_reachable_probes_the_x_socket(tmp_path: Path) -> None:
    assert display_reachable(":4242") is False or Path("/tmp/.X11-unix/X4242").exists()
    assert display_reachable("not a display") is None
    assert display_reachable("unix/host:0") is None


# ---- the real command ------------------------------------------------------------------


def run_cdnmon(*args: str, environ: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cdnmon", *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        cwd=REPO, env=dict(environ),
    )  # fmt: skip


def without_display() -> dict[str, str]:
    environ = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"):
        environ.pop(name, None)
    return environ


def assert_said_not_crashed(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)  # never -6 (abort)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("cdnmon: ")
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "core dump" not in result.stderr


def test_the_demo_without_a_display_says_so_instead_of_a_core_dump() -> None:
    result = run_cdnmon("--demo", environ=without_display())
    assert_said_not_crashed(result, 1)
    assert "no display to open the window on" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen cdnmon --demo --screenshot demo.png" in result.stderr


def test_a_display_nobody_answers_on_ends_in_a_sentence() -> None:
    number = next(n for n in range(4242, 4300) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    result = run_cdnmon("--demo", environ={**without_display(), "DISPLAY": f":{number}"})
    assert_said_not_crashed(result, 1)
    assert f"no X server answers on the display DISPLAY=:{number}" in result.stderr


@pytest.fixture
def x_display() -> Iterator[str]:
    """A real X server (Xvfb) on a free display number."""
    xvfb = shutil.which("Xvfb") or pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    argv = [xvfb, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1920x1080x24"]
    with child_process(argv, pass_fds=(write,), stderr=subprocess.DEVNULL):
        os.close(write)
        with os.fdopen(read) as ready:
            number = ready.readline().strip()  # written once it accepts connections
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"


@pytest.mark.slow
def test_with_a_display_the_xcb_window_starts_and_shoots(x_display: str, tmp_path: Path) -> None:
    assert display_reachable(x_display) is True
    picture = tmp_path / "demo.png"
    environ = {**without_display(), "DISPLAY": x_display}
    assert display_problem(environ) is None  # what the command checks before Qt
    result = run_cdnmon("--demo", "--screenshot", str(picture), environ=environ)
    assert result.returncode == 0, result.stderr
    assert png_size(picture) == SCREENSHOT_SIZE


def test_missing_xcb_libraries_end_in_a_sentence_not_qts_abort(x_display: str) -> None:
    """The libraries hidden in a mount namespace of the test's own: Qt alone aborts there
    (blaming libxcb-cursor0), cdnmon names what to install."""
    unshare = shutil.which("unshare") or pytest.skip("unshare is not installed")
    hidden = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    cache = parse_loader_cache(ldconfig_lines())
    paths = [str(path) for soname in hidden for path in cache.get(soname, []) if path.exists()]
    mounts = " && ".join(f"mount --bind /dev/null {path}" for path in paths)
    environ = {**without_display(), "DISPLAY": x_display}

    def hidden_run(*argv: str) -> subprocess.CompletedProcess[str]:
        script = f'{mounts} && exec "$@"'
        return subprocess.run(
            [unshare, "--mount", "sh", "-c", script, "sh", *argv],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=environ,
        )  # fmt: skip

    if not paths or hidden_run("true").returncode != 0:
        pytest.skip("no mount namespace for this user")
    qt_alone = hidden_run(sys.executable, "-c", "from PySide6.QtWidgets import *; QApplication()")
    assert qt_alone.returncode == -6 and "libxcb-cursor0" in qt_alone.stderr  # SIGABRT
    result = hidden_run(sys.executable, "-m", "cdnmon", "--demo")
    assert_said_not_crashed(result, 1)
    assert result.stderr == (
        "cdnmon: Qt needs libraries that are not installed here "
        "(libxcb-icccm.so.4, libxcb-keysyms.so.1); "
        "on Debian/Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n"
    )


@pytest.mark.slow
def test_size_sets_the_screenshots_size(tmp_path: Path) -> None:
    picture = tmp_path / "small.png"
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = ("--demo", "--size", "1024x700", "--screenshot", str(picture))
    result = run_cdnmon(*args, environ=environ)
    assert result.returncode == 0, result.stderr
    assert png_size(picture) == (1024, 700)
    assert not (tmp_path / "config" / "demo.ini").exists()  # nothing of it is remembered


@pytest.mark.slow
def test_the_large_demo_starts_and_shoots(tmp_path: Path) -> None:
    picture = tmp_path / "large.png"
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = run_cdnmon("--demo-domains", "2000", "--screenshot", str(picture), environ=environ)
    assert result.returncode == 0, result.stderr
    assert png_size(picture) == SCREENSHOT_SIZE


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_toolbar_is_whole_at_the_screenshot_size(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(Monitor(WorkerPool()), WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    qtbot.waitExposed(window)
    bar = window.findChild(QToolBar, "main-toolbar")
    assert bar is not None
    overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is None or not overflow.isVisible()
    shown = [bar.widgetForAction(action) for action in bar.actions() if action.isVisible()]
    assert shown and all(widget is not None and widget.isVisible() for widget in shown)


# ---- the options, refused before any window --------------------------------------------


def unwritable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return folder
    return Path("/sys")  # as root permissions do not stop a write: a folder nobody writes in


BAD_OPTIONS = {
    "--size 13x": "--size 13x: give the size as WIDTHxHEIGHT in pixels, e.g. 1366x768",
    "--size 320x200": "--size 320x200: the window can be from 640x480 to 7680x4320 pixels",
    "--screenshot shot.png --screenshot-timeout -5": (
        "--screenshot-timeout -5: give the seconds to wait, more than 0 and at most 86400"
    ),
    "--screenshot-timeout nan": (
        "--screenshot-timeout nan: give the seconds to wait, more than 0 and at most 86400"
    ),
    "--screenshot shot": (
        "--screenshot shot: give the file a .png or .jpg extension (it sets the format)"
    ),
    "--wall --size 800x600": "--size is for the main window: the wall always fills its screen",
    "--demo-domains 5": (
        "--demo-domains 5: give from 8 (one for each of the 8 accounts) to 50,000 domains"
    ),
    "--demo-domains 2000 fetch --provider aliyun --domain www.shop.example.com": (
        "--demo-domains applies to the window only"
    ),
}


@pytest.mark.parametrize("args", list(BAD_OPTIONS))
def test_bad_desktop_options_are_one_sentence(args: str) -> None:
    result = run_cdnmon(*args.split(), environ={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert_said_not_crashed(result, 2)
    assert result.stderr == f"cdnmon: {BAD_OPTIONS[args]}\n"


def test_screenshot_folders_that_cannot_take_the_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    cases = {
        tmp_path / "missing" / "x.png": f"there is no folder {tmp_path / 'missing'}",
        tmp_path / "a-file" / "x.png": f"there is no folder {tmp_path / 'a-file'}",
        unwritable_folder(tmp_path) / "x.png": "cannot write in ",
        tmp_path: "give the file a .png or .jpg extension",
    }
    (tmp_path / "folder.png").mkdir()
    cases[tmp_path / "folder.png"] = "that is a folder; name a file in it"
    for path, message in cases.items():
        with pytest.raises(InputError, match=r"^--screenshot ") as raised:
            cli.check_screenshot(path)
        assert message in str(raised.value)
    cli.check_screenshot(tmp_path / "fine.JPG")
    assert not (tmp_path / "fine.JPG").exists()  # checked, not yet written
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["a-file"]


@pytest.mark.parametrize("text", ["640x480", "1366X768", " 7680x4320 "])
def test_sizes_in_range(text: str) -> None:
    width, height = cli.parse_size(text)
    assert f"{width}x{height}" == text.strip().lower()


@pytest.mark.parametrize(
    "text", ["639x480", "640x479", "7681x4320", "x", "1366x768x2", "²x3", "1366 x 768", ""]
)
def test_sizes_refused(text: str) -> None:
    with pytest.raises(InputError, match=r"^--size "):
        cli.parse_size(text)


@given(st.text(max_size=24))
def test_any_size_text_is_a_size_in_range_or_one_sentence(text: str) -> None:
    try:
        width, height = cli.parse_size(text)
    except InputError as error:
        assert str(error).startswith("--size ") and "\n" not in str(error).replace(text, "")
    else:
        assert 640 <= width <= 7680 and 480 <= height <= 4320
