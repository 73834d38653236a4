"""Hand close-ups: one hand (or both) seen from the palm, from above or from the thumb side, with what it
holds and touches (a pen, keys, a guitar neck, a drum stick, a splint).

The drawn hand is the LEFT one, as in :func:`careplan.figures.body.hand` (a drawing's ``moves_to``
names it; the mirror image is the right hand). From above (``back``) the left hand lies on the paper's
left with its thumb towards the middle; from the side the fingers point to the paper's right and the
forearm rests on a table whose top is y = 0. Sizes are in palm widths ``W`` (0.3 body units, the size
of the first hand drawing), so marks and props written in body units fit every hand drawing alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from careplan.figures.body import LINE, _band, hand, hand_points
from careplan.figures.pose import FINGERS, HandPose
from careplan.figures.primitives import (
    ARROW,
    GHOST,
    INK,
    WHITE,
    Arrow,
    Ellipse,
    Point,
    Primitive,
    Stroke,
    Text,
    moved,
    reflected,
)
from careplan.figures.props import Place, box

W = 0.3
#: Colours of things in the hand: a pen or stick, a splint, wood, putty, a mirror's glass, paper.
PEN = "#334e68"
SPLINT = "#c7dcf0"
WOOD = "#e8d5b5"
PUTTY = "#bfdbfe"
GLASS = "#dbeafe"
#: Where the other hand of a pair sits: mirrored about this x (front views), thumbs towards the middle.
PAIR_AXIS = 1.35 * W
#: How long each finger is, in palm widths (the same as the palm view's).
LENGTHS = {"thumb": 0.7, "index": 0.85, "middle": 0.95, "ring": 0.88, "little": 0.68}


def _dir(deg: float, length: float = 1.0) -> Point:
    return math.cos(math.radians(deg)) * length, math.sin(math.radians(deg)) * length


def _plus(p: Point, *qs: Point) -> Point:
    return p[0] + sum(q[0] for q in qs), p[1] + sum(q[1] for q in qs)


def _rod(points: tuple[Point, ...], width: float, fill: str, role: str = "prop") -> list[Primitive]:
    """A pen, a stick, a strap: an outlined band in its own colour."""
    return [Stroke(points, width + 2 * LINE, INK, role=role), Stroke(points, width, fill, role=role)]


def _line(*pts: Point, width: float = LINE, colour: str = INK) -> Stroke:
    return Stroke(tuple(pts), width, colour, role="prop")


# ---------------------------------------------------------------------------------------------------
# The hand seen from the palm or from above
# ---------------------------------------------------------------------------------------------------


def _front(pose: HandPose) -> tuple[list[Primitive], dict[str, Point]]:
    """The palm view (as :func:`hand`), or from above: the same outline reflected, no finger pads."""
    shapes = list(hand(pose, (0.0, 0.0), W))
    at = dict(hand_points(pose, (0.0, 0.0), W))
    at["palm"] = (0.0, W * 0.45)
    at["hand"] = (0.0, W)
    if pose.view == "back":
        arm = list(_band(((0.0, -1.3 * W), (0.0, -0.2 * W)), W * 0.72, False))
        shapes = arm + [reflected(s, 0.0) for s in shapes if s.role != "fingertip"]
        at = {k: (-x, y) for k, (x, y) in at.items()}
    # A lifted finger (from above: raised towards the viewer) shows shorter, its pad towards the table.
    for name in FINGERS[1:]:
        if pose.lifted(name):
            at[name] = _plus(at[f"{name}_base"], (0.0, (at[name][1] - at[f"{name}_base"][1]) * 0.55))
            shapes += _band((at[f"{name}_base"], at[name]), W * 0.22, False)
    return shapes, at


# ---------------------------------------------------------------------------------------------------
# The hand seen from the thumb side, resting on a table
# ---------------------------------------------------------------------------------------------------

Segment = tuple[str, tuple[Point, ...], float]


def _side_segments(pose: HandPose) -> tuple[list[Segment], dict[str, Point]]:
    """The forearm, palm, fingers (far to near) and thumb as named bands, and the points marks use."""
    # Writing, the hand rests on its little finger's edge: from the thumb side the wrist sits higher.
    wrist = (0.0, (0.62 if pose.grip in ("pen", "pen_between") else 0.28) * W)
    a = pose.wrist
    up = _dir(a + 90)
    knuckle = _plus(wrist, _dir(a, 0.95 * W), _dir(a + 90, -0.06 * W))
    segs: list[Segment] = [("forearm", ((-0.9 * W, 0.28 * W), wrist), 0.56 * W)]
    at: dict[str, Point] = {"wrist": wrist, "palm": _plus(wrist, _dir(a, 0.5 * W), _dir(a + 90, 0.12 * W))}
    base = _plus(knuckle, (up[0] * -0.12 * W, up[1] * -0.12 * W))
    fingers: list[Segment] = []
    curl = 1.9 if pose.grip == "stick" else 1.1  # round a stick the fingers close into a fist
    for name in ("little", "ring", "middle", "index"):
        bend, lift, length = pose.get(name), pose.lifted(name), LENGTHS[name] * W
        mid = _plus(base, _dir(a + lift - bend * 0.45, length * 0.55))
        tip = _plus(mid, _dir(a + lift - bend * curl, length * 0.45))
        at[name], at[f"{name}_base"] = tip, base
        fingers.append((name, (base, mid, tip), 0.2 * W))
    thumb_base = _plus(wrist, _dir(a, 0.3 * W), _dir(a + 90, -0.02 * W))
    if pose.grip in ("pen", "pen_between"):
        thumb_tip = _plus(at["index"], _dir(a + 150, 0.12 * W))
    elif pose.grip == "stick":
        thumb_tip = _plus(knuckle, _dir(a + 60, 0.14 * W))
    else:
        thumb_tip = _plus(thumb_base, _dir(a - 6 - pose.get("thumb") * 0.6, LENGTHS["thumb"] * W))
    at["thumb"] = thumb_tip
    # The first finger comes out of the palm's end: drawn first, the palm's round end covers its root.
    segs += [*fingers[:3], fingers[3], ("palm", (wrist, knuckle), 0.48 * W)]
    segs.append(("thumb", (thumb_base, thumb_tip), 0.24 * W))
    at["hand"] = _plus(knuckle, (0.0, 0.35 * W))
    return segs, at


def _side(pose: HandPose) -> tuple[list[Primitive], list[Primitive], dict[str, Point]]:
    """The side view's shapes, split where a held pen or stick goes (between the far fingers and the near)."""
    segs, at = _side_segments(pose)
    ghost: list[Primitive] = []
    if pose.start is not None:
        before = dict((name, pts) for name, pts, _ in _side_segments(pose.start)[0])
        for name, pts, width in segs:
            if any(math.dist(p, q) > 0.01 * W for p, q in zip(pts, before[name], strict=True)):
                ghost += _band(before[name], width, True)
    far = [s for _, pts, w in segs[:4] for s in _band(pts, w, False)]
    near = [s for _, pts, w in segs[4:] for s in _band(pts, w, False)]
    return ghost + far, near, at


def _held(pose: HandPose, at: dict[str, Point]) -> tuple[list[Primitive], dict[str, Point]]:
    """A pen or a stick in the hand, and where its tip is (the place marks and the paper use)."""
    if not pose.grip:
        return [], {}
    if pose.view == "side":
        pinch = at["index"]
        if pose.grip == "stick":
            base, hook = at["index_base"], at["index"]
            grip = (base[0] * 0.4 + hook[0] * 0.6, base[1] * 0.4 + hook[1] * 0.6)
            tip = _plus(grip, _dir(pose.wrist - 20, 2.2 * W))
            return _rod((_plus(grip, _dir(pose.wrist - 20, -0.6 * W)), tip), 0.14 * W, WOOD), {"pen": tip}
        tip = (pinch[0] + pinch[1] / math.tan(math.radians(55)), 0.0)
        tail = _plus(tip, _dir(125, 1.75 * W))
        return _rod((tip, tail), 0.1 * W, PEN), {"pen": tip}
    sign = -1.0 if pose.view == "back" else 1.0  # the thumb's side of the paper
    if pose.grip == "pen_between":
        a, b = at["index"], at["middle"]
        pinch = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        tip = _plus(pinch, (0.0, 0.3 * W))
        tail = _plus(tip, (0.25 * W * -sign, -1.9 * W))
    else:
        a, b = at["index"], at["thumb"]
        pinch = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        tip = _plus(pinch, (0.1 * W * -sign, 0.3 * W))
        tail = _plus(tip, (0.45 * W * sign, -1.6 * W))
    return _rod((tip, tail), 0.1 * W, PEN), {"pen": tip}


# ---------------------------------------------------------------------------------------------------
# Things around the hand; each returns (shapes behind the hand, shapes in front of it)
# ---------------------------------------------------------------------------------------------------

Layers = tuple[list[Primitive], list[Primitive]]


def _tips(at: dict[str, Point]) -> Point:
    xs = [at[n][0] for n in FINGERS[1:]]
    ys = [at[n][1] for n in FINGERS[1:]]
    return sum(xs) / 4, sum(ys) / 4


def _pen(at: dict[str, Point]) -> Point:
    """The pen's tip, or the middle of the fingertips when the hand holds nothing."""
    return at["pen"] if "pen" in at else _tips(at)


def table(pose: HandPose, at: dict[str, Point]) -> Layers:
    if pose.view == "side":
        return [box(-1.5 * W, -0.14 * W, 2.3 * W, 0.0)], []
    return [box(-1.6 * W, -0.6 * W, 1.6 * W + (PAIR_AXIS * 2 if pose.pair else 0), 2.3 * W)], []


def table_edge(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A table that ends just behind the wrist: the hand hangs free over its edge."""
    return [box(-1.2 * W, -0.14 * W, -0.05 * W, 0.0)], []


def paper(pose: HandPose, at: dict[str, Point]) -> Layers:
    x, y = _pen(at)
    if pose.view == "side":
        return [box(x - 1.6 * W, -0.05 * W, x + 0.9 * W, 0.0, fill=WHITE)], []
    return [box(x - 2.3 * W, y - 1.9 * W, x + 1.2 * W, y + 1.4 * W, fill=WHITE)], []


def _rows(
    at: dict[str, Point], make: Callable[[float, float, float], list[Point]], rows: int = 2, gap: float = 0.33 * W
) -> list[Primitive]:
    """Rows of a pattern on the paper: the lowest row ends at the pen's tip, the others above it."""
    x, y = _pen(at)
    out: list[Primitive] = []
    for r in range(rows):
        out.append(Stroke(tuple(make(x - 2.0 * W, x, y + r * gap)), LINE * 1.3, INK, role="writing"))
    return out


def loops(pose: HandPose, at: dict[str, Point]) -> Layers:
    def make(x0: float, x1: float, y: float) -> list[Point]:
        n, r = 60, 0.16 * W
        return [
            (
                x0 + (x1 - x0 - 2 * r) * i / n + r - r * math.sin(i / n * 3 * 2 * math.pi),
                y + r * math.cos(i / n * 3 * 2 * math.pi) * 1.2 - r,
            )
            for i in range(n + 1)
        ]

    return _rows(at, make, 2, 0.5 * W), []


def lines(pose: HandPose, at: dict[str, Point]) -> Layers:
    return _rows(at, lambda x0, x1, y: [(x0, y), (x1, y)], 3), []


def waves(pose: HandPose, at: dict[str, Point]) -> Layers:
    """Rows of joined shapes: waves, bridges, zigzags."""

    def wave(x0: float, x1: float, y: float) -> list[Point]:
        return [(x0 + (x1 - x0) * i / 40, y + 0.07 * W * math.sin(i / 40 * 8 * math.pi)) for i in range(41)]

    def bridge(x0: float, x1: float, y: float) -> list[Point]:
        return [(x0 + (x1 - x0) * i / 40, y + 0.12 * W * abs(math.sin(i / 40 * 4 * math.pi))) for i in range(41)]

    def zigzag(x0: float, x1: float, y: float) -> list[Point]:
        return [(x0 + (x1 - x0) * i / 10, y + (0.12 * W if i % 2 else 0.0)) for i in range(11)]

    x, y = _pen(at)
    out: list[Primitive] = []
    for r, make in enumerate((wave, bridge, zigzag)):
        out.append(Stroke(tuple(make(x - 2.0 * W, x, y + r * 0.33 * W)), LINE * 1.3, INK, role="writing"))
    return out, []


def _texts(at: dict[str, Point], words: tuple[str, ...]) -> list[Primitive]:
    x, y = _pen(at)
    return [
        Text((x - 0.08 * W, y + r * 0.4 * W), w, size=0.07, anchor="end", role="writing") for r, w in enumerate(words)
    ]


def letters(pose: HandPose, at: dict[str, Point]) -> Layers:
    return _texts(at, ("eee", "lll")), []


def shopping_list(pose: HandPose, at: dict[str, Point]) -> Layers:
    return _texts(at, ("bread", "milk")), []


def metronome(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A small metronome beside the hand: a wedge with a swinging rod."""
    if pose.view == "side":
        x, y = 2.4 * W, 0.0
    else:
        x, y = max(p[0] for p in at.values()) + 1.0 * W, at["wrist"][1]
    body = Stroke(
        ((x - 0.35 * W, y), (x + 0.35 * W, y), (x + 0.15 * W, y + 0.95 * W), (x - 0.15 * W, y + 0.95 * W)),
        LINE,
        INK,
        fill=WOOD,
        closed=True,
        role="prop",
    )
    rod = _line((x, y + 0.2 * W), (x + 0.2 * W, y + 1.1 * W), width=LINE * 1.4)
    swing = Arrow(
        tuple(_plus((x, y + 0.2 * W), _dir(a, 1.05 * W)) for a in range(100, 60, -5)), LINE * 1.4, ARROW, role="arc"
    )
    return [body, rod, swing], []


def bag(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A cloth bag standing on the table, its gathered neck round the wrist: the hand is inside it."""
    tx, ty = _tips(at)
    wx, wy = at["wrist"]
    top = wy - 0.15 * W if ty < wy else wy + 0.15 * W
    down = -1.0 if ty < wy else 1.0
    cx = (tx + wx) / 2

    def at_depth(x: float, v: float) -> Point:  # v: how far down into the bag from its neck
        return x, top + down * v

    # The sack: the gathered neck, shoulders, then a round body down past the fingertips.
    sack = [at_depth(cx - 0.5 * W, 0.0), at_depth(cx - 0.95 * W, 0.45 * W)]
    sack += [
        at_depth(cx - 1.1 * W * math.cos(math.pi * i / 12), 1.0 * W + 0.95 * W * math.sin(math.pi * i / 12))
        for i in range(13)
    ]
    sack += [at_depth(cx + 0.95 * W, 0.45 * W), at_depth(cx + 0.5 * W, 0.0)]
    ruffle = tuple((cx - 0.62 * W + 1.24 * W * i / 8, top - down * (0.1 * W if i % 2 else 0.0)) for i in range(9))
    cord = _line((cx + 0.45 * W, top + down * 0.05 * W), (cx + 0.8 * W, top - down * 0.35 * W), width=LINE * 1.4)
    return [], [
        Stroke(tuple(sack), LINE, INK, fill="#e6dccb", closed=True, role="prop"),
        _line(*ruffle, width=LINE * 1.2),
        cord,
    ]


def textures(pose: HandPose, at: dict[str, Point]) -> Layers:
    """Three things to feel, just beyond the fingertips: sandpaper, a cloth and a coin."""
    x, y = at["middle"]
    y += 0.05 * W
    y -= 0.35 * W
    sand = box(x - 0.45 * W, y - 0.3 * W, x + 0.45 * W, y + 0.5 * W, fill="#e9d8a6")
    dots = [
        Ellipse(
            (x + (i % 4 - 1.5) * 0.2 * W, y - 0.15 * W + (i // 4) * 0.2 * W),
            0.02 * W,
            0.02 * W,
            LINE * 0.5,
            INK,
            INK,
            role="prop",
        )
        for i in range(12)
    ]
    cloth = box(x - 1.5 * W, y - 0.2 * W, x - 0.7 * W, y + 0.55 * W, fill="#f3d9e5")
    weave = [
        _line((x - 1.45 * W, y + k * 0.15 * W), (x - 0.75 * W, y + k * 0.15 * W), width=LINE * 0.6) for k in range(0, 4)
    ]
    coin = Ellipse((x + 1.05 * W, y + 0.1 * W), 0.3 * W, 0.3 * W, LINE, INK, "#e5c07b", role="prop")
    return [sand, *dots, cloth, *weave, coin], []


def palm_drawing(pose: HandPose, at: dict[str, Point]) -> Layers:
    """Someone else's fingertip drawing a shape on the palm: their finger and the path it traces."""
    cx, cy = at["palm"]
    path = tuple(
        _plus(
            (cx, cy + 0.05 * W),
            (0.26 * W * math.sin(t / 20 * 1.6 * math.pi), 0.3 * W * math.cos(t / 20 * 1.6 * math.pi)),
        )
        for t in range(21)
    )
    finger_tip = path[0]
    # Their finger comes in from beyond the fingertips, its nail up: a finger, not a pen.
    end = _plus(finger_tip, (0.75 * W, 1.5 * W))
    helper = _band((finger_tip, end), 0.2 * W, False)
    nail = Ellipse(_plus(finger_tip, (0.05 * W, 0.1 * W)), 0.055 * W, 0.055 * W, LINE * 0.8, INK, WHITE, role="helper")
    knuckle = _line(_plus(finger_tip, (0.2 * W, 0.5 * W)), _plus(finger_tip, (0.32 * W, 0.44 * W)), width=LINE * 0.8)
    return [], [Arrow(path, LINE * 1.6, ARROW, role="arc"), *helper, nail, knuckle]


def braille(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A card of raised dots under the first fingertip."""
    x, y = at["index"]
    card = box(x - 0.5 * W, y - 0.45 * W, x + 2.4 * W, y + 0.5 * W, fill=WHITE)
    dots: list[Primitive] = []
    for cell in range(6):
        for k, (dx, dy) in enumerate(((0, 0), (1, 0), (0, 1), (1, 2), (0, 2), (1, 1))):
            if (cell * 5 + k * 3) % 4:
                dots.append(
                    Ellipse(
                        (x - 0.3 * W + cell * 0.45 * W + dx * 0.14 * W, y + 0.22 * W - dy * 0.14 * W),
                        0.035 * W,
                        0.035 * W,
                        LINE * 0.5,
                        INK,
                        INK,
                        role="prop",
                    )
                )
    return [card, *dots], []


def mirror(pose: HandPose, at: dict[str, Point]) -> Layers:
    """An upright mirror seen from above, standing between the two hands."""
    x = PAIR_AXIS
    return [box(x - 0.09 * W, -0.9 * W, x + 0.09 * W, 2.4 * W, fill=GLASS, width=LINE * 1.5)], []


def putty(pose: HandPose, at: dict[str, Point]) -> Layers:
    x, _y = at["index"]
    if pose.view == "side":
        return [Ellipse((x, 0.2 * W), 0.6 * W, 0.24 * W, LINE, INK, PUTTY, role="prop")], []
    return [Ellipse(_tips(at), 0.7 * W, 0.4 * W, LINE, INK, PUTTY, role="prop")], []


def ball(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A large, light ball under the hand (picking up big things)."""
    return [Ellipse(at["palm"], 0.95 * W, 0.95 * W, LINE, INK, PUTTY, role="prop")], []


def keyboard(pose: HandPose, at: dict[str, Point]) -> Layers:
    """Piano keys across the fingertips: white keys towards the player, black ones beyond."""
    _, y = _tips(at)
    x0, x1, key = -2.0 * W, 2.0 * W, 0.3 * W
    out: list[Primitive] = [box(x0, y - 0.9 * W, x1, y + 0.55 * W, fill=WHITE)]
    n = round((x1 - x0) / key)
    out += [_line((x0 + i * key, y - 0.9 * W), (x0 + i * key, y + 0.55 * W)) for i in range(1, n)]
    for i in range(1, n):
        if i % 7 not in (0, 3):
            cx = x0 + i * key
            out.append(box(cx - 0.09 * W, y - 0.15 * W, cx + 0.09 * W, y + 0.55 * W, fill=INK))
    return out, []


def _neck(at: dict[str, Point], strings: int, frets: bool) -> list[Primitive]:
    """An instrument's neck across the fingertips, its head at the paper's left (beyond the first finger)."""
    _, y = _tips(at)
    x0, x1, h = -2.0 * W, 2.2 * W, 0.75 * W
    out: list[Primitive] = []
    if frets:  # a guitar's head: a flat block with three tuning pegs on each side
        out.append(box(x0 - 0.9 * W, y - h * 0.75, x0, y + h * 0.75, fill=WOOD))
        for k in range(3):
            px = x0 - 0.25 * W - k * 0.25 * W
            out += [
                Ellipse((px, y + s * h * 0.9), 0.07 * W, 0.07 * W, LINE, INK, "#cbd2d9", role="prop") for s in (1, -1)
            ]
    else:  # a violin's pegbox and scroll
        out.append(box(x0 - 0.6 * W, y - h * 0.4, x0, y + h * 0.4, fill="#b08d5b"))
        out.append(Ellipse((x0 - 0.85 * W, y), 0.3 * W, 0.3 * W, LINE, INK, "#b08d5b", role="prop"))
        out.append(Ellipse((x0 - 0.85 * W, y), 0.12 * W, 0.12 * W, LINE, INK, "#b08d5b", role="prop"))
    out.append(box(x0, y - h / 2, x1, y + h / 2, fill=WOOD if frets else "#3e4c59"))
    if frets:
        out += [
            _line((x0 + i * 0.7 * W, y - h / 2), (x0 + i * 0.7 * W, y + h / 2), width=LINE * 1.3) for i in range(1, 6)
        ]
    colour = INK if frets else "#e4e7eb"
    out += [
        _line(
            (x0, y - h / 2 + h * (k + 0.5) / strings),
            (x1, y - h / 2 + h * (k + 0.5) / strings),
            width=LINE * 0.6,
            colour=colour,
        )
        for k in range(strings)
    ]
    return out


def guitar_neck(pose: HandPose, at: dict[str, Point]) -> Layers:
    return _neck(at, 6, True), []


def string_neck(pose: HandPose, at: dict[str, Point]) -> Layers:
    """The fingerboard of a violin or cello: four strings, no frets."""
    return _neck(at, 4, False), []


def wind(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A woodwind's body (a clarinet, a recorder) under the fingers, with its holes."""
    names = FINGERS[1:]
    xs = [at[n][0] for n in names]
    ys = [at[n][1] for n in names]
    x, lo, hi = sum(xs) / 4 - 0.12 * W, min(ys) - 1.4 * W, max(ys) + 1.3 * W
    out: list[Primitive] = [
        box(x - 0.26 * W, lo, x + 0.26 * W, hi, fill="#3e4c59"),
        box(x - 0.34 * W, hi - 0.35 * W, x + 0.34 * W, hi, fill="#3e4c59"),
    ]
    for yy in [*ys, min(ys) - 0.6 * W, max(ys) + 0.55 * W]:
        out.append(Ellipse((x, yy), 0.08 * W, 0.08 * W, LINE, WHITE, "#9aa5b1", role="prop"))
    return out, []


def pad(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A drum practice pad on its stand, just under the stick's tip."""
    x, y = _pen(at)
    top = y - 0.05 * W
    return [
        _line((x, top - 0.3 * W), (x, top - 1.6 * W), width=LINE * 2.5),
        box(x - 0.8 * W, top - 0.3 * W, x + 0.8 * W, top, fill="#52606d"),
        box(x - 0.7 * W, top, x + 0.7 * W, top + 0.06 * W, fill="#cbd2d9"),
    ], []


def splint(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A firm splint over the forearm and palm, with two straps; the fingers stay free."""
    if pose.view == "side":
        w, k = at["wrist"], at["index_base"]
        shell = _rod(((-0.72 * W, w[1]), w, k), 0.66 * W, SPLINT, role="splint")
        straps = _strap_across(((-0.45 * W, w[1]),), 0.66 * W) + _strap_across((at["palm"],), 0.6 * W, pose.wrist)
        return [], shell + straps
    return [], _rod(((0.0, -0.9 * W), (0.0, 0.75 * W)), 1.05 * W, SPLINT, role="splint") + [
        box(-0.55 * W, y - 0.07 * W, 0.55 * W, y + 0.07 * W, fill="#52606d") for y in (-0.55 * W, 0.45 * W)
    ]


def _strap_across(centres: tuple[Point, ...], height: float, angle: float = 0.0) -> list[Primitive]:
    out: list[Primitive] = []
    for c in centres:
        a, b = _plus(c, _dir(angle + 90, height / 2 + 0.04 * W)), _plus(c, _dir(angle + 90, -height / 2 - 0.04 * W))
        out += _rod((a, b), 0.1 * W, "#52606d", role="strap")
    return out


def resting_splint(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A resting splint: a long shell under the forearm, palm and fingers, held on by straps."""
    w = at["wrist"]
    tip = at["middle"]
    shell = _rod(
        ((-0.85 * W, -0.02 * W), (w[0], -0.02 * W), (tip[0] + 0.1 * W, tip[1] - 0.1 * W)),
        0.14 * W,
        SPLINT,
        role="splint",
    )
    straps = _strap_across(((-0.45 * W, w[1]), at["palm"]), 0.6 * W, pose.wrist) + _strap_across(
        (at["index_base"],), 0.3 * W, pose.wrist
    )
    return shell, straps


def finger_splint(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A small splint holding the ring finger straight."""
    base, tip = at["ring_base"], at["ring"]
    mid = ((base[0] + tip[0]) / 2, (base[1] + tip[1]) / 2)
    a = _plus(mid, ((base[0] - mid[0]) * 0.6, (base[1] - mid[1]) * 0.6))
    b = _plus(mid, ((tip[0] - mid[0]) * 0.7, (tip[1] - mid[1]) * 0.7))
    return [], _rod((a, b), 0.27 * W, SPLINT, role="splint")


def pen_splint(pose: HandPose, at: dict[str, Point]) -> Layers:
    """A writing splint: a cuff round the hand that carries the pen over the knuckles."""
    return [], _rod(((-0.55 * W, 0.42 * W), (0.55 * W, 0.42 * W)), 0.55 * W, SPLINT, role="splint")


#: The things a hand drawing may name, each placed from the hand's own points.
HAND_PROPS: dict[str, Callable[[HandPose, dict[str, Point]], Layers]] = {
    "table": table,
    "table_edge": table_edge,
    "paper": paper,
    "loops": loops,
    "lines": lines,
    "waves": waves,
    "letters": letters,
    "shopping_list": shopping_list,
    "metronome": metronome,
    "bag": bag,
    "textures": textures,
    "palm_drawing": palm_drawing,
    "braille": braille,
    "mirror": mirror,
    "putty": putty,
    "ball": ball,
    "keyboard": keyboard,
    "guitar_neck": guitar_neck,
    "string_neck": string_neck,
    "wind": wind,
    "pad": pad,
    "splint": splint,
    "resting_splint": resting_splint,
    "finger_splint": finger_splint,
    "pen_splint": pen_splint,
}
#: The places a mark may name on a hand drawing (besides ``hand``).
HAND_ANCHORS = ("wrist", "palm", "pen", "other", *FINGERS)


# ---------------------------------------------------------------------------------------------------
# The whole close-up
# ---------------------------------------------------------------------------------------------------


def _hidden(shapes: list[Primitive]) -> list[Primitive]:
    """A hand out of sight (behind a mirror, in a bag): its outline only, grey and dashed."""
    out: list[Primitive] = []
    for s in shapes:
        if isinstance(s, Stroke) and s.role == "outline":
            out += [
                replace(s, colour=GHOST, dashed=True, role="ghost"),
                replace(s, width=s.width - 2 * LINE, colour=WHITE, role="ghost"),
            ]
        elif isinstance(s, Stroke) and s.role == "palm":
            out.append(replace(s, colour=GHOST, fill=WHITE, dashed=True, role="ghost"))
        elif isinstance(s, Stroke) and s.role in ("limb",):
            continue
        elif isinstance(s, Stroke) and s.role == "prop":  # what the hidden hand holds
            out.append(replace(s, colour=GHOST if s.colour == INK else WHITE, dashed=s.colour == INK))
        else:
            out.append(s)
    return out


def _turned(shapes: list[Primitive], at: dict[str, Point], degrees: float) -> tuple[list[Primitive], dict[str, Point]]:
    if not degrees:
        return shapes, at
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))

    def rot(p: Point) -> Point:
        return p[0] * c - p[1] * s, p[0] * s + p[1] * c

    out: list[Primitive] = []
    for shape in shapes:
        if isinstance(shape, Stroke | Arrow):
            out.append(replace(shape, points=tuple(map(rot, shape.points))))
        elif isinstance(shape, Ellipse):
            out.append(replace(shape, centre=rot(shape.centre)))
        else:
            out.append(replace(shape, at=rot(shape.at)))
    return out, {k: rot(p) for k, p in at.items()}


def hand_scene(pose: HandPose) -> tuple[tuple[Primitive, ...], Place]:
    """A hand close-up's shapes in body units, far to near, and the places its marks may name."""
    if pose.view == "side":
        far, near, at = _side(pose)
    else:
        far, at = _front(pose)
        near = []
    held, tip = _held(pose, at)
    at.update(tip)
    if pose.view == "back" and pose.grip:
        # From above the pen lies over the hand; the first finger (and the thumb) rest on it.
        near = held + list(_band((at["index_base"], at["index"]), W * 0.22, False))
        held = []
    whole, at = _turned(far + held + near, at, pose.turn)
    hand_shapes = _hidden(whole) if pose.hidden == "this" else whole
    other: list[Primitive] = []
    if pose.pair:
        other = [reflected(s, PAIR_AXIS) for s in whole]
        other = _hidden(other) if pose.hidden == "other" else other
        at["other"] = (2 * PAIR_AXIS - at["palm"][0], at["palm"][1])
    behind: list[Primitive] = []
    front: list[Primitive] = []
    for kind, dx, dy in pose.props:
        b, f = HAND_PROPS[kind](pose, at)
        behind += moved(b, dx, dy)
        front += moved(f, dx, dy)
    if pose.pair and pose.hidden == "this":  # what the hands use goes with the hand in sight
        behind, front = [reflected(s, PAIR_AXIS) for s in behind], [reflected(s, PAIR_AXIS) for s in front]
    floor = 0.0 if pose.view == "side" else min(y for _, y in at.values()) - W
    return tuple(behind + hand_shapes + other + front), Place(at, floor)
