"""Things around the person: furniture and equipment, placed from the figure's own joints.

A clinic names a prop and, at most, nudges it (``dx``, ``dy`` in body units); where it stands comes
from the pose: a chair's seat under the pelvis and down to the floor under the feet, a pillow under
the head, a wall behind the back, a table at the hands. So a prop fits the pose without coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from careplan.figures.body import HEAD_R, LEG_W, LINE, TRUNK_DEEP, TRUNK_WIDE, View
from careplan.figures.primitives import INK, PROP, SKIN, Ellipse, Point, Primitive, Stroke


@dataclass(frozen=True, slots=True)
class Place:
    """The figure's projected joints, the floor under it and the facing (+1: the paper's right)."""

    joints: dict[str, Point]
    floor: float
    facing: float = 1.0
    #: The body's size against an adult's (a child's thigh is shorter): furniture sized to the body uses it.
    size: float = 1.0

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]

    def lowest_x(self) -> float:
        return min(x for x, _ in self.joints.values())

    def highest_x(self) -> float:
        return max(x for x, _ in self.joints.values())


def box(x0: float, y0: float, x1: float, y1: float, fill: str = PROP, width: float = LINE) -> Stroke:
    """An outlined, filled rectangle: a seat, a board, a tray (props and the hand close-ups alike)."""
    return Stroke(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), width, INK, fill=fill, closed=True, role="prop")


def _line(*pts: Point, width: float = LINE * 2.5) -> Stroke:
    return Stroke(tuple(pts), width, INK, role="prop")


def floor(view: View, at: Place) -> list[Primitive]:
    lo, hi = at.lowest_x() - 0.25, at.highest_x() + 0.25
    return [_line((lo, at.floor), (hi, at.floor), width=LINE * 1.5)]


def chair(view: View, at: Place) -> list[Primitive]:
    """A chair with a back, sized to the body (a child's chair is smaller: the seat ends behind the knees)."""
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    k = at.size
    if view == "side":
        back = px - 0.11 * k * at.facing
        front = px + 0.2 * k * at.facing
        return [
            _line((back, at.floor), (back, seat + 0.42 * k)),
            _line((front, at.floor), (front, seat)),
            box(min(back, front), seat - 0.035, max(back, front), seat),
            box(back - 0.02, seat, back + 0.02 * at.facing, seat + 0.44 * k),
        ]
    return [
        box(px - 0.17 * k, seat, px + 0.17 * k, seat + 0.5 * k),
        _line((px - 0.16 * k, at.floor), (px - 0.16 * k, seat)),
        _line((px + 0.16 * k, at.floor), (px + 0.16 * k, seat)),
        box(px - 0.2 * k, seat - 0.035, px + 0.2 * k, seat),
    ]


def table(view: View, at: Place) -> list[Primitive]:
    hands = [at[f"wrist_{s}"] for s in ("left", "right")]
    top = min(y for _, y in hands) - 0.035
    if view == "side":
        x0 = max(x for x, _ in hands) * at.facing - 0.12
        near, far = x0 * at.facing, (x0 + 0.5) * at.facing
        return [
            _line((far, at.floor), (far, top)),
            _line((near + 0.04 * at.facing, at.floor), (near + 0.04 * at.facing, top)),
            box(min(near, far), top - 0.03, max(near, far), top),
        ]
    cx = at["pelvis"][0]
    return [
        _line((cx - 0.36, at.floor), (cx - 0.36, top)),
        _line((cx + 0.36, at.floor), (cx + 0.36, top)),
        box(cx - 0.4, top - 0.03, cx + 0.4, top),
    ]


def wall(view: View, at: Place) -> list[Primitive]:
    if view == "side":
        back = min(at[n][0] * at.facing for n in ("pelvis", "neck", "head")) - TRUNK_DEEP / 2 - LINE * 2
        x = back * at.facing
        top = at["head"][1] + HEAD_R + 0.12
        return [
            Stroke(
                ((x, at.floor), (x, top), (x - 0.06 * at.facing, top), (x - 0.06 * at.facing, at.floor)),
                LINE,
                INK,
                fill=PROP,
                closed=True,
                role="prop",
            )
        ]
    lo, hi = at.lowest_x() - 0.2, at.highest_x() + 0.2
    return [box(lo, at.floor, hi, at["head"][1] + HEAD_R + 0.12)]


def mat(view: View, at: Place) -> list[Primitive]:
    lo, hi = at.lowest_x() - 0.1, at.highest_x() + 0.1
    if view == "above":
        ys = [y for _, y in at.joints.values()]
        return [box(lo, min(ys) - 0.12, hi, max(ys) + 0.12)]
    return [box(lo, at.floor - 0.035, hi, at.floor)]


def pillow(view: View, at: Place) -> list[Primitive]:
    hx, hy = at["head"]
    if view == "above":
        return [Ellipse((hx, hy), 0.1, 0.14, LINE, INK, "#ffffff", role="prop")]
    return [Ellipse((hx, hy - HEAD_R - 0.02), 0.13, 0.035, LINE, INK, "#ffffff", role="prop")]


def mirror(view: View, at: Place) -> list[Primitive]:
    hx, hy = at["head"]
    if view == "side":  # a mirror on a stand, facing the person
        x = hx + 0.42 * at.facing
        glass = box(min(x, x + 0.035 * at.facing), hy - 0.3, max(x, x + 0.035 * at.facing), hy + 0.15, fill="#dbeafe")
        return [_line((x + 0.05 * at.facing, at.floor), (x + 0.02 * at.facing, hy - 0.3)), glass]
    return [
        box(hx - 0.22, hy - 0.32, hx + 0.22, hy + 0.15, fill="#dbeafe"),
        _line((hx, hy - 0.3), (hx, hy + 0.13), width=LINE),
    ]


def standing_frame(view: View, at: Place) -> list[Primitive]:
    """A standing frame: base on the floor, an upright, pads at the knees and chest, and a tray."""
    kx, ky = at["knee_right"] if view == "side" else at["pelvis"]
    _, chest = at["neck"]
    _, py = at["pelvis"]
    tray_y = chest - 0.09
    if view == "side":
        post = kx + 0.09 * at.facing
        return [
            box(
                min(post - 0.35 * at.facing, post + 0.12 * at.facing),
                at.floor,
                max(post - 0.35 * at.facing, post + 0.12 * at.facing),
                at.floor + 0.03,
            ),
            _line((post, at.floor), (post, tray_y)),
            box(
                min(post, post - 0.05 * at.facing),
                ky - 0.05,
                max(post, post - 0.05 * at.facing),
                ky + 0.05,
                fill="#cbd2d9",
            ),
            box(
                min(post, post - 0.05 * at.facing),
                py + 0.03,
                max(post, post - 0.05 * at.facing),
                py + 0.16,
                fill="#cbd2d9",
            ),
            box(
                min(post - 0.02 * at.facing, post + 0.3 * at.facing),
                tray_y,
                max(post - 0.02 * at.facing, post + 0.3 * at.facing),
                tray_y + 0.03,
            ),
        ]
    return [
        box(kx - 0.3, at.floor, kx + 0.3, at.floor + 0.03),
        _line((kx - 0.24, at.floor), (kx - 0.24, tray_y)),
        _line((kx + 0.24, at.floor), (kx + 0.24, tray_y)),
        box(kx - 0.3, tray_y, kx + 0.3, tray_y + 0.03),
    ]


def walker(view: View, at: Place) -> list[Primitive]:
    hands = [at[f"wrist_{s}"] for s in ("left", "right")]
    grip = min(y for _, y in hands)
    if view == "side":
        x_near = max(x * at.facing for x, _ in hands) * at.facing
        x_far = x_near + 0.3 * at.facing
        return [
            _line((x_near, at.floor), (x_near, grip), (x_far, grip), (x_far, at.floor)),
            _line((x_near, grip - 0.25), (x_far, grip - 0.25), width=LINE * 1.5),
        ]
    xs = sorted(x for x, _ in hands)
    return [
        _line((xs[0] - 0.03, at.floor), (xs[0] - 0.03, grip), (xs[1] + 0.03, grip), (xs[1] + 0.03, at.floor)),
    ]


def wheelchair(view: View, at: Place) -> list[Primitive]:
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    if view == "side":
        wheel_r = 0.2
        cx = px - 0.02 * at.facing
        return [
            Ellipse((cx, at.floor + wheel_r), wheel_r, wheel_r, LINE * 2.5, INK, None, role="prop"),
            Ellipse((cx, at.floor + wheel_r), 0.02, 0.02, LINE, INK, INK, role="prop"),
            Ellipse((px + 0.26 * at.facing, at.floor + 0.035), 0.035, 0.035, LINE * 2, INK, None, role="prop"),
            box(
                min(px - 0.12 * at.facing, px + 0.2 * at.facing),
                seat - 0.03,
                max(px - 0.12 * at.facing, px + 0.2 * at.facing),
                seat,
            ),
            _line(
                (px - 0.12 * at.facing, seat), (px - 0.14 * at.facing, seat + 0.4), (px - 0.2 * at.facing, seat + 0.43)
            ),
            _line((px + 0.2 * at.facing, seat), (px + 0.26 * at.facing, at.floor + 0.035)),
        ]
    return [
        Ellipse((px - 0.22, at.floor + 0.2), 0.025, 0.2, LINE * 2.5, INK, None, role="prop"),
        Ellipse((px + 0.22, at.floor + 0.2), 0.025, 0.2, LINE * 2.5, INK, None, role="prop"),
        box(px - 0.2, seat - 0.03, px + 0.2, seat),
        box(px - 0.17, seat, px + 0.17, seat + 0.4),
    ]


def therapy_ball(view: View, at: Place) -> list[Primitive]:
    """A large ball under the pelvis, resting on the floor (sitting on a ball)."""
    px, py = at["pelvis"]
    top = py - LEG_W / 2 - LINE
    r = max((top - at.floor) / 2, 0.05)
    return [Ellipse((px, at.floor + r), r, r, LINE, INK, "#bfdbfe", role="prop")]


#: The props a drawing may name. Each is painted behind the person.
PROPS: dict[str, Callable[[View, Place], list[Primitive]]] = {
    "floor": floor,
    "chair": chair,
    "table": table,
    "wall": wall,
    "mat": mat,
    "pillow": pillow,
    "mirror": mirror,
    "standing_frame": standing_frame,
    "walker": walker,
    "wheelchair": wheelchair,
    "therapy_ball": therapy_ball,
}


# --- d2: things to look at or play with (issue 14): a target on the wall ahead, a phone on a stand,
# a light pointer on a cap, a balloon, a kitchen counter. Seen from the side (the person faces the
# paper's right); "ahead" is measured from the eyes, so the sightline mark and the beam meet the target.
# (ARROW imported here, not at the top, so that this section stays one block that merges cleanly.)
from careplan.figures.primitives import ARROW  # noqa: E402

#: How far ahead of the eyes the wall with the target stands (body units; nudge it with ``dx``).
AHEAD = 0.5
STICKER = "#fde68a"


def _eyes(at: Place) -> Point:
    return at.joints.get("eyes", at["head"])


def target(view: View, at: Place) -> list[Primitive]:
    """A wall ahead of the person with a round target at eye height (side view; from above, a wall
    across the bottom of the page, where the face looks). From the front it would stand between the
    reader and the person, so the front view shows the target alone, above the head's side."""
    ex, ey = _eyes(at)
    if view == "side":
        x = ex + AHEAD * at.facing
        top = at["head"][1] + HEAD_R + 0.15
        face = [
            _line((ex, at.floor), (x, at.floor), width=LINE * 1.5),  # the floor runs on to the wall
            box(min(x, x + 0.05 * at.facing), at.floor, max(x, x + 0.05 * at.facing), top),
        ]
    elif view == "above":
        y = ey - AHEAD
        face = [box(at.lowest_x() - 0.25, y - 0.05, at.highest_x() + 0.25, y)]
        x = ex
        return face + _sticker((x, y))
    else:
        return _sticker((at["head"][0] + 0.3, ey + 0.1))
    return face + _sticker((x, ey))


def _sticker(centre: Point) -> list[Primitive]:
    """A round sticker: a pale disc with a dark ring and an orange centre, easy to find at print size."""
    return [
        Ellipse(centre, 0.04, 0.04, LINE, INK, STICKER, role="prop"),
        Ellipse(centre, 0.013, 0.013, LINE * 0.5, ARROW, ARROW, role="prop"),
    ]


def phone(view: View, at: Place) -> list[Primitive]:
    """A phone standing on a small tripod ahead of the person, its camera at eye height (side view)."""
    ex, ey = _eyes(at)
    x = ex + 0.3 * at.facing
    body = box(min(x, x + 0.025 * at.facing), ey - 0.075, max(x, x + 0.025 * at.facing), ey + 0.03, fill="#dbeafe")
    leg = x + 0.0125 * at.facing
    return [
        _line((leg, ey - 0.075), (leg, at.floor)),
        _line((leg - 0.06, at.floor), (leg, at.floor + 0.1), (leg + 0.06, at.floor)),
        body,
    ]


def light_pointer(view: View, at: Place) -> list[Primitive]:
    """A cap with a small light on its peak, its beam a dashed line to the wall ahead ending in a dot
    (side view). Painted behind the head like every prop: the crown and the peak show around it."""
    hx, hy = at["head"]
    ex, ey = _eyes(at)
    f = at.facing
    dome = [math.radians(a) for a in range(0, 181, 15)]
    crown = Stroke(
        tuple((hx + HEAD_R * 1.15 * math.cos(a), hy + HEAD_R * (0.3 + 1.1 * math.sin(a))) for a in dome),
        LINE,
        INK,
        fill="#93c5fd",
        closed=True,
        role="prop",
    )
    brim_y = hy + HEAD_R * 0.35
    peak = _line((hx, brim_y), (hx + HEAD_R * 1.9 * f, brim_y - HEAD_R * 0.1), width=LINE * 2.5)
    lamp_x = hx + HEAD_R * 1.45 * f
    lamp = box(lamp_x - 0.015 * f, brim_y + 0.006, lamp_x + 0.02 * f, brim_y + 0.022, fill=INK)
    wall_x = ex + AHEAD * f
    beam_y = brim_y + 0.014
    beam = Stroke(((lamp_x + 0.03 * f, beam_y), (wall_x, ey)), LINE * 1.2, ARROW, dashed=True, role="prop")
    return [crown, peak, lamp, beam]


def balloon(view: View, at: Place) -> list[Primitive]:
    """A balloon just beyond the raised right hand (the near hand from the side), its string hanging."""
    hx, hy = at["hand_right"]
    cx, cy = hx + 0.05 * at.facing, hy + 0.1
    return [
        _line((cx, cy - 0.075), (cx - 0.01 * at.facing, cy - 0.2), width=LINE * 0.8),
        Ellipse((cx, cy), 0.06, 0.075, LINE, INK, "#fca5a5", role="prop"),
    ]


def counter(view: View, at: Place) -> list[Primitive]:
    """A kitchen counter beside the person, its top under the resting left hand (behind the person
    from the side; to the person's left, the paper's right, from the front)."""
    wx, wy = at["wrist_left"]
    top = wy - 0.02
    if view == "side":
        px = at["pelvis"][0]
        return [box(px - 0.3, at.floor, px + 0.3, top - 0.03), box(px - 0.33, top - 0.03, px + 0.33, top)]
    return [box(wx - 0.04, at.floor, wx + 0.4, top - 0.03), box(wx - 0.07, top - 0.03, wx + 0.4, top)]


PROPS.update({"target": target, "phone": phone, "light_pointer": light_pointer, "balloon": balloon, "counter": counter})


# ---------------------------------------------------------------------------------------------
# d1 (neck and foot drawings)


def book(view: View, at: Place) -> list[Primitive]:
    """A book or tablet held in both hands, upright, facing the eyes (a reading task)."""
    xs = [at[f"hand_{s}"][0] for s in ("left", "right")]
    ys = [at[f"hand_{s}"][1] for s in ("left", "right")]
    x, y = sum(xs) / 2, max(ys)
    if view == "side":
        front = x + 0.005 * at.facing
        return [box(min(front, front + 0.03 * at.facing), y - 0.03, max(front, front + 0.03 * at.facing), y + 0.13)]
    return [box(x - 0.09, y - 0.03, x + 0.09, y + 0.11, fill="#ffffff")]


def wall_alongside(view: View, at: Place) -> list[Primitive]:
    """A wall running beside the person (behind them on the paper), for walking with a wall at one's side."""
    lo, hi = at.lowest_x() - 0.2, at.highest_x() + 0.2
    return [box(lo, at.floor, hi, at["head"][1] + HEAD_R + 0.08)]


PROPS.update({"book": book, "wall_alongside": wall_alongside})


# --- d4: general exercise equipment (bikes, step, rail, treadmill, water, bench) and play things --------------
POOL_WATER = "#cfe8f7"


def _feet_lower_first(at: Place) -> tuple[Point, Point]:
    """The lower ankle first: the foot on the ground, then the raised one."""
    a, b = at["ankle_left"], at["ankle_right"]
    return (a, b) if a[1] <= b[1] else (b, a)


def _bike_wheel(centre: Point, r: float, fill: str | None = None) -> Ellipse:
    return Ellipse(centre, r, r, LINE * 2, INK, fill, role="prop")


def exercise_bike(view: View, at: Place) -> list[Primitive]:
    """An upright exercise bike seen from the side: saddle under the pelvis, crank between the feet, handlebar
    at the hands and a flywheel in front."""
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    (ax, ay), (bx, by) = at["ankle_left"], at["ankle_right"]
    crank = ((ax + bx) / 2, (ay + by) / 2)
    hx, hy = max((at[f"wrist_{s}"] for s in ("left", "right")), key=lambda p: p[0] * at.facing)
    front = crank[0] + 0.2 * at.facing
    return [
        box(min(px - 0.15, front + 0.1), at.floor, max(px - 0.15, front + 0.1), at.floor + 0.03),
        _line((px, at.floor + 0.03), (px, seat), width=LINE * 3),
        _line((crank[0], at.floor + 0.03), crank, (hx - 0.02 * at.facing, hy - 0.1), width=LINE * 3),
        _line((hx - 0.02 * at.facing, hy - 0.1), (hx, hy), width=LINE * 3),
        _bike_wheel((front, at.floor + 0.13), 0.1, PROP),
        _line(crank, (front, at.floor + 0.13), width=LINE * 2),
        box(px - 0.07, seat - 0.03, px + 0.07, seat),
        _bike_wheel(crank, 0.07),
        _line((ax, ay), (bx, by), width=LINE * 2.5),
    ]


def recumbent_bike(view: View, at: Place) -> list[Primitive]:
    """A bike with a backrest, from the side: a seat under the pelvis, a backrest behind the trunk and the crank
    out in front at the feet."""
    px, py = at["pelvis"]
    nx, ny = at["neck"]
    seat = py - LEG_W / 2 - LINE
    back = px - 0.1 * at.facing
    (ax, ay), (bx, by) = at["ankle_left"], at["ankle_right"]
    crank = ((ax + bx) / 2, (ay + by) / 2)
    return [
        box(min(back - 0.05, crank[0] + 0.1), at.floor, max(back - 0.05, crank[0] + 0.1), at.floor + 0.03),
        _line((px, at.floor + 0.03), (px, seat), width=LINE * 3),
        _line((crank[0], at.floor + 0.03), crank, width=LINE * 3),
        _line((px, seat - 0.08), (crank[0], crank[1] - 0.04), width=LINE * 3),
        box(min(back, px + 0.14), seat - 0.035, max(back, px + 0.14), seat),
        Stroke(
            (
                (back, seat),
                (back + 0.05 * at.facing, seat),
                (nx - 0.06 * at.facing, ny - 0.05),
                (nx - 0.1 * at.facing, ny),
            ),
            LINE,
            INK,
            fill=PROP,
            closed=True,
            role="prop",
        ),
        _bike_wheel(crank, 0.07),
        _line((ax, ay), (bx, by), width=LINE * 2.5),
    ]


def step(view: View, at: Place) -> list[Primitive]:
    """A low step (the bottom stair) under the raised foot."""
    _, (fx, fy) = _feet_lower_first(at)
    top = fy - LEG_W * 0.5
    if view == "side":
        return [box(fx - 0.12 * at.facing, at.floor, fx + 0.35 * at.facing, top)]
    return [box(fx - 0.3, at.floor, fx + 0.3, top)]


def rail(view: View, at: Place) -> list[Primitive]:
    """A hand rail at the hands: a bar with two posts to the floor."""
    hands = [at[f"wrist_{s}"] for s in ("left", "right")]
    grip = min(y for _, y in hands) - 0.02
    xs = [x for x, _ in hands]
    lo, hi = min(xs) - 0.15, max(xs) + 0.15
    return [_line((lo, at.floor), (lo, grip), (hi, grip), (hi, at.floor))]


def treadmill(view: View, at: Place) -> list[Primitive]:
    """A treadmill from the side: a low deck under the feet, a post and rails at the hands in front."""
    hands = [at[f"wrist_{s}"] for s in ("left", "right")]
    grip = min(y for _, y in hands) - 0.02
    hx = max(x * at.facing for x, _ in hands) * at.facing
    feet = [at[f"toe_{s}"][0] for s in ("left", "right")] + [at[f"ankle_{s}"][0] for s in ("left", "right")]
    back, front = min(feet) - 0.15, max(max(feet), hx) + 0.15
    post = front if at.facing > 0 else back
    return [
        box(back, at.floor - 0.045, front, at.floor),
        _bike_wheel((back + 0.025, at.floor - 0.0225), 0.018),
        _bike_wheel((front - 0.025, at.floor - 0.0225), 0.018),
        _line((post, at.floor), (post, grip + 0.12)),
        box(min(post, post + 0.08 * at.facing), grip + 0.1, max(post, post + 0.08 * at.facing), grip + 0.2),
        _line((post, grip), (hx - 0.12 * at.facing, grip)),
    ]


def water(view: View, at: Place) -> list[Primitive]:
    """Pool water up to the chest, with the pool's side (hands hold it) at the paper's far end."""
    lo, hi = at.lowest_x() - 0.3, at.highest_x() + 0.3
    _, ny = at["neck"]
    level = ny - 0.1
    waves = tuple((lo + i * (hi - lo) / 16, level + (0.012 if i % 2 else -0.012)) for i in range(17))
    return [
        Stroke(((lo, at.floor), *waves, (hi, at.floor)), LINE, "#5b9bd5", fill=POOL_WATER, closed=True, role="prop"),
        Stroke(waves, LINE * 2, "#5b9bd5", role="prop_front"),
    ]


def bench(view: View, at: Place) -> list[Primitive]:
    """A low bench or stool without a back, under the pelvis."""
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    half = 0.15 if view == "side" else 0.2
    return [
        _line((px - half + 0.03, at.floor), (px - half + 0.03, seat)),
        _line((px + half - 0.03, at.floor), (px + half - 0.03, seat)),
        box(px - half, seat - 0.04, px + half, seat),
    ]


def reach_toy(view: View, at: Place) -> list[Primitive]:
    """A ball to reach for or look at, just beyond the hand that reaches furthest out."""
    px = at["pelvis"][0]
    hx, hy = max((at[f"hand_{s}"] for s in ("left", "right")), key=lambda p: abs(p[0] - px))
    out = 1.0 if hx >= px else -1.0
    c = (hx + out * 0.08, hy)
    r = 0.045
    return [
        Ellipse(c, r, r, LINE, INK, "#fcd34d", role="prop"),
        Stroke(((c[0] - r, c[1]), (c[0] + r, c[1])), LINE, INK, role="prop"),
    ]


def roll(view: View, at: Place) -> list[Primitive]:
    """A small roll (a rolled towel) on the floor under the chest."""
    (px, _), (nx, _) = at["pelvis"], at["neck"]
    r = 0.05
    return [Ellipse((px + (nx - px) * 0.7, at.floor + r), r, r, LINE, INK, "#ffffff", role="prop")]


def soap_bubbles(view: View, at: Place) -> list[Primitive]:
    """Soap bubbles floating away in front of the mouth (a blowing game)."""
    ex, ey = at["eyes"]
    hx = at["head"][0]
    out = 1.0 if ex >= hx else -1.0
    spots = ((0.09, -0.04, 0.022), (0.17, 0.0, 0.03), (0.25, 0.06, 0.024), (0.31, -0.01, 0.018))
    return [Ellipse((ex + out * dx, ey + dy), r, r, LINE, "#5b9bd5", "#eef6fc", role="prop") for dx, dy, r in spots]


def music(view: View, at: Place) -> list[Primitive]:
    """Two music notes beside the head: the person moves to music."""
    hx, hy = at["head"]
    shapes: list[Primitive] = []
    for x, y in ((hx + 0.2, hy + 0.02), (hx + 0.3, hy + 0.08)):
        shapes += [
            Ellipse((x, y), 0.022, 0.016, LINE, INK, INK, role="prop"),
            _line((x + 0.02, y), (x + 0.02, y + 0.1), width=LINE * 1.5),
            _line((x + 0.02, y + 0.1), (x + 0.05, y + 0.07), width=LINE * 1.5),
        ]
    return shapes


def bowl(view: View, at: Place) -> list[Primitive]:
    """A mixing bowl under the hands (one holds it steady), and a spoon in the right hand, stirring."""
    lx, ly = at["hand_left"]
    rx, ry = at["hand_right"]
    cx = (lx + rx) / 2
    rim = max(ly, ry) + 0.03
    w, deep = max(abs(lx - rx) / 2, 0.09), 0.1
    body = tuple((cx + w * x, rim - deep * (1 - x * x) ** 0.5) for x in (-1, -0.8, -0.5, 0, 0.5, 0.8, 1))
    tip = (cx + 0.02, rim - deep * 0.6)
    reach = max(((rx - tip[0]) ** 2 + (ry - tip[1]) ** 2) ** 0.5, 1e-6)
    handle = (rx + (rx - tip[0]) / reach * 0.1, ry + (ry - tip[1]) / reach * 0.1)
    return [
        Stroke(body, LINE, INK, fill="#ffffff", closed=True, role="prop"),
        _line(tip, handle, width=LINE * 2),
    ]


def wall_ahead(view: View, at: Place) -> list[Primitive]:
    """A wall in front of the person, where the hands rest on it (``wall`` is the wall behind the back)."""
    x = max(at[f"hand_{s}"][0] * at.facing for s in ("left", "right")) * at.facing + LINE * 2 * at.facing
    top = at["head"][1] + HEAD_R + 0.12
    far = x + 0.06 * at.facing
    return [box(min(x, far), at.floor, max(x, far), top)]


PROPS.update(
    {
        "wall_ahead": wall_ahead,
        "exercise_bike": exercise_bike,
        "recumbent_bike": recumbent_bike,
        "step": step,
        "rail": rail,
        "treadmill": treadmill,
        "water": water,
        "bench": bench,
        "reach_toy": reach_toy,
        "roll": roll,
        "soap_bubbles": soap_bubbles,
        "music": music,
        "bowl": bowl,
    }
)


# --- d3: things for hand and playing exercises (a thought bubble, an easel, a mouthpiece, a trumpet)


def _mouth(at: Place) -> Point:
    """In front of the lips: between the eyes' place and the face's front, a little lower."""
    hx, hy = at["head"]
    ex, _ey = at["eyes"]
    return hx + (ex - hx) * 1.15, hy - HEAD_R * 0.5


def thought(view: View, at: Place) -> list[Primitive]:
    """A thought bubble above the head, with a pen writing a loop in it: picturing the move."""
    hx, hy = at["head"]
    cx, cy = hx + 0.2 * at.facing, hy + 0.24
    loop = tuple(
        (
            cx - 0.06 + 0.12 * i / 24 + 0.025 * math.sin(i / 24 * 4 * math.pi),
            cy - 0.01 + 0.03 * math.cos(i / 24 * 4 * math.pi),
        )
        for i in range(25)
    )
    return [
        Ellipse((hx + 0.07 * at.facing, hy + 0.1), 0.012, 0.012, LINE, INK, "#ffffff", role="prop"),
        Ellipse((hx + 0.11 * at.facing, hy + 0.15), 0.02, 0.02, LINE, INK, "#ffffff", role="prop"),
        Ellipse((cx, cy), 0.15, 0.085, LINE, INK, "#ffffff", role="prop"),
        Stroke(loop, LINE * 1.2, INK, role="prop"),
        _line((cx + 0.07, cy - 0.03), (cx + 0.11, cy + 0.05), width=LINE * 2.5),
    ]


def easel(view: View, at: Place) -> list[Primitive]:
    """An upright board with paper pinned to it at chest height, just beyond the near hand."""
    x, y = at["hand_right"] if view == "side" else at["hand_left"]
    x += 0.02 * at.facing
    return [
        _line((x + 0.12 * at.facing, at.floor), (x + 0.02 * at.facing, y + 0.1)),
        _line((x - 0.04 * at.facing, at.floor), (x, y - 0.15)),
        box(min(x, x + 0.035 * at.facing), y - 0.2, max(x, x + 0.035 * at.facing), y + 0.22, fill="#ffffff"),
    ]


def mouthpiece(view: View, at: Place) -> list[Primitive]:
    """A brass mouthpiece at the lips: a cup and its stem, pointing forwards."""
    mx, my = _mouth(at)
    f = at.facing
    gold = "#e5c07b"
    cup = Stroke(
        ((mx, my + 0.03), (mx + 0.045 * f, my + 0.016), (mx + 0.045 * f, my - 0.016), (mx, my - 0.03)),
        LINE,
        INK,
        fill=gold,
        closed=True,
        role="prop",
    )
    stem = Stroke(
        (
            (mx + 0.04 * f, my + 0.012),
            (mx + 0.17 * f, my + 0.008),
            (mx + 0.17 * f, my - 0.008),
            (mx + 0.04 * f, my - 0.012),
        ),
        LINE,
        INK,
        fill=gold,
        closed=True,
        role="prop",
    )
    return [stem, cup]


def trumpet(view: View, at: Place) -> list[Primitive]:
    """A trumpet from the lips forwards: mouthpiece, pipe, three valves and the bell."""
    mx, my = _mouth(at)
    f = at.facing
    gold = "#e5c07b"
    pipe = (
        Stroke(((mx, my), (mx + 0.34 * f, my)), 0.018, INK, role="prop"),
        Stroke(((mx, my), (mx + 0.34 * f, my)), 0.018 - 2 * LINE, gold, role="prop"),
    )
    bell = Stroke(
        ((mx + 0.3 * f, my + 0.012), (mx + 0.4 * f, my + 0.05), (mx + 0.4 * f, my - 0.05), (mx + 0.3 * f, my - 0.012)),
        LINE,
        INK,
        fill=gold,
        closed=True,
        role="prop",
    )
    valves = [
        box(mx + (0.1 + 0.035 * k) * f - 0.01, my, mx + (0.1 + 0.035 * k) * f + 0.01, my + 0.05, fill=gold)
        for k in range(3)
    ]
    lower = _line((mx + 0.08 * f, my - 0.035), (mx + 0.25 * f, my - 0.035), width=0.012)
    return [lower, *valves, *pipe, bell]


PROPS.update({"thought": thought, "easel": easel, "mouthpiece": mouthpiece, "trumpet": trumpet})


# --- d5: positioning, equipment and orthoses, the jaw's face close-up ------------------------------------
# Placed from the joints like the props above. Props named in IN_FRONT are worn or held, so they are
# painted over the person (a splint on the shin, a brace's cuffs, a finger at the chin); FACE_PROPS go
# only on a face close-up (view = "face"), whose places are head, eyes, mouth, chin, neck and hand.

PAD = "#cbd2d9"
SPLINT = "#bfdbfe"


def _wheel(x: float, y: float, r: float) -> list[Primitive]:
    return [Ellipse((x, y + r), r, r, LINE * 2, INK, "#ffffff", role="prop")]


def sleep_system(view: View, at: Place) -> list[Primitive]:
    """A sleep system seen from above: the mattress, a pillow, blocks along both sides of the trunk and
    the legs, and a pad between the knees, so the body lies straight and the knees cannot fall over."""
    xs = [x for x, _ in at.joints.values()]
    ys = [y for _, y in at.joints.values()]
    hx, hy = at["head"]
    (lx, ly), (rx, ry) = at["shoulder_left"], at["shoulder_right"]
    (klx, kly), (krx, kry) = at["knee_left"], at["knee_right"]
    out: list[Primitive] = [box(min(xs) - 0.16, min(ys) - 0.12, max(xs) + 0.16, max(ys) + 0.12, fill=PROP)]
    out.append(box(hx - 0.15, hy - 0.04, hx + 0.15, hy + 0.1, fill="#ffffff"))  # the pillow, under the head
    low, high = min(ys) + 0.02, max(ly, ry) - 0.02
    for x, sign in ((max(lx, rx), 1), (min(lx, rx), -1)):
        edge = x + sign * (0.05 + LINE * 3)
        out.append(box(min(edge, edge + sign * 0.06), low, max(edge, edge + sign * 0.06), high, fill=PAD))
    out.append(box(min(klx, krx) + 0.035, min(kly, kry) - 0.06, max(klx, krx) - 0.035, max(kly, kry) + 0.06, fill=PAD))
    return out


def side_lyer(view: View, at: Place) -> list[Primitive]:
    """A side-lyer seen from above: a padded base, a back support along the back, a head wedge and a
    pad between the knees; the person lies on one side, facing the paper's bottom."""
    xs = [x for x, _ in at.joints.values()]
    ys = [y for _, y in at.joints.values()]
    hx, hy = at["head"]
    back = max(at[n][1] for n in ("pelvis", "neck", "shoulder_left", "shoulder_right")) + 0.06
    (klx, kly), (krx, kry) = at["knee_left"], at["knee_right"]
    ends = sorted((at["pelvis"][0], at["neck"][0]))
    return [
        box(min(xs) - 0.12, min(ys) - 0.1, max(xs) + 0.12, back + 0.08, fill=PROP),
        box(ends[0] - 0.1, back, ends[1] + 0.1, back + 0.07, fill=PAD),
        Ellipse((hx, hy + 0.02), 0.1, 0.12, LINE, INK, "#ffffff", role="prop"),
        Ellipse(((klx + krx) / 2, (kly + kry) / 2), 0.05, 0.05, LINE, INK, PAD, role="prop"),
    ]


def _leg_splint(view: View, at: Place, reach: float) -> list[Primitive]:
    """A splint on each leg from the sole up ``reach`` of the way to the hip (past the knee when above 1:
    ``reach`` counts the shank as 1 and the thigh as 1 more): a shell up the back (side view) and under the
    foot, with a strap at the ankle and one at the top."""
    out: list[Primitive] = []
    for side in ("left", "right"):
        (hx, hy), (kx, ky) = at[f"hip_{side}"], at[f"knee_{side}"]
        (ax, ay), (tx, ty) = at[f"ankle_{side}"], at[f"toe_{side}"]
        dx, dy = kx - ax, ky - ay
        n = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        # Across the shank, towards its back (side view) or nowhere (front, above).
        bx, by = (dy / n * at.facing, -dx / n * at.facing) if view == "side" else (0.0, 0.0)
        back = LEG_W * 0.35 if view == "side" else 0.0
        if reach <= 1:
            top = (ax + dx * reach, ay + dy * reach)
            path = [top]
        else:
            k = min(reach - 1, 1.0)
            top = (kx + (hx - kx) * k, ky + (hy - ky) * k)
            path = [top, (kx, ky)]
        sole = (tx - (tx - ax) * 0.05, ty - LEG_W * 0.42)
        heel = (ax + bx * back, ay + by * back - LEG_W * 0.3)
        shell = (*((x + bx * back, y + by * back) for x, y in path), heel, sole)
        width = LEG_W * 0.7 if view == "side" else LEG_W * 1.15
        out.append(Stroke(shell, width + 2 * LINE, INK, role="prop"))
        out.append(Stroke(shell, width, SPLINT, role="prop"))
        straps = [(ax, ay, kx, ky, 0.12), (path[0][0], path[0][1], *((kx, ky) if reach > 1 else (ax, ay)), 0.15)]
        for x0, y0, x1, y1, k in straps:  # across the limb, near each end of the splint
            cx, cy = x0 + (x1 - x0) * k, y0 + (y1 - y0) * k
            ux, uy = x1 - x0, y1 - y0
            m = max((ux * ux + uy * uy) ** 0.5, 1e-9)
            px, py = -uy / m * LEG_W * 0.62, ux / m * LEG_W * 0.62
            out.append(_line((cx - px, cy - py), (cx + px, cy + py), width=LINE * 1.8))
    return out


def afo(view: View, at: Place) -> list[Primitive]:
    """Ankle-foot splints, worn: from the sole up the calf to below the knee."""
    return _leg_splint(view, at, 0.72)


def smo(view: View, at: Place) -> list[Primitive]:
    """Short ankle splints (supramalleolar), worn: from the sole to just above the ankle bone."""
    return _leg_splint(view, at, 0.25)


def kafo(view: View, at: Place) -> list[Primitive]:
    """Long leg splints (knee-ankle-foot), worn: from the sole past the knee to high on the thigh."""
    return _leg_splint(view, at, 1.75)


def elbow_splint(view: View, at: Place) -> list[Primitive]:
    """A soft padded splint round the left elbow, from mid upper arm to mid forearm, with two straps."""
    (sx, sy), (ex, ey), (wx, wy) = at["shoulder_left"], at["elbow_left"], at["wrist_left"]
    a = (ex + (sx - ex) * 0.55, ey + (sy - ey) * 0.55)
    b = (ex + (wx - ex) * 0.6, ey + (wy - ey) * 0.6)
    out: list[Primitive] = [
        Stroke((a, (ex, ey), b), 0.075 + 2 * LINE, INK, role="prop"),
        Stroke((a, (ex, ey), b), 0.075, SPLINT, role="prop"),
    ]
    for (x0, y0), (x1, y1) in ((a, (ex, ey)), (b, (ex, ey))):
        ux, uy = x1 - x0, y1 - y0
        m = max((ux * ux + uy * uy) ** 0.5, 1e-9)
        cx, cy = x0 + ux * 0.2, y0 + uy * 0.2
        px, py = -uy / m * 0.04, ux / m * 0.04
        out.append(_line((cx - px, cy - py), (cx + px, cy + py), width=LINE * 1.8))
    return out


def spinal_brace(view: View, at: Place) -> list[Primitive]:
    """A spinal brace (TLSO), worn: a shell round the trunk from the hips to below the arms, two straps."""
    (px, py), (nx, ny) = at["pelvis"], at["neck"]
    wide = TRUNK_WIDE + 0.03 if view == "front" else TRUNK_DEEP + 0.03
    a = (px, py + 0.0)
    b = (px + (nx - px) * 0.72, py + (ny - py) * 0.72)
    out: list[Primitive] = [
        Stroke((a, b), wide + 2 * LINE, INK, role="prop"),
        Stroke((a, b), wide, SPLINT, role="prop"),
    ]
    for k in (0.3, 0.65):
        cy = py + (ny - py) * k
        cx = px + (nx - px) * k
        out.append(_line((cx - wide / 2, cy), (cx + wide / 2, cy), width=LINE * 1.8))
    return out


def body_suit(view: View, at: Place) -> list[Primitive]:
    """A stretchy lycra body suit, worn: the trunk, the arms to the wrists and the legs to the ankles."""
    out: list[Primitive] = []
    limbs = [([f"shoulder_{s}", f"elbow_{s}", f"wrist_{s}"], 0.05) for s in ("left", "right")] + [
        ([f"hip_{s}", f"knee_{s}", f"ankle_{s}"], LEG_W) for s in ("left", "right")
    ]
    for names, width in limbs:
        pts = tuple(at[n] for n in names)
        out += [Stroke(pts, width + 2 * LINE, INK, role="prop"), Stroke(pts, width, SPLINT, role="prop")]
    (px, py), (nx, ny) = at["pelvis"], at["neck"]
    wide = TRUNK_WIDE if view == "front" else TRUNK_DEEP
    trunk = ((px, py), (nx, ny - 0.03))
    out += [Stroke(trunk, wide + 2 * LINE, INK, role="prop"), Stroke(trunk, wide, SPLINT, role="prop")]
    return out


def hip_brace(view: View, at: Place) -> list[Primitive]:
    """A hip abduction brace, worn: a belt low round the hips, a cuff on each thigh, a bar joining them."""
    (lx, ly), (rx, ry) = at["hip_left"], at["hip_right"]
    out: list[Primitive] = [
        box(min(lx, rx) - 0.07, min(ly, ry) - 0.02, max(lx, rx) + 0.07, max(ly, ry) + 0.05, fill=SPLINT)
    ]
    for side in ("left", "right"):
        (hx, hy), (kx, ky) = at[f"hip_{side}"], at[f"knee_{side}"]
        a = (hx + (kx - hx) * 0.45, hy + (ky - hy) * 0.45)
        b = (hx + (kx - hx) * 0.75, hy + (ky - hy) * 0.75)
        out.append(Stroke((a, b), LEG_W * 1.3 + 2 * LINE, INK, role="prop"))
        out.append(Stroke((a, b), LEG_W * 1.3, SPLINT, role="prop"))
    (alx, aly), (arx, ary) = [
        (
            at[f"hip_{s}"][0] + (at[f"knee_{s}"][0] - at[f"hip_{s}"][0]) * 0.6,
            at[f"hip_{s}"][1] + (at[f"knee_{s}"][1] - at[f"hip_{s}"][1]) * 0.6,
        )
        for s in ("left", "right")
    ]
    out.append(_line((alx, aly), (arx, ary), width=LINE * 2.5))
    return out


def posterior_walker(view: View, at: Place) -> list[Primitive]:
    """A walker behind the person (seen from the side): handles at the hands, by the hips, and a frame
    reaching back to the floor on wheels; the person walks away from it."""
    wx, wy = at["wrist_right"] if view == "side" else at["pelvis"]
    k = at.size  # a child's walker is smaller
    back = wx - 0.34 * k * at.facing
    grip = wy
    if view != "side":
        return [_line((wx - 0.26, at.floor), (wx - 0.26, grip), (wx + 0.26, grip), (wx + 0.26, at.floor))]
    return [
        _line((wx, grip), (back, grip)),
        _line((wx - 0.02 * at.facing, grip), (wx - 0.04 * at.facing, at.floor + 0.06)),
        _line((back, grip), (back, at.floor + 0.06)),
        _line((wx - 0.04 * at.facing, grip - 0.22 * k), (back, grip - 0.22 * k), width=LINE * 1.5),
        *_wheel(wx - 0.04 * at.facing, at.floor, 0.035),
        *_wheel(back, at.floor, 0.035),
    ]


def gait_trainer(view: View, at: Place) -> list[Primitive]:
    """A gait trainer seen from the side: a wheeled frame round the person with a saddle under the
    pelvis, a pad at the front of the chest and handles where the hands are."""
    px, py = at["pelvis"]
    nx, ny = at["neck"]
    wx, wy = at["wrist_right"]
    f = at.facing
    rear, fore = px - 0.3 * f, px + 0.3 * f
    top = ny - 0.02
    chest_x = max(x * f for x in (nx, px)) * f + (TRUNK_DEEP / 2 + LINE * 2) * f
    return [
        _line((rear, at.floor + 0.07), (rear, top), (fore, top), (fore, at.floor + 0.07)),
        _line((rear, at.floor + 0.07), (fore, at.floor + 0.07), width=LINE * 2),
        _line((rear, py - 0.07), (px, py - 0.07)),
        box(px - 0.12, py - 0.1, px + 0.1, py - 0.05, fill=PAD),
        box(min(chest_x, chest_x + 0.05 * f), ny - 0.2, max(chest_x, chest_x + 0.05 * f), top, fill=PAD),
        _line((wx, wy - 0.03), (wx, top)),
        *_wheel(rear, at.floor, 0.035),
        *_wheel(fore, at.floor, 0.035),
    ]


def tilt_seat(view: View, at: Place) -> list[Primitive]:
    """A specialist seat seen from the side that follows the body: the seat along the thighs, the back
    along the trunk, a headrest and a footplate, on a wheeled base. Tilted (``body.pitch``), it tilts
    the whole seat, the person not sliding down."""
    f = at.facing
    (px, py), (nx, ny), (hx, hy) = at["pelvis"], at["neck"], at["head"]
    (kx, ky), (ax, ay), (tx, ty) = at["knee_right"], at["ankle_right"], at["toe_right"]
    d = LEG_W / 2 + LINE * 2

    def off(a: Point, b: Point, k: float) -> tuple[float, float]:
        """Offset across the line a->b, on the side below/behind the person."""
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        return dy / n * k * f, -dx / n * k * f

    sx, sy = off((px, py), (kx, ky), d)
    bx, by = off((px, py), (nx, ny), -(TRUNK_DEEP / 2 + LINE * 2))
    seat = ((px + sx - (bx if bx * f < 0 else 0), py + sy), (kx + sx, ky + sy))
    backrest = ((px + bx, py + by), (hx + bx, hy + by))
    base_y = at.floor + 0.1
    mid_x = (px + kx) / 2
    half = 0.22 * at.size  # the wheeled base, narrower under a child
    low = min(seat[0][1], seat[1][1])
    return [
        _line((mid_x - half, at.floor + 0.05), (mid_x + half, at.floor + 0.05), width=LINE * 2),
        *_wheel(mid_x - half, at.floor, 0.05),
        *_wheel(mid_x + half, at.floor, 0.05),
        _line((mid_x, at.floor + 0.05), (mid_x, max(base_y, low - 0.02))),
        Stroke(seat, 0.05 + 2 * LINE, INK, role="prop"),
        Stroke(seat, 0.05, PAD, role="prop"),
        Stroke(backrest, 0.06 + 2 * LINE, INK, role="prop"),
        Stroke(backrest, 0.06, PAD, role="prop"),
        _line((kx + sx, ky + sy), (ax + sx * 0.5, ay - 0.03)),
        _line((ax - 0.02 * f, ay - LEG_W / 2 - LINE * 2), (tx + 0.03 * f, ty - LEG_W / 2 - LINE * 2), width=LINE * 3),
    ]


def _board(at: Place, front: bool) -> list[Primitive]:
    """A standing frame's padded board along the body, in front (prone) or behind (supine), on a
    wheeled base with a footplate; it leans as the body leans (``body.pitch``)."""
    f = at.facing
    (ax, ay), (tx, ty) = at["ankle_right"], at["toe_right"]
    top_name = "neck" if front else "head"
    names = ("knee_right", "pelvis", "neck") if front else ("ankle_right", "pelvis", "neck", "head")
    # The board runs from the heel to the chest (or above the head), just off the body's front or back.
    sign = 1 if front else -1
    x_of = [at[n][0] * f for n in names]
    lo = (ax, ay - 0.02)
    hi = at[top_name]
    dx, dy = hi[0] - lo[0], hi[1] - lo[1]
    n = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    nx, ny = dy / n * f, -dx / n * f  # across the board, towards the front
    reach = max(x_of) - min(x_of)
    off = (TRUNK_DEEP / 2 + 0.04 + (reach * 0.1 if front else 0)) * sign
    a = (lo[0] + nx * off, lo[1] + ny * off)
    b = (hi[0] + nx * off + (0 if front else dx / n * 0.1), hi[1] + ny * off + (0 if front else dy / n * 0.1))
    base_x = (a[0] + ax) / 2
    out: list[Primitive] = [
        _line((base_x - 0.3, at.floor + 0.05), (base_x + 0.3, at.floor + 0.05), width=LINE * 2),
        *_wheel(base_x - 0.3, at.floor, 0.04),
        *_wheel(base_x + 0.3, at.floor, 0.04),
        _line((base_x - 0.05 * f * sign, at.floor + 0.05), (a[0] + (b[0] - a[0]) * 0.4, a[1] + (b[1] - a[1]) * 0.4)),
        Stroke((a, b), 0.07 + 2 * LINE, INK, role="prop"),
        Stroke((a, b), 0.07, PAD, role="prop"),
        _line((ax - 0.05 * f, ay - LEG_W / 2 - LINE * 2), (tx + 0.04 * f, ty - LEG_W / 2 - LINE * 2), width=LINE * 3),
    ]
    if front:  # a tray at chest height, in front
        tray_y = at["neck"][1] - 0.08
        out.append(box(min(b[0], b[0] + 0.28 * f), tray_y, max(b[0], b[0] + 0.28 * f), tray_y + 0.03))
    return out


def prone_stander(view: View, at: Place) -> list[Primitive]:
    """A prone standing frame (side view): the board in front of the body, which leans a little forward."""
    return _board(at, front=True)


def supine_stander(view: View, at: Place) -> list[Primitive]:
    """A supine standing frame (side view): the board behind the body and head, which lean a little back."""
    return _board(at, front=False)


def toy(view: View, at: Place) -> list[Primitive]:
    """A toy ball at the left hand (nudge it with dx, dy: on the floor ahead, say)."""
    x, y = at["hand_left"]
    return [
        Ellipse((x, y), 0.055, 0.055, LINE * 1.5, INK, "#fde68a", role="prop"),
        _line((x - 0.055, y), (x + 0.055, y), width=LINE),
    ]


def low_step(view: View, at: Place) -> list[Primitive]:
    """A low step under the left foot."""
    (ax, _), (tx, _) = at["ankle_left"], at["toe_left"]
    lo, hi = min(ax, tx) - 0.06, max(ax, tx) + 0.08
    top = min(at["ankle_left"][1], at["toe_left"][1]) - LEG_W / 2 - LINE
    return [box(lo, at.floor, hi, max(top, at.floor + 0.04))]


def bubbles(view: View, at: Place) -> list[Primitive]:
    """Soap bubbles floating away in front of the face."""
    x, y = at["eyes"]
    f = at.facing
    return [
        Ellipse((x + dx * f, y + dy), r, r, LINE, INK, "#e0f2fe", role="prop")
        for dx, dy, r in ((0.14, -0.02, 0.03), (0.22, 0.05, 0.04), (0.31, 0.13, 0.028), (0.3, 0.0, 0.02))
    ]


def wedge(view: View, at: Place) -> list[Primitive]:
    """A foam wedge under the chest, for lying on the front over it (side view): high under the shoulders."""
    (px, _), (nx, ny) = at["pelvis"], at["neck"]
    high = ny - TRUNK_DEEP / 2 - LINE * 2
    return [
        Stroke(
            ((px, at.floor), (nx + (nx - px) * 0.15, at.floor), (nx + (nx - px) * 0.15, high)),
            LINE,
            INK,
            fill=PAD,
            closed=True,
            role="prop",
        )
    ]


def toilet(view: View, at: Place) -> list[Primitive]:
    """A toilet with a supportive seat (side view): the bowl under the pelvis, a back support and a footrest."""
    f = at.facing
    k = at.size  # a child's seat is smaller
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    (ax, ay), (tx, _) = at["ankle_right"], at["toe_right"]
    foot_y = ay - LEG_W / 2 - LINE * 2
    bowl = (
        (px - 0.12 * k * f, seat),
        (px + 0.17 * k * f, seat),
        (px + 0.12 * k * f, seat - 0.12 * k),
        (px + 0.06 * k * f, at.floor),
        (px - 0.08 * k * f, at.floor),
        (px - 0.1 * k * f, seat - 0.12 * k),
    )
    return [
        Stroke(bowl, LINE, INK, fill="#ffffff", closed=True, role="prop"),
        box(
            min(px - 0.13 * k * f, px - 0.17 * k * f),
            seat,
            max(px - 0.13 * k * f, px - 0.17 * k * f),
            seat + 0.34 * k,
            fill=PAD,
        ),
        box(min(ax - 0.05 * f, tx + 0.05 * f), foot_y - 0.03, max(ax - 0.05 * f, tx + 0.05 * f), foot_y, fill=PAD),
        _line((ax - 0.03 * f, foot_y - 0.03), (ax - 0.03 * f, at.floor)),
    ]


def metronome(view: View, at: Place) -> list[Primitive]:
    """A metronome standing on the table, beyond the hands (side view)."""
    hands = [at[f"wrist_{s}"] for s in ("left", "right")]
    top = min(y for _, y in hands) - 0.035
    x = max(x * at.facing for x, _ in hands) * at.facing + 0.2 * at.facing
    return [
        Stroke(
            ((x - 0.05, top), (x + 0.05, top), (x + 0.015, top + 0.14), (x - 0.015, top + 0.14)),
            LINE,
            INK,
            fill="#fde68a",
            closed=True,
            role="prop",
        ),
        _line((x, top + 0.02), (x + 0.035, top + 0.15), width=LINE * 1.5),
    ]


def floor_sitter(view: View, at: Place) -> list[Primitive]:
    """A low floor seat (side view): a padded base under the bottom and a back behind the trunk, up to the
    shoulders; the legs rest forward on the floor."""
    f = at.facing
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    back = min(at[n][0] * f for n in ("pelvis", "neck")) * f - (TRUNK_DEEP / 2 + LINE * 2) * f
    top = at["shoulder_right"][1] + 0.02
    return [
        box(min(back, px + 0.12 * f), at.floor, max(back, px + 0.12 * f), max(seat, at.floor + 0.03), fill=PAD),
        box(min(back, back - 0.05 * f), at.floor, max(back, back - 0.05 * f), top, fill=PAD),
    ]


def face_mirror(view: View, at: Place) -> list[Primitive]:
    """A mirror behind a face close-up: the face as the person sees it in the glass."""
    return [box(-0.5, -0.7, 0.5, 0.5, fill="#dbeafe")]


def finger_on_chin(view: View, at: Place) -> list[Primitive]:
    """A hand coming up from below with one finger resting lightly on the chin (a touch trick)."""
    cx, cy = at["chin"]
    fist = (cx + 0.13, cy - 0.2)
    tip = (cx + 0.04, cy + 0.01)

    def limb(a: Point, b: Point, w: float) -> list[Primitive]:
        return [Stroke((a, b), w + 2 * LINE, INK, role="prop"), Stroke((a, b), w, SKIN, role="prop")]

    return [
        *limb((cx + 0.5, cy - 0.75), fist, 0.15),
        Ellipse(fist, 0.085, 0.08, LINE * 2, INK, SKIN, role="prop"),
        *limb((fist[0] - 0.03, fist[1] + 0.05), tip, 0.05),
    ]


def straw(view: View, at: Place) -> list[Primitive]:
    """A straw held lightly between the lips, pointing down and out."""
    mx, my = at["mouth"]
    pts = ((mx + 0.02, my - 0.01), (mx + 0.2, my - 0.3))
    return [Stroke(pts, 0.03 + 2 * LINE, INK, role="prop"), Stroke(pts, 0.03, "#ffffff", role="prop")]


def cotton_roll(view: View, at: Place) -> list[Primitive]:
    """A soft cotton roll held between the back teeth on one side (the person's left: the paper's right).

    It stays inside the corner of the mouth: a roll sticking out past the lips read as a cigarette."""
    mx, my = at["mouth"]
    pts = ((mx + 0.035, my), (mx + 0.06, my))
    return [Stroke(pts, 0.03 + 2 * LINE, INK, role="prop"), Stroke(pts, 0.03, "#ffffff", role="prop")]


PROPS.update(
    {
        "sleep_system": sleep_system,
        "side_lyer": side_lyer,
        "afo": afo,
        "hip_brace": hip_brace,
        "posterior_walker": posterior_walker,
        "gait_trainer": gait_trainer,
        "tilt_seat": tilt_seat,
        "prone_stander": prone_stander,
        "supine_stander": supine_stander,
        "toy": toy,
        "low_step": low_step,
        "bubbles": bubbles,
        "wedge": wedge,
        "toilet": toilet,
        "metronome": metronome,
        "floor_sitter": floor_sitter,
        "smo": smo,
        "kafo": kafo,
        "elbow_splint": elbow_splint,
        "spinal_brace": spinal_brace,
        "body_suit": body_suit,
        "face_mirror": face_mirror,
        "finger_on_chin": finger_on_chin,
        "straw": straw,
        "cotton_roll": cotton_roll,
    }
)


def high_back_chair(view: View, at: Place) -> list[Primitive]:
    """A chair whose back reaches above the head, with a headrest pad: the "chair with a high back,
    rest your head on it" of the neck exercises (the plain chair's back stops at the shoulders)."""
    px, py = at["pelvis"]
    hx, hy = at["head"]
    seat = py - LEG_W / 2 - LINE
    top = hy + HEAD_R + 0.05
    if view == "side":
        f = at.facing
        behind = min(px * f - TRUNK_DEEP / 2, hx * f - HEAD_R) - LINE * 2
        back, front = behind * f, px + 0.2 * f
        x0, x1 = sorted((back - 0.045 * f, back))
        # legs, seat, the tall back, and a headrest pad where the head rests
        return [
            _line((back, at.floor), (back, seat)),
            _line((front, at.floor), (front, seat)),
            box(min(back, front), seat - 0.035, max(back, front), seat),
            box(x0, seat, x1, top),
            box(min(back, back + 0.03 * f), hy - HEAD_R * 0.9, max(back, back + 0.03 * f), hy + HEAD_R * 0.6),
        ]
    return [
        box(px - 0.17, seat, px + 0.17, seat + 0.5),
        box(hx - HEAD_R * 1.6, seat + 0.45, hx + HEAD_R * 1.6, top),
        _line((px - 0.16, at.floor), (px - 0.16, seat)),
        _line((px + 0.16, at.floor), (px + 0.16, seat)),
        box(px - 0.2, seat - 0.035, px + 0.2, seat),
    ]


PROPS.update({"high_back_chair": high_back_chair})

#: Props worn or held: painted over the person, not behind.
IN_FRONT = frozenset(
    {
        "afo",
        "smo",
        "kafo",
        "hip_brace",
        "elbow_splint",
        "spinal_brace",
        "body_suit",
        "finger_on_chin",
        "straw",
        "cotton_roll",
    }
)
#: Props of the face close-up only (and the only props it takes).
FACE_PROPS = frozenset({"face_mirror", "finger_on_chin", "straw", "cotton_roll"})
