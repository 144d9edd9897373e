"""Linux desktop integration: the .desktop entry and the AppStream metainfo.

The official validators run when installed (Debian: desktop-file-utils, appstream); the
checks that tie the files to the project (id, icon, commands, version) always run.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImageReader

from cdnmon.gui.icons import APP_ID
from tests import REPO

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def validator(tool: str, package: str) -> str:
    return shutil.which(tool) or pytest.skip(f"{tool} is not installed (apt-get install {package})")


def test_desktop_file_validates() -> None:
    tool = validator("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    # It prints hints as well as errors; only errors and warnings count.
    problems = [line for line in result.stdout.splitlines() if "error" in line or "warning" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_metainfo_validates() -> None:
    tool = validator("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Infos (for example a tag newer than the installed validator) are fine; warnings not.
    assert not [line for line in output.splitlines() if line.startswith(("E:", "W:"))], output


def test_desktop_entry_starts_the_gui_the_wall_and_the_demo() -> None:
    entry = desktop_entry()
    main = entry["Desktop Entry"]
    assert main["Exec"] == "cdnmon" and main["Terminal"] == "false"
    assert main["Icon"] == APP_ID
    assert main["Actions"].rstrip(";").split(";") == ["wall", "demo"]
    assert entry["Desktop Action wall"]["Exec"] == "cdnmon --wall"
    assert entry["Desktop Action demo"]["Exec"] == "cdnmon --demo"


def test_icon_named_by_the_entry_exists_in_every_size() -> None:
    hicolor = REPO / "resources" / "icons" / "hicolor"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file(), size
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_metainfo_matches_the_project() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    launchable = component.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name
    assert component.findtext("provides/binary") == "cdnmon"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == project["version"], (
        "add a <release> for the new version to the metainfo"
    )
    assert component.findtext("project_license") == project["license"]["text"]


def test_windows_and_macos_icons_hold_every_size(qapp: object) -> None:
    icons = REPO / "resources" / "icons"
    expected = {
        "cdnmon.ico": [16, 24, 32, 48, 64, 128, 256],
        "cdnmon.icns": [16, 32, 32, 64, 64, 128, 256, 256, 512, 512, 1024],
    }
    for name, sizes in expected.items():
        reader = QImageReader(str(icons / name))
        found = []
        for index in range(reader.imageCount()):
            reader.jumpToImage(index)
            image = reader.read()
            assert image.width() == image.height(), name
            found.append(image.width())
        assert found == sizes, name
