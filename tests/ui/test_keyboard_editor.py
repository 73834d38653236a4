"""Tab through the main window with a plan open, on each page of the editor: reading order, every
control once, no trap (``screen_checks.focus_chain`` presses Tab for real)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from careplan.ui.editor import PlanEditorWidget

from screen_checks import describe, focus_chain, focusable, out_of_reading_order
from ui_helpers import seed_plan

PAGES = ["details", "items", "goals", "programme"]


@pytest.fixture
def editor(qtbot: Any, window: Any, store: Any) -> PlanEditorWidget:
    seeded = seed_plan(store)
    window.patients.reload_lists()
    window.open_plan(seeded.plan_id)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    found = window.findChild(PlanEditorWidget)
    assert found is not None
    return found


def _chain_from(qtbot: Any, widget: QWidget) -> list[QWidget]:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return focus_chain(widget.window())


@pytest.mark.parametrize("name", PAGES)
def test_tab_goes_round_the_window_and_the_editor_page(qtbot: Any, window: Any, editor: Any, name: str) -> None:
    page = PAGES.index(name)
    editor.tabs.setCurrentIndex(page)
    if PAGES[page] == "items":
        editor.items_panel.select_row(0)
    chain = _chain_from(qtbot, window.patients.search)
    twice = {describe(w) for w in chain if chain.count(w) > 1}
    assert not twice, f"Tab visits these more than once: {twice}"
    never = [describe(w) for w in focusable(window) if w not in chain]
    assert not never, f"Tab never reaches {never}"
    p = window.patients
    # The patients, the toolbar's change note (it belongs to Save), then the plan.
    main = [p.search, p.patient_table, p.open_button, p.new_button, window.change_note, editor.tabs.tabBar()]
    assert [w for w in chain if w in main] == [w for w in main if w in chain]
    assert out_of_reading_order(chain) == []
