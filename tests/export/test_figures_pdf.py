"""careplan.export.figures: a drawing painted into a PDF as vector shapes, read back as pixels."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from reportlab.graphics.shapes import Drawing as RLDrawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from careplan.export.figures import figure_drawing
from careplan.figures import FIGURES_DIR, load_figures, render
from tests.export.handout_samples import render_pages


def _pdf(*drawings: RLDrawing) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for i, drawing in enumerate(drawings):
        drawing.drawOn(canvas, 50 + 250 * i, 400)
    canvas.save()
    return buffer.getvalue()


def _dark_columns(width: int, height: int, pixels: bytes) -> list[int]:
    """How many dark pixels each column of a greyscale page has."""
    image = Image.frombytes("L", (width, height), pixels)
    dark = image.point(lambda v: 255 if v < 128 else 0)
    columns = [0] * width
    for i, value in enumerate(dark.tobytes()):
        if value:
            columns[i % width] += 1
    return columns


def test_a_drawing_renders_as_a_vector_drawing_of_the_asked_size() -> None:
    fig = load_figures(FIGURES_DIR)["neck.rotate_away_supported"]
    drawing = figure_drawing(render(fig, "left", aspect=1.5), 150)
    assert (drawing.width, drawing.height) == (150, 100)
    assert len(drawing.contents[0].contents) > 20


def test_the_pdf_page_shows_the_drawing_and_its_mirror_image(tmp_path: Path) -> None:
    fig = load_figures(FIGURES_DIR)["neck.rotate_away_supported"]
    left = figure_drawing(render(fig, "left"), 200)
    right = figure_drawing(render(fig, "right"), 200)
    (page,) = render_pages(_pdf(left, right), tmp_path, dpi=72)
    width, height, pixels = page
    columns = _dark_columns(width, height, pixels)
    first, second = columns[50:250], columns[300:500]
    assert sum(first) > 2000, "the drawing is not on the page"
    # The second is the first reflected: its dark columns are the first's, read backwards (within a pixel).
    assert sum(abs(a - b) for a, b in zip(first, reversed(second), strict=True)) < 0.12 * sum(first)
    assert first != second


def test_a_drawing_stands_beside_text_in_a_flowing_document(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ImageAndFlowables, Paragraph, SimpleDocTemplate

    from careplan.export.figures import FigureFlowable

    fig = load_figures(FIGURES_DIR)["neck.chin_nod_sitting"]
    flowable = FigureFlowable(figure_drawing(render(fig), 100), fig.description)
    text = [Paragraph("Sit tall. Nod a little. " * 40, getSampleStyleSheet()["BodyText"])]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([ImageAndFlowables(flowable, text, imageSide="right")])
    (page,) = render_pages(buffer.getvalue(), tmp_path, dpi=72)
    columns = _dark_columns(*page)
    width = page[0]
    # Text on the left, the drawing on the right: ink on both sides of the page.
    assert sum(columns[: width // 2]) > 1000 and sum(columns[width // 2 :]) > 500
    assert (flowable.drawWidth, flowable.drawHeight) == (100, 100)
