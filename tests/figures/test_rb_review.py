"""rb's review of the neck, positioning, jaw and equipment drawings: what a parent could misread.

Guards the faults the review found and redrew, so that a later edit does not bring them back:
a label written across the person or an arrow, a forward arrow at the face of a walking or
seated person (it reads as "push the head forward", harmful for a forward pull), and knees that
float above the mat on all fours.
"""

from __future__ import annotations

import tomllib

import pytest

from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.body import skeleton
from careplan.figures.primitives import Arrow, Drawing, Ellipse, Stroke, Text

FIGURES = load_figures(FIGURES_DIR)

#: The drawing files rb reviewed (issue 14, part 5).
FILES = ("neck.toml", "neck-more.toml", "positions.toml", "jaw.toml", "equipment.toml")
CODES = [e["code"] for f in FILES for e in tomllib.loads((FIGURES_DIR / f).read_text("utf-8"))["figure"]]

#: The shapes a label must not be written across.
SOLID = {"head", "limb", "trunk", "arrow", "arc"}


def _sides(code: str) -> list[str | None]:
    return [None] if FIGURES[code].moves_to == "none" else ["left", "right"]


def _points(shape: Stroke | Arrow) -> list[tuple[float, float]]:
    """Points along every segment (not only its ends), so a label across a long limb is found."""
    pts = list(shape.points)
    for a, b in zip(shape.points, shape.points[1:], strict=False):
        pts += [(a[0] + (b[0] - a[0]) * k / 8, a[1] + (b[1] - a[1]) * k / 8) for k in range(1, 8)]
    return pts


def _crossed(drawing: Drawing, text: Text) -> str | None:
    """The role of the first person part or arrow the text's box touches, None when it is clear."""
    left, right = text.extent(drawing.aspect)
    low, high = text.at[1], text.at[1] + text.size * 0.75
    for shape in drawing.primitives:
        if shape.role not in SOLID:
            continue
        if isinstance(shape, Stroke | Arrow):
            half = shape.width / 2
            if any(
                left - half / drawing.aspect <= x <= right + half / drawing.aspect and low - half <= y <= high + half
                for x, y in _points(shape)
            ):
                return shape.role
        elif isinstance(shape, Ellipse):
            x, y = shape.centre
            if left - shape.rx <= x <= right + shape.rx and low - shape.ry <= y <= high + shape.ry:
                return shape.role
    return None


def test_the_review_covers_every_drawing_of_its_files() -> None:
    assert len(CODES) == len(set(CODES)) == 96
    assert all(code in FIGURES for code in CODES)


@pytest.mark.parametrize("code", CODES)
def test_labels_are_clear_of_the_person_and_the_arrows(code: str) -> None:
    for side in _sides(code):
        drawing = render(FIGURES[code], side)
        for text in (p for p in drawing.primitives if isinstance(p, Text)):
            assert _crossed(drawing, text) is None, (
                f"{code} ({side}): {text.text!r} crosses the {_crossed(drawing, text)}"
            )


@pytest.mark.parametrize("code", CODES)
def test_no_arrow_points_ahead_from_the_face(code: str) -> None:
    """Walking, running or reaching is shown at the feet or the hands: an arrow ahead of the face
    reads as "push your head forward", the pull itself in anterocollis."""
    fig = FIGURES[code]
    if fig.view != "side":
        return
    for mark in fig.marks:
        if mark.kind == "arrow" and mark.at in ("head", "eyes", "neck") and mark.dy >= -0.05:
            assert 30 < mark.angle % 360 < 330, f"{code}: an arrow ahead of the face ({mark})"


def test_on_all_fours_the_knees_rest_on_the_mat_beside_the_hands() -> None:
    joints = skeleton(FIGURES["neck.hands_knees_head_hold"].pose).joints
    for side in ("left", "right"):
        assert abs(joints[f"knee_{side}"][1] - joints[f"hand_{side}"][1]) < 0.05
