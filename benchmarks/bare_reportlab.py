"""A bare ReportLab script that makes the same pages as a Careplan handout: the yardstick for bench_handout.py.

It is given the handout's text, page by page (a JSON list of pages, each a list of lines,
taken from Careplan's PDF by the benchmark before any timing), and lays each page out with
ReportLab Platypus: the same fonts (DejaVu Sans from resources/fonts, registered once), A4,
one Paragraph per line, a page break between pages.  No Careplan code at all, so as a whole
process it costs what any ReportLab program making those pages costs: Python, ReportLab,
the fonts and the layout.  The benchmark checks with pypdf that the text and the page count
match.

Run on its own: ``.venv/bin/python benchmarks/bare_reportlab.py PAGES.json OUT.pdf``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate
from reportlab.platypus.flowables import Flowable

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def register() -> None:
    """The four DejaVu Sans faces, once per process (what Careplan's renderer uses)."""
    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (
        ("DejaVuSans", "DejaVuSans.ttf"),
        ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
        ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
        ("DejaVuSans-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )


BODY = ParagraphStyle("b", fontName="DejaVuSans", fontSize=11, leading=14, spaceAfter=2)


def _escape(line: str) -> str:
    """Paragraph text is mini-HTML: the three markup characters as entities."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(buffer: io.BytesIO) -> SimpleDocTemplate:
    """An A4 document with 2 cm margins (this yardstick's and the drawings yardstick's)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title="Care plan",
        initialFontName="DejaVuSans",
    )


def build(pages: list[list[str]]) -> bytes:
    """The PDF: each page's lines as paragraphs, shrunk if need be so each page stays one page."""
    register()
    buffer = io.BytesIO()
    doc = document(buffer)
    story: list[Flowable] = []
    for number, lines in enumerate(pages):
        if number:
            story.append(PageBreak())
        paragraphs = [Paragraph(_escape(line), BODY) for line in lines if line.strip()]
        story.append(KeepInFrame(doc.width, doc.height, paragraphs, mode="shrink"))
    doc.build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_bytes(build(json.loads(source.read_text(encoding="utf-8"))))
