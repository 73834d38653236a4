"""careplan.figures.annotate: arrows point where they are told, arcs turn, holds show a clock."""

from __future__ import annotations

import math

from careplan.figures.annotate import Mark, draw
from careplan.figures.primitives import Arrow, Ellipse, Text


def test_an_arrow_starts_at_its_place_and_points_its_angle() -> None:
    (arrow,) = draw(Mark("arrow", (1.0, 2.0), angle=90, length=0.5))
    assert isinstance(arrow, Arrow)
    assert arrow.points[0] == (1.0, 2.0)
    assert math.isclose(arrow.points[-1][0], 1.0, abs_tol=1e-9) and math.isclose(arrow.points[-1][1], 2.5)


def test_an_arc_runs_from_start_to_end_around_its_joint() -> None:
    (arc,) = draw(Mark("arc", (0.0, 0.0), radius=1.0, start=180, end=0))
    assert isinstance(arc, Arrow) and arc.role == "arc"
    assert math.isclose(arc.points[0][0], -1.0) and math.isclose(arc.points[-1][0], 1.0)
    # Over the top: every point is on the circle, the middle at the top.
    assert all(math.isclose(math.hypot(x, y), 1.0) for x, y in arc.points)
    assert max(y for _, y in arc.points) > 0.99


def test_a_hold_mark_is_a_clock_with_its_word() -> None:
    shapes = draw(Mark("hold", (0.0, 0.0), text="hold"))
    assert any(isinstance(s, Ellipse) and s.role == "hold" for s in shapes)
    assert [s.text for s in shapes if isinstance(s, Text)] == ["hold"]
    assert not [s for s in draw(Mark("hold", (0.0, 0.0))) if isinstance(s, Text)]
