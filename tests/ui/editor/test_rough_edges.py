"""The editor's rough edges at a 1366x768 clinic desktop, each driven through the real widgets.

A header that does not move, dates typed like the date of birth, the starter template the plan
really came from, the library marking what is in the plan and asking before adding it twice,
filters that follow the plan and the person, a searchable library with whole titles, and text
boxes that show whole lines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from careplan.core.model import PlanRecord
from careplan.ui.editor import PlanEditorWidget

from editor_samples import make_record

# The offscreen platform says this whenever a shown window with a layout gets its minimum size.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _focus(qtbot: Any, widget: QWidget) -> None:
    """Keyboard focus in an active window (offscreen, nothing gives a window back its activation)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _at(widget: QWidget, root: QWidget) -> QPoint:
    return widget.mapTo(root, QPoint(0, 0))


# -- the header ----------------------------------------------------------------------------------


def test_the_header_keeps_its_place_and_the_controls_below_stay_put(qtbot: Any, loaded: PlanEditorWidget) -> None:
    loaded.resize(1366 - 420, 700)  # beside the patient list on a 1366 px screen
    QApplication.processEvents()
    header = loaded.header
    before = (header.geometry(), _at(loaded.tabs, loaded), _at(loaded.details_page.viewport(), loaded))
    title = loaded.details_page.title
    # A long title and a new caution: the header's words grow far past one line.
    long_title = "Neck posture, daily exercises, work station changes and a plan for bad days " * 2
    title.setFocus()
    qtbot.keyClicks(title, long_title)
    plan = loaded.document.plan
    loaded.document.edit(plan.replace(cervical_form=None, review_date=None), "Status words change")
    QApplication.processEvents()
    assert (header.geometry(), _at(loaded.tabs, loaded), _at(loaded.details_page.viewport(), loaded)) == before
    assert long_title.strip() in header.full_text() and "unstable" not in header.full_text()
    # What shows fits the line, ends in "…", and the whole text is in the tooltip and for screen readers.
    first, second = header.text().split("\n")
    assert first.endswith("…") and second == header.full_text().split("\n")[1]  # the cautions stay in sight
    assert "⚠ 1 item with cautions" in second
    assert all(
        header.fontMetrics().horizontalAdvance(line) <= header.contentsRect().width() for line in (first, second)
    )
    assert header.toolTip() == header.full_text()
    assert header.accessibleName() == header.full_text().replace("\n", "  ·  ")
    # Back to a short title: still the same place.
    loaded.undo_stack.undo()
    loaded.undo_stack.undo()
    QApplication.processEvents()
    assert (header.geometry(), _at(loaded.tabs, loaded), _at(loaded.details_page.viewport(), loaded)) == before
    assert "…" not in header.text()


# -- the side list -------------------------------------------------------------------------------


def test_the_side_list_says_what_each_choice_means(qtbot: Any, loaded: PlanEditorWidget) -> None:
    from careplan.core.enums import Side

    loaded.tabs.setCurrentIndex(1)
    loaded.items_panel.select_row(0)  # an exercise: it has a side
    combo = loaded.item_editor.side
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["Not given", "Left", "Right", "Both sides", "Not side-specific"]
    assert all(t.strip("-– ") for t in texts)  # no bare "-"
    assert combo.accessibleName() == "Side"
    for i in range(combo.count()):
        assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole)
        assert combo.itemData(i, Qt.ItemDataRole.AccessibleDescriptionRole).startswith(texts[i])
    # Chosen with the keyboard, it is what the plan records.
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert loaded.record().plan.interventions[0].side is Side.NONE
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert loaded.record().plan.interventions[0].side is Side.BOTH


# -- the starter template ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Any:
    from careplan.catalog import load_library

    return load_library()


def _editor(qtbot: Any, library: Any) -> PlanEditorWidget:
    widget = PlanEditorWidget(library)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_plan_details_shows_the_template_the_plan_came_from_or_none(qtbot: Any, shipped: Any) -> None:
    from careplan.core.enums import Category
    from careplan.core.model import Plan

    first, second = shipped.templates_for(Category.DYSTONIC_CP)[:2]
    editor = _editor(qtbot, shipped)
    page = editor.details_page
    editor.load(make_record(Plan(title="", category=Category.DYSTONIC_CP)))
    # A blank plan: no template chosen, no Apply button beside a guess.
    assert page.template.currentData() is None and page.template.currentText() == "Choose a starter template…"
    assert page.apply_button.isHidden()
    assert "This plan was not started from a template." in page.approach.text()
    # The therapist chooses the second one with the keyboard: Apply appears; applying it hides it again.
    page.template.setFocus()
    while page.template.currentData() != second.code:
        qtbot.keyClick(page.template, Qt.Key.Key_Down)
    assert not page.apply_button.isHidden() and page.apply_button.isEnabled()
    assert first.approach not in page.approach.text() and second.approach in page.approach.text()
    assert f"Apply adds {len(second.interventions)} items and {len(second.goals)} goal" in page.approach.text()
    page.apply_button.click()
    assert {i.catalog_code for i in editor.plan().interventions} >= set(second.interventions)
    assert editor.plan().template == second.code
    assert page.template.currentData() == second.code and page.apply_button.isHidden()
    assert "This plan was started from this template. The plan has every item and goal" in page.approach.text()
    # Opened again later: the template it came from (plan.template), not the category's first.
    saved = editor.record()
    again = _editor(qtbot, shipped)
    again.load(saved)
    shown = again.details_page
    assert shown.template.currentData() == second.code and shown.apply_button.isHidden()
    # Items taken out since: still the template it came from, and Apply offers back only what is missing.
    partial = saved.plan.replace(interventions=saved.plan.interventions[:1], goals=())
    again.load(make_record(partial))
    assert shown.template.currentData() == second.code and not shown.apply_button.isHidden()
    missing = len(second.interventions) - 1
    assert f"started from this template. Apply adds {missing} items and {len(second.goals)} goal" in (
        shown.approach.text()
    )
    again.load(make_record(saved.plan.replace(interventions=saved.plan.interventions[:1])))
    assert f"Apply adds {missing} items the plan does not have" in shown.approach.text()  # no "0 goals"
    # Every item of the first template, but not started from it: nothing chosen, never a guess from the items.
    again.load(make_record(saved.plan.replace(template=None)))
    assert shown.template.currentData() is None and shown.apply_button.isHidden()
    assert "This plan was not started from a template." in shown.approach.text()
    # Started from a template since deleted (an own one) or of another category: said, nothing chosen.
    again.load(make_record(saved.plan.replace(template="own.template_deleted")))
    assert shown.template.currentData() is None and shown.apply_button.isHidden()
    assert "started from a template that is no longer in the library" in shown.approach.text()
    cervical = shipped.templates_for(Category.CERVICAL)[0]
    again.load(make_record(saved.plan.replace(template=cervical.code)))
    assert shown.template.currentData() is None and shown.apply_button.isHidden()
    assert f"started from “{cervical.title}”, a Cervical (neck) template." in shown.approach.text()


def test_a_template_applied_by_the_new_plan_dialog_shows_as_chosen(qtbot: Any, shipped: Any) -> None:
    from careplan.core.enums import Category
    from careplan.core.model import Plan

    template = shipped.templates_for(Category.CERVICAL)[-1]
    editor = _editor(qtbot, shipped)
    editor.load(make_record(Plan(title="", category=Category.CERVICAL)))
    editor.apply_template(template.code)  # as the main window does after the New plan dialog
    page = editor.details_page
    assert page.template.currentData() == template.code and page.apply_button.isHidden()
    editor.undo_stack.undo()
    assert page.template.currentData() == template.code and not page.apply_button.isHidden()


# -- the library: what is in the plan, adding twice ----------------------------------------------


def _library_row(editor: PlanEditorWidget, title: str) -> int:
    proxy = editor.library_browser.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == title)


def _answer_next_box(qtbot: Any, button_text: str | None) -> dict[str, str]:
    """Answer the next message box from inside its own event loop: ``None`` presses Enter (its default)."""
    seen: dict[str, str] = {}
    tries = [200]

    def respond() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, respond)  # not shown yet (or never: the test then fails on what it finds)
            return
        seen.update(text=box.text(), default=box.defaultButton().text(), title=box.windowTitle())
        if button_text is None:
            box.activateWindow()  # offscreen has no window manager to do it
            qtbot.waitUntil(box.isActiveWindow)
            qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Return)
        else:
            next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, respond)
    return seen


def test_the_library_ticks_what_is_in_the_plan_and_asks_before_adding_it_twice(
    qtbot: Any, loaded: PlanEditorWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real question box, answered from inside its own event loop
    loaded.tabs.setCurrentIndex(1)
    browser = loaded.library_browser
    chin = browser.proxy.index(_library_row(loaded, "Chin tuck in front of a mirror"), 0)
    glide = browser.proxy.index(_library_row(loaded, "Kitchen counter neck glide"), 0)
    assert chin.data(Qt.ItemDataRole.DecorationRole) is not None  # the tick
    assert chin.data(Qt.ItemDataRole.AccessibleTextRole) == "Chin tuck in front of a mirror, already in the plan"
    assert chin.data(Qt.ItemDataRole.ToolTipRole).startswith("✓ Already in this plan")
    assert glide.data(Qt.ItemDataRole.DecorationRole) is None
    assert glide.data(Qt.ItemDataRole.AccessibleTextRole) == "Kitchen counter neck glide"
    before = loaded.record()
    # Enter on an entry already in the plan asks first; Enter again takes the default, No.
    browser.view.selectRow(chin.row())
    _focus(qtbot, browser.view)
    seen = _answer_next_box(qtbot, None)
    qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert seen == {
        "text": "“Chin tuck in front of a mirror” is already in this plan. Add it a second time?",
        "default": "&No",
        "title": "Already in the plan",
    }
    assert loaded.record() == before and loaded.undo_stack.count() == 0
    # "Add again" adds it a second time.
    _focus(qtbot, browser.view)
    seen = _answer_next_box(qtbot, "Add again")
    qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert seen["title"] == "Already in the plan"
    assert [i.title for i in loaded.plan().interventions].count("Chin tuck in front of a mirror") == 2
    # Adding a new one ticks it.
    _focus(qtbot, browser.view)
    browser.view.selectRow(glide.row())
    qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert glide.data(Qt.ItemDataRole.DecorationRole) is not None
    loaded.undo_stack.undo()
    assert glide.data(Qt.ItemDataRole.DecorationRole) is None


def test_no_leaves_out_only_the_entries_already_in_the_plan(loaded: PlanEditorWidget, repeat_question: Any) -> None:
    answers = repeat_question
    browser = loaded.library_browser
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for title in ("Chin tuck in front of a mirror", "Kitchen counter neck glide"):  # in the plan, and not yet
        browser.view.selectionModel().select(browser.proxy.index(_library_row(loaded, title), 0), flags)
    answers.answers.append(False)
    browser.add_button.click()
    assert answers.asked == [["Chin tuck in front of a mirror"]]
    titles = [i.title for i in loaded.plan().interventions]
    assert titles.count("Chin tuck in front of a mirror") == 1 and titles[-1] == "Kitchen counter neck glide"


# -- the library: filters follow the plan and the person -----------------------------------------


def _listed(editor: PlanEditorWidget) -> list[Any]:
    from careplan.ui.editor.models import ROLE_ENTRY

    proxy = editor.library_browser.proxy
    return [proxy.index(r, 0).data(ROLE_ENTRY) for r in range(proxy.rowCount())]


def test_library_filters_start_again_for_each_plan_from_its_category_and_the_persons_age(
    qtbot: Any, shipped: Any
) -> None:
    from dataclasses import replace

    from careplan.core.enums import AgeGroup, Category
    from careplan.core.model import Plan

    editor = _editor(qtbot, shipped)
    browser = editor.library_browser
    adult = make_record(Plan(title="Neck", category=Category.CERVICAL))  # Zoë, born 1984, no school
    child_patient = replace(adult.patient, given_name="Amira", date_of_birth=dt.date.today().replace(year=2017))
    child = PlanRecord(Plan(title="School day", category=Category.DYSTONIC_CP), child_patient)
    # Plan A, an adult's neck plan: no school exam arrangements, no child-only entries.
    editor.load(adult)
    titles = [e.title for e in _listed(editor)]
    assert "Exam access arrangements" not in titles
    assert browser.age.currentText() == "Adults" and browser.category.currentText() == Category.CERVICAL.label
    assert all(
        e.suits(Category.CERVICAL) and AgeGroup.CHILD not in (e.ages or {AgeGroup.ADULT}) for e in _listed(editor)
    )
    # The therapist narrows it down...
    browser.kind.setCurrentIndex(browser.kind.findText("Exercise"))
    qtbot.keyClicks(browser.search, "neck")
    browser.region.setCurrentIndex(1)
    # ...then opens plan B, a child's: nothing carries over.
    editor.load(child)
    assert browser.search.text() == "" and browser.kind.currentIndex() == 0 and browser.region.currentIndex() == 0
    assert browser.category.currentText() == Category.DYSTONIC_CP.label and browser.age.currentText() == "Children"
    listed = _listed(editor)
    assert all(e.suits(Category.DYSTONIC_CP) and AgeGroup.ADULT not in (e.ages or {AgeGroup.CHILD}) for e in listed)
    assert "Exam access arrangements" in [e.title for e in listed]
    assert not any(e.code.startswith("adult.") for e in listed)
    # Back to the adult's plan: the adult's filters again.
    editor.load(adult)
    assert browser.age.currentText() == "Adults" and "Exam access arrangements" not in [
        e.title for e in _listed(editor)
    ]
    # "All ages" widens it by hand.
    browser.age.setCurrentIndex(browser.age.findText("All ages"))
    assert "Exam access arrangements" in [e.title for e in _listed(editor)]


# -- the library: search with the keyboard, whole titles, names for screen readers --------------


def test_the_library_is_searched_and_added_from_with_the_keyboard(qtbot: Any, loaded: PlanEditorWidget) -> None:
    loaded.tabs.setCurrentIndex(1)
    browser = loaded.library_browser
    browser.set_category_filter(None)
    _focus(qtbot, browser.search)
    qtbot.keyClicks(browser.search, "own.kitchen")  # a code finds it
    assert [e.title for e in _listed(loaded)] == ["Kitchen counter neck glide"]
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)  # the match is chosen: Enter adds it
    assert loaded.plan().interventions[-1].title == "Kitchen counter neck glide"
    browser.search.clear()
    qtbot.keyClicks(browser.search, "orth")
    assert len(_listed(loaded)) == 2  # the orthoses and the orthopaedic review
    qtbot.keyClick(browser.search, Qt.Key.Key_Down)
    assert browser.view.currentIndex().row() == 1 and browser.search.hasFocus()
    qtbot.keyClick(browser.search, Qt.Key.Key_Enter)
    assert loaded.plan().interventions[-1].title == _listed(loaded)[1].title
    assert loaded.undo_stack.count() == 2
    # Names a screen reader says: the search, the filters, the list.
    assert browser.search.accessibleName() == "Search the library"
    assert browser.view.accessibleName() == "Library entries"
    assert browser.age.accessibleName() == "Filter by age"


def test_every_button_in_the_editor_has_a_name_a_screen_reader_can_say(loaded: PlanEditorWidget) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView

    unnamed = []
    for button in loaded.findChildren(QAbstractButton):
        if isinstance(button.parentWidget(), QAbstractItemView):
            continue  # a table's corner "select all" button: Qt's own, not one of ours
        words = "".join(c for c in button.text() if c.isalpha())
        if not words and not button.accessibleName().strip():
            unnamed.append(f"{type(button).__name__} {button.text()!r} in {type(button.parentWidget()).__name__}")
    assert unnamed == []
    assert loaded.details_page.review_date.calendar_button.accessibleName() == "Choose the review date from a calendar"


@pytest.mark.parametrize("width", [1366, 1366 - 420])
def test_library_titles_are_shown_whole_at_1366_by_768(qtbot: Any, shipped: Any, width: int) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle

    from careplan.core.enums import Category
    from careplan.core.model import Plan

    editor = _editor(qtbot, shipped)
    editor.resize(width, 768)
    editor.load(make_record(Plan(title="Neck", category=Category.CERVICAL)))
    editor.library_browser.age.setCurrentIndex(editor.library_browser.age.findText("All ages"))
    editor.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    view = editor.library_browser.view
    metrics = view.fontMetrics()
    proxy = editor.library_browser.proxy
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1

    def wrapped_titles() -> int:
        """Checks every title fits its row; returns how many needed more than one line."""
        long_titles = 0
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            title = index.data()
            cell = view.visualRect(index)
            room = cell.width() - 2 * margin  # the style's text margins
            needed = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, title).height()
            assert needed <= cell.height(), f"{title!r} is cut: needs {needed} px, the row has {cell.height()}"
            assert index.data(Qt.ItemDataRole.ToolTipRole).split("\n")[0].endswith(title)
            long_titles += metrics.horizontalAdvance(title) > room
        return long_titles

    assert wrapped_titles() > 0  # some titles are longer than a line: they wrap
    # The library pane made narrower with the splitter: the rows follow.
    sizes = editor.splitter.sizes()
    editor.splitter.setSizes([sizes[0] - 60, sizes[1] + 60, sizes[2]])
    qtbot.waitUntil(lambda: editor.splitter.sizes()[0] < sizes[0])
    QApplication.processEvents()
    assert wrapped_titles() > 0


# -- text boxes show whole lines ---------------------------------------------------------------

_LONG = (
    "Wear both splints at night and for an hour after school while doing homework at the table; "
    "take them off for bathing, check the skin on the heels and the top of the foot each time, "
    "and tell us if a red mark lasts more than twenty minutes or the straps rub."
)


def _whole_lines(box: Any) -> None:
    """The box's text is all in sight: it wraps at word boundaries and the box is tall enough."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QTextOption
    from PySide6.QtWidgets import QLineEdit

    text = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
    metrics = box.fontMetrics()
    if isinstance(box, QLineEdit):
        room = box.contentsRect().width() - 8
        assert metrics.horizontalAdvance(text) <= room, f"{text[:30]!r}… is cut in a one-line field"
        return
    assert box.wordWrapMode() == QTextOption.WrapMode.WordWrap
    margin = int(box.document().documentMargin())
    width = box.viewport().width() - 2 * margin
    needed = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text).height() + 2 * margin
    assert box.viewport().height() >= needed, (
        f"{text[:30]!r}… needs {needed} px, the box shows {box.viewport().height()}"
    )
    assert not box.verticalScrollBar().isVisible()


@pytest.mark.parametrize("width", [1366, 1366 - 420])
def test_text_boxes_show_whole_lines_at_1366_by_768(qtbot: Any, loaded: PlanEditorWidget, width: int) -> None:
    from careplan.core.enums import Kind
    from careplan.core.model import Intervention

    loaded.resize(width, 768)
    splint = Intervention(kind=Kind.ORTHOSIS, title="Ankle-foot orthoses", instructions=_LONG, wear_schedule=_LONG)
    plan = loaded.plan()
    title = "Neck posture, daily exercises, a work station set up for the neck, and a plan for the bad days"
    loaded.document.edit(plan.replace(title=title, interventions=(*plan.interventions, splint)), "Long words")
    loaded.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    _whole_lines(loaded.details_page.title)
    loaded.tabs.setCurrentIndex(1)
    loaded.items_panel.select_row(len(plan.interventions))
    QApplication.processEvents()
    editor = loaded.item_editor
    for box in (editor.instructions, editor.wear_schedule):
        _whole_lines(box)
    # Typing more makes the box grow with it, a whole line at a time.
    editor.wear_schedule.setFocus()
    editor.wear_schedule.moveCursor(editor.wear_schedule.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.wear_schedule, " Keep a spare pair of socks in the school bag for the splints.")
    QApplication.processEvents()
    _whole_lines(editor.wear_schedule)


# -- the plan's dates are typed like the date of birth -----------------------------------------


# A popup asks the window system to raise it and grab the keyboard; offscreen has neither, and says so.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", "does not support propagateSizeHints"
)
def test_plan_dates_are_typed_and_their_calendars_open_at_a_sensible_day(qtbot: Any, loaded: PlanEditorWidget) -> None:
    from careplan.ui.date_field import format_typed

    page = loaded.details_page
    review = page.review_date
    # Select all, type, Tab: the review date is set (one undo step), in the desktop's order.
    _focus(qtbot, review.edit)
    qtbot.keyClick(review.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(review.edit, format_typed(dt.date(2027, 3, 5)))
    qtbot.keyClick(review.edit, Qt.Key.Key_Tab)
    assert loaded.plan().review_date == dt.date(2027, 3, 5)
    assert loaded.undo_stack.count() == 1
    # Emptied: not set, and its calendar opens three months after the start, not in 1900.
    _focus(qtbot, review.edit)
    qtbot.keyClick(review.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(review.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(review.edit, Qt.Key.Key_Tab)
    assert loaded.plan().review_date is None
    review.calendar_button.click()
    assert review.popup is not None
    qtbot.waitUntil(review.popup.isVisible)
    assert (review.popup.calendar.yearShown(), review.popup.calendar.monthShown()) == (2027, 2)  # start 20 Nov 2026
    review.popup.close()
    # A goal's target opens at the review date once there is one.
    loaded.document.edit(loaded.plan().replace(review_date=dt.date(2027, 6, 1)), "Review in June")
    loaded.tabs.setCurrentIndex(2)
    target = loaded.goals_page.target
    target.set_date(None)
    target.open_calendar()
    assert target.popup is not None
    qtbot.waitUntil(target.popup.isVisible)
    assert (target.popup.calendar.yearShown(), target.popup.calendar.monthShown()) == (2027, 6)
    target.popup.close()


def test_plan_details_never_scroll_sideways_at_150_percent_beside_the_patient_list(
    qtbot: Any, loaded: PlanEditorWidget
) -> None:
    page = loaded.details_page
    loaded.resize(1366, 700)
    qtbot.waitUntil(lambda: not page.is_one_column())
    assert page.widget().minimumSizeHint().width() <= page.viewport().width()
    loaded.resize(583, 452)  # 150 %: 911 x 512 logical pixels, less the patient list
    qtbot.waitUntil(page.is_one_column)
    QApplication.processEvents()
    assert page.widget().minimumSizeHint().width() <= page.viewport().width()
    assert not page.horizontalScrollBar().isVisible()
    # The right column's fields are below the left's, in reach by scrolling down.
    assert _at(page.title, page.widget()).y() > _at(page.therapist_fields["email"], page.widget()).y()
    loaded.resize(1366, 700)
    qtbot.waitUntil(lambda: not page.is_one_column())


@pytest.mark.parametrize("page", [0, 1, 2, 3])
def test_alt_p_is_left_to_the_plan_menu(loaded: PlanEditorWidget, page: int) -> None:
    """Alt+P was the Plan menu, the Programme tab and the Open plan button at once: no editor page takes it."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    loaded.tabs.setCurrentIndex(page)
    texts = [loaded.tabs.tabText(i) for i in range(loaded.tabs.count())]
    for widget in loaded.findChildren(QWidget):
        if widget.isVisibleTo(loaded) and (
            (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton)
        ):
            texts.append(widget.text())
    letters = [m.lower() for text in texts for m in re.findall(r"(?<!&)&([^&\s])", text)]
    assert "p" not in letters
    assert len(letters) == len(set(letters))
