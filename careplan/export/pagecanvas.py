"""A canvas that knows the page count when it finishes, for "Page x of y" footers.

The numbered-canvas recipe: each ``showPage`` keeps the page's state instead of
writing it; ``save`` then knows how many pages there are, draws the page
number on each and writes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from careplan.export import fonts

#: Draws the page number: (canvas, page number, page count).
PageNumberPainter = Callable[[Canvas, int, int], None]


class NumberedCanvas(Canvas):
    """``watermark`` (e.g. "DRAFT") is drawn large and light across every page, under nothing:
    a copy printed before the plan was ready cannot pass for the final one."""

    def __init__(
        self, *args: Any, paint_page_number: PageNumberPainter, watermark: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._paint_page_number = paint_page_number
        self._watermark = watermark
        self._page_states: list[dict[str, Any]] = []
        self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._page_states.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def bookmarkPage(self, key: str, **kwargs: Any) -> Any:  # ReportLab's name
        """Bookmark the page when it is written in ``save``: a bookmark names the page being
        written, and until ``save`` every page is still the first one."""
        self._page_bookmarks.append((key, kwargs))
        return self._bookmarkReference(key)

    def save(self) -> None:
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._paint_page_number(self, self._pageNumber, total)
            if self._watermark:
                self._paint_watermark(self._watermark)
            for key, kwargs in self._page_bookmarks:
                super().bookmarkPage(key, **kwargs)
            super().showPage()
        super().save()

    def _paint_watermark(self, text: str) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFillColorRGB(0.6, 0.6, 0.6, alpha=0.35)
        fonts.register_fonts()
        self.setFont(fonts.BOLD, min(width, height) / 4.5)  # embedded, like every font of a handout
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, -min(width, height) / 18, text)
        self.restoreState()
