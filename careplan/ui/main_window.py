"""The main window: patients and reviews due on the left, the open plan in the middle.

It only wires its parts together and holds no data of its own beyond snapshots:
``PatientPane`` (careplan.ui.patient_pane) shows the lists, ``PlanSession`` (plan_session)
the open plan, ``HandoutActions`` (handout_actions) makes handouts, and ``actions`` builds
the menus and toolbar.  Lists are redrawn when ``Ops.changed`` says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.paths import AppPaths
from careplan.ui.actions import build_actions, build_menus, build_toolbar
from careplan.ui.contract import EditorFactory, PlanEditor, default_editor_factory
from careplan.ui.fhir_dialog import install_fhir_export
from careplan.ui.files import FileDialogs
from careplan.ui.handout_actions import HandoutActions
from careplan.ui.messages import Notice
from careplan.ui.narrow import NarrowLayout
from careplan.ui.ops import LIBRARY, PATIENTS, PLANS, Ops, Task, report, run_with_progress
from careplan.ui.patient_pane import PatientPane
from careplan.ui.plan_session import AUTOSAVE_INTERVAL_MS, PlanSession
from careplan.ui.reevaluation import Reevaluation
from careplan.ui.state import WindowState
from careplan.ui.status_bar import FittingStatusBar
from careplan.ui.widgets import named

if TYPE_CHECKING:
    from careplan.services.plans import PatientSummary, PlanSummary
    from careplan.services.store import Store
    from careplan.settings import Settings

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    #: The store was replaced (Settings chose another database).
    store_switched = Signal(str)

    def __init__(
        self,
        *,
        ops: Ops,
        paths: AppPaths,
        settings: Settings,
        shipped: Library,
        state: WindowState,
        editor_factory: EditorFactory = default_editor_factory,
        autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
        today: Callable[[], dt.date] = dt.date.today,
        db_override: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.paths = paths
        self.settings = settings
        self.shipped = shipped
        self.library = shipped
        self._library_reads = 0  # reloads of the library asked for (the latest one shows)
        self.state = state
        self.editor_factory = editor_factory
        self.today = today
        self.db_override = db_override
        self.setWindowTitle("Careplan")
        named(self, "Careplan")

        self.undo_group = QUndoGroup(self)
        self.patients = PatientPane(self, ops, today)
        self.session = PlanSession(self, editor_factory, autosave_interval_ms)
        self.handouts = HandoutActions(self)
        self.reevaluation = Reevaluation(self)  # assessments, injections, progress, reviews
        self.patients.review_started.connect(self.reevaluation.start_review)
        self._build_central()
        self.act = build_actions(self)
        self.toolbar, self.change_note = build_toolbar(self, self.act)
        self.menus = build_menus(self, self.act)
        self.fhir = install_fhir_export(self)  # File → Export as FHIR… (careplan.ui.fhir_dialog)
        self._build_status_bar()
        self.narrow = NarrowLayout(self)  # a narrow window (150% scaling) shows the list or the plan, in turn

        self.patients.patient_chosen.connect(self.session.open_patient)
        self.patients.review_chosen.connect(self.session.open_plan)
        self.patients.new_patient_requested.connect(self.session.new_patient)
        self.patients.selection_changed.connect(self.update_actions)
        # Print and Save as PDF name the handout: the patient's and the preview's choice decide which.
        for changed in (self.session.plan_opened, self.session.plan_closed, self.menus["file"].aboutToShow):
            changed.connect(self.handouts.name_actions)
        FileDialogs.state = state  # the file dialogs start in the folder last used (kept in this state file)
        self.ops.changed.connect(self._on_changed)
        self._restore_layout()
        self.update_actions()

    # ================================================================================== building

    def _build_central(self) -> None:
        self.central = QStackedWidget()
        self.welcome = QWidget()
        welcome_layout = QVBoxLayout(self.welcome)
        welcome_layout.addStretch(1)
        title = QLabel("<h2>No plan open</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Find a patient on the left and press Enter to open their plan,<br>"
            "or start with a new patient (Ctrl+N) or an imported plan file."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        welcome_buttons = QHBoxLayout()
        welcome_buttons.addStretch(1)
        self.welcome_new = named(QPushButton("New patient…"), "New patient")
        self.welcome_import = named(QPushButton("Import plan file…"), "Import plan file")
        self.welcome_new.clicked.connect(self.session.new_patient)
        self.welcome_import.clicked.connect(self.session.import_plan_file)
        welcome_buttons.addWidget(self.welcome_new)
        welcome_buttons.addWidget(self.welcome_import)
        welcome_buttons.addStretch(1)
        welcome_layout.addWidget(title)
        welcome_layout.addWidget(text)
        welcome_layout.addLayout(welcome_buttons)
        welcome_layout.addStretch(2)
        self.central.addWidget(self.welcome)
        self.setCentralWidget(self.central)

    def _build_status_bar(self) -> None:
        status = FittingStatusBar(self)
        self.setStatusBar(status)
        self.saved_label = named(QLabel(), "Last saved")
        self.db_label = named(QLabel(), "Database in use")
        for label in (self.saved_label, self.db_label):
            label.setContentsMargins(12, 0, 12, 0)
            status.addPermanentWidget(label)
        self._show_database()

    def _show_database(self) -> None:
        from careplan.storage.db import describe

        store = self.ops.store
        if store is None:
            self.db_label.setText("Opening the database…")
            return
        if store.url.startswith("sqlite") and Path(store.engine.url.database or "") == self.paths.database:
            text = "Database: this computer"
        else:
            text = f"Database: {describe(store.url)}"
        self.db_label.setText(text)
        self.db_label.setToolTip(describe(store.url))

    def _restore_layout(self) -> None:
        self.state.restore_main_window(self)

    def update_actions(self) -> None:
        """Grey out what cannot be done now (no plan open, a plan never saved, no patient chosen)."""
        session, selected = self.session, self.patients.selected_patient()
        record = session.current_record()
        self.act.update(
            has_plan=record is not None,
            stored=record is not None and record.plan_id is not None,
            has_patient=selected is not None or record is not None,
        )
        self.fhir.action.setEnabled(record is not None)
        self.patients.open_button.setEnabled(selected is not None)

    # ================================================================================== what tests and others use most

    @property
    def editor(self) -> PlanEditor | None:
        return self.session.editor

    @property
    def has_plan(self) -> bool:
        return self.session.has_plan

    def open_plan(self, plan_id: int) -> bool:
        return self.session.open_plan(plan_id)

    def save(self) -> bool:
        return self.session.save()

    # ================================================================================== start, lists and library

    def start_with(
        self,
        store: Store,
        patients: list[PatientSummary],
        due: list[PlanSummary],
        own_items: list[LibraryIntervention],
        own_goals: list[LibraryGoal],
        today: dt.date,
    ) -> None:
        """The database is open and its first lists read (on a worker thread): show them."""
        self.ops.store = store
        self._show_database()
        self.library = self.shipped.with_own(own_items, own_goals)
        if self.session.editor is not None:
            self.session.editor.set_library(self.library)
        # The list reads its rows from SQL a page at a time, and the reviews due their first 200
        # (``patients`` and ``due`` are not needed any more).
        self.patients.attach(today)
        # The daily backup never holds up the start: it runs in the background once the window shows.
        QTimer.singleShot(0, self.backup_in_background)
        QTimer.singleShot(0, self.reload_library)  # own templates too, read once the window shows

    def backup_in_background(self) -> Task | None:
        """The daily copy of a SQLite database, on a worker thread (skipped when nothing changed)."""
        store = self.ops.store
        if store is None or not store.is_embedded:
            return None
        task = Task(lambda _progress: store.routine_backup()).start()
        task.finished.connect(lambda _made: self.show_backup_warning())
        self._backup_task = task
        return task

    # Backups and restore: careplan.ui.backup_dialog.
    def back_up_now(self) -> Path | None:
        from careplan.ui import backup_dialog

        return backup_dialog.back_up_now(self)

    def restore_backup(self) -> bool:
        from careplan.ui import backup_dialog

        return backup_dialog.restore_backup(self)

    def show_backup_warning(self) -> str | None:
        from careplan.ui import backup_dialog

        return backup_dialog.show_backup_warning(self)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if LIBRARY in topics:
            self.reload_library()
        if PATIENTS in topics or PLANS in topics:
            self.patients.reload_lists()

    def reload_library(self) -> None:
        from careplan.services.library import full_library

        self._library_reads = asked = self._library_reads + 1
        result = self.ops.read(lambda s: full_library(s, self.shipped), parent=self)
        # The window goes on while it reads: a later reload that ended first is the newer library.
        if result.ok and result.value is not None and asked == self._library_reads:
            self.library = result.value
            if self.session.editor is not None:
                self.session.editor.set_library(self.library)

    # ================================================================================== settings

    def open_settings(self, start_tab: str = "") -> bool:
        from careplan.settings import SettingsError, save_settings
        from careplan.storage.migrate import sqlite_file
        from careplan.ui.settings_dialog import Encryption, SettingsDialog

        store = self.ops.store
        encryption = Encryption(sqlite_file(store.engine) if store else None, self.change_encryption)
        chosen = SettingsDialog.ask(self, self.settings, self.paths, start_tab, encryption)
        if chosen is None:
            return False
        try:
            save_settings(self.paths.config, chosen)
        except (OSError, SettingsError) as exc:
            Notice.error(self, "Settings not saved", f"The settings could not be saved: {exc}")
            return False
        old_url = self.settings.database_url
        self.settings = chosen
        log.info("settings saved")
        if chosen.database_url != old_url:
            if self.db_override:
                Notice.info(
                    self,
                    "Database setting saved",
                    "Careplan was started with a database given on the command line or in CAREPLAN_DB; it keeps "
                    "using that one until it is started without it.",
                )
            else:
                self.switch_database(chosen.database_url)
        self.statusBar().showMessage("Settings saved.", 5000)
        return True

    def switch_database(self, url: str | None) -> bool:
        from careplan.services.store import open_database

        if not self.session.close_plan():
            return False
        paths = self.paths
        try:
            store = run_with_progress(self, "Opening the database…", lambda _p: open_database(paths, url))
        except Exception as exc:
            report(self, exc, self.paths.log_file, "Cannot open that database")
            return False
        self.ops.finish()  # reads still under way on the old database end first
        old, self.ops.store = self.ops.store, store
        if old is not None:
            old.close()
        self._show_database()
        self.reload_library()
        self.patients.reload_lists()
        self.store_switched.emit(store.url)
        log.info("switched database")
        return True

    def change_encryption(self, encrypt: bool) -> str | None:
        """Encrypt or decrypt the database file in use (Settings > Database): the open plan is closed and
        this window's connections to the file with it, the file converted, then opened again.  Returns
        what to tell the user, or None when the user kept the open plan; raises what the conversion
        raised (the file is then unchanged, and opened again as it was)."""
        from careplan.storage.crypto import decrypt_database, encrypt_database
        from careplan.storage.migrate import sqlite_file
        from careplan.ui.settings_dialog import conversion_message

        store = self.ops.store
        path = sqlite_file(store.engine) if store is not None else None
        if store is None or path is None or not self.session.close_plan():
            return None
        url, backups = store.url, self.paths.backups
        convert = encrypt_database if encrypt else decrypt_database
        self.ops.finish()  # no read still under way on the file while it is converted
        store.close()
        try:
            done = run_with_progress(self, "Converting the database…", lambda _p: convert(path, backups))
        finally:
            self.switch_database(url)
        log.info("database %s", "encrypted" if encrypt else "decrypted")
        return conversion_message(done, encrypt)

    def show_about(self) -> None:
        from careplan import __version__

        Notice.info(
            self,
            "About Careplan",
            f"Careplan {__version__}\nCare plans and handouts for people with dystonia.\n\n"
            f"Log file: {self.paths.log_file}",
        )

    # ================================================================================== closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.session.maybe_keep_changes():
            event.ignore()
            return
        self.session.autosave_timer.stop()
        self.session.settle_drafts()
        self.narrow.closing()  # docks that only gave way for want of room are saved as shown
        self.state.set(WindowState.main_geometry, self.saveGeometry())
        self.state.set(WindowState.main_state, self.saveState())
        self.state.sync()
        event.accept()
