"""Marks on a drawing: movement arrows, arcs for turning, a hold mark and short labels.

Each mark is placed at a joint of the figure (``at = "head"``) with an offset, in body units, so a
clinic writes where and which way, not coordinates. Arrows start with a dot and end with a solid
head, so the direction cannot be read backwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from careplan.figures.body import HEAD_R, LINE
from careplan.figures.primitives import ARROW, GHOST, INK, WHITE, Arrow, Ellipse, Point, Primitive, Stroke, Text

ARROW_W = LINE * 1.8
KINDS = ("arrow", "arc", "hold", "label", "sightline")


@dataclass(frozen=True, slots=True)
class Mark:
    """One annotation. ``angle`` (degrees, counter-clockwise from the paper's right) says which way an
    arrow points; an arc runs from ``start`` to ``end`` degrees around its joint at ``radius``."""

    kind: str
    at: Point
    angle: float = 0.0
    length: float = 0.15
    radius: float = HEAD_R * 1.7
    start: float = 60.0
    end: float = 120.0
    text: str = ""


def arrow(mark: Mark) -> list[Primitive]:
    x, y = mark.at
    a = math.radians(mark.angle)
    end = (x + math.cos(a) * mark.length, y + math.sin(a) * mark.length)
    return [Arrow(((x, y), end), ARROW_W)]


def arc(mark: Mark) -> list[Primitive]:
    """An arc around the joint, for turning and tipping: drawn as a curved arrow of many short steps."""
    x, y = mark.at
    steps = max(8, int(abs(mark.end - mark.start) / 6))
    pts = tuple(
        (
            x + math.cos(math.radians(mark.start + (mark.end - mark.start) * i / steps)) * mark.radius,
            y + math.sin(math.radians(mark.start + (mark.end - mark.start) * i / steps)) * mark.radius,
        )
        for i in range(steps + 1)
    )
    return [Arrow(pts, ARROW_W, role="arc")]


def hold(mark: Mark) -> list[Primitive]:
    """A hold mark: a small clock face (keep still here), with the text beside it when given."""
    x, y = mark.at
    r = 0.045
    shapes: list[Primitive] = [
        Ellipse((x, y), r, r, LINE * 1.6, ARROW, WHITE, role="hold"),
        Stroke(((x, y + r * 0.7), (x, y), (x + r * 0.55, y)), LINE * 1.6, ARROW, role="hold"),
    ]
    if mark.text:
        shapes.append(Text((x + r * 1.4, y - r * 0.6), mark.text, size=0.065, anchor="start", role="hold_label"))
    return shapes


def sightline(mark: Mark) -> list[Primitive]:
    """A dashed grey line where the person looks (to a mirror, a book, a hand): not a movement."""
    x, y = mark.at
    a = math.radians(mark.angle)
    end = (x + math.cos(a) * mark.length, y + math.sin(a) * mark.length)
    return [Stroke(((x, y), end), LINE * 1.2, GHOST, dashed=True, role="sightline")]


def label(mark: Mark) -> list[Primitive]:
    return [Text(mark.at, mark.text, colour=INK)]


MAKERS = {"arrow": arrow, "arc": arc, "hold": hold, "label": label, "sightline": sightline}


def draw(mark: Mark) -> list[Primitive]:
    return MAKERS[mark.kind](mark)
