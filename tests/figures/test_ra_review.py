"""The reviewed drawings (general, hand, embouchure, eyes, foot) keep their words readable.

A review at print size found labels written over an arm, a shin or a forearm, and labels that stuck out of
the box (the renderers then pushed them back in, on top of the drawing). These tests keep every label of
these files clear of the person's limbs and inside the box on its own, on both sides of a sided drawing.
"""

from __future__ import annotations

import math
import tomllib

import pytest

from careplan.figures import FIGURES_DIR, load_figures, primitives, render
from careplan.figures.library import Figure
from careplan.figures.primitives import Stroke, Text

REVIEWED = ("general", "hand", "embouchure", "eyes", "foot")
CODES = [f["code"] for name in REVIEWED for f in tomllib.loads((FIGURES_DIR / f"{name}.toml").read_text())["figure"]]
FIGURES = load_figures(FIGURES_DIR)
#: Letters stand this much of the text size above the baseline (capitals and ascenders, a sans-serif average).
CAP = 0.72


def sides(fig: Figure) -> list[str | None]:
    return [None] if fig.moves_to == "none" else ["left", "right"]


def cases() -> list[tuple[str, str | None]]:
    return [(code, side) for code in CODES for side in sides(FIGURES[code])]


def _box(text: Text) -> tuple[float, float, float, float]:
    left, right = text.extent()
    return left, text.at[1], right, text.at[1] + text.size * CAP


def _segment_to_box(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]) -> float:
    """The shortest distance from the segment ab to the rectangle (0 when they touch), sampled finely."""
    x0, y0, x1, y1 = box
    best = math.inf
    for i in range(41):
        t = i / 40
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        best = min(best, math.hypot(dx, dy))
    return best


def test_every_reviewed_file_has_drawings() -> None:
    assert len(CODES) == len(set(CODES)) >= 70
    reviewed = {"eyes.touch_trick", "foot.toe_lift_spread", "hand.graphesthesia", "embouchure.soft_long_notes"}
    assert reviewed <= set(CODES)


@pytest.mark.parametrize(("code", "side"), cases())
def test_labels_do_not_cover_a_limb(code: str, side: str | None) -> None:
    drawing = render(FIGURES[code], side)  # type: ignore[arg-type]
    limbs = [p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "limb"]
    for text in (p for p in drawing.primitives if isinstance(p, Text)):
        box = _box(text)
        for limb in limbs:
            for a, b in zip(limb.points, limb.points[1:], strict=False):
                gap = _segment_to_box(a, b, box) - limb.width / 2
                assert gap > 0, f"{code} ({side}): the label {text.text!r} is written over a limb"


@pytest.mark.parametrize(("code", "side"), cases())
def test_labels_fit_the_box_unpushed(code: str, side: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(primitives, "_inside", lambda text, aspect: text)
    drawing = render(FIGURES[code], side)  # type: ignore[arg-type]
    for text in (p for p in drawing.primitives if isinstance(p, Text)):
        x0, y0, x1, y1 = _box(text)
        assert x0 >= 0 and x1 <= 1 and y0 >= 0 and y1 <= 1, f"{code} ({side}): {text.text!r} sticks out of the box"
