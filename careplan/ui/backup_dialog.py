"""File > Back up now… and File > Restore a backup…: the desktop's side of ``careplan backup`` and
``careplan restore`` (the work itself is ``careplan.services.maintenance``, run on a worker thread).

A restore replaces every patient's data, so it asks first, says that a copy of the current
database is kept, and needs the open plan saved or discarded before it starts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan.paths import AppPaths
from careplan.services.audit import Actor
from careplan.services.maintenance import (
    BackupInfo,
    Restored,
    format_size,
    list_backups,
    make_backup,
    restore,
    server_backup_advice,
)
from careplan.ui.files import FileDialogs
from careplan.ui.formatting import format_datetime
from careplan.ui.messages import Notice
from careplan.ui.ops import report, run_with_progress
from careplan.ui.widgets import named

if TYPE_CHECKING:
    from careplan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

BACKUP_FILES = "Careplan backups (*.sqlite3);;All files (*)"


class RestoreDialog(QDialog):
    """The backups with their date, size and reason, and "Choose a file…" for a copy kept elsewhere."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        named(self, "Restore a backup")
        self.backups = backups
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the backup to put in place of the database. Everything saved since that backup is "
            "lost from the database; a copy of the database as it is now is kept first, so nothing is gone "
            "for good."
            if backups
            else "There are no backups in the backups folder yet. Choose a backup file kept elsewhere."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = named(QTableWidget(len(backups), 3, self), "Backups")
        self.table.setHorizontalHeaderLabels(["Made", "Size", "Why"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(backups):
            cells = (format_datetime(backup.made, seconds=True), format_size(backup.size), backup.why)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._restore_selected())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.choose_button = named(QPushButton("C&hoose a file…"), "Choose a backup file")
        self.restore_button = named(QPushButton("&Restore…"), "Restore the selected backup")
        buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button.clicked.connect(self._choose_file)
        self.restore_button.clicked.connect(self._restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if backups:
            self.table.selectRow(0)
        self._update_buttons()
        self.resize(560, 360)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self.backups[rows[0].row()].path
            self.accept()

    def _choose_file(self) -> None:
        path = FileDialogs.open_path(self, "Choose a backup to restore", BACKUP_FILES)
        if path is not None:
            self.chosen = path
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, backups: list[BackupInfo]) -> Path | None:
        dialog = cls(backups, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None


def _server_advice(window: MainWindow) -> bool:
    """On a server database: say that its own backups apply (the same text as the command line)."""
    store = window.ops.store
    if store.is_embedded:
        return False
    Notice.info(window, "Backups of the clinic's server", server_backup_advice(store.url))
    return True


def back_up_now(window: MainWindow) -> Path | None:
    """A verified copy of the database into the backups folder, on a worker thread."""
    if _server_advice(window):
        return None
    url, paths = window.ops.store.url, window.paths
    try:
        made: Path = run_with_progress(window, "Making a backup…", lambda _progress: make_backup(url, paths))
    except Exception as exc:
        report(window, exc, paths.log_file, "Backup not made")
        return None
    log.info("made a backup by hand from the desktop")
    window.statusBar().showMessage(f"Backup made: {made.name}", 8000)
    Notice.info(window, "Backup made", f"A checked copy of the database is in {made}.")
    return made


def choose_and_restore(
    parent: QWidget | None, paths: AppPaths, url: str, actor: Actor | None = None
) -> Restored | None:
    """Choose a backup, confirm, restore it on a worker thread; None when not done (said why).
    Whoever calls this has closed its own connections to the database."""
    chosen = RestoreDialog.ask(parent, list_backups(url, paths))
    if chosen is None:
        return None
    if not Notice.confirm(
        parent,
        "Restore this backup?",
        f"Put the backup {chosen.name} in place of the database?\n\n"
        "Everything saved since that backup will be lost from the database. A copy of the database as it is "
        "now is kept in the backups folder first, so you can go back to it by restoring that copy.",
        yes="&Restore",
    ):
        return None
    try:
        done: Restored = run_with_progress(
            parent, "Restoring the backup…", lambda _progress: restore(url, paths, chosen, actor)
        )
    except Exception as exc:
        report(parent, exc, paths.log_file, "Backup not restored")
        return None
    log.info("restored a backup from the desktop (schema %s)", done.revision)
    Notice.info(parent, "Backup restored", done.summary)
    return done


def restore_backup(window: MainWindow) -> bool:
    """File > Restore a backup…: the open plan saved or discarded first; the window then shows the
    restored patients."""
    if _server_advice(window):
        return False
    if not window.session.close_plan():
        return False
    actor = window.session.actor("restores backups")
    if actor is None:
        return False
    # The window's own connections close first (the restore refuses while any are open); the engine
    # opens new ones on the restored file afterwards.
    store = window.ops.store
    window.ops.finish()  # a read still under way (the reviews due) ends first
    store.engine.dispose()
    if choose_and_restore(window, window.paths, store.url, actor) is None:
        return False
    window.reload_library()
    window.patients.reload_lists()
    window.statusBar().showMessage("Backup restored.", 8000)
    return True


def show_backup_warning(window: MainWindow) -> str | None:
    """After the routine backup: a failure is said once, in the status bar (work goes on)."""
    store = window.ops.store
    warning = store.take_backup_warning() if store is not None else None
    if warning:
        window.statusBar().showMessage(warning, 30_000)
    return warning
