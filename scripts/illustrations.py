"""Write a contact sheet of every drawing, both sides: docs/illustrations.pdf (ReportLab) and .png (Qt).

    PYTHONPATH=. python scripts/illustrations.py [--out docs/illustrations] [--png-width 1400]

The PDF shows what handouts print, the PNG what the app paints; look at both after changing a drawing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from careplan.export.figures import figure_drawing
from careplan.export.fonts import BOLD, REGULAR, register_fonts
from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.library import Figure

SIDES = ("left", "right")


def cells(figures: dict[str, Figure]) -> list[tuple[str, str, Figure, str | None]]:
    """(title, caption, figure, side) for every drawing: both sides of one that moves to a side."""
    out: list[tuple[str, str, Figure, str | None]] = []
    for code, fig in sorted(figures.items()):
        if fig.moves_to == "none":
            out.append((code, "any side", fig, None))
        else:
            out += [(code, f"moves to the {side}", fig, side) for side in SIDES]
    return out


def write_pdf(path: Path, figures: dict[str, Figure]) -> int:
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("Careplan drawings: contact sheet")
    size, gap, cols = 5.2 * cm, 0.9 * cm, 3
    x0, top = 1.6 * cm, A4[1] - 2.2 * cm
    items = cells(figures)
    per_page = cols * 4
    for i, (title, caption, fig, side) in enumerate(items):
        if i % per_page == 0:
            if i:
                canvas.showPage()
            canvas.setFont(BOLD, 12)
            canvas.drawString(
                x0, A4[1] - 1.4 * cm, f"Careplan drawings ({len(items)} pictures, {len(figures)} drawings)"
            )
        row, col = divmod(i % per_page, cols)
        x = x0 + col * (size + gap)
        y = top - (row + 1) * (size + gap)
        drawing = figure_drawing(render(fig, side), size)  # type: ignore[arg-type]
        drawing.drawOn(canvas, x, y)
        canvas.setStrokeGray(0.8)
        canvas.rect(x, y, size, size)
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(x, y - 0.35 * cm, title)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(x, y - 0.7 * cm, caption)
    canvas.save()
    return len(items)


def write_png(path: Path, figures: dict[str, Figure], width: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    from careplan.ui.figure_widget import paint_drawing

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    items = cells(figures)
    cols = 4
    cell = width // cols
    rows = (len(items) + cols - 1) // cols
    image = QImage(width, rows * (cell + 40), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for i, (title, caption, fig, side) in enumerate(items):
        row, col = divmod(i, cols)
        x, y = col * cell, row * (cell + 40)
        paint_drawing(painter, render(fig, side), QRectF(x + 10, y + 10, cell - 20, cell - 20))  # type: ignore[arg-type]
        painter.setPen(QColor("#666666"))
        painter.drawRect(x + 10, y + 10, cell - 20, cell - 20)
        painter.setPen(QColor("black"))
        painter.drawText(x + 10, y + cell + 8, f"{title}")
        painter.drawText(x + 10, y + cell + 26, caption)
    painter.end()
    image.save(str(path))
    del app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/illustrations", help="path without extension (default: %(default)s)")
    parser.add_argument("--png-width", type=int, default=1400)
    args = parser.parse_args(argv)
    figures = load_figures(FIGURES_DIR)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = write_pdf(out.with_suffix(".pdf"), figures)
    write_png(out.with_suffix(".png"), figures, args.png_width)
    print(f"{count} pictures of {len(figures)} drawings: {out.with_suffix('.pdf')}, {out.with_suffix('.png')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
