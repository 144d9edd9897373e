"""Pictures of the window written whole: encoded in memory, then a temporary file renamed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPixmap

from cdnmon.safe_files import write_atomic


def save_picture(picture: QPixmap, path: Path) -> None:
    """Write ``picture`` in the format its extension names (PNG by default); an older file
    at ``path`` stays whole until the new one is. OSError says what failed."""
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    kind = path.suffix.lstrip(".").upper() or "PNG"
    if not picture.save(buffer, kind):
        raise OSError(f"could not encode a {kind} picture")
    write_atomic(path, bytes(encoded.data()), mode=0o644, make_folder=False)
