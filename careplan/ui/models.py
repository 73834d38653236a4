"""Item models over plain snapshots (never live ORM objects): patients, reviews due, revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from careplan.core.assessments import DueReason, ReviewReason
from careplan.ui.formatting import format_date, format_datetime, parse_date, review_status

# Only for types: the list is shown at start-up before the database layer is imported (``ui.startup``).
if TYPE_CHECKING:
    from careplan.core.summaries import PatientSummary, PlanSummary
    from careplan.services.audit import AuditEvent

AnyIndex = QModelIndex | QPersistentModelIndex

#: The snapshot behind a row (PatientSummary, PlanSummary, RevisionSummary or AuditEvent).
ItemRole = Qt.ItemDataRole.UserRole

_OVERDUE = QColor(170, 20, 20)


def fold(text: str) -> str:
    """Lower case without accents, for searching: ``Zoë`` -> ``zoe`` (as the database folds names)."""
    from careplan.services.plans import fold as folded

    return folded(text)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class _TableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers)
        if horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class SourceFailed(Exception):
    """A ``PatientSource`` could not read (it has told the user why): the list keeps what it shows."""


class PatientSource(Protocol):
    """Where the patient list reads its rows in SQL mode (``MainWindow`` gives one over the store).
    Its reads may let the window paint while they wait; one that fails raises ``SourceFailed``."""

    def page(self, query: str, after: tuple[str, int] | None, limit: int, descending: bool) -> list[PatientSummary]: ...

    def count(self, query: str) -> int: ...


#: A sort by a column SQL cannot page in order (identifier, plans, next review) reads every
#: matching row first, up to this many; beyond it the list stays in name order.
SORT_IN_MEMORY_LIMIT = 5000


class PatientTableModel(_TableModel):
    """Patients: name, date of birth, identifier, number of plans, next review.

    Two ways to fill it.  ``attach(source)`` (the window): rows are read from SQL a page at a
    time as the view scrolls (``canFetchMore``/``fetchMore``), in name order (the indexed folded
    ``name_key``), and a search runs in SQL; after a save ``update_patient`` changes only that
    patient's row.  ``set_patients(list)``: a fixed list, sorted and searched in memory.
    Sorting by another column than the name sorts the rows in memory, reading every matching row
    first when there are not too many (``SORT_IN_MEMORY_LIMIT``).
    """

    NAME, BORN, IDENTIFIER, PLANS, NEXT_REVIEW = range(5)
    headers = ("Name", "Born", "Identifier", "Plans", "Next review")

    def __init__(self, parent: Any = None, page_size: int = 200) -> None:
        super().__init__(parent)
        self.patients: list[PatientSummary] = []
        self._search: dict[int, tuple[str, str]] | None = None
        self._sort: tuple[int, Qt.SortOrder] = (self.NAME, Qt.SortOrder.AscendingOrder)
        self.today = dt.date.today()
        self.page_size = page_size
        self.source: PatientSource | None = None
        self.query = ""
        self._more = False
        self._read_descending = False
        #: In SQL mode: every patient, and those the query matches.
        self.total = 0
        self.matched = 0
        #: Raised by each new read of the whole list: a slower read that ends after it does not show.
        self._generation = 0
        #: A page is being read (the view asks for no other meanwhile).
        self._fetching = False

    # --- SQL mode ---------------------------------------------------------------------------------

    @property
    def is_paged(self) -> bool:
        return self.source is not None

    def attach(self, source: PatientSource | None, today: dt.date | None = None) -> None:
        """Read rows from ``source`` from now on (None: back to a fixed list)."""
        self.source = source
        self.today = today or self.today
        self.refresh()

    def refresh(self, today: dt.date | None = None) -> None:
        """Read the first page again (after a new patient, an import, another database).

        The rows are read first and shown in one step: while a read waits the window paints, and shows the
        rows it had, whole.  When another refresh (or another list) came meanwhile, that newer one is what
        shows; a read that failed (the source said why) leaves the list as it was."""
        if self.source is None:
            return
        self._generation += 1
        generation, source, query, (column, order) = self._generation, self.source, self.query, self._sort
        descending = order == Qt.SortOrder.DescendingOrder if column == self.NAME else self._read_descending
        try:
            total = source.count("")
            matched = total if not query.strip() else source.count(query)
            rows = source.page(query, None, self.page_size, descending)
            more = len(rows) == self.page_size
            everything = (
                self._every_row(source, query, rows, more, matched, descending) if column != self.NAME else None
            )
        except SourceFailed:
            return
        if generation != self._generation:
            return
        self.beginResetModel()
        self.today = today or self.today
        self._search = None
        self.total, self.matched, self._read_descending = total, matched, descending
        self.patients, self._more = everything or (rows, more)
        if everything is not None:
            self.patients = self._sorted(self.patients, column, order)
        self.endResetModel()

    @property
    def generation(self) -> int:
        """Raised each time the whole list is read again (or replaced): a row read before it is stale."""
        return self._generation

    def set_query(self, text: str) -> None:
        self.query = text
        self.refresh()

    def _descending(self) -> bool:
        """The name order the rows were read in (kept when another column sorts them in memory)."""
        return self._read_descending

    def _page_after(
        self, source: PatientSource, query: str, rows: list[PatientSummary], descending: bool
    ) -> list[PatientSummary]:
        last = rows[-1] if rows else None
        after = (last.name_key, last.id) if last is not None else None
        return source.page(query, after, self.page_size, descending)

    def _every_row(
        self,
        source: PatientSource,
        query: str,
        rows: list[PatientSummary],
        more: bool,
        matched: int,
        descending: bool,
    ) -> tuple[list[PatientSummary], bool] | None:
        """Every matching row, for a sort SQL cannot page in (the pages not read yet are read now); None when
        there are too many (a search counts its matches only up to a page): the list stays in name order."""
        if more and (matched > SORT_IN_MEMORY_LIMIT or (query.strip() and matched > len(rows))):
            return None
        rows = list(rows)
        while more:
            page = self._page_after(source, query, rows, descending)
            rows.extend(page)
            more = len(page) == self.page_size
        return rows, more

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.source is not None and self._more and not self._fetching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The next page, read first (the window paints meanwhile; the view asks no second page while one is
        read), then added in one step, unless the list was read again meanwhile."""
        if not self.canFetchMore(parent):
            return
        assert self.source is not None
        generation = self._generation
        self._fetching = True
        try:
            page = self._page_after(self.source, self.query, self.patients, self._descending())
        except SourceFailed:
            page = []
        finally:
            self._fetching = False
        if generation != self._generation:
            return
        self._more = len(page) == self.page_size
        if not page:
            return
        first = len(self.patients)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.patients.extend(page)
        self.endInsertRows()

    def update_patient(self, patient: PatientSummary | None, patient_id: int | None = None) -> bool:
        """After a save: change this one patient's row (or drop it, ``patient`` None); True if shown."""
        pid = patient.id if patient is not None else patient_id
        row = self.row_of(pid) if pid is not None else -1
        if row < 0:
            return False
        if patient is None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.patients[row]
            self.endRemoveRows()
            return True
        self.patients[row] = patient
        if self._search is not None:
            self._search.pop(patient.id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))
        return True

    # --- a fixed list -----------------------------------------------------------------------------

    def set_patients(self, patients: Sequence[PatientSummary], today: dt.date | None = None) -> None:
        self._generation += 1  # a read of the store still under way no longer shows
        self.beginResetModel()
        self.source = None
        self._more = False
        self.today = today or dt.date.today()
        self._search = None
        self.patients = self._sorted(list(patients), *self._sort)
        self.total = self.matched = len(self.patients)
        self.endResetModel()

    def next_review(self, patient: PatientSummary) -> dt.date | None:
        return patient.soonest_review

    def search_keys(self, patient: PatientSummary) -> tuple[str, str]:
        """(folded full name, folded identifier without spaces), made for every patient on first use."""
        if self._search is None:
            self._search = {}
        keys = self._search.get(patient.id)
        if keys is None:
            keys = (
                fold(f"{patient.given_name} {patient.family_name}"),
                fold("".join((patient.identifier or "").split())),
            )
            self._search[patient.id] = keys
        return keys

    def _sort_key(self, column: int) -> Any:
        if column == self.NAME:
            return lambda p: (fold(p.family_name), fold(p.given_name), p.id)
        if column == self.BORN:
            return lambda p: (p.date_of_birth, p.id)
        if column == self.IDENTIFIER:
            return lambda p: (p.identifier is None, fold(p.identifier or ""), p.id)
        if column == self.PLANS:
            return lambda p: (p.number_of_plans, p.id)
        if column == self.NEXT_REVIEW:
            return lambda p: (p.soonest_review or dt.date.max, p.id)
        return lambda p: p.id

    def _sorted(self, patients: list[PatientSummary], column: int, order: Qt.SortOrder) -> list[PatientSummary]:
        return sorted(patients, key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        previous = self._sort
        self._sort = (column, order)
        if self.source is not None and column == self.NAME:
            if previous != self._sort:
                self.refresh()  # SQL gives name order, either way round
            return
        if self.source is not None and self._more and not self._read_the_rest():
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [p.id for p in self.patients]
        self.patients = self._sorted(self.patients, column, order)
        new_row = {p.id: row for row, p in enumerate(self.patients)}
        old = self.persistentIndexList()
        new = [self.index(new_row[old_ids[i.row()]], i.column()) for i in old if i.row() < len(old_ids)]
        self.changePersistentIndexList(old[: len(new)], new)
        self.layoutChanged.emit()

    def _read_the_rest(self) -> bool:
        """Before sorting in memory: read the rows not read yet and add them (in name order); False when
        there are too many, a read failed, or the list was read again meanwhile (it is sorted then)."""
        assert self.source is not None
        generation = self._generation
        try:
            found = self._every_row(
                self.source, self.query, self.patients, self._more, self.matched, self._descending()
            )
        except SourceFailed:
            return False
        if found is None or generation != self._generation:
            return False
        rows, self._more = found
        first = len(self.patients)
        if len(rows) > first:
            self.beginInsertRows(QModelIndex(), first, len(rows) - 1)
            self.patients = rows
            self.endInsertRows()
        return True

    def row_of(self, patient_id: int) -> int:
        return next((i for i, p in enumerate(self.patients) if p.id == patient_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.patients)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.patients):
            return None
        p = self.patients[index.row()]
        col = index.column()
        review = p.soonest_review
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.NAME:
                return f"{p.family_name}, {p.given_name}"
            if col == self.BORN:
                return format_date(p.date_of_birth)
            if col == self.IDENTIFIER:
                return p.identifier or ""
            if col == self.PLANS:
                return str(p.number_of_plans)
            if col == self.NEXT_REVIEW:
                if review is None:
                    return ""
                overdue = review < self.today
                return f"{format_date(review)} (overdue)" if overdue else format_date(review)
            return None
        if role == ItemRole:
            return p
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NEXT_REVIEW and review is not None:
            return review_status(review, self.today)[0]
        if role == Qt.ItemDataRole.ForegroundRole and col == self.NEXT_REVIEW and review and review < self.today:
            return QBrush(_OVERDUE)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.PLANS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _matches(term: str, name_key: str, identifier_key: str, born: dt.date) -> bool:
    date = parse_date(term)
    if date is not None:
        return born == date
    folded = fold(term)
    return folded in name_key or (bool(identifier_key) and folded in identifier_key)


class PatientFilterProxyModel(QSortFilterProxyModel):
    """Search by any part of the name, by date of birth (2016-03-14 or 14/03/2016) or by identifier
    (spaces ignored); several words must each match.  Over a paged source the search runs in SQL
    (each word matches the start of a name word or of the identifier) and this proxy passes rows through."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); this proxy only filters, keeping the source's order."""
        source = self.sourceModel()
        if isinstance(source, PatientTableModel):
            source.sort(column, order)

    def set_query(self, text: str) -> None:
        source = self.sourceModel()
        if isinstance(source, PatientTableModel) and source.is_paged:
            self._set_terms([])
            source.set_query(text)
            return
        terms = text.split()
        # An identifier typed with spaces ("943 476 5919") is one term: digits groups join up.
        if len(terms) > 1 and all(t.isdigit() for t in terms):
            terms = ["".join(terms)]
        self._set_terms(terms)

    def _set_terms(self, terms: list[str]) -> None:
        if terms == self._terms:
            return
        if hasattr(self, "endFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._terms = terms
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._terms:
            return True
        model = self.sourceModel()
        assert isinstance(model, PatientTableModel)
        patient = model.patients[source_row]
        name_key, identifier_key = model.search_keys(patient)
        return all(_matches(t, name_key, identifier_key, patient.date_of_birth) for t in self._terms)


class ReviewsTableModel(_TableModel):
    """Plans whose review is due (the review date, the toxin cycle, hip surveillance) or overdue, with why;
    overdue ones marked in words and colour."""

    PATIENT, REVIEW, STATUS, PLAN, WHY = range(5)
    headers = ("Patient", "Review", "Status", "Plan", "Why")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plans: list[PlanSummary] = []
        #: Each plan's reasons, soonest first (none known: the plan's review date is the reason).
        self.reasons: list[tuple[DueReason, ...]] = []
        self.today = dt.date.today()

    def set_plans(
        self,
        plans: Sequence[PlanSummary],
        today: dt.date | None = None,
        reasons: Sequence[tuple[DueReason, ...]] | None = None,
    ) -> None:
        self.beginResetModel()
        self.today = today or dt.date.today()
        self.plans = list(plans)
        self.reasons = list(reasons) if reasons is not None else [() for _plan in self.plans]
        self.endResetModel()

    def due(self, row: int) -> dt.date | None:
        """When the review falls due: its soonest reason's day, else the plan's review date."""
        reasons = self.reasons[row]
        return reasons[0].due if reasons else self.plans[row].review_date

    def why(self, row: int, *, full: bool = False) -> str:
        """ "Review date, Toxin cycle" (``full``: with each reason's details, for the tooltip and screen readers)."""
        reasons = self.reasons[row]
        if not reasons:
            return ReviewReason.REVIEW_DATE.label
        return "; ".join(r.words for r in reasons) if full else ", ".join(r.reason.label for r in reasons)

    def overdue(self, row: int) -> bool:
        due = self.due(row)
        return due is not None and due < self.today

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plans)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.plans):
            return None
        plan = self.plans[index.row()]
        col = index.column()
        overdue = self.overdue(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.PATIENT:
                return plan.patient_name
            if col == self.PLAN:
                return plan.title
            if col == self.REVIEW:
                return format_date(self.due(index.row()))
            if col == self.STATUS:
                return review_status(self.due(index.row()), self.today)[0]
            if col == self.WHY:
                return self.why(index.row(), full=role == Qt.ItemDataRole.AccessibleTextRole)
            return None
        if role == ItemRole:
            return plan
        if role == Qt.ItemDataRole.ToolTipRole:
            why = f"Why: {self.why(index.row(), full=True)}"
            return f"{plan.title} ({plan.category.label})\n{why}" if col == self.PLAN else why
        if overdue and role == Qt.ItemDataRole.ForegroundRole and col in (self.REVIEW, self.STATUS):
            return QBrush(_OVERDUE)
        if overdue and role == Qt.ItemDataRole.FontRole and col == self.STATUS:
            return _bold()
        return None


class AuditTableModel(_TableModel):
    """A plan's activity log (``services.audit.AuditEvent``), newest first, as it was read."""

    WHEN, WHO, ROLE, ACTION, REVISION, DETAIL, COMPUTER = range(7)
    headers = ("When", "Who", "Role", "Action", "Revision", "Detail", "Computer")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.events: list[AuditEvent] = []

    def set_events(self, events: Sequence[AuditEvent]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.events)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        event = self.events[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            col = index.column()
            if col == self.WHEN:
                return format_datetime(event.at)
            cells = (None, event.who, event.role, event.action, event.revision, event.detail, event.computer)
            value = cells[col] if 0 <= col < len(cells) else None
            return "" if value is None else str(value)
        if role == ItemRole:
            return event
        if role == Qt.ItemDataRole.ToolTipRole and event.db_role:
            return f"Database role: {event.db_role}"
        return None
