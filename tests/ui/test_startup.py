"""Starting at once: the first page of the patient list read with sqlite3 alone (``storage.quick_read``),
shown by the first window (``ui.startup``) before the database layer is imported, then the main window
in its place; every database the light read cannot be sure of waits for the store instead."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from careplan.paths import AppPaths
from careplan.services.plans import PAGE_SIZE
from careplan.services.store import open_store
from careplan.settings import SETTINGS_FILENAME, Settings, save_settings, settings_from_dict
from careplan.storage import crypto, migrate
from careplan.storage.db import make_engine, sqlite_url
from careplan.storage.quick_read import read_first_page
from careplan.ui import startup
from careplan.ui.application import run_gui
from careplan.ui.main_window import MainWindow
from careplan.ui.plan_session import PlanSession
from careplan.ui.startup import MENU_TITLES, StartupWindow, quick_first_page

from support.db import pg_url_or_skip, reset_pg
from support.patients import build_patients
from ui_helpers import seed_plan

HEAVY = ("sqlalchemy.orm", "pydantic", "alembic", "reportlab")


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@pytest.fixture(autouse=True)
def _therapist_named(paths: AppPaths) -> None:
    """A therapist has named themselves (so the first-start question does not open)."""
    save_settings(paths.config, settings_from_dict({"therapist": {"name": "Jo Patel"}}))


def args(db: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(command=None, db=db)


def names_in(window: QWidget) -> list[str]:
    table = next(t for t in window.findChildren(QTableView) if t.accessibleName() == "Patients")
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def start(
    paths: AppPaths, db: str | None = None, first: Any = None, main: Any = None
) -> tuple[int, list[Any], list[Any]]:
    """Run the desktop program until the main window is ready; what painted the first page, and the
    main window's list (names), as each was seen."""
    painted: list[Any] = []
    ready: list[Any] = []

    def on_first_page(window: QWidget) -> None:
        painted.append((type(window).__name__, names_in(window)))
        if first is not None:
            first(window)

    def on_ready(window: MainWindow) -> None:
        ready.append((names_in(window), window.patients.patient_model.total, window.isVisible()))
        if main is not None:
            main(window)
        QTimer.singleShot(0, window.close)

    code = run_gui(args(db), paths, on_first_page=on_first_page, on_ready=on_ready)
    return code, painted, ready


# --- the light read equals the store's ------------------------------------------------------------


# --- what the light read leaves to the store -------------------------------------------------------


def _old_schema(path: Path) -> None:
    """A database at the migration before this build's newest one (what an update finds)."""
    from alembic import command

    engine = make_engine(sqlite_url(path))
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            previous = migrate.head_revision()
            from alembic.script import ScriptDirectory

            down = ScriptDirectory.from_config(cfg).get_revision(previous).down_revision
            command.upgrade(cfg, str(down))
    finally:
        engine.dispose()


def test_a_database_needing_migration_is_migrated_before_its_list_shows(
    qtbot: Any, dialogs: Any, paths: AppPaths
) -> None:
    _old_schema(paths.database)
    assert read_first_page(paths.database, PAGE_SIZE) is None
    code, painted, ready = start(paths)
    assert code == 0
    # No light list: the main window painted the list, after the store migrated the file.
    assert painted == [("MainWindow", [])]
    assert ready == [([], 0, True)]
    with sqlite3.connect(paths.database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrate.HEAD,)]


def test_a_newer_database_is_refused_by_the_store_as_before(qtbot: Any, dialogs: Any, paths: AppPaths) -> None:
    newer = paths.data / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute("create table alembic_version (version_num varchar(32) primary key)")
        conn.execute("insert into alembic_version values ('9999_from_the_future')")
    dialogs.answer("database", "quit")
    code, painted, ready = start(paths, sqlite_url(newer))
    assert (code, painted, ready) == (1, [], [])
    ((text,),) = dialogs.of("database")
    assert "newer version of Careplan" in text
    with sqlite3.connect(newer) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_from_the_future",)]


def test_an_encrypted_database_waits_for_the_store(qtbot: Any, dialogs: Any, paths: AppPaths, store: Any) -> None:
    seed_plan(store)
    store.close()
    crypto.encrypt_database(paths.database, paths.backups)
    assert read_first_page(paths.database, PAGE_SIZE) is None
    code, painted, ready = start(paths)
    assert code == 0
    assert [kind for kind, _names in painted] == ["MainWindow"]
    assert len(ready) == 1 and ready[0][1] == 1


@pytest.mark.postgres
def test_a_postgresql_database_waits_for_the_store(qtbot: Any, dialogs: Any, paths: AppPaths) -> None:
    url = pg_url_or_skip()
    reset_pg(url)
    assert quick_first_page(paths, url, PAGE_SIZE) is None
    store = open_store(url, paths)
    try:
        seed_plan(store)
    finally:
        store.close()
    code, painted, ready = start(paths, url)
    assert code == 0
    assert [kind for kind, _names in painted] == ["MainWindow"]
    assert ready[0][1] == 1 and len(ready[0][0]) == 1


# --- which database ---------------------------------------------------------------------------------


def test_the_light_read_chooses_the_database_the_store_would(paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = paths.data / "chosen.sqlite3"
    build_patients(chosen, 3)
    open_store(sqlite_url(paths.database), paths).close()  # the default file: empty
    settings_file = paths.config / SETTINGS_FILENAME

    save_settings(paths.config, Settings(database_url=sqlite_url(chosen)))
    first = quick_first_page(paths, None, PAGE_SIZE)
    assert first is not None and (first.path, first.total) == (chosen, 3)
    monkeypatch.setenv("CAREPLAN_DB", sqlite_url(paths.database))  # CAREPLAN_DB beats the settings
    first = quick_first_page(paths, None, PAGE_SIZE)
    assert first is not None and first.total == 0
    first = quick_first_page(paths, sqlite_url(chosen), PAGE_SIZE)  # --db beats both
    assert first is not None and first.total == 3
    monkeypatch.delenv("CAREPLAN_DB")
    for unreadable in (b"{not json", b'{"database_url": 5}'):
        settings_file.write_bytes(unreadable)
        assert quick_first_page(paths, None, PAGE_SIZE) is None  # the usual start says what is wrong
    monkeypatch.setenv("CAREPLAN_DB", "sqlite:///" + str(chosen) + "?timeout=5")  # options: only the store
    assert quick_first_page(paths, None, PAGE_SIZE) is None


# --- the first window and the main window ------------------------------------------------------------


def test_the_main_window_takes_the_first_windows_place_with_the_same_list(
    qtbot: Any, dialogs: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A clinic desktop's 1366x768 screen (the offscreen platform's own is 800x600, where both windows are
    # shrunk to fit and the main window's editor area takes a different share of the width).
    from PySide6.QtCore import QRect

    from careplan.ui import screen

    monkeypatch.setattr(screen, "available", lambda widget: QRect(0, 0, 1366, 728))
    build_patients(paths.database, 450)
    where: list[Any] = []

    def first(window: QWidget) -> None:
        assert isinstance(window, StartupWindow)
        where.append((_table_position(window), [a.text() for a in window.menuBar().actions()]))

    def main(window: MainWindow) -> None:
        where.append((_table_position(window), [a.text() for a in window.menuBar().actions()]))

    code, painted, ready = start(paths, first=first, main=main)
    assert code == 0
    ((kind, first_names),) = painted
    ((main_names, total, visible),) = ready
    assert kind == "StartupWindow" and visible and total == 450
    assert len(first_names) == PAGE_SIZE and main_names[:PAGE_SIZE] == first_names
    (first_at, first_menus), (main_at, main_menus) = where
    # Nothing moves when the main window takes over: the list is where it was, the menus are the same.
    assert first_at == main_at
    assert first_menus == main_menus == list(MENU_TITLES)


def _table_position(window: QWidget) -> tuple[int, int, int, int]:
    table = next(t for t in window.findChildren(QTableView) if t.accessibleName() == "Patients")
    top_left = table.mapTo(window, QPoint(0, 0))
    return top_left.x(), top_left.y(), table.width(), table.height()


def test_a_patient_chosen_in_the_first_window_is_opened_by_the_main_window(
    qtbot: Any, dialogs: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_patients(paths.database, 30)
    opened: list[int] = []
    monkeypatch.setattr(PlanSession, "open_patient", lambda self, patient: opened.append(patient.id) or True)
    chosen: list[int] = []

    def first(window: QWidget) -> None:
        assert isinstance(window, StartupWindow)
        table = window.patients.patient_table
        table.setCurrentIndex(table.model().index(2, 0))
        qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter on the third patient: opened once the store is open
        chosen.append(window.chosen or 0)
        assert "as soon as the database is open" in window.statusBar().currentMessage()

    selected: list[Any] = []

    def ready(window: MainWindow) -> None:
        selected.append(window.patients.selected_patient())
        QTimer.singleShot(50, window.close)

    assert run_gui(args(), paths, on_first_page=first, on_ready=ready) == 0
    assert chosen and chosen[0] and selected[0] is not None and selected[0].id == chosen[0]
    assert opened == chosen


def test_enter_in_the_search_of_the_first_window_opens_the_first_patient_the_search_finds(
    qtbot: Any, dialogs: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_patients(paths.database, 30)
    opened: list[Any] = []
    monkeypatch.setattr(PlanSession, "open_patient", lambda self, patient: opened.append(patient) or True)
    wanted: list[str] = []

    def first(window: QWidget) -> None:
        assert isinstance(window, StartupWindow)
        names = names_in(window)
        wanted.append(names[7].split(",")[0])  # not the top row's family name
        assert names[0].split(",")[0] != wanted[0]
        qtbot.keyClicks(window.patients.search, wanted[0])
        qtbot.keyClick(window.patients.search, Qt.Key.Key_Return)
        assert window.wants_first_match and window.chosen is None

    def ready(window: MainWindow) -> None:
        QTimer.singleShot(100, window.close)

    assert run_gui(args(), paths, on_first_page=first, on_ready=ready) == 0
    assert len(opened) == 1 and opened[0].family_name == wanted[0]


def test_new_patient_pressed_in_the_first_window_is_done_by_the_main_window(
    qtbot: Any, dialogs: Any, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_patients(paths.database, 3)
    asked: list[bool] = []
    monkeypatch.setattr(PlanSession, "new_patient", lambda self: asked.append(True) or True)

    def first(window: QWidget) -> None:
        assert isinstance(window, StartupWindow)
        button = next(b for b in window.findChildren(QPushButton) if b.accessibleName() == "New patient")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.wants_new_patient and not asked

    def ready(window: MainWindow) -> None:
        QTimer.singleShot(50, window.close)

    assert run_gui(args(), paths, on_first_page=first, on_ready=ready) == 0
    assert asked == [True]


def test_the_search_typed_in_the_first_window_is_applied_by_the_main_window(
    qtbot: Any, dialogs: Any, paths: AppPaths
) -> None:
    build_patients(paths.database, 30)
    first_names: list[str] = []
    seen: list[Any] = []

    def first(window: QWidget) -> None:
        assert isinstance(window, StartupWindow)
        first_names.extend(names_in(window))
        qtbot.keyClicks(window.patients.search, first_names[4].split(",")[0])
        # Until the store is open the list stays as it is (not emptied, not filtered on one page only).
        assert names_in(window) == first_names
        assert window.patients.patient_count.text() == "30 patients"
        assert window.statusBar().currentMessage() == "Searching as soon as the database is open…"

    def ready(window: MainWindow) -> None:
        seen.append((window.patients.search.text(), window.patients.patient_model.query))
        QTimer.singleShot(0, window.close)

    assert run_gui(args(), paths, on_first_page=first, on_ready=ready) == 0
    family = first_names[4].split(",")[0]
    assert seen == [(family, family)]


def test_closing_the_first_window_ends_the_program(qtbot: Any, dialogs: Any, paths: AppPaths) -> None:
    build_patients(paths.database, 5)
    readies: list[Any] = []

    def first(window: QWidget) -> None:
        window.close()

    assert run_gui(args(), paths, on_first_page=first, on_ready=readies.append) == 0
    assert readies == []


# --- nothing heavy before the list is painted ----------------------------------------------------------

_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from careplan import app as careplan_app
from careplan.ui import application

def painted(window):
    heavy = json.dumps([m for m in %r if m in sys.modules], separators=(",", ":"))
    print("PAINTED", type(window).__name__, heavy, window.patients.patient_model.rowCount(), flush=True)

def ready(window):
    print("READY", json.dumps([m for m in %r if m in sys.modules], separators=(",", ":")), flush=True)
    QTimer.singleShot(0, window.close)

run_gui = application.run_gui
application.run_gui = lambda args, paths: run_gui(args, paths, on_first_page=painted, on_ready=ready)
sys.exit(careplan_app.main([]))
"""


def test_the_list_is_painted_before_sqlalchemy_orm_pydantic_alembic_or_reportlab_is_imported(
    paths: AppPaths, tmp_path: Path
) -> None:
    build_patients(paths.database, 12)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("CAREPLAN_DB", None)
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE % (HEAVY, HEAVY)], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    lines = {line.split(" ", 1)[0]: line.split(" ")[1:] for line in proc.stdout.splitlines()}
    kind, heavy, rows = lines["PAINTED"]
    assert (kind, json.loads(heavy), int(rows)) == ("StartupWindow", [], 12)
    # The proof can fail: by the time the main window works, the database layer is there.
    assert "sqlalchemy.orm" in json.loads(lines["READY"][0])


def test_the_first_window_shows_the_list_and_its_count_with_menus_greyed_out(qtbot: Any, paths: AppPaths) -> None:
    build_patients(paths.database, 3)
    first = read_first_page(paths.database, PAGE_SIZE)
    assert first is not None
    window = StartupWindow(first, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.painted_once)
    assert names_in(window) == [f"{p.family_name}, {p.given_name}" for p in first.patients]
    assert [a.isEnabled() for a in window.menuBar().actions()] == [False] * len(MENU_TITLES)
    assert window.patients.patient_count.text() == "3 patients"
    assert window.patients.reviews_empty.text() == startup.OPENING  # not "no reviews due": not read yet
    qtbot.keyClick(window.patients.patient_table, Qt.Key.Key_Down)
    selected = window.patients.selected_patient()
    assert selected is not None and selected.id == first.patients[0].id
