"""A foot close-up, seen from the inner side: the lower leg, the foot and its toes on the floor.

Foot exercises are about the heel, the front of the foot and the toes; on a whole person they are a few
millimetres long at print size, so they get their own drawing. The foot points to the paper's right,
the floor is y = 0. ``heel`` lifts the heel (the foot pivots on its ball, the toes stay down), ``front``
lifts the front of the foot (it pivots on the heel), ``toes`` lifts (+) or curls (-) the toes; all in
degrees. The drawn foot stands for both feet, so a foot drawing has no side of its own unless its
``moves_to`` says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from careplan.figures.body import LINE
from careplan.figures.primitives import GHOST, INK, SKIN, WHITE, Point, Primitive, Stroke
from careplan.figures.props import Place

#: movement -> (lowest, highest) in degrees.
FOOT_MOVES = {"heel": (0.0, 40.0), "front": (0.0, 30.0), "toes": (-30.0, 60.0)}
#: Where a mark may go on a foot drawing.
FOOT_ANCHORS = ("heel", "ball", "toes", "ankle", "shin")
#: The flat foot (body units, a close-up about one unit wide): heel, ankle, ball and toe tip centres.
_HEEL, _ANKLE, _BALL, _TIP = (0.04, 0.075), (0.12, 0.17), (0.44, 0.055), (0.62, 0.045)
_SHIN = 0.62
_SOLE_W, _INSTEP_W, _TOE_W, _SHIN_W = 0.13, 0.12, 0.085, 0.15


@dataclass(frozen=True, slots=True)
class FootPose:
    """How far the heel, the front of the foot and the toes are lifted (degrees; toes below 0 curl)."""

    heel: float = 0.0
    front: float = 0.0
    toes: float = 0.0

    def __post_init__(self) -> None:
        for name, (low, high) in FOOT_MOVES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"foot {name} is {value:g}; it must be from {low:g} to {high:g}")

    @property
    def flat(self) -> bool:
        return not (self.heel or self.front or self.toes)


def _turn(p: Point, about: Point, degrees: float) -> Point:
    a = math.radians(degrees)
    x, y = p[0] - about[0], p[1] - about[1]
    return about[0] + x * math.cos(a) - y * math.sin(a), about[1] + x * math.sin(a) + y * math.cos(a)


def foot_points(pose: FootPose) -> dict[str, Point]:
    """Where the heel, ankle, ball, toe tip and the top of the shin are in ``pose``."""
    heel, ankle, ball, tip = _HEEL, _ANKLE, _BALL, _TIP
    # The heel rises about the ball's contact with the floor (the toes stay down).
    ball_floor = (_BALL[0], 0.0)
    heel, ankle, ball = (_turn(p, ball_floor, -pose.heel) for p in (heel, ankle, ball))
    # The front rises about the heel's contact with the floor.
    heel_floor = (heel[0] - _SOLE_W / 2 * math.sin(math.radians(pose.heel)), heel[1] - _SOLE_W / 2)
    ankle, ball, tip = (_turn(p, heel_floor, pose.front) for p in (ankle, ball, tip))
    tip = _turn(tip, ball, pose.toes)
    shin = (ankle[0] - 0.03, ankle[1] + _SHIN)
    return {"heel": heel, "ankle": ankle, "ball": ball, "toes": tip, "shin": shin}


def _silhouette(at: dict[str, Point], ghost: bool) -> list[Primitive]:
    """The leg, foot and toes as one outlined shape: all outlines first, then all fills. An earlier
    position is the same shape with a grey dashed outline, so the moved part reads against it."""
    bands = (
        ((at["shin"], at["ankle"]), _SHIN_W),
        ((at["ankle"], at["ball"]), _INSTEP_W),
        ((at["heel"], at["ball"]), _SOLE_W),
        ((at["ball"], at["toes"]), _TOE_W),
    )
    edge, fill = (GHOST, WHITE) if ghost else (INK, SKIN)
    shapes: list[Primitive] = [
        Stroke(pts, w + 2 * LINE, edge, dashed=ghost, role="ghost" if ghost else "outline") for pts, w in bands
    ]
    return shapes + [Stroke(pts, w, fill, role="ghost" if ghost else "limb") for pts, w in bands]


def foot_scene(pose: FootPose) -> tuple[list[Primitive], Place]:
    """The floor, the flat foot drawn grey beneath when the foot moves, and the foot in ``pose``."""
    at = foot_points(pose)
    shapes: list[Primitive] = [Stroke(((-0.2, 0.0), (0.85, 0.0)), LINE * 1.5, INK, role="prop")]
    if not pose.flat:
        shapes += _silhouette(foot_points(FootPose()), ghost=True)
    shapes += _silhouette(at, ghost=False)
    return shapes, Place(dict(at), 0.0)
