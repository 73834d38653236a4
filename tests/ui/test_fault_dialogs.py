"""Database faults in the desktop: the start-up dialog names the cause (not "an unexpected
problem"), a save into a read-only or full database says so, and nothing changes."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from careplan.services.plans import list_revisions
from careplan.services.store import open_store
from careplan.storage import db
from careplan.storage.db import sqlite_url
from careplan.ui.application import run_gui

from support.damage import FILE_FAULTS, RESTORE, snapshot
from ui_helpers import seed_plan


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def args(db_url: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(command=None, db=db_url)


def start_and_quit(dialogs: Any, paths: Any, db_url: str | None = None) -> str:
    """Start the desktop; it cannot open the database, shows why, and the user quits."""
    dialogs.answer("database", "quit")
    assert run_gui(args(db_url), paths) == 1
    ((text,),) = dialogs.of("database")
    assert "unexpected problem" not in text
    return str(text)


@pytest.mark.parametrize("fault", list(FILE_FAULTS))
def test_the_start_up_dialog_names_what_is_wrong_with_the_database_file(
    fault: str, qtbot: Any, dialogs: Any, paths: Any, store: Any
) -> None:
    seed_plan(store)
    store.close()
    damage, says = FILE_FAULTS[fault]
    damage(paths.database)
    before = snapshot(paths.data)
    text = start_and_quit(dialogs, paths)
    assert says.lower() in text.lower() and str(paths.database) in text and RESTORE in text.lower()
    assert snapshot(paths.data) == before


def test_a_zero_byte_database_is_not_opened_as_a_new_one(qtbot: Any, dialogs: Any, paths: Any) -> None:
    paths.database.write_bytes(b"")
    text = start_and_quit(dialogs, paths)
    assert "empty (0 bytes)" in text and "remove the file if this is a new installation" in text
    # The dialog has its own Restore button: the desktop user is not told to type commands.
    assert "(Restore a backup…, below)" in text and "careplan restore" not in text
    assert paths.database.read_bytes() == b""
    assert not paths.database.with_name("careplan.sqlite3-wal").exists()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp / "letter.txt", "is not a Careplan database"),
        (lambda tmp: tmp, "points at a folder"),
        (lambda tmp: tmp / "gone" / "careplan.sqlite3", "folder for the database does not exist"),
    ],
    ids=["a text file", "a folder", "a missing folder"],
)
def test_the_start_up_dialog_names_an_address_that_is_not_a_database(
    make: Callable[[Path], Path], says: str, qtbot: Any, dialogs: Any, paths: Any, tmp_path: Path
) -> None:
    (tmp_path / "letter.txt").write_text("Dear colleague,\n")
    before = snapshot(tmp_path)
    text = start_and_quit(dialogs, paths, sqlite_url(make(tmp_path)))
    assert says in text
    assert snapshot(tmp_path) == before


def test_an_unknown_kind_of_address_is_named(qtbot: Any, dialogs: Any, paths: Any) -> None:
    text = start_and_quit(dialogs, paths, "mongodb://clinic-server/careplan")
    assert "a kind of database Careplan does not know" in text


@pytest.fixture
def on_every_connection(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[sqlite3.Connection], None]], None]:
    def install(extra: Callable[[sqlite3.Connection], None], busy_timeout_s: float | None = None) -> None:
        original = db._sqlite_on_connect

        def connect(conn: sqlite3.Connection, record: Any, timeout: float) -> None:
            original(conn, record, timeout if busy_timeout_s is None else busy_timeout_s)
            extra(conn)

        monkeypatch.setattr(db, "_sqlite_on_connect", connect)

    return install


@pytest.fixture
def held_by_another_program(paths: Any, store: Any) -> Iterator[None]:
    seed_plan(store)
    store.close()
    other = sqlite3.connect(paths.database, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    yield
    other.execute("ROLLBACK")
    other.close()


def test_a_database_another_program_holds_is_named_at_start(
    qtbot: Any, dialogs: Any, paths: Any, held_by_another_program: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = db._sqlite_on_connect
    monkeypatch.setattr(db, "_sqlite_on_connect", lambda conn, record, _t: original(conn, record, 0.2))
    before = snapshot(paths.data)
    text = start_and_quit(dialogs, paths)
    assert "Another program is holding the database" in text and "backup tool" in text
    assert snapshot(paths.data) == before


def change_summary(qtbot: Any, window: Any) -> None:
    """A real edit, long enough that saving it needs new pages in the database file."""
    with qtbot.waitSignal(window.editor.plan_changed):
        window.editor.details_page.summary.setPlainText("Stretch the neck gently, left then right. " * 200)


def care_records(path: Path) -> list[str]:
    """Every row of every table but the activity log, read without changing the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [line for line in conn.iterdump() if "audit_events" not in line]
    finally:
        conn.close()


def save_refused(qtbot: Any, make_window: Any, dialogs: Any, paths: Any, store: Any, patch: Callable[[], None]) -> str:
    """Open the plan in a window whose database connections are ``patch``ed; a save is refused."""
    seeded = seed_plan(store)
    store.close()
    patch()
    faulty = open_store(sqlite_url(paths.database), paths)
    try:
        window = make_window(store=faulty)
        assert window.open_plan(seeded.plan_id)
        change_summary(qtbot, window)
        # Opening is recorded in the activity log (or, when the database refuses it, warned about once):
        # what the save does is measured from here.
        before = care_records(paths.database)
        warned = len(dialogs.errors())
        assert window.save() is False
        ((title, text),) = dialogs.errors()[warned:]
        assert title == "Not saved" and "unexpected problem" not in text
        with faulty.reads.begin() as s:
            assert len(list_revisions(s, seeded.plan_id)) == 1
    finally:
        faulty.close()
    assert care_records(paths.database) == before
    return str(text)


def test_a_save_into_a_read_only_database_says_so(
    qtbot: Any, make_window: Any, dialogs: Any, paths: Any, store: Any, on_every_connection: Any
) -> None:
    text = save_refused(
        qtbot,
        make_window,
        dialogs,
        paths,
        store,
        lambda: on_every_connection(lambda c: c.execute("PRAGMA query_only=ON")),
    )
    assert "is read-only, so nothing can be saved" in text and "Ask IT" in text


def test_a_save_onto_a_full_disk_says_so(
    qtbot: Any, make_window: Any, dialogs: Any, paths: Any, store: Any, on_every_connection: Any
) -> None:
    def full() -> None:
        conn = sqlite3.connect(paths.database)
        conn.execute("VACUUM")  # no room left in the pages: the save needs new ones
        conn.close()
        on_every_connection(
            lambda c: c.execute(f"PRAGMA max_page_count={c.execute('PRAGMA page_count').fetchone()[0]}")
        )

    text = save_refused(qtbot, make_window, dialogs, paths, store, full)
    assert "is full, so nothing was saved" in text and "Free some disk space" in text


@pytest.mark.parametrize(
    ("restore_first", "default"), [(True, "R&estore a backup…"), (False, "&Choose another database…")]
)
def test_the_start_up_problem_offers_restore_first_for_a_damaged_file(
    qtbot: Any, restore_first: bool, default: str
) -> None:
    """The real dialog: for a damaged or empty file, Enter restores a backup; otherwise it opens Settings."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from careplan.ui.messages import DatabaseProblemDialog

    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look)
            return
        seen.append(box.defaultButton().text())
        box.escapeButton().click()

    QTimer.singleShot(0, look)
    assert (
        DatabaseProblemDialog.ask(None, "The database file is empty (0 bytes).", restore_first=restore_first) == "quit"
    )
    assert seen == [default]
