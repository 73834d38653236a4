"""A figure drawing on screen: QPainter, antialiased, from the same shapes as the handouts.

``paint_drawing`` paints into any QPainter (a widget, a QImage for a thumbnail); ``FigureWidget``
shows one drawing, scaled to fit and centred, with its description as the accessible text.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from careplan.figures.primitives import Arrow, Drawing, Ellipse, Stroke, Text, arrow_shape


def paint_drawing(painter: QPainter, drawing: Drawing, rect: QRectF) -> None:
    """Paint ``drawing`` into ``rect`` (the box's y runs up, Qt's down: flipped here)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    w, h = rect.width(), rect.height()

    def at(x: float, y: float) -> QPointF:
        return QPointF(rect.left() + x * w, rect.top() + (1 - y) * h)

    for p in drawing.primitives:
        if isinstance(p, Stroke):
            pen = _pen(p.colour, p.width * h, p.dashed)
            painter.setPen(pen)
            path = QPainterPath(at(*p.points[0]))
            for pt in p.points[1:]:
                path.lineTo(at(*pt))
            if p.closed:
                path.closeSubpath()
            painter.setBrush(QBrush(QColor(p.fill)) if p.fill else Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        elif isinstance(p, Ellipse):
            painter.setPen(_pen(p.colour, p.width * h, p.dashed))
            painter.setBrush(QBrush(QColor(p.fill)) if p.fill else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at(*p.centre), p.rx * w, p.ry * h)
        elif isinstance(p, Arrow):
            _arrow(painter, p, w / h, at, h)
        elif isinstance(p, Text):
            _text(painter, p, at, h)
    painter.restore()


def _pen(colour: str, width: float, dashed: bool) -> QPen:
    pen = QPen(QColor(colour), max(width, 0.5))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _arrow(painter: QPainter, arrow: Arrow, aspect: float, at: object, h: float) -> None:
    assert callable(at)
    parts = arrow_shape(arrow, aspect)
    colour = QColor(arrow.colour)
    painter.setPen(_pen(arrow.colour, arrow.width * h, False))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(at(*parts.shaft[0]))
    for pt in parts.shaft[1:]:
        path.lineTo(at(*pt))
    painter.drawPath(path)
    painter.setPen(_pen(arrow.colour, arrow.width * h * 0.3, False))
    painter.setBrush(QBrush(colour))
    painter.drawPolygon(QPolygonF([at(*pt) for pt in parts.head]))
    painter.setPen(Qt.PenStyle.NoPen)
    r = parts.dot_radius * h
    painter.drawEllipse(at(*parts.dot), r, r)


def _text(painter: QPainter, text: Text, at: object, h: float) -> None:
    assert callable(at)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(1, round(text.size * h)))
    painter.setFont(font)
    painter.setPen(QColor(text.colour))
    width = painter.fontMetrics().horizontalAdvance(text.text)
    base = at(*text.at)
    shift = {"start": 0.0, "middle": width / 2, "end": float(width)}[text.anchor]
    painter.drawText(QPointF(base.x() - shift, base.y()), text.text)


def drawing_image(drawing: Drawing, width: int, scale: float = 1.0) -> QImage:
    """The drawing as an image ``width`` logical pixels wide (``scale``: device pixels per pixel, 1.5 at 144 dpi)."""
    height = round(width / drawing.aspect)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_drawing(painter, drawing, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image


class FigureWidget(QWidget):
    """Shows one drawing, as large as fits and centred; empty when given none."""

    def __init__(self, drawing: Drawing | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._drawing: Drawing | None = None
        self.set_drawing(drawing)

    def drawing(self) -> Drawing | None:
        return self._drawing

    def set_drawing(self, drawing: Drawing | None) -> None:
        self._drawing = drawing
        self.setAccessibleName("Drawing" if drawing else "No drawing")
        self.setAccessibleDescription(drawing.description if drawing else "")
        self.setToolTip(drawing.description if drawing else "")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            if self._drawing is None:
                return
            aspect = self._drawing.aspect
            w = min(self.width(), self.height() * aspect)
            h = w / aspect
            rect = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            paint_drawing(painter, self._drawing, rect)
        finally:
            painter.end()
