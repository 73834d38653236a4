"""The window never freezes: every read and change runs on a worker thread.

A deliberately slow operation (its transaction open, waiting on an event the GUI
thread sets later, or a real ``pg_sleep`` on PostgreSQL) proves that the window
repaints within 100 ms meanwhile, that input is held back until it is done, and
that the callbacks and ``changed`` come on the GUI thread, once, after it.  A
frozen GUI thread could never set the event: the operation would then wait its
full time-out and the measured gap would be seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from sqlalchemy import text

from careplan.core.model import Patient
from careplan.errors import UserFacingError
from careplan.paths import AppPaths
from careplan.services.errors import PlanConflict, UserError
from careplan.services.plans import list_patients, save_patient
from careplan.services.store import Store, open_store
from careplan.storage.db import sqlite_url
from careplan.ui.main_window import MainWindow
from careplan.ui.ops import PATIENTS, PLANS, Ops, explain

from support.db import pg_url_or_skip, reset_pg
from ui_helpers import TODAY, seed_plan

#: The longest the window may go without painting while an operation waits.
MAX_GAP_S = 0.100
#: How long the slow operation waits (longer than the 300 ms after which the progress dialog shows).
SLOW_MS = 700
#: A frozen GUI thread cannot release the operation: it gives up after this long (and the test fails).
GIVE_UP_S = 5.0

T = TypeVar("T")


class PaintClock(QObject):
    """Counts the paint events a widget gets (on the GUI thread) and when; asks for one every 10 ms."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.times: list[float] = []
        widget.installEventFilter(self)
        self.ask = QTimer()
        self.ask.timeout.connect(widget.update)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False

    def start(self) -> None:
        self.ask.start(10)

    def stop(self) -> None:
        self.ask.stop()
        self.widget.removeEventFilter(self)

    def longest_gap(self, start: float, end: float) -> float:
        """The longest time between ``start``, each paint in between, and ``end``."""
        marks = [start, *[t for t in self.times if start <= t <= end], end]
        return max(b - a for a, b in itertools.pairwise(marks))


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


@pytest.fixture
def shown(window: MainWindow, qtbot: Any) -> MainWindow:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _slow_save(release: threading.Event, threads: list[threading.Thread]) -> Callable[[Any], Patient]:
    """A save that keeps its transaction open until ``release`` is set (as a slow server would)."""

    def save(session: Any) -> Patient:
        threads.append(threading.current_thread())
        saved = save_patient(session, Patient("Nia", "Brook", dt.date(2015, 6, 2)))
        assert release.wait(GIVE_UP_S), "the GUI thread never released the operation"
        return saved

    return save


def _watch_a_slow_save(
    qtbot: Any, window: MainWindow, save: Callable[[Any], Patient], release: threading.Event
) -> tuple[Any, float, list[bool], list[frozenset[str]]]:
    """Run ``save`` through the window's Ops (the synchronous form the window uses) while the GUI thread
    paints, a user types into the search box and tries to close the window; returns (result, longest gap
    between paints, whether a progress dialog showed, what ``changed`` said)."""
    clock = PaintClock(window)
    changes: list[frozenset[str]] = []
    window.ops.changed.connect(changes.append)
    dialog_seen: list[bool] = []
    clock.start()
    # The window paints steadily before the save starts (its first full paint, with every icon and glyph
    # drawn for the first time, is the window's own start-up, not the save's).
    qtbot.waitUntil(lambda: len(clock.times) >= 5)
    QTimer.singleShot(150, lambda: QTest.keyClicks(window.patients.search, "zzz"))
    QTimer.singleShot(200, window.close)
    QTimer.singleShot(SLOW_MS - 150, lambda: dialog_seen.append(bool(_progress_dialogs())))
    QTimer.singleShot(SLOW_MS, release.set)
    start = time.perf_counter()
    try:
        result = window.ops.run_op(save, parent=window, changes={PATIENTS})
    finally:
        end = time.perf_counter()
        clock.stop()
        window.ops.changed.disconnect(changes.append)
    assert end - start >= SLOW_MS / 1000 - 0.05, "the operation did not wait: the test measured nothing"
    # The save's ``changed`` started a read of the reviews due: it ends before the database is closed.
    qtbot.waitUntil(lambda: not window.patients.reviews_pending)
    assert window.ops.finish()
    gap = clock.longest_gap(start, end)
    print(f"waited {(end - start) * 1000:.0f} ms; {len(clock.times)} paints; longest gap {gap * 1000:.1f} ms")
    return result, gap, dialog_seen, changes


def test_the_window_keeps_painting_while_a_save_waits(shown: MainWindow, qtbot: Any, dialogs: Any) -> None:
    release, threads = threading.Event(), []
    result, gap, dialog_seen, changes = _watch_a_slow_save(qtbot, shown, _slow_save(release, threads), release)
    assert result.ok and result.value.full_name == "Nia Brook"
    assert gap <= MAX_GAP_S, f"the window went {gap * 1000:.0f} ms without painting"
    assert threads and threads[0] is not threading.main_thread()
    assert dialog_seen == [True], "a progress dialog shows after 300 ms"
    assert not _progress_dialogs(), "and goes once the save is done"
    # Input during the wait was held back: nothing typed, the window not closed.
    assert shown.patients.search.text() == "" and shown.isVisible()
    assert changes == [frozenset({PATIENTS})]
    with shown.ops.store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Nia Brook"]


@pytest.fixture
def pg_store(paths: AppPaths) -> Iterator[Store]:
    url = pg_url_or_skip()
    reset_pg(url)
    opened = open_store(url, paths)
    yield opened
    opened.close()


@pytest.mark.postgres
def test_the_window_keeps_painting_while_postgresql_is_slow(
    make_window: Callable[..., MainWindow], pg_store: Store, qtbot: Any, dialogs: Any
) -> None:
    window = make_window(store=pg_store)
    window.show()
    qtbot.waitExposed(window)
    threads: list[threading.Thread] = []

    def slow_server_save(session: Any) -> Patient:
        threads.append(threading.current_thread())
        saved = save_patient(session, Patient("Nia", "Brook", dt.date(2015, 6, 2)))
        session.execute(text("select pg_sleep(:s)"), {"s": SLOW_MS / 1000})  # the server takes its time
        return saved

    result, gap, dialog_seen, changes = _watch_a_slow_save(qtbot, window, slow_server_save, threading.Event())
    assert result.ok and gap <= MAX_GAP_S, f"the window went {gap * 1000:.0f} ms without painting"
    assert threads[0] is not threading.main_thread() and dialog_seen == [True]
    assert window.patients.search.text() == "" and changes == [frozenset({PATIENTS})]
    with pg_store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Nia Brook"]


def test_the_reviews_due_are_read_in_the_background_and_the_latest_read_wins(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    """Reloading the reviews due returns at once; a read that ends after a later one shows nothing."""
    import careplan.services.assessments as plans  # the reviews due, with why each is due

    real = plans.reviews_due_with_reasons
    gates = [threading.Event(), threading.Event()]
    queried: list[int] = []

    def held(session: Any, today: dt.date, limit: int) -> Any:
        found = real(session, today, limit=limit)  # the database as it is now ...
        queried.append(len(found))
        assert gates[len(queried) - 1].wait(GIVE_UP_S)  # ... answered when the test says
        return found

    monkeypatch.setattr(plans, "reviews_due_with_reasons", held)
    pane = window.patients
    seed_plan(store, review=TODAY + dt.timedelta(days=3))
    pane.reload_reviews()
    qtbot.waitUntil(lambda: queried == [1])
    assert pane.reviews_pending and pane.reviews_model.rowCount() == 0, "returned before the read ended"
    seed_plan(store, "Ben", "Ode", review=TODAY + dt.timedelta(days=5))
    with qtbot.waitSignal(pane.reviews_loaded) as loaded:
        pane.reload_reviews()
        qtbot.waitUntil(lambda: queried == [1, 2])
        gates[1].set()
    assert loaded.args == [2] and pane.reviews_model.rowCount() == 2
    with qtbot.assertNotEmitted(pane.reviews_loaded, wait=100):
        gates[0].set()  # the older read ends last: not shown
    assert pane.reviews_model.rowCount() == 2 and not pane.reviews_pending


def test_the_progress_dialog_of_a_wait_still_takes_its_cancel(shown: MainWindow, qtbot: Any) -> None:
    """Input is held back from the windows open when the wait began, not from its own progress dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from careplan.ui.ops import Cancelled, run_with_progress

    release = threading.Event()
    clicked: list[str] = []

    def press_cancel() -> None:
        (dialog,) = _progress_dialogs()
        (button,) = dialog.findChildren(QPushButton)
        clicked.append(button.text())
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(150, press_cancel)
    try:
        with pytest.raises(Cancelled):
            run_with_progress(
                shown, "Exporting…", lambda _p: release.wait(GIVE_UP_S), cancellable=True, show_after_ms=20
            )
    finally:
        release.set()
    assert clicked == ["Cancel"]


# --- the callback form ----------------------------------------------------------------------------


@pytest.fixture
def ops(store: Store, paths: AppPaths) -> Ops:
    return Ops(store, paths.log_file)


def test_an_op_returns_at_once_then_calls_back_on_the_gui_thread_then_says_what_changed(
    ops: Ops, qtbot: Any, dialogs: Any
) -> None:
    release, threads = threading.Event(), []
    events: list[tuple[str, Any, threading.Thread]] = []
    ops.changed.connect(lambda topics: events.append(("changed", topics, threading.current_thread())))
    task = (
        ops.op(_slow_save(release, threads), changes={PATIENTS, PLANS})
        .success(lambda p: events.append(("success", p.full_name, threading.current_thread())))
        .failure(lambda exc: events.append(("failure", exc, threading.current_thread())))
        .run_in_background()
    )
    qtbot.waitUntil(lambda: bool(threads))
    assert events == [] and not task.is_done, "run_in_background returned while the save still waits"
    release.set()
    qtbot.waitUntil(lambda: len(events) == 2)
    main = threading.main_thread()
    assert events == [("success", "Nia Brook", main), ("changed", frozenset({PATIENTS, PLANS}), main)]
    assert threads[0] is not main
    with qtbot.assertNotEmitted(ops.changed, wait=50):
        pass  # once, not again


def test_a_failed_op_calls_failure_on_the_gui_thread_and_changes_nothing(
    ops: Ops, qtbot: Any, dialogs: Any, paths: AppPaths
) -> None:
    with ops.store.sessions.begin() as s:
        save_patient(s, Patient("Ada", "Stone", dt.date(2012, 3, 4)))
    before = _rows(ops.store)

    def half_then_refuse(session: Any) -> None:
        save_patient(session, Patient("Ben", "Ode", dt.date(2016, 1, 1)))
        raise UserError("That identifier belongs to another patient.")

    failures: list[tuple[BaseException, threading.Thread]] = []
    with qtbot.assertNotEmitted(ops.changed):
        ops.op(half_then_refuse, changes={PATIENTS}).success(lambda _v: pytest.fail("no success")).failure(
            lambda exc: failures.append((exc, threading.current_thread()))
        ).run_in_background()
        qtbot.waitUntil(lambda: bool(failures))
    ((exc, thread),) = failures
    assert thread is threading.main_thread()
    assert explain(exc, paths.log_file) == ("Not done", "That identifier belongs to another patient.", True)
    assert _rows(ops.store) == before
    assert dialogs.errors() == [], "the failure callback decides what to show"


def test_a_failure_without_a_callback_is_shown_with_its_own_title(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    before = _rows(ops.store)

    def conflict(session: Any) -> None:
        save_patient(session, Patient("Ben", "Ode", dt.date(2016, 1, 1)))
        raise PlanConflict(7, 1, 2, saved_by="Sam Lee")

    with qtbot.assertNotEmitted(ops.changed):
        task = ops.op(conflict).run_in_background()
        qtbot.waitUntil(lambda: task.is_done)
    ((title, message),) = dialogs.errors()
    assert title == "Not saved: the plan changed elsewhere"
    assert message.startswith("Plan 7 was changed on another computer by Sam Lee")
    assert _rows(ops.store) == before


def test_a_query_reads_off_the_gui_thread_and_changes_nothing(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    with ops.store.sessions.begin() as s:
        save_patient(s, Patient("Ada", "Stone", dt.date(2012, 3, 4)))
    got: list[tuple[list[str], threading.Thread]] = []

    def read(session: Any) -> list[str]:
        got.append(([p.full_name for p in list_patients(session)], threading.current_thread()))
        return got[-1][0]

    answers: list[list[str]] = []
    with qtbot.assertNotEmitted(ops.changed):
        ops.query(read).success(answers.append).run_in_background()
        qtbot.waitUntil(lambda: bool(answers))
    assert answers == [["Ada Stone"]] and got[0][1] is not threading.main_thread()


def test_each_op_has_its_own_session_on_its_own_thread(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    """Two reads at once: each on its own worker, with its own session and pooled SQLite connection
    (SQLAlchemy opens file databases with check_same_thread off; no session crosses threads)."""
    both_in = threading.Barrier(2, timeout=GIVE_UP_S)
    seen: list[tuple[int, int, int]] = []

    def read(session: Any) -> int:
        connection = session.connection().connection.driver_connection
        both_in.wait()  # both transactions are open at the same time
        count = len(list_patients(session))
        seen.append((threading.get_ident(), id(session), id(connection)))
        return count

    done: list[int] = []
    for _ in range(2):
        ops.query(read).success(done.append).run_in_background()
    qtbot.waitUntil(lambda: len(done) == 2)
    (t1, s1, c1), (t2, s2, c2) = seen
    assert threading.main_thread().ident not in (t1, t2)
    assert t1 != t2 and s1 != s2 and c1 != c2


def test_an_encrypted_database_is_used_from_the_worker_threads(
    store: Store, paths: AppPaths, qtbot: Any, dialogs: Any
) -> None:
    """SQLCipher's connections are made with check_same_thread off too: one opened on the GUI thread (here,
    by the test) is used again by an operation on a worker, and reads run on two workers at once."""
    from careplan.storage import crypto

    store.close()
    crypto.encrypt_database(paths.database, paths.backups)
    encrypted = open_store(sqlite_url(paths.database), paths)
    try:
        with encrypted.sessions.begin() as s:  # a pooled connection made on this (the GUI) thread
            save_patient(s, Patient("Ada", "Stone", dt.date(2012, 3, 4)))
        ops = Ops(encrypted, paths.log_file)
        threads: list[threading.Thread] = []
        result = ops.run_op(_slow_save(_set(threading.Event()), threads), parent=None, changes={PATIENTS})
        assert result.ok and threads[0] is not threading.main_thread()
        both_in = threading.Barrier(2, timeout=GIVE_UP_S)

        def read(session: Any) -> list[str]:
            both_in.wait()
            return [p.full_name for p in list_patients(session)]

        answers: list[list[str]] = []
        for _ in range(2):
            ops.query(read).success(answers.append).run_in_background()
        qtbot.waitUntil(lambda: len(answers) == 2)
        assert answers == [["Nia Brook", "Ada Stone"]] * 2 or answers == [["Ada Stone", "Nia Brook"]] * 2
        assert crypto.is_encrypted(paths.database)
    finally:
        encrypted.close()


def _set(event: threading.Event) -> threading.Event:
    event.set()
    return event


def test_a_wait_inside_a_wait_finishes_both(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    """A timer that reads while a save waits (e.g. a search typed just before): both complete, in order."""
    release, threads = threading.Event(), []
    inner: list[Any] = []

    def read_meanwhile() -> None:
        inner.append(ops.read(lambda s: len(list_patients(s)), parent=None).value)
        release.set()

    QTimer.singleShot(100, read_meanwhile)
    outer = ops.run_op(_slow_save(release, threads), parent=None, changes={PATIENTS})
    assert outer.ok and inner == [0], "the read saw the database before the save was committed"
    with ops.store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Nia Brook"]


def test_quitting_waits_for_a_save_under_way(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    """The program closes the database only after the operations under way are done (none is cut off)."""
    release, threads = threading.Event(), []
    ops.op(_slow_save(release, threads), changes={PATIENTS}).run_in_background()
    qtbot.waitUntil(lambda: bool(threads))
    threading.Timer(0.2, release.set).start()  # the save finishes while the GUI thread waits in finish()
    assert ops.finish()
    with ops.store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Nia Brook"]


def test_a_screen_closed_before_its_op_ends_is_not_called_back(ops: Ops, qtbot: Any, dialogs: Any) -> None:
    """The History dialog closed while its activity is read: no callback reaches the deleted dialog (it
    would raise), no error is shown, and the other screens still hear what changed."""
    import shiboken6

    screen = QWidget()
    release, threads = threading.Event(), []
    called: list[Any] = []
    heard: list[frozenset[str]] = []
    ops.changed.connect(heard.append)
    task = ops.op(_slow_save(release, threads), changes={PATIENTS}, parent=screen).success(called.append)
    task.failure(called.append).run_in_background()
    qtbot.waitUntil(lambda: bool(threads))
    shiboken6.delete(screen)
    release.set()
    qtbot.waitUntil(lambda: bool(heard))
    assert called == [] and heard == [frozenset({PATIENTS})] and dialogs.errors() == []


def test_a_read_on_a_worker_is_refused_on_the_gui_thread(ops: Ops, qtbot: Any) -> None:
    with pytest.raises(RuntimeError, match="GUI thread"):
        ops.read_on_this_worker(list_patients)
    task = ops.start(lambda: ops.read_on_this_worker(list_patients))
    assert task.join() == []


def test_a_file_written_through_ops_says_why_not_and_writes_nothing(
    ops: Ops, qtbot: Any, dialogs: Any, tmp_path: Any
) -> None:
    from careplan.ui.files import write_file

    target = tmp_path / "missing" / "plan.json"
    written = ops.call(lambda: write_file(target, b"{}"), parent=None)
    assert not written.ok and isinstance(written.error, UserFacingError)
    ((title, message),) = dialogs.errors()
    assert title == "Not done" and str(target) in message and "Nothing was written" in message
    assert not target.parent.exists()


def test_explain_chooses_by_type_never_by_name(paths: AppPaths) -> None:
    class ClinicClosed(UserFacingError):
        title = "The clinic is closed"

    assert explain(ClinicClosed("Come back on Monday."), paths.log_file) == (
        "The clinic is closed",
        "Come back on Monday.",
        True,
    )
    # An error that is merely called like one a user can act on is a bug, logged in full.
    lookalike = type("HandoutError", (Exception,), {})("a bug")
    title, message, expected = explain(lookalike, paths.log_file)
    assert (title, expected) == ("Something went wrong", False) and str(paths.log_file) in message


def _rows(store: Store) -> list[tuple[Any, ...]]:
    """Every patient and every version of one, as stored."""
    with store.sessions.begin() as s:
        return [
            tuple(r)
            for table in ("patients", "patient_versions")
            for r in s.execute(text(f"select * from {table} order by id")).all()
        ]


# --- reads the window waits for, and drafts -------------------------------------------------------


class Slow:
    """Makes a service function slow on the database the window uses: on SQLite its real read is held
    until a GUI-thread timer releases it (a frozen GUI thread never would), on PostgreSQL the server
    really sleeps (``pg_sleep``) in the read's own transaction.  ``calls`` records the threads."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []
        self.armed = True

    def __call__(self, real: Callable[..., T]) -> Callable[..., T]:
        def slowed(session: Any, *args: Any, **kwargs: Any) -> T:
            if self.armed:
                self.armed = False  # once: the read the test watches
                self.threads.append(threading.current_thread())
                if self.postgres:
                    session.execute(text("select pg_sleep(:s)"), {"s": SLOW_MS / 1000})
                else:
                    assert self.release.wait(GIVE_UP_S), "the GUI thread never released the read"
            return real(session, *args, **kwargs)

        return slowed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def slow_window(
    request: Any, make_window: Callable[..., MainWindow], store: Store, paths: AppPaths, qtbot: Any
) -> Iterator[tuple[MainWindow, Store, Slow]]:
    """A shown main window over SQLite or PostgreSQL, and a way to make one read of it slow."""
    if request.param == "sqlite":
        used = store
    else:
        url = pg_url_or_skip()
        reset_pg(url)
        used = open_store(url, paths)
    try:
        window = make_window(store=used)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        yield window, used, Slow(request.param == "postgres")
    finally:
        if used is not store:
            window.ops.finish()
            used.close()


def _paints_while(qtbot: Any, window: MainWindow, slow: Slow, action: Callable[[], T]) -> tuple[T, float]:
    """Run ``action`` (which waits for a slow read) while the window is asked to paint every 10 ms and keys
    are sent straight to the search box (as QTest does: held back; a real user's keys wait in the window
    system's queue until the read is over); the result and the longest gap between paints."""
    clock = PaintClock(window)
    clock.start()
    qtbot.waitUntil(lambda: len(clock.times) >= 5)
    QTimer.singleShot(150, lambda: QTest.keyClicks(window.patients.search, "zzz"))
    QTimer.singleShot(SLOW_MS, slow.release.set)
    start = time.perf_counter()
    try:
        result = action()
    finally:
        end = time.perf_counter()
        clock.stop()
    assert end - start >= SLOW_MS / 1000 - 0.05, "the read did not wait: the test measured nothing"
    assert slow.threads and slow.threads[0] is not threading.main_thread()
    gap = clock.longest_gap(start, end)
    print(f"waited {(end - start) * 1000:.0f} ms; longest gap between paints {gap * 1000:.1f} ms")
    return result, gap


def test_the_window_keeps_painting_while_a_plan_opens_slowly(
    slow_window: tuple[MainWindow, Store, Slow], qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    import careplan.services.plans as plans

    window, used, slow = slow_window
    # The editor is built the first time a plan opens (widgets, on the GUI thread): the second plan
    # opened is the one measured, as the read is what may be slow.
    assert window.open_plan(seed_plan(used, "Ben", "Ode").plan_id)
    seeded = seed_plan(used)
    monkeypatch.setattr(plans, "load_plan", slow(plans.load_plan))
    opened, gap = _paints_while(qtbot, window, slow, lambda: window.open_plan(seeded.plan_id))
    assert opened and window.editor.record().plan_id == seeded.plan_id
    assert gap <= MAX_GAP_S, f"the window went {gap * 1000:.0f} ms without painting while a plan opened"
    assert window.patients.search.text() == "", "typing was held back until the plan was open"
    assert not _progress_dialogs()
    qtbot.waitUntil(lambda: not window.patients.reviews_pending)


def _seed_patients(store: Store, n: int) -> None:
    with store.sessions.begin() as s:
        for i in range(n):
            save_patient(s, Patient(f"Kim{i:02d}", f"Able{i:02d}", dt.date(2015, 1, 1) + dt.timedelta(days=i)))


def test_the_window_keeps_painting_while_the_patient_list_reads_a_page(
    slow_window: tuple[MainWindow, Store, Slow], qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    """Scrolling to the end of the list reads the next page: the window paints meanwhile, and the page is
    added in one step: until then every look at the list finds the rows it had, whole."""
    import careplan.services.plans as plans

    window, used, slow = slow_window
    _seed_patients(used, 70)
    model, table = window.patients.patient_model, window.patients.patient_table
    model.page_size = 30  # more rows than the list has room for: the view asks for no page by itself
    window.patients.reload_lists()
    qtbot.wait(50)
    first = [p.id for p in model.patients]
    assert len(first) == 30 and model.canFetchMore()
    seen: list[list[int]] = []
    look = QTimer()
    look.timeout.connect(lambda: seen.append([p.id for p in model.patients][: model.rowCount()]))
    look.start(20)

    def scroll_to_the_end() -> None:
        monkeypatch.setattr(plans, "patient_page", slow(plans.patient_page))
        table.scrollToBottom()  # the view asks the model for the next page
        qtbot.waitUntil(lambda: model.rowCount() >= 60, timeout=int(GIVE_UP_S * 1000))

    try:
        _result, gap = _paints_while(qtbot, window, slow, scroll_to_the_end)
    finally:
        look.stop()
    assert gap <= MAX_GAP_S, f"the window went {gap * 1000:.0f} ms without painting while a page was read"
    during = [rows for rows in seen if len(rows) < 60]
    assert during and all(rows == first for rows in during), "the list showed a half-read page"
    assert [p.id for p in model.patients][:30] == first
    assert window.patients.search.text() == ""
    qtbot.waitUntil(lambda: not window.patients.reviews_pending)


def test_a_page_read_before_the_list_was_read_again_is_not_added(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    """A search typed while a page is read (a timer fires during the wait): the search's rows show, and the
    older page, ending later, is dropped rather than added to them."""
    import careplan.services.plans as plans

    _seed_patients(store, 12)
    model = window.patients.patient_model
    model.page_size = 5
    window.patients.reload_lists()
    slow = Slow(postgres=False)
    monkeypatch.setattr(plans, "patient_page", slow(plans.patient_page))

    def search_meanwhile() -> None:
        model.set_query("Kim03")  # not slowed: ``slow`` holds only the first read
        slow.release.set()

    QTimer.singleShot(100, search_meanwhile)
    model.fetchMore()
    assert [p.given_name for p in model.patients] == ["Kim03"] and model.matched == 1
    assert not model.canFetchMore()


def test_a_failed_page_says_why_and_the_list_keeps_its_rows(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any, paths: AppPaths
) -> None:
    from sqlalchemy.exc import OperationalError

    import careplan.services.plans as plans

    _seed_patients(store, 70)
    model = window.patients.patient_model
    model.page_size = 30  # more than the list has room for: the view reads no page by itself
    window.patients.reload_lists()
    qtbot.wait(50)
    before = list(model.patients)
    assert len(before) == 30

    def frozen_server(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("select", {}, Exception("canceling statement due to statement timeout"))

    monkeypatch.setattr(plans, "count_patients", frozen_server)
    window.patients.reload_lists()
    ((title, message),) = dialogs.errors()
    assert title == "The database did not answer" and "statement timeout" in message
    assert model.patients == before and model.rowCount() == 30, "the list kept what it showed"
    assert model.total == 70 and window.patients.patient_count.text() == "70 patients"


# --- drafts -----------------------------------------------------------------------------------------


def _edit(qtbot: Any, window: MainWindow, reps: int) -> None:
    editor = window.editor
    editor.tabs.setCurrentIndex(1)
    editor.items_panel.select_row(0)
    with qtbot.waitSignal(editor.plan_changed):
        editor.item_editor.dosage["reps"].setValue(reps)


def _draft_reps(path: Any) -> int:
    import json

    return int(json.loads(path.read_text("utf-8"))["plan"]["interventions"][0]["dosage"]["reps"])


class _SlowDraftFile:
    """``write_file`` for drafts that holds each plan file until its own event is set, counting how
    many are being written at once and in what order they finish."""

    def __init__(self) -> None:
        from careplan.ui.files import write_file

        self.real = write_file
        self.gates: list[threading.Event] = []
        self.started: list[int] = []
        self.finished: list[int] = []
        self.at_once = self.most_at_once = 0
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def __call__(self, path: Any, data: bytes) -> None:
        if path.name.endswith(".meta.json"):
            self.real(path, data)
            return
        import json

        reps = json.loads(data)["plan"]["interventions"][0]["dosage"]["reps"]
        with self.lock:
            self.at_once += 1
            self.most_at_once = max(self.most_at_once, self.at_once)
            self.started.append(reps)
            gate = threading.Event()
            self.gates.append(gate)
            self.threads.append(threading.current_thread())
        try:
            assert gate.wait(GIVE_UP_S), "the GUI thread never released the draft"
            self.real(path, data)
        finally:
            with self.lock:
                self.at_once -= 1
                self.finished.append(reps)


def test_the_window_keeps_painting_while_a_draft_is_written_slowly(
    shown: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    import stat

    import careplan.ui.drafts as drafts

    window = shown
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    _edit(qtbot, window, 17)
    slow_file = _SlowDraftFile()
    monkeypatch.setattr(drafts, "write_file", slow_file)
    clock = PaintClock(window)
    clock.start()
    qtbot.waitUntil(lambda: len(clock.times) >= 5)
    QTimer.singleShot(SLOW_MS, lambda: [g.set() for g in slow_file.gates])
    start = time.perf_counter()
    with qtbot.waitSignal(window.session.draft_written, timeout=int(GIVE_UP_S * 1000)) as written:
        path = window.session.write_draft()
        returned = time.perf_counter()
    end = time.perf_counter()
    clock.stop()
    assert returned - start < MAX_GAP_S, "write_draft waited for the file"
    assert end - start >= SLOW_MS / 1000 - 0.05, "the write did not wait: the test measured nothing"
    gap = clock.longest_gap(start, end)
    print(f"draft written in {(end - start) * 1000:.0f} ms; longest gap between paints {gap * 1000:.1f} ms")
    assert gap <= MAX_GAP_S, f"the window went {gap * 1000:.0f} ms without painting while a draft was written"
    assert slow_file.threads[0] is not threading.main_thread()
    assert written.args == [str(path)] and _draft_reps(path) == 17
    assert (
        oct(stat.S_IMODE(path.stat().st_mode)) == "0o600" and oct(stat.S_IMODE(path.parent.stat().st_mode)) == "0o700"
    )


def test_drafts_are_written_one_at_a_time_and_the_newest_is_what_stays(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    """Draft 1 is slow; 2 and 3 are asked for meanwhile: 2 is superseded before it starts, 3 is written after
    1, never beside it, so the file ends with 3's changes.  A delete asked for after a slow write runs after
    it: the draft does not come back."""
    import careplan.ui.drafts as drafts

    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    slow_file = _SlowDraftFile()
    monkeypatch.setattr(drafts, "write_file", slow_file)
    writer = window.session.draft_writer
    for reps in (11, 12, 13):
        _edit(qtbot, window, reps)
        path = window.session.write_draft()
        assert path is not None
        qtbot.waitUntil(lambda: bool(slow_file.started))
    assert slow_file.started == [11] and writer.pending
    slow_file.gates[0].set()
    qtbot.waitUntil(lambda: slow_file.started == [11, 13])
    assert slow_file.finished == [11] and _draft_reps(path) == 11
    slow_file.gates[1].set()
    qtbot.waitUntil(lambda: not writer.pending)
    assert slow_file.finished == [11, 13] and slow_file.most_at_once == 1
    assert _draft_reps(path) == 13

    _edit(qtbot, window, 14)
    window.session.write_draft()
    qtbot.waitUntil(lambda: len(slow_file.started) == 3)
    writer.delete(seeded.plan_id)  # as a save does, while the draft is still being written
    slow_file.gates[2].set()
    qtbot.waitUntil(lambda: not writer.pending)
    assert slow_file.finished == [11, 13, 14]
    assert not path.exists() and not path.with_name(f"plan-{seeded.plan_id}.meta.json").exists()


def test_a_draft_that_cannot_be_written_is_said_and_tried_again(
    window: MainWindow, store: Store, qtbot: Any, monkeypatch: Any, dialogs: Any
) -> None:
    """A full disk: the status bar says so, the old draft stays whole, and the next autosave tries again."""
    import errno

    import careplan.ui.drafts as drafts

    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    _edit(qtbot, window, 11)
    path = window.session.write_draft()
    qtbot.waitUntil(lambda: not window.session.draft_writer.pending)
    before = path.read_bytes()

    def full_disk(target: Any, data: bytes) -> None:
        raise UserError(f"Could not write {target}: {os.strerror(errno.ENOSPC)}. Nothing was written.")

    monkeypatch.setattr(drafts, "write_file", full_disk)
    _edit(qtbot, window, 12)
    window.session.write_draft()
    qtbot.waitUntil(lambda: "safety copy" in window.statusBar().currentMessage())
    assert "No space left on device" in window.statusBar().currentMessage()
    assert path.read_bytes() == before
    monkeypatch.undo()
    with qtbot.waitSignal(window.session.draft_written):
        assert window.session.write_draft() == path
    assert _draft_reps(path) == 12
