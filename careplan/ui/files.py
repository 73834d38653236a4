"""Choosing and writing files.

Every file dialog goes through ``FileDialogs`` (tests replace its classmethods): it starts in
the folder last used (kept in the window state), else the user's Documents folder, else their
home folder.  Every file the program writes goes through ``write_file`` (QSaveFile: the old
file stays whole until the new one is complete; the new one is owner-only).  After saving
several files, ``SavedFilesDialog`` says which and where, and offers to open the folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QFileDevice, QSaveFile, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from careplan.services.errors import UserError
from careplan.ui.state import WindowState

PLAN_FILES = "Careplan plan files (*.json);;All files (*)"
PDF_FILES = "PDF documents (*.pdf)"
IMAGE_FILES = "Images (*.png *.jpg *.jpeg)"


def documents_folder() -> str:
    """The user's Documents folder when it exists (a new account may have none), else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else QDir.homePath()


class FileDialogs:
    """The file dialogs, one small method each (tests replace them)."""

    #: Where the folder last used is kept (the main window sets it); None: always start in Documents.
    state: WindowState | None = None

    @classmethod
    def start_folder(cls) -> str:
        """The folder last used, while it still exists; else Documents (or home)."""
        last = cls.state.get(WindowState.last_folder) if cls.state is not None else ""
        return last if last and Path(last).is_dir() else documents_folder()

    @classmethod
    def remember(cls, folder: Path) -> None:
        if cls.state is not None:
            cls.state.set(WindowState.last_folder, str(folder))

    @classmethod
    def open_path(cls, parent: QWidget | None, caption: str, name_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, caption, cls.start_folder(), name_filter)
        if not name:
            return None
        cls.remember(Path(name).parent)
        return Path(name)

    @classmethod
    def save_path(cls, parent: QWidget | None, caption: str, suggested: str, name_filter: str) -> Path | None:
        start = str(Path(cls.start_folder()) / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, caption, start, name_filter)
        if not name:
            return None
        cls.remember(Path(name).parent)
        return Path(name)

    @classmethod
    def folder(cls, parent: QWidget | None, caption: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, caption, cls.start_folder())
        if not name:
            return None
        cls.remember(Path(name))
        return Path(name)


class SavedFilesDialog:
    """After saving several files at once: their names and folder, with a button to open the folder."""

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path, names: list[str]) -> bool:
        """True when the user chose to open the folder."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Saved")
        box.setText(f"Saved {len(names)} files in {folder}:")
        box.setInformativeText("\n".join(names))
        open_button = box.addButton("&Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)
        box.exec()
        return box.clickedButton() is open_button


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the computer's file manager; False when none could be started."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


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
