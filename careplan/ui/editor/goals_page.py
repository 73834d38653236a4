"""The "Goals" page: the plan's goals in a table, the selected one's wording below, the goal library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from careplan.core.enums import Category, GoalDomain
from careplan.core.model import TEXT_MAX, Goal, Plan
from careplan.core.scales import GAS_LEVELS
from careplan.ui.editor.bindings import Binder
from careplan.ui.editor.document import PlanDocument
from careplan.ui.editor.models import GoalsTableModel
from careplan.ui.editor.widgets import OptionalDateEdit, ProblemLabel, buddy_label, current_row, view_shortcut
from careplan.ui.formatting import GAS_MEANINGS, gas_level

#: A library goal's blank for the number or time to fill in.
GOAL_BLANK = "___"

_DOMAINS: list[tuple[str, GoalDomain]] = [(d.label, d) for d in GoalDomain]
#: Importance and difficulty, 0-3 (Turner-Stokes 2009).
_WEIGHTS = ("not at all", "a little", "moderately", "very")


class GoalsPage(QWidget):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._binder = Binder()
        self.model = GoalsTableModel(document, self)
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        self.heading.setObjectName("paneHeading")
        layout.addWidget(self.heading)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Goals of this plan")
        self.heading.setBuddy(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.up_button = QPushButton("▲ Up")
        self.up_button.setToolTip("Move the goal up (Alt+Up)")
        self.down_button = QPushButton("▼ Down")
        self.down_button.setToolTip("Move the goal down (Alt+Down)")
        self.up_button.setAccessibleName("Move goal up")
        self.down_button.setAccessibleName("Move goal down")
        self.remove_button = QPushButton("Re&move goal")
        self.remove_button.setToolTip("Remove the goal (Delete)")
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self._actions = [
            self._action("Move goal up", QKeySequence("Alt+Up"), self.move_up),
            self._action("Move goal down", QKeySequence("Alt+Down"), self.move_down),
            self._action("Remove goal", QKeySequence(QKeySequence.StandardKey.Delete), self.remove_current),
        ]

        self.goal_box = QGroupBox("Selected goal")
        columns = QHBoxLayout(self.goal_box)
        form = QFormLayout()
        columns.addLayout(form, 1)
        self.text = QLineEdit()
        self.text.setMaxLength(TEXT_MAX)
        self.text.setPlaceholderText("Measurable: what, how much, by when")
        self._binder.line(self.text, self._read("text"), self._commit("text", "Edit goal"), required=True)
        form.addRow(buddy_label("Wording:", self.text, "Goal wording"), self.text)
        self.view.doubleClicked.connect(lambda _i: self.text.setFocus())
        self.domain = QComboBox()
        self._binder.choice(self.domain, _DOMAINS, self._read("domain"), self._commit("domain", "Change goal domain"))
        form.addRow(buddy_label("Dom&ain:", self.domain, "Goal domain"), self.domain)
        self.target = OptionalDateEdit("Targe&t date:")
        self.target.default_date = self._default_target
        self._binder.date(self.target, self._read("target_date"), self._commit("target_date", "Change target date"))
        form.addRow(buddy_label(self.target.label_text, self.target), self.target)
        self.target_problem = ProblemLabel()
        self.target.problem_changed.connect(lambda text: self.target_problem.show_problem(text or None))
        form.addRow(self.target_problem)
        self._build_gas(form, columns)
        layout.addWidget(self.goal_box)

        add_box = QGroupBox("Add a goal")
        add = QHBoxLayout(add_box)
        self.library_goals = QComboBox()
        self.library_goals.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.library_goals.setMinimumContentsLength(30)
        add.addWidget(buddy_label("From the &library:", self.library_goals, "Goal library"))
        add.addWidget(self.library_goals, 1)
        self.add_library_button = QPushButton("Add g&oal")
        self.add_library_button.setAccessibleName("Add goal from the library")
        self.add_library_button.clicked.connect(self.add_library_goal)
        add.addWidget(self.add_library_button)
        self.add_own_button = QPushButton("Add &your own goal")
        self.add_own_button.setToolTip("A goal in your own words")
        self.add_own_button.clicked.connect(self.add_free_goal)
        add.addWidget(self.add_own_button)
        layout.addWidget(add_box)

        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(lambda _l: self._fill_library_goals())
        self._category: Category | None = None
        self._plan_changed(document.plan, None)

    def _build_gas(self, form: QFormLayout, columns: QHBoxLayout) -> None:
        """Goal Attainment Scaling: importance and difficulty (they weight the goal in the T-score) under
        the goal's fields, and its five levels beside them (all five or none; from the library goal)."""
        self.importance = QComboBox()
        self.difficulty = QComboBox()
        for combo, name, words in (
            (self.importance, "importance", "How important to the person"),
            (self.difficulty, "difficulty", "How hard to reach"),
        ):
            self._binder.choice(
                combo,
                [(f"{n}: {label}", n) for n, label in enumerate(_WEIGHTS)],
                self._read(name),
                self._commit(name, f"Change goal {name}"),
            )
            combo.setToolTip(f"{words}, 0 (not at all) to 3 (very): weights the goal in the GAS T-score")
            form.addRow(buddy_label(f"{name.capitalize()}:", combo, f"Goal {name}"), combo)
        levels_box = QGroupBox("Goal Attainment Scaling levels")
        levels_box.setToolTip("What each level of the goal looks like; write all five, or none")
        levels = QFormLayout(levels_box)
        self.gas_edits: list[QLineEdit] = []
        for level in GAS_LEVELS:
            edit = QLineEdit()
            edit.setMaxLength(TEXT_MAX)
            edit.setPlaceholderText(GAS_MEANINGS[level])
            edit.editingFinished.connect(self._gas_edited)
            self.gas_edits.append(edit)
            shown = gas_level(level)
            levels.addRow(buddy_label(f"{shown}:", edit, f"GAS level {shown}, {GAS_MEANINGS[level]}"), edit)
        self.gas_problem = ProblemLabel()
        levels.addRow(self.gas_problem)
        columns.addWidget(levels_box, 1)

    def _gas_edited(self) -> None:
        """Keep the five levels once all are written (or all cleared); until then say what is missing."""
        goal = self._goal()
        if goal is None:
            return
        texts = tuple(" ".join(e.text().split()) for e in self.gas_edits)
        missing = [gas_level(n) for n, t in zip(GAS_LEVELS, texts, strict=True) if not t]
        if missing and len(missing) < len(GAS_LEVELS):
            which = f"levels {', '.join(missing)} are" if len(missing) > 1 else f"level {missing[0]} is"
            self.gas_problem.show_problem(f"Write all five levels, or none: {which} still empty.")
            return
        self.gas_problem.show_problem(None)
        gas = () if missing else texts
        if gas != goal.gas:
            self._document.edit_goal(self.current_row(), "Edit goal levels", "gas", gas=gas)

    def _show_gas(self, goal: Goal | None) -> None:
        self.gas_problem.show_problem(None)
        for n, edit in enumerate(self.gas_edits):
            text = goal.gas[n] if goal is not None and goal.gas else ""
            if edit.text() != text:
                edit.setText(text)
            edit.setEnabled(goal is not None and not self._document.read_only)

    def _action(self, text: str, keys: QKeySequence, slot: object) -> QAction:
        return view_shortcut(self.view, text, keys, slot)

    # -- the selected goal ------------------------------------------------------------

    def current_row(self) -> int:
        return current_row(self.view)

    def select_row(self, row: int | None) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 1)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        self._show_goal()

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_goal()

    def _goal(self, plan: Plan | None = None) -> Goal | None:
        goals = (plan or self._document.plan).goals
        row = self.current_row()
        return goals[row] if 0 <= row < len(goals) else None

    def _read(self, name: str) -> Callable[[Plan], object]:
        def read(plan: Plan) -> object:
            goal = self._goal(plan)
            return getattr(goal, name) if goal is not None else None

        return read

    def _commit(self, name: str, text: str) -> Callable[[object], None]:
        def commit(value: object) -> None:
            if self._goal() is not None:
                self._document.edit_goal(self.current_row(), text, name, **{name: value})

        return commit

    def _default_target(self) -> dt.date:
        return self._document.plan.review_date or dt.date.today()

    # -- edits ----------------------------------------------------------------------

    def move_up(self) -> None:
        row = self.current_row()
        if row > 0:
            self._document.move_goal(row, row - 1)

    def move_down(self) -> None:
        row = self.current_row()
        if 0 <= row < self.model.rowCount() - 1:
            self._document.move_goal(row, row + 1)

    def remove_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._document.remove_goal(row)

    def add_library_goal(self) -> None:
        code = self.library_goals.currentData()
        entry = self._document.library.goal(code) if code else None
        if entry is not None and self._document.add_library_goal(entry):
            self._focus_blank()

    def add_free_goal(self) -> None:
        if self._document.add_goal(Goal(domain=GoalDomain.OTHER, text="")):
            self.text.setFocus()

    def _focus_blank(self) -> None:
        """Put the cursor on the goal's ``___`` so the therapist types the number straight away."""
        self.text.setFocus()
        at = self.text.text().find(GOAL_BLANK)
        if at >= 0:
            self.text.setSelection(at, len(GOAL_BLANK))

    # -- showing ------------------------------------------------------------------------

    def _plan_changed(self, plan: Plan, _before: Plan | None) -> None:
        count = len(plan.goals)
        self.heading.setText(f"Goal&s of this plan ({count})")
        if plan.category is not self._category:
            self._category = plan.category
            self._fill_library_goals()
        if self.current_row() < 0 and count:
            self.select_row(0)
        self._show_goal()

    def _fill_library_goals(self) -> None:
        category = self._document.plan.category
        goals = [g for g in self._document.library.goals if g.suits(category)]
        blocked = self.library_goals.blockSignals(True)
        self.library_goals.clear()
        for goal in goals:
            label = f"{goal.domain.label}: {goal.text}" + ("  (yours)" if goal.is_own else "")
            self.library_goals.addItem(label, goal.code)
            self.library_goals.setItemData(self.library_goals.count() - 1, goal.text, Qt.ItemDataRole.ToolTipRole)
        if not goals:
            self.library_goals.addItem("No library goals for this category", None)
        self.library_goals.blockSignals(blocked)
        self.update_actions()

    def _show_goal(self) -> None:
        goal = self._goal()
        self.goal_box.setEnabled(goal is not None)
        self.goal_box.setTitle("Selected goal" if goal is not None else "Selected goal (none: add one below)")
        self._binder.refresh(self._document.plan)
        self._show_gas(goal)
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
        for action, button in zip(self._actions, (self.up_button, self.down_button, self.remove_button), strict=True):
            action.setEnabled(button.isEnabled())
        self.add_library_button.setEnabled(editable and self.library_goals.currentData() is not None)
        self.library_goals.setEnabled(editable)
        self.add_own_button.setEnabled(editable)
        self.target.set_editable(editable)
