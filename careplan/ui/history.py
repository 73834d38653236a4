"""A plan's history: every saved revision with what it changed of the one before (and, for a restore,
which revision it brought back), each viewable read-only and restorable as a new revision; and its
activity: who opened, saved, printed, exported, imported or restored it, and when.

What changed is ``careplan.services.history.revision_history`` (the same words as the clinician
summary's "Revision history" table), so the desktop and the handout cannot tell it two ways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.core.history import RevisionSummary
from careplan.core.library import Library
from careplan.core.model import PlanRecord, RevisionInfo
from careplan.ui.formatting import format_datetime
from careplan.ui.messages import Notice
from careplan.ui.models import AnyIndex, AuditTableModel, ItemRole, _TableModel
from careplan.ui.ops import Ops, Task, explain
from careplan.ui.screen import fit_on_screen
from careplan.ui.state import WindowState
from careplan.ui.widgets import named

log = logging.getLogger(__name__)

EditorFactory = Callable[[Library, QWidget | None], Any]


def describe_revision(rev: RevisionInfo | RevisionSummary) -> str:
    by = f" by {rev.author}" if rev.author else ""
    return f"Revision {rev.number}, saved {format_datetime(rev.saved_at)}{by}"


def restore_mark(rev: RevisionSummary) -> str | None:
    """ "Restored from revision 3" for a revision a restore made; None for any other."""
    return None if rev.restored_from is None else f"Restored from revision {rev.restored_from}"


def change_summary(rev: RevisionSummary) -> str:
    """One line for the history's table: the restore mark or the therapist's note, else the first change,
    with how many more the details below the table list."""
    lead = restore_mark(rev) or rev.note
    changes = list(rev.changes)
    if lead is None:
        if not changes:
            return "Saved without changes to the plan"
        lead = changes.pop(0)
    more = f" (and {len(changes)} more change{'s' if len(changes) != 1 else ''})" if changes else ""
    return lead + more


def change_details(rev: RevisionSummary) -> str:
    """Everything the history knows of one revision, as plain lines: who and when, the restore mark,
    the therapist's note, then each change."""
    lines = [describe_revision(rev) + "."]
    mark = restore_mark(rev)
    if mark:
        lines.append(mark + ".")
    if rev.note and rev.restored_from is None:
        lines.append(f"Note: {rev.note}")
    if rev.changes:
        lines.append("What changed since the revision before:" if rev.number > 1 else "What it holds:")
        lines += [f"• {change}" for change in rev.changes]
    else:
        lines.append("The plan itself did not change (the save kept it as it was).")
    return "\n".join(lines)


class RevisionHistoryModel(_TableModel):
    """The saved revisions of one plan, newest first: number, when, by whom, and what each changed
    (or that it is a restore); the whole story of a revision is its tooltip and the details pane."""

    NUMBER, SAVED, AUTHOR, CHANGES = range(4)
    headers = ("Revision", "Saved", "By", "What changed")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.revisions: list[RevisionSummary] = []

    def set_revisions(self, revisions: Sequence[RevisionSummary]) -> None:
        self.beginResetModel()
        self.revisions = sorted(revisions, key=lambda r: r.number, reverse=True)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.revisions)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.revisions):
            return None
        rev = self.revisions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(rev, index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return change_details(rev)
        if role == ItemRole:
            return rev
        return None

    def _text(self, rev: RevisionSummary, row: int, column: int) -> str | None:
        if column == self.NUMBER:
            return f"{rev.number} (current)" if row == 0 else str(rev.number)
        if column == self.SAVED:
            return format_datetime(rev.saved_at)
        if column == self.AUTHOR:
            return rev.author or "(not recorded)"
        if column == self.CHANGES:
            return change_summary(rev)
        return None


class RevisionWindow(QDialog):
    """One saved revision, read-only, with a way to restore it."""

    restore_requested = Signal(int)

    def __init__(self, record: PlanRecord, library: Library, editor_factory: EditorFactory, parent: QWidget | None):
        super().__init__(parent)
        assert record.revision is not None
        self.record = record
        self.number = record.revision.number
        self.setWindowTitle(f"{record.plan.title}: revision {self.number} (read-only)")
        named(self, self.windowTitle())
        self.editor = editor_factory(library, self)
        self.editor.load(record)
        self.editor.set_read_only(True)
        banner = named(
            QLabel(f"{describe_revision(record.revision)}. Read-only: nothing here can be changed."), "About"
        )
        banner.setWordWrap(True)
        self.restore_button = named(QPushButton("R&estore this revision…"), "Restore this revision")
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self.number))
        close = named(QPushButton("Close"), "Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        # The editor scrolls inside the window when the screen is shorter than the editor's own minimum
        # (1366x768 at 150% with a taskbar leaves 485 points), so the buttons below stay on the screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        fit_on_screen(self, QSize(1000, 700))


class HistoryDialog(QDialog):
    """The revisions of one plan, newest first; and, on a second tab, its activity log."""

    #: The user asked to restore this revision number (the main window does it, with conflict handling).
    restore_requested = Signal(int)
    #: A read-only revision window opened.
    revision_opened = Signal(object)
    #: The activity tab was filled (the number of events shown).
    activity_loaded = Signal(int)
    #: The revisions were read (how many; -1: they could not be, and the details pane says why).
    revisions_loaded = Signal(int)

    #: The most events the activity tab shows.
    ACTIVITY_SHOWN = 500

    def __init__(
        self,
        ops: Ops,
        plan_id: int,
        plan_title: str,
        library: Library,
        editor_factory: EditorFactory,
        state: WindowState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.plan_id = plan_id
        self.library = library
        self.editor_factory = editor_factory
        self.state = state
        self.windows: list[RevisionWindow] = []
        self.setWindowTitle(f"History: {plan_title}")
        named(self, self.windowTitle())

        self.model = RevisionHistoryModel(self)
        self.table = named(QTableView(), "Saved revisions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        label = QLabel("Every save keeps the plan as it was. Re&visions, newest first, and what each changed:")
        label.setBuddy(self.table)
        label.setWordWrap(True)
        self.details = named(QPlainTextEdit(), "What the selected revision changed")
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.open_button = named(QPushButton("&Open read-only"), "Open the selected revision read-only")
        self.restore_button = named(QPushButton("Res&tore this revision…"), "Restore the selected revision")
        close = named(QPushButton("Close"), "Close")
        self.open_button.clicked.connect(self.open_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        close.clicked.connect(self.accept)
        revision_buttons = QHBoxLayout()
        revision_buttons.addWidget(self.open_button)
        revision_buttons.addWidget(self.restore_button)
        revision_buttons.addStretch(1)
        revisions = QWidget()
        revisions_layout = QVBoxLayout(revisions)
        revisions_layout.addWidget(label)
        revisions_layout.addWidget(split, 1)
        revisions_layout.addLayout(revision_buttons)
        self.tabs = named(QTabWidget(), "History")
        self.tabs.addTab(revisions, "&Revisions")
        self.tabs.addTab(self._build_activity(), "&Activity")
        named(self.tabs.tabBar(), "Revisions or activity")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        geometry = state.get(WindowState.history_geometry)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            # The Activity tab's columns (who, role, action, detail, computer) fit at 1366x768; never
            # taller or wider than the screen (at 150% a 1366x768 screen is 910x512 points).
            fit_on_screen(self, QSize(900, 560))
        self._activity_task: Task | None = None
        self._revisions_task: Task | None = None
        self.reload()

    def _build_activity(self) -> QWidget:
        self.activity_model = AuditTableModel(self)
        self.activity_table = named(QTableView(), "Activity")
        self.activity_table.setModel(self.activity_model)
        self.activity_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.activity_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activity_table.verticalHeader().hide()
        self.activity_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.activity_table.horizontalHeader().setStretchLastSection(True)
        self.activity_status = named(QLabel("Reading the activity…"), "About the activity")
        self.activity_status.setWordWrap(True)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.activity_status)
        page_layout.addWidget(self.activity_table, 1)
        return page

    def load_activity(self) -> Task:
        """Read the plan's activity on a worker thread (a slow server never freezes the window)."""
        from careplan.services.audit import events_for

        plan_id, limit = self.plan_id, self.ACTIVITY_SHOWN
        # The dialog may be closed (and deleted) before the reading ends: then nothing is shown.
        read = self.ops.query(lambda s: events_for(s, plan_id=plan_id, limit=limit), parent=self)
        self._activity_task = read.success(self._show_activity).failure(self._activity_failed).run_in_background()
        return self._activity_task

    def _show_activity(self, events: list[Any]) -> None:
        self.activity_model.set_events(events)
        shown = len(events)
        if not shown:
            text = "Nothing recorded for this plan yet."
        elif shown == self.ACTIVITY_SHOWN:
            text = f"The latest {shown} events, newest first: 'careplan audit {self.plan_id}' lists them all."
        else:
            text = f"Who opened, saved, printed, exported or restored this plan, newest first ({shown})."
        self.activity_status.setText(text)
        self.activity_loaded.emit(shown)

    def _activity_failed(self, exc: BaseException) -> None:
        _title, text, _expected = explain(exc, self.ops.log_file)  # a bug was logged by the Op
        self.activity_status.setText(f"The activity cannot be shown: {text}")
        self.activity_loaded.emit(-1)

    def reload(self) -> Task:
        """Read the revisions again (with what each changed) and the activity, each on a worker thread
        (a long history on a slow server never freezes the window); the newest revision is selected."""
        from careplan.services.history import revision_history

        reads, plan_id = self.ops.store.reads, self.plan_id

        def work(_progress: object) -> list[RevisionSummary]:
            with reads.begin() as session:
                return revision_history(session, plan_id)

        if not self.model.rowCount():
            self._update_buttons()  # nothing to open or restore until the revisions are read
            self.details.setPlainText("Reading the revisions…")
        # Not parented to the dialog: it may be closed (and deleted) before the reading ends.
        task = Task(work)
        task.finished.connect(self._show_revisions)
        task.failed.connect(self._revisions_failed)
        self._revisions_task = task.start()
        self.load_activity()
        return task

    def _show_revisions(self, revisions: list[RevisionSummary]) -> None:
        self.model.set_revisions(revisions)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self.revisions_loaded.emit(len(revisions))

    def _revisions_failed(self, exc: BaseException) -> None:
        _title, text, expected = explain(exc, self.ops.log_file)
        if not expected:
            log.error("reading the revisions failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.model.set_revisions([])
        self._update_buttons()
        self.details.setPlainText(f"The revisions cannot be shown: {text}")
        self.revisions_loaded.emit(-1)

    def restored(self) -> None:
        """A revision was restored (the main window shows the plan as restored): the read-only
        windows, which showed the plan as it was, close, and the list shows the new revision
        first, marked "Restored from revision N".  The therapist is left with one window of the
        history, this one, telling what the restore did."""
        while self.windows:
            self.windows.pop().close()
        self.reload()

    def _update_buttons(self) -> None:
        rev = self.selected()
        self.details.setPlainText(change_details(rev) if rev is not None else "")
        selected = rev is not None
        self.open_button.setEnabled(selected)
        # Restoring the newest revision would change nothing.
        self.restore_button.setEnabled(selected and self.table.currentIndex().row() > 0)

    def selected(self) -> RevisionSummary | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        rev = self.model.data(self.model.index(index.row(), 0), ItemRole)
        return rev if isinstance(rev, RevisionSummary) else None

    def select_number(self, number: int) -> None:
        for row, rev in enumerate(self.model.revisions):
            if rev.number == number:
                self.table.setCurrentIndex(self.model.index(row, 0, QModelIndex()))
                self.table.selectRow(row)
        self._update_buttons()

    def open_selected(self) -> RevisionWindow | None:
        rev = self.selected()
        if rev is None:
            return None
        from careplan.services.plans import load_revision

        plan_id, number = self.plan_id, rev.number
        result = self.ops.read(lambda s: load_revision(s, plan_id, number), parent=self)
        if not result.ok or result.value is None:
            return None
        window = RevisionWindow(result.value, self.library, self.editor_factory, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.restore_requested.connect(self._confirm_restore)
        window.destroyed.connect(lambda _o=None, w=window: self.windows.remove(w) if w in self.windows else None)
        self.windows.append(window)
        window.show()
        self.revision_opened.emit(window)
        return window

    def restore_selected(self) -> None:
        rev = self.selected()
        if rev is not None:
            self._confirm_restore(rev.number)

    def _confirm_restore(self, number: int) -> None:
        if Notice.confirm(
            self,
            "Restore this revision",
            f"Make revision {number} the plan's current state?\n\n"
            "It is saved as a new revision; the history, including the current revision, is kept.",
            yes="&Restore",
        ):
            self.restore_requested.emit(number)

    def done(self, result: int) -> None:
        self.state.set(WindowState.history_geometry, self.saveGeometry())
        super().done(result)
