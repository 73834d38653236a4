"""careplan.ui.figure_widget: the same drawing painted by Qt, offscreen, into an image and a widget."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.ui.figure_widget import FigureWidget, drawing_image

FIGURES = load_figures(FIGURES_DIR)


def _dark(image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 100:
                count += 1
    return count


def _centre_of_ink(image: object) -> float:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    xs = [
        x
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).red() > 150 and QColor(image.pixel(x, y)).blue() < 80
    ]
    return sum(xs) / len(xs) / image.width()


def test_a_drawing_paints_into_an_image_at_96_and_144_dpi(qtbot: QtBot) -> None:
    drawing = render(FIGURES["neck.side_bend_away_sitting"], "left")
    small = drawing_image(drawing, 120)
    sharp = drawing_image(drawing, 120, scale=1.5)
    assert (small.width(), small.height()) == (120, 120)
    assert (sharp.width(), sharp.height()) == (180, 180)
    assert _dark(small) > 100 and _dark(sharp) > 200


def test_the_arrow_is_on_the_movements_side_and_mirrors(qtbot: QtBot) -> None:
    fig = FIGURES["neck.rotate_away_supported"]
    # The arrow's orange: its head (the heaviest part) sits on the side the head turns to.
    left = _centre_of_ink(drawing_image(render(fig, "left"), 200))
    right = _centre_of_ink(drawing_image(render(fig, "right"), 200))
    assert left > 0.5 > right


def test_the_widget_shows_a_drawing_and_describes_it(qtbot: QtBot) -> None:
    widget = FigureWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 150)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.accessibleName() == "No drawing"
    blank = widget.grab().toImage()
    assert _dark(blank) == 0
    drawing = render(FIGURES["neck.chin_nod_sitting"])
    widget.set_drawing(drawing)
    assert widget.drawing() is drawing
    assert widget.accessibleDescription() == drawing.description
    assert _dark(widget.grab().toImage()) > 100
