"""The goal editor's Goal Attainment Scaling fields (careplan.ui.editor.goals_page): the five levels
(copied from the library goal, kept only when all five or none are written), importance and difficulty."""

from __future__ import annotations

import dataclasses

from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.ui.editor import PlanEditorWidget

LEVELS = (
    "Turns 10 degrees",
    "Turns 20 degrees",
    "Turns 30 degrees",
    "Turns 40 degrees",
    "Turns 50 degrees",
)


def _editor(qtbot, library: Library, record: PlanRecord) -> PlanEditorWidget:  # type: ignore[no-untyped-def]
    goals = tuple(
        dataclasses.replace(goal, gas=LEVELS) if goal.code == "goal.neck_turn" else goal for goal in library.goals
    )
    editor = PlanEditorWidget(dataclasses.replace(library, goals=goals))
    qtbot.addWidget(editor)
    editor.load(record)
    editor.tabs.setCurrentIndex(2)
    return editor


def test_a_library_goal_brings_its_five_levels_which_the_therapist_can_adapt(qtbot, library, record) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, library, record)
    page = editor.goals_page
    page.library_goals.setCurrentIndex(page.library_goals.findData("goal.neck_turn"))
    page.add_library_goal()
    goal = editor.record().plan.goals[-1]
    assert goal.gas == LEVELS
    assert [e.text() for e in page.gas_edits] == list(LEVELS)
    page.gas_edits[4].setText("Turns 60 degrees, both ways")
    page.gas_edits[4].editingFinished.emit()
    assert editor.record().plan.goals[-1].gas[4] == "Turns 60 degrees, both ways"
    editor.undo_stack.undo()
    assert editor.record().plan.goals[-1].gas == LEVELS
    assert page.gas_edits[4].text() == LEVELS[4]


def test_levels_are_kept_only_all_five_or_none_and_a_gap_is_named(qtbot, library, record) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, library, record)
    page = editor.goals_page
    page.select_row(0)
    before = editor.record().plan
    page.gas_edits[0].setText("Cannot sit at all")
    page.gas_edits[0].editingFinished.emit()
    assert editor.record().plan == before  # one of five: nothing kept yet
    assert "Write all five levels, or none: levels -1, 0, +1, +2 are still empty." in page.gas_problem.text()
    for edit, text in zip(page.gas_edits[1:], LEVELS[1:], strict=True):
        edit.setText(text)
        edit.editingFinished.emit()
    assert editor.record().plan.goals[0].gas == ("Cannot sit at all", *LEVELS[1:])
    assert page.gas_problem.text() == ""
    for edit in page.gas_edits:  # all cleared: the goal has no levels again
        edit.clear()
    page.gas_edits[0].editingFinished.emit()
    assert editor.record().plan.goals[0].gas == ()


def test_importance_and_difficulty_weight_the_goal(qtbot, library, record) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, library, record)
    page = editor.goals_page
    page.select_row(0)
    assert (page.importance.currentIndex(), page.difficulty.currentIndex()) == (2, 2)  # the default, 2 each
    page.importance.setCurrentIndex(3)
    page.difficulty.setCurrentIndex(1)
    goal = editor.record().plan.goals[0]
    assert (goal.importance, goal.difficulty) == (3, 1)
    assert page.importance.currentText() == "3: very"
    assert page.importance.accessibleName() == "Goal importance"
