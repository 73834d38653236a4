"""careplan.figures.primitives: fitting into the unit box, mirroring, and the one arrow shape."""

from __future__ import annotations

import math

from careplan.figures.primitives import (
    Arrow,
    Drawing,
    Ellipse,
    Stroke,
    Text,
    arrow_shape,
    bounds,
    fit,
    mirror,
)


def test_fit_puts_every_shape_inside_the_box_keeping_proportions() -> None:
    shapes = [Stroke(((-3.0, 1.0), (5.0, 1.0)), 0.2), Ellipse((0.0, 4.0), 1.0, 1.0, 0.1)]
    fitted = fit(shapes, margin=0.05)
    x0, y0, x1, y1 = bounds(fitted)
    assert x0 >= 0.05 - 1e-9 and x1 <= 0.95 + 1e-9 and y0 >= 0 and y1 <= 1
    circle = fitted[1]
    assert isinstance(circle, Ellipse) and math.isclose(circle.rx, circle.ry)
    # The wider side fills the usable width.
    assert math.isclose(x1 - x0, 0.9)


def test_fit_into_a_wide_box_keeps_circles_round_on_the_page() -> None:
    fitted = fit([Ellipse((0.0, 0.0), 1.0, 1.0, 0.0)], aspect=2.0)
    circle = fitted[0]
    assert isinstance(circle, Ellipse)
    # x is in units of the width (2 x the height): the same length is half the number.
    assert math.isclose(circle.rx * 2.0, circle.ry)


def test_text_that_would_stick_out_is_moved_inside() -> None:
    fitted = fit([Stroke(((0.0, 0.0), (1.0, 1.0)), 0.01), Text((1.0, 1.0), "a long label", anchor="start")])
    text = fitted[1]
    assert isinstance(text, Text)
    left, right = text.extent()
    assert left >= 0 and right <= 1 and text.at[1] + text.size <= 1


def test_mirror_reflects_shapes_and_keeps_text_readable() -> None:
    drawing = Drawing(
        (
            Stroke(((0.25, 0.2), (0.375, 0.4)), 0.01),
            Ellipse((0.125, 0.5), 0.1, 0.1, 0.01),
            Text((0.125, 0.5), "start", anchor="start"),
        )
    )
    flipped = mirror(drawing)
    stroke, ellipse, text = flipped.primitives
    assert isinstance(stroke, Stroke) and stroke.points == ((0.75, 0.2), (0.625, 0.4))
    assert isinstance(ellipse, Ellipse) and ellipse.centre[0] == 0.875
    assert isinstance(text, Text) and text.text == "start" and text.anchor == "end" and text.at[0] == 0.875
    assert mirror(flipped) == drawing


def test_an_arrow_has_a_dot_at_its_start_and_a_solid_head_at_its_tip() -> None:
    arrow = Arrow(((0.1, 0.5), (0.9, 0.5)), 0.02)
    shape = arrow_shape(arrow)
    assert shape.dot == (0.1, 0.5)
    tip, wing_a, wing_b = shape.head
    assert tip == (0.9, 0.5)
    # The head points along the arrow: its wings lie behind the tip, one either side.
    assert wing_a[0] < tip[0] and wing_b[0] < tip[0] and wing_a[1] != wing_b[1]
    # The shaft stops at the head's base, so the tip stays sharp.
    assert math.isclose(shape.shaft[-1][0], 0.9 - arrow.head_length)
