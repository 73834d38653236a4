"""The renderer-neutral drawing: a list of simple shapes in a unit box.

A drawing is built in free "body units" (a standing person is about 1 tall), then ``fit`` scales it
into the unit box (0..1 both ways, y up, as in PDF) with a margin, so every renderer (ReportLab for
handouts, Qt for the screen) draws the same shapes by multiplying by its own size. Widths of limbs
scale with the figure; the outline stroke is one constant (``OUTLINE``) so every drawing has the same
line weight. ``mirror`` reflects a drawing left/right; text stays readable (only its place moves).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

Point = tuple[float, float]
#: The person's side a drawing is turned to.
PersonSide = Literal["left", "right"]

#: Colours as #rrggbb: one ink, one body tone, one "earlier position" grey, one prop tone, one arrow colour.
INK = "#1f2933"
SKIN = "#f4e3d3"
GHOST = "#9aa5b1"
PROP = "#e4e7eb"
ARROW = "#c2410c"
WHITE = "#ffffff"

#: The outline stroke in box units (1 = the drawing's width): the same for every drawing.
OUTLINE = 0.012
#: Text size in box units.
TEXT_SIZE = 0.075


@dataclass(frozen=True, slots=True)
class Stroke:
    """An open or closed line through ``points``, round caps and joins; ``fill`` paints a closed shape."""

    points: tuple[Point, ...]
    width: float
    colour: str = INK
    fill: str | None = None
    closed: bool = False
    dashed: bool = False
    role: str = ""


@dataclass(frozen=True, slots=True)
class Ellipse:
    """An ellipse (a circle when ``rx == ry``) with an outline and an optional fill."""

    centre: Point
    rx: float
    ry: float
    width: float
    colour: str = INK
    fill: str | None = None
    dashed: bool = False
    role: str = ""


@dataclass(frozen=True, slots=True)
class Arrow:
    """A movement arrow along ``points``: a dot marks where it starts, a solid head where it ends."""

    points: tuple[Point, ...]
    width: float
    colour: str = ARROW
    role: str = "arrow"

    @property
    def head_length(self) -> float:
        return self.width * 3.4


@dataclass(frozen=True, slots=True)
class Text:
    """A label: ``anchor`` says which end of the text sits at ``at`` (x); ``at`` y is the baseline."""

    at: Point
    text: str
    size: float = TEXT_SIZE
    anchor: Literal["start", "middle", "end"] = "middle"
    colour: str = INK
    role: str = "label"

    def extent(self, aspect: float = 1.0) -> tuple[float, float]:
        """Left and right x of the text, estimated (0.55 of the size per character, a sans-serif average).

        ``size`` is in units of the box's height and x in units of its width, hence ``aspect``.
        """
        width = 0.55 * self.size * len(self.text) / aspect
        left = {"start": self.at[0], "middle": self.at[0] - width / 2, "end": self.at[0] - width}[self.anchor]
        return left, left + width


Primitive = Stroke | Ellipse | Arrow | Text


def moved(shapes: Iterable[Primitive], dx: float, dy: float) -> list[Primitive]:
    """The shapes moved by ``dx``, ``dy`` (a nudged prop, a start pose kept on its anchor, a hand put
    beside another): one rule for every kind of shape, so none is left behind."""
    shapes = list(shapes)
    if not dx and not dy:
        return shapes
    out: list[Primitive] = []
    for s in shapes:
        if isinstance(s, Stroke | Arrow):
            out.append(replace(s, points=tuple((x + dx, y + dy) for x, y in s.points)))
        elif isinstance(s, Ellipse):
            out.append(replace(s, centre=(s.centre[0] + dx, s.centre[1] + dy)))
        else:
            out.append(replace(s, at=(s.at[0] + dx, s.at[1] + dy)))
    return out


@dataclass(frozen=True, slots=True)
class Drawing:
    """A finished drawing in the unit box; ``aspect`` is width / height of the box it was fitted to."""

    primitives: tuple[Primitive, ...]
    aspect: float = 1.0
    description: str = ""


def bounds(primitives: Iterable[Primitive]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) around the shapes, widths included; text is left out (it is placed after)."""
    xs: list[float] = []
    ys: list[float] = []
    for p in primitives:
        if isinstance(p, Ellipse):
            pad = p.width / 2
            xs += [p.centre[0] - p.rx - pad, p.centre[0] + p.rx + pad]
            ys += [p.centre[1] - p.ry - pad, p.centre[1] + p.ry + pad]
        elif isinstance(p, Stroke | Arrow):
            pad = p.width / 2 if isinstance(p, Stroke) else p.head_length / 2
            xs += [x - pad for x, _ in p.points] + [x + pad for x, _ in p.points]
            ys += [y - pad for _, y in p.points] + [y + pad for _, y in p.points]
    if not xs:
        return 0.0, 0.0, 1.0, 1.0
    return min(xs), min(ys), max(xs), max(ys)


def fit(primitives: Sequence[Primitive], aspect: float = 1.0, margin: float = 0.05) -> tuple[Primitive, ...]:
    """Scale and centre body-unit shapes into the box 0..1 (x) by 0..1 (y), keeping proportions.

    ``aspect`` is the box's width over its height: coordinates stay 0..1 both ways and the renderer
    stretches them back, so shapes are pre-squeezed here to come out round. Texts keep their size and are
    moved inside the box when they would stick out.
    """
    shapes = [p for p in primitives if not isinstance(p, Text)]
    x0, y0, x1, y1 = bounds(shapes)
    usable = 1 - 2 * margin
    scale = min(usable * aspect / max(x1 - x0, 1e-9), usable / max(y1 - y0, 1e-9))
    off_x = (aspect - (x1 - x0) * scale) / 2
    off_y = (1 - (y1 - y0) * scale) / 2

    def at(pt: Point) -> Point:
        return ((pt[0] - x0) * scale + off_x) / aspect, (pt[1] - y0) * scale + off_y

    out: list[Primitive] = []
    for p in primitives:
        if isinstance(p, Stroke | Arrow):
            out.append(replace(p, points=tuple(map(at, p.points)), width=p.width * scale))
        elif isinstance(p, Ellipse):
            out.append(
                replace(p, centre=at(p.centre), rx=p.rx * scale / aspect, ry=p.ry * scale, width=p.width * scale)
            )
        else:
            out.append(_inside(replace(p, at=at(p.at)), aspect))
    return tuple(out)


def _inside(text: Text, aspect: float) -> Text:
    """The text moved so that it stays inside the box (its estimated extent, in box-width units)."""
    left, right = text.extent(aspect)
    shift = max(0.01 - left, 0.0) + min(0.99 - right, 0.0)
    y = min(max(text.at[1], 0.01), 1 - text.size - 0.01)
    return replace(text, at=(text.at[0] + shift, y))


def reflected(shape: Primitive, axis: float = 0.5) -> Primitive:
    """``shape`` reflected about the vertical line x = ``axis``; text reads the same way, anchored
    from the other end (a whole drawing mirrored, one hand of a pair put on the other side)."""
    if isinstance(shape, Stroke | Arrow):
        return replace(shape, points=tuple((2 * axis - x, y) for x, y in shape.points))
    if isinstance(shape, Ellipse):
        return replace(shape, centre=(2 * axis - shape.centre[0], shape.centre[1]))
    anchor: Literal["start", "middle", "end"] = {"start": "end", "middle": "middle", "end": "start"}[shape.anchor]  # type: ignore[assignment]
    return replace(shape, at=(2 * axis - shape.at[0], shape.at[1]), anchor=anchor)


def mirror(drawing: Drawing) -> Drawing:
    """The drawing reflected left/right: every shape's x becomes 1 - x; text reads the same way."""
    return replace(drawing, primitives=tuple(reflected(p) for p in drawing.primitives))


@dataclass(frozen=True, slots=True)
class ArrowShape:
    """How every renderer paints an arrow: a shaft, a solid triangular head and a dot at the start."""

    shaft: tuple[Point, ...]
    head: tuple[Point, Point, Point]
    dot: Point
    dot_radius: float


def arrow_shape(arrow: Arrow, aspect: float = 1.0) -> ArrowShape:
    """The parts of ``arrow``; the shaft stops where the head begins so the tip stays sharp.

    Points are in box units (x of the width, y of the height); ``aspect`` keeps the head's shape true.
    """
    pts = [(x * aspect, y) for x, y in arrow.points]
    tip = pts[-1]
    # Walk back along the line by the head's length to find the head's base.
    remaining, i = arrow.head_length, len(pts) - 1
    base = pts[0]
    while i > 0:
        a, b = pts[i - 1], pts[i]
        seg = math.dist(a, b)
        if seg >= remaining:
            t = remaining / seg if seg else 0.0
            base = (b[0] + (a[0] - b[0]) * t, b[1] + (a[1] - b[1]) * t)
            break
        remaining -= seg
        i -= 1
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    half = arrow.width * 1.7
    head = ((tip[0], tip[1]), (base[0] + nx * half, base[1] + ny * half), (base[0] - nx * half, base[1] - ny * half))
    shaft = (*pts[:i], base)

    def back(p: Point) -> Point:
        return p[0] / aspect, p[1]

    return ArrowShape(
        tuple(map(back, shaft)), (back(head[0]), back(head[1]), back(head[2])), back(pts[0]), arrow.width * 1.05
    )
