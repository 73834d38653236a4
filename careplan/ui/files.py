"""Choosing and writing files.

Every file dialog goes through ``FileDialogs`` (tests replace its classmethods);
every file the program writes goes through ``write_file`` (QSaveFile: the old
file stays whole until the new one is complete; the new one is owner-only).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QFileDevice, QSaveFile, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from careplan.services.errors import UserError

PLAN_FILES = "Careplan plan files (*.json);;All files (*)"
PDF_FILES = "PDF documents (*.pdf)"
IMAGE_FILES = "Images (*.png *.jpg *.jpeg)"


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or QDir.homePath()


class FileDialogs:
    """The file dialogs, one small method each (tests replace them)."""

    @classmethod
    def open_path(cls, parent: QWidget | None, caption: str, name_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, caption, documents_folder(), name_filter)
        return Path(name) if name else None

    @classmethod
    def save_path(cls, parent: QWidget | None, caption: str, suggested: str, name_filter: str) -> Path | None:
        start = str(Path(documents_folder()) / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, caption, start, name_filter)
        return Path(name) if name else None

    @classmethod
    def folder(cls, parent: QWidget | None, caption: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, caption, documents_folder())
        return Path(name) if name else None


def with_suffix(path: Path, suffix: str) -> Path:
    """``handout`` -> ``handout.pdf``; a name that already ends so is kept."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all; raises UserError in plain words."""
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise UserError(f"Could not write {path}: {out.errorString()}. Nothing was written.")
    # Plan files, handouts and drafts hold patient data: owner-only, whatever the umask or the old file's mode.
    out.setPermissions(QFileDevice.Permission.ReadOwner | QFileDevice.Permission.WriteOwner)
    written = out.write(data)
    if written != len(data) or not out.commit():
        reason = out.errorString()
        out.cancelWriting()
        raise UserError(f"Could not write {path}: {reason}. Nothing was written.")


def safe_file_name(text: str, fallback: str = "plan") -> str:
    """A file name made from a patient or plan title (letters, digits, spaces and dashes)."""
    cleaned = "".join(c if c.isalnum() or c in " -_" else " " for c in text)
    cleaned = " ".join(cleaned.split())[:80]
    return cleaned or fallback
