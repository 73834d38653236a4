"""Drawings on screen: the library browser's thumbnails and the item editor's picture, which follows the
side as the handouts do (careplan.figures.sides) and gives way to the therapist's photo."""

from __future__ import annotations

import dataclasses
import functools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from careplan.catalog import load_library
from careplan.core.enums import Category, Side
from careplan.core.library import Library
from careplan.core.model import Plan
from careplan.figures.sides import shipped_figures
from careplan.ui.editor import PlanEditorWidget
from careplan.ui.editor.library_panel import THUMBNAIL
from careplan.ui.editor.models import ROLE_FIGURE

from editor_samples import make_record, make_rich_plan, png_bytes

ROTATE = "neck.rotate_away_supported"  # a drawing with a side (the head turns away from the pull)
PLAIN = "advice.dystonia_action_plan"  # an entry with no drawing


@functools.cache
def _library() -> Library:
    return load_library()


def _plan(pull_side: Side | None) -> Plan:
    library = _library()
    items = tuple(library.intervention(code).to_intervention(pull_side) for code in (ROTATE, PLAIN))  # type: ignore[union-attr]
    return dataclasses.replace(
        make_rich_plan(), category=Category.CERVICAL, pull_side=pull_side, interventions=items, goals=()
    )


@pytest.fixture
def shown(qtbot) -> PlanEditorWidget:  # type: ignore[no-untyped-def]
    widget = PlanEditorWidget(_library())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.load(make_record(_plan(Side.RIGHT)))
    widget.tabs.setCurrentIndex(1)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _ink(image: QImage) -> list[tuple[int, int]]:
    """Where the drawing's dark lines are (the pixels a parent sees as the figure)."""
    return [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 128 and QColor(image.pixel(x, y)).lightness() < 110
    ]


def _arrow_x(image: QImage) -> float:
    """The middle of the orange arrow, as a share of the width (the arrow shows where the head turns)."""
    xs = [
        x
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).red() > 150 and QColor(image.pixel(x, y)).blue() < 80
    ]
    assert xs, "no arrow in the picture"
    return sum(xs) / len(xs) / image.width()


def _preview(widget: PlanEditorWidget) -> QImage:
    return widget.item_editor.photo_preview.grab().toImage()


# -- the library browser --------------------------------------------------------------------------


def test_a_thumbnail_shows_for_an_entry_with_a_drawing_and_nothing_for_one_without(shown, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyledItemDelegate

    browser = shown.library_browser
    view = browser.view

    def cell(code: str) -> QImage:
        browser.select_code(code)
        return view.viewport().grab(view.visualRect(view.currentIndex())).toImage()

    drawn = cell(ROTATE)
    assert view.currentIndex().data(ROLE_FIGURE) is not None
    strip = drawn.copy(drawn.width() - THUMBNAIL - 8, 0, THUMBNAIL + 8, drawn.height())  # where a thumbnail goes
    assert len(_ink(strip)) > 40, "no drawing beside the entry that has one"
    assert drawn.height() >= THUMBNAIL

    # An entry without a drawing is drawn exactly as a plain cell: no box, no frame, no space kept.
    plain = cell(PLAIN)
    assert view.currentIndex().data(ROLE_FIGURE) is None
    view.setItemDelegateForColumn(0, QStyledItemDelegate(view))
    assert cell(PLAIN) == plain
    assert cell(ROTATE) != drawn


def test_the_thumbnail_names_its_side_for_screen_readers_and_in_its_tooltip(shown) -> None:  # type: ignore[no-untyped-def]

    browser = shown.library_browser
    browser.select_code(ROTATE)
    index = browser.view.currentIndex()
    description = shipped_figures()[ROTATE].description
    said = index.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert said == f"Drawing: {description} Shown turned to the person's left."
    assert said in index.data(Qt.ItemDataRole.ToolTipRole)
    browser.select_code(PLAIN)
    assert browser.view.currentIndex().data(Qt.ItemDataRole.AccessibleDescriptionRole) is None


def test_thumbnails_are_drawn_once_each_however_often_the_list_repaints(shown) -> None:  # type: ignore[no-untyped-def]
    """Painting cost by content: every one of the ~300 entries given a drawing, the list paints only
    the rows in sight, and a repaint or a scroll back makes no drawing again."""
    browser = shown.library_browser
    browser.reset_filters()
    browser.age.setCurrentIndex(browser.age.findData("__all__"))
    browser.set_category_filter(None)
    model, view = browser.model, browser.view
    fig = shipped_figures()[ROTATE]
    every = {model.entry(r).code: dataclasses.replace(fig, code=model.entry(r).code) for r in range(model.rowCount())}
    model.set_figures(every, Side.RIGHT)
    pixmaps = browser.thumbnails.pixmaps
    entries = browser.proxy.rowCount()
    assert entries >= 250

    before = pixmaps.renders
    view.viewport().grab()
    first = pixmaps.renders - before
    in_sight = view.rowAt(view.viewport().height() - 1) - view.rowAt(0) + 1
    assert 0 < first <= in_sight < entries // 5
    for _ in range(3):
        view.viewport().grab()
    assert pixmaps.renders - before == first, "a repaint drew the thumbnails again"

    bar = view.verticalScrollBar()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().grab()
    bar.setValue(0)
    view.viewport().grab()
    assert pixmaps.renders - before == entries, "each entry's thumbnail is drawn once, whatever was scrolled"


# -- the item editor ------------------------------------------------------------------------------


def test_the_preview_turns_at_once_when_the_items_side_changes_and_back_on_undo(shown, qtbot) -> None:  # type: ignore[no-untyped-def]
    shown.items_panel.select_row(0)
    editor = shown.item_editor
    preview = editor.photo_preview
    # No side on the item: it turns away from the plan's pull (right), as the handout's words say.
    assert preview.figure() is not None and preview.figure()[1] == "left"
    away = _arrow_x(_preview(shown))
    side = editor.side
    side.setCurrentIndex(side.findText(Side.RIGHT.label))
    assert shown.record().plan.interventions[0].side is Side.RIGHT
    assert preview.figure()[1] == "right"
    turned = _arrow_x(_preview(shown))
    assert away > 0.5 > turned, "the arrow did not move to the other side of the picture"
    assert "turned to the person's right (the item's side)" in editor.picture_caption.text()
    assert preview.accessibleDescription().endswith("Shown turned to the person's right.")
    assert preview.toolTip() == preview.accessibleDescription()
    shown.undo_stack.undo()
    assert preview.figure()[1] == "left" and _arrow_x(_preview(shown)) == pytest.approx(away)


def test_the_preview_is_the_mirror_image_for_the_other_side(shown) -> None:  # type: ignore[no-untyped-def]
    shown.items_panel.select_row(0)
    editor = shown.item_editor
    left = _preview(shown)
    editor.side.setCurrentIndex(editor.side.findText(Side.RIGHT.label))
    right = _preview(shown)
    mirrored = set(_ink(left.flipped(Qt.Orientation.Horizontal)))
    ink = set(_ink(right))
    # The same drawing turned over (the frame's border aside): nearly every dark pixel has its twin.
    assert len(ink & mirrored) > 0.9 * len(ink) and ink != set(_ink(left))


def test_without_a_side_the_preview_follows_the_plans_pull_and_says_when_none_is_known(shown) -> None:  # type: ignore[no-untyped-def]
    shown.items_panel.select_row(0)
    editor = shown.item_editor
    plan = shown.document.plan
    shown.document.edit(dataclasses.replace(plan, pull_side=Side.LEFT), "Change side")
    assert editor.photo_preview.figure()[1] == "right"
    # No pull recorded, and the item's words say so ("away from the side it pulls to"): no side to show.
    shown.document.edit(_plan(None), "Change side")
    assert editor.photo_preview.figure() is None and not editor.photo_preview.isVisibleTo(editor)
    assert "once the side is known: choose the Side above, or the side of pull" in editor.picture_caption.text()


def test_a_photo_replaces_the_drawing_and_the_drawing_comes_back_when_it_goes(shown, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor import photo

    shown.items_panel.select_row(0)
    editor = shown.item_editor
    path = tmp_path / "own-photo.png"
    path.write_bytes(png_bytes(80, 60))
    monkeypatch.setattr(photo, "ask_photo_path", lambda parent: path)
    editor.choose_photo_button.click()
    assert editor.photo_preview.figure() is None and editor.photo_preview.isVisibleTo(editor)
    image = _preview(shown)
    middle = QColor(image.pixel(image.width() // 2, image.height() // 2))
    assert middle.name() == "#3a7bd5", "the photo is not what the preview shows"
    assert "printed instead of the library's drawing" in editor.picture_caption.text()
    editor.remove_photo_button.click()
    assert editor.photo_preview.figure() is not None and _arrow_x(_preview(shown)) > 0.5


def test_an_item_without_a_drawing_shows_no_picture(shown) -> None:  # type: ignore[no-untyped-def]
    shown.items_panel.select_row(1)
    editor = shown.item_editor
    assert editor.photo_preview.figure() is None and not editor.photo_preview.isVisibleTo(editor)
    assert "The library has no drawing for this item." in editor.picture_caption.text()


def test_thumbnails_are_made_for_the_screens_pixel_ratio(shown) -> None:  # type: ignore[no-untyped-def]
    """At 150% a thumbnail has 1.5 device pixels per pixel (sharp, not a 96 dpi picture blown up),
    and the list keeps one per ratio (a window moved to another screen)."""
    pixmaps = shown.library_browser.thumbnails.pixmaps
    fig = shipped_figures()[ROTATE]
    sharp = pixmaps.pixmap(fig, "left", 1.5)
    assert (sharp.width(), sharp.devicePixelRatio()) == (round(THUMBNAIL * 1.5), 1.5)
    assert pixmaps.pixmap(fig, "left", 1.0).width() == THUMBNAIL
    assert pixmaps.pixmap(fig, "left", 1.5) is sharp


def test_the_preview_is_drawn_again_only_when_what_it_shows_changes(shown, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QEvent

    shown.items_panel.select_row(0)
    editor = shown.item_editor
    drawn = editor.photo_preview.pixmap().cacheKey()
    qtbot.keyClicks(editor.title, " daily")  # an edit a keystroke at a time: the picture stays as it is
    assert shown.record().plan.interventions[0].title.endswith(" daily")
    assert editor.photo_preview.pixmap().cacheKey() == drawn
    # Moved to a screen of another pixel ratio: drawn again for it.
    QCoreApplication.sendEvent(editor.photo_preview, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert editor.photo_preview.pixmap().cacheKey() != drawn


def test_a_one_hand_drawing_turns_only_with_the_items_own_side(shown) -> None:  # type: ignore[no-untyped-def]
    """A hand close-up follows the item's side (``follows = item_side``), never the neck's pull."""
    hand = _library().intervention("hand.thumb_touches")
    assert hand is not None
    shown.document.add_entries([hand])
    row = len(shown.document.plan.interventions) - 1
    shown.items_panel.select_row(row)
    editor = shown.item_editor
    assert editor.photo_preview.figure() is None and not editor.photo_preview.isVisibleTo(editor)
    assert editor.picture_caption.text() == "The drawing shows once the side is known: choose the Side above."
    editor.side.setCurrentIndex(editor.side.findText(Side.LEFT.label))
    assert editor.photo_preview.figure() is not None and editor.photo_preview.figure()[1] == "left"
    assert editor.photo_preview.accessibleDescription().endswith("Shown for the left hand.")
