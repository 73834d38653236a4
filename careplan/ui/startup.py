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

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QStyle, QToolBar, QWidget

from careplan.core.summaries import PatientSummary
from careplan.paths import AppPaths
from careplan.settings import SETTINGS_FILENAME
from careplan.storage.quick_read import FirstPage, plain_sqlite_file, read_first_page
from careplan.ui.ops import Ops
from careplan.ui.patient_pane import PatientPane
from careplan.ui.state import WindowState
from careplan.ui.widgets import named

#: The main window's menus, in order (a test holds them to ``MainWindow``'s menu bar), shown
#: greyed out so the list does not move when the real ones arrive.
MENU_TITLES = ("&File", "&Edit", "&Plan", "Vie&w", "&Help")

#: What the status bar says until the database is open (the main window says the same).
OPENING = "Opening the database…"


def settings_database(config_folder: Path) -> tuple[bool, str | None]:
    """(readable, database address) from the settings file, with ``json`` alone.

    Only the address is needed to show the list; the settings are read and checked in full
    (``careplan.settings.load_settings``: pydantic for a new or changed file) in the background.
    A file that is not JSON, or whose address is not text, is (False, None): the program then
    starts the usual way and says what is wrong with it.
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
    """The list's rows until the store is open: the page read at start.  A search typed meanwhile leaves
    them as they are (the main window runs it, in SQL, once the store is open); later pages wait too."""

    def __init__(self, first: FirstPage) -> None:
        self.first = first

    def page(self, query: str, after: tuple[str, int] | None, limit: int, descending: bool) -> list[PatientSummary]:
        if after is not None or descending:
            return []
        return self.first.patients[:limit]

    def count(self, query: str) -> int:
        return self.first.total


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
    """The main window's frame with the first page of the patient list (see the module's docstring).

    The lists are the main window's own pane (``PatientPane``), so they look and behave the same;
    what the user chooses here is kept (``chosen``, ``wants_first_match``, ``wants_new_patient``) and done
    by the main window."""

    #: The first page of the list has been painted.
    list_painted = Signal()
    #: The user closed the window (before the main window took its place).
    closed = Signal()

    def __init__(self, first: FirstPage, paths: AppPaths, today: dt.date | None = None) -> None:
        super().__init__()
        self.painted_once = False
        #: The patient chosen (Enter, double click, Open plan) before the main window was ready.
        self.chosen: int | None = None
        #: New patient… was pressed before the main window was ready.
        self.wants_new_patient = False
        #: Enter was pressed in the search box: the main window opens the first patient the search finds.
        self.wants_first_match = False
        self.setWindowTitle("Careplan")
        named(self, "Careplan")
        for title in MENU_TITLES:
            self.menuBar().addMenu(title).setEnabled(False)
        self._build_toolbar()
        day = today or dt.date.today()
        self.patients = PatientPane(self, Ops(None, paths.log_file), lambda: day)
        self.patients.show_first_page(_FirstPageSource(first), day)
        self.patients.reviews_empty.setText(OPENING)
        self.patients.reviews_pages.setCurrentWidget(self.patients.reviews_empty)
        # Sorting and searching need the store: the header's order stays (as the main window shows it
        # first), and a search typed is kept for the main window.
        self.patients.patient_table.horizontalHeader().setSectionsClickable(False)
        self.patients.search.textChanged.connect(self._search_typed)
        self.patients.patient_chosen.connect(self._choose)
        # After the pane's own handler (which chose the top row of this unfiltered list): the first match.
        self.patients.search.returnPressed.connect(self._choose_first_match)
        self.patients.new_patient_requested.connect(self._new_patient)
        self.setCentralWidget(QWidget())
        self.statusBar().addPermanentWidget(named(QLabel(OPENING), "Database in use"))
        WindowState(paths.config).restore_main_window(self)
        self.patients.patient_table.viewport().installEventFilter(_PaintWatch(self))
        self.patients.search.setFocus()

    def _build_toolbar(self) -> None:
        """Empty and greyed out, as tall as the main window's (buttons with an icon beside the text, and
        the change note's text box), so the list does not move when the main window takes over."""
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setEnabled(False)
        probe = QToolBar()
        probe.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        probe.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton), "Save")
        probe.addWidget(QLineEdit())
        toolbar.setMinimumHeight(probe.sizeHint().height())
        probe.deleteLater()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    def _search_typed(self, text: str) -> None:
        if text.strip():
            self.statusBar().showMessage("Searching as soon as the database is open…")
        else:
            self.statusBar().clearMessage()

    def _choose(self, patient: PatientSummary) -> None:
        self.chosen, self.wants_new_patient, self.wants_first_match = patient.id, False, False
        self.statusBar().showMessage(f"Opening {patient.full_name} as soon as the database is open…")

    def _choose_first_match(self) -> None:
        if self.patients.search.text().strip():
            self.chosen, self.wants_new_patient, self.wants_first_match = None, False, True
            self.statusBar().showMessage("Opening the first patient found as soon as the database is open…")

    def _new_patient(self) -> None:
        self.chosen, self.wants_new_patient, self.wants_first_match = None, True, False
        self.statusBar().showMessage("The new patient form opens as soon as the database is open…")
