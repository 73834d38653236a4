"""scripts/illustrations.py: the contact sheet of every drawing, both sides, as a PDF and a PNG."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

from careplan.figures import FIGURES_DIR, load_figures
from tests.export.handout_samples import poppler_tool

ROOT = Path(__file__).resolve().parents[2]


def test_the_contact_sheet_shows_every_drawing_on_both_sides(tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "illustrations.py"), "--out", str(out), "--png-width", "800"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    figures = load_figures(FIGURES_DIR)
    pictures = sum(2 if fig.moves_to != "none" else 1 for fig in figures.values())
    assert done.stdout.strip().startswith(f"{pictures} pictures of {len(figures)} drawings")
    text = subprocess.run(
        [poppler_tool("pdftotext"), str(out.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    for code, fig in figures.items():
        assert code in text
        if fig.moves_to != "none":
            # Whole codes only: neck.sensory_trick is also the start of neck.sensory_trick_weaning.
            assert len(re.findall(rf"{re.escape(code)}(?![\w.])", text)) == 2, code
    assert "moves to the left" in text and "moves to the right" in text
    with Image.open(out.with_suffix(".png")) as image:
        assert image.width == 800
        grey = image.convert("L")
        assert min(grey.tobytes()) < 60  # ink on the page, not a blank sheet
