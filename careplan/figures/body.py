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

View = Literal["front", "side", "above", "face"]
VIEWS: tuple[View, ...] = ("front", "side", "above", "face")
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


@dataclass(frozen=True, slots=True)
class Build:
    """The lengths of one body (body units): an adult's by default; widths are shared, so props fit both."""

    head_r: float = HEAD_R
    neck: float = NECK
    trunk: float = TRUNK
    shoulder: float = SHOULDER
    hip: float = HIP
    upper_arm: float = UPPER_ARM
    forearm: float = FOREARM
    hand: float = HAND
    thigh: float = THIGH
    shank: float = SHANK
    foot: float = FOOT


ADULT = Build()
#: A young child (about 4-7 years), drawn shorter than the adult (about 0.78 against 0.96 body units
#: standing) with a head of about the adult's size: the head is about 1/5.2 of the height (the adult
#: drawing: 1/7.1). Figure-drawing guides give 4 1/2 to 6 heads at five years and about 6 at six to eight:
#: Loomis, "Figure Drawing for All It's Worth", as quoted on forums.thefashionspot.com (5 heads at 3 years,
#: 6 at 5, 8 for an adult); drawartwork.blogspot.com, "Children's body proportions" (4 1/2 heads at five,
#: 6 at eight); painting.about.com, M. Boddy-Evans (the head about a sixth of the height at six or seven).
#: The legs (floor to hip joint) are about 0.48 of the height against the adult's 0.51, because a young
#: child's sitting height is a larger part of the height (age references: Fredriks et al., Arch Dis Child
#: 2005;90:807-12; the ratios used, about 0.56 at 4-7 years and 0.52 for an adult, are unchecked). Arms
#: and feet are shortened in step (unchecked). Widths stay the adult's, so limbs look rounder and props
#: placed from the joints still fit; ``Place.size`` sizes the chair, toilet seat, walker and tilt seat.
CHILD = Build(
    head_r=0.075,
    neck=0.015,
    trunk=0.24,
    shoulder=0.08,
    hip=0.045,
    upper_arm=0.125,
    forearm=0.11,
    hand=0.048,
    thigh=0.175,
    shank=0.168,
    foot=0.065,
)
Proportions = Literal["adult", "child"]
#: A drawing's ``proportions`` field: whose body is drawn.
BUILDS: dict[str, Build] = {"adult": ADULT, "child": CHILD}


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
    #: How far the jaw is open (degrees, 0: closed): the mouth is drawn open.
    jaw: float = 0.0
    build: Build = ADULT


def skeleton(pose: Pose, origin: Vec = (0.0, 0.0, 0.0), build: Build = ADULT) -> Skeleton:
    """The joints of ``pose`` with the pelvis at ``origin``, for a body of ``build``."""
    b = build
    g = pose.get
    body = _chain(_ry(g("body", "yaw")), _rz(-g("body", "roll")), _rx(-g("body", "pitch")))
    trunk = _chain(body, _rz(-g("trunk", "bend")), _rx(g("trunk", "lean")), _ry(g("trunk", "turn")))
    head = _chain(trunk, _rz(-g("head", "tilt")), _rx(g("head", "nod")), _ry(g("head", "turn")))
    j: dict[str, Vec] = {"pelvis": origin}
    j["neck"] = _add(origin, _apply(trunk, (0, b.trunk, 0)))
    j["head"] = _add(_add(j["neck"], _apply(head, (0, b.neck + b.head_r, 0.012))), _shift(pose, trunk, b))
    for side, sign in (("left", 1), ("right", -1)):
        shrug = math.radians(g(f"shoulder_{side}", "shrug"))
        forward = math.radians(g(f"shoulder_{side}", "forward"))
        across = sign * b.shoulder * math.cos(shrug) * math.cos(forward)
        shoulder = _add(
            origin,
            _apply(trunk, (across, b.trunk - 0.035 + b.shoulder * math.sin(shrug), b.shoulder * math.sin(forward))),
        )
        arm = _chain(
            trunk,
            _ry(-sign * g(f"shoulder_{side}", "across")),
            _rz(sign * g(f"shoulder_{side}", "out")),
            _rx(-g(f"shoulder_{side}", "raise")),
        )
        elbow = _add(shoulder, _apply(arm, (0, -b.upper_arm, 0)))
        fore = _mul(arm, _rx(-g(f"elbow_{side}", "bend")))
        wrist = _add(elbow, _apply(fore, (0, -b.forearm, 0)))
        hand = _mul(fore, _rx(-g(f"wrist_{side}", "bend")))
        hip = _add(origin, _apply(body, (sign * b.hip, 0, 0)))
        thigh = _chain(body, _rz(sign * g(f"hip_{side}", "out")), _rx(-g(f"hip_{side}", "bend")))
        knee = _add(hip, _apply(thigh, (0, -b.thigh, 0)))
        shank = _mul(thigh, _rx(g(f"knee_{side}", "bend")))
        ankle = _add(knee, _apply(shank, (0, -b.shank, 0)))
        foot = _mul(shank, _rx(-g(f"ankle_{side}", "bend")))
        j.update(
            {
                f"shoulder_{side}": shoulder,
                f"elbow_{side}": elbow,
                f"wrist_{side}": wrist,
                f"hand_{side}": _add(wrist, _apply(hand, (0, -b.hand, 0))),
                f"hip_{side}": hip,
                f"knee_{side}": knee,
                f"ankle_{side}": ankle,
                f"toe_{side}": _add(ankle, _apply(foot, (0, -0.01, b.foot))),
            }
        )
    return Skeleton(j, head, trunk, g("jaw", "open"), build)


def _shift(pose: Pose, trunk: Mat, build: Build = ADULT) -> Vec:
    """How far ``head.shift`` (forwards) and ``head.side_shift`` (to the left) carry the head: the neck
    leaning on the trunk, the face still level."""
    a = math.radians(pose.get("head", "shift"))
    b = math.radians(pose.get("head", "side_shift"))
    r = build.neck + build.head_r
    return _apply(trunk, (math.sin(b) * r, (math.cos(a) + math.cos(b) - 2) * r, math.sin(a) * r))


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
    pose: Pose,
    view: View,
    origin: Vec = (0.0, 0.0, 0.0),
    ghost: bool = False,
    compare: Pose | None = None,
    build: Build = ADULT,
) -> tuple[Primitive, ...]:
    """The person in ``pose`` seen in ``view``: limbs, trunk, neck and a head whose face shows where it looks.

    ``ghost`` draws the outline only, dashed and grey: an earlier position under the final one; with
    ``compare`` (the final pose, its pelvis at 0) only the parts that move between the two are drawn.
    """
    sk = skeleton(pose, origin, build)
    j = sk.joints
    other = skeleton(compare, build=build) if compare is not None else None
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
    neck_top = _add(_add(j["neck"], _column(sk.head, 1), build.neck + 0.01), _shift(pose, sk.trunk, build))
    if moved(["neck", "head"]):
        parts.append(
            Part(trunk_depth + 0.001, _band((project(view, j["neck"]), project(view, neck_top)), NECK_W, ghost))
        )
    if other is None or moved(["head"]) or _column(sk.head, 2) != _column(other.head, 2):
        shut = pose.get("eyelids", "close") >= 45
        parts.append(Part(depth(view, j["head"]) + 0.05, _head(sk, view, ghost, shut)))
    # Limbs on the far side go behind the trunk, near ones in front (a small bias keeps arms beside it).
    parts.sort(key=lambda part: part.depth)
    return tuple(s for part in parts for s in part.shapes)


def _head(sk: Skeleton, view: View, ghost: bool, shut: bool = False) -> tuple[Primitive, ...]:
    """The head with its face: eyes, and a nose pointing where the face looks (so a turn reads at a glance)."""
    centre3 = sk.joints["head"]
    r = sk.build.head_r
    centre = project(view, centre3)
    if ghost:
        return (Ellipse(centre, r, r, LINE * 1.2, GHOST, dashed=True, role="ghost_head"),)
    shapes: list[Primitive] = [Ellipse(centre, r, r, LINE * 2, INK, SKIN, role="head")]
    left, up, fwd = (_column(sk.head, i) for i in range(3))

    def at(x: float, y: float, z: float) -> tuple[Point, float]:
        p = _add(_add(_add(centre3, left, x * r), up, y * r), fwd, z * r)
        return project(view, p), depth(view, p) - depth(view, centre3)

    for eye_x in (0.42, -0.42):
        pos, near = at(eye_x, 0.18, 0.82)
        if near > 0.25 * r and shut:  # a closed lid: a short curve across the eye
            lid = (at(eye_x - 0.16, 0.2, 0.8)[0], at(eye_x, 0.13, 0.84)[0], at(eye_x + 0.16, 0.2, 0.8)[0])
            shapes.append(Stroke(lid, LINE * 1.3, INK, role="eye"))
        elif near > 0.25 * r:
            shapes.append(Ellipse(pos, r * 0.11, r * 0.11, LINE, INK, INK, role="eye"))
    # The nose: a small wedge off the face. Face-on it is a short line; turned, it points the way the face looks.
    bridge, _ = at(0, 0.02, 0.98)
    tip, tip_near = at(0, -0.22, 1.28)
    base, _ = at(0, -0.3, 0.97)
    if tip_near > -0.2 * r:
        shapes.append(Stroke((bridge, tip, base), LINE * 1.5, INK, fill=SKIN, role="nose"))
    mouth_a, near_a = at(0.22, -0.52, 0.82)
    mouth_b, near_b = at(-0.22, -0.52, 0.82)
    if near_a > 0 and near_b > 0 and sk.jaw >= 5:  # open: a dark oval, deeper the wider the jaw opens
        mid = ((mouth_a[0] + mouth_b[0]) / 2, (mouth_a[1] + mouth_b[1]) / 2)
        depth_y = r * (0.08 + 0.3 * sk.jaw / 30)
        shapes.append(Ellipse(mid, abs(mouth_a[0] - mouth_b[0]) / 2, depth_y, LINE, INK, INK, role="mouth"))
    elif near_a > 0 and near_b > 0:
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


#: The face close-up (``view = "face"``), in its own units: the head about 0.7 tall, so the outline keeps
#: the house weight while the mouth is big enough to read at 3 cm.
FACE_RX, FACE_RY = 0.28, 0.36


def _face_drop(pose: Pose) -> float:
    """How far the chin drops as the jaw opens (face units)."""
    return 0.09 * pose.get("jaw", "open") / 30


def face_points(pose: Pose) -> dict[str, Point]:
    """Where marks and props go on a face close-up: head, eyes, mouth, chin, neck, and the hand at the chin."""
    drop = _face_drop(pose)
    chin = -FACE_RY - drop + 0.02
    return {
        "head": (0.0, 0.02),
        "eyes": (0.0, 0.08),
        "mouth": (0.0, -0.17 - drop * 0.6),
        "chin": (0.0, chin),
        "neck": (0.0, -0.45),
        "hand": (0.3, chin - 0.3),
    }


def face(pose: Pose, ghost: bool = False) -> tuple[Primitive, ...]:
    """The head and shoulders seen face-on, close up: the jaw (``jaw.open``) opens the mouth and drops the
    chin. Head turns and tilts are not drawn here (the jaw exercises keep the chin in the middle).
    ``ghost`` draws the chin and mouth of an earlier position, grey and dashed."""
    drop = _face_drop(pose)
    opening = pose.get("jaw", "open")
    points = face_points(pose)
    mx, my = points["mouth"]
    head = Ellipse((0.0, 0.02 - drop / 2), FACE_RX, FACE_RY + drop / 2, LINE * 2, INK, SKIN, role="head")
    if opening >= 3:
        h = 0.02 + 0.1 * opening / 30
        mouth: Primitive = Ellipse((mx, my), 0.075, h / 2, LINE * 1.5, INK, INK, role="mouth")
    else:
        mouth = Stroke(
            ((mx - 0.085, my + 0.008), (mx, my - 0.006), (mx + 0.085, my + 0.008)), LINE * 2, INK, role="mouth"
        )
    if ghost:
        return (
            Ellipse(head.centre, head.rx, head.ry, LINE * 1.2, GHOST, dashed=True, role="ghost_head"),
            Stroke(((mx - 0.085, my), (mx + 0.085, my)), LINE * 1.2, GHOST, dashed=True, role="ghost"),
        )
    shoulders = ((-0.62, -0.85), (-0.6, -0.66), (-0.2, -0.52), (0.2, -0.52), (0.6, -0.66), (0.62, -0.85))
    shapes: list[Primitive] = [
        *_band(((0.0, -0.7), (0.0, -0.2)), 0.26, False),
        Stroke(shoulders, LINE * 2, INK, fill=SKIN, closed=True, role="trunk"),
        Stroke(((0.0, -0.5), (0.0, -0.62)), 0.26, SKIN, role="limb"),  # the neck runs into the shoulders
        Ellipse((-FACE_RX, 0.02), 0.05, 0.08, LINE * 2, INK, SKIN, role="ear"),
        Ellipse((FACE_RX, 0.02), 0.05, 0.08, LINE * 2, INK, SKIN, role="ear"),
        head,
    ]
    for x in (-0.11, 0.11):
        shapes.append(Ellipse((x, 0.08), 0.026, 0.026, LINE, INK, INK, role="eye"))
    shapes.append(Stroke(((0.0, 0.05), (-0.035, -0.07), (0.02, -0.08)), LINE * 1.5, INK, role="nose"))
    shapes.append(mouth)
    return tuple(shapes)
