"""careplan.figures.drawing: a description becomes a drawing on the person's side; mirroring is exact."""

from __future__ import annotations

import pytest

from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.library import Figure, FigureEntry, from_entry
from careplan.figures.primitives import Arrow, Drawing, Ellipse, Stroke, Text, bounds

FIGURES = load_figures(FIGURES_DIR)


def _entry(**fields: object) -> Figure:
    base: dict[str, object] = {"code": "neck.rotate_away_supported", "description": "Turning the head to one side."}
    return from_entry(FigureEntry.model_validate(base | fields), "test.toml")


TURN = _entry(
    view="front",
    moves_to="left",
    pose={"head": {"turn": 45}},
    marks=[
        {"kind": "arc", "at": "head", "start": 130, "end": 50},
        {"kind": "label", "at": "head", "dy": 0.2, "text": "to the {side}"},
    ],
)


def _face(drawing: Drawing) -> float:
    head = next(p for p in drawing.primitives if isinstance(p, Ellipse) and p.role == "head")
    nose = next(p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "nose")
    return nose.points[1][0] - head.centre[0]


def _arrow_dx(drawing: Drawing) -> float:
    arrow = next(p for p in drawing.primitives if isinstance(p, Arrow))
    return arrow.points[-1][0] - arrow.points[0][0]


def test_drawn_for_its_own_side_the_face_and_the_arrow_go_to_the_papers_right() -> None:
    drawing = render(TURN, "left")
    # Seen from the front, the person's left is on the paper's right.
    assert _face(drawing) > 0 and _arrow_dx(drawing) > 0
    assert render(TURN) == drawing


def test_for_the_other_side_the_face_and_the_arrow_turn_the_other_way_and_words_follow() -> None:
    left, right = render(TURN, "left"), render(TURN, "right")
    assert _face(right) < 0 and _arrow_dx(right) < 0
    assert abs(_face(right) + _face(left)) < 1e-9
    labels = {p.text for d in (left, right) for p in d.primitives if isinstance(p, Text)}
    assert labels == {"to the left", "to the right"}


def test_a_drawing_without_a_side_is_never_mirrored() -> None:
    nod = FIGURES["neck.chin_nod_sitting"]
    assert nod.moves_to == "none"
    assert render(nod, "left") == render(nod, "right") == render(nod)


@pytest.mark.parametrize("code", sorted(FIGURES))
@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("aspect", [1.0, 1.6])
def test_every_shipped_drawing_stays_inside_its_box(code: str, side: str, aspect: float) -> None:
    drawing = render(FIGURES[code], side, aspect)  # type: ignore[arg-type]
    x0, y0, x1, y1 = bounds(drawing.primitives)
    assert x0 >= 0 and x1 <= 1 and y0 >= 0 and y1 <= 1, (x0, y0, x1, y1)
    for text in (p for p in drawing.primitives if isinstance(p, Text)):
        left, right = text.extent(aspect)
        assert left >= 0 and right <= 1 and 0 <= text.at[1] <= 1 - text.size
    assert drawing.description == FIGURES[code].description


def test_every_shipped_sided_drawing_shows_the_face_or_arrows_change_sides() -> None:
    for fig in FIGURES.values():
        if fig.moves_to == "none":
            continue
        left, right = render(fig, "left"), render(fig, "right")
        assert left != right, fig.code
        assert render(fig, fig.moves_to) == render(fig), fig.code
