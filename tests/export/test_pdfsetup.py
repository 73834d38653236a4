"""``careplan.export.pdfsetup``: ReportLab's per-attribute shape checking is off before any drawing is
built, and page streams are written binary (no ASCII85): the same pages, a smaller file."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

#: Loads the export package the way the program does (nothing of ReportLab loaded before it), draws
#: one shipped figure into a handout-like PDF, and reports what ReportLab was set up with.
PROBE = """
import io, json, sys
from careplan.export.figures import cropped_drawing
from careplan.figures.sides import shipped_figures
import reportlab.graphics.shapes as shapes
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.graphics import renderPDF
figure = next(iter(shipped_figures().values()))
drawing = cropped_drawing(figure.drawing(None), 200)
out = io.BytesIO()
canvas = Canvas(out)
canvas.drawString(72, 760, "Sit tall in a chair.")
renderPDF.draw(drawing, canvas, 72, 400)
canvas.save()
sys.stdout.buffer.write(json.dumps({
    "checking": rl_config.shapeChecking,
    "validates": "__setattr__" in vars(shapes.Shape),
    "a85": rl_config.useA85,
}).encode() + b"\\n" + out.getvalue())
"""


def test_reportlab_is_set_up_before_its_graphics_load_and_pages_are_binary() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    head, _, pdf = done.stdout.partition(b"\n")
    assert head == b'{"checking": 0, "validates": false, "a85": 0}'
    assert b"/ASCII85Decode" not in pdf and b"/FlateDecode" in pdf
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Sit tall in a chair." in page.extract_text()
