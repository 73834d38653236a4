"""The library browser: search, filters, the entries, and ways to add one to the plan."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careplan.core.audience import fitting_audiences
from careplan.core.enums import ADULT_AGE, AgeGroup, Audience, Category, Kind
from careplan.core.library import Library, LibraryIntervention
from careplan.core.model import Patient, Plan
from careplan.ui.editor.document import PlanDocument
from careplan.ui.editor.labels import region_label
from careplan.ui.editor.models import ROLE_ENTRY, ROLE_FIGURE, LibraryFilterProxyModel, LibraryTableModel
from careplan.ui.editor.own_entry_dialog import OwnEntryDialog, OwnEntrySaver
from careplan.ui.editor.widgets import buddy_label, mark_view_control
from careplan.ui.figure_widget import FigurePixmaps, ThumbnailDelegate, screen_figures

#: Thumbnails in the library list: big enough to tell the exercises apart at 96 dpi, small enough for 10 rows.
THUMBNAIL = 44

_ALL = "__all__"


def _age_group(patient: Patient) -> AgeGroup:
    return AgeGroup.ADULT if patient.age_on() >= ADULT_AGE else AgeGroup.CHILD


class RepeatEntryDialog:
    """Asks before library entries already in the plan are added again; No (the default) adds only
    those not in the plan yet."""

    @classmethod
    def build(cls, parent: QWidget | None, entries: Sequence[LibraryIntervention]) -> QMessageBox:
        if len(entries) == 1:
            text = f"“{entries[0].title}” is already in this plan. Add it a second time?"
        else:
            names = "\n".join(f"• {e.title}" for e in entries)
            text = f"These are already in this plan:\n{names}\n\nAdd them a second time?"
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Already in the plan", text, QMessageBox.StandardButton.NoButton, parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("No leaves the plan as it is (other entries chosen with it are still added).")
        box.setAccessibleName("Already in the plan")
        add = box.addButton("Add again", QMessageBox.ButtonRole.YesRole)
        add.setObjectName("addAgain")
        no = box.addButton(QMessageBox.StandardButton.No)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        return box

    @classmethod
    def ask(cls, parent: QWidget | None, entries: Sequence[LibraryIntervention]) -> bool:
        box = cls.build(parent, entries)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and clicked.objectName() == "addAgain"


class LibraryBrowser(QWidget):
    """Pick entries to add; the therapist's own entries show beside the shipped ones, marked "Yours"."""

    #: The new own entry, after it was saved and the library updated.
    own_entry_created = Signal(object)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._saver: OwnEntrySaver | None = None
        self.model = LibraryTableModel(document.library, self)
        self.proxy = LibraryFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        heading = QLabel("Library")
        heading.setObjectName("paneHeading")
        layout.addWidget(heading)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Title, words or code")
        self.search.setToolTip(
            "Type words from the title or instructions, or a code. Up and Down choose an entry; Enter adds it."
        )
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # the clear button: an icon only
            button.setAccessibleName("Clear the search")
            button.setToolTip("Clear the search")
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        mark_view_control(self.search)
        filters = QGridLayout()
        filters.setColumnStretch(1, 1)
        filters.addWidget(buddy_label("Search:", self.search, "Search the library"), 0, 0)
        filters.addWidget(self.search, 0, 1)

        self.kind = QComboBox()
        self.kind.addItem("All kinds", _ALL)
        for kind in Kind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._filters_changed)
        self.category = QComboBox()
        self.category.addItem("All categories", _ALL)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.category.currentIndexChanged.connect(self._filters_changed)
        self.region = QComboBox()
        self.region.currentIndexChanged.connect(self._filters_changed)
        self.age = QComboBox()
        for text, group in (("Adults", AgeGroup.ADULT), ("Children", AgeGroup.CHILD), ("All ages", None)):
            self.age.addItem(text, group.value if group else _ALL)
        self.age.setToolTip("Set from the person's age when a plan opens; entries for other ages are left out")
        self.age.currentIndexChanged.connect(self._filters_changed)
        for row, (text, combo, name) in enumerate(
            (
                ("Kind:", self.kind, "Filter by kind"),
                ("Category:", self.category, "Filter by category"),
                ("Region:", self.region, "Filter by body region"),
                ("Age:", self.age, "Filter by age"),
            ),
            start=1,
        ):
            mark_view_control(combo)
            filters.addWidget(buddy_label(text, combo, name), row, 0)
            filters.addWidget(combo, row, 1)
        layout.addLayout(filters)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Library entries")
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # library order until a heading is clicked
        # Whole titles: a long one wraps onto a second line rather than ending in "...".
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.hideColumn(2)  # Library or Yours: the Kind column says "(yours)", the titles get the room
        self.figures, figure_problem = screen_figures()
        self.thumbnails = ThumbnailDelegate(ROLE_FIGURE, FigurePixmaps(THUMBNAIL), self.view)
        self.view.setItemDelegateForColumn(0, self.thumbnails)
        # Double-click, not "activated": some desktops activate on a single click.
        self.view.doubleClicked.connect(self._double_clicked)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Enter), self.view, context=Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(self.add_selected)
        ret = QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, context=Qt.ShortcutContext.WidgetShortcut)
        ret.activated.connect(self.add_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        layout.addWidget(self.view, 1)

        self.hint = QLabel(
            "Double-click, press Enter or drag an entry onto the plan's items to add it."
            + (f"\n{figure_problem}" if figure_problem else "")
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add to plan ▸")
        self.add_button.setToolTip("Add the selected entries to the plan (Enter)")
        self.add_button.clicked.connect(self.add_selected)
        self.new_button = QPushButton("New entr&y…")
        self.new_button.setToolTip("Write an entry of your own; it is kept in your library for other plans")
        self.new_button.clicked.connect(self.new_entry)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.search, self.kind)
        QWidget.setTabOrder(self.kind, self.category)
        QWidget.setTabOrder(self.category, self.region)
        QWidget.setTabOrder(self.region, self.age)
        QWidget.setTabOrder(self.age, self.view)
        QWidget.setTabOrder(self.view, self.add_button)
        QWidget.setTabOrder(self.add_button, self.new_button)

        self._plan_category: Category | None = None
        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(self._library_changed)
        self._fill_regions()
        self._plan_changed(document.plan, None)

    # -- filters ---------------------------------------------------------------------

    def _fill_regions(self) -> None:
        current = self.region.currentData()
        regions = sorted({r for e in self._document.library.interventions for r in e.regions}, key=region_label)
        blocked = self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem("All regions", _ALL)
        for region in regions:
            self.region.addItem(region_label(region), region)
        self.region.setCurrentIndex(max(0, self.region.findData(current)))
        self.region.blockSignals(blocked)
        self._filters_changed()

    def _filters_changed(self, _index: int = 0) -> None:
        kind = self.kind.currentData()
        category = self.category.currentData()
        region = self.region.currentData()
        self.proxy.set_filters(
            None if kind in (None, _ALL) else Kind(kind),
            None if category in (None, _ALL) else Category(category),
            None if region in (None, _ALL) else region,
            *self._age_filter(),
        )
        self.update_actions()

    def _age_filter(self) -> tuple[AgeGroup | None, frozenset[Audience] | None]:
        age = self.age.currentData()
        if age in (None, _ALL):
            return None, None
        group = AgeGroup(age)
        patient = self._document.patient
        if patient is not None and _age_group(patient) is group:
            fitting = frozenset(fitting_audiences(patient))  # the person's own handouts decide
        else:
            fitting = frozenset(
                a for a in Audience if a is not (Audience.WORK if group is AgeGroup.CHILD else Audience.SCHOOL)
            )
        return group, fitting

    def set_category_filter(self, category: Category | None) -> None:
        self.category.setCurrentIndex(self.category.findData(_ALL if category is None else category.value))

    def reset_filters(self) -> None:
        """Start again from the plan: its category, the person's age, no search, every kind and region."""
        for combo in (self.kind, self.region, self.category, self.age):
            combo.blockSignals(True)
        self.search.blockSignals(True)
        self.search.clear()
        self.proxy.set_search("")
        self.kind.setCurrentIndex(0)
        self.region.setCurrentIndex(0)
        self.category.setCurrentIndex(self.category.findData(self._document.plan.category.value))
        patient = self._document.patient
        self.age.setCurrentIndex(self.age.findData(_age_group(patient).value if patient is not None else _ALL))
        for combo in (self.kind, self.region, self.category, self.age):
            combo.blockSignals(False)
        self.search.blockSignals(False)
        self._filters_changed()

    def _plan_changed(self, plan: Plan, before: Plan | None) -> None:
        self.model.set_in_plan(self._document.in_plan())
        self.model.set_figures(self.figures, plan.pull_side)  # thumbnails turn as the plan's items would
        if before is None:
            # Another plan (perhaps another person's): nothing carries over from the last one.
            self._plan_category = plan.category
            self.reset_filters()
        elif plan.category is not self._plan_category:
            # The category filter follows the plan's category (the therapist may widen it).
            self._plan_category = plan.category
            self.set_category_filter(plan.category)

    def _library_changed(self, library: Library) -> None:
        self.model.set_library(library)
        self._fill_regions()

    # -- adding ------------------------------------------------------------------------

    def selected_entries(self) -> list[LibraryIntervention]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.proxy.index(r, 0).data(ROLE_ENTRY) for r in rows]

    def _double_clicked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self._document.add_entries([self.proxy.index(index.row(), 0).data(ROLE_ENTRY)])

    def add_selected(self) -> None:
        self._document.add_entries(self.selected_entries())

    # -- searching with the keyboard ------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        if text and self.proxy.rowCount():
            self.view.selectRow(0)  # Enter adds the best match straight away
        self.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Up and Down move through the entries and Enter adds the chosen one."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.proxy.rowCount():
                row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1
                row = min(row + 1, self.proxy.rowCount() - 1) if key == Qt.Key.Key_Down else max(row - 1, 0)
                self.view.selectRow(row)
                self.view.scrollTo(self.proxy.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.currentIndex().isValid():
                self.add_selected()
                return True
        return False

    def select_code(self, code: str) -> None:
        row = self.model.row_of(code)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the filters: clear them so the therapist sees it
            self.search.clear()
            self.kind.setCurrentIndex(0)
            self.region.setCurrentIndex(0)
            self.set_category_filter(None)
            self.age.setCurrentIndex(self.age.findData(_ALL))
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        self.view.scrollTo(index)

    # -- own entries ------------------------------------------------------------------

    def set_own_entry_saver(self, saver: OwnEntrySaver | None) -> None:
        self._saver = saver
        self.update_actions()

    def new_entry(self) -> None:
        if self._saver is None or self._document.read_only:
            return
        result = OwnEntryDialog.ask(self, self._document.plan.category, self._saver)
        if result is None:
            return
        entry, add_now = result
        self._document.set_library(self._document.library.with_own([entry]))
        self.select_code(entry.code)
        self.own_entry_created.emit(entry)
        if add_now:
            self._document.add_entries([entry])

    def update_actions(self) -> None:
        editable = not self._document.read_only
        self.add_button.setEnabled(editable and bool(self.view.selectionModel().selectedRows()))
        self.new_button.setEnabled(editable and self._saver is not None)
        self.new_button.setToolTip(
            "Write an entry of your own; it is kept in your library for other plans"
            if self._saver is not None
            else "Your own entries cannot be stored here"
        )
