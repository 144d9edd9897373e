"""Before Qt loads: a display to open the window on, and the libraries Qt needs for it.

Qt aborts the whole process (a core dump) when its platform plugin cannot start: with no
display, with a display nobody answers on, or when one of the xcb plugin's libraries is
missing (its message then blames libxcb-cursor0, whatever is missing). Checked first, each
case becomes one sentence saying what to install or how to run without a display.

No Qt import here: this runs exactly where Qt itself would fail.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# What PySide6's own Qt libraries (Core, Gui, Widgets, DBus, OpenGL, Svg) link against, on
# every platform, offscreen included: soname -> Debian/Ubuntu package. Left out: glibc,
# zlib, zstd, libstdc++ and libgcc, which every Debian/Ubuntu system has (apt needs them).
QT_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}

# What Qt's xcb platform plugin (plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6)
# links against on top of those.
XCB_LIBRARIES: dict[str, str] = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

NO_DISPLAY_HINT = (
    "without a display, save a picture instead: "
    "QT_QPA_PLATFORM=offscreen cdnmon --demo --screenshot demo.png (or run cdnmon under xvfb-run)"
)

# Tells whether a library (by soname) can be found.
LibraryFinder = Callable[[str], bool]
# The folders the dynamic loader searches even when its cache does not list them.
TRUSTED_FOLDERS = (Path("/lib"), Path("/usr/lib"), Path("/lib64"), Path("/usr/lib64"))


def display_problem(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    find: LibraryFinder | None = None,
    reachable: Callable[[str], bool | None] | None = None,
) -> str | None:
    """What keeps Qt from starting here, as one sentence; None when nothing is known to.

    ``find`` and ``reachable`` default to the real library lookup and display probe.
    """
    if platform != "linux":
        return None  # macOS and Windows always have their one platform plugin and screen
    if find is None:
        find = system_library_finder(environ)
    reachable = reachable or display_reachable
    chosen = qt_platforms(environ)
    display, wayland = environ.get("DISPLAY", ""), environ.get("WAYLAND_DISPLAY", "")
    wayland_first = wayland and (not display or environ.get("XDG_SESSION_TYPE") == "wayland")
    if chosen != ["xcb"] and (chosen or wayland_first):
        # Another platform named (offscreen, wayland, "wayland;xcb"...), or a Wayland session
        # where Qt tries Wayland first: which one starts is the user's and Qt's call.
        return missing_libraries(QT_LIBRARIES, find)
    if not display:
        # Without a display, only what the offscreen platform also needs is worth asking for.
        if chosen:
            where = "no X display to open the window on (DISPLAY is not set)"
        else:
            where = "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"
        return missing_libraries(QT_LIBRARIES, find) or f"{where}; {NO_DISPLAY_HINT}"
    problem = missing_libraries({**QT_LIBRARIES, **XCB_LIBRARIES}, find)
    if problem is None and reachable(display) is False:
        return f"no X server answers on the display DISPLAY={display}; {NO_DISPLAY_HINT}"
    return problem


def qt_platforms(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins QT_QPA_PLATFORM names, in Qt's order, without their options."""
    value = environ.get("QT_QPA_PLATFORM", "")
    return [part.split(":")[0].strip().lower() for part in value.split(";") if part.strip()]


def missing_libraries(libraries: Mapping[str, str], find: LibraryFinder | None) -> str | None:
    """One sentence naming the libraries ``find`` cannot find and the packages holding them."""
    if find is None:
        return None
    missing = [soname for soname in libraries if not find(soname)]
    if not missing:
        return None
    packages = list(dict.fromkeys(libraries[soname] for soname in missing))
    return (
        f"Qt needs libraries that are not installed here ({', '.join(missing)}); "
        f"on Debian/Ubuntu: sudo apt-get install {' '.join(packages)}"
    )


def system_library_finder(environ: Mapping[str, str]) -> LibraryFinder | None:
    """Find sonames where the dynamic loader looks: LD_LIBRARY_PATH, its cache (``ldconfig
    -p``) and the trusted folders; libraries of another architecture do not count. Nothing
    is loaded (a copy loaded here could differ from the one Qt would pick). None when the
    loader's cache cannot be read: then nothing is known.

    The frozen bundle also looks in its own folder, where it keeps the libraries it ships.
    """
    cache = _loader_cache(environ)
    if cache is None:
        return None
    searched = [Path(part) for part in environ.get("LD_LIBRARY_PATH", "").split(":") if part]
    if (bundle := getattr(sys, "_MEIPASS", None)) is not None:
        searched.append(Path(bundle))
    searched += TRUSTED_FOLDERS
    machine = _elf_machine(Path(sys.executable))

    def find(soname: str) -> bool:
        candidates = [folder / soname for folder in searched] + cache.get(soname, [])
        return any(_elf_machine(path) in (machine, None) and path.is_file() for path in candidates)

    return find


def _loader_cache(environ: Mapping[str, str]) -> dict[str, list[Path]] | None:
    """soname -> paths, as ``ldconfig -p`` lists them (also outside a user's PATH)."""
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            listing = subprocess.run(
                [ldconfig, "-p"],
                capture_output=True,
                text=True,
                timeout=10,
                env={**environ, "LC_ALL": "C"},
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return parse_loader_cache(listing.splitlines())
    return None


def parse_loader_cache(lines: Iterable[str]) -> dict[str, list[Path]]:
    """``ldconfig -p`` lines: ``\\tlibxcb.so.1 (libc6,x86-64) => /lib/.../libxcb.so.1``."""
    cache: dict[str, list[Path]] = {}
    for line in lines:
        name, arrow, path = line.strip().partition(" => ")
        if arrow and name:
            cache.setdefault(name.split()[0], []).append(Path(path.strip()))
    return cache


def _elf_machine(path: Path) -> tuple[int, bytes] | None:
    """The ELF class and machine of a file (32/64-bit, x86-64/arm64...); None if unknown."""
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return None
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    return header[4], header[18:20]


def display_reachable(display: str, timeout_s: float = 3.0) -> bool | None:
    """Does an X server accept connections on ``display`` (``:0``, ``host:10.0``)?

    None when the form is not understood or no answer comes in time: the check then
    leaves the decision to Qt rather than refuse a display that may work.
    """
    host, colon, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not colon or not number.isdigit() or "/" in host:
        return None
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        # The socket file first, then the abstract socket of the same name.
        addresses: list[tuple[int, object]] = [(socket.AF_UNIX, p) for p in (path, "\0" + path)]
    else:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        addresses = [(family, (host.strip("[]"), 6000 + int(number)))]
    try:
        return any(_connects(kind, address, timeout_s) for kind, address in addresses)
    except TimeoutError:
        return None


def _connects(family: int, address: object, timeout_s: float) -> bool:
    """True once connected (then closed at once); TimeoutError when no answer comes."""
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout_s)
            probe.connect(address)
    except TimeoutError:
        raise
    except OSError:
        return False
    return True
