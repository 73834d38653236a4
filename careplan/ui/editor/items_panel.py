"""The plan's items in order: reorder by buttons, keys or drag; remove with Delete."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan.core.model import Plan
from careplan.ui.editor.delegates import TwoLineDelegate
from careplan.ui.editor.document import PlanDocument
from careplan.ui.editor.models import PlanItemsListModel
from careplan.ui.editor.widgets import CautionBox, current_row, view_shortcut


class PlanItemsPanel(QWidget):
    #: The row of the item now current, -1 for none.
    current_row_changed = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.model = PlanItemsListModel(document, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.heading = QLabel()
        self.heading.setObjectName("paneHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.plan_cautions = CautionBox()
        self.plan_cautions.setAccessibleName("Cautions for the whole plan")
        layout.addWidget(self.plan_cautions)

        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TwoLineDelegate(self.view))
        self.view.setAccessibleName("Items in this plan")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        # Rows as high as their wrapped titles (TwoLineDelegate), laid out again when the width changes.
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.heading.setBuddy(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)

        self.empty_hint = QLabel(
            "No items yet. Add entries from the library (double-click, Enter or drag them here), "
            "or apply a starter template on the Plan details page."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.empty_hint)

        buttons = QHBoxLayout()
        self.up_button = QPushButton("▲ Up")
        self.up_button.setAccessibleName("Move item up")
        self.up_button.setToolTip("Move the item up (Alt+Up)")
        self.down_button = QPushButton("▼ Down")
        self.down_button.setAccessibleName("Move item down")
        self.down_button.setToolTip("Move the item down (Alt+Down)")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setAccessibleName("Remove item")
        self.remove_button.setToolTip("Remove the item from the plan (Delete)")
        for button in (self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.remove_button.clicked.connect(self.remove_current)

        self.up_action = self._action("Move item up", QKeySequence("Alt+Up"), self.move_up)
        self.down_action = self._action("Move item down", QKeySequence("Alt+Down"), self.move_down)
        self.remove_action = self._action(
            "Remove item", QKeySequence(QKeySequence.StandardKey.Delete), self.remove_current
        )
        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(lambda _l: self._plan_changed(document.plan, None))
        self._plan_changed(document.plan, None)

    def _action(self, text: str, keys: QKeySequence, slot: object) -> QAction:
        return view_shortcut(self.view, text, keys, slot)

    # -- selection ----------------------------------------------------------------------

    def current_row(self) -> int:
        return current_row(self.view)

    def select_row(self, row: int | None) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        self.current_row_changed.emit(row)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_actions()
        self.current_row_changed.emit(current.row() if current.isValid() else -1)

    # -- edits --------------------------------------------------------------------------

    def move_up(self) -> None:
        row = self.current_row()
        if row > 0:
            self._document.move_item(row, row - 1)

    def move_down(self) -> None:
        row = self.current_row()
        if 0 <= row < self.model.rowCount() - 1:
            self._document.move_item(row, row + 1)

    def remove_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._document.remove_items([row])

    # -- showing the plan -----------------------------------------------------------------

    def _plan_changed(self, plan: Plan, _before: Plan | None) -> None:
        count = len(plan.interventions)
        cautioned = len({c.item_index for c in self._document.cautions() if c.item_index is not None})
        text = f"Items in this plan ({count})"
        if cautioned:
            text += f" · ⚠ {cautioned} cautioned"
        self.heading.setText(text)
        whole_plan = tuple(c.text for c in self._document.cautions() if c.item_index is None)
        self.plan_cautions.set_cautions(whole_plan, "For the whole plan")
        self.empty_hint.setVisible(count == 0)
        if self.current_row() < 0 and count:
            # Keep something selected so the editor beside the list always has an item to show.
            self.select_row(0)
        elif not count:
            self.current_row_changed.emit(-1)
        self.update_actions()

    def update_actions(self) -> None:
        editable = not self._document.read_only
        row, count = self.current_row(), self.model.rowCount()
        for widget, enabled in (
            (self.up_button, row > 0),
            (self.down_button, 0 <= row < count - 1),
            (self.remove_button, row >= 0),
        ):
            widget.setEnabled(editable and enabled)
        self.up_action.setEnabled(self.up_button.isEnabled())
        self.down_action.setEnabled(self.down_button.isEnabled())
        self.remove_action.setEnabled(self.remove_button.isEnabled())
        self.view.setDragDropMode(
            QAbstractItemView.DragDropMode.DragDrop if editable else QAbstractItemView.DragDropMode.NoDragDrop
        )
