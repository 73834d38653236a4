"""Changing the data, and doing long work, without freezing the window.

Anki's ``CollectionOp`` is the model.  Every read and change of the data is an
``Op``: its function runs on a worker thread in a transaction of its own (its
own session, opened, used and closed on that thread only), then, back on the
GUI thread, the ``success`` or the ``failure`` callback runs, then ``Ops.changed``
fires once with what changed (PATIENTS / PLANS / LIBRARY) so each screen decides
itself whether to redraw::

    ops.op(lambda s: save_patient(s, patient), changes={PATIENTS}, parent=self) \
        .success(self.show_patient) \
        .run_in_background()

A failure a user can act on (``careplan.errors.UserFacingError``, or a database
server that stopped answering) becomes a plain message, chosen by the error's
type; anything else is logged and the message names the log file.

``Ops.run_op`` / ``Ops.read`` / ``Ops.call`` are the same operations for code
that needs the answer before it goes on; the function still runs on a worker
thread.  While one waits (a save to a slow server, a page of the patient list
from a frozen one) the event loop turns so the window keeps painting, user
input to the windows is held back (nothing starts halfway through), and a
progress dialog shows after 300 ms.  So a screen never reads in the middle of
its own update: it reads first, then changes what it shows in one step.  Long work
without the database (opening a big or remote database, rendering or exporting
handouts) runs through ``Task`` / ``run_with_progress``, held the same way.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QWindow
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from careplan.errors import UserFacingError
from careplan.ui.messages import Notice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from careplan.services.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What a change touched; screens redraw what concerns them.
PATIENTS = "patients"
PLANS = "plans"
LIBRARY = "library"
EVERYTHING = frozenset({PATIENTS, PLANS, LIBRARY})

#: A wait longer than this shows a progress dialog.
SHOW_PROGRESS_AFTER_MS = 300


class Cancelled(Exception):
    """The user stopped a long piece of work."""


@dataclass(frozen=True)
class OpResult(Generic[T]):
    ok: bool
    value: T | None = None
    error: BaseException | None = None


# --- explaining failures -------------------------------------------------------------------------


def explain(exc: BaseException, log_file: Path) -> tuple[str, str, bool]:
    """(title, text, expected) for a failure; ``expected`` is False for a bug worth logging in full.

    Chosen by type: an error a user can act on carries its own title and plain message."""
    if isinstance(exc, UserFacingError):
        return exc.title, str(exc), True
    reason = _no_answer(exc)
    if reason is not None:
        return (
            "The database did not answer",
            f"Careplan could not reach the database ({reason}). Nothing was changed, and your open plan is "
            "still here: try again in a moment.",
            True,
        )
    return (
        "Something went wrong",
        f"An unexpected problem stopped this; nothing was changed. The details are in {log_file}",
        False,
    )


def _no_answer(exc: BaseException) -> str | None:
    """Why the database server did not answer (its first line), if that is what ``exc`` says; else None.
    Only SQLAlchemy raises these, so it is looked at only once loaded (the window starts without it)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None:
        return None
    if isinstance(exc, sa_exc.OperationalError) or (isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated):
        return str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
    return None


def _log_failure(exc: BaseException, expected: bool) -> None:
    """The type of an expected refusal, or the whole traceback of a bug; never patient data."""
    if expected:
        log.info("refused: %s", type(exc).__name__)
    else:
        log.error("unexpected failure", exc_info=(type(exc), exc, exc.__traceback__))


def report(parent: QWidget | None, exc: BaseException, log_file: Path, title: str | None = None) -> None:
    """Log a failure (type and traceback; never patient data) and tell the user in plain words."""
    default_title, text, expected = explain(exc, log_file)
    _log_failure(exc, expected)
    Notice.error(parent, title or default_title, text)


# --- the operation helper ------------------------------------------------------------------------


class Op(Generic[T]):
    """One operation on the data: ``fn`` on a worker thread, then ``success`` or ``failure`` on the
    GUI thread, then ``Ops.changed`` once (on success, when ``changes`` is not empty).

    Without a ``failure`` callback a failure is shown (``report``); with one, the callback decides
    what to show, and a bug is still logged in full.  When ``parent`` (the screen that asked) was closed
    and deleted meanwhile, its callbacks are not called: ``changed`` still tells the other screens.
    """

    def __init__(
        self,
        ops: Ops,
        work: Callable[[], T],
        *,
        changes: Iterable[str],
        parent: QWidget | None,
        title: str | None,
    ) -> None:
        self._ops = ops
        self._work = work
        self._changes = frozenset(changes)
        self._parent = parent
        self._title = title
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None

    def success(self, callback: Callable[[T], Any]) -> Op[T]:
        """Called on the GUI thread with what the function returned."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> Op[T]:
        """Called on the GUI thread with what the function raised (the transaction was rolled back)."""
        self._failure = callback
        return self

    def run_in_background(self) -> Task:
        """Start the function on a worker thread and return at once; the callbacks come later."""
        task = self._ops.start(self._work)
        # Closures, not bound methods: the connection then keeps this Op alive until it is done.
        task.finished.connect(lambda value: self._succeeded(value))
        task.failed.connect(lambda exc: self._failed(exc))
        return task

    def _parent_gone(self) -> bool:
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _succeeded(self, value: T) -> None:
        try:
            if self._success is not None and not self._parent_gone():
                self._success(value)
        except Exception as exc:  # a screen's own bug after a change that was made: said, and logged
            report(self._parent, exc, self._ops.log_file, self._title)
        finally:
            self._ops.announce(self._changes)

    def _failed(self, exc: BaseException) -> None:
        if self._parent_gone():
            _log_failure(exc, explain(exc, self._ops.log_file)[2])
            return
        if self._failure is None:
            report(self._parent, exc, self._ops.log_file, self._title)
            return
        _log_failure(exc, explain(exc, self._ops.log_file)[2])
        self._failure(exc)


def _in_transaction(sessions: sessionmaker[Session], fn: Callable[[Session], T]) -> Callable[[], T]:
    """``fn`` in one transaction of a session made, used and closed on the calling (worker) thread:
    a session is never shared between threads, and a failure rolls everything back."""

    def work() -> T:
        with sessions.begin() as session:
            return fn(session)

    return work


class Ops(QObject):
    """Reads and changes the data on worker threads and tells the screens what changed."""

    #: A frozenset of PATIENTS / PLANS / LIBRARY, once per operation that changed something.
    changed = Signal(object)

    def __init__(self, store: Store | None, log_file: Path, parent: QObject | None = None) -> None:
        """``store`` may come later (the program opens it while the window is built)."""
        super().__init__(parent)
        self.store: Store = store  # type: ignore[assignment]
        self.log_file = log_file
        #: The workers of database operations: a few, so a slow save does not hold up the reads
        #: (each takes its own pooled connection; SQLite lets one write at a time, waiting its turn).
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        app = QCoreApplication.instance()
        if app is not None:
            # A save under way finishes (or fails) before the program closes the database.
            app.aboutToQuit.connect(self.finish)

    def finish(self, timeout_ms: int = 10_000) -> bool:
        """Wait for the operations under way (at most ``timeout_ms``); True if none is left."""
        return self.pool.waitForDone(timeout_ms)

    # -- building operations

    def op(
        self,
        fn: Callable[[Session], T],
        *,
        changes: Iterable[str] = EVERYTHING,
        parent: QWidget | None = None,
        title: str | None = None,
    ) -> Op[T]:
        """A change: ``fn(session)`` in one write transaction, committed when it returns."""
        return Op(self, _in_transaction(self.store.sessions, fn), changes=changes, parent=parent, title=title)

    def query(self, fn: Callable[[Session], T], *, parent: QWidget | None = None, title: str | None = None) -> Op[T]:
        """A read: ``fn(session)`` in a read transaction (never waiting for a writer); no ``changed``."""
        return Op(self, _in_transaction(self._reads(), fn), changes=(), parent=parent, title=title)

    def job(
        self,
        fn: Callable[[], T],
        *,
        changes: Iterable[str] = (),
        parent: QWidget | None = None,
        title: str | None = None,
    ) -> Op[T]:
        """Work with files (reading a plan file, writing a PDF) or anything else that may wait."""
        return Op(self, fn, changes=changes, parent=parent, title=title)

    def read_on_this_worker(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in a read transaction on the calling thread, for work already on a worker
        thread (rendering a handout reads the plan's history); refused on the GUI thread."""
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("a read on the GUI thread: use Ops.query or Ops.read")
        return _in_transaction(self._reads(), fn)()

    def start(self, work: Callable[[], T]) -> Task:
        """``work()`` on one of this helper's worker threads."""
        return Task(lambda _progress: work()).start(self.pool)

    def announce(self, changes: Iterable[str]) -> None:
        """``changed`` once with what changed, if anything did."""
        touched = frozenset(changes)
        if touched:
            self.changed.emit(touched)

    def _reads(self) -> sessionmaker[Session]:
        reads = getattr(self.store, "reads", None)
        return reads if reads is not None else self.store.sessions

    # -- the same, for code that needs the answer before it goes on

    def run_op(
        self,
        fn: Callable[[Session], T],
        *,
        parent: QWidget | None,
        changes: Iterable[str] = EVERYTHING,
        passthrough: tuple[type[BaseException], ...] = (),
        title: str | None = None,
    ) -> OpResult[T]:
        """``fn(session)`` in one transaction on a worker thread, waited for with the window painting
        (``wait``); then ``changed``.

        A failure rolls the transaction back and is shown; one of ``passthrough``
        is raised to the caller instead (e.g. PlanConflict, for the save dialog).
        """
        return self._wait_for_op(
            _in_transaction(self.store.sessions, fn), parent, frozenset(changes), passthrough, title, waiting="Saving…"
        )

    def read(
        self,
        fn: Callable[[Session], T],
        *,
        parent: QWidget | None,
        title: str | None = None,
        passthrough: tuple[type[BaseException], ...] = (),
    ) -> OpResult[T]:
        """A read-only look at the data (a read transaction, never waiting for a writer): no ``changed``.

        Waited for as ``run_op`` waits (the window paints; timers and other operations' callbacks may run
        meanwhile, so it is never called between a model's ``begin…`` and ``end…``: the patient list reads
        its rows first, then shows them in one step), except that what the user types or clicks meanwhile
        is kept, not dropped: it comes once the read is over, as it did when the GUI thread simply waited
        (letters typed quickly in the search box, each starting a read, all arrive)."""
        work = _in_transaction(self._reads(), fn)
        return self._wait_for_op(work, parent, frozenset(), passthrough, title, waiting="Loading…", defer_input=True)

    def call(
        self,
        fn: Callable[[], T],
        *,
        parent: QWidget | None,
        title: str | None = None,
        passthrough: tuple[type[BaseException], ...] = (),
    ) -> OpResult[T]:
        """``job`` for code that needs the answer: ``fn()`` (writing a file, recording in the activity log
        through a sessionmaker of its own) on a worker thread, waited for as ``run_op`` waits."""
        return self._wait_for_op(fn, parent, frozenset(), passthrough, title, waiting="Working…")

    def _wait_for_op(
        self,
        work: Callable[[], T],
        parent: QWidget | None,
        changes: frozenset[str],
        passthrough: tuple[type[BaseException], ...],
        title: str | None,
        *,
        waiting: str,
        defer_input: bool = False,
    ) -> OpResult[T]:
        """``work`` on a worker; the GUI thread waits turning the loop with ``waiting`` as the progress label."""
        try:
            value: T = wait_for(parent, waiting, self.start(work), defer_input=defer_input)
        except passthrough:
            raise
        except Exception as exc:
            report(parent, exc, self.log_file, title)
            return OpResult(False, None, exc)
        self.announce(changes)
        return OpResult(True, value)


# --- holding back user input while the program waits --------------------------------------------


class _InputHold(QObject):
    """While the program waits for work (``wait_for``), no click, key, shortcut or close reaches a
    window that was open when the wait began: nothing can start a second action halfway through the
    first.  Windows shown during the wait (its progress dialog with Cancel, a message) take input as
    usual; painting, resizing and timers go on everywhere."""

    BLOCKED: ClassVar[frozenset[QEvent.Type]] = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.Shortcut,
            QEvent.Type.ContextMenu,
            QEvent.Type.Close,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TabletPress,
            QEvent.Type.TabletRelease,
            QEvent.Type.DragEnter,
            QEvent.Type.Drop,
        }
    )

    _instance: ClassVar[_InputHold | None] = None

    def __init__(self) -> None:
        super().__init__()
        #: For each wait under way (innermost last): the windows that were open when it began, and
        #: their window-system windows (compared by identity only: one may be deleted meanwhile).
        self._frozen: list[list[QObject]] = []
        #: For each wait: whether a close the program itself asks for is held back too.
        self._closes: list[bool] = []
        #: Windows the program closed during a read: closed again once no wait is left.
        self._closes_after: list[QObject] = []
        #: Input events held back so far (for tests).
        self.held = 0

    @classmethod
    def get(cls) -> _InputHold:
        if cls._instance is None:
            cls._instance = _InputHold()
        return cls._instance

    @property
    def active(self) -> bool:
        return bool(self._frozen)

    def begin(self, closes: bool = True) -> None:
        """``closes`` False (a read): a window the program closes meanwhile (``close()``) is closed once the
        wait is over; a close by the user is kept in the window system's queue by ``ExcludeUserInputEvents``."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if not self._frozen:
            app.installEventFilter(self)
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        self._frozen.append([*windows, *(w.windowHandle() for w in windows if w.windowHandle() is not None)])
        self._closes.append(closes)

    def end(self) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication) or not self._frozen:
            return
        self._frozen.pop()
        self._closes.pop()
        if not self._frozen:
            app.removeEventFilter(self)
            closes, self._closes_after = self._closes_after, []
            for window in dict.fromkeys(closes):
                if shiboken6.isValid(window) and isinstance(window, QWidget | QWindow):
                    QTimer.singleShot(0, window.close)

    def _holds(self, window: QObject) -> bool:
        return any(window is frozen for each in self._frozen for frozen in each)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.BLOCKED or not self._is_frozen(watched):
            return False
        if event.type() == QEvent.Type.Close and not any(self._closes):
            # Only reads wait: the program's own close() is done once they are over (never inside one).
            self._closes_after.append(watched)
        self.held += 1
        if event.type() == QEvent.Type.Close:
            event.ignore()
        return True

    def _is_frozen(self, watched: QObject) -> bool:
        """Whether ``watched`` belongs to a window that was open when a wait began."""
        if isinstance(watched, QWindow):
            return self._holds(watched)
        widget = watched if isinstance(watched, QWidget) else watched.parent()
        if isinstance(widget, QWidget):
            return self._holds(widget.window())
        # A shortcut of a menu action (its QAction has no window of its own): the windows' menus.
        return isinstance(watched, QAction)


# --- work on a worker thread ---------------------------------------------------------------------


class Progress:
    """Handed to work on a worker thread: report how far it got, see whether the user stopped it."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._stop = threading.Event()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self._stop.is_set():
            raise Cancelled
        self._relay.progressed.emit(done, total, text)

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()


class _Relay(QObject):
    done = Signal(object, object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], progress: Progress, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self._progress = progress
        self._relay = relay
        #: Set on the worker thread once ``fn`` returned or raised (``outcome`` holds which).
        self.over = threading.Event()
        self.outcome: tuple[Any, BaseException | None] = (None, None)

    def run(self) -> None:
        try:
            self.outcome = (self._fn(self._progress), None)
        except BaseException as exc:
            self.outcome = (None, exc)
        self.over.set()
        self._relay.done.emit(*self.outcome)


class Task(QObject):
    """``fn(progress)`` on a worker thread; ``finished(result)`` or ``failed(exception)`` on the GUI thread.

    ``fn`` must not touch widgets.  It may call ``progress(done, total, text)``,
    which raises ``Cancelled`` once ``cancel()`` was called.
    """

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    _running: set[Task] = set()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self.progress = Progress(self._relay)
        self._runnable = _Runnable(fn, self.progress, self._relay)
        self.is_done = False
        self.result: Any = None
        self.error: BaseException | None = None
        #: Called with the result of work that finishes after the user stopped waiting for it
        #: (``wait_for`` with Cancel), e.g. to close a database that opened too late.
        self.on_abandoned: Callable[[Any], None] | None = None
        self.abandoned = False

    def start(self, pool: QThreadPool | None = None) -> Task:
        Task._running.add(self)
        (pool or QThreadPool.globalInstance()).start(self._runnable)
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def join(self) -> Any:
        """Block until the work is over, without turning the event loop; its result, or raise its error."""
        self._runnable.over.wait()
        result, error = self._runnable.outcome
        if error is not None:
            raise error
        return result

    @Slot(object, object)
    def _on_done(self, result: Any, error: BaseException | None) -> None:
        self.is_done = True
        self.result, self.error = result, error
        Task._running.discard(self)
        if self.abandoned:
            if error is None and self.on_abandoned is not None:
                try:
                    self.on_abandoned(result)
                except Exception:  # pragma: no cover - tidying up must not fail loudly
                    log.warning("could not tidy up abandoned work", exc_info=True)
            return
        if error is None:
            self.finished.emit(result)
        else:
            self.failed.emit(error)


def run_with_progress(
    parent: QWidget | None,
    label: str,
    fn: Callable[[Progress], T],
    *,
    cancellable: bool = False,
    show_after_ms: int = 300,
) -> T:
    """Run ``fn`` on a worker thread while the window keeps drawing; a progress dialog shows if it
    takes longer than ``show_after_ms``.  Returns what ``fn`` returned or raises what it raised
    (``Cancelled`` when the user pressed Cancel)."""
    return wait_for(parent, label, Task(fn).start(), cancellable=cancellable, show_after_ms=show_after_ms)


def wait_for(
    parent: QWidget | None,
    label: str,
    task: Task,
    *,
    cancellable: bool = False,
    show_after_ms: int = 300,
    defer_input: bool = False,
) -> Any:
    """Wait for a started ``task`` with the event loop turning (a progress dialog shows if it is slow);
    returns its result or raises its exception.

    Input to the windows open when the wait began is held back.  With ``defer_input`` (a read, which has
    no Cancel), what the user types or clicks stays queued in the window system and comes after the wait
    (Qt's ``ExcludeUserInputEvents``), and a window the program itself closes meanwhile does close;
    otherwise (a save) input reaching those windows is dropped, so nothing starts halfway through.

    With ``cancellable`` the dialog has a Cancel button that stops the waiting at once, even when the
    work is stuck where it cannot check (a database server that does not answer): ``Cancelled`` is
    raised, and whatever the work returns later goes to ``task.on_abandoned``."""
    if not task.is_done:
        hold = _InputHold.get()
        hold.begin(closes=not defer_input)
        try:
            _turn_the_loop_until_done(parent, label, task, cancellable and not defer_input, show_after_ms, defer_input)
        finally:
            hold.end()
        if not task.is_done and defer_input:
            # A read has no Cancel: its loop was ended by the program quitting.  The read finishes (the
            # program waits for its workers anyway), and its caller goes on as usual.
            return task.join()
        if not task.is_done:
            task.abandoned = True
            raise Cancelled
    if task.error is not None:
        raise task.error
    return task.result


def _turn_the_loop_until_done(
    parent: QWidget | None, label: str, task: Task, cancellable: bool, show_after_ms: int, defer_input: bool = False
) -> None:
    """Run a local event loop until ``task`` is done (or Cancel was pressed).  The progress dialog is
    made only once ``show_after_ms`` have passed: most waits end sooner, and making a dialog is the
    slowest step of a wait (the window would paint later by as much)."""
    loop = QEventLoop()
    dialogs: list[QProgressDialog] = []
    latest: list[Any] = [0, 0, label]  # done, total, text

    def apply(dialog: QProgressDialog) -> None:
        done, total, text = latest
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        dialog.setLabelText(text)

    def show() -> None:
        dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle("Careplan")
        dialog.setAccessibleName(label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(task.cancel)
        if cancellable:
            dialog.canceled.connect(loop.quit)
        apply(dialog)
        dialogs.append(dialog)
        dialog.show()

    def on_progress(done: int, total: int, text: str) -> None:
        latest[:] = [done, total, text or latest[2]]
        for dialog in dialogs:
            apply(dialog)

    def done() -> None:
        # Hidden the moment the work ends, not when this loop returns: a window that ran its own modal
        # loop meanwhile (the first-start question) keeps this loop from returning until it closes,
        # and "Loading…" must not stay on the screen over it.
        show_timer.stop()
        for dialog in dialogs:
            dialog.hide()
        loop.quit()

    task.progressed.connect(on_progress)
    task.finished.connect(done)
    task.failed.connect(done)
    show_timer = QTimer()
    show_timer.setSingleShot(True)
    show_timer.timeout.connect(show)
    if show_after_ms <= 0:
        show()  # at once: the dialog is there before anything else runs
    else:
        show_timer.start(show_after_ms)
    try:
        if not task.is_done:
            loop.exec(
                QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
                if defer_input
                else QEventLoop.ProcessEventsFlag.AllEvents
            )
    finally:
        show_timer.stop()
        task.progressed.disconnect(on_progress)
        for dialog in dialogs:
            dialog.hide()
            dialog.deleteLater()
