"""The main window's status bar, whose messages are read whole.

A message names a plan ("Imported Child with severe dystonic cerebral palsy (GMFCS IV-V): comfort,
positioning and splints.") or a file with its folder; at 150% scaling the room left of the last-saved
and database labels is about 480 points and Qt simply cut the message off.  While a message is shown
that needs more room, those two labels step aside (they come back when the message goes), so the
message has the whole width; one longer than even that is shortened in the middle, which keeps a
file's name, and shown whole in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget

#: The message's margins (Qt's status bar leaves about 6 px on each side of it).
MARGIN = 12


class FittingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self._stood_aside: list[QWidget] = []
        self.messageChanged.connect(self._fit)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addPermanentWidget(widget, stretch or 0)
        self._permanent.append(widget)

    def message_room(self) -> int:
        """How wide a message may be beside the permanent labels shown now."""
        # Their size hints, not their widths: a window not yet shown has laid nothing out.
        beside = sum(w.sizeHint().width() for w in self._permanent if not w.isHidden())
        return self.width() - beside - MARGIN

    def _needed(self, message: str) -> int:
        return self.fontMetrics().horizontalAdvance(message)

    def _fit(self, message: str) -> None:
        """A message too long beside the labels: the labels step aside until it goes."""
        returned, self._stood_aside = self._stood_aside, []
        for widget in returned:
            widget.show()
        if message and self._needed(message) > self.message_room():
            self._stood_aside = [w for w in self._permanent if not w.isHidden()]
            for widget in self._stood_aside:
                widget.hide()
        too_long = bool(message) and self._needed(message) > self.width() - MARGIN
        self.setToolTip(message if too_long else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(self.currentMessage())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt cuts a message that does not fit; one longer than the whole bar is shortened with "…"."""
        message = self.currentMessage()
        room = self.width() - MARGIN
        if not message or self._needed(message) <= room:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        painter.setPen(self.palette().windowText().color())
        shown = self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, room)
        flags = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
        painter.drawText(QRect(MARGIN // 2, 0, room, self.height()), flags, shown)
        painter.end()
