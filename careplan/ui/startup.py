"""The first window: the patient list painted before the database layer is imported.

Importing SQLAlchemy, Alembic, pydantic and the rest of the program takes most of a second; a
therapist should see their patients at once.  So on a plain SQLite database (the default) the
desktop program first shows this window: the same frame as the main window (title, menu bar,
toolbar, docks, status bar, restored to the same size and layout) with the first page of the
patient list read by ``storage.quick_read`` (the standard library's ``sqlite3``, read-only).
Meanwhile the rest loads in the background and the database opens properly (schema check,
migration, backups); then the main window takes this one's place with the same list, the search
typed so far and the patient chosen, and this window closes.  Until then nothing can be opened or
changed: the search box takes typing, and a patient chosen is opened once the main window is there.

Anything the light read cannot be sure of (PostgreSQL, an encrypted file, an older or newer
schema, a damaged or locked file, an unreadable settings file) gives no first window: the program
starts as before and the store says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStyle,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careplan.core.summaries import PatientSummary
from careplan.paths import AppPaths
from careplan.storage.quick_read import FirstPage, plain_sqlite_file, read_first_page
from careplan.ui.models import ItemRole, PatientFilterProxyModel, PatientTableModel
from careplan.ui.state import WindowState
from careplan.ui.widgets import named

#: The main window's menus, in order (a test holds them to ``MainWindow``'s menu bar), shown
#: greyed out so the list does not move when the real ones arrive.
MENU_TITLES = ("&File", "&Edit", "&Plan", "&View", "&Help")

#: The settings file's name (``careplan.settings.SETTINGS_FILENAME``, which imports pydantic; a test holds
#: the two together).
SETTINGS_FILENAME = "settings.json"

#: What the status bar says until the database is open (the main window says the same).
OPENING = "Opening the database…"


def settings_database(config_folder: Path) -> tuple[bool, str | None]:
    """(readable, database address) from the settings file, with ``json`` alone.

    Only the address is needed to show the list; the settings are read and checked in full
    (pydantic) in the background.  A file that is not JSON, or whose address is not text, is
    (False, None): the program then starts the usual way and says what is wrong with it.
    """
    try:
        raw = (config_folder / SETTINGS_FILENAME).read_bytes()
    except FileNotFoundError:
        return True, None
    except OSError:
        return False, None
    try:
        data = json.loads(raw)
    except ValueError:
        return False, None
    url = data.get("database_url") if isinstance(data, dict) else None
    if url is not None and not isinstance(url, str):
        return False, None
    return True, url or None


def quick_first_page(paths: AppPaths, cli_url: str | None, limit: int) -> FirstPage | None:
    """The first page of the list read the light way, or None when only the store can read it.

    The database is the one ``services.store.resolve_url`` chooses: ``--db``, then ``CAREPLAN_DB``,
    then the settings, then the file in the data folder."""
    url = cli_url or os.environ.get("CAREPLAN_DB") or None
    if url is None:
        readable, url = settings_database(paths.config)
        if not readable:
            return None
    if url is None:
        return read_first_page(paths.database, limit)
    path = plain_sqlite_file(url)
    return read_first_page(path, limit) if path is not None else None


class _FirstPageSource:
    """The list's rows until the store is open: the page read at start (later pages wait for the store)."""

    def __init__(self, first: FirstPage) -> None:
        self.first = first

    def page(self, query: str, after: tuple[str, int] | None, limit: int, descending: bool) -> list[PatientSummary]:
        if query.strip() or after is not None or descending:
            return []
        return self.first.patients[:limit]

    def count(self, query: str) -> int:
        return 0 if query.strip() else self.first.total


class _PaintWatch(QObject):
    """Tells once that the list has been painted (its rows are on screen, not merely laid out)."""

    def __init__(self, window: StartupWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.window.painted_once:
            self.window.painted_once = True
            # After this paint, so the rows are on screen before anything else starts.
            QTimer.singleShot(0, self.window.list_painted.emit)
        return False


class StartupWindow(QMainWindow):
    """The main window's frame with the first page of the patient list (see the module's docstring)."""

    #: The first page of the list has been painted.
    list_painted = Signal()
    #: The user closed the window (before the main window took its place).
    closed = Signal()

    def __init__(self, first: FirstPage, state: WindowState, today: dt.date | None = None) -> None:
        super().__init__()
        self.first = first
        self.painted_once = False
        #: The patient chosen (Enter, double click, Open plan) before the main window was ready.
        self.chosen: int | None = None
        self.setWindowTitle("Careplan")
        named(self, "Careplan")
        for title in MENU_TITLES:
            self.menuBar().addMenu(title).setEnabled(False)
        self._build_toolbar()
        self._build_lists(first, today or dt.date.today())
        self.setCentralWidget(QWidget())
        self.statusBar().addPermanentWidget(named(QLabel(OPENING), "Database in use"))
        geometry = state.get(WindowState.main_geometry)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 760)
        layout = state.get(WindowState.main_state)
        if not layout.isEmpty():
            self.restoreState(layout)
        self.patient_table.viewport().installEventFilter(_PaintWatch(self))

    def _build_toolbar(self) -> None:
        """As tall as the main window's (its buttons have an icon beside the text, and a text box)."""
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setEnabled(False)
        button = QToolButton()
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        button.setText("Careplan")
        margin = toolbar.layout().contentsMargins().top()
        toolbar.setMinimumHeight(max(button.sizeHint().height(), QLineEdit().sizeHint().height()) + 2 * margin)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_lists(self, first: FirstPage, today: dt.date) -> None:
        self.patient_model = PatientTableModel(self)
        self.patient_model.attach(_FirstPageSource(first), today)
        self.patient_proxy = PatientFilterProxyModel(self)
        self.patient_proxy.setSourceModel(self.patient_model)
        self.search = named(
            QLineEdit(), "Search patients", "Type part of a name, a date of birth such as 14/03/2016, or an identifier"
        )
        self.search.setPlaceholderText("Name, date of birth (14/03/2016) or identifier")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._choose_first)
        table = self.patient_table = named(QTableView(), "Patients")
        table.setModel(self.patient_proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicator(PatientTableModel.NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        metrics = self.fontMetrics()
        for column, sample, pad in (
            (PatientTableModel.NAME, "Nguyễn-Ní Bhriain, Łukasz", 16),
            (PatientTableModel.BORN, "30 Sep 2016", 24),
            (PatientTableModel.IDENTIFIER, "943 476 5919", 24),
            (PatientTableModel.PLANS, "Plans", 28),
            (PatientTableModel.NEXT_REVIEW, "30 Sep 2027 (overdue)", 16),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + pad)
        table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
        table.activated.connect(self._choose)

        count = self.patient_count = named(QLabel(_count_text(first.total)), "Number of patients shown")
        search_label = QLabel("&Find:")
        search_label.setBuddy(self.search)
        open_button = named(QPushButton("Open &plan"), "Open the selected patient's plan")
        open_button.clicked.connect(lambda: self._choose(table.currentIndex()))
        new_button = named(QPushButton("&New patient…"), "New patient")
        new_button.setEnabled(False)
        patients = QWidget()
        layout = QVBoxLayout(patients)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        layout.addWidget(table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(count, 1)
        buttons.addWidget(open_button)
        buttons.addWidget(new_button)
        layout.addLayout(buttons)
        self.patients_dock = self._dock("Patients", "patients_dock", patients)
        reviews = QLabel(OPENING)
        reviews.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        reviews.setContentsMargins(6, 6, 6, 6)
        self.reviews_dock = self._dock("Reviews due", "reviews_dock", reviews)
        extra = table.verticalScrollBar().sizeHint().width() + 20
        self.resizeDocks([self.patients_dock], [header.length() + extra], Qt.Orientation.Horizontal)
        self.resizeDocks([self.patients_dock, self.reviews_dock], [440, 220], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    def first_names(self) -> list[str]:
        """The names the list shows, top to bottom (for the start-up benchmark's check)."""
        model = self.patient_proxy
        return [model.index(row, PatientTableModel.NAME).data() for row in range(model.rowCount())]

    def _choose(self, index: Any) -> None:
        patient = index.data(ItemRole) if index.isValid() else None
        if isinstance(patient, PatientSummary):
            self.chosen = patient.id
            self.statusBar().showMessage(f"Opening {patient.full_name} as soon as the database is open…")

    def _choose_first(self) -> None:
        if not self.search.text().strip():
            self._choose(self.patient_table.currentIndex())

    def selected_patient_id(self) -> int | None:
        patient = self.patient_table.currentIndex().data(ItemRole)
        return patient.id if isinstance(patient, PatientSummary) else None


def _count_text(total: int) -> str:
    return f"{total} patient{'s' if total != 1 else ''}"
