"""Whole titles at a 1366x768 clinic desktop: the plan's items list wraps long titles (never "…"), the
starter template box shows the whole title, and "Save as my template" has room for the longest one."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox, QStyleOptionFrame, QStyleOptionViewItem

from careplan.core.enums import Category
from careplan.core.model import Plan
from careplan.ui.editor import PlanEditorWidget
from careplan.ui.screen import available
from careplan.ui.template_dialogs import SaveTemplateDialog

from editor_samples import make_record
from screen_checks import elided_when_painted

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

#: The editor's width beside the patient list on a 1366 px screen (the list, its margin and the splitter).
EDITOR_WIDTH = 1366 - 370
LONG_TITLES = ("A positioning plan for the whole day and night", "Spotting pain in a child who cannot say")


@pytest.fixture(scope="module")
def shipped() -> Any:
    from careplan.catalog import load_library

    return load_library()


def _editor(qtbot: Any, library: Any, plan: Plan) -> PlanEditorWidget:
    widget = PlanEditorWidget(library)
    qtbot.addWidget(widget)
    widget.resize(EDITOR_WIDTH, 700)
    widget.load(make_record(plan))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _forty_items(editor: PlanEditorWidget, library: Any) -> None:
    """The longest-titled library entries, 40 of them, with the two titles that were cut among them."""
    entries = sorted(library.interventions, key=lambda e: -len(e.title))
    chosen = [e for e in entries if e.title in LONG_TITLES] + [e for e in entries if e.title not in LONG_TITLES]
    assert editor.document.add_entries(chosen[:40])


def test_every_item_title_in_the_plan_is_whole_at_1366(qtbot: Any, shipped: Any) -> None:
    editor = _editor(qtbot, shipped, Plan(title="Positions", category=Category.DYSTONIC_CP))
    _forty_items(editor, shipped)
    editor.tabs.setCurrentIndex(1)
    view = editor.items_panel.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 0)
    QApplication.processEvents()
    assert 150 < view.viewport().width() < 300, view.viewport().width()  # as narrow as in the window
    assert not view.uniformItemSizes()
    delegate, model = view.itemDelegate(), view.model()
    titles = {str(model.index(r).data()) for r in range(model.rowCount())}
    assert set(LONG_TITLES) <= titles and model.rowCount() == 40
    for row in range(model.rowCount()):
        index = model.index(row)
        view.scrollTo(index)
        QApplication.processEvents()
        rect = view.visualRect(index)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(rect)
        title_rect, sub_rect = delegate.text_rects(option, index, rect.width())
        # The whole wrapped title and the line under it fit in the row (with its padding), none spills over.
        assert sub_rect.bottom() + 12 < rect.height() + 1, (row, index.data(), title_rect, sub_rect, rect)
        assert title_rect.width() <= rect.width() - 12
        font = option.font
        font.setBold(True)
        if index.data() in LONG_TITLES:
            assert title_rect.height() > QFontMetrics(font).lineSpacing()  # it did wrap onto a second line
    # Nothing is shortened with "…" when the list paints, and nothing needs scrolling sideways.
    assert elided_when_painted(view) == []
    assert view.horizontalScrollBar().maximum() == 0
    # Scrolling through all 40 moves smoothly, row heights and all.
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    last = model.index(model.rowCount() - 1)
    assert view.viewport().rect().contains(view.visualRect(last).bottomLeft())


def _edit_field(combo: Any) -> QRect:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )


def _choose_widest(qtbot: Any, shipped: Any, plan: Plan) -> tuple[Any, str]:
    editor = _editor(qtbot, shipped, plan)
    page = editor.details_page
    metrics = page.template.fontMetrics()
    widest = max(shipped.templates_for(plan.category), key=lambda t: metrics.horizontalAdvance(t.title))
    page.template.setCurrentIndex(page.template.findData(widest.code))
    QApplication.processEvents()
    assert page.template.currentText() == widest.title and not page.is_one_column()
    return page, widest.title


def test_the_starter_template_box_shows_the_whole_title(qtbot: Any, shipped: Any) -> None:
    # A plan with neck patterns (as the example plans): the box has its own line, the column's whole width.
    page, title = _choose_widest(qtbot, shipped, Plan(title="", category=Category.DYSTONIC_CP, regions=("neck",)))
    assert page.template.fontMetrics().horizontalAdvance(title) <= _edit_field(page.template).width()


def test_a_starter_title_too_wide_for_the_box_is_told_whole_beside_it(qtbot: Any, shipped: Any) -> None:
    # A blank plan: both columns share the page evenly and the longest title is wider than the box.
    page, title = _choose_widest(qtbot, shipped, Plan(title="", category=Category.DYSTONIC_CP))
    assert page.template.fontMetrics().horizontalAdvance(title) > _edit_field(page.template).width()
    combo = page.template
    assert combo.toolTip() == title and combo.accessibleDescription() == title
    assert page.approach.text().split("\n")[0] == title


def test_save_as_my_template_has_room_for_the_longest_title(qtbot: Any, shipped: Any) -> None:
    longest = max((t.title for t in shipped.templates), key=QFontMetrics(QApplication.font()).horizontalAdvance)
    dialog = SaveTemplateDialog(make_record(Plan(title=longest, category=Category.DYSTONIC_CP)), shipped)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.name
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    assert edit.text() == longest
    assert edit.fontMetrics().horizontalAdvance(longest) <= room.width() - margins.left() - margins.right() - 4
    screen = available(dialog)
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
