"""How ReportLab is set up for Careplan's PDFs: imported by ``careplan.export`` before any of its
modules loads ReportLab's graphics, so the settings hold for every handout, report and chart.

- ``shapeChecking`` off: ReportLab checks every attribute set on a graphics shape against its type
  while a drawing is built, "a big help when developing" (ReportLab's words) that a handout with
  drawings pays on every line and label.  Careplan's shapes are made from figures its own tests
  check (``careplan.figures``), so the check adds nothing at a clinic's desk.  ReportLab reads this
  setting when ``reportlab.graphics.shapes`` is first imported.
- ``useA85`` off: page streams are written compressed and binary, not also ASCII85-encoded into
  7-bit text (a need of mail systems long gone), which ReportLab does in pure Python: the file is
  a few per cent smaller.  Every PDF reader reads both.

Together they take about 20 ms off a family handout with drawings (paired whole-process runs,
``benchmarks/bench_handout_drawings.py``); the pages are the same, pixel for pixel.
"""

from __future__ import annotations

from reportlab import rl_config

rl_config.shapeChecking = 0
rl_config.useA85 = 0
