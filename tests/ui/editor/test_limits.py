"""The desktop editor keeps a plan within the limits a plan file has (careplan.core.limits), and the
own-entry form refuses the characters no text may hold (careplan.core.text)."""

from __future__ import annotations

import dataclasses
from typing import Any

from careplan.core.enums import Category
from careplan.core.limits import MAX_GOALS, MAX_ITEMS
from careplan.core.model import Goal
from careplan.ui.editor.editor import PlanEditorWidget


def _fill(loaded: PlanEditorWidget, items: int = 0, goals: int = 0) -> None:
    plan = loaded.document.plan
    first = plan.interventions[0]
    loaded.document.load(
        dataclasses.replace(
            plan,
            interventions=tuple(dataclasses.replace(first, title=f"Item {n}") for n in range(items)),
            goals=tuple(Goal(domain=plan.goals[0].domain, text=f"Goal {n}") for n in range(goals)),
        )
    )


def test_adding_an_item_to_a_full_plan_is_refused_with_a_message(loaded: PlanEditorWidget, dialogs: Any) -> None:
    _fill(loaded, items=MAX_ITEMS)
    before = loaded.document.plan
    entry = loaded.document.library.interventions[0]
    assert loaded.document.add_entries([entry]) is False
    assert loaded.document.plan == before and loaded.undo_stack.count() == 0
    assert dialogs.errors() == [
        ("The plan is full", "This plan has 300 items; a plan can hold at most 300. Remove some items first.")
    ]


def test_adding_several_items_that_would_pass_the_limit_adds_none(loaded: PlanEditorWidget, dialogs: Any) -> None:
    _fill(loaded, items=MAX_ITEMS - 1)
    in_plan = loaded.document.in_plan()  # entries not in the plan yet: no "add it again?" question
    entries = [e for e in loaded.document.library.interventions if e.code not in in_plan][:2]
    assert loaded.document.add_entries(entries) is False
    assert len(loaded.document.plan.interventions) == MAX_ITEMS - 1
    assert "Adding 2 items would make 301; a plan can hold at most 300" in dialogs.errors()[0][1]
    assert loaded.document.add_entries(entries[:1]) is True  # one more still fits
    assert len(loaded.document.plan.interventions) == MAX_ITEMS


def test_adding_a_goal_to_a_full_plan_is_refused(loaded: PlanEditorWidget, dialogs: Any) -> None:
    _fill(loaded, items=1, goals=MAX_GOALS)
    assert loaded.document.add_goal(Goal(domain=loaded.document.plan.goals[0].domain, text="One more")) is False
    assert len(loaded.document.plan.goals) == MAX_GOALS
    assert dialogs.errors()[0][1].startswith("This plan has 100 goals; a plan can hold at most 100.")


def test_own_entry_form_names_the_field_with_a_control_character(qtbot: Any) -> None:
    from careplan.ui.editor.own_entry_dialog import OwnEntryDialog

    calls: list[Any] = []
    dialog = OwnEntryDialog(Category.HAND, lambda entry: calls.append(entry) or entry)
    qtbot.addWidget(dialog)
    dialog.title.setText("Pen grip\x1b[31m")
    dialog.instructions.setPlainText("Hold the pen\u202e lightly.")
    dialog.accept()
    text = dialog.problem.text()
    assert "The title holds a control character, U+001B (ESC), at position 9" in text
    assert "The instructions holds a character that reverses how the text after it is shown" in text
    assert calls == [] and dialog.saved is None
