"""The page canvas (careplan.export.pagecanvas): "Page x of y" knows y, bookmarks point at their own
pages, and a DRAFT copy says so on every page in an embedded font."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from careplan.core.enums import Audience
from careplan.export import fonts, render_handout
from careplan.export.pagecanvas import NumberedCanvas

from handout_samples import CLINIC, page_texts, rich_record


def three_pages(watermark: str | None = None) -> tuple[bytes, list[tuple[int, int]]]:
    """A three-page PDF drawn on the canvas: a bookmark on page 2, every page numbered."""
    painted: list[tuple[int, int]] = []

    def paint(canvas: Canvas, page: int, total: int) -> None:
        painted.append((page, total))
        canvas.setFont(fonts.REGULAR, 9)
        canvas.drawString(72, 40, f"Page {page} of {total}")

    fonts.register_fonts()
    buffer = io.BytesIO()
    canvas = NumberedCanvas(buffer, pagesize=A4, paint_page_number=paint, watermark=watermark)
    for page in (1, 2, 3):
        canvas.setFont(fonts.REGULAR, 12)
        canvas.drawString(72, 700, f"Body of page {page}")
        if page == 2:
            canvas.bookmarkPage("second")
            canvas.addOutlineEntry("The second page", "second")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), painted


def test_each_page_is_numbered_out_of_the_final_count() -> None:
    pdf, painted = three_pages()
    assert painted == [(1, 3), (2, 3), (3, 3)]
    texts = page_texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert f"Body of page {number}" in text and f"Page {number} of 3" in text
    assert not any("DRAFT" in text for text in texts)


def test_a_bookmark_opens_its_own_page() -> None:
    reader = PdfReader(io.BytesIO(three_pages()[0]))
    (entry,) = reader.outline
    assert entry.title == "The second page"
    assert reader.get_destination_page_number(entry) == 1  # the second page, counting from 0


def test_a_watermark_is_on_every_page() -> None:
    texts = page_texts(three_pages("DRAFT")[0])
    assert len(texts) == 3 and all("DRAFT" in text for text in texts)


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"]).lstrip("/").split("+")[-1]] = embedded
    return found


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.CLINICIAN])
def test_a_draft_handout_embeds_every_font_it_uses(audience: Audience) -> None:
    """A DRAFT copy prints on any printer exactly as on screen, like the final one: no font left to
    the viewer's substitute (the handouts embed DejaVu only)."""
    used = _fonts(render_handout(rich_record(), audience, CLINIC, draft=True))
    assert used and all(used.values()), used
    assert all(name.startswith("DejaVu") for name in used), used
