"""Starting the desktop program: the first page of the patient list at once (``ui.startup``, on a plain
SQLite file), then settings, library and the rest of the program in the background, the database opened
on a worker thread, and the main window in the first window's place."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from careplan.paths import AppPaths
from careplan.ui.messages import DatabaseProblemDialog, Notice

# Imported when used: the first window is shown before the rest of the program is imported.
if TYPE_CHECKING:
    from careplan.core.library import Library, LibraryGoal, LibraryIntervention
    from careplan.services.plans import PatientSummary, PlanSummary
    from careplan.services.store import Store
    from careplan.settings import Settings
    from careplan.ui.main_window import MainWindow
    from careplan.ui.ops import Progress, Task
    from careplan.ui.startup import StartupWindow

log = logging.getLogger(__name__)

ORGANIZATION = "Careplan"
APPLICATION = "Careplan"

#: Exception types whose message comes from code, never from a patient's data: logged in full.
_CODE_MESSAGES = (AttributeError, TypeError, NameError, ImportError, AssertionError, NotImplementedError)


def describe_for_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A traceback for the log, without the exception's message where it could hold patient data."""
    lines = traceback.format_tb(tb)
    message = f": {exc}" if isinstance(exc, _CODE_MESSAGES) else " (message withheld: it may hold patient data)"
    return "".join(lines) + f"{exc_type.__module__}.{exc_type.__qualname__}{message}"


def make_excepthook(paths: AppPaths, parent: Callable[[], QWidget | None] = lambda: None) -> Any:
    """An excepthook that logs the failure and tells the user where the details are."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error\n%s", describe_for_log(exc_type, exc, tb))
        if showing:
            return
        showing = True
        try:
            Notice.error(
                parent(),
                "Something went wrong",
                "Careplan hit an unexpected problem. Your open plan is still here and a safety copy of "
                f"unsaved changes is kept every minute. The details are in {paths.log_file}",
            )
        except Exception:  # pragma: no cover - never let the hook itself fail loudly
            sys.__excepthook__(exc_type, exc, tb)
        finally:
            showing = False

    return hook


def make_application() -> QApplication:
    """The QApplication, named Careplan (an existing one, such as a test runner's, is named too)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    from careplan import __version__

    app.setApplicationVersion(__version__)
    return app


class Splash(QLabel):
    """A first sign of life within a fraction of a second, while the rest loads.

    A plain frameless label rather than QSplashScreen, whose ``show()`` waits up to a
    second for the window system to confirm the window is on screen.
    """

    def __init__(self) -> None:
        super().__init__(
            "<div style='font-size:22pt; font-weight:bold'>Careplan</div><div>Opening your patients…</div>"
        )
        self.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setStyleSheet("QLabel { background: #1f5f7a; color: white; padding: 24px 32px; }")
        self.setAccessibleName("Careplan is starting")
        self.setMinimumWidth(380)

    def finish(self, window: QWidget) -> None:
        self.close()
        self.deleteLater()


def show_splash() -> Splash:
    splash = Splash()
    splash.show()
    QApplication.processEvents()
    return splash


def load_settings_or_defaults(paths: AppPaths) -> Settings:
    from careplan.settings import Settings, SettingsError, load_settings

    try:
        return load_settings(paths.config)
    except SettingsError as exc:
        log.warning("settings file unreadable; using the defaults")
        Notice.error(None, "Settings not read", f"{exc}\n\nCareplan starts with the default settings for now.")
        return Settings()


@dataclass
class FirstLook:
    """What the window shows first, read on the worker thread that opened the database."""

    store: Store
    patients: list[PatientSummary]
    due: list[PlanSummary]
    own_items: list[LibraryIntervention]
    own_goals: list[LibraryGoal]
    today: dt.date


def open_and_read(url: str, paths: AppPaths, today: dt.date) -> FirstLook:
    """Open (migrate) the database and read what the window needs first: for a worker thread.
    The window reads the patient list and the reviews due itself, a page at a time."""
    from careplan.services.library import own_entries
    from careplan.services.store import open_database

    store = open_database(paths, url)
    try:
        with store.reads.begin() as session:
            patients: list[PatientSummary] = []
            due: list[PlanSummary] = []
            items, goals = own_entries(session)
    except BaseException:
        store.close()
        raise
    return FirstLook(store, patients, due, items, goals, today)


def _opener(
    paths: AppPaths, chosen_url: str | None, settings_url: str | None = None
) -> Callable[[Progress], FirstLook]:
    """Work for a worker thread: which database (``--db`` beats ``CAREPLAN_DB`` beats the settings,
    as ``services.store.resolve_url`` says), then open it and read the first lists.  Importing the
    database layer happens there too, off the GUI thread."""

    def work(_progress: Progress) -> FirstLook:
        from careplan.services.store import resolve_url
        from careplan.settings import env_database_url

        url = resolve_url(chosen_url, env_database_url(), settings_url, paths)
        return open_and_read(url, paths, dt.date.today())

    return work


def _named_or_none(settings: Settings) -> Any:
    """The therapist in the settings, to record a restore made before the window opens (None: no name yet)."""
    from careplan.services.audit import Actor
    from careplan.services.errors import UserError

    try:
        return Actor.named(settings.therapist.name, settings.therapist.role)
    except UserError:
        return None


def open_store_interactively(
    paths: AppPaths,
    settings: Settings,
    cli_url: str | None = None,
    started: Task | None = None,
    parent: QWidget | None = None,
) -> tuple[FirstLook | None, Settings]:
    """Open the database on a worker thread (a progress window shows if it is slow).

    ``started``: the opening already under way (run_gui starts it before building the
    window, so both happen at once).  When the database cannot be opened: say why, and
    offer Settings to choose another one.  Returns (None, settings) when the user gives up.
    """
    from careplan.settings import SettingsError, save_settings
    from careplan.storage.db import sqlite_url
    from careplan.ui.ops import Cancelled, Task, explain, wait_for

    task = started
    opener = _opener(paths, cli_url, settings.database_url)
    chosen_url: str | None = None  # once Settings chose a database, that one
    while True:
        if task is None:
            task = Task(opener).start()
        try:
            # Cancel stops waiting at once (a server that does not answer); a database that opens
            # after all is closed again.
            task.on_abandoned = lambda first: first.store.close()
            return wait_for(parent, "Opening the database…", task, cancellable=True), settings
        except Cancelled:
            task = None
            log.info("opening the database was cancelled")
            choice = "settings"
        except Exception as exc:
            task = None
            _title, text, expected = explain(exc, paths.log_file)
            if expected:
                log.warning("cannot open the database: %s", type(exc).__name__)
            else:
                log.error("unexpected failure opening the database", exc_info=(type(exc), exc, exc.__traceback__))
            from careplan.storage.faults import COMMAND_LINE_RESTORE, DatabaseDamaged

            # The dialog has its own Restore button: no command lines for a desktop user.
            text = text.replace(COMMAND_LINE_RESTORE, "(Restore a backup…, below)")
            choice = DatabaseProblemDialog.ask(None, text, restore_first=isinstance(exc, DatabaseDamaged))
        if choice == "quit":
            return None, settings
        if choice == "retry":
            continue
        if choice == "restore":
            from careplan.services.store import resolve_url
            from careplan.settings import env_database_url
            from careplan.ui.backup_dialog import choose_and_restore

            url = chosen_url or resolve_url(cli_url, env_database_url(), settings.database_url, paths)
            choose_and_restore(parent, paths, url, _named_or_none(settings))
            continue
        from careplan.ui.settings_dialog import SettingsDialog

        chosen = SettingsDialog.ask(None, settings, paths, start_tab="database")
        if chosen is None:
            continue
        try:
            save_settings(paths.config, chosen)
        except (OSError, SettingsError) as exc:
            Notice.error(None, "Settings not saved", f"The settings could not be saved: {exc}")
        settings = chosen
        # The user's choice now beats --db and CAREPLAN_DB for this session.
        chosen_url = chosen.database_url or sqlite_url(paths.database)
        opener = _opener(paths, chosen_url)


def load_library_or_explain(paths: AppPaths, loaded: Library | BaseException | None = None) -> Library | None:
    """The shipped library (``loaded``: read already, in the background), kept checked in the cache folder
    (``services.library_cache``); when it cannot be read, say so and return None."""
    try:
        if isinstance(loaded, BaseException):
            raise loaded
        if loaded is not None:
            return loaded
        from careplan.services.library_cache import load_shipped_library

        return load_shipped_library(paths.cache)
    except Exception as exc:
        log.error("the shipped library cannot be read: %s", type(exc).__name__)
        Notice.error(
            None,
            "Careplan cannot start",
            f"The intervention library that comes with Careplan cannot be read, so plans cannot be built:\n\n{exc}\n\n"
            "Reinstall Careplan.",
        )
        return None


def _load_the_rest(paths: AppPaths) -> Library | BaseException:
    """Work for a worker thread while the first window shows: import the rest of the program (the
    database layer, pydantic, the main window) and read the shipped library from its cache.
    Returns the library, or why it cannot be read (said on the GUI thread)."""
    import careplan.services.store
    import careplan.settings
    import careplan.ui.main_window  # noqa: F401 - imported here, off the GUI thread
    from careplan.services.library_cache import load_shipped_library

    try:
        return load_shipped_library(paths.cache)
    except Exception as exc:
        return exc


def _show_first_window(
    paths: AppPaths, cli_url: str | None, on_first_page: Callable[[QWidget], None] | None
) -> tuple[StartupWindow | None, Library | BaseException | None]:
    """On a plain SQLite file: the first window with the first page of the list, then the rest of the
    program loaded in the background while it shows (it stays responsive).  (None, None) where the
    light read cannot be sure (``ui.startup``); _ClosedEarly when the user closed the first window meanwhile."""
    from PySide6.QtCore import QEventLoop

    from careplan.ui.models import PatientTableModel
    from careplan.ui.startup import StartupWindow, quick_first_page

    first = quick_first_page(paths, cli_url, PatientTableModel().page_size)
    if first is None:
        return None, None
    quick = StartupWindow(first, paths)
    loop = QEventLoop()
    work: list[Task] = []

    def load() -> None:
        if work:
            return
        from careplan.ui.ops import Task

        task = Task(lambda _progress: _load_the_rest(paths))
        task.finished.connect(loop.quit)
        task.failed.connect(loop.quit)
        work.append(task.start())

    if on_first_page is not None:
        quick.list_painted.connect(lambda: on_first_page(quick))
    # The rest loads once the list is on screen (a worker started before would slow the first paint).
    quick.list_painted.connect(load)
    quick.closed.connect(loop.quit)
    QTimer.singleShot(_LOAD_ANYWAY_MS, load)
    quick.show()
    loop.exec()
    if not quick.isVisible():
        # Closed before the main window was ready: let the loading finish, then stop.
        QThreadPool.globalInstance().waitForDone()
        raise _ClosedEarly
    task = work[0]
    if task.error is not None:
        raise task.error  # not a library problem (those are returned): the excepthook logs it
    return quick, task.result


def _take_over(quick: StartupWindow, window: MainWindow) -> None:
    """The main window takes the first window's place: same place, size and layout, the search typed so
    far, the patient selected; what the user chose meanwhile (a patient, New patient…) is done now."""
    if quick.isMaximized():
        window.showMaximized()
    else:
        window.setGeometry(quick.geometry())
    window.restoreState(quick.saveState())
    pane, early = window.patients, quick.patients
    if early.search.text():
        pane.search.setText(early.search.text())
    selected = early.selected_patient()
    pane.select_patient(selected.id if selected is not None else None)
    focus_on_list = early.patient_table.hasFocus()
    window.show()
    window.activateWindow()
    quick.hide()
    quick.deleteLater()
    (pane.patient_table if focus_on_list else pane.search).setFocus()
    if quick.wants_new_patient:
        QTimer.singleShot(0, window.session.new_patient)
    elif quick.wants_first_match:
        # As Enter in the search box does: the search runs, then the first patient it finds opens.
        QTimer.singleShot(0, pane.search.returnPressed.emit)
    elif quick.chosen is not None:
        pane.select_patient(quick.chosen)
        patient = pane.selected_patient()
        if patient is not None and patient.id == quick.chosen:
            QTimer.singleShot(0, lambda: window.session.open_patient(patient))


def _wait_a_moment(task: Task, ms: int) -> None:
    """Turn the event loop until ``task`` is done or ``ms`` have passed, without holding any window."""
    from PySide6.QtCore import QEventLoop

    if task.is_done:
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    task.failed.connect(loop.quit)
    timer = QTimer(loop)
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(ms)
    loop.exec()


class _ClosedEarly(Exception):
    """The user closed the first window before the main window was ready: the program ends."""


#: How long the first window waits for the database before the progress window shows.
_QUIET_WAIT_MS = 1000

#: Should the first window not be painted (minimised at start), the rest loads after this long anyway.
_LOAD_ANYWAY_MS = 500


def run_gui(
    args: argparse.Namespace,
    paths: AppPaths,
    *,
    on_ready: Callable[[MainWindow], None] | None = None,
    on_first_page: Callable[[QWidget], None] | None = None,
) -> int:
    """The desktop program; returns the exit status.  ``on_first_page``: called once the first page of the
    patient list is painted (by the first window, or by the main window where there is none);
    ``on_ready``: once the main window works (for tests and the start-up benchmark)."""
    app = make_application()
    from careplan.ui.collector import GuiThreadCollector

    collector = GuiThreadCollector(app)  # before any worker thread starts
    app.aboutToQuit.connect(collector.stop)
    paths.ensure()
    window_ref: list[QWidget] = []
    sys.excepthook = make_excepthook(paths, lambda: window_ref[0] if window_ref else None)
    cli_url = getattr(args, "db", None)

    try:
        quick, loaded = _show_first_window(paths, cli_url, on_first_page)
    except _ClosedEarly:
        return 0
    splash: Splash | None = None
    if quick is None:
        splash = show_splash()
    else:
        window_ref.append(quick)

    from careplan.settings import env_database_url
    from careplan.ui.ops import Task

    settings = load_settings_or_defaults(paths)
    # The database opens on a worker thread while this thread reads the library and builds the window.
    opening = Task(_opener(paths, cli_url, settings.database_url)).start()

    library = load_library_or_explain(paths, loaded)
    if library is None:
        for shown in (splash, quick):
            if shown is not None:
                shown.close()
        return 1

    from careplan.ui.main_window import MainWindow
    from careplan.ui.ops import Ops
    from careplan.ui.state import WindowState

    ops = Ops(None, paths.log_file)
    window = MainWindow(
        ops=ops,
        paths=paths,
        settings=settings,
        shipped=library,
        state=WindowState(paths.config),
        db_override=cli_url or env_database_url(),
    )
    window_ref.insert(0, window)
    if quick is None:
        # Shown at once, greyed out, while the database opens (a progress window shows if that is slow).
        window.setEnabled(False)
        window.show()
        assert splash is not None
        splash.finish(window)
    else:
        # The first window stays as it is (it takes typing) while the database opens; only an opening
        # that takes long brings the progress window (with Cancel) of open_store_interactively.
        _wait_a_moment(opening, _QUIET_WAIT_MS)
    first, settings = open_store_interactively(paths, settings, cli_url, opening, quick or window)
    if first is None:
        window.close()
        if quick is not None:
            quick.close()
        return 1
    window.settings = settings
    window.start_with(first.store, first.patients, first.due, first.own_items, first.own_goals, first.today)
    window.setEnabled(True)
    if quick is not None:
        _take_over(quick, window)
    else:
        window.patients.search.setFocus()
        if on_first_page is not None:
            QTimer.singleShot(0, lambda: on_first_page(window))
    # First start: who is using Careplan (asked before anything is recorded; it may be put off).
    QTimer.singleShot(0, window.session.first_start)
    QTimer.singleShot(0, window.session.offer_drafts)
    if on_ready is not None:
        on_ready(window)
    try:
        code = app.exec()
    finally:
        # Work still running on a worker thread (a handout being rendered) finishes before the database closes.
        QThreadPool.globalInstance().waitForDone(10_000)
        ops.store.close()
        log.info("desktop program closed")
    return code
