"""The therapist sets who does a shared item on which days: the school's days a week, in the item editor."""

from __future__ import annotations

import pytest

from careplan.core.enums import Audience
from careplan.ui.editor import PlanEditorWidget

# The offscreen platform says this whenever a shown window with a layout gets its minimum size.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def test_school_days_shown_for_a_shared_item_set_and_undone(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    editor = loaded.item_editor
    loaded.items_panel.select_row(0)  # an exercise for the family only
    assert Audience.SCHOOL not in loaded.record().plan.interventions[0].audiences
    assert not editor._form.isRowVisible(editor.school_days)
    with qtbot.waitSignal(loaded.plan_changed):
        editor.audiences[Audience.SCHOOL].setChecked(True)  # now shared with the school
    assert editor._form.isRowVisible(editor.school_days)
    assert editor.school_days.optional_value() is None  # not agreed yet
    with qtbot.waitSignal(loaded.plan_changed) as changed:
        editor.school_days.setValue(3)
    assert changed.args[0].interventions[0].school_days == 3
    assert loaded.record().plan.interventions[0].home_days == 4  # every day, less the school's 3
    with qtbot.waitSignal(loaded.plan_changed):
        loaded.undo_stack.undo()
    assert loaded.record().plan.interventions[0].school_days is None
    assert editor.school_days.optional_value() is None


def test_school_days_cannot_go_past_a_school_week(loaded: PlanEditorWidget) -> None:
    spin = loaded.item_editor.school_days
    assert spin.maximum() == 5 and spin.minimum() == -1  # one below 0 is "not set"
    assert spin.specialValueText()


def test_advice_set_at_school_keeps_its_school_tick(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    """The one rule for school items: advice whose setting is School is on the school handout, so
    the School box ticks itself and cannot be unticked while the setting is School."""
    editor = loaded.item_editor
    loaded.items_panel.select_row(2)  # advice for the family, set at home
    assert not editor.audiences[Audience.SCHOOL].isChecked()
    with qtbot.waitSignal(loaded.plan_changed):
        editor.setting.setCurrentText("School")
    assert Audience.SCHOOL in loaded.record().plan.interventions[2].audiences
    assert editor.audiences[Audience.SCHOOL].isChecked()
    before = loaded.undo_stack.count()
    editor.audiences[Audience.SCHOOL].setChecked(False)
    assert editor.audiences[Audience.SCHOOL].isChecked()  # shown as it is, nothing changed
    assert loaded.undo_stack.count() == before
