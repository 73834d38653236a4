"""The main window: patients and reviews due on the left, the open plan in the middle.

It holds no data of its own beyond snapshots: lists are redrawn from the
services when ``Ops.changed`` says so, and the open plan lives in the editor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeyEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from careplan.core.audience import HandoutPrivacy
from careplan.core.enums import Audience
from careplan.core.history import NOTE_MAX
from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.core.model import ClinicDetails, Patient, Plan, PlanRecord
from careplan.paths import AppPaths
from careplan.planfile import PlanFileError
from careplan.services.audit import Action, Actor, handout_detail, recorded
from careplan.services.errors import NotFoundError, PatientConflict, PlanConflict, UserError
from careplan.services.plans import PatientSummary, PlanSummary
from careplan.settings import Settings, SettingsError, save_settings
from careplan.ui.contract import EditorFactory, default_editor_factory
from careplan.ui.drafts import DraftStore
from careplan.ui.files import PDF_FILES, PLAN_FILES, FileDialogs, safe_file_name, with_suffix, write_file
from careplan.ui.formatting import format_datetime
from careplan.ui.messages import ConflictDialog, Notice, RecoverDraftDialog, UnsavedChangesDialog
from careplan.ui.models import (
    ItemRole,
    PatientFilterProxyModel,
    PatientTableModel,
    ReviewsTableModel,
)
from careplan.ui.ops import (
    LIBRARY,
    PATIENTS,
    PLANS,
    Cancelled,
    Ops,
    Progress,
    Task,
    explain,
    report,
    run_with_progress,
)
from careplan.ui.patient_conflict import PatientConflictDialog
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NEW_PLAN, NewPlanDialog, PlanChooserDialog
from careplan.ui.state import WindowState
from careplan.ui.widgets import named, standard_icon

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000
#: Above this many patients the search waits for a pause in typing.
_INSTANT_SEARCH_LIMIT = 3000
_SEARCH_DELAY_MS = 150


def _shortcut(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    keys = QKeySequence.keyBindings(standard)
    return keys or [QKeySequence(fallback)]


class _TypeToSearch(QObject):
    """Typing in the patient table goes to the search box."""

    def __init__(self, search: QLineEdit) -> None:
        super().__init__(search)
        self.search = search

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
            if text and text.isprintable() and not text.isspace() and mods == Qt.KeyboardModifier.NoModifier:
                self.search.setFocus()
                self.search.insert(text)
                return True
        return False


class _StorePatients:
    """The patient list's rows, read from the store a page at a time (see PatientTableModel)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def page(self, query: str, after: tuple[str, int] | None, limit: int, descending: bool) -> list[PatientSummary]:
        from careplan.services.plans import patient_page

        result = self.window.ops.read(
            lambda s: patient_page(s, query, after=after, limit=limit, descending=descending), parent=self.window
        )
        return result.value if result.ok and result.value is not None else []

    def count(self, query: str) -> int:
        """Every patient; or those the query matches, counted up to MATCHES_COUNTED (then one more)."""
        from careplan.services.plans import count_patients

        cap = MATCHES_COUNTED if query.strip() else None
        result = self.window.ops.read(lambda s: count_patients(s, query, cap), parent=self.window)
        return result.value if result.ok and result.value is not None else 0


#: A search counts its matches up to this many ("more than 200 of 100,000 patients"): counting every
#: match of a common word would cost more the more patients there are.
MATCHES_COUNTED = 200
#: Reviews due are counted up to this many (beyond: "more than 1,000").
REVIEWS_COUNTED = 1000
#: How many plans the reviews-due list shows (the dock's title gives the full count).
REVIEWS_SHOWN = 200


class MainWindow(QMainWindow):
    plan_opened = Signal(object)
    plan_saved = Signal(object)
    plan_closed = Signal()
    #: The patient list was (re)filled: the number of patients.
    patients_loaded = Signal(int)
    #: After a save: only this patient's row of the list was read again (the patient's id).
    patient_row_updated = Signal(int)
    draft_written = Signal(str)
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
        self.state = state
        self.editor_factory = editor_factory
        self.today = today
        self.db_override = db_override
        self.drafts = DraftStore(paths.drafts)
        self.editor: Any = None
        self._draft_dirty = False
        self._open = False
        self._audit_warned = False
        self.setWindowTitle("Careplan")
        named(self, "Careplan")

        self.undo_group = QUndoGroup(self)
        self._build_lists()
        self._build_central()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_interval_ms)
        self.autosave_timer.timeout.connect(self.write_draft)

        self.ops.changed.connect(self._on_changed)
        self._restore_layout()
        self._update_actions()

    # ================================================================================== building

    def _build_lists(self) -> None:
        self.patient_model = PatientTableModel(self)
        self.patient_proxy = PatientFilterProxyModel(self)
        self.patient_proxy.setSourceModel(self.patient_model)

        self.search = named(
            QLineEdit(), "Search patients", "Type part of a name, a date of birth such as 14/03/2016, or an identifier"
        )
        self.search.setPlaceholderText("Name, date of birth (14/03/2016) or identifier")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._on_search_text)
        self.search.returnPressed.connect(self._open_first_match)

        self.patient_table = named(QTableView(), "Patients")
        self.patient_table.setModel(self.patient_proxy)
        self.patient_table.setSortingEnabled(True)
        self.patient_table.sortByColumn(PatientTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.patient_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patient_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patient_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patient_table.setAlternatingRowColors(True)
        self.patient_table.setWordWrap(False)
        self.patient_table.verticalHeader().hide()
        header = self.patient_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        header.resizeSection(PatientTableModel.NAME, metrics.horizontalAdvance("Nguyễn-Ní Bhriain, Łukasz") + 16)
        header.resizeSection(PatientTableModel.BORN, metrics.horizontalAdvance("30 Sep 2016") + 24)
        header.resizeSection(PatientTableModel.IDENTIFIER, metrics.horizontalAdvance("943 476 5919") + 24)
        header.resizeSection(PatientTableModel.PLANS, metrics.horizontalAdvance("Plans") + 28)
        header.resizeSection(PatientTableModel.NEXT_REVIEW, metrics.horizontalAdvance("30 Sep 2027 (overdue)") + 16)
        self.patient_table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
        self.patient_table.activated.connect(self._on_patient_activated)
        self.patient_table.selectionModel().currentChanged.connect(lambda *_a: self._update_actions())
        self.patient_table.installEventFilter(_TypeToSearch(self.search))

        self.patient_count = named(QLabel(), "Number of patients shown")
        search_label = QLabel("&Find:")
        search_label.setBuddy(self.search)
        new_button = named(QPushButton("&New patient…"), "New patient")
        new_button.clicked.connect(self.new_patient)
        self.open_button = named(QPushButton("Open &plan"), "Open the selected patient's plan")
        self.open_button.clicked.connect(lambda: self._on_patient_activated(self.patient_table.currentIndex()))

        patients = QWidget()
        layout = QVBoxLayout(patients)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        layout.addWidget(self.patient_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.patient_count, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(new_button)
        layout.addLayout(buttons)
        self.patients_dock = QDockWidget("Patients", self)
        self.patients_dock.setObjectName("patients_dock")
        self.patients_dock.setWidget(patients)
        self.patients_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.patients_dock)

        self.reviews_model = ReviewsTableModel(self)
        self.reviews_table = named(
            QTableView(), "Reviews due", "Plans whose review date has passed or is within two weeks"
        )
        self.reviews_table.setModel(self.reviews_model)
        self.reviews_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reviews_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reviews_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviews_table.setWordWrap(False)
        self.reviews_table.verticalHeader().hide()
        self.reviews_table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
        rheader = self.reviews_table.horizontalHeader()
        rheader.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rheader.setStretchLastSection(True)
        rheader.resizeSection(ReviewsTableModel.PATIENT, metrics.horizontalAdvance("Amira Okafor-Smith") + 16)
        rheader.resizeSection(ReviewsTableModel.REVIEW, metrics.horizontalAdvance("30 Sep 2027") + 16)
        bold = QFont(self.font())
        bold.setBold(True)
        rheader.resizeSection(
            ReviewsTableModel.STATUS, QFontMetrics(bold).horizontalAdvance("Overdue by 300 days") + 16
        )
        self.reviews_table.activated.connect(self._on_review_activated)
        self.reviews_empty = named(QLabel("No reviews due in the next two weeks."), "Reviews due")
        self.reviews_empty.setWordWrap(True)
        self.reviews_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reviews_pages = QStackedWidget()
        self.reviews_pages.addWidget(self.reviews_table)
        self.reviews_pages.addWidget(self.reviews_empty)
        reviews = QWidget()
        rlayout = QVBoxLayout(reviews)
        rlayout.setContentsMargins(6, 6, 6, 6)
        rlabel = QLabel("Review date passed or within two &weeks:")
        rlabel.setBuddy(self.reviews_table)
        rlayout.addWidget(rlabel)
        rlayout.addWidget(self.reviews_pages, 1)
        self.reviews_dock = QDockWidget("Reviews due", self)
        self.reviews_dock.setObjectName("reviews_dock")
        self.reviews_dock.setWidget(reviews)
        self.reviews_dock.setFeatures(self.patients_dock.features())
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.reviews_dock)
        # Wide enough for every column of the list (the user can drag it narrower; the layout is remembered).
        # With a plan open the editor needs the room: the list narrows to names and dates of birth.
        extra = self.patient_table.verticalScrollBar().sizeHint().width() + 20
        self._wide_dock = header.length() + extra
        self._narrow_dock = (
            header.sectionSize(PatientTableModel.NAME) + header.sectionSize(PatientTableModel.BORN) + extra
        )
        self.resizeDocks([self.patients_dock], [self._wide_dock], Qt.Orientation.Horizontal)
        self.resizeDocks([self.patients_dock, self.reviews_dock], [440, 220], Qt.Orientation.Vertical)

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
        self.welcome_new.clicked.connect(self.new_patient)
        self.welcome_import.clicked.connect(self.import_plan_file)
        welcome_buttons.addWidget(self.welcome_new)
        welcome_buttons.addWidget(self.welcome_import)
        welcome_buttons.addStretch(1)
        welcome_layout.addWidget(title)
        welcome_layout.addWidget(text)
        welcome_layout.addLayout(welcome_buttons)
        welcome_layout.addStretch(2)
        self.central.addWidget(self.welcome)
        self.setCentralWidget(self.central)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: list[QKeySequence] | str | None = None,
        icon: QStyle.StandardPixmap | None = None,
        theme: str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, str):
            action.setShortcut(QKeySequence(shortcut))
        elif shortcut:
            action.setShortcuts(shortcut)
        if icon is not None:
            action.setIcon(standard_icon(icon, theme))
        plain = text.replace("&", "").removesuffix("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({keys})" if keys else (tip or plain))
        action.setStatusTip(tip or plain)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        K = QKeySequence.StandardKey
        self.act_new_patient = self._action(
            "&New patient…", self.new_patient, _shortcut(K.New, "Ctrl+N"), SP.SP_FileIcon, "contact-new"
        )
        self.act_open = self._action(
            "&Open patient…",
            self.focus_search,
            _shortcut(K.Open, "Ctrl+O"),
            SP.SP_DialogOpenButton,
            "document-open",
            tip="Find a patient by name, date of birth or identifier",
        )
        self.act_new_plan = self._action("New p&lan for this patient…", self.new_plan_for_selected, "Ctrl+Shift+N")
        self.act_save = self._action(
            "&Save", self.save, _shortcut(K.Save, "Ctrl+S"), SP.SP_DialogSaveButton, "document-save"
        )
        self.act_close_plan = self._action("&Close plan", self.close_plan, _shortcut(K.Close, "Ctrl+W"))
        self.act_import = self._action("&Import plan file…", self.import_plan_file, "Ctrl+I")
        self.act_export_plan = self._action("E&xport plan file…", self.export_plan_file, "Ctrl+Shift+E")
        self.act_export_handouts = self._action(
            "&Export handouts…",
            self.export_handouts,
            "Ctrl+E",
            tip="Save the family, school and clinician handouts as PDFs in a folder",
        )
        self.act_save_pdf = self._action(
            "Save handout as P&DF…", self.save_handout_pdf, "Ctrl+Shift+S", tip="Save a handout as a PDF file"
        )
        self.act_print = self._action(
            "&Print handout…",
            self.print_handout,
            _shortcut(K.Print, "Ctrl+P"),
            SP.SP_FileDialogDetailedView,
            "document-print",
        )
        self.act_preview = self._action(
            "Pre&view handouts",
            self.preview_handouts,
            "Ctrl+Shift+P",
            SP.SP_FileDialogContentsView,
            "document-print-preview",
            tip="See the family, school and clinician handouts",
        )
        self.act_history = self._action(
            "&History…",
            self.show_history,
            "Ctrl+H",
            SP.SP_BrowserReload,
            "document-open-recent",
            tip="Every saved revision of this plan",
        )
        self.act_edit_patient = self._action("Patient &details…", self.edit_patient, "Ctrl+Shift+D")
        self.act_settings = self._action(
            "Se&ttings…",
            self.open_settings,
            _shortcut(K.Preferences, "Ctrl+,"),
            SP.SP_FileDialogInfoView,
            "preferences-system",
        )
        self.act_backup_now = self._action(
            "&Back up now…", self.back_up_now, tip="Make a checked copy of the database in the backups folder"
        )
        self.act_restore_backup = self._action(
            "Restore a bac&kup…", self.restore_backup, tip="Put a backup in place of the database"
        )
        self.act_quit = self._action("&Quit", self.close, _shortcut(K.Quit, "Ctrl+Q"))
        self.act_about = self._action("&About Careplan", self.show_about)

        self.act_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(_shortcut(K.Undo, "Ctrl+Z"))
        self.act_undo.setIcon(standard_icon(SP.SP_ArrowBack, "edit-undo"))
        self.act_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(_shortcut(K.Redo, "Ctrl+Shift+Z"))
        self.act_redo.setIcon(standard_icon(SP.SP_ArrowForward, "edit-redo"))
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        # The toolbar's own Undo and Redo keep a short, steady label (the menu names the step).
        self.tool_undo = QAction(self.act_undo.icon(), "Undo", self)
        self.tool_redo = QAction(self.act_redo.icon(), "Redo", self)
        for tool, group_action, signal in (
            (self.tool_undo, self.act_undo, self.undo_group.canUndoChanged),
            (self.tool_redo, self.act_redo, self.undo_group.canRedoChanged),
        ):
            tool.triggered.connect(group_action.trigger)
            tool.setEnabled(False)
            signal.connect(tool.setEnabled)
            group_action.changed.connect(
                lambda tool=tool, action=group_action: tool.setToolTip(
                    f"{action.text().replace('&', '')} ({action.shortcut().toString()})"
                )
            )

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for a in (
            self.act_new_patient,
            self.act_open,
            self.act_new_plan,
            None,
            self.act_save,
            self.act_close_plan,
            None,
            self.act_import,
            self.act_export_plan,
            None,
            self.act_preview,
            self.act_print,
            self.act_save_pdf,
            self.act_export_handouts,
            None,
            self.act_backup_now,
            self.act_restore_backup,
            None,
            self.act_quit,
        ):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit_menu = bar.addMenu("&Edit")
        for a in (self.act_undo, self.act_redo, None, self.act_edit_patient, None, self.act_settings):
            edit_menu.addSeparator() if a is None else edit_menu.addAction(a)
        plan_menu = bar.addMenu("&Plan")
        for a in (self.act_history, self.act_preview, None, self.act_new_plan):
            plan_menu.addSeparator() if a is None else plan_menu.addAction(a)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.patients_dock.toggleViewAction())
        view_menu.addAction(self.reviews_dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        named(toolbar, "Main toolbar")
        for a in (
            self.act_new_patient,
            self.act_save,
            None,
            self.tool_undo,
            self.tool_redo,
            None,
            self.act_preview,
            self.act_print,
            self.act_history,
        ):
            toolbar.addSeparator() if a is None else toolbar.addAction(a)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar
        # Beside Save: the change note kept with the next revision (optional; Enter saves; cleared once
        # saved or when another plan opens).  The clinician summary's revision history prints it.
        self.change_note = named(QLineEdit(), "What changed?")
        self.change_note.setPlaceholderText("What changed? (optional)")
        self.change_note.setToolTip("A short note kept with this save, shown in the plan's revision history")
        self.change_note.setMaxLength(NOTE_MAX)
        self.change_note.setClearButtonEnabled(True)
        self.change_note.setMaximumWidth(self.fontMetrics().averageCharWidth() * 34)
        self.change_note.returnPressed.connect(self.save)
        self.change_note.setEnabled(self.act_save.isEnabled())
        self.act_save.enabledChanged.connect(self.change_note.setEnabled)
        self.plan_opened.connect(lambda _record: self.change_note.clear())
        toolbar.insertWidget(toolbar.actions()[toolbar.actions().index(self.act_save) + 1], self.change_note)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
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
        geometry = self.state.get(WindowState.main_geometry)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 760)
        layout = self.state.get(WindowState.main_state)
        if not layout.isEmpty():
            self.restoreState(layout)

    # ================================================================================== lists

    def start_with(
        self,
        store: Any,
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
        if self.editor is not None:
            self.editor.set_library(self.library)
        # The list reads its rows from SQL a page at a time, and the reviews due their first 200
        # (``patients`` and ``due`` are not needed any more).
        self.patient_model.attach(_StorePatients(self), today)
        self.reload_reviews()
        self._update_count()
        self.patients_loaded.emit(self.patient_model.total)
        # The daily backup never holds up the start: it runs in the background once the window shows.
        QTimer.singleShot(0, self.backup_in_background)

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

    def reload_lists(self) -> None:
        """Read the first page of the patient list and the reviews due again (flat: a page, not everyone)."""
        today = self.today()
        selected = self.selected_patient()
        if self.patient_model.is_paged:
            self.patient_model.refresh(today)
        else:
            self.patient_model.attach(_StorePatients(self), today)
        self.reload_reviews()
        if selected is not None:
            self.select_patient(selected.id)
        self._update_count()
        self.patients_loaded.emit(self.patient_model.total)

    def reload_reviews(self) -> None:
        from careplan.services.plans import count_reviews_due, reviews_due

        today = self.today()

        def read(session: Any) -> tuple[list[PlanSummary], tuple[int, int]]:
            return reviews_due(session, today, limit=REVIEWS_SHOWN), count_reviews_due(
                session, today, cap=REVIEWS_COUNTED
            )

        result = self.ops.read(read, parent=self)
        if result.ok and result.value is not None:
            due, (total, overdue) = result.value
            self._show_reviews(due, today, total, overdue)

    def _show_reviews(self, due: list[PlanSummary], today: dt.date, total: int, overdue: int) -> None:
        self.reviews_model.set_plans(due, today)
        self.reviews_pages.setCurrentWidget(self.reviews_table if due else self.reviews_empty)

        def number(n: int) -> str:
            return f"more than {REVIEWS_COUNTED:,}" if n > REVIEWS_COUNTED else f"{n:,}"

        self.reviews_dock.setWindowTitle(
            f"Reviews due ({number(total)}, {number(overdue)} overdue)" if overdue else f"Reviews due ({number(total)})"
        )

    def show_lists(self, patients: list[PatientSummary], due: list[PlanSummary], today: dt.date) -> None:
        """Show a fixed list (no database paging): for previews and tests."""
        selected = self.selected_patient()
        self.patient_model.set_patients(patients, today)
        overdue = sum(1 for d in due if d.review_date and d.review_date < today)
        self._show_reviews(due, today, len(due), overdue)
        if selected is not None:
            self.select_patient(selected.id)
        self._update_count()
        self.patients_loaded.emit(len(patients))

    def refresh_patient(self, patient_id: int | None) -> None:
        """After a save: only this patient's row of the list changes, and the reviews due are read again."""
        from careplan.services.plans import patient_summary

        if patient_id is None:
            return
        if self.patient_model.row_of(patient_id) < 0:
            # Not among the rows read so far (a patient another desktop added, say): read the first page again.
            self.reload_lists()
            return
        result = self.ops.read(lambda s: patient_summary(s, patient_id), parent=self)
        if result.ok and result.value is not None:
            self.patient_model.update_patient(result.value)
        self.reload_reviews()
        self.patient_row_updated.emit(patient_id)

    def _update_count(self) -> None:
        model = self.patient_model
        if model.is_paged:
            total, shown = model.total, model.matched
        else:
            total, shown = model.rowCount(), self.patient_proxy.rowCount()
        noun = "patient" if total == 1 else "patients"
        if model.is_paged and model.query.strip() and shown > MATCHES_COUNTED:
            self.patient_count.setText(f"more than {MATCHES_COUNTED} of {total:,} {noun}")
            return
        self.patient_count.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    def _on_search_text(self, _text: str) -> None:
        if self.patient_model.total > _INSTANT_SEARCH_LIMIT:
            self._search_timer.start()
        else:
            self._apply_search()

    def _apply_search(self) -> None:
        self.patient_proxy.set_query(self.search.text())
        self._update_count()
        if self.patient_proxy.rowCount() and not self.patient_table.currentIndex().isValid():
            self.patient_table.setCurrentIndex(self.patient_proxy.index(0, 0))

    def _open_first_match(self) -> None:
        self._search_timer.stop()
        self._apply_search()
        index = self.patient_table.currentIndex()
        if not index.isValid() and self.patient_proxy.rowCount():
            index = self.patient_proxy.index(0, 0)
        if index.isValid():
            self._on_patient_activated(index)

    def focus_search(self) -> None:
        self.patients_dock.show()
        self.patients_dock.raise_()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_patient(self) -> PatientSummary | None:
        index = self.patient_table.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ItemRole)
        return value if isinstance(value, PatientSummary) else None

    def select_patient(self, patient_id: int | None) -> None:
        if patient_id is None:
            return
        row = self.patient_model.row_of(patient_id)
        if row < 0:
            return
        index = self.patient_proxy.mapFromSource(self.patient_model.index(row, 0))
        if index.isValid():
            self.patient_table.setCurrentIndex(index)
            self.patient_table.scrollTo(index)

    def _on_patient_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        patient = index.siblingAtColumn(0).data(ItemRole)
        if isinstance(patient, PatientSummary):
            self.open_patient(patient)

    def _on_review_activated(self, index: QModelIndex) -> None:
        plan = self.reviews_model.data(self.reviews_model.index(index.row(), 0), ItemRole)
        if isinstance(plan, PlanSummary):
            self.open_plan(plan.plan_id)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if LIBRARY in topics:
            self.reload_library()
        if PATIENTS in topics or PLANS in topics:
            self.reload_lists()

    def reload_library(self) -> None:
        from careplan.services.library import full_library

        result = self.ops.read(lambda s: full_library(s, self.shipped), parent=self)
        if result.ok and result.value is not None:
            self.library = result.value
            if self.editor is not None:
                self.editor.set_library(self.library)

    # ================================================================================== the open plan

    def ensure_editor(self) -> Any:
        if self.editor is None:
            self.editor = self.editor_factory(self.library, self)
            named(self.editor, "Plan editor")
            self.editor.set_own_entry_saver(self._save_own_entry)
            self.undo_group.addStack(self.editor.undo_stack)
            self.undo_group.setActiveStack(self.editor.undo_stack)
            self.editor.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
            self.editor.undo_stack.indexChanged.connect(self._on_edited)
            self.editor.plan_changed.connect(self._on_plan_changed)
            # Should the editor ever need more room than the screen has (a small screen, 150% scaling),
            # it scrolls instead of pushing the window past the edge of the screen.
            self.editor_area = QScrollArea()
            self.editor_area.setObjectName("editor_area")
            self.editor_area.setWidgetResizable(True)
            self.editor_area.setFrameShape(QFrame.Shape.NoFrame)
            self.editor_area.setWidget(self.editor)
            self.editor_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.central.addWidget(self.editor_area)
        return self.editor

    @property
    def has_plan(self) -> bool:
        return self._open and self.editor is not None

    def current_record(self) -> PlanRecord | None:
        return self.editor.record() if self.has_plan else None

    def is_modified(self) -> bool:
        return self.has_plan and not self.editor.undo_stack.isClean()

    def show_record(self, record: PlanRecord, *, unsaved: bool = False, template: str | None = None) -> None:
        """Put ``record`` in the editor; ``unsaved``: it has changes not yet in the database."""
        editor = self.ensure_editor()
        editor.set_read_only(False)
        editor.load(record)
        if template:
            editor.apply_template(template)
        if unsaved or record.plan_id is None:
            editor.undo_stack.resetClean()
        was_open = self._open
        self._open = True
        self._draft_dirty = unsaved
        if not was_open and self.patients_dock.width() > self._narrow_dock:
            self.resizeDocks([self.patients_dock], [self._narrow_dock], Qt.Orientation.Horizontal)
        self.central.setCurrentWidget(self.editor_area)
        self.undo_group.setActiveStack(editor.undo_stack)
        self._show_saved(record)
        self._update_title()
        self._update_actions()
        self.select_patient(record.patient.id)
        self.autosave_timer.start()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.plan_opened.emit(record)

    def _show_saved(self, record: PlanRecord) -> None:
        if record.revision is not None:
            self.saved_label.setText(
                f"Revision {record.revision.number}, saved {format_datetime(record.revision.saved_at)}"
            )
        elif record.plan_id is None:
            self.saved_label.setText("Not saved yet")
        else:
            self.saved_label.setText("")

    def _on_edited(self, _index: int = 0) -> None:
        self._draft_dirty = True

    def _on_plan_changed(self, _snapshot: object = None) -> None:
        self._draft_dirty = True
        self._update_title()

    def _update_title(self) -> None:
        record = self.current_record()
        if record is None:
            self.setWindowTitle("Careplan")
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{record.patient.full_name}: {record.plan.title}[*] - Careplan")
        self.setWindowModified(self.is_modified())

    def _update_actions(self) -> None:
        has_plan = self.has_plan
        stored = has_plan and self.editor.record().plan_id is not None
        for action in (
            self.act_save,
            self.act_close_plan,
            self.act_export_plan,
            self.act_export_handouts,
            self.act_save_pdf,
            self.act_print,
            self.act_preview,
        ):
            action.setEnabled(has_plan)
        self.act_history.setEnabled(stored)
        has_patient = self.selected_patient() is not None or has_plan
        self.act_new_plan.setEnabled(has_patient)
        self.act_edit_patient.setEnabled(has_patient)
        self.open_button.setEnabled(self.selected_patient() is not None)

    def plan_label(self) -> str:
        record = self.current_record()
        if record is None:
            return "the plan"
        return f"{record.plan.title} ({record.patient.full_name})"

    def maybe_keep_changes(self) -> bool:
        """Before the open plan goes away: True when it may (saved, discarded or unchanged)."""
        if not self.is_modified():
            return True
        choice = UnsavedChangesDialog.ask(self, self.plan_label())
        if choice == "save":
            return self.save()
        if choice == "discard":
            record = self.editor.record()
            self.drafts.delete(record.plan_id)
            log.info("discarded unsaved changes to plan %s", record.plan_id)
            return True
        return False

    def close_plan(self) -> bool:
        if not self.has_plan:
            return True
        if not self.maybe_keep_changes():
            return False
        self._close_editor()
        return True

    def _close_editor(self) -> None:
        self.autosave_timer.stop()
        self._open = False
        self._draft_dirty = False
        if self.editor is not None:
            self.editor.undo_stack.clear()
        self.central.setCurrentWidget(self.welcome)
        if self.patients_dock.width() < self._wide_dock:
            self.resizeDocks([self.patients_dock], [self._wide_dock], Qt.Orientation.Horizontal)
        self.saved_label.clear()
        self._update_title()
        self._update_actions()
        self.plan_closed.emit()

    def open_plan(self, plan_id: int) -> bool:
        if self.has_plan and self.editor.record().plan_id == plan_id:
            self.central.setCurrentWidget(self.editor_area)
            return True
        if not self.maybe_keep_changes():
            return False
        from careplan.services.plans import load_plan

        actor = self.actor("opens plans")
        if actor is None:
            return False
        result = self.ops.read(lambda s: load_plan(s, plan_id), parent=self)
        if not result.ok or result.value is None:
            return False
        self.show_record(result.value)
        log.info("opened plan %s", plan_id)
        self.audit_read(actor, Action.OPENED, result.value)
        return True

    def open_patient(self, patient: PatientSummary) -> bool:
        from careplan.services.plans import patient_summary

        if patient.number_of_plans and not patient.plans:
            patient_id = patient.id
            result = self.ops.read(lambda s: patient_summary(s, patient_id), parent=self)
            if not result.ok or result.value is None:
                return False
            patient = result.value
        if not patient.plans:
            return self.new_plan_for(patient.id)
        if len(patient.plans) == 1:
            return self.open_plan(patient.plans[0].plan_id)
        chosen = PlanChooserDialog.ask(self, patient)
        if chosen is None:
            return False
        if chosen == NEW_PLAN:
            return self.new_plan_for(patient.id)
        return self.open_plan(int(chosen))

    # ================================================================================== new patients and plans

    def new_patient(self) -> bool:
        if not self.maybe_keep_changes():
            return False
        actor = self.actor("adds patients")
        if actor is None:
            return False
        patient = PatientFormDialog.ask(self)
        if patient is None:
            return False
        from careplan.services.plans import save_patient

        result = self.ops.run_op(
            lambda s: recorded(s, actor, Action.CREATED, save_patient(s, patient, author=actor.name)),
            parent=self,
            changes={PATIENTS},
        )
        if not result.ok or result.value is None:
            return False
        log.info("added patient %s", result.value.id)
        return self._start_plan(result.value, already_asked=True)

    def new_plan_for_selected(self) -> bool:
        if self.has_plan:
            patient_id = self.editor.record().patient.id
        else:
            selected = self.selected_patient()
            patient_id = selected.id if selected else None
        if patient_id is None:
            return False
        return self.new_plan_for(patient_id)

    def new_plan_for(self, patient_id: int) -> bool:
        from careplan.services.plans import load_patient

        if not self.maybe_keep_changes():
            return False
        result = self.ops.read(lambda s: load_patient(s, patient_id), parent=self)
        if not result.ok or result.value is None:
            return False
        return self._start_plan(result.value, already_asked=True)

    def _start_plan(self, patient: Patient, *, already_asked: bool = False) -> bool:
        if not already_asked and not self.maybe_keep_changes():
            return False
        choice = NewPlanDialog.ask(self, self.library, patient.full_name)
        if choice is None:
            return False
        plan = Plan(
            title=choice.title,
            category=choice.category,
            therapist=self.settings.default_therapist(),
            start_date=self.today(),
            catalog_version=self.shipped.version if choice.template_code else None,
        )
        self.show_record(PlanRecord(plan, patient), unsaved=True, template=choice.template_code)
        log.info("started a new plan (%s)", "template" if choice.template_code else "blank")
        return True

    def edit_patient(self) -> bool:
        """Patient details: saved against the version they were opened at; if another desktop changed
        them meanwhile, both versions are shown and the user reloads or keeps theirs knowingly."""
        from careplan.services.plans import load_patient_version, save_patient_version

        record = self.current_record()
        if record is not None and record.patient.id is not None:
            patient_id: int | None = record.patient.id
        else:
            selected = self.selected_patient()
            patient_id = selected.id if selected else None
        if patient_id is None:
            return False
        open_here = record is not None and record.patient.id == patient_id
        if open_here and self.is_modified():
            Notice.info(
                self,
                "Save the plan first",
                "The open plan has unsaved changes. Save them (or close the plan without saving) "
                "before changing the patient's details.",
            )
            return False
        pid = patient_id
        loaded = self.ops.read(lambda s: load_patient_version(s, pid), parent=self)
        if not loaded.ok or loaded.value is None:
            return False
        patient, version = loaded.value
        actor = self.actor("changes patients' details")
        if actor is None:
            return False
        author = actor.name
        changed = PatientFormDialog.ask(self, patient)
        if changed is None:
            return False
        try:
            result = self.ops.run_op(
                lambda s: recorded(s, actor, Action.SAVED, save_patient_version(s, changed, version, author)),
                parent=self,
                changes=(),
                passthrough=(PatientConflict,),
                title="Patient details not saved",
            )
        except PatientConflict as conflict:
            log.info("patient %s: another desktop changed the details first", pid)
            when = format_datetime(conflict.saved_at) if conflict.saved_at else None
            choice = PatientConflictDialog.ask(self, conflict.mine, conflict.theirs, conflict.saved_by, when)
            if choice == "reload":
                self._patient_saved(pid, record if open_here else None)
                self.statusBar().showMessage("Showing the details as saved on the other computer.", 8000)
            if choice != "keep":
                return False
            # Keep mine, having seen theirs: saved over the version now shown (theirs stays in the history).
            # Should yet another change land in between, this is refused like the first.
            mine, seen = conflict.mine, conflict.current_version
            result = self.ops.run_op(
                lambda s: recorded(s, actor, Action.SAVED, save_patient_version(s, mine, seen, author)),
                parent=self,
                changes=(),
                title="Patient details not saved",
            )
        if not result.ok or result.value is None:
            return False
        self._patient_saved(pid, record if open_here else None)
        self.statusBar().showMessage("Patient details saved.", 5000)
        return True

    def _patient_saved(self, patient_id: int, record: PlanRecord | None) -> None:
        """The patient's row, the reviews due and, when that patient's plan is open, its header change."""
        from careplan.services.plans import load_patient

        self.refresh_patient(patient_id)
        if record is not None and record.plan_id is not None:
            now = self.ops.read(lambda s: load_patient(s, patient_id), parent=self)
            if now.ok and now.value is not None:
                self.editor.mark_saved(dataclasses.replace(record, patient=now.value))
                self._update_title()

    # ================================================================================== saving

    def actor(self, what: str) -> Actor | None:
        """The therapist doing something that is recorded (``what``: "saves plans"); when no name is set
        they are asked for it, and without one it is not done (None).  Never the computer's login."""
        t = self.settings.therapist
        if t.name:
            try:
                return Actor.named(t.name, t.role)
            except UserError:
                pass  # a name edited by hand into the settings file: ask again
        if self.ask_who(f"Careplan records who {what}: enter your name to go on."):
            t = self.settings.therapist
            return Actor.named(t.name, t.role)
        self.statusBar().showMessage(f"Not done: Careplan records who {what}, and needs your name for it.", 10000)
        return None

    def ask_who(self, reason: str | None = None) -> bool:
        """Ask the therapist's name and role and keep them in the settings; False when put off."""
        from careplan.ui.therapist_dialog import TherapistDialog

        t = self.settings.therapist
        chosen = TherapistDialog.ask(self, t.name, t.role, reason)
        if chosen is None:
            return False
        therapist = t.model_copy(update={"name": chosen.name, "role": chosen.role or ""})
        settings = self.settings.model_copy(update={"therapist": therapist})
        try:
            save_settings(self.paths.config, settings)
        except (OSError, SettingsError) as exc:
            Notice.error(self, "Your name was not saved", f"{exc}. Careplan uses your name until it is closed.")
        self.settings = settings
        log.info("the therapist's name was set")
        return True

    def first_start(self) -> bool:
        """At start without a therapist's name in the settings: ask who is using Careplan (it may be put off)."""
        return not self.settings.therapist.name and self.ask_who()

    def audit_read(self, actor: Actor, action: Action, record: PlanRecord, detail: str | None = None) -> bool:
        """Record a read that was done; when the log cannot be written, warn once (then in the status bar)."""
        from careplan.services.audit import NOT_RECORDED, record_read

        if record_read(self.ops.store.sessions, actor, action, record, detail):
            return True
        if not self._audit_warned:
            self._audit_warned = True
            Notice.error(self, "Not recorded in the activity log", NOT_RECORDED)
        self.statusBar().showMessage(NOT_RECORDED, 10000)
        return False

    def save(self) -> bool:
        """Save the open plan as a new revision; on a conflict, offer reload or save as a copy."""
        if not self.has_plan:
            return False
        from careplan.services.plans import save_plan

        actor = self.actor("saves plans")
        if actor is None:
            return False
        record = self.editor.record()
        library, action = self.library, Action.CREATED if record.plan_id is None else Action.SAVED
        note = self.change_note.text()
        new_patient = record.patient.id is None
        try:
            result = self.ops.run_op(
                lambda s: recorded(s, actor, action, save_plan(s, record, actor.name, library, note)),
                parent=self,
                # A new patient joins the list; otherwise only that patient's row changes (below).
                changes={PLANS, PATIENTS} if new_patient else (),
                passthrough=(PlanConflict,),
                title="Not saved",
            )
        except PlanConflict as conflict:
            log.info("save of plan %s refused: another desktop saved first", record.plan_id)
            return self._resolve_conflict(conflict, record)
        if not result.ok or result.value is None:
            return False
        if not new_patient:
            self.refresh_patient(result.value.patient.id)
        self.change_note.clear()
        self._saved(record, result.value, "Saved")
        return True

    def _saved(self, before: PlanRecord, saved: PlanRecord, what: str) -> None:
        self.editor.mark_saved(saved)
        self.editor.undo_stack.setClean()
        self.drafts.delete(before.plan_id)
        if before.plan_id != saved.plan_id:
            self.drafts.delete(saved.plan_id)
        self._draft_dirty = False
        self._show_saved(saved)
        self._update_title()
        self._update_actions()
        number = saved.revision.number if saved.revision else "?"
        self.statusBar().showMessage(f"{what}: {saved.plan.title}, revision {number}.", 8000)
        log.info("saved plan %s revision %s", saved.plan_id, number)
        self.plan_saved.emit(saved)

    def _resolve_conflict(self, conflict: PlanConflict, record: PlanRecord, action: str = "save") -> bool:
        from careplan.services.plans import load_plan, save_as_copy

        when = format_datetime(conflict.saved_at) if conflict.saved_at else None
        choice = ConflictDialog.ask(self, conflict.saved_by, when, action)
        if choice == "reload":
            plan_id = conflict.plan_id
            result = self.ops.read(lambda s: load_plan(s, plan_id), parent=self)
            if not result.ok or result.value is None:
                return False
            self.drafts.delete(record.plan_id)
            self.show_record(result.value)
            self.statusBar().showMessage("Reloaded the plan as it was saved on the other computer.", 8000)
            return True
        if choice == "copy":
            actor, library = self.actor("saves plans"), self.library
            if actor is None:
                return False
            result = self.ops.run_op(
                lambda s: recorded(s, actor, Action.CREATED, save_as_copy(s, record, actor.name, library), "a copy"),
                parent=self,
                changes={PLANS, PATIENTS},
            )
            if not result.ok or result.value is None:
                return False
            copy = result.value
            self.drafts.delete(record.plan_id)
            self.show_record(copy)
            self._show_saved(copy)
            self.statusBar().showMessage(f"Saved your version as a copy: {copy.plan.title}.", 8000)
            self.plan_saved.emit(copy)
            return True
        return False

    def _save_own_entry(self, entry: LibraryIntervention) -> LibraryIntervention:
        """For the editor: store a therapist's own library entry, then show it in the library.

        A failure is raised as a UserError in plain words: the editor's entry form shows it
        beside the form, with the entry still there to correct.
        """
        from careplan.services.library import add_own_intervention

        try:
            result = self.ops.run_op(
                lambda s: add_own_intervention(s, entry), parent=self, changes={LIBRARY}, passthrough=(Exception,)
            )
        except UserError:
            raise
        except Exception as exc:
            _title, text, expected = explain(exc, self.paths.log_file)
            if not expected:
                log.error("saving an own library entry failed", exc_info=(type(exc), exc, exc.__traceback__))
            raise UserError(text) from None
        assert result.value is not None
        log.info("added an own library entry")
        return result.value

    # ================================================================================== drafts

    def write_draft(self) -> Path | None:
        """Write the open plan's draft if it changed since the last one (the autosave timer calls this)."""
        if not self.is_modified() or not self._draft_dirty:
            return None
        from careplan.services.plans import own_entries_used

        record = self.editor.record()
        items, goals = own_entries_used(record.plan, self.library)
        try:
            path = self.drafts.write(record, items, goals)
        except Exception as exc:  # a full disk must not stop the therapist working
            log.warning("could not write a draft: %s", type(exc).__name__)
            self.statusBar().showMessage(f"Could not keep a safety copy of your changes: {exc}", 8000)
            return None
        self._draft_dirty = False
        self.draft_written.emit(str(path))
        return path

    def offer_drafts(self) -> bool:
        """At start: offer back what a crash left unsaved; True if one was reopened."""
        from careplan.services.plans import load_patient

        for draft in self.drafts.drafts():
            if not RecoverDraftDialog.ask(self, draft.title, format_datetime(draft.saved_at)):
                self.drafts.delete(draft.plan_id)
                log.info("discarded a draft of plan %s", draft.plan_id)
                continue
            try:
                record = draft.read_record()
            except PlanFileError as exc:
                Notice.error(self, "Cannot recover the changes", f"The saved changes cannot be read: {exc}")
                continue
            patient_id = record.patient.id
            if patient_id is not None:
                try:
                    with self.ops.store.sessions.begin() as session:
                        load_patient(session, patient_id)
                except NotFoundError:
                    # The patient is gone from this database: saving makes them anew.
                    record = PlanRecord(record.plan, dataclasses.replace(record.patient, id=None))
            self.show_record(record, unsaved=True)
            self.statusBar().showMessage("Recovered your unsaved changes: check them, then save.", 10000)
            log.info("recovered a draft of plan %s", draft.plan_id)
            return True
        return False

    # ================================================================================== files

    def import_plan_file(self) -> bool:
        from careplan.services.transfer import import_plan

        if not self.maybe_keep_changes():
            return False
        actor = self.actor("imports plans")
        if actor is None:
            return False
        path = FileDialogs.open_path(self, "Import a plan file", PLAN_FILES)
        if path is None:
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            Notice.error(self, "Cannot import the plan file", f"Cannot import {path}: {exc.strerror or exc}.")
            return False
        shipped = self.shipped
        try:
            result = self.ops.run_op(
                lambda s: recorded(
                    s,
                    actor,
                    Action.IMPORTED,
                    import_plan(s, data, shipped, source=path.name, author=actor.name),
                    "plan file",
                ),
                parent=self,
                passthrough=(PlanFileError,),
                title="Cannot import the plan file",
            )
        except PlanFileError as exc:
            log.info("import refused: %s", type(exc).__name__)
            Notice.error(self, "Cannot import the plan file", f"Cannot import {exc}")
            return False
        if not result.ok or result.value is None:
            return False
        record = result.value
        log.info("imported plan %s", record.plan_id)
        self.show_record(record)
        self.statusBar().showMessage(f"Imported {record.plan.title} for {record.patient.full_name}.", 8000)
        return True

    def export_plan_file(self) -> Path | None:
        from careplan.services.transfer import export_record

        record = self.current_record()
        actor = self.actor("exports plans") if record is not None else None
        if record is None or actor is None:
            return None
        suggested = f"{safe_file_name(record.patient.full_name, 'patient')} - {safe_file_name(record.plan.title)}.json"
        path = FileDialogs.save_path(self, "Export the plan file", suggested, PLAN_FILES)
        if path is None:
            return None
        path = with_suffix(path, ".json")
        try:
            write_file(path, export_record(record, self.library).encode("utf-8"))
        except Exception as exc:
            report(self, exc, self.paths.log_file)
            return None
        self.statusBar().showMessage(f"Exported the plan file to {path}.", 8000)
        log.info("exported plan %s to a file", record.plan_id)
        self.audit_read(actor, Action.EXPORTED, record, "plan file")
        return path

    # ================================================================================== handouts

    def _render(
        self,
        record: PlanRecord,
        audiences: list[tuple[Audience, bool]],
        label: str,
        folder: Path | None = None,
        draft: bool = False,
    ) -> list[bytes] | list[Path] | None:
        """Render (and with ``folder``, write) handouts on a worker thread, with progress; ``draft``:
        "DRAFT" across every page (a plan not ready to print)."""
        from careplan.ui.preview import handout_file_name

        library, clinic, paper = self.library, self.settings.clinic_details(), self.settings.paper
        privacy, render_handout = self.settings.handout_privacy(), self._handout_renderer()

        def work(progress: Progress) -> list[Any]:
            out: list[Any] = []
            for i, (audience, large) in enumerate(audiences):
                progress(i, len(audiences), f"{label} ({audience.label.lower()}, {i + 1} of {len(audiences)})…")
                data = render_handout(record, audience, library, clinic, paper, large, draft, privacy)
                if folder is None:
                    out.append(data)
                else:
                    target = folder / handout_file_name(record, audience, large)
                    write_file(target, data)
                    out.append(target)
            progress(len(audiences), len(audiences))
            return out

        try:
            return run_with_progress(self, f"{label}…", work, cancellable=len(audiences) > 1)
        except Cancelled:
            self.statusBar().showMessage("Stopped.", 5000)
            return None
        except Exception as exc:
            report(self, exc, self.paths.log_file)
            return None

    def _handout_renderer(self) -> Callable[..., bytes]:
        """Makes the desktop's handouts (preview, Print, Save as PDF, Export): the clinician summary
        carries the plan's revision history, read in one query on the worker thread that renders it."""
        from careplan.services.handouts import handout_history, render_record

        reads, default_privacy = self.ops.store.reads, self.settings.handout_privacy()

        def render(
            record: PlanRecord,
            audience: Audience,
            library: Library,
            clinic: ClinicDetails,
            paper: str,
            large_print: bool,
            draft: bool = False,
            privacy: HandoutPrivacy | None = None,
        ) -> bytes:
            with reads.begin() as session:
                history = handout_history(session, record.plan_id, audience)
            return render_record(
                record,
                audience,
                library,
                clinic,
                paper=paper,
                large_print=large_print,
                privacy=privacy if privacy is not None else default_privacy,
                draft=draft,
                history=history,
            )

        return render

    def _print_as_draft(self, record: PlanRecord, action: str) -> bool | None:
        """False: the plan is ready to print; True: it is not and the therapist chose a copy marked
        DRAFT ("Print as draft"); None: they cancelled (see ``careplan.ui.preview.print_as_draft``)."""
        from careplan.ui.preview import print_as_draft

        return print_as_draft(self, record, self.library, self.settings.clinic_details(), self.today(), action)

    def _chosen_audience(self, record: PlanRecord) -> tuple[Audience, bool]:
        """The audience last chosen in the preview, or the family handout when that one does not fit
        this person (a school handout for an adult)."""
        from careplan.core.audience import audience_misfit

        audience = Audience(self.state.get(WindowState.preview_audience))
        if audience_misfit(record.patient, audience) is not None:
            audience = Audience.FAMILY
        large = self.state.get(WindowState.preview_large_print) and audience is not Audience.CLINICIAN
        return audience, large

    def preview_handouts(self) -> Any:
        from careplan.ui.preview import HandoutPreviewDialog

        record = self.current_record()
        if record is None:
            return None
        dialog = HandoutPreviewDialog(
            record,
            self.library,
            self.settings.clinic_details(),
            self.settings.paper,
            self.state,
            self.paths.log_file,
            self,
            today=self.today,
            renderer=self._handout_renderer(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Ready to print: the panel's buttons go to the place to correct; the panel follows the edits.
        dialog.readiness.go_to.connect(lambda kind, index, field: self.go_to_problem(dialog, kind, index, field))
        self.editor.plan_changed.connect(dialog.plan_edited)
        self.plan_opened.connect(dialog.plan_opened)
        # Printing and saving from the preview are recorded like the main window's own.
        dialog.may_output = lambda what: self.actor(what) is not None
        dialog.handout_out.connect(lambda how, audience, large: self.audit_preview_output(dialog, how, audience, large))
        dialog.show()
        self.preview_dialog = dialog
        return dialog

    def audit_preview_output(self, dialog: Any, how: str, audience: Audience, large: bool) -> None:
        actor = self.actor("prints handouts" if how == "printed" else "saves handouts")
        if actor is None:
            return
        detail = handout_detail([(audience, large)])
        if how == "printed":
            self.audit_read(actor, Action.PRINTED, dialog.record, detail)
        else:
            self.audit_read(actor, Action.EXPORTED, dialog.record, detail + " (PDF)")

    def go_to_problem(self, dialog: Any, kind: str, index: int | None, field: str) -> Any:
        """Show the place a readiness problem names: the clinic's phone in Settings (the preview checks
        again), or the field in the editor (the preview closes: opened again, it checks afresh)."""
        if kind == "clinic":
            if self.open_settings("clinic"):
                dialog.set_clinic(self.settings.clinic_details())
            return None
        dialog.close()
        self.activateWindow()
        self.statusBar().showMessage("Correct it here, then preview the handouts again to check.", 10000)
        return self.editor.focus_field(kind, index, field)

    def save_handout_pdf(self) -> Path | None:
        from careplan.ui.preview import handout_file_name

        record = self.current_record()
        actor = self.actor("saves handouts") if record is not None else None
        draft = self._print_as_draft(record, "Save") if record is not None and actor is not None else None
        if record is None or actor is None or draft is None:
            return None
        audience, large = self._chosen_audience(record)
        path = FileDialogs.save_path(
            self,
            f"Save the {audience.label.lower()} handout as PDF",
            handout_file_name(record, audience, large),
            PDF_FILES,
        )
        if path is None:
            return None
        path = with_suffix(path, ".pdf")
        rendered = self._render(record, [(audience, large)], "Making the handout", draft=draft)
        if not rendered:
            return None
        try:
            write_file(path, rendered[0])  # type: ignore[arg-type]
        except Exception as exc:
            report(self, exc, self.paths.log_file)
            return None
        self.statusBar().showMessage(f"Saved the handout to {path}.", 8000)
        self.audit_read(actor, Action.EXPORTED, record, handout_detail([(audience, large)]) + " (PDF)")
        return path

    def print_handout(self) -> bool:
        from PySide6.QtCore import QBuffer, QByteArray
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrinter

        from careplan.ui.preview import PrintDialogs, page_size, print_pdf

        record = self.current_record()
        actor = self.actor("prints handouts") if record is not None else None
        draft = self._print_as_draft(record, "Print") if record is not None and actor is not None else None
        if record is None or actor is None or draft is None:
            return False
        audience, large = self._chosen_audience(record)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(page_size(self.settings.paper))
        if not PrintDialogs.ask(self, printer):
            return False
        rendered = self._render(record, [(audience, large)], "Preparing the handout for printing", draft=draft)
        if not rendered:
            return False
        buffer = QBuffer()
        buffer.setData(QByteArray(rendered[0]))  # type: ignore[arg-type]
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        try:
            pages = print_pdf(document, printer)
        except OSError as exc:
            report(self, UserError(f"Could not print: {exc}."), self.paths.log_file)
            return False
        finally:
            document.close()
            document.deleteLater()
        self.statusBar().showMessage(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.", 8000)
        self.audit_read(actor, Action.PRINTED, record, handout_detail([(audience, large)]))
        return True

    def export_handouts(self) -> list[Path] | None:
        record = self.current_record()
        actor = self.actor("saves handouts") if record is not None else None
        draft = self._print_as_draft(record, "Save") if record is not None and actor is not None else None
        if record is None or actor is None or draft is None:
            return None
        folder = FileDialogs.folder(self, "Choose a folder for the handouts")
        if folder is None:
            return None
        large = self.state.get(WindowState.preview_large_print)
        from careplan.core.audience import fitting_audiences

        fitting = fitting_audiences(record.patient)
        audiences = [(a, large and a is not Audience.CLINICIAN) for a in Audience if a in fitting]
        written = self._render(record, audiences, "Saving the handouts", folder, draft)
        if written is None:
            return None
        self.statusBar().showMessage(f"Saved {len(written)} handouts to {folder}.", 8000)
        self.audit_read(actor, Action.EXPORTED, record, handout_detail(audiences) + " (PDF, to a folder)")
        return written  # type: ignore[return-value]

    # ================================================================================== history

    def show_history(self) -> Any:
        from careplan.ui.history import HistoryDialog

        record = self.current_record()
        if record is None or record.plan_id is None:
            return None
        dialog = HistoryDialog(
            self.ops, record.plan_id, record.plan.title, self.library, self.editor_factory, self.state, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(lambda number: self.restore_revision(number, dialog))
        dialog.revision_opened.connect(self._revision_opened)
        dialog.show()
        self.history_dialog = dialog
        return dialog

    def _revision_opened(self, window: Any) -> None:
        """An old revision shown read-only is a plan opened: recorded with its number."""
        actor = self.actor("opens plans")
        if actor is not None:
            self.audit_read(actor, Action.OPENED, window.record, "read-only")

    def restore_revision(self, number: int, history: Any = None) -> bool:
        from careplan.services.plans import restore_revision

        record = self.current_record()
        actor = self.actor("restores revisions") if record is not None and record.plan_id is not None else None
        if record is None or record.plan_id is None or actor is None:
            return False
        if self.is_modified():
            choice = UnsavedChangesDialog.ask(self, self.plan_label())
            if choice == "cancel":
                return False
            if choice == "save" and not self.save():
                return False
            record = self.editor.record()
        plan_id, version = record.plan_id, record.version
        assert plan_id is not None
        try:
            result = self.ops.run_op(
                lambda s: recorded(
                    s,
                    actor,
                    Action.RESTORED,
                    restore_revision(s, plan_id, number, version, actor.name),
                    f"revision {number}",
                ),
                parent=self,
                changes={PLANS, PATIENTS},
                passthrough=(PlanConflict,),
                title="Not restored",
            )
        except PlanConflict as conflict:
            done = self._resolve_conflict(conflict, self._restored_copy(plan_id, number, record), "restore")
            if history is not None:
                history.reload()
            return done
        if not result.ok or result.value is None:
            return False
        restored = result.value
        self.drafts.delete(plan_id)
        self.show_record(restored)
        number_now = restored.revision.number if restored.revision else "?"
        self.statusBar().showMessage(f"Restored revision {number} as revision {number_now}.", 8000)
        self.plan_saved.emit(restored)
        if history is not None:
            history.reload()
        return True

    def _restored_copy(self, plan_id: int, number: int, current: PlanRecord) -> PlanRecord:
        """What "save as a copy" keeps after a refused restore: the old revision's plan."""
        from careplan.services.plans import load_revision

        result = self.ops.read(lambda s: load_revision(s, plan_id, number), parent=self)
        if result.ok and result.value is not None:
            return PlanRecord(result.value.plan, current.patient, plan_id, current.version)
        return current

    # ================================================================================== settings

    def open_settings(self, start_tab: str = "") -> bool:
        from careplan.storage.migrate import sqlite_file
        from careplan.ui.settings_dialog import Encryption, SettingsDialog

        encryption = Encryption(sqlite_file(self.ops.store.engine), self.change_encryption)
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
        from careplan.services.store import open_store
        from careplan.storage.db import sqlite_url

        if not self.close_plan():
            return False
        target = url or sqlite_url(self.paths.database)
        paths = self.paths
        try:
            store = run_with_progress(self, "Opening the database…", lambda _p: open_store(target, paths))
        except Exception as exc:
            report(self, exc, self.paths.log_file, "Cannot open that database")
            return False
        old, self.ops.store = self.ops.store, store
        old.close()
        self._show_database()
        self.reload_library()
        self.reload_lists()
        self.store_switched.emit(target)
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

        path = sqlite_file(self.ops.store.engine)
        if path is None or not self.close_plan():
            return None
        url, backups = self.ops.store.url, self.paths.backups
        convert = encrypt_database if encrypt else decrypt_database
        self.ops.store.close()
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
        if not self.maybe_keep_changes():
            event.ignore()
            return
        self.autosave_timer.stop()
        self.state.set(WindowState.main_geometry, self.saveGeometry())
        self.state.set(WindowState.main_state, self.saveState())
        self.state.sync()
        event.accept()
