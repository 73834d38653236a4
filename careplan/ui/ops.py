"""Changing the data, and doing long work without freezing the window.

Anki's shape: every change goes through ``Ops.run_op(fn)``, which opens one
transaction, runs ``fn(session)``, commits, then emits ``changed`` so each
screen decides itself whether to redraw.  Failures a user can act on become a
plain message; anything else is logged and the message names the log file.

Long work (opening a big or remote database, rendering or exporting handouts)
runs on a worker thread through ``Task``; ``run_with_progress`` shows a
progress dialog meanwhile and keeps the event loop turning.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from careplan.ui.messages import Notice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.services.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What a change touched; screens redraw what concerns them.
PATIENTS = "patients"
PLANS = "plans"
LIBRARY = "library"
EVERYTHING = frozenset({PATIENTS, PLANS, LIBRARY})


class Cancelled(Exception):
    """The user stopped a long piece of work."""


@dataclass(frozen=True)
class OpResult(Generic[T]):
    ok: bool
    value: T | None = None
    error: BaseException | None = None


# --- explaining failures -------------------------------------------------------------------------


def explain(exc: BaseException, log_file: Path) -> tuple[str, str, bool]:
    """(title, text, expected) for a failure; ``expected`` is False for a bug worth logging in full."""
    from careplan.planfile import PlanFileError
    from careplan.services.errors import PatientConflict, PlanConflict, UserError
    from careplan.settings import SettingsError
    from careplan.storage.db import DatabaseError

    if isinstance(exc, PlanConflict):
        return "Not saved: the plan changed elsewhere", str(exc), True
    if isinstance(exc, PatientConflict):
        return "Not saved: the patient's details changed elsewhere", str(exc), True
    if isinstance(exc, PlanFileError):
        return "Cannot read the plan file", str(exc), True
    if isinstance(exc, UserError | DatabaseError | SettingsError):
        return "Not done", str(exc), True
    expected_names = {"HandoutError", "CatalogError", "FontMissingError"}
    if type(exc).__name__ in expected_names:
        return "Not done", str(exc), True
    try:
        from sqlalchemy.exc import DBAPIError, OperationalError
    except ImportError:  # pragma: no cover - SQLAlchemy always ships
        pass
    else:
        if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
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


def report(parent: QWidget | None, exc: BaseException, log_file: Path, title: str | None = None) -> None:
    """Log a failure (type and traceback; never patient data) and tell the user in plain words."""
    default_title, text, expected = explain(exc, log_file)
    if expected:
        log.info("refused: %s", type(exc).__name__)
    else:
        log.error("unexpected failure", exc_info=(type(exc), exc, exc.__traceback__))
    Notice.error(parent, title or default_title, text)


# --- the operation helper ------------------------------------------------------------------------


class Ops(QObject):
    """Runs changes to the data in one transaction each and tells the screens what changed."""

    #: A frozenset of PATIENTS / PLANS / LIBRARY.
    changed = Signal(object)

    def __init__(self, store: Store | None, log_file: Path, parent: QObject | None = None) -> None:
        """``store`` may come later (the program opens it while the window is built)."""
        super().__init__(parent)
        self.store: Store = store  # type: ignore[assignment]
        self.log_file = log_file

    def run_op(
        self,
        fn: Callable[[Session], T],
        *,
        parent: QWidget | None,
        changes: Iterable[str] = EVERYTHING,
        passthrough: tuple[type[BaseException], ...] = (),
        title: str | None = None,
    ) -> OpResult[T]:
        """``with sessions.begin() as s: fn(s)``, then ``changed``.

        A failure rolls the transaction back and is shown; one of ``passthrough``
        is raised to the caller instead (e.g. PlanConflict, for the save dialog).
        """
        try:
            with self.store.sessions.begin() as session:
                value = fn(session)
        except passthrough:
            raise
        except Exception as exc:
            report(parent, exc, self.log_file, title)
            return OpResult(False, None, exc)
        touched = frozenset(changes)
        if touched:
            self.changed.emit(touched)
        return OpResult(True, value)

    def read(self, fn: Callable[[Session], T], *, parent: QWidget | None, title: str | None = None) -> OpResult[T]:
        """A read-only look at the data (a read transaction, never waiting for a writer): no ``changed``."""
        reads = getattr(self.store, "reads", None)
        if reads is None:
            return self.run_op(fn, parent=parent, changes=(), title=title)
        try:
            with reads.begin() as session:
                value = fn(session)
        except Exception as exc:
            report(parent, exc, self.log_file, title)
            return OpResult(False, None, exc)
        return OpResult(True, value)


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

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:
            self._relay.done.emit(None, exc)
        else:
            self._relay.done.emit(result, None)


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
) -> Any:
    """Wait for a started ``task`` with the event loop turning (a progress dialog shows if it is slow);
    returns its result or raises its exception.

    With ``cancellable`` the dialog has a Cancel button that stops the waiting at once, even when the
    work is stuck where it cannot check (a database server that does not answer): ``Cancelled`` is
    raised, and whatever the work returns later goes to ``task.on_abandoned``."""
    if not task.is_done:
        dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle("Careplan")
        dialog.setAccessibleName(label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setMinimumDuration(show_after_ms)
        loop = QEventLoop()
        dialog.canceled.connect(task.cancel)
        if cancellable:
            dialog.canceled.connect(loop.quit)

        def on_progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if text:
                dialog.setLabelText(text)

        task.progressed.connect(on_progress)
        task.finished.connect(loop.quit)
        task.failed.connect(loop.quit)
        show_timer = QTimer()
        show_timer.setSingleShot(True)
        show_timer.timeout.connect(dialog.show)
        show_timer.start(show_after_ms)
        if not task.is_done:
            loop.exec()
        show_timer.stop()
        dialog.hide()
        dialog.deleteLater()
        if not task.is_done:
            task.abandoned = True
            raise Cancelled
    if task.error is not None:
        raise task.error
    return task.result
