"""Things around the person: furniture and equipment, placed from the figure's own joints.

A clinic names a prop and, at most, nudges it (``dx``, ``dy`` in body units); where it stands comes
from the pose: a chair's seat under the pelvis and down to the floor under the feet, a pillow under
the head, a wall behind the back, a table at the hands. So a prop fits the pose without coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from careplan.figures.body import HEAD_R, LEG_W, LINE, TRUNK_DEEP, View
from careplan.figures.primitives import INK, PROP, Ellipse, Point, Primitive, Stroke


@dataclass(frozen=True, slots=True)
class Place:
    """The figure's projected joints, the floor under it and the facing (+1: the paper's right)."""

    joints: dict[str, Point]
    floor: float
    facing: float = 1.0

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]

    def lowest_x(self) -> float:
        return min(x for x, _ in self.joints.values())

    def highest_x(self) -> float:
        return max(x for x, _ in self.joints.values())


def _box(x0: float, y0: float, x1: float, y1: float, fill: str = PROP) -> Stroke:
    return Stroke(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), LINE, INK, fill=fill, closed=True, role="prop")


def _line(*pts: Point, width: float = LINE * 2.5) -> Stroke:
    return Stroke(tuple(pts), width, INK, role="prop")


def floor(view: View, at: Place) -> list[Primitive]:
    lo, hi = at.lowest_x() - 0.25, at.highest_x() + 0.25
    return [_line((lo, at.floor), (hi, at.floor), width=LINE * 1.5)]


def chair(view: View, at: Place) -> list[Primitive]:
    px, py = at["pelvis"]
    seat = py - LEG_W / 2 - LINE
    if view == "side":
        back = px - 0.11 * at.facing
        front = px + 0.2 * at.facing
        return [
            _line((back, at.floor), (back, seat + 0.42)),
            _line((front, at.floor), (front, seat)),
            _box(min(back, front), seat - 0.035, max(back, front), seat),
            _box(back - 0.02, seat, back + 0.02 * at.facing, seat + 0.44),
        ]
    return [
        _box(px - 0.17, seat, px + 0.17, seat + 0.5),
        _line((px - 0.16, at.floor), (px - 0.16, seat)),
        _line((px + 0.16, at.floor), (px + 0.16, seat)),
        _box(px - 0.2, seat - 0.035, px + 0.2, seat),
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
            _box(min(near, far), top - 0.03, max(near, far), top),
        ]
    cx = at["pelvis"][0]
    return [
        _line((cx - 0.36, at.floor), (cx - 0.36, top)),
        _line((cx + 0.36, at.floor), (cx + 0.36, top)),
        _box(cx - 0.4, top - 0.03, cx + 0.4, top),
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
    return [_box(lo, at.floor, hi, at["head"][1] + HEAD_R + 0.12)]


def mat(view: View, at: Place) -> list[Primitive]:
    lo, hi = at.lowest_x() - 0.1, at.highest_x() + 0.1
    if view == "above":
        ys = [y for _, y in at.joints.values()]
        return [_box(lo, min(ys) - 0.12, hi, max(ys) + 0.12)]
    return [_box(lo, at.floor - 0.035, hi, at.floor)]


def pillow(view: View, at: Place) -> list[Primitive]:
    hx, hy = at["head"]
    if view == "above":
        return [Ellipse((hx, hy), 0.1, 0.14, LINE, INK, "#ffffff", role="prop")]
    return [Ellipse((hx, hy - HEAD_R - 0.02), 0.13, 0.035, LINE, INK, "#ffffff", role="prop")]


def mirror(view: View, at: Place) -> list[Primitive]:
    hx, hy = at["head"]
    if view == "side":  # a mirror on a stand, facing the person
        x = hx + 0.42 * at.facing
        glass = _box(min(x, x + 0.035 * at.facing), hy - 0.3, max(x, x + 0.035 * at.facing), hy + 0.15, fill="#dbeafe")
        return [_line((x + 0.05 * at.facing, at.floor), (x + 0.02 * at.facing, hy - 0.3)), glass]
    return [
        _box(hx - 0.22, hy - 0.32, hx + 0.22, hy + 0.15, fill="#dbeafe"),
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
            _box(
                min(post - 0.35 * at.facing, post + 0.12 * at.facing),
                at.floor,
                max(post - 0.35 * at.facing, post + 0.12 * at.facing),
                at.floor + 0.03,
            ),
            _line((post, at.floor), (post, tray_y)),
            _box(
                min(post, post - 0.05 * at.facing),
                ky - 0.05,
                max(post, post - 0.05 * at.facing),
                ky + 0.05,
                fill="#cbd2d9",
            ),
            _box(
                min(post, post - 0.05 * at.facing),
                py + 0.03,
                max(post, post - 0.05 * at.facing),
                py + 0.16,
                fill="#cbd2d9",
            ),
            _box(
                min(post - 0.02 * at.facing, post + 0.3 * at.facing),
                tray_y,
                max(post - 0.02 * at.facing, post + 0.3 * at.facing),
                tray_y + 0.03,
            ),
        ]
    return [
        _box(kx - 0.3, at.floor, kx + 0.3, at.floor + 0.03),
        _line((kx - 0.24, at.floor), (kx - 0.24, tray_y)),
        _line((kx + 0.24, at.floor), (kx + 0.24, tray_y)),
        _box(kx - 0.3, tray_y, kx + 0.3, tray_y + 0.03),
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
            _box(
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
        _box(px - 0.2, seat - 0.03, px + 0.2, seat),
        _box(px - 0.17, seat, px + 0.17, seat + 0.4),
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
        _box(min(px - 0.15, front + 0.1), at.floor, max(px - 0.15, front + 0.1), at.floor + 0.03),
        _line((px, at.floor + 0.03), (px, seat), width=LINE * 3),
        _line((crank[0], at.floor + 0.03), crank, (hx - 0.02 * at.facing, hy - 0.1), width=LINE * 3),
        _line((hx - 0.02 * at.facing, hy - 0.1), (hx, hy), width=LINE * 3),
        _bike_wheel((front, at.floor + 0.13), 0.1, PROP),
        _line(crank, (front, at.floor + 0.13), width=LINE * 2),
        _box(px - 0.07, seat - 0.03, px + 0.07, seat),
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
        _box(min(back - 0.05, crank[0] + 0.1), at.floor, max(back - 0.05, crank[0] + 0.1), at.floor + 0.03),
        _line((px, at.floor + 0.03), (px, seat), width=LINE * 3),
        _line((crank[0], at.floor + 0.03), crank, width=LINE * 3),
        _line((px, seat - 0.08), (crank[0], crank[1] - 0.04), width=LINE * 3),
        _box(min(back, px + 0.14), seat - 0.035, max(back, px + 0.14), seat),
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
        return [_box(fx - 0.12 * at.facing, at.floor, fx + 0.35 * at.facing, top)]
    return [_box(fx - 0.3, at.floor, fx + 0.3, top)]


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
        _box(back, at.floor - 0.045, front, at.floor),
        _bike_wheel((back + 0.025, at.floor - 0.0225), 0.018),
        _bike_wheel((front - 0.025, at.floor - 0.0225), 0.018),
        _line((post, at.floor), (post, grip + 0.12)),
        _box(min(post, post + 0.08 * at.facing), grip + 0.1, max(post, post + 0.08 * at.facing), grip + 0.2),
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
        _box(px - half, seat - 0.04, px + half, seat),
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
    return [_box(min(x, far), at.floor, max(x, far), top)]


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
        _box(min(x, x + 0.035 * at.facing), y - 0.2, max(x, x + 0.035 * at.facing), y + 0.22, fill="#ffffff"),
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
        _box(mx + (0.1 + 0.035 * k) * f - 0.01, my, mx + (0.1 + 0.035 * k) * f + 0.01, my + 0.05, fill=gold)
        for k in range(3)
    ]
    lower = _line((mx + 0.08 * f, my - 0.035), (mx + 0.25 * f, my - 0.035), width=0.012)
    return [lower, *valves, *pipe, bell]


PROPS.update({"thought": thought, "easel": easel, "mouthpiece": mouthpiece, "trumpet": trumpet})
