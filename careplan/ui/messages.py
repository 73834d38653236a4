"""Every message box of the program, each behind a classmethod tests replace.

A modal box cannot be clicked in an offscreen test, so nothing else in
``careplan.ui`` calls ``QMessageBox`` directly: tests swap these methods for
recorders (``tests/ui/conftest.py``) and fail if one pops up unexpectedly.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

UnsavedChoice = Literal["save", "discard", "cancel"]


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str | None = None,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    box.setAccessibleName(title)
    return box


class Notice:
    """Plain messages: an error, a piece of information, a yes/no question."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
        box = _box(parent, QMessageBox.Icon.Warning, title, text, details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()

    @classmethod
    def info(cls, parent: QWidget | None, title: str, text: str) -> None:
        box = _box(parent, QMessageBox.Icon.Information, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()

    @classmethod
    def confirm(cls, parent: QWidget | None, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
        box = _box(parent, QMessageBox.Icon.Question, title, text)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button


class UnsavedChangesDialog:
    """Save / Discard / Cancel before the open plan is closed or replaced."""

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> UnsavedChoice:
        box = _box(
            parent,
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save the changes to {what}?",
            "If you don't save, the changes since the last save are lost.",
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Discard).setText("&Don't save")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"


class RecoverDraftDialog:
    """Offers back the unsaved changes a crash left behind."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, when: str) -> bool:
        return Notice.confirm(
            parent,
            "Recover unsaved changes",
            f"Recover unsaved changes to {title} from {when}?\n\n"
            "Careplan closed before these changes were saved. Recover opens them as unsaved changes "
            "for you to check and save; Discard deletes them.",
            yes="&Recover",
            no="&Discard",
        )


ConflictChoice = Literal["reload", "copy", "cancel"]


class ConflictDialog:
    """Another desktop saved the plan first: reload theirs, or keep mine as a copy. Never overwrite."""

    @classmethod
    def ask(cls, parent: QWidget | None, who: str | None, when: str | None, action: str = "save") -> ConflictChoice:
        by = f" by {who}" if who else ""
        at = f" at {when}" if when else ""
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            "Someone else saved this plan first",
            f"This plan was saved on another computer{by}{at}, after you opened it here. "
            f"Your {action} was not done, and nothing was overwritten.",
            "Reload: show the plan as it is now (your changes here are discarded).\n"
            "Save as a copy: keep your version as a separate plan for the same patient.",
        )
        reload_button = box.addButton("&Reload their version", QMessageBox.ButtonRole.DestructiveRole)
        copy_button = box.addButton("&Save mine as a copy", QMessageBox.ButtonRole.AcceptRole)
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy_button)
        box.setEscapeButton(cancel_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is reload_button:
            return "reload"
        if clicked is copy_button:
            return "copy"
        return "cancel"


DatabaseChoice = Literal["settings", "retry", "restore", "quit"]


class DatabaseProblemDialog:
    """At start: the database cannot be opened.  Choose another one in Settings, restore a backup,
    try again, or quit."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str, *, restore_first: bool = False) -> DatabaseChoice:
        """``restore_first``: the file is damaged or empty, so *Restore a backup…* is the default."""
        box = _box(
            parent,
            QMessageBox.Icon.Warning,
            "Careplan cannot open the database",
            text,
            "You can choose another database in Settings (the file on this computer, another file, "
            "or the clinic's shared server), restore a backup of this one, or try again.",
        )
        settings_button = box.addButton("&Choose another database…", QMessageBox.ButtonRole.AcceptRole)
        restore_button = box.addButton("R&estore a backup…", QMessageBox.ButtonRole.ActionRole)
        retry_button = box.addButton(QMessageBox.StandardButton.Retry)
        quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore_button if restore_first else settings_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is settings_button:
            return "settings"
        if clicked is retry_button:
            return "retry"
        if clicked is restore_button:
            return "restore"
        return "quit"
