"""A figure drawing on screen: QPainter, antialiased, from the same shapes as the handouts.

``paint_drawing`` paints into any QPainter (a widget, a QImage for a thumbnail); ``FigureWidget``
shows one drawing, scaled to fit and centred, with its description as the accessible text.
``FigurePixmaps`` and ``ThumbnailDelegate`` give a list its thumbnails (each rendered once per side
and pixel ratio, then reused); ``PicturePreview`` shows an item's photo, or else its drawing.
"""

from __future__ import annotations

import logging
from typing import Literal

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from careplan.figures.errors import FigureError
from careplan.figures.primitives import Arrow, Drawing, Ellipse, PersonSide, Stroke, Text, arrow_shape
from careplan.figures.shipped import ShippedFigure
from careplan.figures.sides import shipped_figures, side_words

log = logging.getLogger(__name__)

#: The side a drawing is shown on: the person's left or right, "none" (a drawing without a side).
ShownSide = PersonSide | Literal["none"]


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


def drawing_image(drawing: Drawing, width: int, scale: float = 1.0, background: str = "white") -> QImage:
    """The drawing as an image ``width`` logical pixels wide (``scale``: device pixels per pixel, 1.5 at 144 dpi)."""
    height = round(width / drawing.aspect)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(background))
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


# -- drawings of library entries and plan items ------------------------------------------------------


def screen_figures() -> tuple[dict[str, ShippedFigure], str | None]:
    """The shipped drawings (the same the handouts print), and None; or no drawings and why, when a
    drawings file is broken.

    The program goes on without pictures (the handouts say what is wrong when one is made)."""
    try:
        return shipped_figures(), None
    except FigureError as exc:
        log.warning("drawings not loaded: %s", exc)
        first = exc.problems[0] if exc.problems else exc
        return {}, f"Drawings not shown: {first}"


def described(fig: ShippedFigure, side: ShownSide) -> str:
    """The drawing's description for a screen reader or a tooltip, naming the side it shows."""
    if side == "none":
        return fig.description
    return f"{fig.description} Shown {side_words(fig, side)}."


def shown(fig: ShippedFigure, side: ShownSide, aspect: float = 1.0) -> Drawing:
    """``fig`` drawn for ``side`` (as written when it has none), fitted to a box ``aspect`` wide to high."""
    return fig.drawing(None if side == "none" else side, aspect)


class FigurePixmaps:
    """Drawings as pixmaps ``width`` logical pixels wide, each rendered once per side and pixel ratio.

    A list repaints its rows at every scroll and hover; the pixmaps are made the first time a row
    is painted and reused after that (``renders`` counts the drawings made, for the tests)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.renders = 0
        self._made: dict[tuple[str, str, float], QPixmap] = {}

    def pixmap(self, fig: ShippedFigure, side: ShownSide, ratio: float) -> QPixmap:
        key = (fig.code, side, ratio)
        made = self._made.get(key)
        if made is None:
            self.renders += 1
            made = QPixmap.fromImage(drawing_image(shown(fig, side), self.width, ratio, "transparent"))
            self._made[key] = made
        return made


class ThumbnailDelegate(QStyledItemDelegate):
    """A cell with a thumbnail of its drawing at its right end, from the model's ``role``: a
    ``(ShippedFigure, side)`` pair, or None for an entry without a drawing, which is drawn as any other cell
    (no empty box, and its text keeps the whole width). Titles stay lined up on the left."""

    PAD = 4

    def __init__(self, role: int, pixmaps: FigurePixmaps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = role
        self.pixmaps = pixmaps

    def _room(self) -> int:
        return self.pixmaps.width + 2 * self.PAD

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        thumb = index.data(self._role)
        if thumb is None:
            super().paint(painter, option, index)
            return
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        style = option.widget.style() if option.widget is not None else None
        if style is not None:  # the selection and hover colour under the thumbnail too
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, full, painter, option.widget)
        text = QStyleOptionViewItem(option)
        text.rect = option.rect.adjusted(0, 0, -self._room(), 0)
        super().paint(painter, text, index)
        fig, side = thumb
        ratio = painter.device().devicePixelRatioF()
        pixmap = self.pixmaps.pixmap(fig, side, ratio)
        rect = option.rect
        top = rect.top() + (rect.height() - round(pixmap.height() / ratio)) // 2
        painter.drawPixmap(QPoint(rect.right() + 1 - self.PAD - self.pixmaps.width, top), pixmap)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(self._role) is None:
            return super().sizeHint(option, index)
        narrower = QStyleOptionViewItem(option)
        narrower.rect = option.rect.adjusted(0, 0, -self._room(), 0)
        size = super().sizeHint(narrower, index)
        return QSize(size.width() + self._room(), max(size.height(), self.pixmaps.width + 2 * self.PAD))


class PicturePreview(QLabel):
    """The picture an item prints with: the therapist's photo when one is attached, else the library's
    drawing turned to the person's side, else a line saying why there is none.

    The drawing is rendered at the widget's pixel ratio (sharp at 150%), again when that changes."""

    def __init__(self, width: int, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(width, height)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("border: 1px solid palette(mid); background: white; color: #444;")
        self._figure: tuple[ShippedFigure, ShownSide] | None = None
        self._photo: bytes | None = None

    def show_nothing(self, why: str) -> None:
        self._figure, self._photo = None, None
        self.setPixmap(QPixmap())
        self.setText(why)
        self.setToolTip("")
        self.setAccessibleDescription(why)

    def show_photo(self, data: bytes) -> None:
        self._figure, self._photo = None, data
        image = QImage.fromData(data)
        if image.isNull():
            self.show_nothing("Photo cannot be shown")
            return
        inner = self.contentsRect().size()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(image).scaled(
            inner * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)
        self.setToolTip("Your photo: it is printed instead of the library's drawing")
        self.setAccessibleDescription("Your photo, printed instead of the library's drawing")

    def show_figure(self, fig: ShippedFigure, side: ShownSide, again: bool = False) -> None:
        """Show ``fig`` turned to ``side``; drawn only when that changed (the editor calls this at every edit)."""
        if not again and self._figure is not None and self._figure[0] is fig and self._figure[1] == side:
            return
        self._figure, self._photo = (fig, side), None
        inner = self.contentsRect().adjusted(2, 2, -2, -2)  # the frame's line stays clear
        drawing = shown(fig, side, inner.width() / inner.height())  # a wide drawing uses the whole box
        self.setPixmap(QPixmap.fromImage(drawing_image(drawing, inner.width(), self.devicePixelRatioF())))
        text = described(fig, side)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def figure(self) -> tuple[ShippedFigure, ShownSide] | None:
        """The drawing shown and its side; None when a photo or nothing is shown."""
        return self._figure

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            if self._figure is not None:
                self.show_figure(*self._figure, again=True)
            elif self._photo is not None:
                self.show_photo(self._photo)
        return super().event(event)
