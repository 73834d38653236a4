"""Item models of the plan editor: the library, the plan's items, its goals and adjustments.

The plan models read the ``PlanDocument``'s snapshot and change it only through the
document (so every change is an undoable command); they redraw from ``plan_changed``
by comparing the old and new tuples, so views keep their scroll position and selection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from careplan.core.enums import AgeGroup, Audience, Category, Kind, Side, ToxinPhase
from careplan.core.library import Library, LibraryIntervention
from careplan.core.model import Goal, Intervention, Plan
from careplan.figures.shipped import ShippedFigure
from careplan.figures.sides import figure_side
from careplan.ui.editor.document import Location, PlanDocument
from careplan.ui.editor.labels import audiences_text, format_date, region_label
from careplan.ui.figure_widget import ShownSide, described

#: Library codes dragged from the library browser (a JSON list of strings).
LIBRARY_MIME = "application/x-careplan-library-codes"
#: Plan rows dragged inside the items list (JSON: the document's id and the rows).
ITEM_ROWS_MIME = "application/x-careplan-plan-rows"

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

ROLE_ENTRY = Qt.ItemDataRole.UserRole + 1  # LibraryIntervention, Intervention or Goal
ROLE_CAUTIONS = Qt.ItemDataRole.UserRole + 2  # tuple[str, ...] of caution texts
ROLE_KIND = Qt.ItemDataRole.UserRole + 3  # Kind
ROLE_SUBTITLE = Qt.ItemDataRole.UserRole + 4  # second line of an item row
ROLE_IN_PLAN = Qt.ItemDataRole.UserRole + 5  # bool: a library entry the plan already has
ROLE_SUITS_PHASE = Qt.ItemDataRole.UserRole + 6  # bool: suits where the person is in the toxin cycle today
ROLE_FIGURE = Qt.ItemDataRole.UserRole + 7  # (ShippedFigure, side) of a library entry's drawing, or None

_ICONS: dict[str, QIcon] = {}


def in_plan_icon() -> QIcon:
    """A green tick, drawn (not from the desktop's icon theme, which may have none)."""
    if "tick" not in _ICONS:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#1b7d2f"), 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPolyline([QPointF(2.5, 8.5), QPointF(6.5, 12.5), QPointF(13.5, 3.5)])
        painter.end()
        _ICONS["tick"] = QIcon(pixmap)
    return _ICONS["tick"]


def _diff(old: Sequence[object], new: Sequence[object]) -> tuple[int, int, int]:
    """(start, removed, inserted): ``new`` is ``old`` with ``removed`` rows at ``start``
    replaced by ``inserted`` rows (the common prefix and suffix kept)."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old - start, end_new - start


class _PlanListMixin:
    """Rows that follow one tuple of the plan, told apart by a diff of old and new."""

    COLUMN_COUNT = 1

    def _sync_rows(
        self,
        old: Sequence[object],
        new: Sequence[object],
        store: Callable[[Sequence[object]], None],
    ) -> None:
        model: Any = self
        start, removed, inserted = _diff(old, new)
        if removed and inserted and removed != inserted:
            model.beginResetModel()
            store(new)
            model.endResetModel()
            return
        if removed > inserted:
            model.beginRemoveRows(_ROOT, start, start + removed - 1)
            store(new)
            model.endRemoveRows()
        elif inserted > removed:
            model.beginInsertRows(_ROOT, start, start + inserted - 1)
            store(new)
            model.endInsertRows()
        else:
            store(new)
        if new:
            last = model.COLUMN_COUNT - 1
            model.dataChanged.emit(model.index(0, 0), model.index(len(new) - 1, last))


# -- the library ----------------------------------------------------------------------------


class LibraryTableModel(QAbstractTableModel):
    """Every library entry, shipped and the therapist's own, one per row."""

    COLUMNS = ("Title", "Kind", "Source")

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: tuple[LibraryIntervention, ...] = library.interventions
        self._in_plan: frozenset[str] = frozenset()
        #: Where the person is in the botulinum toxin cycle today (None: no injection recorded).
        self._phase: ToxinPhase | None = None
        #: Drawings by library code, and each entry's drawing on the side the plan's pull asks for.
        self._figures: dict[str, ShippedFigure] = {}
        self._pull_side: Side | None = None
        self._thumbs: dict[str, tuple[ShippedFigure, ShownSide]] = {}

    def set_library(self, library: Library) -> None:
        self.beginResetModel()
        self._entries = library.interventions
        self._thumbs = self._sided()
        self.endResetModel()

    def set_figures(self, figures: dict[str, ShippedFigure], pull_side: Side | None) -> None:
        """The drawings, turned as the plan's items made from them would be (as drawn when no side is known)."""
        if figures is self._figures and pull_side is self._pull_side:
            return
        self._figures, self._pull_side = figures, pull_side
        self._thumbs = self._sided()
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, len(self.COLUMNS) - 1))

    def _sided(self) -> dict[str, tuple[ShippedFigure, ShownSide]]:
        out: dict[str, tuple[ShippedFigure, ShownSide]] = {}
        for entry in self._entries:
            fig = self._figures.get(entry.code)
            if fig is not None:
                out[entry.code] = (
                    fig,
                    figure_side(fig, entry.to_intervention(self._pull_side), self._pull_side) or fig.moves_to,
                )
        return out

    def set_in_plan(self, codes: frozenset[str]) -> None:
        """Mark the entries whose codes the plan's items carry (a tick, "in plan" for screen readers)."""
        if codes == self._in_plan:
            return
        self._in_plan = codes
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, len(self.COLUMNS) - 1))

    def is_in_plan(self, entry: LibraryIntervention) -> bool:
        return entry.code in self._in_plan

    def set_toxin_phase(self, phase: ToxinPhase | None) -> None:
        """Mark the entries tagged with ``phase`` (gentle work early, the most practice at the peak …)."""
        if phase is self._phase:
            return
        self._phase = phase
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, len(self.COLUMNS) - 1))

    def suits_phase(self, entry: LibraryIntervention) -> bool:
        return self._phase is not None and self._phase in entry.toxin_phases

    def entry(self, row: int) -> LibraryIntervention:
        return self._entries[row]

    def row_of(self, code: str) -> int | None:
        return next((i for i, e in enumerate(self._entries) if e.code == code), None)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return self.COLUMNS[section] if horizontal and 0 <= section < len(self.COLUMNS) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        in_plan = entry.code in self._in_plan
        suits = self.suits_phase(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0 and (in_plan or suits):
            said = (
                [entry.title] + ["already in the plan"] * in_plan + ["suits this point of the injection cycle"] * suits
            )
            return ", ".join(said)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return entry.title
            if column == 1:
                # The view shows no Source column (room for the titles): an own entry says so here.
                kind = f"{entry.kind.label} (yours)" if entry.is_own else entry.kind.label
                return f"{kind} · now" if suits and role == Qt.ItemDataRole.DisplayRole else kind
            return "Yours" if entry.is_own else "Library"
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and in_plan:
            return in_plan_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"✓ Already in this plan: {entry.title}" if in_plan else entry.title, entry.instructions]
            if suits and self._phase is not None:
                lines.insert(1, f"Suits this point of the injection cycle ({self._phase.label.lower()}).")
            if entry.is_own:
                lines.append("One of your own entries.")
            lines += [f"Caution: {c.text}" for c in entry.cautions]
            if column == 0 and entry.code in self._thumbs:
                lines.append(f"Drawing: {described(*self._thumbs[entry.code])}")
            return "\n\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column == 0 and entry.code in self._thumbs:
            return f"Drawing: {described(*self._thumbs[entry.code])}"
        if role == ROLE_FIGURE:
            return self._thumbs.get(entry.code) if column == 0 else None
        if role == ROLE_IN_PLAN:
            return in_plan
        if role == ROLE_SUITS_PHASE:
            return suits
        if role == Qt.ItemDataRole.FontRole and column == 0 and suits:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and column in (1, 2) and entry.is_own:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROLE_ENTRY:
            return entry
        if role == ROLE_KIND:
            return entry.kind
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [LIBRARY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        codes: list[str] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            code = self._entries[index.row()].code
            if index.isValid() and code not in codes:
                codes.append(code)
        return library_mime(codes)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def library_mime(codes: Sequence[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(LIBRARY_MIME, QByteArray(json.dumps(list(codes)).encode()))
    return mime


class LibraryFilterProxyModel(QSortFilterProxyModel):
    """The library narrowed by a search text, a kind, a category and a body region."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._kind: Kind | None = None
        self._category: Category | None = None
        self._region: str | None = None
        self._age: AgeGroup | None = None
        #: Audiences whose handout fits the person (entries only for another handout are left out).
        self._fitting: frozenset[Audience] | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _change(self, **values: Any) -> None:
        if all(getattr(self, name) == value for name, value in values.items()):
            return  # each change looks at every library entry again: none when nothing changed
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self._change(_words=tuple(text.casefold().split()))

    def set_kind(self, kind: Kind | None) -> None:
        self._change(_kind=kind)

    def set_category(self, category: Category | None) -> None:
        self._change(_category=category)

    def set_region(self, region: str | None) -> None:
        self._change(_region=region)

    def set_filters(
        self,
        kind: Kind | None,
        category: Category | None,
        region: str | None,
        age: AgeGroup | None,
        fitting: frozenset[Audience] | None,
    ) -> None:
        """Kind, category, region and age at once: one look at the library (opening a plan sets them all)."""
        self._change(_kind=kind, _category=category, _region=region, _age=age, _fitting=fitting)

    def set_age(self, age: AgeGroup | None, fitting: frozenset[Audience] | None = None) -> None:
        """Entries for ``age`` (None: any), and none written only for a handout outside ``fitting``
        (school advice for an adult with no school, work advice for a child)."""
        self._change(_age=age, _fitting=fitting)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        entry = self.sourceModel().index(source_row, 0, source_parent).data(ROLE_ENTRY)
        if not isinstance(entry, LibraryIntervention):
            return False
        if self._kind is not None and entry.kind is not self._kind:
            return False
        if self._category is not None and not entry.suits(self._category):
            return False
        if self._region is not None and self._region not in entry.regions:
            return False
        if self._age is not None and entry.ages and self._age not in entry.ages:
            return False
        if self._fitting is not None and not entry.effective_audiences() & (self._fitting | {Audience.CLINICIAN}):
            return False
        if self._words:
            parts = (entry.title, entry.code, entry.instructions, entry.kind.label, *map(region_label, entry.regions))
            haystack = " ".join(parts).casefold()
            if "yours" in self._words and entry.is_own:
                haystack += " yours"
            return all(word in haystack for word in self._words)
        return True


# -- the plan's items -------------------------------------------------------------------------


class PlanItemsListModel(_PlanListMixin, QAbstractListModel):
    """The plan's items in order; drop library entries to add them, drag rows to reorder."""

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._items: tuple[Intervention, ...] = document.plan.interventions
        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(self._refresh_all)

    def _store(self, items: Sequence[Any]) -> None:
        self._items = tuple(items)

    def _plan_changed(self, plan: Plan, _before: Plan) -> None:
        self._sync_rows(self._items, plan.interventions, self._store)

    def _refresh_all(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def item(self, row: int) -> Intervention:
        return self._items[row]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row = index.row()
        item = self._items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title or "(untitled)"
        if role == ROLE_SUBTITLE:
            parts = [item.kind.label]
            if item.audiences:
                parts.append(audiences_text(item.audiences))
            return " · ".join(parts)
        if role == ROLE_KIND:
            return item.kind
        if role == ROLE_ENTRY:
            return item
        cautions = self._document.item_cautions(row)
        if role == ROLE_CAUTIONS:
            return tuple(c.text for c in cautions)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{item.kind.label}: {item.title}"
            return text + (", has a caution" if cautions else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{item.kind.label}: {item.title}"]
            lines += [f"⚠ {c.text}" for c in cautions]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole and cautions:
            return QIcon.fromTheme(QIcon.ThemeIcon.DialogWarning)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags if self._document.read_only else Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if not self._document.read_only:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [ITEM_ROWS_MIME, LIBRARY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        payload = {"document": id(self._document), "rows": rows}
        mime.setData(ITEM_ROWS_MIME, QByteArray(json.dumps(payload).encode()))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def moveRows(
        self, source_parent: AnyIndex, source_row: int, count: int, destination_parent: AnyIndex, destination: int
    ) -> bool:
        """Move one row so it lands before ``destination`` (QListView's internal drag calls this)."""
        if count != 1 or source_parent.isValid() or destination_parent.isValid():
            return False
        target = destination - 1 if destination > source_row else destination
        return self._document.move_item(source_row, min(target, len(self._items) - 1))

    def _drop_row(self, row: int, parent: AnyIndex) -> int:
        if row >= 0:
            return row
        if parent.isValid():
            return parent.row()
        return len(self._items)

    def _own_rows(self, mime: QMimeData) -> list[int] | None:
        try:
            payload = json.loads(bytes(mime.data(ITEM_ROWS_MIME).data()).decode())
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict) or payload.get("document") != id(self._document):
            return None
        rows = payload.get("rows")
        if not isinstance(rows, list) or not all(isinstance(r, int) for r in rows):
            return None
        return rows

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        if self._document.read_only or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        if data.hasFormat(ITEM_ROWS_MIME):
            return self._own_rows(data) is not None
        return data.hasFormat(LIBRARY_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        at = self._drop_row(row, parent)
        if data.hasFormat(ITEM_ROWS_MIME):
            rows = self._own_rows(data) or []
            if len(rows) != 1:
                return False
            source = rows[0]
            # Dropped below itself: the gap it leaves shifts the target up by one.
            target = at - 1 if at > source else at
            # Returning False keeps the view from removing the dragged row (the move is done).
            self._document.move_item(source, min(target, len(self._items) - 1))
            return False
        try:
            codes = json.loads(bytes(data.data(LIBRARY_MIME).data()).decode())
        except (ValueError, UnicodeDecodeError):
            return False
        if not isinstance(codes, list):
            return False
        return self._document.add_codes([c for c in codes if isinstance(c, str)], at)


# -- goals ------------------------------------------------------------------------------------


class GoalsTableModel(_PlanListMixin, QAbstractTableModel):
    """The plan's goals: domain, wording and target date."""

    COLUMNS = ("Domain", "Goal", "Target date")
    COLUMN_COUNT = len(COLUMNS)

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._goals: tuple[Goal, ...] = document.plan.goals
        document.plan_changed.connect(self._plan_changed)

    def _store(self, goals: Sequence[Any]) -> None:
        self._goals = tuple(goals)

    def _plan_changed(self, plan: Plan, _before: Plan) -> None:
        self._sync_rows(self._goals, plan.goals, self._store)

    def goal(self, row: int) -> Goal:
        return self._goals[row]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._goals)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return self.COLUMNS[section] if horizontal and 0 <= section < len(self.COLUMNS) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._goals):
            return None
        goal = self._goals[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return goal.domain.label
            if index.column() == 1:
                return goal.text or "(no wording yet)"
            return format_date(goal.target_date) or "—"
        if role == ROLE_ENTRY:
            return goal
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# -- programme adjustments --------------------------------------------------------------------


class AdjustmentsListModel(_PlanListMixin, QAbstractListModel):
    """Adjustments to the schedule or surroundings, edited in place (each edit undoable)."""

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self._rows: tuple[str, ...] = document.plan.programme.adjustments
        document.plan_changed.connect(self._plan_changed)
        document.read_only_changed.connect(self._refresh_flags)

    def _store(self, rows: Sequence[Any]) -> None:
        self._rows = tuple(rows)

    def _plan_changed(self, plan: Plan, _before: Plan) -> None:
        self._sync_rows(self._rows, plan.programme.adjustments, self._store)

    def _refresh_flags(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if not self._document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not isinstance(value, str):
            return False
        rows = list(self._rows)
        text = value.strip()
        if not text:
            return False
        rows[index.row()] = text
        return set_adjustments(self._document, rows, "Edit adjustment", index.row())


def set_adjustments(document: PlanDocument, rows: Sequence[str], text: str, row: int | None) -> bool:
    plan = document.plan
    programme = plan.programme
    return document.edit(
        plan.replace(programme=replace(programme, adjustments=tuple(rows))),
        text,
        location=Location("programme", row),
    )
