"""Paint a figure drawing into a handout: a vector ``reportlab.graphics`` Drawing, usable as a Flowable.

The shapes come from ``careplan.figures`` (renderer-neutral, in a unit box); this module only scales
them to points and picks ReportLab's shapes, so print and screen show the same drawing.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing as RLDrawing
from reportlab.graphics.shapes import Ellipse as RLEllipse
from reportlab.graphics.shapes import Group, Polygon, PolyLine, String
from reportlab.lib.colors import HexColor

from careplan.export.fonts import BOLD, register_fonts
from careplan.figures.primitives import Arrow, Drawing, Ellipse, Stroke, Text, arrow_shape

#: Dash pattern for earlier positions, in points at a 100-point-wide drawing (scaled with the size).
_DASH = (3.0, 2.5)


def figure_drawing(drawing: Drawing, width: float) -> RLDrawing:
    """``drawing`` as a ReportLab Drawing ``width`` points wide (its height follows the drawing's aspect)."""
    register_fonts()
    height = width / drawing.aspect
    out = RLDrawing(width, height)
    group = Group()
    for p in drawing.primitives:
        for shape in _shapes(p, width, height):
            group.add(shape)
    out.add(group)
    return out


def _pts(points: tuple[tuple[float, float], ...], w: float, h: float) -> list[float]:
    return [c for x, y in points for c in (x * w, y * h)]


def _shapes(p: object, w: float, h: float) -> list[object]:
    # Widths are in units of the box's height, as the shapes' y.
    if isinstance(p, Stroke):
        common = {
            "strokeColor": HexColor(p.colour),
            "strokeWidth": p.width * h,
            "strokeLineJoin": 1,
            "strokeLineCap": 1,
            "strokeDashArray": [d * w / 100 for d in _DASH] if p.dashed else None,
        }
        if p.closed or p.fill:
            return [Polygon(_pts(p.points, w, h), fillColor=HexColor(p.fill) if p.fill else None, **common)]
        return [PolyLine(_pts(p.points, w, h), **common)]
    if isinstance(p, Ellipse):
        return [
            RLEllipse(
                p.centre[0] * w,
                p.centre[1] * h,
                p.rx * w,
                p.ry * h,
                strokeColor=HexColor(p.colour),
                strokeWidth=p.width * h,
                fillColor=HexColor(p.fill) if p.fill else None,
                strokeDashArray=[d * w / 100 for d in _DASH] if p.dashed else None,
            )
        ]
    if isinstance(p, Arrow):
        parts = arrow_shape(p, w / h)
        colour = HexColor(p.colour)
        return [
            PolyLine(
                _pts(parts.shaft, w, h), strokeColor=colour, strokeWidth=p.width * h, strokeLineCap=1, strokeLineJoin=1
            ),
            Polygon(
                _pts(parts.head, w, h),
                fillColor=colour,
                strokeColor=colour,
                strokeWidth=p.width * h * 0.3,
                strokeLineJoin=1,
            ),
            RLEllipse(
                parts.dot[0] * w,
                parts.dot[1] * h,
                parts.dot_radius * h,
                parts.dot_radius * h,
                fillColor=colour,
                strokeColor=None,
            ),
        ]
    if isinstance(p, Text):
        return [
            String(
                p.at[0] * w,
                p.at[1] * h,
                p.text,
                fontName=BOLD,
                fontSize=p.size * h,
                textAnchor=p.anchor,
                fillColor=HexColor(p.colour),
            )
        ]
    raise TypeError(f"not a figure shape: {p!r}")
