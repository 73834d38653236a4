"""A bare ReportLab script making the same pages as a Careplan handout WITH its drawings: the yardstick
for bench_handout_drawings.py.

It is given the handout's text and drawings, page by page (JSON: a list of pages, each with its lines
and its drawings as ReportLab shapes in points: polylines, polygons, ellipses, strings, with their
colours and widths, taken from Careplan's PDF run by the benchmark before any timing), and lays each
page out with ReportLab Platypus: the same fonts (DejaVu Sans), A4, one Paragraph per line and each
drawing as a ``reportlab.graphics`` Drawing, a page break between pages.  No Careplan code at all: as
a whole process it costs what any ReportLab program making those pages costs (Python, ReportLab, the
fonts, the shapes and the layout).  The benchmark checks with pypdf that the text, the page count and
the drawings on each page match.

Run on its own: ``.venv/bin/python benchmarks/bare_reportlab_drawings.py PAGES.json OUT.pdf``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from bare_reportlab import BODY, _escape, document, register  # the text-only yardstick's fonts, style, page
from reportlab.graphics.shapes import Drawing, Ellipse, Group, Polygon, PolyLine, String
from reportlab.lib.colors import HexColor
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph
from reportlab.platypus.flowables import Flowable


def _colour(value: str | None) -> Any:
    return HexColor(value) if value else None


def shape(spec: dict[str, Any]) -> Any:
    """One ReportLab shape from its JSON description."""
    kind = spec["kind"]
    stroke = {
        "strokeColor": _colour(spec.get("stroke")),
        "strokeWidth": spec.get("width", 1),
        "strokeDashArray": spec.get("dash"),
        "strokeLineCap": spec.get("cap", 0),
        "strokeLineJoin": spec.get("join", 0),
    }
    if kind == "polyline":
        return PolyLine(spec["points"], **stroke)
    if kind == "polygon":
        return Polygon(spec["points"], fillColor=_colour(spec.get("fill")), **stroke)
    if kind == "ellipse":
        cx, cy, rx, ry = spec["ellipse"]
        return Ellipse(cx, cy, rx, ry, fillColor=_colour(spec.get("fill")), **stroke)
    if kind == "string":
        x, y = spec["at"]
        return String(
            x,
            y,
            spec["text"],
            fontName=spec["font"],
            fontSize=spec["size"],
            textAnchor=spec["anchor"],
            fillColor=_colour(spec.get("fill")),
        )
    raise ValueError(f"unknown shape {kind!r}")


def drawing(spec: dict[str, Any]) -> Drawing:
    """A drawing the size Careplan printed it."""
    out = Drawing(spec["width"], spec["height"])
    group = Group()
    for part in spec["shapes"]:
        group.add(shape(part))
    out.add(group)
    return out


def build(pages: list[dict[str, Any]]) -> bytes:
    """The PDF: each page's lines as paragraphs and its drawings, shrunk if need be to stay one page."""
    register()
    buffer = io.BytesIO()
    doc = document(buffer)
    story: list[Flowable] = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        # Lines of text, and {"drawing": n} where the page's drawing n stands (its labels are its words).
        parts: list[Flowable] = [
            drawing(page["drawings"][line["drawing"]]) if isinstance(line, dict) else Paragraph(_escape(line), BODY)
            for line in page["lines"]
            if isinstance(line, dict) or line.strip()
        ]
        story.append(KeepInFrame(doc.width, doc.height, parts, mode="shrink"))
    doc.build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_bytes(build(json.loads(source.read_text(encoding="utf-8"))))
