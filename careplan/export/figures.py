"""Paint a figure drawing into a handout: a vector ``reportlab.graphics`` Drawing, usable as a Flowable.

The shapes come from ``careplan.figures`` (renderer-neutral, in a unit box); this module only scales
them to points and picks ReportLab's shapes, so print and screen show the same drawing.
"""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing as RLDrawing
from reportlab.graphics.shapes import Ellipse as RLEllipse
from reportlab.graphics.shapes import Group, Polygon, PolyLine, String
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from careplan.core.enums import Side
from careplan.core.model import Intervention
from careplan.export.fonts import BOLD, register_fonts
from careplan.figures.primitives import Arrow, Drawing, Ellipse, Stroke, Text, arrow_shape, bounds
from careplan.figures.sides import figure_side, shipped_figures

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


def drawn_box(drawing: Drawing) -> tuple[float, float, float, float]:
    """What a drawing fitted to a square covers of its unit box (x0, y0, x1, y1): its shapes and its
    labels, with a little room round them."""
    x0, y0, x1, y1 = bounds(drawing.primitives)
    for p in drawing.primitives:
        if isinstance(p, Text):
            left, right = p.extent(drawing.aspect)
            x0, x1 = min(x0, left), max(x1, right)
            y0, y1 = min(y0, p.at[1] - p.size * 0.3), max(y1, p.at[1] + p.size)
    room = 0.02
    return max(x0 - room, 0.0), max(y0 - room, 0.0), min(x1 + room, 1.0), min(y1 + room, 1.0)


def cropped_drawing(drawing: Drawing, size: float) -> RLDrawing:
    """``drawing`` (fitted to a square) cut to what it covers, its longer side ``size`` points.

    Beside an item's words the square's empty sides pushed the words apart (a standing figure fills
    only the middle of its square) and made the figure small: cut, a standing figure is ``size``
    tall and a lying one ``size`` wide."""
    x0, y0, x1, y1 = drawn_box(drawing)
    scale = size / max(x1 - x0, y1 - y0)  # points per unit of the square
    group = figure_drawing(drawing, scale).contents[0]
    group.translate(-x0 * scale, -y0 * scale)
    out = RLDrawing((x1 - x0) * scale, (y1 - y0) * scale)
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


class FigureFlowable(Flowable):
    """A drawing that stands beside text (``ImageAndFlowables``), shrinking like an image when short of room."""

    def __init__(self, drawing: RLDrawing, description: str = "") -> None:
        super().__init__()
        self.drawing = drawing
        self.description = description
        self.drawWidth: float = drawing.width
        self.drawHeight: float = drawing.height
        self._oldDrawSize: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def _restrictSize(self, aw: float, ah: float) -> tuple[float, float]:
        """Shrink only to the width: a drawing squeezed into the last lines of a page would be unreadable,
        and its full height lets the item's block move to the next page with its heading."""
        if self.drawWidth > aw:
            self._oldDrawSize = self.drawWidth, self.drawHeight
            factor = aw / self.drawWidth
            self.drawWidth *= factor
            self.drawHeight *= factor
        return self.drawWidth, self.drawHeight

    def _unRestrictSize(self) -> None:
        if self._oldDrawSize:
            self.drawWidth, self.drawHeight = self._oldDrawSize
            self._oldDrawSize = None

    def draw(self) -> None:
        scale = self.drawWidth / self.drawing.width
        self.canv.saveState()
        self.canv.scale(scale, scale)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def item_drawing(item: Intervention, pull_side: Side | None, width: float) -> FigureFlowable | None:
    """The drawing for ``item`` (by its library code), on the person's side, cut to what it shows and
    ``width`` points on its longer side; or None."""
    fig = shipped_figures().get(item.catalog_code or "")
    if fig is None:
        return None
    side = figure_side(fig, item, pull_side)
    if side is None:
        return None
    drawing = fig.drawing(None if side == "none" else side)
    return FigureFlowable(cropped_drawing(drawing, width), drawing.description)
