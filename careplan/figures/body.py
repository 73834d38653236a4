"""The human figure: a pose turned into 3-D joint positions, then into rounded limbs seen from one side.

The person's own frame: x to the person's LEFT, y up, z forwards. The three views project it:
``front`` shows x (the person's left on the paper's right, as when facing someone), ``side`` shows z
(the person faces the paper's right), ``above`` shows x and -z (the face towards the bottom of the
page). Parts are painted far to near, each an outlined, round-ended band, so overlaps read as a body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from careplan.figures.pose import FINGERS, HandPose, Pose
from careplan.figures.primitives import GHOST, INK, OUTLINE, SKIN, Ellipse, Point, Primitive, Stroke

View = Literal["front", "side", "above"]
VIEWS: tuple[View, ...] = ("front", "side", "above")
Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

#: Proportions in body units (a standing person is about 1 tall).
HEAD_R = 0.068
NECK = 0.03
TRUNK = 0.30
SHOULDER = 0.095
HIP = 0.052
UPPER_ARM, FOREARM, HAND = 0.165, 0.15, 0.06
THIGH, SHANK, FOOT = 0.235, 0.225, 0.075
#: Widths of the bands (body units): wide seen from the front, narrow from the side.
TRUNK_WIDE, TRUNK_DEEP = 0.15, 0.105
ARM_W, LEG_W, NECK_W = 0.05, 0.064, 0.05
#: The outline in body units, before fitting: about OUTLINE of the drawing's box.
LINE = OUTLINE * 1.0


def _rx(a: float) -> Mat:
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(a: float) -> Mat:
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rz(a: float) -> Mat:
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a: Mat, b: Mat) -> Mat:
    cols = list(zip(*b, strict=True))
    return tuple(tuple(sum(x * y for x, y in zip(row, col, strict=True)) for col in cols) for row in a)  # type: ignore[return-value]


def _apply(m: Mat, v: Vec) -> Vec:
    return tuple(sum(x * y for x, y in zip(row, v, strict=True)) for row in m)  # type: ignore[return-value]


def _add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]


def _chain(*ms: Mat) -> Mat:
    out = ms[0]
    for m in ms[1:]:
        out = _mul(out, m)
    return out


def project(view: View, p: Vec) -> Point:
    """Where a point of the person's frame lands on the paper in ``view``."""
    if view == "front":
        return p[0], p[1]
    if view == "side":
        return p[2], p[1]
    return p[0], -p[2]


def depth(view: View, p: Vec) -> float:
    """How near the point is to the viewer (larger: nearer). The side view looks at the person's right."""
    return {"front": p[2], "side": -p[0], "above": p[1]}[view]


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Joint positions (3-D, person's frame) and the head's frame (its columns: left, up, forwards)."""

    joints: dict[str, Vec]
    head: Mat
    trunk: Mat


def skeleton(pose: Pose, origin: Vec = (0.0, 0.0, 0.0)) -> Skeleton:
    """The joints of ``pose`` with the pelvis at ``origin``."""
    g = pose.get
    body = _chain(_ry(g("body", "yaw")), _rz(-g("body", "roll")), _rx(-g("body", "pitch")))
    trunk = _chain(body, _rz(-g("trunk", "bend")), _rx(g("trunk", "lean")), _ry(g("trunk", "turn")))
    head = _chain(trunk, _rz(-g("head", "tilt")), _rx(g("head", "nod")), _ry(g("head", "turn")))
    j: dict[str, Vec] = {"pelvis": origin}
    j["neck"] = _add(origin, _apply(trunk, (0, TRUNK, 0)))
    j["head"] = _add(j["neck"], _apply(head, (0, NECK + HEAD_R, 0.012)))
    for side, sign in (("left", 1), ("right", -1)):
        shoulder = _add(origin, _apply(trunk, (sign * SHOULDER, TRUNK - 0.035, 0)))
        arm = _chain(trunk, _rz(sign * g(f"shoulder_{side}", "out")), _rx(-g(f"shoulder_{side}", "raise")))
        elbow = _add(shoulder, _apply(arm, (0, -UPPER_ARM, 0)))
        fore = _mul(arm, _rx(-g(f"elbow_{side}", "bend")))
        wrist = _add(elbow, _apply(fore, (0, -FOREARM, 0)))
        hand = _mul(fore, _rx(-g(f"wrist_{side}", "bend")))
        hip = _add(origin, _apply(body, (sign * HIP, 0, 0)))
        thigh = _chain(body, _rz(sign * g(f"hip_{side}", "out")), _rx(-g(f"hip_{side}", "bend")))
        knee = _add(hip, _apply(thigh, (0, -THIGH, 0)))
        shank = _mul(thigh, _rx(g(f"knee_{side}", "bend")))
        ankle = _add(knee, _apply(shank, (0, -SHANK, 0)))
        foot = _mul(shank, _rx(-g(f"ankle_{side}", "bend")))
        j.update(
            {
                f"shoulder_{side}": shoulder,
                f"elbow_{side}": elbow,
                f"wrist_{side}": wrist,
                f"hand_{side}": _add(wrist, _apply(hand, (0, -HAND, 0))),
                f"hip_{side}": hip,
                f"knee_{side}": knee,
                f"ankle_{side}": ankle,
                f"toe_{side}": _add(ankle, _apply(foot, (0, -0.01, FOOT))),
            }
        )
    return Skeleton(j, head, trunk)


def _column(m: Mat, i: int) -> Vec:
    return m[0][i], m[1][i], m[2][i]


@dataclass(frozen=True, slots=True)
class Part:
    depth: float
    shapes: tuple[Primitive, ...]


def _band(points: Iterable[Point], width: float, ghost: bool) -> tuple[Primitive, ...]:
    """A round-ended limb: a dark stroke a little wider than the light one painted over it."""
    pts = tuple(points)
    if ghost:
        return (Stroke(pts, width, GHOST, dashed=True, role="ghost"),)
    return Stroke(pts, width + 2 * LINE, INK, role="outline"), Stroke(pts, width, SKIN, role="limb")


def figure(
    pose: Pose, view: View, origin: Vec = (0.0, 0.0, 0.0), ghost: bool = False, compare: Pose | None = None
) -> tuple[Primitive, ...]:
    """The person in ``pose`` seen in ``view``: limbs, trunk, neck and a head whose face shows where it looks.

    ``ghost`` draws the outline only, dashed and grey: an earlier position under the final one; with
    ``compare`` (the final pose, its pelvis at 0) only the parts that move between the two are drawn.
    """
    sk = skeleton(pose, origin)
    j = sk.joints
    other = skeleton(compare) if compare is not None else None
    parts: list[Part] = []

    def moved(names: list[str]) -> bool:
        if other is None:
            return True
        return any(math.dist(project(view, j[n]), project(view, other.joints[n])) > 0.01 for n in names)

    def add(names: list[str], width: float) -> None:
        if not moved(names):
            return
        pts = [j[n] for n in names]
        parts.append(
            Part(sum(depth(view, p) for p in pts) / len(pts), _band((project(view, p) for p in pts), width, ghost))
        )

    for side in ("left", "right"):
        add([f"shoulder_{side}", f"elbow_{side}", f"wrist_{side}", f"hand_{side}"], ARM_W)
        add([f"hip_{side}", f"knee_{side}", f"ankle_{side}"], LEG_W)
        add([f"ankle_{side}", f"toe_{side}"], LEG_W * 0.8)
    # The trunk: as wide as its left-right axis shows in this view.
    across = _column(sk.trunk, 0)
    ax, ay = project(view, across)
    wide = TRUNK_DEEP + (TRUNK_WIDE - TRUNK_DEEP) * min(1.0, math.hypot(ax, ay))
    base = _add(j["pelvis"], _column(sk.trunk, 1), wide * 0.25)
    top = _add(j["neck"], _column(sk.trunk, 1), -wide * 0.35)
    trunk_depth = sum(depth(view, p) for p in (j["pelvis"], j["neck"])) / 2
    if moved(["pelvis", "neck"]):
        parts.append(Part(trunk_depth, _band((project(view, base), project(view, top)), wide, ghost)))
        if view == "above":  # the shoulders across, seen from the ceiling
            ends = (_add(j["shoulder_left"], across, 0.01), _add(j["shoulder_right"], across, -0.01))
            parts.append(Part(trunk_depth + 0.001, _band((project(view, p) for p in ends), TRUNK_DEEP, ghost)))
    neck_top = _add(j["neck"], _column(sk.head, 1), NECK + 0.01)
    if moved(["neck", "head"]):
        parts.append(
            Part(trunk_depth + 0.001, _band((project(view, j["neck"]), project(view, neck_top)), NECK_W, ghost))
        )
    if other is None or moved(["head"]) or _column(sk.head, 2) != _column(other.head, 2):
        parts.append(Part(depth(view, j["head"]) + 0.05, _head(sk, view, ghost)))
    # Limbs on the far side go behind the trunk, near ones in front (a small bias keeps arms beside it).
    parts.sort(key=lambda part: part.depth)
    return tuple(s for part in parts for s in part.shapes)


def _head(sk: Skeleton, view: View, ghost: bool) -> tuple[Primitive, ...]:
    """The head with its face: eyes, and a nose pointing where the face looks (so a turn reads at a glance)."""
    centre3 = sk.joints["head"]
    centre = project(view, centre3)
    if ghost:
        return (Ellipse(centre, HEAD_R, HEAD_R, LINE * 1.2, GHOST, dashed=True, role="ghost_head"),)
    shapes: list[Primitive] = [Ellipse(centre, HEAD_R, HEAD_R, LINE * 2, INK, SKIN, role="head")]
    left, up, fwd = (_column(sk.head, i) for i in range(3))

    def at(x: float, y: float, z: float) -> tuple[Point, float]:
        p = _add(_add(_add(centre3, left, x * HEAD_R), up, y * HEAD_R), fwd, z * HEAD_R)
        return project(view, p), depth(view, p) - depth(view, centre3)

    for eye_x in (0.42, -0.42):
        pos, near = at(eye_x, 0.18, 0.82)
        if near > 0.25 * HEAD_R:
            shapes.append(Ellipse(pos, HEAD_R * 0.11, HEAD_R * 0.11, LINE, INK, INK, role="eye"))
    # The nose: a small wedge off the face. Face-on it is a short line; turned, it points the way the face looks.
    bridge, _ = at(0, 0.02, 0.98)
    tip, tip_near = at(0, -0.22, 1.28)
    base, _ = at(0, -0.3, 0.97)
    if tip_near > -0.2 * HEAD_R:
        shapes.append(Stroke((bridge, tip, base), LINE * 1.5, INK, fill=SKIN, role="nose"))
    mouth_a, near_a = at(0.22, -0.52, 0.82)
    mouth_b, near_b = at(-0.22, -0.52, 0.82)
    if near_a > 0 and near_b > 0:
        shapes.append(Stroke((mouth_a, mouth_b), LINE * 1.4, INK, role="mouth"))
    return tuple(shapes)


def face_direction(pose: Pose, view: View) -> Point:
    """Which way the face points on the paper in ``view`` (a unit-less 2-D direction)."""
    sk = skeleton(pose)
    return project(view, _column(sk.head, 2))


def hand_points(pose: HandPose, origin: Point = (0.0, 0.0), size: float = 1.0) -> dict[str, Point]:
    """Where the palm view's parts lie: each finger's ``<name>_base`` and tip ``<name>``, and ``wrist``.

    One definition shared by :func:`hand` and the hand close-ups (``careplan.figures.hands``), which
    place pens, keys and marks at these points.
    """
    ox, oy = origin
    w = size
    finger_w = w * 0.22
    lengths = {"index": 0.85, "middle": 0.95, "ring": 0.88, "little": 0.68}
    spread = 8.0 if pose.spread else 0.0
    out: dict[str, Point] = {"wrist": (ox, oy - w * 0.35)}
    for i, name in enumerate(FINGERS[1:]):
        x = ox - w / 2 + finger_w / 2 + i * (w - finger_w) / 3
        angle = math.radians((i - 1.5) * spread)
        length = w * lengths[name] * math.cos(math.radians(pose.get(name)))
        base = (x, oy + w * 0.9)
        out[f"{name}_base"] = base
        out[name] = (x + math.sin(angle) * length, base[1] + math.cos(angle) * length)
    bend = pose.get("thumb")
    start = (ox - w / 2 + w * 0.05, oy + w * 0.5)
    direction = math.radians(135 - bend * 0.9 - (10 if pose.spread else 0))
    thumb_len = w * 0.75
    out["thumb_base"] = start
    out["thumb"] = (start[0] + math.cos(direction) * thumb_len, start[1] + math.sin(direction) * thumb_len)
    return out


def hand(pose: HandPose, origin: Point = (0.0, 0.0), size: float = 1.0) -> tuple[Primitive, ...]:
    """A LEFT hand as its owner sees the palm, fingers up, thumb on the paper's left: each finger shortens
    as it bends (it curls towards the viewer). ``size`` is the palm's width in body units; the mirror
    image is the right hand, so a hand drawing's ``moves_to`` names the hand.
    """
    ox, oy = origin
    w = size
    palm = (
        (ox - w / 2, oy),
        (ox + w / 2, oy),
        (ox + w / 2, oy + w * 0.95),
        (ox - w / 2, oy + w * 0.95),
    )
    shapes: list[Primitive] = []
    finger_w = w * 0.22
    at = hand_points(pose, origin, size)
    for name in FINGERS[1:]:
        tip = at[name]
        shapes += _band((at[f"{name}_base"], tip), finger_w, False)
        if pose.get(name) >= 30:  # a curled finger shows its pad: the tip faces the viewer
            shapes.append(Ellipse(tip, finger_w * 0.42, finger_w * 0.42, LINE, INK, SKIN, role="fingertip"))
    # The thumb comes off the palm's side, angled out; bending it brings it across the palm.
    bend = pose.get("thumb")
    start, tip = at["thumb_base"], at["thumb"]
    shapes += _band((start, tip), finger_w * 1.1, False)
    shapes += _band(((ox, oy - w * 0.35), (ox, oy + w * 0.3)), w * 0.72, False)
    shapes.append(Stroke(palm, LINE, INK, fill=SKIN, closed=True, role="palm"))
    # The palm covers the finger roots; repaint the thumb over it when bent across.
    if bend > 45:
        shapes += _band((start, tip), finger_w * 1.1, False)
    return tuple(shapes)
