"""A plan's history: every saved revision, each viewable read-only and restorable as a new revision;
and its activity: who opened, saved, printed, exported, imported or restored it, and when."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.core.library import Library
from careplan.core.model import PlanRecord, RevisionInfo
from careplan.ui.formatting import format_datetime
from careplan.ui.messages import Notice
from careplan.ui.models import AuditTableModel, ItemRole, RevisionTableModel
from careplan.ui.ops import Ops, Task, explain
from careplan.ui.state import WindowState
from careplan.ui.widgets import named

log = logging.getLogger(__name__)

EditorFactory = Callable[[Library, QWidget | None], Any]


def describe_revision(rev: RevisionInfo) -> str:
    by = f" by {rev.author}" if rev.author else ""
    return f"Revision {rev.number}, saved {format_datetime(rev.saved_at)}{by}"


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
        self.restore_button = named(QPushButton("&Restore this revision…"), "Restore this revision")
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self.number))
        close = named(QPushButton("Close"), "Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self.resize(1000, 700)


class HistoryDialog(QDialog):
    """The revisions of one plan, newest first; and, on a second tab, its activity log."""

    #: The user asked to restore this revision number (the main window does it, with conflict handling).
    restore_requested = Signal(int)
    #: A read-only revision window opened.
    revision_opened = Signal(object)
    #: The activity tab was filled (the number of events shown).
    activity_loaded = Signal(int)

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

        self.model = RevisionTableModel(self)
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
        label = QLabel("Every save keeps the plan as it was. &Revisions, newest first:")
        label.setBuddy(self.table)
        label.setWordWrap(True)

        self.open_button = named(QPushButton("&Open read-only"), "Open the selected revision read-only")
        self.restore_button = named(QPushButton("&Restore this revision…"), "Restore the selected revision")
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
        revisions_layout.addWidget(self.table, 1)
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
            self.resize(900, 440)  # the Activity tab's columns (who, role, action, detail, computer) fit at 1366x768
        self._activity_task: Task | None = None
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

    def reload(self) -> None:
        from careplan.services.plans import list_revisions

        plan_id = self.plan_id
        result = self.ops.read(lambda s: list_revisions(s, plan_id), parent=self)
        self.model.set_revisions(result.value or [])
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self.load_activity()

    def _update_buttons(self) -> None:
        selected = self.selected() is not None
        self.open_button.setEnabled(selected)
        # Restoring the newest revision would change nothing.
        self.restore_button.setEnabled(selected and self.table.currentIndex().row() > 0)

    def selected(self) -> RevisionInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        rev = self.model.data(self.model.index(index.row(), 0), ItemRole)
        return rev if isinstance(rev, RevisionInfo) else None

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
