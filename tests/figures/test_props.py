"""careplan.figures.props: every prop draws in every view, placed from the figure's joints."""

from __future__ import annotations

import pytest

from careplan.figures.body import VIEWS, View
from careplan.figures.drawing import place_for
from careplan.figures.pose import Pose
from careplan.figures.primitives import Ellipse, Stroke, bounds
from careplan.figures.props import PROPS

SITTING = Pose(
    {"hip_left": {"bend": 90}, "hip_right": {"bend": 90}, "knee_left": {"bend": 90}, "knee_right": {"bend": 90}}
)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("kind", sorted(PROPS))
def test_every_prop_draws_something_in_every_view(kind: str, view: View) -> None:
    shapes = PROPS[kind](view, place_for(SITTING, view))
    assert shapes and all(isinstance(s, Stroke | Ellipse) for s in shapes)
    x0, y0, x1, y1 = bounds(shapes)
    assert x1 > x0 and y1 > y0


def test_a_chair_seat_is_under_the_pelvis_and_its_legs_reach_the_floor() -> None:
    place = place_for(SITTING, "side")
    shapes = PROPS["chair"]("side", place)
    pelvis_x, pelvis_y = place["pelvis"]
    _, y0, _, y1 = bounds(shapes)
    assert y0 <= place.floor + 0.02 and y1 > pelvis_y
    seat = next(s for s in shapes if isinstance(s, Stroke) and s.closed)
    xs = [x for x, _ in seat.points]
    assert min(xs) < pelvis_x < max(xs)
    assert max(y for _, y in seat.points) < pelvis_y


@pytest.mark.parametrize("view", ["side", "front"])
def test_a_high_back_chair_reaches_above_the_head_and_stands_behind_it(view: View) -> None:
    """ "Sit in a chair with a high back and rest your head on it": the plain chair stops at the
    shoulders, so the head rested on nothing."""
    from careplan.figures.body import HEAD_R

    place = place_for(SITTING, view)
    hx, hy = place["head"]
    _, _, _, plain_top = bounds(PROPS["chair"](view, place))
    shapes = PROPS["high_back_chair"](view, place)
    top = bounds(shapes)[3]
    assert plain_top < top and hy + HEAD_R < top
    if view == "side":  # the tall back is behind the head (the figure faces the paper's right)
        back = max((s for s in shapes if isinstance(s, Stroke) and s.closed), key=lambda s: bounds([s])[3])
        assert bounds([back])[2] <= hx - HEAD_R


def test_a_wall_stands_behind_the_back_in_the_side_view() -> None:
    place = place_for(Pose(), "side")
    _x0, _, x1, _ = bounds(PROPS["wall"]("side", place))
    assert x1 < place["pelvis"][0]


def test_no_prop_name_is_registered_twice() -> None:
    """Props are added in several sections of props.py; a second ``PROPS.update`` with a name already
    used would silently replace the first drawing (and every drawing that names it)."""
    import ast
    import inspect

    from careplan.figures import props

    names: list[str] = []
    for node in ast.walk(ast.parse(inspect.getsource(props))):
        if isinstance(node, ast.Dict) and _registers_props(node, props):
            names += [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    assert names, "no PROPS registration found"
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    assert set(names) == set(props.PROPS)


def _registers_props(node: object, props: object) -> bool:
    """A dict literal whose values are the module's prop functions (the PROPS table or an update)."""
    import ast

    assert isinstance(node, ast.Dict)
    values = [v for v in node.values if isinstance(v, ast.Name)]
    return bool(values) and all(callable(getattr(props, v.id, None)) for v in values)
