"""The patient list and the reviews due: two docks on the left of the main window.

The list reads its rows from the store a page at a time (``_StorePatients``); typing in the
table goes to the search box.  The pane opens nothing itself: it says which patient or plan
was chosen (``patient_chosen``, ``review_chosen``) and the window hands that to the plan session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from careplan.ui.messages import Notice
from careplan.ui.models import (
    ItemRole,
    PatientFilterProxyModel,
    PatientTableModel,
    ReviewsTableModel,
    SourceFailed,
)
from careplan.ui.widgets import named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.core.assessments import DueReason
    from careplan.services.plans import PatientSummary, PlanSummary
    from careplan.ui.models import PatientSource
    from careplan.ui.ops import Ops

T = TypeVar("T")

#: Above this many patients the search waits for a pause in typing.
_INSTANT_SEARCH_LIMIT = 3000
_SEARCH_DELAY_MS = 150
#: A search counts its matches up to this many ("more than 200 of 100,000 patients"): counting every
#: match of a common word would cost more the more patients there are.
MATCHES_COUNTED = 200
#: Reviews due are counted up to this many (beyond: "more than 1,000").
REVIEWS_COUNTED = 1000
#: How many plans the reviews-due list shows (the dock's title gives the full count).
REVIEWS_SHOWN = 200


class _TypeToSearch(QObject):
    """Typing in the patient table goes to the search box."""

    def __init__(self, search: QLineEdit) -> None:
        super().__init__(search)
        self.search = search

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
            if text and text.isprintable() and not text.isspace() and mods == Qt.KeyboardModifier.NoModifier:
                self.search.setFocus()
                self.search.insert(text)
                return True
        return False


class _FitColumns(QObject):
    """A table whose columns are as wide as their content and never cut: one column (the names)
    stretches, a few always show, and the others show, in order of use, while they fit whole.

    Refitted when the table's width or its rows change; a column that does not fit is hidden
    rather than cut or pushed behind a horizontal scroll bar.
    """

    def __init__(
        self,
        table: QTableView,
        stretch: tuple[int, str],
        always: dict[int, str],
        optional: dict[int, str],
        bold: tuple[int, ...] = (),
    ) -> None:
        """``stretch``: the stretching column and a long value it should show whole; ``always`` and
        ``optional``: column -> its widest usual value (so the layout does not change with the rows
        shown); ``bold``: columns that may be shown in bold."""
        super().__init__(table)
        self.table = table
        metrics, heavy = table.fontMetrics(), QFont(table.font())
        heavy.setBold(True)
        pad = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 8

        def floor(column: int, text: str) -> int:
            return (QFontMetrics(heavy) if column in bold else metrics).horizontalAdvance(text) + pad

        self.stretch_min = floor(*stretch)
        self.always = {c: floor(c, t) for c, t in always.items()}
        self.optional = {c: floor(c, t) for c, t in optional.items()}
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Content widths from the rows on screen only (not a thousand rows at each change: the usual
        # widest values above keep the columns steady).
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(stretch[0], QHeaderView.ResizeMode.Stretch)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self.fit)

    def width_of(self, column: int, floor: int) -> int:
        """The column's width: its widest cell read so far, its header, or its usual widest value."""
        header = self.table.horizontalHeader()
        return max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column), floor)

    def narrowest(self) -> int:
        """Room for the columns that always show (the stretching one at its least)."""
        return self.stretch_min + sum(self.width_of(c, f) for c, f in self.always.items())

    def widest(self) -> int:
        return self.narrowest() + sum(self.width_of(c, f) for c, f in self.optional.items())

    def fit(self, *_args: object) -> None:
        available, used = self.table.viewport().width(), self.narrowest()
        fits = True
        for column, floor in self.optional.items():
            width = self.width_of(column, floor)
            fits = fits and used + width <= available
            self.table.setColumnHidden(column, not fits)
            used += width if fits else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class _StorePatients:
    """The patient list's rows, read from the store a page at a time (see PatientTableModel): on a worker,
    the window painting while it waits; a read that fails is shown, and the list keeps what it had."""

    def __init__(self, ops: Ops, parent: QWidget) -> None:
        self.ops = ops
        self.parent = parent

    def page(self, query: str, after: tuple[str, int] | None, limit: int, descending: bool) -> list[PatientSummary]:
        from careplan.services.plans import patient_page

        return self._read(lambda s: patient_page(s, query, after=after, limit=limit, descending=descending))

    def count(self, query: str) -> int:
        """Every patient; or those the query matches, counted up to MATCHES_COUNTED (then one more)."""
        from careplan.services.plans import count_patients

        cap = MATCHES_COUNTED if query.strip() else None
        return self._read(lambda s: count_patients(s, query, cap))

    def _read(self, fn: Callable[[Session], T]) -> T:
        result = self.ops.read(fn, parent=self.parent)
        if not result.ok or result.value is None:
            raise SourceFailed
        return result.value


class PatientPane(QObject):
    """The patients dock (search, list, count, Open plan / New patient) and the reviews-due dock."""

    #: The list was (re)filled: the number of patients.
    patients_loaded = Signal(int)
    #: After a save: only this patient's row of the list was read again (the patient's id).
    patient_row_updated = Signal(int)
    #: A patient was chosen (Enter, double click, Open plan): a PatientSummary.
    patient_chosen = Signal(object)
    #: A plan in the reviews due was chosen: its id.
    review_chosen = Signal(int)
    #: "Start review" on a plan of the reviews due (its plan id): assess, then revise (ui.reevaluation).
    review_started = Signal(int)
    #: New patient… was pressed.
    new_patient_requested = Signal()
    #: The current patient of the list changed.
    selection_changed = Signal()
    #: The reviews due were read again (in the background) and are shown: how many are due.
    reviews_loaded = Signal(int)

    def __init__(self, window: QMainWindow, ops: Ops, today: Callable[[], dt.date]) -> None:
        super().__init__(window)
        self.window = window
        self.ops = ops
        self.today = today
        #: Reviews-due reads asked for and shown (a later read supersedes one still under way).
        self._reviews_asked = self._reviews_shown = 0
        self._build_patients()
        self._build_reviews()
        # Wide enough for every column of the list (the user can drag it narrower; the layout is remembered).
        # With a plan open the editor needs the room: the list narrows to the columns that always show
        # (names and dates of birth; the patients and the state of their reviews).
        extra = self.patient_table.verticalScrollBar().sizeHint().width() + 20
        self.wide_dock = self._patient_columns.widest() + extra
        self.narrow_dock = max(self._patient_columns.narrowest(), self._review_columns.narrowest()) + extra
        window.resizeDocks([self.patients_dock], [self.wide_dock], Qt.Orientation.Horizontal)
        window.resizeDocks([self.patients_dock, self.reviews_dock], [440, 220], Qt.Orientation.Vertical)

    def _build_patients(self) -> None:
        self.patient_model = PatientTableModel(self)
        self.patient_proxy = PatientFilterProxyModel(self)
        self.patient_proxy.setSourceModel(self.patient_model)

        self.search = named(
            QLineEdit(), "Search patients", "Type part of a name, a date of birth such as 14/03/2016, or an identifier"
        )
        self.search.setPlaceholderText("Name, date of birth (14/03/2016) or identifier")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._on_search_text)
        self.search.returnPressed.connect(self._open_first_match)

        self.patient_table = named(QTableView(), "Patients")
        self.patient_table.setModel(self.patient_proxy)
        self.patient_table.setSortingEnabled(True)
        self.patient_table.sortByColumn(PatientTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.patient_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patient_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patient_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patient_table.setAlternatingRowColors(True)
        self.patient_table.setWordWrap(False)
        self.patient_table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.patient_table.verticalHeader().hide()
        self.patient_table.horizontalHeader().setHighlightSections(False)
        self._patient_columns = _FitColumns(
            self.patient_table,
            (PatientTableModel.NAME, "Nguyễn-Ní Bhriain, Łukasz"),
            {PatientTableModel.BORN: "30 Sep 2016"},
            {
                PatientTableModel.NEXT_REVIEW: "30 Sep 2027 (overdue)",
                PatientTableModel.IDENTIFIER: "943 476 5919",
                PatientTableModel.PLANS: "Plans",
            },
        )
        metrics = self.window.fontMetrics()
        self.patient_table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
        self.patient_table.activated.connect(self._on_patient_activated)
        self.patient_table.selectionModel().currentChanged.connect(lambda *_a: self._selection_changed())
        self.patient_table.installEventFilter(_TypeToSearch(self.search))

        self.patient_count = named(QLabel(), "Number of patients shown")
        # Mnemonics are unique in the main window: Alt+F is the File menu; Open plan has none (each of its
        # letters is taken: Alt+P is the Plan menu; Enter in the list opens a plan too).
        search_label = QLabel("Sear&ch:")
        search_label.setBuddy(self.search)
        self.new_button = new_button = named(QPushButton("&New patient…"), "New patient")
        new_button.clicked.connect(self.new_patient_requested)
        self.open_button = named(QPushButton("Open plan"), "Open the selected patient's plan")
        self.open_button.clicked.connect(lambda: self._on_patient_activated(self.patient_table.currentIndex()))
        self.open_button.setEnabled(False)

        patients = QWidget()
        layout = QVBoxLayout(patients)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        layout.addWidget(self.patient_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.patient_count, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(new_button)
        layout.addLayout(buttons)
        self.patients_dock = QDockWidget("Patients", self.window)
        self.patients_dock.setObjectName("patients_dock")
        self.patients_dock.setWidget(patients)
        # Closable: the View menu hides and shows it again (a dock that cannot close greys out its View item).
        self.patients_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.patients_dock)

    def _build_reviews(self) -> None:
        metrics = self.window.fontMetrics()
        self.reviews_model = ReviewsTableModel(self)
        self.reviews_table = named(
            QTableView(),
            "Reviews due",
            "Plans due for review now or within two weeks: by the review date, the toxin cycle or hip surveillance",
        )
        self.reviews_table.setModel(self.reviews_model)
        self.reviews_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reviews_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reviews_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviews_table.setWordWrap(False)
        self.reviews_table.setTabKeyNavigation(False)
        self.reviews_table.verticalHeader().hide()
        self.reviews_table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
        self._review_columns = _FitColumns(
            self.reviews_table,
            (ReviewsTableModel.PATIENT, "Łukasz Nguyễn-Ní Bhriain"),
            {ReviewsTableModel.STATUS: "Overdue by 300 days"},
            {
                ReviewsTableModel.REVIEW: "30 Sep 2027",
                # Why before the plan's title when room is short (the title is in each row's tooltip);
                # each row's tooltip and spoken text also say why in full.
                ReviewsTableModel.WHY: "Review date, Toxin cycle",
                ReviewsTableModel.PLAN: "Postural management",
            },
            bold=(ReviewsTableModel.STATUS,),
        )
        self.reviews_table.activated.connect(self._on_review_activated)
        start = QAction("Start review…", self.reviews_table)
        start.setStatusTip("Open the plan and assess the patient, with the last values beside each field")
        start.triggered.connect(self._start_review)
        self.reviews_table.addAction(start)  # the table's context menu (right-click or the Menu key)
        self.reviews_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.reviews_empty = named(QLabel("No reviews due in the next two weeks."), "Reviews due")
        self.reviews_empty.setWordWrap(True)
        self.reviews_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reviews_pages = QStackedWidget()
        self.reviews_pages.addWidget(self.reviews_table)
        self.reviews_pages.addWidget(self.reviews_empty)
        reviews = QWidget()
        rlayout = QVBoxLayout(reviews)
        rlayout.setContentsMargins(6, 6, 6, 6)
        rlabel = QLabel("Due for review now or within two wee&ks:")
        rlabel.setBuddy(self.reviews_table)
        rlayout.addWidget(rlabel)
        rlayout.addWidget(self.reviews_pages, 1)
        self.reviews_dock = QDockWidget("Reviews due", self.window)
        self.reviews_dock.setObjectName("reviews_dock")
        self.reviews_dock.setWidget(reviews)
        self.reviews_dock.setFeatures(self.patients_dock.features())
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.reviews_dock)

    # ================================================================================== room for the editor

    def make_room(self, plan_open: bool) -> None:
        """A plan opened: the list narrows to names and dates of birth; closed: it widens again."""
        width = self.patients_dock.width()
        if plan_open and width > self.narrow_dock:
            self.window.resizeDocks([self.patients_dock], [self.narrow_dock], Qt.Orientation.Horizontal)
        elif not plan_open and width < self.wide_dock:
            self.window.resizeDocks([self.patients_dock], [self.wide_dock], Qt.Orientation.Horizontal)

    # ================================================================================== reading the lists

    def attach(self, today: dt.date) -> None:
        """The database is open: the list reads its rows from SQL a page at a time, the reviews due their
        first 200."""
        self.patient_model.attach(_StorePatients(self.ops, self.window), today)
        self.reload_reviews()
        self._update_count()
        self.patients_loaded.emit(self.patient_model.total)

    def show_first_page(self, source: PatientSource, today: dt.date) -> None:
        """Before the database is open: rows read at start-up without it (``ui.startup``); ``attach``
        replaces them with the store's."""
        self.patient_model.attach(source, today)
        self._update_count()

    def reload_lists(self) -> None:
        """Read the first page of the patient list and the reviews due again (flat: a page, not everyone)."""
        today = self.today()
        selected = self.selected_patient()
        if self.patient_model.is_paged:
            self.patient_model.refresh(today)
        else:
            self.patient_model.attach(_StorePatients(self.ops, self.window), today)
        self.reload_reviews()
        if selected is not None:
            self.select_patient(selected.id)
        self._update_count()
        self.patients_loaded.emit(self.patient_model.total)

    def reload_reviews(self) -> None:
        """Read the reviews due again in the background; they show when they come (``reviews_loaded``)."""
        from careplan.services.assessments import (
            DueReview,
            count_reviews_due_with_reasons,
            reviews_due_with_reasons,
        )
        from careplan.ui.ops import explain

        today = self.today()
        self._reviews_asked += 1
        asked = self._reviews_asked

        # Due by the review date, the toxin cycle or hip surveillance, each with why (services.assessments).
        def read(session: Session) -> tuple[list[DueReview], tuple[int, int]]:
            return reviews_due_with_reasons(session, today, limit=REVIEWS_SHOWN), count_reviews_due_with_reasons(
                session, today, cap=REVIEWS_COUNTED
            )

        def show(found: tuple[list[DueReview], tuple[int, int]]) -> None:
            if asked == self._reviews_asked:  # else an older read came last: the newer one shows
                self._reviews_shown = asked
                due, (total, overdue) = found
                self._show_reviews([d.plan for d in due], today, total, overdue, [d.reasons for d in due])
                self.reviews_loaded.emit(total)

        def failed(exc: BaseException) -> None:
            if asked == self._reviews_asked:
                self._reviews_shown = asked  # the list keeps what it had
            title, text, _expected = explain(exc, self.ops.log_file)
            Notice.error(self.window, title, text)

        self.ops.query(read, parent=self.window).success(show).failure(failed).run_in_background()

    @property
    def reviews_pending(self) -> bool:
        """A read of the reviews due is under way."""
        return self._reviews_shown != self._reviews_asked

    def _show_reviews(
        self,
        due: list[PlanSummary],
        today: dt.date,
        total: int,
        overdue: int,
        reasons: Sequence[tuple[DueReason, ...]] | None = None,
    ) -> None:
        self.reviews_model.set_plans(due, today, reasons)
        self.reviews_pages.setCurrentWidget(self.reviews_table if due else self.reviews_empty)

        def number(n: int) -> str:
            return f"more than {REVIEWS_COUNTED:,}" if n > REVIEWS_COUNTED else f"{n:,}"

        self.reviews_dock.setWindowTitle(
            f"Reviews due ({number(total)}, {number(overdue)} overdue)" if overdue else f"Reviews due ({number(total)})"
        )

    def show_lists(self, patients: list[PatientSummary], due: list[PlanSummary], today: dt.date) -> None:
        """Show a fixed list (no database paging): for previews and tests."""
        selected = self.selected_patient()
        self.patient_model.set_patients(patients, today)
        overdue = sum(1 for d in due if d.review_date and d.review_date < today)
        self._show_reviews(due, today, len(due), overdue)
        if selected is not None:
            self.select_patient(selected.id)
        self._update_count()
        self.patients_loaded.emit(len(patients))

    def refresh_patient(self, patient_id: int | None) -> None:
        """After a save: only this patient's row of the list changes, and the reviews due are read again."""
        from careplan.services.plans import patient_summary

        if patient_id is None:
            return
        if self.patient_model.row_of(patient_id) < 0:
            # Not among the rows read so far (a patient another desktop added, say): read the first page again.
            self.reload_lists()
            return
        generation = self.patient_model.generation
        result = self.ops.read(lambda s: patient_summary(s, patient_id), parent=self.window)
        # While it was read the window went on: a list read again meanwhile already has the row anew.
        if result.ok and result.value is not None and generation == self.patient_model.generation:
            self.patient_model.update_patient(result.value)
        self.reload_reviews()
        self.patient_row_updated.emit(patient_id)

    def _update_count(self) -> None:
        model = self.patient_model
        if model.is_paged:
            total, shown = model.total, model.matched
        else:
            total, shown = model.rowCount(), self.patient_proxy.rowCount()
        noun = "patient" if total == 1 else "patients"
        if model.is_paged and model.query.strip() and shown > MATCHES_COUNTED:
            self.patient_count.setText(f"more than {MATCHES_COUNTED} of {total:,} {noun}")
            return
        self.patient_count.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    # ================================================================================== searching and choosing

    def _on_search_text(self, _text: str) -> None:
        if self.patient_model.total > _INSTANT_SEARCH_LIMIT:
            self._search_timer.start()
        else:
            self._apply_search()

    def _apply_search(self) -> None:
        self.patient_proxy.set_query(self.search.text())
        self._update_count()
        if self.patient_proxy.rowCount() and not self.patient_table.currentIndex().isValid():
            self.patient_table.setCurrentIndex(self.patient_proxy.index(0, 0))

    def _open_first_match(self) -> None:
        self._search_timer.stop()
        self._apply_search()
        index = self.patient_table.currentIndex()
        if not index.isValid() and self.patient_proxy.rowCount():
            index = self.patient_proxy.index(0, 0)
        if index.isValid():
            self._on_patient_activated(index)

    def focus_search(self) -> None:
        self.patients_dock.show()
        self.patients_dock.raise_()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_patient(self) -> PatientSummary | None:
        from careplan.services.plans import PatientSummary

        index = self.patient_table.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ItemRole)
        return value if isinstance(value, PatientSummary) else None

    def select_patient(self, patient_id: int | None) -> None:
        if patient_id is None:
            return
        row = self.patient_model.row_of(patient_id)
        if row < 0:
            return
        index = self.patient_proxy.mapFromSource(self.patient_model.index(row, 0))
        if index.isValid():
            self.patient_table.setCurrentIndex(index)
            self.patient_table.scrollTo(index)

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_patient() is not None)
        self.selection_changed.emit()

    def _on_patient_activated(self, index: QModelIndex) -> None:
        from careplan.services.plans import PatientSummary

        if not index.isValid():
            return
        patient = index.siblingAtColumn(0).data(ItemRole)
        if isinstance(patient, PatientSummary):
            self.patient_chosen.emit(patient)

    def _start_review(self) -> None:
        from careplan.services.plans import PlanSummary

        row = self.reviews_table.currentIndex().row()
        plan = self.reviews_model.data(self.reviews_model.index(row, 0), ItemRole) if row >= 0 else None
        if isinstance(plan, PlanSummary):
            self.review_started.emit(plan.plan_id)

    def _on_review_activated(self, index: QModelIndex) -> None:
        from careplan.services.plans import PlanSummary

        plan = self.reviews_model.data(self.reviews_model.index(index.row(), 0), ItemRole)
        if isinstance(plan, PlanSummary):
            self.review_chosen.emit(plan.plan_id)
