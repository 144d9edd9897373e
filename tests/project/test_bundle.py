"""The desktop bundle: built with packaging/build.sh into a temporary folder, then run.

One build per session (about 25 s on a 2-core machine), shared by the tests below: the
frozen app draws its first chart in demo mode, finds keyring's backends through the
bundled metadata (and, where gnome-keyring is installed, stores a secret in a real Secret
Service), and carries its icons, translations and the Qt libraries its plugins need.
Skipped only when PyInstaller is not installed (the ``test`` extra installs it).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

from cdnmon import __version__
from cdnmon.gui.icons import SIZES, icon_files
from tests import REPO

SECRET = "FrozenKeyringS3cret4b2a"
KEY_ID = "pub-probe-0001"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def load_archive_module() -> ModuleType:
    """packaging/ is scripts, not a package (the name would shadow PyPI's ``packaging``)."""
    spec = importlib.util.spec_from_file_location("cdnmon_archive", REPO / "packaging/archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (python3 -m pip install -e '.[test]')")
    if shutil.which("bash") is None:
        pytest.skip("packaging/build.sh needs bash")
    build_dir = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, PYTHON=sys.executable, BUILD_DIR=str(build_dir))
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(REPO / "packaging" / "build.sh"), "--no-archive"],
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"bundle built in {time.monotonic() - started:.1f} s")
    shutil.rmtree(build_dir / "work", ignore_errors=True)  # 100 MB of intermediate files
    yield build_dir / "dist" / "cdnmon"


def run(
    app: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(app / "cdnmon"), *args],
        input=stdin,
        env=env if env is not None else dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def without_session_bus() -> dict[str, str]:
    """No D-Bus and no display: nothing the frozen app could reach a real keyring through."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "PYTHON_KEYRING", "ALIBABA_CLOUD_", "UCLOUD_"))
        and key not in ("DISPLAY", "WAYLAND_DISPLAY")
    }


def test_version(bundle: Path) -> None:
    result = run(bundle, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"cdnmon {__version__}"


def test_demo_draws_its_first_chart_offscreen(bundle: Path, tmp_path: Path, qapp: object) -> None:
    shot = tmp_path / "out.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    result = run(bundle, "--demo", "--screenshot", str(shot), "--screenshot-timeout", "60", env=env)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"frozen --demo --screenshot: {elapsed:.2f} s")
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 400 and image.height() >= 300
    # A real window, not a blank grab: many colours, in both halves (pickers and charts).
    step = 7
    for left in (0, image.width() // 2):
        colours = {
            image.pixel(x, y)
            for x in range(left, left + image.width() // 2, step)
            for y in range(0, image.height(), step)
        }
        assert len(colours) > 20, f"only {len(colours)} colours from x={left}"


def test_finds_keyring_backends_through_bundled_metadata(bundle: Path) -> None:
    # keyring discovers even its own backends through entry points in its dist-info: with
    # the metadata missing it would load none, and log none of these lines.
    result = run(
        bundle,
        "--verbose",
        "credentials",
        "set",
        "ucloud",
        "--account",
        "probe",
        "--key-id",
        KEY_ID,
        stdin=SECRET + "\n",
        env=without_session_bus(),
    )
    output = result.stdout + result.stderr
    for backend in ("SecretService", "KWallet", "libsecret", "chainer"):
        assert f"keyring.backend: Loading {backend}" in output, output
    assert "Error initializing plugin" not in output and "Traceback" not in output, output
    # No session bus, so no usable backend: said in words, nothing stored, exit 2.
    assert result.returncode == 2, output
    assert "No secure credential store is available" in result.stderr
    assert SECRET not in output


def test_stores_a_secret_in_a_real_secret_service(bundle: Path, tmp_path: Path) -> None:
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(t) is None]
    if missing:
        reason = f"needs {' and '.join(missing)} (apt-get install dbus gnome-keyring)"
        if os.environ.get("CDNMON_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"CDNMON_REQUIRE_SECRET_SERVICE=1 but this test {reason}")
        pytest.skip(reason)
    home = tmp_path / "home"
    home.mkdir()
    env = without_session_bus()
    env.update(PROBE_HOME=str(home), PROBE_APP=str(bundle / "cdnmon"), PROBE_SECRET=SECRET)
    # design.md's recipe: a private bus, an unlocked gnome-keyring, a throwaway HOME. The
    # secret comes from the environment into stdin, never onto a command line.
    shell = (
        'export HOME="$PROBE_HOME"; '
        "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'printf "%s\\n" "$PROBE_SECRET" | "$PROBE_APP" credentials set ucloud --account probe '
        f"--key-id {KEY_ID} && "
        '"$PROBE_APP" credentials list && '
        '"$PROBE_APP" credentials delete ucloud --account probe'
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    lines = result.stdout.splitlines()
    assert lines[0] == "Stored UCloud account 'probe' (secret in SecretService Keyring)", output
    assert lines[2].split()[1::5] == ["probe", "yes"], output
    assert lines[3] == "Deleted UCloud account 'probe' (and its secret in SecretService Keyring)"
    assert SECRET not in output


def test_carries_icons_translations_and_metadata(bundle: Path) -> None:
    internal = bundle / "_internal"  # sys._MEIPASS of a one-folder PyInstaller 6 bundle
    # The same lookup cdnmon.gui.icons does at run time, pointed at the bundle.
    assert len(icon_files(internal / "resources")) == len(SIZES)
    for name in ("cdnmon.svg", "cdnmon.ico"):
        assert (internal / "resources" / "icons" / name).is_file()
    for qm in sorted((REPO / "resources" / "translations").glob("*.qm")):
        bundled = internal / "resources" / "translations" / qm.name
        assert bundled.is_file() and bundled.read_bytes() == qm.read_bytes(), qm.name
    # The About box reads versions from these; keyring needs its own for its backends.
    infos = {p.name.split("-")[0].lower() for p in internal.glob("*.dist-info")}
    for dist in ("keyring", "secretstorage", "jeepney", "pyside6_essentials", "pyqtgraph", "numpy"):
        assert dist in infos, sorted(infos)


def test_qt_plugins_find_every_qt_library(bundle: Path) -> None:
    """The spec prunes Qt plugins and libraries: whatever is left must link."""
    ldd = shutil.which("ldd") or pytest.skip("ldd is not installed")
    qt = bundle / "_internal" / "PySide6" / "Qt"
    plugins = sorted((qt / "plugins").rglob("*.so"))
    assert {p.parent.name for p in plugins} >= {"platforms", "imageformats", "xcbglintegrations"}
    assert {p.name for p in (qt / "plugins" / "platforms").iterdir()} >= {
        "libqxcb.so",
        "libqoffscreen.so",
        "libqwayland.so",
    }
    missing = []
    for binary in [*plugins, *(qt / "lib").glob("*.so*")]:
        listing = subprocess.run([ldd, str(binary)], capture_output=True, text=True).stdout
        missing += [
            f"{binary.name}: {line.split()[0]}"
            for line in listing.splitlines()
            if "not found" in line and line.split()[0].startswith(("libQt6", "libicu", "libpyside"))
        ]
    assert not missing, missing


def test_archive_unpacks_to_one_named_folder(tmp_path: Path) -> None:
    archive = load_archive_module()
    source = tmp_path / "cdnmon"
    (source / "_internal").mkdir(parents=True)
    (source / "_internal" / "libQt6Core.so.6").write_bytes(b"\x7fELF")
    (source / "libQt6Core.so.6").symlink_to("_internal/libQt6Core.so.6")
    (source / "cdnmon").write_bytes(b"#!")
    target = archive.pack(source, tmp_path / "dist" / "cdnmon-1.2.3-linux-x86_64.tar.gz")
    with tarfile.open(target) as packed:
        names = {member.name: member for member in packed.getmembers()}
    assert set(names) == {
        "cdnmon-1.2.3-linux-x86_64",
        "cdnmon-1.2.3-linux-x86_64/_internal",
        "cdnmon-1.2.3-linux-x86_64/_internal/libQt6Core.so.6",
        "cdnmon-1.2.3-linux-x86_64/libQt6Core.so.6",
        "cdnmon-1.2.3-linux-x86_64/cdnmon",
    }
    assert names["cdnmon-1.2.3-linux-x86_64/libQt6Core.so.6"].issym()
