"""A narrow window (1366x768 at 150% scaling: 910x512 points) shows the patient list and the plan in turn.

The real main window with the real editor, resized as a clinic screen gives it: at 100% the list stays
beside the plan; at 150% the list gives way while a plan is open, nothing in the editor scrolls
sideways on any page, a visible button (or Ctrl+O) brings the list back without closing the plan,
and the layout saved at the end is the user's, not the narrow one.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.exceptions import TimeoutError

from careplan.ui.main_window import MainWindow
from careplan.ui.screen import FRAME_ALLOWANCE

from screen_checks import clipped_texts, mnemonic_clashes
from ui_helpers import seed_plan

#: The window's size on a 1366x768 screen, less its frame, at 100% and at 150% scaling.
AT_100 = (1366 - FRAME_ALLOWANCE.width(), 768 - FRAME_ALLOWANCE.height())
AT_150 = (910 - FRAME_ALLOWANCE.width(), 512 - FRAME_ALLOWANCE.height())


def shown_at(qtbot: Any, window: MainWindow, size: tuple[int, int]) -> MainWindow:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    return window


def sideways(window: QWidget) -> list[str]:
    """Every scroll area of the window (the editor's own and the pages inside it) that scrolls sideways."""
    return [
        f"{area.objectName() or type(area).__name__}: {area.horizontalScrollBar().maximum()} px"
        for area in window.findChildren(QScrollArea)
        if area.isVisible() and (area.horizontalScrollBar().isVisible() or area.horizontalScrollBar().maximum() > 0)
    ]


def docks_shown(window: MainWindow) -> tuple[bool, bool]:
    return (window.patients.patients_dock.isVisible(), window.patients.reviews_dock.isVisible())


def test_at_100_percent_the_list_stays_beside_the_plan(qtbot: Any, window: MainWindow, store: Any) -> None:
    record = seed_plan(store)
    shown_at(qtbot, window, AT_100)
    assert window.open_plan(record.plan_id)
    area = window.session.editor_area
    assert area is not None and window.central.currentWidget() is area
    assert not window.narrow.too_narrow()
    assert docks_shown(window) == (True, True)
    assert not window.narrow.list_button.isVisible()
    for page in range(4):
        window.editor.tabs.setCurrentIndex(page)
        qtbot.waitUntil(lambda: not sideways(window))


@pytest.mark.parametrize("size", [AT_150, (910, 512)], ids=["window-on-the-screen", "whole-screen"])
def test_at_150_percent_the_list_gives_way_and_no_page_scrolls_sideways(
    qtbot: Any, window: MainWindow, store: Any, size: tuple[int, int]
) -> None:
    record = seed_plan(store)
    shown_at(qtbot, window, size)
    assert docks_shown(window) == (True, True)  # no plan open: the list has its place
    assert window.open_plan(record.plan_id)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    area = window.session.editor_area
    assert area is not None and window.central.currentWidget() is area
    assert window.narrow.list_button.isVisible()
    for page in range(4):
        window.editor.tabs.setCurrentIndex(page)
        with contextlib.suppress(TimeoutError):
            qtbot.waitUntil(lambda: not sideways(window))
        assert not sideways(window), (page, sideways(window), area.widget().minimumSizeHint(), area.viewport().width())
        assert area.widget().width() <= area.viewport().width()
        assert not [p for p in clipped_texts(window) if "scrolls sideways" in p], page
    # The item editor beside the library and the plan's items has the room its fields need.
    window.editor.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not window.editor.item_editor.horizontalScrollBar().isVisible())


def test_the_list_comes_back_with_a_button_and_the_plan_stays_open(qtbot: Any, window: MainWindow, store: Any) -> None:
    record = seed_plan(store)
    shown_at(qtbot, window, AT_150)
    assert window.open_plan(record.plan_id)
    qtbot.waitUntil(window.narrow.list_button.isVisible)
    editor = window.editor
    # Tab goes from the editor's tabs to the button, then into the page.
    editor.tabs.tabBar().setFocus()
    qtbot.waitUntil(editor.tabs.tabBar().hasFocus)
    qtbot.keyClick(editor.tabs.tabBar(), Qt.Key.Key_Tab)
    qtbot.waitUntil(window.narrow.list_button.hasFocus)
    editor.document.edit(editor.plan().replace(title="Neck posture, changed"), "Edit plan title")
    button = window.narrow.list_button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus  # reached by Tab, not only by the mouse
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: docks_shown(window) == (True, True))
    assert window.central.currentWidget() is window.narrow.aside
    assert "Amira Okafor" in window.narrow.aside_title.text()
    assert "“Neck posture, changed” is still open" in window.narrow.aside_text.text()
    qtbot.waitUntil(window.patients.search.hasFocus)
    assert mnemonic_clashes(window) == []
    assert window.has_plan and window.session.is_modified()  # nothing closed, nothing lost
    assert not sideways(window)
    qtbot.mouseClick(window.narrow.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    assert window.central.currentWidget() is window.session.editor_area
    assert window.editor.plan().title == "Neck posture, changed"
    # The keyboard way: File → Open patient… (Ctrl+O) brings the list back too.
    window.act.open.trigger()
    qtbot.waitUntil(lambda: docks_shown(window) == (True, True))
    assert window.central.currentWidget() is window.narrow.aside
    # Choosing the same patient again shows their plan, and the list gives way.
    assert window.open_plan(record.plan_id)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    assert window.central.currentWidget() is window.session.editor_area and window.session.is_modified()
    window.act.open.trigger()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.narrow.aside)
    # Closing the list from the View menu gives the plan its place again.
    window.patients.patients_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.session.editor_area)
    assert docks_shown(window) == (False, False)


def test_opening_another_plan_from_the_list_gives_the_plan_the_width_again(
    qtbot: Any, window: MainWindow, store: Any
) -> None:
    first = seed_plan(store)
    second = seed_plan(store, "Leo", "Hughes", title="Standing frame")
    shown_at(qtbot, window, AT_150)
    assert window.open_plan(first.plan_id)
    qtbot.mouseClick(window.narrow.list_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.narrow.aside)
    assert window.open_plan(second.plan_id)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    assert window.central.currentWidget() is window.session.editor_area
    assert window.editor.plan().title == "Standing frame"
    # Closing the plan gives the list its place back.
    assert window.session.close_plan()
    qtbot.waitUntil(lambda: docks_shown(window) == (True, True))
    assert window.central.currentWidget() is window.welcome
    assert not window.narrow.list_button.isVisible()


def test_widening_brings_the_list_back_and_the_saved_layout_is_the_users(
    qtbot: Any, make_window: Any, store: Any
) -> None:
    record = seed_plan(store)
    window = shown_at(qtbot, make_window(), AT_100)
    # The user closes Reviews due on the wide screen: that choice is kept through everything below.
    window.patients.reviews_dock.toggleViewAction().trigger()
    assert window.open_plan(record.plan_id)
    window.resize(*AT_150)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    window.resize(*AT_100)
    qtbot.waitUntil(lambda: docks_shown(window) == (True, False))
    assert not window.narrow.list_button.isVisible()
    assert window.central.currentWidget() is window.session.editor_area
    # Closed while narrow: saved with the list shown (it only gave way), Reviews due still closed.
    window.resize(*AT_150)
    qtbot.waitUntil(lambda: docks_shown(window) == (False, False))
    window.close()
    again = shown_at(qtbot, make_window(), AT_100)
    assert docks_shown(again) == (True, False)


def test_a_long_status_message_is_shown_whole_at_150_percent(qtbot: Any, window: MainWindow, store: Any) -> None:
    record = seed_plan(store, title="Child with severe dystonic cerebral palsy (GMFCS IV-V): comfort, positioning")
    shown_at(qtbot, window, AT_150)
    assert window.open_plan(record.plan_id)
    bar = window.statusBar()
    labels = (window.saved_label, window.db_label)
    assert all(label.isVisible() for label in labels) and labels[0].text()
    message = f"Imported {record.plan.title} and splints."
    bar.showMessage(message, 60_000)
    # The labels step aside while the message needs their room, and the message is shown whole.
    qtbot.waitUntil(lambda: not any(label.isVisible() for label in labels))
    assert bar.currentMessage() == message
    assert bar.fontMetrics().horizontalAdvance(message) <= bar.message_room()
    assert not [p for p in clipped_texts(window) if "FittingStatusBar" in p or "What changed" in p]
    assert bar.toolTip() == ""
    bar.clearMessage()
    qtbot.waitUntil(lambda: all(label.isVisible() for label in labels))
    # A short message leaves them where they are.
    bar.showMessage("Saved.", 60_000)
    assert all(label.isVisible() for label in labels)
    # One longer than the whole bar is shortened in the middle and shown whole in the tooltip.
    path = "/home/therapist/Documents/" + "Clinic handouts/" * 8 + "Leo Hughes family handout.pdf"
    bar.showMessage(f"Saved the family handout to {path}.", 60_000)
    assert bar.toolTip() == f"Saved the family handout to {path}."
    assert bar.currentMessage() == f"Saved the family handout to {path}."


def test_a_revision_shown_read_only_at_150_percent_does_not_scroll_sideways(
    qtbot: Any, window: MainWindow, store: Any
) -> None:
    """The read-only window of an old revision holds the whole editor: at 150% it has the screen's width
    (about 860 points inside), which must be enough for every page; its Alt letters clash with no tab's."""
    from careplan.ui.history import RevisionWindow

    record = seed_plan(store)
    shown_at(qtbot, window, AT_150)
    assert window.open_plan(record.plan_id)
    window.editor.document.edit(window.editor.plan().replace(title="Second title"), "Edit")
    with qtbot.waitSignal(window.session.plan_saved):
        assert window.save()
    history = window.session.show_history()
    with qtbot.waitSignal(history.revisions_loaded):
        pass
    history.select_number(1)
    with qtbot.waitSignal(history.revision_opened) as opened:
        history.open_button.click()
    revision: RevisionWindow = opened.args[0]
    revision.resize(AT_150[0], revision.height())
    qtbot.waitUntil(lambda: revision.width() == AT_150[0])
    for page in range(4):
        revision.editor.tabs.setCurrentIndex(page)
        with contextlib.suppress(TimeoutError):
            qtbot.waitUntil(lambda: not sideways(revision))
        assert not sideways(revision), (page, sideways(revision))
        assert mnemonic_clashes(revision) == [], page
    revision.close()
    history.close()
