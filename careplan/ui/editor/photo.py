"""Attaching a photo to an item: choosing the file and checking it is a PNG or JPEG picture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from careplan.core.model import Photo

#: A handout photo larger than this is refused (a phone photo is a few MB).
MAX_PHOTO_BYTES = 15 * 1024 * 1024

_MAGIC = (("image/png", b"\x89PNG\r\n\x1a\n"), ("image/jpeg", b"\xff\xd8\xff"))


class PhotoError(ValueError):
    """Why a file cannot be attached, in words for the therapist."""


def ask_photo_path(parent: QWidget | None) -> Path | None:
    """The file the therapist picks, or None when they cancel (tests replace this function)."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or QDir.homePath()
    name, _ = QFileDialog.getOpenFileName(parent, "Choose a photo", start, "Photos (*.png *.jpg *.jpeg)")
    return Path(name) if name else None


def read_photo(path: Path) -> Photo:
    """The photo in ``path``; raises PhotoError unless it is a readable PNG or JPEG (by its content)."""
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise PhotoError(
                f"“{path.name}” is too large ({size / 1024 / 1024:.1f} MB). Choose a photo under "
                f"{MAX_PHOTO_BYTES // 1024 // 1024} MB."
            )
        data = path.read_bytes()
    except PhotoError:
        raise
    except OSError as exc:
        raise PhotoError(f"“{path.name}” could not be read ({exc.strerror or exc}).") from exc
    media_type = next((media for media, magic in _MAGIC if data.startswith(magic)), None)
    if media_type is None:
        raise PhotoError(f"“{path.name}” is not a PNG or JPEG picture. Choose a photo saved as .png or .jpg.")
    if QImage.fromData(data).isNull():
        raise PhotoError(f"“{path.name}” looks like a {media_type[6:].upper()} picture but is damaged.")
    return Photo(media_type=media_type, data=data)
