"""Attaching a photo to an item: choosing the file, and the picture gate every photo passes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from careplan.core.model import Photo
from careplan.images import MAX_BYTES, ImageProblem, read_image_file

#: A handout photo larger than this is refused before it is read (a phone photo is 2-8 MB).
MAX_PHOTO_BYTES = MAX_BYTES


class PhotoError(ValueError):
    """Why a file cannot be attached, in words for the therapist."""


def ask_photo_path(parent: QWidget | None) -> Path | None:
    """The file the therapist picks, or None when they cancel (tests replace this function)."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or QDir.homePath()
    name, _ = QFileDialog.getOpenFileName(parent, "Choose a photo", start, "Photos (*.png *.jpg *.jpeg)")
    return Path(name) if name else None


def read_photo(path: Path) -> Photo:
    """The photo in ``path`` through the picture gate (``careplan.images``): fully decoded, upright,
    at most 2000 pixels, without its metadata (camera, GPS position).  Raises PhotoError saying why not."""
    try:
        return read_image_file(path)
    except ImageProblem as exc:
        raise PhotoError(f"“{path.name}” {exc}. Choose a PNG or JPEG photo.") from None
    except OSError as exc:
        raise PhotoError(f"“{path.name}” could not be read ({exc.strerror or exc}).") from exc
