"""A bare ReportLab document shaped like a family handout: the yardstick for bench_handout.py.

Same font (DejaVu Sans, registered once), A4, headings, paragraphs, a small table per
exercise, a warning box and a weekly chart with a repeated header, a footer with the
page number; no Careplan code at all.  ``build(n_items)`` returns the PDF bytes.

Run on its own: ``.venv/bin/python benchmarks/bare_reportlab.py`` writes /tmp/bare_reportlab.pdf.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def register() -> None:
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


BODY = ParagraphStyle("b", fontName="DejaVuSans", fontSize=12, leading=16.8, spaceAfter=6, bulletFontName="DejaVuSans")
H1 = ParagraphStyle("h1", parent=BODY, fontName="DejaVuSans-Bold", fontSize=22, leading=26)
H2 = ParagraphStyle(
    "h2", parent=BODY, fontName="DejaVuSans-Bold", fontSize=16, leading=20, spaceBefore=16, keepWithNext=1
)
H3 = ParagraphStyle("h3", parent=BODY, fontName="DejaVuSans-Bold", fontSize=13, leading=17, keepWithNext=1)
CELL = ParagraphStyle("c", parent=BODY, fontSize=11, leading=14, spaceAfter=0)
STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d3e6ee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont("DejaVuSans", 9)
    canvas.drawString(doc.leftMargin, 1.4 * cm, "Amira Okafor · care plan for home")
    canvas.drawRightString(doc.leftMargin + doc.width, 1.4 * cm, f"Page {doc.page}")
    canvas.restoreState()


def build(n_items: int = 12) -> bytes:
    register()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2.4 * cm,
        title="Care plan",
        author="Jo Patel",
        lang="en-GB",
        initialFontName="DejaVuSans",
    )
    w = doc.width
    story = [Paragraph("Care plan for Amira Okafor", H1), Paragraph("Postural management", BODY)]
    info = [
        [Paragraph(k, CELL), Paragraph(v, CELL)]
        for k, v in (
            ("For", "Amira Okafor"),
            ("Date of birth", "14 March 2016"),
            ("Therapist", "Jo Patel"),
            ("Phone", "0161 496 0999"),
            ("Next review", "19 February 2027"),
        )
    ]
    story += [
        Table(info, colWidths=[0.3 * w, 0.7 * w], style=STYLE),
        Paragraph("About this plan", H2),
        Paragraph("Plain-language overview for the family and school. " * 12, BODY),
        Paragraph("Exercises", H2),
    ]
    for i in range(n_items):
        dosage = Table(
            [
                [Paragraph(h, CELL) for h in ("Sets", "Repeats", "Times a day", "Days a week")],
                [Paragraph(v, CELL) for v in ("2", "10", "3", "7")],
            ],
            colWidths=[2.5 * cm] * 4,
            style=STYLE,
            hAlign="LEFT",
        )
        story.append(
            KeepTogether(
                [
                    Paragraph(f"Exercise {i + 1}", H3),
                    Paragraph("Side: Both sides", CELL),
                    Paragraph("<b>What to do:</b> " + "Sit tall, draw the chin back gently and relax. " * 4, BODY),
                    Paragraph("<b>How much:</b> 2 sets of 10, 3 times a day, every day", BODY),
                    Paragraph(
                        "<b>Check the skin:</b> " + "Look at the skin it covered; red marks should fade. " * 2, BODY
                    ),
                    dosage,
                    Spacer(0, 8),
                ]
            )
        )
    story += [Paragraph("Stop and call your therapist if you notice:", H2)]
    story += [Paragraph(t, BODY, bulletText="•") for t in ("pain that gets worse;", "new twisting;", "red marks.")]
    story += [
        Paragraph("How the plan works", H2),
        Paragraph("<b>Visits:</b> weekly for 6 weeks, then monthly", BODY),
        Paragraph("Next review", H2),
        Paragraph("We will look at this plan again on 19 February 2027.", BODY),
    ]
    story += [PageBreak(), Paragraph("Weekly practice chart", H1)]
    rows = [[Paragraph(h, CELL) for h in ("Exercise", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]]
    rows += [[Paragraph(f"Exercise {i + 1}", CELL)] + [Paragraph("\u2610", CELL)] * 7 for i in range(n_items)]
    story.append(Table(rows, colWidths=[0.3 * w] + [0.1 * w] * 7, repeatRows=1, style=STYLE))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


if __name__ == "__main__":
    Path("/tmp/bare_reportlab.pdf").write_bytes(build())
    print("wrote /tmp/bare_reportlab.pdf")
